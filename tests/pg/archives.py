#!/usr/bin/env python3
"""Archive checks of the integration suite: datagen's custom and directory
archives against the real pg_restore and pg_dump of the test cluster.

Called by suite.py once per test schema and once for the template, inside
the suite's cluster (PGHOST etc. in the environment); reports through the
suite's report(), one "ok LABEL" / "FAIL LABEL: detail" line per check.

The archive decoder below follows the archive format (version 1.12 to 1.16:
header, table of contents, data blocks of the custom format, toc.dat of the
directory format); it is written for these tests and shares no code with any
other tool.
"""

import json
import os
import re
import resource
import shutil
import subprocess
import sys
import zlib

# --- the decoder ------------------------------------------------------------

K_OFFSET_POS_NOT_SET = 1
K_OFFSET_POS_SET = 2
K_OFFSET_NO_DATA = 3
FORMAT_CUSTOM = 1
FORMAT_TAR = 3  # what a directory archive's toc.dat says
BLK_DATA = 1
SECTIONS = {1: "none", 2: "pre-data", 3: "data", 4: "post-data"}


class ArchiveError(Exception):
    pass


class Reader:
    def __init__(self, data, pos=0):
        self.data = data
        self.pos = pos
        self.int_size = 4
        self.off_size = 8

    def take(self, n):
        if n < 0 or self.pos + n > len(self.data):
            raise ArchiveError("truncated at byte %d (wanted %d more)"
                               % (self.pos, n))
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def byte(self):
        return self.take(1)[0]

    def int(self):
        sign = self.byte()
        value = int.from_bytes(self.take(self.int_size), "little")
        return -value if sign else value

    def str(self):
        n = self.int()
        if n == -1:
            return None
        if n < 0:
            raise ArchiveError("string length %d at byte %d"
                               % (n, self.pos - 1 - self.int_size))
        return self.take(n).decode("utf-8")

    def offset(self):
        flag = self.byte()
        value = int.from_bytes(self.take(self.off_size), "little")
        return flag, value


class Entry:
    FIELDS = ("dump_id", "had_dumper", "tableoid", "oid", "tag", "desc",
              "section", "defn", "drop_stmt", "copy_stmt", "namespace",
              "tablespace", "tableam", "relkind", "owner", "with_oids",
              "deps", "offset_flag", "offset", "filename")

    def __init__(self):
        for f in self.FIELDS:
            setattr(self, f, None)

    def key(self):
        return (self.desc, self.tag)

    def __repr__(self):
        return "%d %s %s" % (self.dump_id, self.desc, self.tag)


class Archive:
    """header fields, entries (in file order), header_end (byte position
    after the header), toc_end; for a custom archive also blocks:
    {dumpId: (position, [chunk bytes...])} in file order (block_order)."""

    def __init__(self):
        self.entries = []
        self.blocks = {}
        self.block_order = []

    def by_id(self):
        return {e.dump_id: e for e in self.entries}


def decode(data, directory=False):
    """Decodes a custom archive (bytes) or a directory archive's toc.dat."""
    r = Reader(data)
    a = Archive()
    if r.take(5) != b"PGDMP":
        raise ArchiveError("no PGDMP magic")
    a.vmaj = r.byte()
    a.vmin = r.byte()
    a.vrev = r.byte() if (a.vmaj, a.vmin) > (1, 0) else 0
    v = (a.vmaj, a.vmin)
    if v < (1, 12) or v > (1, 16):
        raise ArchiveError("version %d.%d not handled" % v)
    r.int_size = a.int_size = r.byte()
    r.off_size = a.off_size = r.byte()
    a.format = r.byte()
    if a.format != (FORMAT_TAR if directory else FORMAT_CUSTOM):
        raise ArchiveError("format byte %d" % a.format)
    if v >= (1, 15):
        a.compression_algorithm = r.byte()
        a.compression = None
    else:
        a.compression = r.int()
        a.compression_algorithm = 0 if a.compression == 0 else 1
    a.tm = [r.int() for _ in range(7)]  # sec min hour mday mon year isdst
    a.dbname = r.str()
    a.server_version = r.str()
    a.dumper_version = r.str()
    a.header_end = r.pos
    count = r.int()
    if count < 0:
        raise ArchiveError("TOC count %d" % count)
    for _ in range(count):
        e = Entry()
        e.dump_id = r.int()
        e.had_dumper = r.int()
        e.tableoid = r.str()
        e.oid = r.str()
        e.tag = r.str()
        e.desc = r.str()
        e.section = r.int()
        e.defn = r.str()
        e.drop_stmt = r.str()
        e.copy_stmt = r.str()
        e.namespace = r.str()
        e.tablespace = r.str()
        if v >= (1, 14):
            e.tableam = r.str()
        if v >= (1, 16):
            e.relkind = r.int()
        e.owner = r.str()
        e.with_oids = r.str()
        e.deps = []
        while True:
            d = r.str()
            if d is None:
                break
            e.deps.append(int(d))
        if directory:
            e.filename = r.str()
        else:
            e.offset_flag, e.offset = r.offset()
            if e.offset_flag not in (K_OFFSET_POS_NOT_SET, K_OFFSET_POS_SET,
                                     K_OFFSET_NO_DATA):
                raise ArchiveError("entry %d: offset flag %d"
                                   % (e.dump_id, e.offset_flag))
        a.entries.append(e)
    a.toc_end = r.pos
    if directory:
        if r.pos != len(data):
            raise ArchiveError("%d bytes after the TOC of toc.dat"
                               % (len(data) - r.pos))
        return a
    while r.pos < len(data):
        pos = r.pos
        kind = r.byte()
        if kind != BLK_DATA:
            raise ArchiveError("block type %d at byte %d" % (kind, pos))
        dump_id = r.int()
        chunks = []
        while True:
            n = r.int()
            if n == 0:
                break
            if n < 0:
                raise ArchiveError("chunk length %d in block %d"
                                   % (n, dump_id))
            chunks.append(r.take(n))
        if dump_id in a.blocks:
            raise ArchiveError("two blocks for dumpId %d" % dump_id)
        a.blocks[dump_id] = (pos, chunks)
        a.block_order.append(dump_id)
    return a


