#!/usr/bin/env python3
"""Generator matrix of the integration suite: every generator's output,
for every type it declares, restores into PostgreSQL.

Called by suite.py once per run, inside the suite's cluster. From
`datagen generators --json` it builds one schema with one table per
generator (named g_GENERATOR) holding one column per base type the
generator accepts, 200 rows each, validates it, generates a copy-format
dump, restores it with psql (ON_ERROR_STOP) into a fresh database and
checks that every column holds 200 rows with some non-NULL values.

Labels: matrix/json, matrix/coverage, matrix/validate, matrix/generate,
matrix/restore, matrix/values and one matrix/GENERATOR per generator (its
restore errors, naming the column and so the type, and its values). When the
whole script does not restore, every entry of the dump is restored on its
own so that each failure is reported against its generator.

`python3 matrix.py` prints the schema it would test.
"""

import json
import os
import re
import subprocess
import sys

ROWS = 200
DB = "dg_matrix"

# A modifier for the types that take one, chosen so that every generator
# accepting the type can fill it (no "column too short" from validate).
MODIFIED = {
    "character varying": "character varying(255)",
    "character": "character(255)",
    "numeric": "numeric(12,2)",
    "bit": "bit(8)",
    "bit varying": "bit varying(16)",
}

# Values the `enum` generator picks from on each non-enum type: literals
# PostgreSQL must read back, with characters COPY has to escape where the
# type allows them. A type missing here fails matrix/enum.
ENUM_VALUES = {
    "smallint": [-32768, 7, "32767"],
    "integer": [-2147483648, 42, "2147483647"],
    "bigint": [-9223372036854775808, 9223372036854775807, "0"],
    "numeric": [1, 2.25, "9999999999.99"],
    "real": [1.5, -0.25, "3"],
    "double precision": [0.1, 1e300, "-2.5"],
    "money": [5, "1234.56", 0.75],
    "boolean": [True, False],
    "text": ["tab\there", "back\\slash", "new\nline", "quote'd \"x\"", "ü"],
    "character varying": ["a\\b", "c\td", "plain"],
    "character": ["x", "with space", "r\\n"],
    "bytea": ["\\x00ff10", "\\xdeadbeef", "\\x"],
    "date": ["2024-02-29", "1999-12-31", "0001-01-01"],
    "time without time zone": ["00:00:00", "23:59:59.5"],
    "time with time zone": ["08:30:00+02", "23:00:00-05:30"],
    "timestamp without time zone": ["2024-01-01 10:00:00", "1970-01-01"],
    "timestamp with time zone": ["2024-01-01 10:00:00+00",
                                 "2000-06-15 12:00:00-07"],
    "interval": ["1 day 02:03:04", "-3 hours", "1 year 2 mons"],
    "uuid": ["a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
             "00000000-0000-0000-0000-000000000000"],
    "json": ["{\"a\": \"x\\ny\"}", "[1, 2, null]", "\"s\""],
    "jsonb": ["{\"k\": [true, {\"t\": \"a\\tb\"}]}", "3"],
    "xml": ["<a b=\"1\">t &amp; u</a>", "plain text"],
    "inet": ["192.0.2.1", "2001:db8::1/64"],
    "cidr": ["10.0.0.0/8", "2001:db8::/32"],
    "macaddr": ["08:00:2b:01:02:03"],
    "macaddr8": ["08:00:2b:01:02:03:04:05", "08:00:2b:ff:fe:01:02:03"],
    "bit": ["10101010", "00000000"],
    "bit varying": ["1", "1010101010101010"],
    "point": ["(1,2)", "(-1.5,0)"],
    "line": ["{1,-1,0}"],
    "lseg": ["[(0,0),(1,1)]"],
    "box": ["(1,1),(0,0)"],
    "path": ["[(0,0),(1,1)]", "((0,0),(1,1),(2,0))"],
    "polygon": ["((0,0),(1,1),(2,0))"],
    "circle": ["<(0,0),1>"],
    "int4range": ["[1,10)", "empty"],
    "int8range": ["(,5]", "[1,2)"],
    "numrange": ["[1.5,2.5]"],
    "daterange": ["[2024-01-01,2024-02-01)"],
    "tsrange": ["[2024-01-01 00:00,2024-01-02 00:00)"],
    "tstzrange": ["[2024-01-01 00:00+00,)"],
    "tsvector": ["'a' 'b':1", "'it''s':2A"],
}

