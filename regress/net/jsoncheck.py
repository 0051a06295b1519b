#!/usr/bin/python3
# jsoncheck.py SCHEMA FILE [ASSERTION ...]
#
# Check that FILE holds exactly one JSON document, that it validates
# against SCHEMA (JSON Schema 2020-12, address formats checked too), and
# that each ASSERTION, a Python expression, is true.  An assertion sees
# the document as d, and these helpers:
#   hops        the hop numbers in order
#   hop(n)      the list of probe results of hop n
#   froms(n)    the set of addresses that answered at hop n
#   keys()      the set of every key used in any probe result
# Exit 0 if all holds; otherwise a message on stderr and exit 1.

import json
import sys

import jsonschema


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: jsoncheck.py schema file [assertion ...]")
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    with open(sys.argv[2], "rb") as f:
        raw = f.read()
    # Pure ASCII, one document, one line.
    try:
        text = raw.decode("ascii")
    except UnicodeDecodeError:
        sys.exit("not pure ASCII")
    if text.count("\n") != 1 or not text.endswith("\n"):
        sys.exit("not exactly one line")
    d = json.loads(text)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER)
                    .iter_errors(d), key=str)
    for e in errors:
        print("schema: %s at %s" % (e.message, list(e.absolute_path)),
              file=sys.stderr)
    if errors:
        sys.exit(1)

    def hop(n):
        for h in d["result"]:
            if h["hop"] == n:
                return h["result"]
        raise AssertionError("no hop %d" % n)

    env = {
        "d": d,
        "hops": [h["hop"] for h in d["result"]],
        "hop": hop,
        "froms": lambda n: {r.get("from") for r in hop(n)},
        "keys": lambda: {k for h in d["result"] for r in h["result"]
                         for k in r},
    }
    failed = 0
    for a in sys.argv[3:]:
        try:
            # In parentheses, an assertion may span lines.
            ok = eval("(%s\n)" % a, env)
        except Exception as e:
            ok = False
            print("%s: %s" % (a, e), file=sys.stderr)
        if not ok:
            print("does not hold: %s" % a, file=sys.stderr)
            failed = 1
    if failed:
        print(text, file=sys.stderr)
    sys.exit(failed)


main()