def decode_file(path):
    with open(path, "rb") as f:
        return decode(f.read())


def header_time(a):
    """The header's creation time as "YYYY-MM-DD HH:MM:SS" (fields as
    written, no time zone applied)."""
    sec, mi, hour, mday, mon, year, _ = a.tm
    return "%04d-%02d-%02d %02d:%02d:%02d" % (year + 1900, mon + 1, mday,
                                              hour, mi, sec)


def inflate_block(chunks):
    """Inflates one block's concatenated chunks as exactly one zlib stream:
    (text, problem or None)."""
    data = b"".join(chunks)
    d = zlib.decompressobj()
    try:
        out = d.decompress(data) + d.flush()
    except zlib.error as e:
        return None, "not a zlib stream: %s" % e
    if not d.eof:
        return out, "the zlib stream is not finished"
    if d.unused_data:
        return out, "%d bytes after the end of the zlib stream" % len(
            d.unused_data)
    return out, None



def read_tree(path):
    """{relative path: bytes} of every file under path."""
    out = {}
    for root, _, files in os.walk(path):
        for f in files:
            p = os.path.join(root, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, path)] = fh.read()
    return out


def decode_directory(path):
    """(archive from toc.dat, {dumpId: data file text}) of a directory
    archive; the data files are read as the TOC names them, or with .gz."""
    with open(os.path.join(path, "toc.dat"), "rb") as f:
        a = decode(f.read(), directory=True)
    texts = {}
    for e in a.entries:
        if not e.filename:
            continue
        p = os.path.join(path, e.filename)
        if os.path.exists(p):
            with open(p, "rb") as f:
                texts[e.dump_id] = f.read()
        elif os.path.exists(p + ".gz"):
            with open(p + ".gz", "rb") as f:
                raw = f.read()
            # gzip members one after another, as pg_restore's gzread
            # takes them; each must be finished
            text = b""
            while True:
                d = zlib.decompressobj(wbits=31)
                try:
                    text += d.decompress(raw) + d.flush()
                except zlib.error as err:
                    raise ArchiveError("%s.gz: %s" % (e.filename, err))
                if not d.eof:
                    raise ArchiveError("%s.gz: the gzip stream is not "
                                       "finished" % e.filename)
                raw = d.unused_data
                if not raw:
                    break
            texts[e.dump_id] = text
        else:
            raise ArchiveError("no data file %s (or .gz)" % e.filename)
    return a, texts


# --- expected differences from pg_dump ---------------------------------------

# Every way a datagen archive may differ from what pg_dump -Fc writes for the
# database restored from it, with the reason. compare_with_pg_dump() allows
# exactly these and nothing else.
EXPECTED_DIFFERENCES = {
    "owner":
        "datagen writes no owner (NULL): the objects belong to whoever "
        "restores them and pg_restore emits no ALTER ... OWNER TO; pg_dump "
        "names the role that owns each object",
    "searchpath":
        "datagen's SEARCHPATH entry sets search_path to 'public', not '', "
        "because the schema's own DEFAULT and CHECK expressions name objects "
        "without a schema (README, Output formats)",
    "database-locale":
        "pg_dump's DATABASE entry adds LOCALE_PROVIDER and LOCALE (or "
        "LC_COLLATE/LC_CTYPE) of the database it dumps, which is the test "
        "cluster's, not the schema's; datagen writes none",
    "expressions":
        "CHECK constraint, DOMAIN constraint and DEFAULT expressions: datagen "
        "writes the schema's text, the server stores it normalised (casts, "
        "parentheses, BETWEEN and IN rewritten, names qualified) and pg_dump "
        "prints the normalised form; the rest of the line must match",
    "extension-comment":
        "pg_dump adds a COMMENT ON EXTENSION entry with the comment the "
        "extension's own script sets; datagen writes no comment on "
        "extensions",
    "extension-dependency":
        "a DEFAULT calling an extension's function (uuid_generate_v4()) makes "
        "pg_dump add a dependency of the TABLE or DEFAULT entry on the "
        "EXTENSION; datagen does not track function calls in defaults",
}


def expected_extra_entry(e):
    """An entry pg_dump writes and datagen need not (the reason's key)."""
    if e.desc == "COMMENT" and (e.tag or "").startswith("EXTENSION "):
        return "extension-comment"
    return None


CHECK_LINE = re.compile(r"^(\s*CONSTRAINT .+? CHECK )\(.*\)(( NOT VALID)?,?"
                        r"(;)?)$")
DEFAULT_LINE = re.compile(r"^(\s+\S.*? DEFAULT ).*?( NOT NULL)?(,?)$")
DEFAULT_ENTRY = re.compile(r"^(ALTER TABLE ONLY \S.* ALTER COLUMN \S.* SET "
                           r"DEFAULT ).*(;)$", re.S)
DOMAIN_DEFAULT = re.compile(r"^(CREATE DOMAIN \S+ AS .*? DEFAULT ).*$")
DB_LOCALE = re.compile(r" (LOCALE_PROVIDER = \w+|LOCALE = '[^']*'|"
                       r"LC_COLLATE = '[^']*'|LC_CTYPE = '[^']*'|"
                       r"ICU_LOCALE = '[^']*')")


def mask_expressions(desc, text):
    """defn with CHECK and DEFAULT expression texts replaced by <expr>."""
    if text is None:
        return None
    if desc == "DEFAULT":
        return DEFAULT_ENTRY.sub(r"\1<expr>\2", text.rstrip("\n")) + "\n"
    lines = text.split("\n")
    out = []
    for line in lines:
        line = CHECK_LINE.sub(r"\1<expr>\2", line)
        if desc == "TABLE" and not line.lstrip().startswith("CONSTRAINT "):
            line = DEFAULT_LINE.sub(r"\1<expr>\2\3", line)
        if desc == "DOMAIN":
            line = DOMAIN_DEFAULT.sub(r"\1<expr>", line)
        out.append(line)
    return "\n".join(out)