# Generators that need more than a column of an accepted type. Keys of each
# entry (all optional):
#   config       generator_config for every column of the generator
#   config_by_type  {type: generator_config}; a type missing fails
#   timeseries   a timestamptz column of that name with generator timeseries
#                is added first (series reads it)
#   extra        more columns: [(name, type, generator_config or None)]
#   custom_types custom types the extra columns use
#   via_parent   each column copies the same-typed column of a parent table
#                through a foreign key (lookup)
#   key_types    only these types, as foreign keys to unique columns of a
#                parent table: a key needs equality and uniqueness, which
#                geometric, json, xml and tsvector values lack
#   arrays       the array types to fill when the generator fills arrays
#   modifiers    {type: SQL type} instead of MODIFIED's
NEEDS = {
    # documents are never cut to a length: varchar without one
    "json": {"modifiers": {"character varying": "character varying"}},
    "xml": {"modifiers": {"character varying": "character varying"}},
    "regex": {"config": {"pattern": r"[A-Z]{2}-\d{3}(\s[a-z\\\"',|]{1,3})?"}},
    "template": {"config": {"template": "ORD-{year}-{seq:06} {first_name} "
                            "{{\\{digits:2}}}"}},
    "enum": {"config_by_type": {t: {"values": v}
                                for t, v in ENUM_VALUES.items()},
             "custom_types": {"matrix_mood": {
                 "kind": "enum",
                 "definition": {"values": ["sad", "o'k", "happy"]}}},
             "extra": [("c_matrix_mood", "matrix_mood", None)]},
    "series": {"timeseries": "ts", "config": {"timestamp": "ts"}},
    "lookup": {"via_parent": True,
               "arrays": ["integer[]", "text[]"]},
    "foreign_key": {"key_types": ["smallint", "integer", "bigint", "numeric",
                                  "text", "character varying", "character",
                                  "uuid", "date",
                                  "timestamp with time zone"]},
    "composite": {"custom_types": {"matrix_pair": {
        "kind": "composite",
        "definition": {"fields": [
            {"name": "n", "type": "integer"},
            {"name": "note", "type": "text"},
            {"name": "at", "type": "timestamp with time zone"},
            {"name": "tags", "type": "text[]"}]}}},
        "extra": [("c_matrix_pair", "matrix_pair", None)]},
    # every base type's array, and one of two dimensions
    "array": {"arrays": "every base type", "extra": [
        ("c_integer_2d", "integer[][]", None)]},
}

# Generators left out of the matrix, each with the reason. A generator that
# is neither exercised nor listed here fails matrix/coverage.
NOT_EXERCISED = {}


def _suite():
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "schema_checks"):
        return main
    import suite
    return suite


def column_name(type_name):
    return "c_" + re.sub(r"\W+", "_", type_name.replace("[]", "_array"))


def sql_type(type_name, modifiers=None):
    if type_name.endswith("[]"):
        return sql_type(type_name[:-2], modifiers) + "[]"
    if modifiers and type_name in modifiers:
        return modifiers[type_name]
    return MODIFIED.get(type_name, type_name)


def column(name, type_name, generator=None, config=None):
    c = {"name": name, "type": type_name}
    if generator is not None:
        c["generator"] = generator
    if config:
        c["generator_config"] = config
    return c


def table(columns, extra=None):
    t = {"columns": [column("id", "serial")] + columns,
         "primary_key": ["id"], "row_count": ROWS}
    t.update(extra or {})
    return t


