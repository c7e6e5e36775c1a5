"""Every built-in template, restored into the test cluster in every output
format, at its default row counts and at --scale 0.01: the restore prints
no error, every constraint is valid, each table has exactly the rows
`datagen plan` announces, and the suite's checks of the schema pass (keys,
foreign keys, CHECK constraints, NULLs, variety); at default counts also
the template's own checks (schemas/template-NAME.sql: time order, skew,
trees). The COPY script's restore gets every check; the other formats must
restore the same data, compared table by table.
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

FORMATS = ("copy", "sql", "custom", "directory")
SCALES = (None, "0.01")
# a restore of the largest template (TPC-H at scale factor 1) takes minutes
RESTORE_TIMEOUT = 1800


def _suite():
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "schema_checks"):
        return main
    import suite
    return suite


S = _suite()


def template_names():
    """The templates compiled into datagen: templates/NAME.json."""
    return sorted(os.path.splitext(os.path.basename(p))[0]
                  for p in glob.glob(os.path.join(S.ROOT, "templates",
                                                  "*.json")))


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


def plan_rows(args):
    """{table: rows} from `datagen plan`, or None and what went wrong."""
    res = S.datagen("plan", *args)
    if res.status != 0:
        return None, "datagen plan %s: %s" % (" ".join(args), res.describe())
    rows = {}
    for line in res.stdout.decode("utf-8", "replace").splitlines():
        m = re.match(r"^\s*\d+\s+(\S+)\s+([\d,]+)\s", line)
        if m:
            rows[m.group(1)] = int(m.group(2).replace(",", ""))
    if not rows:
        return None, "datagen plan printed no table lines"
    return rows, None


def digests(db, m):
    """Per table: its row count and a sum of its rows' hashes, which is
    the same for the same rows in any order and, unlike the suite's sorted
    digest, costs one scan of a table of millions of rows."""
    q = ["SELECT %s || ' ' || count(*) || ' ' || "
         "coalesce(sum(hashtextextended(t::text, 0)::numeric), 0) "
         "FROM public.%s t;" % (S.lit(table), S.ident(table))
         for table in m.tables]
    res = S.psql(db, "\n".join(q) + "\n")
    if res.status != 0:
        return None, res.describe()
    return res.stdout.decode("utf-8", "replace").splitlines(), None


def restore(db, fmt, path, prefix):
    """Creates db and restores path; reports and returns whether it worked
    without a word on standard error."""
    if fmt in ("copy", "sql"):
        return S.load(db, path, prefix)
    res = S.createdb(db)
    if not S.report(res.status == 0, prefix + "createdb", res.describe()):
        return False
    # two jobs: a restore of millions of rows is the longest part of the test
    argv = ["pg_restore", "--exit-on-error", "-j", "2", "-d", db, path]
    try:
        p = subprocess.run(argv, capture_output=True, timeout=RESTORE_TIMEOUT)
        res = S.Result(p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired as e:
        res = S.Result(None, e.stdout or b"", e.stderr or b"")
    err = res.stderr.decode("utf-8", "replace").strip()
    return S.report(res.status == 0 and not err, prefix + "load",
                    "pg_restore: " + res.describe())


def test_template(name, work):
    path = os.path.join(S.ROOT, "templates", name + ".json")
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        S.report(False, "template-%s/json" % name, str(e))
        return
    extra = os.path.join(S.SCHEMAS, "template-%s.sql" % name)
    for scale in SCALES:
        args = ["--template", name] + (["--scale", scale] if scale else [])
        label = "template-%s/%s/" % (
            name, "default-rows" if scale is None else "scale-" + scale)
        rows, err = plan_rows(args)
        if not S.report(rows is not None, label + "plan", err):
            continue
        m = S.Model(doc, rows=rows)
        S.report(set(rows) == set(m.tables), label + "plan-tables",
                 "plan lists %s, the template has %s"
                 % (sorted(rows), sorted(m.tables)))
        checks = S.schema_checks(m)
        if scale is None and os.path.exists(extra):
            checks.extend(S.extra_checks(extra))
        reference = None
        for fmt in FORMATS:
            prefix = label + fmt + "/"
            out = os.path.join(work, "tpl-%s.%s" % (name, fmt))
            remove(out)
            argv = ["generate"] + args + ["--format", fmt, "--seed", S.SEED,
                                          "--output", out]
            res = S.datagen(*argv)
            if not S.report(res.status == 0 and os.path.exists(out),
                            prefix + "generate", res.describe()):
                continue
            db = "tpl_%s_%s" % (re.sub(r"\W", "_", name), fmt)
            if restore(db, fmt, out, prefix):
                if reference is None:
                    S.run_checks(db, prefix, checks)
                sums, err = digests(db, m)
                if err:
                    S.report(False, prefix + "digest", err)
                elif reference is None:
                    reference = (fmt, sums)
                else:
                    differ = sorted({l.split(" ")[0] for l in
                                     set(sums) ^ set(reference[1])})
                    S.report(not differ, prefix + "same-data-as-" +
                             reference[0], "tables differ: " +
                             ", ".join(differ))
            S.dropdb(db)
            remove(out)


def test_templates(work, names=None):
    names = names or template_names()
    if not names:
        S.report(False, "templates/found", "no templates/*.json")
    for name in names:
        test_template(name, work)