def compare_defn(ours, theirs):
    """None when ours's defn equals pg_dump's up to the expected
    differences, else what differs."""
    a, b = ours.defn, theirs.defn
    if a == b:
        return None
    if ours.desc == "SEARCHPATH":
        if (a == "SELECT pg_catalog.set_config('search_path', 'public', "
                 "false);\n" and
                b == "SELECT pg_catalog.set_config('search_path', '', "
                     "false);\n"):
            return None
    elif ours.desc == "DATABASE":
        if b is not None and DB_LOCALE.sub("", b) == a:
            return None
    elif ours.desc in ("TABLE", "DOMAIN", "DEFAULT"):
        ma = mask_expressions(ours.desc, a)
        mb = mask_expressions(ours.desc, b)
        if ma == mb:
            return None
        a, b = ma, mb
    al = (a or "").split("\n")
    bl = (b or "").split("\n")
    for i in range(max(len(al), len(bl))):
        x = al[i] if i < len(al) else "<end>"
        y = bl[i] if i < len(bl) else "<end>"
        if x != y:
            return "line %d: datagen %r, pg_dump %r" % (i + 1, x, y)
    return "datagen %r, pg_dump %r" % (ours.defn, theirs.defn)


# --- running things ----------------------------------------------------------

S = None  # the suite module: report, run, datagen, psql, Model, checks
HIDDEN = ("ENCODING", "STDSTRINGS", "SEARCHPATH", "DATABASE")
EPOCH = "1700000000"
EPOCH_TIME = "2023-11-14 22:13:20"
# README: without SOURCE_DATE_EPOCH the header says this
DEFAULT_TIME = "2025-01-01 00:00:00"
TERMINATOR = b"\\.\n\n\n"
# A restore that should take a second: fail instead of waiting for the
# suite's 10 minutes when pg_restore hangs on a bad block
RESTORE_TIMEOUT = 120
_failures_done = False


def _suite():
    main = sys.modules.get("__main__")
    if main is not None and hasattr(main, "schema_checks"):
        return main
    import suite
    return suite


def report(ok, label, detail=""):
    return S.report(ok, label, detail)


def clean_env(**extra):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update(extra)
    return env


def dg(args, env=None, **kw):
    return S.datagen(*args, env=env or clean_env(), **kw)


def run_timeout(argv, timeout):
    try:
        p = subprocess.run(argv, capture_output=True, timeout=timeout)
        return S.Result(p.returncode, p.stdout, p.stderr)
    except subprocess.TimeoutExpired as e:
        return S.Result(None, e.stdout or b"", e.stderr or b"")


def pg_restore(args):
    return run_timeout(["pg_restore"] + args, RESTORE_TIMEOUT)


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.unlink(path)


class Ctx:
    def __init__(self, name, source_args, json_path, work):
        self.name = name
        self.source_args = source_args
        self.slug = re.sub(r"\W", "_", name)
        self.work = work
        with open(json_path, encoding="utf-8") as f:
            self.doc = json.load(f)
        self.m = S.Model(self.doc)
        if source_args[0] == "--schema":
            extra = os.path.splitext(json_path)[0] + ".sql"
        else:
            extra = os.path.join(S.SCHEMAS, name + ".sql")
        self.extra = extra if os.path.exists(extra) else None

    def checks(self, model=None, drop=(), extra=True):
        """The suite's checks from the JSON (and NAME.sql), without those
        whose name starts with one of drop."""
        checks = S.schema_checks(model or self.m)
        if extra and self.extra:
            checks.extend(S.extra_checks(self.extra))
        return [c for c in checks if not c[0].startswith(tuple(drop))]

    def path(self, what):
        return os.path.join(self.work, what)

    def gen(self, out, *args, env=None):
        """Generates into out (removed first); None or what went wrong."""
        remove(out)
        argv = (["generate"] + self.source_args + ["--seed", S.SEED] +
                list(args) + ["--output", out])
        res = dg(argv, env=env)
        if res.status != 0:
            return "datagen %s: %s" % (" ".join(argv), res.describe())
        if not os.path.exists(out):
            return "datagen %s exited 0 but wrote nothing" % " ".join(argv)
        return None


def describe_restore(res):
    if res.status is None:
        return "pg_restore still running after %d s (a hang?)" \
            % RESTORE_TIMEOUT
    return res.describe()


def restored(c, label, db, args, archive):
    """createdb db, pg_restore --exit-on-error ARGS -d db archive: the
    result is reported as label (exit status 0, nothing on stderr)."""
    res = S.createdb(db)
    if not report(res.status == 0, label + "/createdb", res.describe()):
        return False
    argv = ["--exit-on-error", "-d", db] + args + [archive]
    res = pg_restore(argv)
    err = res.stderr.decode("utf-8", "replace").strip()
    return report(res.status == 0 and not err, label,
                  ("pg_restore %s: " % " ".join(argv)) +
                  describe_restore(res))


def restore_and_check(c, label, db, args, archive):
    if restored(c, label, db, args, archive):
        S.run_checks(db, label + "/", c.checks())
    S.dropdb(db)


# --- the checks --------------------------------------------------------------


def check_header(a, level):
    problems = []
    if (a.vmaj, a.vmin, a.vrev) != (1, 14, 0):
        problems.append("version %d.%d.%d, expected 1.14.0"
                        % (a.vmaj, a.vmin, a.vrev))
    if (a.int_size, a.off_size) != (4, 8):
        problems.append("intSize %d offSize %d" % (a.int_size, a.off_size))
    want_zero = level == "0"
    if (a.compression == 0) != want_zero:
        problems.append("compression field %s at -Z %s"
                        % (a.compression, level))
    if a.tm[6] != 0:
        problems.append("isdst %d" % a.tm[6])
    return problems