def build_schema(generators):
    """Returns (schema, {table: generator}, problems, not_covered)."""
    tables = {}
    custom_types = {}
    owner = {}
    problems = {}  # generator -> what the matrix could not set up
    every_type = []
    for g in generators:
        for t in g["types"]:
            if t not in every_type:
                every_type.append(t)
    not_covered = []
    for g in generators:
        name = g["name"]
        need = NEEDS.get(name, {})
        if name in NOT_EXERCISED:
            continue
        tname = "g_" + name
        columns = []
        missing = []
        if need.get("timeseries"):
            columns.append(column(need["timeseries"], "timestamptz",
                                  "timeseries"))
        types = g["types"]
        if "key_types" in need:
            types = [t for t in need["key_types"] if t in g["types"]]
        extra_tables = {}
        if need.get("via_parent") or "key_types" in need:
            parent = tname + "_parent"
            pcols, pkeys = [], []
            for t in types:
                pcols.append(column(column_name(t), sql_type(t)))
                if "key_types" in need:
                    pkeys.append({"columns": [column_name(t)]})
            if g["arrays"]:
                for t in need.get("arrays", []):
                    pcols.append(column(column_name(t), sql_type(t)))
            extra_tables[parent] = table(
                pcols, {"unique_constraints": pkeys} if pkeys else None)
            owner[parent] = name
        fks = []
        for t in types:
            cname = column_name(t)
            if "config_by_type" in need:
                if t not in need["config_by_type"]:
                    missing.append(t)
                    continue
                config = need["config_by_type"][t]
            elif need.get("via_parent"):
                config = {"via": "parent_id", "column": cname}
            else:
                config = need.get("config")
            columns.append(column(cname, sql_type(t, need.get("modifiers")),
                                  name, config))
            if "key_types" in need:
                fks.append({"columns": [cname],
                            "referenced_table": tname + "_parent",
                            "referenced_columns": [cname]})
        if g["arrays"]:
            arrays = need.get("arrays", [])
            if arrays == "every base type":
                arrays = [t + "[]" for t in every_type]
            for t in arrays:
                config = ({"via": "parent_id", "column": column_name(t)}
                          if need.get("via_parent") else need.get("config"))
                columns.append(column(column_name(t), sql_type(t), name,
                                      config))
        for cname, ctype, config in need.get("extra", []):
            columns.append(column(cname, ctype, name, config))
        custom_types.update(need.get("custom_types", {}))
        if need.get("via_parent"):
            columns.insert(0, column("parent_id", "integer"))
            fks.append({"columns": ["parent_id"],
                        "referenced_table": tname + "_parent",
                        "referenced_columns": ["id"]})
        if missing:
            problems[name] = ("no sample values in ENUM_VALUES for type %s"
                              % ", ".join('"%s"' % t for t in missing))
        if not any(c.get("generator") == name for c in columns):
            not_covered.append(name)
            continue
        tables.update(extra_tables)
        tables[tname] = table(columns, {"foreign_keys": fks} if fks else None)
        owner[tname] = name
    schema = {
        "version": "1.0",
        "database": {"name": "matrix", "encoding": "UTF8",
                     "locale": "en_US.utf8"},
        "custom_types": custom_types,
        "tables": tables,
    }
    return schema, owner, problems, not_covered


def split_entries(script):
    """The dump's entries: [(table the entry belongs to, text)], the first
    one the preamble (table None)."""
    parts = re.split(r"(?m)^(?=--\n-- (?:Data for )?Name: )", script)
    entries = [(None, parts[0])]
    for part in parts[1:]:
        m = re.match(r"--\n-- (?:Data for )?Name: (?:TABLE )?(\S+?)[; ]",
                     part)
        entries.append((m.group(1) if m else None, part))
    return entries


def psql_error(res):
    err = res.stderr.decode("utf-8", "replace").strip()
    # "psql:<stdin>:12: ERROR: ..." -> "ERROR: ..."
    err = re.sub(r"(?m)^psql:[^:\n]*:\d+: ", "", err)
    return err or res.describe()


