#!/usr/bin/env python3
"""A stand-in for datagen used by selftest.sh: "generate" prints the
hand-written dump NAME.FORMAT.dump.sql or NAME.dump.sql that sits next to
schemas/NAME.json (plus a line naming the seed), "validate" only parses the JSON. Lets the harness be
tested without the real binary."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def fail(status, message):
    sys.stderr.write("datagen: error: %s\n" % message)
    sys.exit(status)


def main(argv):
    if not argv or argv[0] in ("--help", "--version"):
        print("fake datagen")
        return 0
    command, args = argv[0], argv[1:]
    if command not in ("generate", "validate"):
        fail(2, 'unknown command "%s"' % command)
    opts = {"--format": "copy", "--seed": "42"}
    i = 0
    while i < len(args):
        key = args[i]
        if key == "--help":
            print("usage: fake")
            return 0
        if key not in ("--schema", "--template", "--format", "--output",
                       "--seed", "--jobs", "--scale"):
            fail(2, 'unknown option "%s"' % key)
        if i + 1 >= len(args):
            fail(2, "%s needs a value" % key)
        opts[key] = args[i + 1]
        i += 2
    schema = opts.get("--schema")
    if not schema:
        fail(2, "--schema is required")
    try:
        with open(schema, encoding="utf-8") as f:
            text = f.read()
        json.loads(text)
    except OSError as e:
        fail(2, "%s: %s" % (schema, e.strerror))
    except ValueError as e:
        fail(2, "%s:%d:%d: %s" % (schema, e.lineno, e.colno, e.msg))
    if opts["--format"] not in ("copy", "sql"):
        fail(2, 'unknown format "%s"' % opts["--format"])
    if not opts.get("--jobs", "1").isdigit():
        fail(2, "--jobs wants a number")
    if command == "validate":
        return 0
    name = os.path.splitext(os.path.basename(schema))[0]
    dump = os.path.join(HERE, "%s.%s.dump.sql" % (name, opts["--format"]))
    if not os.path.exists(dump):
        dump = os.path.join(HERE, name + ".dump.sql")
    with open(dump, "rb") as f:
        data = f.read() + b"-- seed " + opts["--seed"].encode() + b"\n"
    out = opts.get("--output", "-")
    if out == "-":
        sys.stdout.buffer.write(data)
        return 0
    tmp = out + ".tmp"
    try:
        with open(tmp, "wb") as f:
            f.write(data)
        os.rename(tmp, out)
    except OSError as e:
        if os.path.exists(tmp):
            os.unlink(tmp)
        fail(1, "%s: %s" % (out, e.strerror))
    return 0


sys.exit(main(sys.argv[1:]))