def check_offsets(a):
    """Every data entry's offset points at its block; blocks in TOC order."""
    problems = []
    data_ids = [e.dump_id for e in a.entries if e.had_dumper]
    if a.block_order != data_ids:
        problems.append("blocks %s, entries with data %s"
                        % (a.block_order, data_ids))
    for e in a.entries:
        if not e.had_dumper:
            if e.offset_flag != K_OFFSET_NO_DATA:
                problems.append("%r: offset flag %d without data"
                                % (e, e.offset_flag))
            continue
        if e.offset_flag != K_OFFSET_POS_SET:
            problems.append("%r: offset flag %d, expected %d (set)"
                            % (e, e.offset_flag, K_OFFSET_POS_SET))
        elif e.dump_id in a.blocks and \
                a.blocks[e.dump_id][0] != e.offset:
            problems.append("%r: offset %d, block at %d"
                            % (e, e.offset, a.blocks[e.dump_id][0]))
    return problems


def block_texts(a, compressed):
    """({dumpId: COPY text}, [problems]): compressed blocks must each be
    one finished zlib stream with nothing after it."""
    texts = {}
    problems = []
    for dump_id in a.block_order:
        chunks = a.blocks[dump_id][1]
        if compressed:
            text, problem = inflate_block(chunks)
            if problem:
                problems.append("block %d: %s" % (dump_id, problem))
        else:
            text = b"".join(chunks)
        if text is not None and not text.endswith(TERMINATOR):
            problems.append("block %d ends %r, not with %r"
                            % (dump_id, text[-12:], TERMINATOR))
        texts[dump_id] = text
    return texts, problems


def data_entry(a, table):
    for e in a.entries:
        if e.desc == "TABLE DATA" and e.tag == table and \
                e.namespace == "public":
            return e
    return None


def test_list(c, a, archive, prefix):
    """pg_restore -l lists every entry (item 1)."""
    res = pg_restore(["-l", archive])
    if res.status != 0:
        report(False, prefix + "list", describe_restore(res))
        return
    text = res.stdout.decode("utf-8", "replace")
    listed = [int(m.group(1)) for m in
              re.finditer(r"^(\d+); ", text, re.M)]
    lines = [l for l in text.splitlines() if l and not l.startswith(";")]
    want = [e.dump_id for e in a.entries if e.desc not in HIDDEN]
    m = re.search(r"^;\s+TOC Entries: (\d+)$", text, re.M)
    total = int(m.group(1)) if m else None
    problems = []
    if total != len(a.entries):
        problems.append("header says %s TOC entries, decoded %d"
                        % (total, len(a.entries)))
    if len(lines) != len(want):
        problems.append("%d lines listed, %d entries decoded (without %s)"
                        % (len(lines), len(want), "/".join(HIDDEN)))
    if listed != want:
        problems.append("listed ids %s, decoded %s" % (listed, want))
    report(not problems, prefix + "list", "; ".join(problems))


def test_restores(c, archives, directory):
    """Item 2: serial, -j 2, -Z levels, a pipe, the directory with -j 4.
    The serial restore's database is kept and returned (for pg_dump)."""
    p = c.name + "/custom/"
    keep_db = None
    if archives.get("1"):
        a = archives["1"][1]
        # named as the archive says, so that pg_dump's DATABASE entry
        # can be compared
        db = a.dbname if a.dbname and a.dbname not in (
            "postgres", "template0", "template1",
            os.environ.get("PGDATABASE")) else "a_%s" % c.slug
        if restored(c, p + "restore", db, [], archives["1"][0]):
            keep_db = db
        else:
            S.dropdb(db)
        restore_and_check(c, p + "restore-j2", "a_%s_j2" % c.slug,
                          ["-j", "2"], archives["1"][0])
    for level in ("0", "6"):
        if archives.get(level):
            restore_and_check(c, "%s/custom-Z%s/restore" % (c.name, level),
                              "a_%s_z%s" % (c.slug, level), [],
                              archives[level][0])
    if directory:
        restore_and_check(c, c.name + "/directory/restore-j4",
                          "a_%s_dir" % c.slug, ["-j", "4"], directory)

    # From a pipe: datagen ... --output - | pg_restore -d DB
    db = "a_%s_pipe" % c.slug
    label = p + "restore-from-pipe"
    res = S.createdb(db)
    if report(res.status == 0, label + "/createdb", res.describe()):
        errfile = c.path("pipe.err")
        with open(errfile, "wb") as err:
            gen = subprocess.Popen(
                [S.DATAGEN, "generate"] + c.source_args +
                ["--seed", S.SEED, "--format", "custom", "--output", "-"],
                stdout=subprocess.PIPE, stderr=err, env=clean_env())
            rest = subprocess.Popen(
                ["pg_restore", "--exit-on-error", "-d", db],
                stdin=gen.stdout, stdout=subprocess.PIPE,
                stderr=subprocess.PIPE)
            gen.stdout.close()
            try:
                out, rerr = rest.communicate(timeout=RESTORE_TIMEOUT)
                rstatus = rest.returncode
            except subprocess.TimeoutExpired:
                rest.kill()
                out, rerr = rest.communicate()
                rstatus = None
            try:
                gstatus = gen.wait(timeout=60)
            except subprocess.TimeoutExpired:
                gen.kill()
                gstatus = gen.wait()
        with open(errfile, "rb") as f:
            gerr = f.read()
        ok = gstatus == 0 and rstatus == 0 and not rerr.strip()
        if report(ok, label, "datagen: %s; pg_restore: %s" % (
                S.Result(gstatus, b"", gerr).describe(),
                describe_restore(S.Result(rstatus, out, rerr)))):
            S.run_checks(db, label + "/", c.checks())
    S.dropdb(db)
    return keep_db