def column_errors(S, preamble, text, types):
    """For a COPY entry that does not load: each column's values on their
    own, in a table of that column's type alone, so that every column
    PostgreSQL cannot read is named with its type and the first value it
    rejects (COPY stops at the first bad field of the whole block)."""
    lines = text.split("\n")
    start = next((i for i, l in enumerate(lines) if l.startswith("COPY ")),
                 None)
    if start is None:
        return []
    m = re.match(r"COPY (\S+) \((.*)\) FROM stdin;", lines[start])
    if not m:
        return []
    target = m.group(1)
    names = [n.strip().strip('"') for n in m.group(2).split(",")]
    rows = []
    for line in lines[start + 1:]:
        if line == "\\.":
            break
        # in COPY text a tab inside a value is written \t
        rows.append(line.split("\t"))
    found = []
    for i, name in enumerate(names):
        values = "".join(r[i] + "\n" for r in rows if len(r) > i)
        sql = (preamble + "CREATE TEMP TABLE dg_column AS SELECT %s FROM %s "
               "WITH NO DATA;\nCOPY dg_column FROM stdin;\n%s\\.\n"
               % (S.ident(name), target, values))
        res = S.psql(DB, sql=sql)
        if res.status != 0 or res.stderr.strip():
            found.append("column %s (%s): %s" % (name, types.get(name, "?"),
                                                 psql_error(res)))
    return found


def restore_by_entry(S, script, owner, schema):
    """Restores the dump's entries in order, each group in a transaction,
    halving a group that fails until the failing entries stand alone;
    returns {generator: [errors]} and the errors of entries of no
    generator's table."""
    S.createdb(DB)
    entries = split_entries(script)
    preamble = entries[0][1]
    errors, other = {}, []

    def restore(group):
        sql = (preamble + "BEGIN;\n" + "".join(text for _, text in group)
               + "COMMIT;\n")
        res = S.psql(DB, sql=sql)
        if res.status == 0 and not res.stderr.strip():
            return
        if len(group) > 1:
            half = len(group) // 2
            restore(group[:half])
            restore(group[half:])
            return
        tname, text = group[0]
        what = [psql_error(res)]
        if tname in schema["tables"] and "\nCOPY " in text:
            types = {c["name"]: c["type"]
                     for c in schema["tables"][tname]["columns"]}
            what += column_errors(S, preamble, text, types)
        if tname in owner:
            errors.setdefault(owner[tname], []).extend(what)
        else:
            other.extend(what)

    restore(entries[1:])
    return errors, other


def count_query(schema):
    """One line per table: name|rows|non-NULL count of each column."""
    parts = []
    for tname, t in sorted(schema["tables"].items()):
        counts = ", ".join("count(%s)" % S.ident(c["name"])
                           for c in t["columns"])
        parts.append("SELECT %s || '|' || count(*) || '|' || concat_ws('|', "
                     "%s) FROM public.%s;" % (S.lit(tname), counts,
                                              S.ident(tname)))
    return "\n".join(parts)


def value_problems(schema, output):
    """{table: [problems]} from count_query's output."""
    found = {}
    for line in output.splitlines():
        fields = line.split("|")
        if len(fields) >= 2:
            found[fields[0]] = fields[1:]
    problems = {}
    for tname, t in schema["tables"].items():
        got = found.get(tname)
        names = [c["name"] for c in t["columns"]]
        if got is None or len(got) != len(names) + 1:
            problems[tname] = ["no counts"]
            continue
        bad = []
        if got[0] != str(ROWS):
            bad.append("%s rows, not %d" % (got[0], ROWS))
        for cname, n in zip(names, got[1:]):
            if n == "0":
                bad.append("column %s holds only NULLs" % cname)
        if bad:
            problems[tname] = bad
    return problems


