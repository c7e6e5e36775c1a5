#!/usr/bin/env python3
"""datagen integration suite, run by tests/pg/run.sh against a throwaway
cluster (PGHOST/PGPORT/PGUSER in the environment).

For every test schema and every format it generates a dump, restores it with
psql, and checks the database against the JSON description: row counts, the
columns and their types, every constraint and index present and valid,
referential integrity, uniqueness, CHECK constraints, sequence positions,
NULLs and variety, custom types, extensions and comments. The checks are
derived from the JSON by one generic builder; tests/pg/schemas/NAME.sql adds
per-schema queries. It also checks determinism (--jobs, --seed), bad inputs
(tests/pg/bad) and failures while writing.

Prints one line per check, "ok LABEL" or "FAIL LABEL: detail"; run.sh counts
them and prints the summary.
"""

import argparse
import glob
import hashlib
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time

import archives  # tests/pg/archives.py: the custom and directory formats
import matrix  # tests/pg/matrix.py: every generator on every type it fills
import templates  # tests/pg/templates.py: every template in every format

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATAGEN = os.environ.get("DATAGEN", os.path.join(ROOT, "build", "datagen"))
SCHEMAS = os.environ.get("PG_SCHEMAS", os.path.join(HERE, "schemas"))
BAD = os.environ.get("PG_BAD", os.path.join(HERE, "bad"))
WARN = os.environ.get("PG_WARN", os.path.join(HERE, "warn"))
# The embedded template restored and checked too; empty: none.
TEMPLATE = os.environ.get("PG_TEMPLATE", "ecommerce")
# Templates restored in every format at default counts and --scale 0.01:
# "all", "none" or a comma-separated list. Given explicitly, they run even
# when only some schemas are asked for.
TEMPLATES = os.environ.get("PG_TEMPLATES", "all")
FORMATS = ["copy", "sql"]
SEED = os.environ.get("PG_SEED", "7")
TIMEOUT = 600
DEFAULT_ROW_COUNT = 1000
# Below this many rows a table is not asked for NULLs or variety.
MIN_ROWS_FOR_STATS = 100
# Columns that make datagen describe one place per row.
ADDRESS_COLUMNS = {"street_address", "street", "address", "city", "state",
                   "postal_code", "zip", "zip_code"}
# Rows for the determinism test across chunks (more than two chunks).
LARGE_ROWS = 9000

passed = 0
failed = 0