def test_pipe_archive(c, file_archive):
    """The archive written to a pipe decodes, its data entries say either
    "position not set" or the right position, and its blocks are those of
    the file."""
    label = c.name + "/custom/pipe-archive"
    res = dg(["generate"] + c.source_args +
             ["--seed", S.SEED, "--format", "custom", "--output", "-"])
    if not report(res.status == 0, label + "-generate", res.describe()):
        return
    problems = []
    try:
        a = decode(res.stdout)
    except ArchiveError as e:
        report(False, label, "does not decode: %s" % e)
        return
    for e in a.entries:
        if e.had_dumper and not (
                e.offset_flag == K_OFFSET_POS_NOT_SET or
                (e.offset_flag == K_OFFSET_POS_SET and
                 e.dump_id in a.blocks and a.blocks[e.dump_id][0] ==
                 e.offset)):
            problems.append("%r: offset flag %d, offset %d"
                            % (e, e.offset_flag, e.offset))
    if a.block_order != file_archive.block_order or any(
            a.blocks[i][1] != file_archive.blocks[i][1]
            for i in a.block_order):
        problems.append("the data blocks differ from those written to a "
                        "file")
    if [(e.dump_id, e.desc, e.tag, e.defn) for e in a.entries] != \
            [(e.dump_id, e.desc, e.tag, e.defn) for e in file_archive.entries]:
        problems.append("the TOC differs from the file's")
    report(not problems, label, "; ".join(problems))


def root_table(c):
    """A table with rows and no foreign key of its own: the most rows."""
    cands = [t for t in c.m.tables
             if c.m.rows[t] > 0 and not c.m.tables[t].get("foreign_keys")]
    cands.sort(key=lambda t: (-c.m.rows[t], t))
    return cands[0] if cands else None


def leaf_table(c):
    """A table no foreign key refers to: the most rows."""
    referenced = {fk["referenced_table"] for t in c.m.tables.values()
                  for fk in t.get("foreign_keys") or []}
    leaves = sorted((t for t in c.m.tables if t not in referenced),
                    key=lambda t: (-c.m.rows[t], t))
    return leaves[0] if leaves else None


def test_selective(c, a, archive):
    """Item 3: sections in turn, schema-only, data-only -t, -L."""
    p = c.name + "/custom/"
    # --section=pre-data, data, post-data applied in turn
    db = "a_%s_sections" % c.slug
    label = p + "restore-by-section"
    res = S.createdb(db)
    ok = report(res.status == 0, label + "/createdb", res.describe())
    for section in ("pre-data", "data", "post-data"):
        if not ok:
            break
        argv = ["--exit-on-error", "--section=" + section, "-d", db,
                archive]
        res = pg_restore(argv)
        err = res.stderr.decode("utf-8", "replace").strip()
        ok = report(res.status == 0 and not err,
                    "%s/%s" % (label, section),
                    "pg_restore %s: %s" % (" ".join(argv),
                                           describe_restore(res)))
    if ok:
        S.run_checks(db, label + "/", c.checks())
    S.dropdb(db)

    # --schema-only: every table, no rows; then --data-only -t TABLE loads
    # exactly that table
    db = "a_%s_schema_only" % c.slug
    label = p + "schema-only"
    if restored(c, label, db, ["--schema-only"], archive):
        empty = S.Model(c.doc, rows={t: 0 for t in c.m.tables})
        S.run_checks(db, label + "/", c.checks(empty, extra=False))
        table = root_table(c)
        label = p + "data-only-t"
        if table is None:
            report(False, label, "no table with rows and no foreign key")
        else:
            argv = ["--exit-on-error", "--data-only", "-t", table, "-d", db,
                    archive]
            res = pg_restore(argv)
            err = res.stderr.decode("utf-8", "replace").strip()
            if report(res.status == 0 and not err, label,
                      "pg_restore %s: %s" % (" ".join(argv),
                                             describe_restore(res))):
                rows = {t: 0 for t in c.m.tables}
                rows[table] = c.m.rows[table]
                one = S.Model(c.doc, rows=rows)
                # the sequences are not set by -t TABLE
                S.run_checks(db, label + "/", c.checks(
                    one, drop=("sequences.",), extra=False))
    S.dropdb(db)

    # -L with an INDEX and a COMMENT line removed from pg_restore -l
    label = p + "use-list"
    res = pg_restore(["-l", archive])
    if not report(res.status == 0, label + "/list", describe_restore(res)):
        return
    lines = res.stdout.decode("utf-8").splitlines(keepends=True)
    ids = a.by_id()
    index = comment = None
    for i, l in enumerate(lines):
        m = re.match(r"^(\d+); ", l)
        e = ids.get(int(m.group(1))) if m else None
        if e is None:
            continue
        if e.desc == "INDEX" and index is None:
            index = (i, e)
        if e.desc == "COMMENT" and comment is None and \
                e.tag.startswith(("TABLE ", "COLUMN ")):
            comment = (i, e)
    if index is None and comment is None:
        print("skip %s: no INDEX and no COMMENT ON TABLE/COLUMN entry to "
              "leave out" % label, flush=True)
        return
    gone = [x[0] for x in (index, comment) if x is not None]
    listfile = c.path("list.txt")
    with open(listfile, "w", encoding="utf-8") as f:
        f.writelines(l for i, l in enumerate(lines) if i not in gone)
    db = "a_%s_list" % c.slug
    if restored(c, label, db, ["-L", listfile], archive):
        checks = c.checks(drop=("indexes.", "index.", "comments."),
                          extra=False)
        if index is not None:
            checks.append((
                "index-left-out",
                "SELECT CASE WHEN to_regclass(%s) IS NOT NULL THEN %s END"
                % (S.lit("public." + S.ident(index[1].tag)),
                   S.lit("index %s exists" % index[1].tag))))
        if comment is not None:
            ncomments = sum(1 for e in a.entries if e.desc == "COMMENT" and
                            e.tag.startswith(("TABLE ", "COLUMN ")))
            mtext = re.search(r" IS '((?:[^']|'')*)';\n$", comment[1].defn)
            text = mtext.group(1).replace("''", "'") if mtext else ""
            checks.append((
                "comment-left-out",
                "SELECT concat_ws('; ', CASE WHEN n <> %d THEN "
                "'expected %d comments on relations and columns, found ' "
                "|| n END, CASE WHEN EXISTS (SELECT 1 FROM pg_description "
                "WHERE description = %s) THEN %s END) FROM (SELECT count(*) "
                "AS n FROM pg_description d JOIN pg_class r ON d.classoid = "
                "'pg_class'::regclass AND d.objoid = r.oid WHERE "
                "r.relnamespace = 'public'::regnamespace) s"
                % (ncomments - 1, ncomments - 1, S.lit(text),
                   S.lit("the comment %s exists" % comment[1].tag))))
        S.run_checks(db, label + "/", checks)
    S.dropdb(db)