def test_matrix(work):
    global S
    S = _suite()
    if S.datagen("generators", "--help").status != 0:
        print("skip matrix: %s has no generators command" % S.DATAGEN,
              flush=True)
        return
    res = S.datagen("generators", "--json")
    try:
        generators = json.loads(res.stdout.decode("utf-8"))
        names = [g["name"] for g in generators]
        ok = res.status == 0 and all(
            isinstance(g["types"], list) and isinstance(g["arrays"], bool)
            and isinstance(g["keys"], list) for g in generators)
    except (ValueError, KeyError, TypeError) as e:
        S.report(False, "matrix/generators-json", "%s; %s" % (e, res.describe()))
        return
    if not S.report(ok and len(names) == len(set(names)) and names,
                    "matrix/generators-json", res.describe()):
        return

    schema, owner, problems, not_covered = build_schema(generators)
    stale = sorted((set(NEEDS) | set(NOT_EXERCISED)) - set(names))
    detail = []
    if not_covered:
        detail.append("neither exercised nor listed in NOT_EXERCISED: "
                      + ", ".join(not_covered))
    if stale:
        detail.append("NEEDS or NOT_EXERCISED name unknown generators: "
                      + ", ".join(stale))
    S.report(not detail, "matrix/coverage", "; ".join(detail))
    for name, reason in sorted(NOT_EXERCISED.items()):
        print("skip matrix/%s: %s" % (name, reason), flush=True)

    d = os.path.join(work, "matrix")
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "matrix.json")
    with open(path, "w") as f:
        json.dump(schema, f, indent=1)
    res = S.datagen("validate", "--schema", path)
    err = res.stderr.decode("utf-8", "replace").strip()
    if not S.report(res.status == 0 and not err, "matrix/validate",
                    res.describe()):
        return
    dump = os.path.join(d, "matrix.sql")
    err = S.generate(["--schema", path, "--format", "copy", "--seed", S.SEED],
                     dump)
    if not S.report(err is None, "matrix/generate", err):
        return
    with open(dump, encoding="utf-8") as f:
        script = f.read()

    res = S.createdb(DB)
    if not S.report(res.status == 0, "matrix/createdb", res.describe()):
        return
    res = S.psql(DB, file=dump)
    restored = res.status == 0 and not res.stderr.strip()
    S.report(restored, "matrix/restore", psql_error(res))
    errors, other = {}, []
    if not restored:
        errors, other = restore_by_entry(S, script, owner, schema)
        if other:
            S.report(False, "matrix/restore-other", " | ".join(other))

    res = S.psql(DB, sql=count_query(schema))
    S.report(res.status == 0, "matrix/values", psql_error(res))
    bad_values = value_problems(
        schema, res.stdout.decode("utf-8", "replace")) if res.status == 0 \
        else {}
    for g in generators:
        name = g["name"]
        if name in NOT_EXERCISED:
            continue
        detail = []
        if name in problems:
            detail.append(problems[name])
        for e in errors.get(name, []):
            detail.append("restore: " + e)
        for tname in sorted(t for t, o in owner.items() if o == name):
            if name in errors:
                break  # the rows that did not load: said above
            for p in bad_values.get(tname, []):
                detail.append("%s: %s" % (tname, p))
        if name in not_covered:
            detail.append("no column exercises it")
        S.report(not detail, "matrix/gen/" + name, "; ".join(detail))
    S.dropdb(DB)


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    binary = os.environ.get("DATAGEN", os.path.join(root, "build", "datagen"))
    out = subprocess.run([binary, "generators", "--json"],
                         capture_output=True, check=True).stdout
    schema, _, problems, not_covered = build_schema(json.loads(out))
    json.dump(schema, sys.stdout, indent=1)
    print()
    for name, p in problems.items():
        print("%s: %s" % (name, p), file=sys.stderr)
    for name in not_covered:
        print("%s: not covered" % name, file=sys.stderr)


if __name__ == "__main__":
    main()