def report(ok, label, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("ok " + label, flush=True)
    else:
        failed += 1
        detail = " ".join(str(detail).split()) if detail else "failed"
        if len(detail) > 1500:
            detail = detail[:1500] + "..."
        print("FAIL %s: %s" % (label, detail), flush=True)
    return ok


# --- processes ------------------------------------------------------------


class Result:
    def __init__(self, status, stdout, stderr):
        self.status = status
        self.stdout = stdout
        self.stderr = stderr

    def describe(self):
        if self.status is None:
            what = "timed out"
        elif self.status < 0:
            try:
                name = signal.Signals(-self.status).name
            except ValueError:
                name = str(-self.status)
            what = "killed by " + name
        else:
            what = "exit status %d" % self.status
        err = self.stderr.decode("utf-8", "replace").strip()
        if err:
            what += ", stderr: " + err
        return what


def run(argv, stdin=None, preexec=None, restore_signals=True, cwd=None,
        env=None):
    try:
        p = subprocess.run(argv, input=stdin, capture_output=True,
                           timeout=TIMEOUT, preexec_fn=preexec,
                           restore_signals=restore_signals, cwd=cwd, env=env)
        return Result(p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired as e:
        return Result(None, e.stdout or b"", e.stderr or b"")
    except OSError as e:
        return Result(127, b"", str(e).encode())


def default_sigint():
    # run.sh starts the suite in the background, where SIGINT is ignored,
    # and an ignored signal stays ignored across exec: give it back its
    # default so that datagen sees SIGINT as a user would.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def datagen(*args, **kw):
    return run([DATAGEN] + list(args), **kw)


def psql(db, sql=None, file=None):
    argv = ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
            "-d", db]
    if file is not None:
        argv += ["-f", file]
    else:
        argv += ["-f", "-"]
    return run(argv, stdin=sql.encode() if sql is not None else None)


def createdb(db):
    run(["dropdb", "--if-exists", db])
    return run(["createdb", "-T", "template0", db])


def dropdb(db):
    run(["dropdb", "--if-exists", db])


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# --- SQL text -------------------------------------------------------------


def ident(name):
    return '"' + name.replace('"', '""') + '"'


def lit(text):
    return "'" + text.replace("'", "''") + "'"


def rel(table):
    """A regclass constant for a table of the public schema."""
    return lit("public." + ident(table)) + "::regclass"


def text_array(names):
    if not names:
        return "ARRAY[]::text[]"
    return "ARRAY[" + ", ".join(lit(n) for n in names) + "]::text[]"


def dollar(text):
    tag = "$dgq$"
    n = 0
    while tag in text:
        n += 1
        tag = "$dgq%d$" % n
    return tag + text + tag


# Helpers installed in pg_temp of the checking session. Every generic check is
# a query returning one text value: NULL or '' when the check holds, else
# what is wrong.
SETUP_SQL = r"""
SET client_min_messages = warning;

CREATE FUNCTION pg_temp.dg_check(label text, q text) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE
    detail text;
BEGIN
    EXECUTE q INTO detail;
    IF detail IS NULL OR detail = '' THEN
        RETURN 'ok ' || label;
    END IF;
    RETURN 'FAIL ' || label || ': ' || regexp_replace(detail, '\s+', ' ', 'g');
EXCEPTION WHEN others THEN
    RETURN 'FAIL ' || label || ': ' || SQLSTATE || ' '
        || regexp_replace(SQLERRM, '\s+', ' ', 'g');
END
$f$;

CREATE FUNCTION pg_temp.dg_attnames(relid oid, keys int2[]) RETURNS text[]
LANGUAGE sql STABLE AS $f$
    SELECT coalesce(array_agg(a.attname::text ORDER BY k.o), ARRAY[]::text[])
    FROM unnest(keys) WITH ORDINALITY AS k(n, o)
    JOIN pg_attribute a ON a.attrelid = relid AND a.attnum = k.n
$f$;

-- The canonical spelling of a type as PostgreSQL itself resolves it.
CREATE FUNCTION pg_temp.dg_type_text(t text) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE
    r text;
BEGIN
    EXECUTE format('CREATE TEMP TABLE dg_type_probe (c %s)', t);
    SELECT format_type(atttypid, atttypmod) INTO r FROM pg_attribute
    WHERE attrelid = 'dg_type_probe'::regclass AND attname = 'c';
    DROP TABLE dg_type_probe;
    RETURN r;
EXCEPTION WHEN others THEN
    RETURN 'invalid type ' || t || ' (' || SQLERRM || ')';
END
$f$;

-- Columns: names in order, types, NOT NULL flags, defaults.
CREATE FUNCTION pg_temp.dg_columns(relid regclass, names text[], types text[],
                                   want_notnull boolean[], want_def boolean[])
RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
    actual text[];
    problems text[] := ARRAY[]::text[];
    a record;
    want text;
BEGIN
    SELECT array_agg(attname::text ORDER BY attnum) INTO actual
    FROM pg_attribute WHERE attrelid = relid AND attnum > 0
    AND NOT attisdropped;
    IF actual IS DISTINCT FROM names THEN
        RETURN format('columns %s, expected %s', actual, names);
    END IF;
    FOR i IN 1 .. array_length(names, 1) LOOP
        SELECT * INTO a FROM pg_attribute
        WHERE attrelid = relid AND attname = names[i];
        want := pg_temp.dg_type_text(types[i]);
        IF format_type(a.atttypid, a.atttypmod) IS DISTINCT FROM want THEN
            problems := problems || format('%s is %s, expected %s', names[i],
                format_type(a.atttypid, a.atttypmod), want);
        END IF;
        IF a.attnotnull <> want_notnull[i] THEN
            problems := problems || format('%s: attnotnull is %s', names[i],
                a.attnotnull);
        END IF;
        IF want_def[i] AND NOT a.atthasdef THEN
            problems := problems || format('%s has no default', names[i]);
        END IF;
    END LOOP;
    RETURN nullif(array_to_string(problems, '; '), '');
END
$f$;

-- Every CHECK constraint of the table holds for every row.
CREATE FUNCTION pg_temp.dg_check_violations(relid regclass) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE
    c record;
    n bigint;
    problems text[] := ARRAY[]::text[];
BEGIN
    FOR c IN SELECT conname, pg_get_expr(conbin, conrelid) AS expr
             FROM pg_constraint WHERE conrelid = relid AND contype = 'c'
             ORDER BY conname LOOP
        EXECUTE format('SELECT count(*) FROM %s WHERE NOT (%s)', relid, c.expr)
            INTO n;
        IF n > 0 THEN
            problems := problems || format('%s rows violate %s (%s)', n,
                c.conname, c.expr);
        END IF;
    END LOOP;
    RETURN nullif(array_to_string(problems, '; '), '');
END
$f$;

-- Columns fed by a sequence: the sequence exists and its next value is
-- past the largest value in the column.
CREATE FUNCTION pg_temp.dg_sequences(relid regclass, cols text[]) RETURNS text
LANGUAGE plpgsql AS $f$
DECLARE
    col text;
    seq regclass;
    mx numeric;
    nx numeric;
    problems text[] := ARRAY[]::text[];
BEGIN
    FOREACH col IN ARRAY cols LOOP
        SELECT d.refobjid::regclass INTO seq
        FROM pg_attribute a
        JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
        JOIN pg_depend d ON d.classid = 'pg_attrdef'::regclass
            AND d.objid = ad.oid AND d.refclassid = 'pg_class'::regclass
        JOIN pg_class s ON s.oid = d.refobjid AND s.relkind = 'S'
        WHERE a.attrelid = relid AND a.attname = col
        LIMIT 1;
        IF seq IS NULL THEN
            problems := problems || format('%s: no sequence in its default',
                col);
            CONTINUE;
        END IF;
        EXECUTE format('SELECT max(%I)::numeric FROM %s', col, relid) INTO mx;
        nx := nextval(seq);
        IF mx IS NOT NULL AND nx <= mx THEN
            problems := problems || format(
                '%s: nextval(%s) = %s but the column holds %s', col, seq, nx,
                mx);
        END IF;
    END LOOP;
    RETURN nullif(array_to_string(problems, '; '), '');
END
$f$;
"""


def strip_check(expr):
    m = re.match(r"^\s*check\s*\((.*)\)\s*$", expr, re.I | re.S)
    return m.group(1) if m else expr


# --- reading a test schema ------------------------------------------------

SERIALS = {"smallserial": "smallint", "serial2": "smallint",
           "serial": "integer", "serial4": "integer",
           "bigserial": "bigint", "serial8": "bigint"}
FK_ACTIONS = {"NO ACTION": "a", "RESTRICT": "r", "CASCADE": "c",
              "SET NULL": "n", "SET DEFAULT": "d"}


class Model:
    """The parts of a test schema the checks need, with defaults applied."""

    def __init__(self, doc, rows=None):
        if "tables" not in doc and isinstance(doc.get("schema"), dict):
            doc = doc["schema"]  # a template wraps its schema
        self.doc = doc
        self.tables = doc.get("tables", {})
        self.types = {}
        for key, t in (doc.get("custom_types") or {}).items():
            self.types[t.get("name", key)] = t
        self.sequences = {}
        for key, s in (doc.get("sequences") or {}).items():
            self.sequences[s.get("name", key)] = s
        self.extensions = doc.get("extensions") or []
        self.rows = {}
        for name, t in self.tables.items():
            self.rows[name] = t.get("row_count", DEFAULT_ROW_COUNT)
        for name, n in (rows or {}).items():
            self.rows[name] = n

    def pk(self, table):
        return self.tables[table].get("primary_key") or []

    def columns(self, table):
        return self.tables[table].get("columns") or []

    def column(self, table, name):
        for c in self.columns(table):
            if c["name"] == name:
                return c
        return None

    def referenced_columns(self, fk):
        cols = fk.get("referenced_columns") or []
        return cols if cols else self.pk(fk["referenced_table"])

    def key_columns(self, table):
        """Columns the generator keeps non-NULL: keys and referenced
        columns."""
        t = self.tables[table]
        keys = set(self.pk(table))
        for u in t.get("unique_constraints") or []:
            keys.update(u.get("columns") or [])
        for i in t.get("indexes") or []:
            if i.get("unique"):
                keys.update(i.get("columns") or [])
        for other, ot in self.tables.items():
            for fk in ot.get("foreign_keys") or []:
                if fk.get("referenced_table") == table:
                    keys.update(self.referenced_columns(fk))
        return keys

    def base_type(self, type_text):
        """(lowercase type without array brackets, array?)"""
        t = type_text.strip()
        array = t.endswith("]") or t.lower().endswith(" array")
        t = re.sub(r"(\s*\[\s*\d*\s*\])+$", "", t)
        t = re.sub(r"\s+array$", "", t, flags=re.I)
        return t.strip(), array

    def custom(self, type_text):
        base, _ = self.base_type(type_text)
        if base.lower().startswith("public."):
            base = base[7:]
        return self.types.get(base)

    def sql_type(self, type_text):
        """The type text PostgreSQL would store (serials are integers)."""
        base, array = self.base_type(type_text)
        low = base.lower()
        if low in SERIALS and not array:
            return SERIALS[low]
        return type_text

    def is_serial(self, type_text):
        base, array = self.base_type(type_text)
        return base.lower() in SERIALS and not array

    def config(self, col):
        c = col.get("generator_config")
        return c if isinstance(c, dict) else {}

    def distinct_possible(self, table, col):
        """How many distinct values the column can take, when few."""
        base, array = self.base_type(col["type"])
        cfg = self.config(col)
        if isinstance(cfg.get("values"), list) and not array:
            return len(cfg["values"])
        if array:
            return None
        if base.lower() in ("boolean", "bool"):
            return 2
        ct = self.custom(col["type"])
        if ct and ct.get("kind") == "enum":
            return len((ct.get("definition") or {}).get("values") or [])
        return None


# --- the generic checks ---------------------------------------------------


def table_checks(m, table):
    """[(check name, query returning NULL/'' or what is wrong)]"""
    t = m.tables[table]
    cols = m.columns(table)
    r = rel(table)
    T = "public." + ident(table)
    rows = m.rows[table]
    pk = m.pk(table)
    checks = []

    checks.append(("rows." + table,
                   "SELECT CASE WHEN n <> %d THEN 'expected %d rows, found ' "
                   "|| n END FROM (SELECT count(*) AS n FROM %s) s"
                   % (rows, rows, T)))

    names = [c["name"] for c in cols]
    types = [m.sql_type(c["type"]) for c in cols]
    notnull = ["true" if (not c.get("nullable", False) or c["name"] in pk)
               else "false" for c in cols]
    hasdef = ["true" if ("default" in c or m.is_serial(c["type"]))
              else "false" for c in cols]
    checks.append(("columns." + table,
                   "SELECT pg_temp.dg_columns(%s, %s, %s, ARRAY[%s], "
                   "ARRAY[%s])" % (r, text_array(names), text_array(types),
                                   ", ".join(notnull), ", ".join(hasdef))))

    uniques = t.get("unique_constraints") or []
    fks = t.get("foreign_keys") or []
    cks = t.get("check_constraints") or []
    indexes = t.get("indexes") or []
    want = (1 if pk else 0, len(uniques), len(fks), len(cks))
    checks.append((
        "constraints." + table,
        "SELECT CASE WHEN (p, u, f, c) <> (%d, %d, %d, %d) THEN format("
        "'expected p=%d u=%d f=%d c=%d, found p=%%s u=%%s f=%%s c=%%s', "
        "p, u, f, c) END FROM (SELECT "
        "count(*) FILTER (WHERE contype = 'p') AS p, "
        "count(*) FILTER (WHERE contype = 'u') AS u, "
        "count(*) FILTER (WHERE contype = 'f') AS f, "
        "count(*) FILTER (WHERE contype = 'c') AS c "
        "FROM pg_constraint WHERE conrelid = %s) s" % (want + want + (r,))))
    checks.append((
        "validated." + table,
        "SELECT 'not validated: ' || string_agg(conname, ', ') "
        "FROM pg_constraint WHERE conrelid = %s AND NOT convalidated" % r))

    def constraint_found(contype, keycols, name):
        return ("EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = %s "
                "AND c.contype = '%s' AND pg_temp.dg_attnames(c.conrelid, "
                "c.conkey) = %s%s)"
                % (r, contype, text_array(keycols),
                   " AND c.conname = " + lit(name) if name else ""))

    def key_check(found, what, keycols):
        """The key exists (found is an SQL condition) and is unique."""
        colsql = ", ".join(ident(c) for c in keycols)
        notnull_sql = " AND ".join(ident(c) + " IS NOT NULL"
                                   for c in keycols)
        dup = ("SELECT count(*) FROM (SELECT 1 FROM %s WHERE %s GROUP BY %s "
               "HAVING count(*) > 1) d" % (T, notnull_sql, colsql))
        return ("SELECT CASE WHEN NOT %s THEN %s WHEN (%s) > 0 THEN "
                "(%s) || ' duplicated values of (' || %s || ')' END"
                % (found, lit("no " + what), dup, dup,
                   lit(", ".join(keycols))))

    def key_what(kind, keycols, name):
        return "%s %s(%s)" % (kind, ('"%s" ' % name) if name else "",
                              ", ".join(keycols))

    if pk:
        checks.append(("pkey." + table,
                       key_check(constraint_found("p", pk, None),
                                 key_what("primary key", pk, None), pk)))
    for i, u in enumerate(uniques):
        checks.append(("unique.%s[%d]" % (table, i),
                       key_check(constraint_found("u", u["columns"],
                                                  u.get("name")),
                                 key_what("unique constraint", u["columns"],
                                          u.get("name")), u["columns"])))

    n_indexes = (1 if pk else 0) + len(uniques) + len(indexes)
    checks.append((
        "indexes." + table,
        "SELECT CASE WHEN n <> %d THEN format('expected %d indexes, found %%s:"
        " %%s', n, names) END FROM (SELECT count(*) AS n, string_agg("
        "indexrelid::regclass::text, ', ') AS names FROM pg_index "
        "WHERE indrelid = %s) s" % (n_indexes, n_indexes, r)))
    for i, ix in enumerate(indexes):
        method = (ix.get("type") or "btree").lower()
        unique = bool(ix.get("unique"))
        found = ("EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = "
                 "i.indexrelid JOIN pg_am am ON am.oid = c.relam WHERE "
                 "i.indrelid = %s AND am.amname = %s AND i.indisunique = %s "
                 "AND i.indisvalid AND pg_temp.dg_attnames(i.indrelid, "
                 "i.indkey::int2[]) = %s%s)"
                 % (r, lit(method), "true" if unique else "false",
                    text_array(ix["columns"]),
                    " AND c.relname = " + lit(ix["name"])
                    if ix.get("name") else ""))
        what = "%s%s index on (%s)%s" % (
            "unique " if unique else "", method, ", ".join(ix["columns"]),
            " named " + ix["name"] if ix.get("name") else "")
        if unique:
            q = key_check(found, what, ix["columns"])
        else:
            q = "SELECT CASE WHEN NOT %s THEN %s END" % (found,
                                                         lit("no " + what))
        checks.append(("index.%s[%d]" % (table, i), q))

    for i, fk in enumerate(fks):
        parent = fk["referenced_table"]
        refcols = m.referenced_columns(fk)
        acts = ""
        for key, field in (("on_delete", "confdeltype"),
                           ("on_update", "confupdtype")):
            action = (fk.get(key) or "NO ACTION").upper()
            acts += " AND c.%s = '%s'" % (field,
                                          FK_ACTIONS.get(action, "?"))
        found = ("EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = %s "
                 "AND c.contype = 'f' AND c.confrelid = %s AND "
                 "pg_temp.dg_attnames(c.conrelid, c.conkey) = %s AND "
                 "pg_temp.dg_attnames(c.confrelid, c.confkey) = %s%s%s)"
                 % (r, rel(parent), text_array(fk["columns"]),
                    text_array(refcols), acts,
                    " AND c.conname = " + lit(fk["name"])
                    if fk.get("name") else ""))
        notnull_sql = " AND ".join("x.%s IS NOT NULL" % ident(c)
                                   for c in fk["columns"])
        match = " AND ".join("p.%s = x.%s" % (ident(pc), ident(cc))
                             for cc, pc in zip(fk["columns"], refcols))
        orphans = ("SELECT count(*) FROM %s x WHERE %s AND NOT EXISTS "
                   "(SELECT 1 FROM public.%s p WHERE %s)"
                   % (T, notnull_sql, ident(parent), match))
        what = "foreign key %s(%s) -> %s(%s)%s" % (
            ('"%s" ' % fk["name"]) if fk.get("name") else "",
            ", ".join(fk["columns"]), parent, ", ".join(refcols),
            "".join(" %s %s" % (k, fk[k]) for k in ("on_delete", "on_update")
                    if fk.get(k)))
        checks.append((
            "fkey.%s[%d]" % (table, i),
            "SELECT CASE WHEN NOT %s THEN %s WHEN (%s) > 0 THEN (%s) || "
            "' orphan rows' END" % (found, lit("no " + what), orphans,
                                    orphans)))

    named = [c["name"] for c in cks if c.get("name")]
    named_sql = "".join(
        ", CASE WHEN NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid "
        "= %s AND contype = 'c' AND conname = %s) THEN %s END"
        % (r, lit(n), lit("no check constraint named " + n)) for n in named)
    checks.append(("checks." + table,
                   "SELECT concat_ws('; ', pg_temp.dg_check_violations(%s)%s)"
                   % (r, named_sql)))

    seqcols = [c["name"] for c in cols
               if m.is_serial(c["type"])
               or "nextval" in str(c.get("default", "")).lower()]
    if seqcols:
        checks.append(("sequences." + table,
                       "SELECT pg_temp.dg_sequences(%s, %s)"
                       % (r, text_array(seqcols))))

    # NOT NULL columns hold no NULLs.
    nn = [c["name"] for c in cols
          if not c.get("nullable", False) or c["name"] in pk]
    if nn:
        parts = ", ".join(
            "CASE WHEN count(*) FILTER (WHERE %s IS NULL) > 0 THEN %s || "
            "count(*) FILTER (WHERE %s IS NULL) || ' NULLs' END"
            % (ident(c), lit(c + ": "), ident(c)) for c in nn)
        checks.append(("notnull." + table,
                       "SELECT array_to_string(ARRAY[%s], '; ') FROM %s"
                       % (parts, T)))

    if rows >= MIN_ROWS_FOR_STATS:
        keys = m.key_columns(table)
        # Nullable columns hold some NULLs and some values.
        nullable = []
        for c in cols:
            if not c.get("nullable", False) or c["name"] in keys:
                continue
            ct = m.custom(c["type"])
            if ct and ct.get("kind") == "domain" and \
                    (ct.get("definition") or {}).get("not_null"):
                continue
            nf = m.config(c).get("null_fraction", 0.1)
            if not isinstance(nf, (int, float)) or nf * rows < 5 or \
                    (1 - nf) * rows < 5:
                continue
            nullable.append(c["name"])
        if nullable:
            parts = ", ".join(
                "CASE WHEN count(*) FILTER (WHERE %s IS NULL) = 0 THEN %s "
                "WHEN count(%s) = 0 THEN %s END"
                % (ident(c), lit(c + ": no NULLs"), ident(c),
                   lit(c + ": only NULLs")) for c in nullable)
            checks.append(("nulls." + table,
                           "SELECT array_to_string(ARRAY[%s], '; ') FROM %s"
                           % (parts, T)))

        # Non-key columns take more than one value.
        varied = []
        fkcols = {}
        for fk in fks:
            for c in fk["columns"]:
                fkcols[c] = fk["referenced_table"]
        names = {c["name"] for c in cols}
        for c in cols:
            if c["name"] in pk:
                continue
            # Documented: a country column beside address columns holds the
            # locale's own country, one value.
            if c["name"] in ("country", "country_code") and \
                    not c.get("generator") and names & ADDRESS_COLUMNS:
                continue
            possible = m.distinct_possible(table, c)
            if possible is not None and possible < 2:
                continue
            if c["name"] in fkcols and m.rows.get(fkcols[c["name"]], 0) < 2:
                continue
            nf = m.config(c).get("null_fraction", 0)
            if isinstance(nf, (int, float)) and nf >= 1:
                continue
            varied.append(c["name"])
        if varied:
            parts = ", ".join(
                "CASE WHEN count(DISTINCT %s::text) < 2 THEN %s || "
                "count(DISTINCT %s::text) || ' distinct value(s)' END"
                % (ident(c), lit(c + ": "), ident(c)) for c in varied)
            checks.append(("variety." + table,
                           "SELECT array_to_string(ARRAY[%s], '; ') FROM %s"
                           % (parts, T)))

    # Comments on the table and its columns.
    comments = []
    if t.get("comment"):
        comments.append(
            "CASE WHEN obj_description(%s, 'pg_class') IS DISTINCT FROM %s "
            "THEN 'table comment is ' || coalesce(quote_literal("
            "obj_description(%s, 'pg_class')), 'missing') END"
            % (r, lit(t["comment"]), r))
    for c in cols:
        if c.get("comment"):
            get = ("col_description(%s, (SELECT attnum FROM pg_attribute "
                   "WHERE attrelid = %s AND attname = %s))"
                   % (r, r, lit(c["name"])))
            comments.append(
                "CASE WHEN %s IS DISTINCT FROM %s THEN %s || coalesce("
                "quote_literal(%s), 'missing') END"
                % (get, lit(c["comment"]), lit(c["name"] + " comment is "),
                   get))
    if comments:
        checks.append(("comments." + table,
                       "SELECT concat_ws('; ', %s)" % ", ".join(comments)))
    return checks


def schema_checks(m):
    checks = []
    if m.extensions:
        checks.append((
            "extensions",
            "SELECT 'missing extensions: ' || string_agg(e, ', ') FROM "
            "unnest(%s) e WHERE NOT EXISTS (SELECT 1 FROM pg_extension "
            "WHERE extname = e)" % text_array(m.extensions)))
    for name, ct in m.types.items():
        kind = ct.get("kind")
        d = ct.get("definition") or {}
        typ = ("(SELECT t.oid FROM pg_type t JOIN pg_namespace n ON n.oid = "
               "t.typnamespace WHERE n.nspname = 'public' AND t.typname = %s)"
               % lit(name))
        problems = ["CASE WHEN %s IS NULL THEN 'type missing' END" % typ]
        code = {"enum": "e", "composite": "c", "domain": "d"}.get(kind, "?")
        problems.append(
            "CASE WHEN (SELECT typtype FROM pg_type WHERE oid = %s) <> '%s' "
            "THEN 'typtype is ' || (SELECT typtype::text FROM pg_type "
            "WHERE oid = %s) END" % (typ, code, typ))
        if kind == "enum":
            problems.append(
                "CASE WHEN (SELECT array_agg(enumlabel::text ORDER BY "
                "enumsortorder) FROM pg_enum WHERE enumtypid = %s) IS "
                "DISTINCT FROM %s THEN 'labels are ' || (SELECT array_agg("
                "enumlabel::text ORDER BY enumsortorder) FROM pg_enum WHERE "
                "enumtypid = %s)::text END"
                % (typ, text_array(d.get("values") or []), typ))
        elif kind == "composite":
            fields = d.get("fields") or []
            get = ("(SELECT array_agg(a.attname::text ORDER BY a.attnum) FROM "
                   "pg_attribute a JOIN pg_type t ON t.typrelid = a.attrelid "
                   "WHERE t.oid = %s AND a.attnum > 0 AND NOT "
                   "a.attisdropped)" % typ)
            problems.append(
                "CASE WHEN %s IS DISTINCT FROM %s THEN 'fields are ' || "
                "%s::text END" % (get, text_array([f["name"] for f in fields]),
                                  get))
            for f in fields:
                ft = ("(SELECT format_type(a.atttypid, a.atttypmod) FROM "
                      "pg_attribute a JOIN pg_type t ON t.typrelid = "
                      "a.attrelid WHERE t.oid = %s AND a.attname = %s)"
                      % (typ, lit(f["name"])))
                problems.append(
                    "CASE WHEN %s IS DISTINCT FROM pg_temp.dg_type_text(%s) "
                    "THEN %s || %s END"
                    % (ft, lit(m.sql_type(f["type"])),
                       lit("field %s is " % f["name"]), ft))
        elif kind == "domain":
            bt = ("(SELECT format_type(typbasetype, typtypmod) FROM pg_type "
                  "WHERE oid = %s)" % typ)
            problems.append(
                "CASE WHEN %s IS DISTINCT FROM pg_temp.dg_type_text(%s) THEN "
                "'base type is ' || %s END"
                % (bt, lit(d.get("base_type", "")), bt))
            if d.get("constraint"):
                problems.append(
                    "CASE WHEN NOT EXISTS (SELECT 1 FROM pg_constraint WHERE "
                    "contypid = %s AND contype = 'c') THEN 'no CHECK "
                    "constraint' END" % typ)
            problems.append(
                "CASE WHEN (SELECT typnotnull FROM pg_type WHERE oid = %s) "
                "<> %s THEN 'typnotnull differs' END"
                % (typ, "true" if d.get("not_null") else "false"))
        checks.append(("type." + name,
                       "SELECT concat_ws('; ', %s)" % ", ".join(problems)))
    for name, s in m.sequences.items():
        expect = [("start_value", s.get("start", 1)),
                  ("increment_by", s.get("increment", 1))]
        if "min_value" in s:
            expect.append(("min_value", s["min_value"]))
        if "max_value" in s:
            expect.append(("max_value", s["max_value"]))
        if "cache" in s:
            expect.append(("cache_size", s["cache"]))
        parts = ["CASE WHEN NOT EXISTS (SELECT 1 FROM pg_sequences WHERE "
                 "schemaname = 'public' AND sequencename = %s) THEN "
                 "'sequence missing' END" % lit(name)]
        for field, value in expect:
            parts.append(
                "(SELECT CASE WHEN %s <> %d THEN '%s is ' || %s END FROM "
                "pg_sequences WHERE schemaname = 'public' AND sequencename = "
                "%s)" % (field, value, field, field, lit(name)))
        parts.append(
            "(SELECT CASE WHEN cycle <> %s THEN 'cycle differs' END FROM "
            "pg_sequences WHERE schemaname = 'public' AND sequencename = %s)"
            % ("true" if s.get("cycle") else "false", lit(name)))
        checks.append(("sequence." + name,
                       "SELECT concat_ws('; ', %s)" % ", ".join(parts)))
    for table in m.tables:
        checks.extend(table_checks(m, table))
    return checks


def extra_checks(path):
    """Per-schema queries: each returns one boolean row, after a
    "-- check: LABEL" line."""
    checks = []
    label = None
    lines = []

    def flush():
        q = "\n".join(lines).strip()
        q = re.sub(r";\s*$", "", q)
        if label is not None:
            checks.append((label,
                           "SELECT CASE WHEN v IS TRUE THEN NULL ELSE "
                           "'returned ' || coalesce(v::text, 'NULL') END "
                           "FROM (SELECT (%s\n) AS v) s" % q))

    with open(path, encoding="utf-8") as f:
        for line in f:
            mm = re.match(r"^\s*--\s*check:\s*(.+?)\s*$", line)
            if mm:
                flush()
                label = mm.group(1)
                lines = []
            else:
                lines.append(line.rstrip("\n"))
    flush()
    return checks


def run_checks(db, prefix, checks):
    sql = [SETUP_SQL]
    for name, q in checks:
        sql.append("SELECT pg_temp.dg_check(%s, %s);"
                   % (lit(prefix + name), dollar(q)))
    res = psql(db, "\n".join(sql) + "\n")
    lines = [l for l in res.stdout.decode("utf-8", "replace").splitlines()
             if l.startswith("ok ") or l.startswith("FAIL ")]
    seen = set()
    for line in lines:
        if line.startswith("ok "):
            report(True, line[3:])
            seen.add(line[3:])
        else:
            label, _, detail = line[5:].partition(": ")
            report(False, label, detail)
            seen.add(label)
    for name, _ in checks:
        if prefix + name not in seen:
            report(False, prefix + name, "no result; psql " + res.describe())


def table_digests(db, m):
    q = []
    for table in m.tables:
        q.append("SELECT %s || ' ' || md5(coalesce(string_agg(x, E'\\n' "
                 "ORDER BY x), '')) FROM (SELECT t::text AS x FROM public.%s t)"
                 " s;" % (lit(table), ident(table)))
    res = psql(db, "\n".join(q) + "\n")
    if res.status != 0:
        return None, res.describe()
    return res.stdout.decode("utf-8", "replace").splitlines(), None


# --- one schema -----------------------------------------------------------


def check_quoting(db, m, path, prefix):
    """The dump quotes identifiers exactly as quote_ident() does: CREATE
    TABLE public.<table> ( and one "    <column> " line per column."""
    names = sorted({t for t in m.tables} |
                   {c["name"] for t in m.tables for c in m.columns(t)})
    res = psql(db, "SELECT n || E'\\t' || quote_ident(n) FROM unnest(%s) n;\n"
               % text_array(names))
    if res.status != 0:
        report(False, prefix + "identifier-quoting", res.describe())
        return
    quoted = dict(l.split("\t", 1) for l in
                  res.stdout.decode("utf-8").splitlines() if "\t" in l)
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    problems = []
    for table in m.tables:
        head = "CREATE TABLE public.%s (" % quoted.get(table, table)
        try:
            start = lines.index(head)
        except ValueError:
            problems.append("no line %r" % head)
            continue
        end = start + 1
        while end < len(lines) and not lines[end].startswith(")"):
            end += 1
        body = lines[start + 1:end]
        for c in m.columns(table):
            want = "    %s " % quoted.get(c["name"], c["name"])
            if not any(l.startswith(want) for l in body):
                problems.append("%s: no column line starting %r"
                                % (table, want))
    report(not problems, prefix + "identifier-quoting", "; ".join(problems))
    check_shape(m, lines, quoted, prefix)


def leading_name(text):
    """The identifier text starts with, as written (quoted or not)."""
    if text.startswith('"'):
        i = 1
        while i < len(text):
            if text[i] == '"':
                if text[i + 1:i + 2] == '"':
                    i += 2
                    continue
                return text[:i + 1]
            i += 1
        return text
    return re.split(r"[\s(]", text, 1)[0]


def check_shape(m, lines, quoted, prefix):
    """copy dumps hold one COPY block per table and sql dumps multi-row
    INSERTs; the tables come before the data, and the data before the keys,
    indexes and foreign keys (which come last, after the other keys and the
    indexes)."""
    fmt = prefix.rstrip("/").rsplit("/", 1)[-1]
    problems = []
    copies = {}
    inserts = {}
    for l in lines:
        if l.startswith("COPY public.") and l.endswith(" FROM stdin;"):
            t = leading_name(l[len("COPY public."):])
            copies[t] = copies.get(t, 0) + 1
        elif l.startswith("INSERT INTO public."):
            t = leading_name(l[len("INSERT INTO public."):])
            inserts[t] = inserts.get(t, 0) + 1
    for table in m.tables:
        q = quoted.get(table, table)
        rows = m.rows[table]
        if fmt == "copy":
            if rows > 0 and copies.get(q, 0) != 1:
                problems.append("%d COPY blocks for %s" % (copies.get(q, 0),
                                                          table))
        elif rows > 0:
            n = inserts.get(q, 0)
            if n == 0 or (rows >= 200 and n > rows / 2):
                problems.append("%d INSERT statements for %d rows of %s"
                                % (n, rows, table))
    if fmt == "copy" and inserts:
        problems.append("INSERT statements in a copy dump")
    if fmt == "sql" and copies:
        problems.append("COPY blocks in an sql dump")
    report(not problems, prefix + "format-shape", "; ".join(problems))

    def where(pred):
        return [i for i, l in enumerate(lines) if pred(l)]

    tables = where(lambda l: l.startswith("CREATE TABLE "))
    data = where(lambda l: l.startswith("COPY ") or
                 l.startswith("INSERT INTO "))
    setvals = where(lambda l: "setval(" in l)
    keys = where(lambda l: re.search(r"\b(PRIMARY KEY|UNIQUE) \(", l) and
                 not l.startswith(" " * 4 + "CONSTRAINT"))
    keys = [i for i in keys if i > (tables[-1] if tables else -1)]
    indexes = where(lambda l: l.startswith("CREATE INDEX ") or
                    l.startswith("CREATE UNIQUE INDEX "))
    fks = where(lambda l: "FOREIGN KEY (" in l)
    problems = []
    if tables and data and max(tables) > min(data):
        problems.append("a CREATE TABLE after the data (line %d)"
                        % (max(tables) + 1))
    post = keys + indexes + fks
    if data and post and min(post) < max(data):
        problems.append("a key, index or foreign key before the end of the "
                        "data (line %d)" % (min(post) + 1))
    if data and setvals and min(setvals) < max(data):
        problems.append("a setval before the end of the data (line %d)"
                        % (min(setvals) + 1))
    if fks and (keys or indexes) and min(fks) < max(keys + indexes):
        problems.append("a foreign key before the last key or index "
                        "(line %d)" % (min(fks) + 1))
    report(not problems, prefix + "section-order", "; ".join(problems))



def generate(args, out):
    if os.path.exists(out):
        os.unlink(out)
    res = datagen(*(["generate"] + args + ["--output", out]))
    if res.status != 0:
        return "datagen %s: %s" % (" ".join(args), res.describe())
    if not os.path.isfile(out):
        return "datagen %s exited 0 but wrote no file" % " ".join(args)
    return None


def load(db, path, prefix):
    """Creates db and restores path into it; returns whether it worked."""
    res = createdb(db)
    if not report(res.status == 0, prefix + "createdb", res.describe()):
        return False
    res = psql(db, file=path)
    ok = res.status == 0
    report(ok, prefix + "load", res.describe())
    if ok:
        err = res.stderr.decode("utf-8", "replace").strip()
        report(not err, prefix + "load-quiet",
               "psql printed: " + err)
    return ok


def test_schema(name, source_args, json_path, work):
    """source_args: ["--schema", FILE] or ["--template", NAME]."""
    try:
        with open(json_path, encoding="utf-8") as f:
            m = Model(json.load(f))
    except (OSError, ValueError) as e:
        report(False, name + "/json", "cannot read %s: %s" % (json_path, e))
        return
    res = datagen("validate", *source_args)
    report(res.status == 0, name + "/validate", res.describe())
    said = (res.stdout + res.stderr).decode("utf-8", "replace")
    report(res.status != 0 or "warning:" not in said,
           name + "/validate-no-warnings", said)

    if source_args[0] == "--schema":
        extra = os.path.splitext(json_path)[0] + ".sql"
    else:
        extra = os.path.join(SCHEMAS, name + ".sql")
    digests = {}
    for fmt in FORMATS:
        prefix = "%s/%s/" % (name, fmt)
        base = os.path.join(work, "%s.%s" % (name, fmt))
        out = base + ".sql"
        common = source_args + ["--format", fmt]
        err = generate(common + ["--seed", SEED], out)
        if not report(err is None, prefix + "generate", err):
            continue
        digest = sha(out)

        # Determinism: the same bytes for any --jobs and for a second run,
        # on a file or on standard output; another seed changes them.
        problems = []
        for jobs in ("1", "4"):
            alt = "%s.jobs%s.sql" % (base, jobs)
            err = generate(common + ["--seed", SEED, "--jobs", jobs], alt)
            if err:
                problems.append(err)
            elif sha(alt) != digest:
                problems.append("--jobs %s gives different bytes" % jobs)
            else:
                os.unlink(alt)
        report(not problems, prefix + "deterministic-jobs",
               "; ".join(problems))
        again = base + ".again.sql"
        err = generate(common + ["--seed", SEED], again)
        report(err is None and sha(again) == digest,
               prefix + "deterministic-seed",
               err or "the same seed gave different bytes")
        res = datagen(*(["generate"] + common + ["--seed", SEED]))
        report(res.status == 0 and
               hashlib.sha256(res.stdout).hexdigest() == digest,
               prefix + "stdout",
               res.describe() if res.status != 0 else
               "standard output differs from --output")
        other = base + ".other-seed.sql"
        seed2 = str(int(SEED) + 1)
        err = generate(common + ["--seed", seed2], other)
        report(err is None and sha(other) != digest,
               prefix + "seed-changes-output",
               err or "--seed %s gives the same bytes as --seed %s"
               % (seed2, SEED))
        for p in (again, other):
            if os.path.exists(p):
                os.unlink(p)

        db = "t_%s_%s" % (re.sub(r"\W", "_", name), fmt)
        if not load(db, out, prefix):
            continue
        check_quoting(db, m, out, prefix)
        checks = schema_checks(m)
        if os.path.exists(extra):
            checks.extend(extra_checks(extra))
        run_checks(db, prefix, checks)
        digests[fmt], err = table_digests(db, m)
        if err:
            report(False, prefix + "digest", err)
        dropdb(db)
        os.unlink(out)

    if len(digests) == len(FORMATS) and all(digests.values()):
        ref = digests[FORMATS[0]]
        diff = [FORMATS[0] + "/" + f for f in FORMATS[1:]
                if digests[f] != ref]
        bad_tables = sorted({l.split(" ")[0] for f in FORMATS[1:]
                             for l in set(digests[f]) ^ set(ref)})
        report(not diff, "%s/%s/same-data" % (name, "+".join(FORMATS)),
               "tables differ: " + ", ".join(bad_tables))

    if source_args[0] != "--schema":
        return
    referenced = {fk["referenced_table"] for t in m.tables.values()
                  for fk in t.get("foreign_keys") or []}
    leaves = sorted((t for t in m.tables if t not in referenced),
                    key=lambda t: (-m.rows[t], t))
    if not leaves or m.rows[leaves[0]] == 0:
        return
    leaf = leaves[0]
    prefix = "%s/copy/" % name

    # More rows than one chunk holds: still the same bytes for any --jobs.
    a = os.path.join(work, name + ".large1.sql")
    b = os.path.join(work, name + ".large4.sql")
    big = ["--rows", "%s=%d" % (leaf, LARGE_ROWS)]
    for fmt in FORMATS:
        f = ["--format", fmt]
        err = (generate(source_args + big + f + ["--jobs", "1"], a) or
               generate(source_args + big + f + ["--jobs", "4"], b))
        report(err is None and sha(a) == sha(b),
               "%s/%s/deterministic-large" % (name, fmt),
               err or "%d rows of %s: --jobs 1 and 4 give different bytes"
               % (LARGE_ROWS, leaf))
    a2 = os.path.join(work, name + ".half.sql")
    err = generate(source_args + ["--scale", "0.5", "--jobs", "3"], a2)
    report(err is None, prefix + "scale-option", err)
    for p in (a, b, a2):
        if os.path.exists(p):
            os.unlink(p)

    out = os.path.join(work, name + ".rows.sql")
    arg = "%s=37" % leaf
    err = generate(source_args + ["--rows", arg], out)
    if not report(err is None, prefix + "rows-option", err):
        return
    db = "t_%s_rows" % re.sub(r"\W", "_", name)
    if load(db, out, prefix + "rows-option-"):
        small = Model(m.doc, rows={leaf: 37})
        run_checks(db, prefix + "rows-option-",
                   [c for c in table_checks(small, leaf)])
        dropdb(db)
    os.unlink(out)


# --- bad input and failures while writing ----------------------------------


def test_bad(path, work):
    name = os.path.splitext(os.path.basename(path))[0]
    expected_path = os.path.splitext(path)[0] + ".expected"
    try:
        with open(expected_path, encoding="utf-8") as f:
            expected = [l.rstrip("\n") for l in f
                        if l.strip() and not l.startswith("#")]
    except OSError as e:
        report(False, "bad/%s/expected" % name, str(e))
        return
    prefix = "bad/%s/" % name

    def missing(res):
        err = res.stderr.decode("utf-8", "replace")
        return [e for e in expected if e not in err]

    res = datagen("validate", "--schema", path)
    miss = missing(res)
    report(res.status == 2 and not miss, prefix + "validate",
           ("expected exit status 2; " if res.status != 2 else "") +
           ("stderr lacks %s; " % ", ".join(repr(x) for x in miss)
            if miss else "") + res.describe())

    d = os.path.join(work, "bad-" + name)
    os.makedirs(d)
    out = os.path.join(d, "out.sql")
    res = datagen("generate", "--schema", path, "--output", out)
    miss = missing(res)
    left = sorted(os.listdir(d))
    report(res.status == 2 and not miss and not left, prefix + "generate",
           ("expected exit status 2; " if res.status != 2 else "") +
           ("stderr lacks %s; " % ", ".join(repr(x) for x in miss)
            if miss else "") +
           ("left files %s; " % left if left else "") + res.describe())
    shutil.rmtree(d)


def test_warning(path, work):
    """A valid schema with a warning: validate and generate exit 0 and say
    it; generate still writes the dump."""
    name = os.path.splitext(os.path.basename(path))[0]
    with open(os.path.splitext(path)[0] + ".expected", encoding="utf-8") as f:
        expected = [l.rstrip("\n") for l in f
                    if l.strip() and not l.startswith("#")]
    prefix = "warn/%s/" % name
    res = datagen("validate", "--schema", path)
    said = (res.stdout + res.stderr).decode("utf-8", "replace")
    miss = [e for e in expected if e not in said]
    report(res.status == 0 and not miss, prefix + "validate",
           ("expected exit status 0; " if res.status != 0 else "") +
           ("output lacks %s; " % ", ".join(repr(x) for x in miss)
            if miss else "") + res.describe())
    out = os.path.join(work, "warn-%s.sql" % name)
    res = datagen("generate", "--schema", path, "--output", out)
    miss = [e for e in expected if e not in res.stderr.decode("utf-8",
                                                               "replace")]
    report(res.status == 0 and not miss and os.path.isfile(out),
           prefix + "generate",
           ("expected exit status 0 and a file; " if res.status != 0 or
            not os.path.isfile(out) else "") +
           ("stderr lacks %s; " % ", ".join(repr(x) for x in miss)
            if miss else "") + res.describe())
    if os.path.exists(out):
        os.unlink(out)


def test_output_failures(schema, work):
    # A file size limit hit half-way: the partial file and any temporary
    # file are removed, and the exit status says "runtime failure".
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    for label, restore in (("output/file-size-limit", True),
                           ("output/file-size-limit-sigxfsz-ignored", False)):
        d = os.path.join(work, label.replace("/", "-"))
        os.makedirs(d)
        out = os.path.join(d, "out.sql")
        # restore_signals=False keeps SIGXFSZ ignored (Python ignores it), so
        # the write fails with EFBIG instead of a signal.
        res = datagen("generate", "--schema", schema, "--output", out,
                      preexec=limit, restore_signals=restore)
        left = sorted(os.listdir(d))
        report(res.status == 1 and not left, label,
               ("expected exit status 1; " if res.status != 1 else "") +
               ("left files %s; " % left if left else "") + res.describe())
        shutil.rmtree(d)

    # An existing file survives a failed run unchanged.
    d = os.path.join(work, "output-existing")
    os.makedirs(d)
    out = os.path.join(d, "out.sql")
    with open(out, "w") as f:
        f.write("keep me\n")
    res = datagen("generate", "--schema", schema, "--output", out,
                  preexec=limit)
    with open(out) as f:
        kept = f.read() == "keep me\n"
    left = sorted(os.listdir(d))
    report(res.status == 1 and kept and left == ["out.sql"],
           "output/existing-file-kept",
           ("expected exit status 1; " if res.status != 1 else "") +
           ("file changed; " if not kept else "") +
           ("directory holds %s; " % left if left != ["out.sql"] else "") +
           res.describe())
    shutil.rmtree(d)

    # A successful run replaces an existing file.
    d = os.path.join(work, "output-replace")
    os.makedirs(d)
    out = os.path.join(d, "out.sql")
    with open(out, "w") as f:
        f.write("old\n")
    res = datagen("generate", "--schema", schema, "--output", out)
    ref = datagen("generate", "--schema", schema)
    with open(out, "rb") as f:
        same = f.read() == ref.stdout
    left = sorted(os.listdir(d))
    report(res.status == 0 and same and left == ["out.sql"],
           "output/replaces-existing-file",
           ("the file does not hold the new dump; " if not same else "") +
           ("directory holds %s; " % left if left != ["out.sql"] else "") +
           res.describe())
    shutil.rmtree(d)

    # Interrupted half-way: nothing is left behind. A schema of one big
    # table keeps datagen busy long enough.
    big = os.path.join(work, "big.json")
    with open(big, "w") as f:
        json.dump({"version": "1.0", "tables": {"events": {
            "columns": [{"name": "id", "type": "bigserial"},
                        {"name": "note", "type": "text"}],
            "primary_key": ["id"], "row_count": 100000000}}}, f)
    for sig in (signal.SIGINT, signal.SIGTERM):
        label = "output/interrupted-by-" + sig.name
        d = os.path.join(work, label.replace("/", "-"))
        os.makedirs(d)
        out = os.path.join(d, "out.sql")
        p = subprocess.Popen([DATAGEN, "generate", "--schema", big,
                              "--output", out],
                             stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE,
                             preexec_fn=default_sigint)
        time.sleep(0.5)
        early = p.poll() is not None
        if not early:
            p.send_signal(sig)
        try:
            _, err = p.communicate(timeout=20)
            status = p.returncode
        except subprocess.TimeoutExpired:
            p.kill()
            _, err = p.communicate()
            status = None
        left = sorted(os.listdir(d))
        res = Result(status, b"", err)
        report(not early and status not in (0, 2, None) and not left, label,
               ("still running 20 s after the signal; " if status is None
                else "") +
               ("ended before the signal; " if early else "") +
               ("left files %s; " % left if left else "") + res.describe())
        shutil.rmtree(d)

    out = os.path.join(work, "no-such-dir", "out.sql")
    res = datagen("generate", "--schema", schema, "--output", out)
    report(res.status == 1 and b"no-such-dir" in res.stderr,
           "output/missing-directory",
           "expected exit status 1 and the path in the message; "
           + res.describe())


def test_cli(schema, work):
    for label, args, status in (
            ("cli/help", ["--help"], 0),
            ("cli/version", ["--version"], 0),
            ("cli/generate-help", ["generate", "--help"], 0),
            ("cli/validate-help", ["validate", "--help"], 0),
            ("cli/unknown-command", ["frobnicate"], 2),
            ("cli/unknown-option", ["generate", "--schema", schema,
                                    "--no-such-option"], 2),
            ("cli/bad-format", ["generate", "--schema", schema,
                                "--format", "yaml"], 2),
            ("cli/bad-jobs", ["generate", "--schema", schema,
                              "--jobs", "many"], 2),
            ("cli/unknown-template", ["generate", "--template",
                                      "no_such_template"], 2),
            ("cli/bad-rows", ["generate", "--schema", schema,
                              "--rows", "no_such_table=5"], 2)):
        res = datagen(*args)
        ok = res.status == status
        if ok and status == 0:
            ok = bool(res.stdout.strip())
        report(ok, label, "expected exit status %d; %s"
               % (status, res.describe()))
    # A schema file that cannot be read: a failure naming the file.
    missing = os.path.join(work, "nope.json")
    res = datagen("validate", "--schema", missing)
    report(res.status in (1, 2) and missing.encode() in res.stderr,
           "cli/missing-schema-file",
           "expected exit status 1 or 2 and the path; " + res.describe())
    # Without --seed the output is still reproducible.
    a = datagen("generate", "--schema", schema)
    b = datagen("generate", "--schema", schema)
    report(a.status == 0 and a.stdout == b.stdout and a.stdout,
           "cli/default-seed-reproducible",
           a.describe() if a.status != 0 else "two runs differ")


def find_template(name):
    for pattern in ("templates/%s.json", "templates/%s/*.json",
                    "templates/**/%s.json"):
        found = sorted(glob.glob(os.path.join(ROOT, pattern % name),
                                 recursive=True))
        if found:
            return found[0]
    return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("only", nargs="*", help="schema names to run")
    a = ap.parse_args()
    work = a.work
    os.makedirs(work, exist_ok=True)

    if not (os.path.isfile(DATAGEN) and os.access(DATAGEN, os.X_OK)):
        report(False, "pg/datagen", "no executable %s" % DATAGEN)
        return 1

    schemas = sorted(glob.glob(os.path.join(SCHEMAS, "*.json")))
    if a.only:
        schemas = [s for s in schemas
                   if os.path.splitext(os.path.basename(s))[0] in a.only]
    if not schemas:
        report(False, "pg/schemas", "no test schemas in " + SCHEMAS)
        return 1
    for path in schemas:
        name = os.path.splitext(os.path.basename(path))[0]
        test_schema(name, ["--schema", path], path, work)
        archives.test_archives(name, ["--schema", path], path, work)

    if not a.only:
        template = find_template(TEMPLATE) if TEMPLATE else None
        if template:
            test_schema("template-" + TEMPLATE, ["--template", TEMPLATE],
                        template, work)
            archives.test_archives("template-" + TEMPLATE,
                                   ["--template", TEMPLATE], template, work)
        elif TEMPLATE:
            report(False, "template-%s/json" % TEMPLATE,
                   "no templates/%s.json to check the template against"
                   % TEMPLATE)
        matrix.test_matrix(work)
        for path in sorted(glob.glob(os.path.join(BAD, "*.json"))):
            test_bad(path, work)
        for path in sorted(glob.glob(os.path.join(WARN, "*.json"))):
            test_warning(path, work)
        test_output_failures(schemas[0], work)
        test_cli(schemas[0], work)
    if TEMPLATES != "none" and (not a.only or "PG_TEMPLATES" in os.environ):
        templates.test_templates(
            work, None if TEMPLATES == "all"
            else [n for n in TEMPLATES.split(",") if n])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