def script_lines(text):
    """The statements of a SQL script: no comment lines, no blank lines,
    no \\restrict or \\unrestrict lines."""
    return [l for l in text.split("\n")
            if l and not l.startswith("--") and
            not l.startswith(("\\restrict", "\\unrestrict"))]


def test_script(c, archive):
    """Item 4: pg_restore -f - prints the copy format's statements."""
    label = c.name + "/custom/script-equals-copy"
    res = pg_restore(["-f", "-", archive])
    ref = dg(["generate"] + c.source_args +
             ["--seed", S.SEED, "--format", "copy"])
    if res.status != 0 or ref.status != 0:
        report(False, label, "pg_restore -f -: %s; datagen --format copy: "
               "%s" % (describe_restore(res), ref.describe()))
        return
    a = script_lines(res.stdout.decode("utf-8", "replace"))
    b = script_lines(ref.stdout.decode("utf-8", "replace"))
    if a == b:
        report(True, label)
        return
    for i in range(max(len(a), len(b))):
        x = a[i] if i < len(a) else "<end>"
        y = b[i] if i < len(b) else "<end>"
        if x != y:
            report(False, label, "statement line %d: pg_restore %r, copy "
                   "format %r (%d and %d lines)" % (i + 1, x[:200], y[:200],
                                                    len(a), len(b)))
            return


def test_determinism(c, archives):
    """Item 5: the same bytes for --jobs 1 and 4 (custom file, directory
    files), the fixed creation time, SOURCE_DATE_EPOCH."""
    for fmt in ("custom", "directory"):
        for level in ("0", "1"):  # "1": the default level, no -Z
            label = "%s/%s/deterministic-jobs-%s" % (
                c.name, fmt, "Z0" if level == "0" else "default-level")
            outs = []
            problems = []
            for jobs in ("1", "4"):
                out = c.path("det-%s-%s-j%s" % (fmt, level, jobs))
                err = c.gen(out, "--format", fmt, "--jobs", jobs,
                            *([] if level == "1" else ["-Z", level]))
                if err:
                    problems.append(err)
                outs.append(out)
            if not problems:
                if fmt == "custom":
                    with open(outs[0], "rb") as f:
                        x = f.read()
                    with open(outs[1], "rb") as f:
                        y = f.read()
                    if x != y:
                        problems.append("--jobs 1 and 4 give different "
                                        "bytes")
                    elif archives.get(level) and \
                            archives[level][2] != x:
                        problems.append("--jobs 1 differs from the "
                                        "default --jobs")
                else:
                    x = read_tree(outs[0])
                    y = read_tree(outs[1])
                    if x != y:
                        problems.append(
                            "--jobs 1 and 4 give different files: %s"
                            % sorted(k for k in set(x) | set(y)
                                     if x.get(k) != y.get(k)))
            report(not problems, label, "; ".join(problems))
            for out in outs:
                remove(out)

    if not archives.get("1"):
        return
    path, a, data = archives["1"]
    report(header_time(a) == DEFAULT_TIME,
           c.name + "/custom/fixed-creation-time",
           "without SOURCE_DATE_EPOCH the header says %s, README says %s"
           % (header_time(a), DEFAULT_TIME))
    label = c.name + "/custom/source-date-epoch"
    out = c.path("epoch.dump")
    err = c.gen(out, "--format", "custom",
                env=clean_env(SOURCE_DATE_EPOCH=EPOCH))
    if not report(err is None, label + "-generate", err):
        return
    with open(out, "rb") as f:
        y = f.read()
    remove(out)
    problems = []
    try:
        b = decode(y)
        if header_time(b) != EPOCH_TIME or b.tm[6] != 0:
            problems.append("SOURCE_DATE_EPOCH=%s: the header says %s "
                            "(isdst %d), expected %s"
                            % (EPOCH, header_time(b), b.tm[6], EPOCH_TIME))
    except ArchiveError as e:
        problems.append("does not decode: %s" % e)
    if len(y) != len(data):
        problems.append("%d bytes, %d without SOURCE_DATE_EPOCH"
                        % (len(y), len(data)))
    else:
        diff = [i for i in range(len(y)) if y[i] != data[i]]
        outside = [i for i in diff if i >= a.header_end]
        if outside:
            problems.append("bytes differ after the header (first at %d, "
                            "header ends at %d)" % (outside[0],
                                                    a.header_end))
        if not diff:
            problems.append("the bytes do not change at all")
    report(not problems, label, "; ".join(problems))


