#! /usr/bin/env atf-sh
#
# Smoke runs of the libFuzzer harnesses: each for FUZZ_SECS seconds (10
# unless the kyua configuration variable fuzz_secs says otherwise) on a
# copy of its seed corpus.  A crash, a leak, a hang or a broken invariant
# fails the case; runfuzz.sh prints the input that did it, as hex.  A
# harness not built yet is built with make first.

fuzz_case() {
	atf_test_case "$1"
	eval "${1}_head() {
		atf_set descr '$2'
		atf_set require.progs 'clang pkg-config'
		atf_set timeout 300
	}
	${1}_body() { fuzz_run $1; }"
}

fuzz_run() {
	srcdir=$(atf_get_srcdir)
	secs=$(atf_config_get fuzz_secs 10)
	if [ ! -x "$srcdir/$1" ]; then
		(cd "$srcdir" && ${MAKE:-make} "$1") >build.log 2>&1 || {
			cat build.log >&2
			atf_fail "could not build $1"
		}
	fi
	# Scratch copies and crash inputs go to the work directory.
	if TMPDIR=$(pwd) sh "$srcdir/runfuzz.sh" "$secs" "$1" >run.log 2>&1
	then
		cat run.log
	else
		cat run.log >&2
		atf_fail "$1 crashed; the input is in the log above"
	fi
}

fuzz_case fuzz_reply "reply_parse and the matcher survive arbitrary packets"
fuzz_case fuzz_imsg "the imsg reader survives an arbitrary byte stream"
fuzz_case fuzz_options "options_parse survives arbitrary command lines"
fuzz_case fuzz_dns "PTR and TXT answers and the AS text survive arbitrary datagrams"

atf_init_test_cases() {
	atf_add_test_case fuzz_reply
	atf_add_test_case fuzz_imsg
	atf_add_test_case fuzz_options
	atf_add_test_case fuzz_dns
}
