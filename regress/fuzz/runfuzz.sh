#!/bin/sh
#
# runfuzz.sh seconds harness...
#
# Run each libFuzzer harness (built in this directory) for the given
# number of seconds on a scratch copy of corpus/<harness>, so that what
# the run adds stays out of the checked-in corpus.  Print one line per
# harness with its executions; on a crash, a leak or a hang print the
# end of the log and the input as hex, keep the scratch directory, and
# exit 1 once all have run.  Extra libFuzzer flags may come in
# FUZZFLAGS_RUN.

usage() {
	echo "usage: runfuzz.sh seconds harness ..." >&2
	exit 2
}

[ $# -ge 2 ] || usage
secs=$1
shift
case $secs in
''|*[!0-9]*) usage ;;
esac

cd "$(dirname "$0")" || exit 2
fail=0
for h in "$@"; do
	if [ ! -x "./$h" ]; then
		echo "$h: not built (make $h)" >&2
		fail=1
		continue
	fi
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/ttr-$h.XXXXXX") || exit 2
	mkdir "$tmp/corpus"
	if [ -d "corpus/$h" ]; then
		cp -R "corpus/$h/." "$tmp/corpus/" || exit 2
	fi
	dict=
	[ -f "$h.dict" ] && dict="-dict=$h.dict"
	# shellcheck disable=SC2086
	"./$h" -max_total_time="$secs" -timeout=10 -print_final_stats=1 \
	    -artifact_prefix="$tmp/" $dict ${FUZZFLAGS_RUN:-} \
	    "$tmp/corpus" >"$tmp/log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$tmp/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$tmp/log")
	units=$(ls "$tmp/corpus" | wc -l | tr -d ' ')
	found=$(ls "$tmp" | grep -E '^(crash|leak|timeout|oom)-')
	if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
		echo "$h: ${execs:-?} executions in ${secs}s" \
		    "(${rate:-?}/s, corpus $units), no crash"
		rm -rf "$tmp"
		continue
	fi
	fail=1
	echo "$h: CRASHED (exit $rc) after ${execs:-?} executions;" \
	    "kept in $tmp"
	grep -E '^(==[0-9]+==|SUMMARY|fuzz_|    #[0-9]|.*runtime error)' \
	    "$tmp/log" | head -n 60
	for f in $found; do
		echo "--- $tmp/$f:"
		od -An -tx1 -v "$tmp/$f" | head -n 40
	done
done
exit $fail