def test_compression(c, archives, directory):
    """Item 6: one finished zlib stream per block; the same COPY text at
    every level and in the directory's files; an empty table's stream;
    the template's sizes."""
    p = c.name + "/custom/"
    texts = {}
    for level in ("1", "6", "0"):
        if not archives.get(level):
            continue
        a = archives[level][1]
        t, problems = block_texts(a, level != "0")
        texts[level] = t
        report(not problems, "%s/custom%s/%s" % (
            c.name, "" if level == "1" else "-Z" + level,
            "plain-blocks" if level == "0"
            else "one-zlib-stream-per-block"), "; ".join(problems))
    if texts.get("1") is not None:
        ref = texts["1"]
        bad = [lv for lv in ("6", "0")
               if lv in texts and texts[lv] != ref]
        report(not bad, p + "same-data-at-every-level",
               "the COPY text at -Z %s differs from the default level's"
               % " and ".join(bad))
        if directory:
            label = c.name + "/directory/data-files"
            try:
                da, dt = decode_directory(directory)
                problems = []
                names = {"toc.dat"}
                for e in da.entries:
                    if e.filename:
                        names.add(e.filename + ".gz")
                    elif e.had_dumper or e.filename is None:
                        problems.append("%r: data file name %r"
                                        % (e, e.filename))
                    if e.had_dumper and e.filename != "%d.dat" % e.dump_id:
                        problems.append("%r: data file %r" % (e, e.filename))
                extra = sorted(set(os.listdir(directory)) - names)
                if extra:
                    problems.append("unexpected files %s" % extra)
                if dt != ref:
                    problems.append("the data files hold other text than "
                                    "the custom archive's blocks")
                if [(e.dump_id, e.desc, e.tag, e.defn) for e in
                        da.entries] != [(e.dump_id, e.desc, e.tag, e.defn)
                                        for e in archives["1"][1].entries]:
                    problems.append("toc.dat's entries differ from the "
                                    "custom archive's")
                report(not problems, label, "; ".join(problems))
            except (ArchiveError, OSError) as e:
                report(False, label, str(e))

    # An empty table still gets a finished stream of the terminator.
    leaf = leaf_table(c)
    label = p + "empty-table-stream"
    out = c.path("empty.dump")
    err = c.gen(out, "--format", "custom", "--rows", "%s=0" % leaf)
    if report(err is None, label + "-generate", err):
        try:
            a = decode_file(out)
            e = data_entry(a, leaf)
            if e is None or e.dump_id not in a.blocks:
                report(False, label, "no data block for %s" % leaf)
            else:
                text, problem = inflate_block(a.blocks[e.dump_id][1])
                report(problem is None and text == TERMINATOR, label,
                       problem or "%s: inflated to %r, expected %r"
                       % (leaf, text, TERMINATOR))
        except ArchiveError as e:
            report(False, label, "does not decode: %s" % e)
        # pg_restore reads it to the end (a bad stream makes it hang)
        res = pg_restore(["-f", os.devnull, out])
        report(res.status == 0 and not res.stderr.strip(),
               label + "-pg_restore", describe_restore(res))
    remove(out)

    if c.source_args[0] == "--template" and all(
            archives.get(lv) for lv in ("0", "1", "6")):
        z0 = len(archives["0"][2])
        z1 = len(archives["1"][2])
        z6 = len(archives["6"][2])
        report(z0 >= 3 * z6, p + "size-Z6",
               "-Z 0: %d bytes, -Z 6: %d bytes (%.2fx, expected at least 3x)"
               % (z0, z6, z0 / z6))
        report(z0 >= 1.8 * z1, p + "size-default-level",
               "-Z 0: %d bytes, default: %d bytes (%.2fx, expected at least "
               "1.8x)" % (z0, z1, z0 / z1))


def compare_with_pg_dump(c, ours, db):
    """Item 7: pg_dump -Fc of the restored database against the archive."""
    p = c.name + "/pg_dump/"
    dump = c.path("pg_dump.dump")
    res = S.run(["pg_dump", "-Fc", "-f", dump, db])
    if not report(res.status == 0, p + "dump", res.describe()):
        return
    try:
        theirs = decode_file(dump)
    except ArchiveError as e:
        report(False, p + "decode", str(e))
        return
    oids = ours.by_id()
    tids = theirs.by_id()
    okeys = [e.key() for e in ours.entries]
    tkeys = [e.key() for e in theirs.entries if not expected_extra_entry(e)]
    dup = [k for k in set(okeys) if okeys.count(k) > 1]
    missing = [k for k in tkeys if k not in okeys]
    extra = [k for k in okeys if k not in tkeys]
    report(not missing and not extra and not dup, p + "same-entries",
           "; ".join(x for x in (
               "missing in datagen's: %s" % missing if missing else "",
               "not in pg_dump's: %s" % extra if extra else "",
               "twice in datagen's: %s" % dup if dup else "") if x))
    common_t = [k for k in tkeys if k in okeys]
    common_o = [k for k in okeys if k in tkeys]
    first = next((i for i, (x, y) in enumerate(zip(common_t, common_o))
                  if x != y), None)
    report(first is None, p + "same-order",
           "entry %d: pg_dump has %s, datagen %s" % (
               first + 1, common_t[first], common_o[first])
           if first is not None else "")

    ours_by_key = {e.key(): e for e in ours.entries}
    problems = {f: [] for f in ("had_dumper", "namespace", "section",
                                "tablespace", "tableam", "owner", "deps",
                                "defn", "drop_stmt", "copy_stmt")}
    for t in theirs.entries:
        if expected_extra_entry(t) or t.key() not in ours_by_key:
            continue
        o = ours_by_key[t.key()]
        what = "%s %r" % (t.desc, t.tag)
        for f in ("had_dumper", "namespace", "section", "tablespace",
                  "tableam", "drop_stmt", "copy_stmt"):
            if getattr(o, f) != getattr(t, f):
                problems[f].append("%s: datagen %r, pg_dump %r"
                                   % (what, getattr(o, f), getattr(t, f)))
        # expected difference "owner": datagen writes none
        if o.owner not in (None, ""):
            problems["owner"].append("%s: datagen writes owner %r"
                                     % (what, o.owner))
        od = {oids[d].key() if d in oids else ("unknown id", d)
              for d in o.deps}
        td = {tids[d].key() if d in tids else ("unknown id", d)
              for d in t.deps}
        # expected difference "extension-dependency"
        allowed = {k for k in td - od if k[0] == "EXTENSION" and
                   t.desc in ("TABLE", "DEFAULT") and
                   " DEFAULT " in (t.defn or "")}
        if od != td - allowed:
            problems["deps"].append("%s: datagen %s, pg_dump %s" % (
                what, sorted(od, key=str), sorted(td, key=str)))
        d = compare_defn(o, t)
        if d:
            problems["defn"].append("%s: %s" % (what, d))
    for f, probs in problems.items():
        report(not probs, p + "same-" + f.replace("_", "-"),
               "; ".join(probs[:8]) + (" (%d more)" % (len(probs) - 8)
                                       if len(probs) > 8 else ""))
    remove(dump)


