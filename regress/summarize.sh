#!/bin/sh
# Run the kyua suite in this directory and close with one line that any CI
# reads: "N passed, M failed" (broken counts as failed).  kyua's own
# summary is printed above it.
log=${TMPDIR:-/tmp}/ttr-kyua.$$
trap 'rm -f "$log"' EXIT
kyua test -k Kyuafile "$@" 2>&1 | tee "$log"
passed=$(grep -c -- '->  passed' "$log")
xfail=$(grep -c -- '->  expected_failure' "$log")
skipped=$(grep -c -- '->  skipped' "$log")
failed=$(grep -Ec -- '->  (failed|broken)' "$log")
if [ "$failed" -gt 0 ]; then
	kyua report --verbose --results-filter broken,failed 2>/dev/null | tail -n 200
fi
echo "$((passed + xfail)) passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$((passed + xfail))" -gt 0 ]