def test_failures(c):
    """Item 8: a file size limit leaves no archive and no temporary file
    or directory; an existing non-empty directory is refused, untouched."""
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    for fmt in ("custom", "directory"):
        for restore in (True, False):
            label = "archive-output/%s-file-size-limit%s" % (
                fmt, "" if restore else "-sigxfsz-ignored")
            d = c.path(label.replace("/", "-"))
            os.makedirs(d)
            out = os.path.join(d, "out")
            # -Z 0: every file the archive needs is larger than the limit
            res = dg(["generate"] + c.source_args +
                     ["--format", fmt, "-Z", "0", "--output", out],
                     preexec=limit, restore_signals=restore)
            left = sorted(os.listdir(d))
            report(res.status == 1 and not left, label,
                   ("expected exit status 1; " if res.status != 1 else "") +
                   ("left %s; " % left if left else "") + res.describe())
            shutil.rmtree(d)

    label = "archive-output/directory-existing-non-empty"
    d = c.path(label.replace("/", "-"))
    target = os.path.join(d, "existing")
    os.makedirs(target)
    with open(os.path.join(target, "keep.txt"), "w") as f:
        f.write("keep me\n")
    os.makedirs(os.path.join(target, "sub"))
    before = (read_tree(target), sorted(os.listdir(target)),
              os.stat(target).st_mtime_ns)
    res = dg(["generate"] + c.source_args +
             ["--format", "directory", "--output", target])
    after = (read_tree(target), sorted(os.listdir(target)),
             os.stat(target).st_mtime_ns)
    left = sorted(os.listdir(d))
    report(res.status == 2 and before == after and left == ["existing"],
           label,
           ("expected exit status 2; " if res.status != 2 else "") +
           ("the directory changed; " if before != after else "") +
           ("the parent holds %s; " % left if left != ["existing"] else "") +
           res.describe())
    shutil.rmtree(d)


def supported():
    """The binary writes archives (the harness's stand-in does not)."""
    res = S.datagen("generate", "--help")
    return res.status == 0 and b"custom" in res.stdout


def test_archives(name, source_args, json_path, work):
    """Every archive check for one test schema or template."""
    global S, _failures_done
    S = _suite()
    if not supported():
        print("skip %s/archives: %s writes no custom archives"
              % (name, S.DATAGEN), flush=True)
        return
    d = os.path.join(work, "archives-" + re.sub(r"\W", "_", name))
    remove(d)
    os.makedirs(d)
    try:
        c = Ctx(name, source_args, json_path, d)
        run_all(c)
        if not _failures_done:
            _failures_done = True
            test_failures(c)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def run_all(c):
    archives = {}  # level -> (path, decoded, bytes)
    for level in ("1", "0", "6"):
        prefix = "%s/custom%s/" % (c.name, "" if level == "1"
                                   else "-Z" + level)
        out = c.path("Z%s.dump" % level)
        args = ["--format", "custom"] + ([] if level == "1"
                                         else ["-Z", level])
        err = c.gen(out, *args)
        if not report(err is None, prefix + "generate", err):
            continue
        with open(out, "rb") as f:
            data = f.read()
        try:
            a = decode(data)
        except ArchiveError as e:
            report(False, prefix + "decode", str(e))
            continue
        problems = check_header(a, level) + check_offsets(a)
        report(not problems, prefix + "header-and-offsets",
               "; ".join(problems))
        archives[level] = (out, a, data)

    directory = c.path("dir")
    err = c.gen(directory, "--format", "directory")
    if not report(err is None, c.name + "/directory/generate", err):
        directory = None

    if archives.get("1"):
        test_list(c, archives["1"][1], archives["1"][0], c.name + "/custom/")
    if directory:
        try:
            da, _ = decode_directory(directory)
            test_list(c, da, directory, c.name + "/directory/")
        except (ArchiveError, OSError) as e:
            report(False, c.name + "/directory/decode", str(e))
    test_compression(c, archives, directory)
    test_determinism(c, archives)
    if archives.get("1"):
        test_pipe_archive(c, archives["1"][1])
        test_script(c, archives["1"][0])
        test_selective(c, archives["1"][1], archives["1"][0])
    db = test_restores(c, archives, directory)
    if db:
        # pg_dump first: the checks below move the sequences on
        compare_with_pg_dump(c, archives["1"][1], db)
        S.run_checks(db, c.name + "/custom/restore/", c.checks())
        S.dropdb(db)


def print_archive(path):
    """Debugging aid: the decoded header and TOC of a custom archive."""
    a = decode_file(path)
    print("version %d.%d.%d compression %s created %s db %r server %r "
          "dumper %r" % (a.vmaj, a.vmin, a.vrev, a.compression,
                         header_time(a), a.dbname, a.server_version,
                         a.dumper_version))
    ids = a.by_id()
    for e in a.entries:
        print("%d %s %r ns=%r section=%s ts=%r am=%r owner=%r deps=%s "
              "offset=%s/%s" % (e.dump_id, e.desc, e.tag, e.namespace,
                                SECTIONS.get(e.section), e.tablespace,
                                e.tableam, e.owner,
                                [ids[d].key() if d in ids else d
                                 for d in e.deps],
                                e.offset_flag, e.offset))
        for f in ("defn", "drop_stmt", "copy_stmt"):
            if getattr(e, f):
                print("    %s: %r" % (f, getattr(e, f)))


if __name__ == "__main__":
    print_archive(sys.argv[1])
