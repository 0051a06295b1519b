/*
 * Copyright (c) 2026 The tcptraceroute developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
 * ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
 * OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * options_parse on argument vectors: the defaults, every option, and
 * every error with its exact message.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

#define ERRLEN	256
#define MAXARGS	32
#define WAIT_RANGE	" (0.001 to 3600 s)"
#define SEND_RANGE	" (0 to 10 s, 11 to 10000 ms)"

static char	 errbuf[ERRLEN];

/*
 * Parse a NULL-terminated list of arguments after the program name.
 * getopt_long may permute argv, so each call gets fresh copies.
 */
static enum opt_result
parse_list(struct options *o, const char *list[])
{
	static char	*argv[MAXARGS + 2];
	int		 argc;

	argv[0] = strdup("tcptraceroute");
	ATF_REQUIRE(argv[0] != NULL);
	for (argc = 1; list[argc - 1] != NULL; argc++) {
		ATF_REQUIRE(argc <= MAXARGS);
		argv[argc] = strdup(list[argc - 1]);
		ATF_REQUIRE(argv[argc] != NULL);
	}
	argv[argc] = NULL;
	memset(errbuf, 'x', sizeof(errbuf));
	return (options_parse(argc, argv, o, errbuf, sizeof(errbuf)));
}

#define PARSE(o, ...)	parse_list((o), (const char *[]){ __VA_ARGS__, NULL })

/* The parse must fail with exactly this message. */
#define CHECK_ERROR(msg, ...) do {					\
	struct options o_;						\
	ATF_CHECK_EQ_MSG(PARSE(&o_, __VA_ARGS__), OPT_ERROR,		\
	    "expected OPT_ERROR for \"%s\"", (msg));			\
	ATF_CHECK_STREQ(errbuf, (msg));					\
} while (0)

/* The parse must succeed with an empty message. */
#define REQUIRE_OK(o, ...) do {						\
	ATF_REQUIRE_EQ_MSG(PARSE((o), __VA_ARGS__), OPT_OK,		\
	    "unexpected error: %s", errbuf);				\
	ATF_CHECK_STREQ(errbuf, "");					\
} while (0)

/* --ecmp: 32 probe slots a hop; what sets the probes otherwise clashes. */
ATF_TC_WITHOUT_HEAD(ecmp);
ATF_TC_BODY(ecmp, tc)
{
	struct options o;

	REQUIRE_OK(&o, "host");
	ATF_CHECK_EQ(o.ecmp, 0);
	REQUIRE_OK(&o, "--ecmp", "-m", "9", "host");
	ATF_CHECK_EQ(o.ecmp, 1);
	ATF_CHECK_EQ(o.nqueries, MDA_MAXPROBES);
	ATF_CHECK_EQ(o.track, TRACK_ID);
	REQUIRE_OK(&o, "--ecmp", "--track-id", "-j", "host", "443");
	ATF_CHECK_EQ(o.nqueries, MDA_MAXPROBES);
	CHECK_ERROR("--ecmp and -q cannot be used together", "--ecmp", "-q",
	    "3", "host");
	CHECK_ERROR("--ecmp and -q cannot be used together", "-q", "3",
	    "--ecmp", "host");
	CHECK_ERROR("--ecmp and -p cannot be used together", "--ecmp", "-p",
	    "2000", "host");
	CHECK_ERROR("--ecmp and -P cannot be used together", "--ecmp", "-P",
	    "2000", "host");
	CHECK_ERROR("--ecmp and --track-port cannot be used together",
	    "--track-port", "--ecmp", "host");
	CHECK_ERROR("--ecmp and -c cannot be used together", "--ecmp", "-c",
	    "host");
	CHECK_ERROR("--ecmp and --scan cannot be used together", "--ecmp",
	    "--scan", "host");
	/* 32 a hop: 79 hops fit in one port's trace, 80 do not. */
	REQUIRE_OK(&o, "--ecmp", "-m", "79", "host");
	CHECK_ERROR("too many probes: 2560", "--ecmp", "-m", "80", "host");
}

ATF_TC_WITHOUT_HEAD(defaults);
ATF_TC_BODY(defaults, tc)
{
	struct options o;

	REQUIRE_OK(&o, "example.com");
	ATF_CHECK_STREQ(o.host, "example.com");
	ATF_CHECK_EQ(o.family, AF_UNSPEC);
	ATF_CHECK_EQ(o.numeric, 0);
	ATF_CHECK_EQ(o.debug, 0);
	ATF_CHECK_EQ(o.first_ttl, 1);
	ATF_CHECK_EQ(o.max_ttl, 30);
	ATF_CHECK_EQ(o.nqueries, 3);
	ATF_CHECK_EQ(o.waitms, 3000);
	ATF_CHECK_EQ(o.dport, 80);
	ATF_CHECK(o.portname == NULL);
	ATF_CHECK_EQ(o.sport, 0);
	ATF_CHECK_EQ(o.forceport, 0);
	ATF_CHECK_EQ(o.tos, 0);
	ATF_CHECK_EQ(o.df, 0);
	ATF_CHECK_EQ(o.syn, 1);
	ATF_CHECK_EQ(o.ack, 0);
	ATF_CHECK_EQ(o.ecn, 0);
	ATF_CHECK_EQ(o.length, 0);
	ATF_CHECK(o.squeries > 0);
	ATF_CHECK_EQ(o.noselect, 0);
	ATF_CHECK_EQ(o.nofilter, 0);
	ATF_CHECK_EQ(o.nogetinterfaces, 0);
	ATF_CHECK_EQ(o.extensions, 0);
	ATF_CHECK_EQ(o.dnat, DNAT_SILENT);
	ATF_CHECK_EQ(o.track, TRACK_ID);
	ATF_CHECK_EQ(o.track_set, 0);
	ATF_CHECK(o.srcaddr == NULL);
	ATF_CHECK(o.ifname == NULL);
}

ATF_TC_WITHOUT_HEAD(operands);
ATF_TC_BODY(operands, tc)
{
	struct options o;

	REQUIRE_OK(&o, "192.0.2.1", "443");
	ATF_CHECK_STREQ(o.host, "192.0.2.1");
	ATF_CHECK_EQ(o.dport, 443);
	ATF_CHECK_STREQ(o.portname, "443");
	ATF_CHECK_EQ(o.length, 0);

	REQUIRE_OK(&o, "192.0.2.1", "smtp");
	ATF_CHECK_EQ(o.dport, 25);
	ATF_CHECK_STREQ(o.portname, "smtp");

	REQUIRE_OK(&o, "192.0.2.1", "1");
	ATF_CHECK_EQ(o.dport, 1);
	REQUIRE_OK(&o, "192.0.2.1", "65535");
	ATF_CHECK_EQ(o.dport, 65535);

	/* The third operand is the packet length. */
	REQUIRE_OK(&o, "192.0.2.1", "80", "100");
	ATF_CHECK_EQ(o.dport, 80);
	ATF_CHECK_EQ(o.length, 100);
	REQUIRE_OK(&o, "192.0.2.1", "80", "1500");
	ATF_CHECK_EQ(o.length, 1500);
	REQUIRE_OK(&o, "192.0.2.1", "80", "0");
	ATF_CHECK_EQ(o.length, 0);
}

ATF_TC_WITHOUT_HEAD(operand_errors);
ATF_TC_BODY(operand_errors, tc)
{
	struct options o;

	/* Port 0 is traced, as 1.5 did; not with UDP, nor compared. */
	REQUIRE_OK(&o, "192.0.2.1", "0");
	ATF_CHECK_EQ(o.dport, 0);
	CHECK_ERROR("port 0 cannot be probed with UDP", "-U", "192.0.2.1",
	    "0");
	CHECK_ERROR("port 0 cannot be compared with another", "--find-block",
	    "192.0.2.1", "0");
	CHECK_ERROR("invalid port: 65536 (0 to 65535)", "192.0.2.1", "65536");
	CHECK_ERROR("invalid port: 80x (0 to 65535)", "192.0.2.1", "80x");
	CHECK_ERROR("unknown port: foo-no-such-service", "192.0.2.1",
	    "foo-no-such-service");
	CHECK_ERROR("invalid packet length: 1501 (0 to 1500)", "192.0.2.1", "80",
	    "1501");
	/* After "--", as an operand "-1" is not an option. */
	CHECK_ERROR("invalid packet length: -1 (0 to 1500)", "--", "192.0.2.1", "80",
	    "-1");
	CHECK_ERROR("invalid packet length: big (0 to 1500)", "192.0.2.1", "80",
	    "big");
	CHECK_ERROR("unknown host: \"\"", "");

	/* No host, or more operands than host, port and length. */
	ATF_CHECK_EQ(parse_list(&o, (const char *[]){ NULL }), OPT_USAGE);
	ATF_CHECK_EQ(PARSE(&o, "-n"), OPT_USAGE);
	ATF_CHECK_EQ(PARSE(&o, "192.0.2.1", "80", "100", "extra"),
	    OPT_USAGE);
}

ATF_TC_WITHOUT_HEAD(flags);
ATF_TC_BODY(flags, tc)
{
	struct options o;

	REQUIRE_OK(&o, "-4", "h");
	ATF_CHECK_EQ(o.family, AF_INET);
	REQUIRE_OK(&o, "-6", "h");
	ATF_CHECK_EQ(o.family, AF_INET6);
	REQUIRE_OK(&o, "-6", "-4", "h");
	ATF_CHECK_EQ(o.family, AF_INET);

	/* -A alone sends bare ACKs; with -S both flags. */
	REQUIRE_OK(&o, "-A", "h");
	ATF_CHECK_EQ(o.ack, 1);
	ATF_CHECK_EQ(o.syn, 0);
	REQUIRE_OK(&o, "-S", "h");
	ATF_CHECK_EQ(o.syn, 1);
	ATF_CHECK_EQ(o.ack, 0);
	REQUIRE_OK(&o, "-S", "-A", "h");
	ATF_CHECK_EQ(o.syn, 1);
	ATF_CHECK_EQ(o.ack, 1);

	REQUIRE_OK(&o, "-d", "h");
	ATF_CHECK_EQ(o.debug, 1);
	REQUIRE_OK(&o, "-dd", "-d", "h");
	ATF_CHECK_EQ(o.debug, 3);

	REQUIRE_OK(&o, "-E", "h");
	ATF_CHECK_EQ(o.ecn, 1);
	ATF_CHECK_EQ(o.syn, 1);
	REQUIRE_OK(&o, "-F", "h");
	ATF_CHECK_EQ(o.df, 1);

	REQUIRE_OK(&o, "-n", "h");
	ATF_CHECK_EQ(o.numeric, 1);
	REQUIRE_OK(&o, "-N", "h");
	ATF_CHECK_EQ(o.numeric, -1);

	/* Bundled flags; -e (extensions) is not -E (ECN). */
	REQUIRE_OK(&o, "-nFE", "h");
	ATF_CHECK_EQ(o.numeric, 1);
	ATF_CHECK_EQ(o.df, 1);
	ATF_CHECK_EQ(o.ecn, 1);
	ATF_CHECK_EQ(o.extensions, 0);
	REQUIRE_OK(&o, "-ne", "h");
	ATF_CHECK_EQ(o.extensions, 1);
	ATF_CHECK_EQ(o.ecn, 0);
}

ATF_TC_WITHOUT_HEAD(valued);
ATF_TC_BODY(valued, tc)
{
	struct options o;

	REQUIRE_OK(&o, "-f", "5", "h");
	ATF_CHECK_EQ(o.first_ttl, 5);
	REQUIRE_OK(&o, "-f", "255", "-m", "255", "h");
	ATF_CHECK_EQ(o.first_ttl, 255);
	ATF_CHECK_EQ(o.max_ttl, 255);
	REQUIRE_OK(&o, "-m", "1", "h");
	ATF_CHECK_EQ(o.max_ttl, 1);
	REQUIRE_OK(&o, "-m40", "h");
	ATF_CHECK_EQ(o.max_ttl, 40);

	REQUIRE_OK(&o, "-i", "eth0", "h");
	ATF_CHECK_STREQ(o.ifname, "eth0");

	REQUIRE_OK(&o, "-l", "100", "h");
	ATF_CHECK_EQ(o.length, 100);
	REQUIRE_OK(&o, "-l", "1500", "h");
	ATF_CHECK_EQ(o.length, 1500);

	REQUIRE_OK(&o, "-p", "1234", "h");
	ATF_CHECK_EQ(o.sport, 1234);
	ATF_CHECK_EQ(o.forceport, 0);
	REQUIRE_OK(&o, "-P", "1234", "h");
	ATF_CHECK_EQ(o.sport, 1234);
	ATF_CHECK_EQ(o.forceport, 1);
	REQUIRE_OK(&o, "-P", "1234", "-p", "4321", "h");
	ATF_CHECK_EQ(o.sport, 4321);
	ATF_CHECK_EQ(o.forceport, 0);
	REQUIRE_OK(&o, "-p", "65535", "h");
	ATF_CHECK_EQ(o.sport, 65535);

	REQUIRE_OK(&o, "-q", "1", "h");
	ATF_CHECK_EQ(o.nqueries, 1);
	REQUIRE_OK(&o, "-q", "10", "h");
	ATF_CHECK_EQ(o.nqueries, 10);

	REQUIRE_OK(&o, "-s", "192.0.2.9", "h");
	ATF_CHECK_STREQ(o.srcaddr, "192.0.2.9");

	REQUIRE_OK(&o, "-t", "0", "h");
	ATF_CHECK_EQ(o.tos, 0);
	REQUIRE_OK(&o, "-t", "16", "h");
	ATF_CHECK_EQ(o.tos, 16);
	REQUIRE_OK(&o, "-t", "255", "h");
	ATF_CHECK_EQ(o.tos, 255);

	/* The most probes there can be: 255 hops of 10. */
	REQUIRE_OK(&o, "-f", "1", "-m", "255", "-q", "10", "h");
	ATF_CHECK_EQ((o.max_ttl - o.first_ttl + 1) * o.nqueries,
	    TTR_MAXPROBES);
}

ATF_TC_WITHOUT_HEAD(waittime);
ATF_TC_BODY(waittime, tc)
{
	struct options o;

	REQUIRE_OK(&o, "-w", "5", "h");
	ATF_CHECK_EQ(o.waitms, 5000);
	REQUIRE_OK(&o, "-w", "1", "h");
	ATF_CHECK_EQ(o.waitms, 1000);
	REQUIRE_OK(&o, "-w", "3600", "h");
	ATF_CHECK_EQ(o.waitms, 3600000);
	REQUIRE_OK(&o, "-w", "0.001", "h");
	ATF_CHECK_EQ(o.waitms, 1);
	REQUIRE_OK(&o, "-w", "2.125", "h");
	ATF_CHECK_EQ(o.waitms, 2125);
	REQUIRE_OK(&o, "-w", "1.000", "h");
	ATF_CHECK_EQ(o.waitms, 1000);
}

/* -w arg gives ms milliseconds; a failure does not end the test case. */
static void
check_wait(const char *arg, int ms)
{
	struct options o;
	enum opt_result res;

	res = PARSE(&o, "-w", arg, "h");
	ATF_CHECK_MSG(res == OPT_OK, "-w %s: unexpected error: %s", arg,
	    errbuf);
	if (res == OPT_OK)
		ATF_CHECK_MSG(o.waitms == ms, "-w %s: %d ms, not %d ms", arg,
		    o.waitms, ms);
}

/*
 * Fractions of fewer than three digits: "0.5" is half a second, not
 * 50 s (an early options.c scaled short fractions twice).
 */
ATF_TC_WITHOUT_HEAD(waittime_short_fraction);
ATF_TC_BODY(waittime_short_fraction, tc)
{
	check_wait("0.5", 500);
	check_wait(".25", 250);
	check_wait("1.5", 1500);
	check_wait("0.05", 50);
	check_wait("1.25", 1250);
	check_wait("0.1", 100);
	check_wait("3599.9", 3599900);
}

/* -w max,here,near as Linux traceroute; max alone is 1.5's fixed wait. */
ATF_TC_WITHOUT_HEAD(waittime_adaptive);
ATF_TC_BODY(waittime_adaptive, tc)
{
	struct options o;

	/* No -w: adaptive, 3 s at most, factors 3 and 3. */
	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.waitms, 3000);
	ATF_CHECK_EQ(o.adaptive, 1);
	ATF_CHECK_EQ(o.here, 3000);
	ATF_CHECK_EQ(o.near, 3000);
	REQUIRE_OK(&o, "-w", "2", "h");
	ATF_CHECK_EQ(o.waitms, 2000);
	ATF_CHECK_EQ(o.adaptive, 0);
	REQUIRE_OK(&o, "-w", "5,3,10", "h");
	ATF_CHECK_EQ(o.waitms, 5000);
	ATF_CHECK_EQ(o.adaptive, 1);
	ATF_CHECK_EQ(o.here, 3000);
	ATF_CHECK_EQ(o.near, 10000);
	REQUIRE_OK(&o, "-w", "1.5,0.5", "h");
	ATF_CHECK_EQ(o.waitms, 1500);
	ATF_CHECK_EQ(o.here, 500);
	ATF_CHECK_EQ(o.near, 10000);
	REQUIRE_OK(&o, "-w", "4,0,0", "h");
	ATF_CHECK_EQ(o.adaptive, 1);
	ATF_CHECK_EQ(o.here, 0);
	ATF_CHECK_EQ(o.near, 0);
	CHECK_ERROR("invalid wait time: 1,x" WAIT_RANGE, "-w", "1,x", "h");
	CHECK_ERROR("invalid wait time: 1,2,3,4" WAIT_RANGE, "-w", "1,2,3,4", "h");
	CHECK_ERROR("invalid wait time: ,3" WAIT_RANGE, "-w", ",3", "h");
	CHECK_ERROR("invalid wait time: 0,3,10" WAIT_RANGE, "-w", "0,3,10", "h");
}

ATF_TC_WITHOUT_HEAD(engine_options);
ATF_TC_BODY(engine_options, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.squeries, 16);
	ATF_CHECK_EQ(o.sendwait, 0);
	ATF_CHECK_EQ(o.retries, 2);
	REQUIRE_OK(&o, "--sim-queries", "1", "--retries", "0", "h");
	ATF_CHECK_EQ(o.squeries, 1);
	ATF_CHECK_EQ(o.retries, 0);
	REQUIRE_OK(&o, "--sim-queries=255", "--retries=5", "h");
	ATF_CHECK_EQ(o.squeries, 255);
	ATF_CHECK_EQ(o.retries, 5);
	/* -z: seconds up to 10, milliseconds above. */
	REQUIRE_OK(&o, "-z", "0.5", "h");
	ATF_CHECK_EQ(o.sendwait, 500000);
	REQUIRE_OK(&o, "-z", "10", "h");
	ATF_CHECK_EQ(o.sendwait, 10000000);
	REQUIRE_OK(&o, "-z", "20", "h");
	ATF_CHECK_EQ(o.sendwait, 20000);
	REQUIRE_OK(&o, "-z", "0", "h");
	ATF_CHECK_EQ(o.sendwait, 0);
	/* The long spelling takes the same values. */
	REQUIRE_OK(&o, "--sendwait", "20", "h");
	ATF_CHECK_EQ(o.sendwait, 20000);
	REQUIRE_OK(&o, "--sendwait=0.5", "h");
	ATF_CHECK_EQ(o.sendwait, 500000);
	CHECK_ERROR("invalid number of simultaneous queries: 0 (1 to 255)",
	    "--sim-queries", "0", "h");
	CHECK_ERROR("invalid number of simultaneous queries: 256 (1 to 255)",
	    "--sim-queries", "256", "h");
	CHECK_ERROR("invalid number of retries: 6 (0 to 5)", "--retries", "6", "h");
	CHECK_ERROR("invalid send wait: 11.5" SEND_RANGE, "-z", "11.5", "h");
	CHECK_ERROR("invalid send wait: 10001" SEND_RANGE, "-z", "10001", "h");
	CHECK_ERROR("invalid send wait: -1" SEND_RANGE, "-z", "-1", "h");
}

/* -O: Linux traceroute's TCP method options. */
ATF_TC_WITHOUT_HEAD(tcp_options);
ATF_TC_BODY(tcp_options, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.tcpflags, -1);
	ATF_CHECK_EQ(o.syn, 1);
	ATF_CHECK_EQ(o.tcpopts, 0);
	REQUIRE_OK(&o, "-O", "syn,ack", "h");
	ATF_CHECK_EQ(o.tcpflags, TTR_SYN | TTR_ACK);
	REQUIRE_OK(&o, "-O", "fin,psh,urg", "h");
	ATF_CHECK_EQ(o.tcpflags, TTR_FIN | TTR_PSH | TTR_URG);
	/* Flags replace the default SYN, which is then not set. */
	ATF_CHECK_EQ(o.syn, 0);
	/* Decimal, through strtonum like every number. */
	CHECK_ERROR("invalid TCP flags: 0x12 (0 to 255)", "-O", "flags=0x12", "h");
	REQUIRE_OK(&o, "--tcp-flags", "flags=18", "h");
	ATF_CHECK_EQ(o.tcpflags, 18);
	REQUIRE_OK(&o, "-O", "ecn,sack,timestamps,window_scaling,mss=1400",
	    "h");
	ATF_CHECK_EQ(o.ecn, 1);
	ATF_CHECK_EQ(o.tcpopts, TCPOPT_SACK | TCPOPT_TS | TCPOPT_WSCALE |
	    TCPOPT_MSS);
	ATF_CHECK_EQ(o.mss, 1400);
	REQUIRE_OK(&o, "-O", "sysctl", "-O", "info", "h");
	ATF_CHECK_EQ(o.sysctl, 1);
	ATF_CHECK_EQ(o.info, 1);
	CHECK_ERROR("unknown TCP option: bogus", "-O", "bogus", "h");
	CHECK_ERROR("unknown TCP option: ", "-O", "syn,", "h");
	CHECK_ERROR("invalid TCP options: ", "-O", "", "h");
	CHECK_ERROR("invalid MSS: 0 (1 to 65535)", "-O", "mss=0", "h");
	CHECK_ERROR("invalid MSS: 65536 (1 to 65535)", "-O", "mss=65536", "h");
	CHECK_ERROR("invalid TCP flags: 256 (0 to 255)", "-O", "flags=256", "h");
}

/* tracetcp's target forms. */
ATF_TC_WITHOUT_HEAD(targets);
ATF_TC_BODY(targets, tc)
{
	struct options o;

	REQUIRE_OK(&o, "www.example:8080");
	ATF_CHECK_STREQ(o.host, "www.example");
	ATF_CHECK_EQ(o.dport, 8080);
	ATF_CHECK_STREQ(o.portname, "8080");
	REQUIRE_OK(&o, "192.0.2.1:smtp");
	ATF_CHECK_STREQ(o.host, "192.0.2.1");
	ATF_CHECK_EQ(o.dport, 25);
	REQUIRE_OK(&o, "[2001:db8::1]:443");
	ATF_CHECK_STREQ(o.host, "2001:db8::1");
	ATF_CHECK_EQ(o.dport, 443);
	REQUIRE_OK(&o, "[2001:db8::1]");
	ATF_CHECK_STREQ(o.host, "2001:db8::1");
	ATF_CHECK_EQ(o.dport, 80);
	/* An IPv6 address without brackets has no port. */
	REQUIRE_OK(&o, "2001:db8::1");
	ATF_CHECK_STREQ(o.host, "2001:db8::1");
	ATF_CHECK_EQ(o.dport, 80);
	REQUIRE_OK(&o, "2001:db8::1", "22");
	ATF_CHECK_EQ(o.dport, 22);
	/* The length operand still follows. */
	REQUIRE_OK(&o, "h:22");
	ATF_CHECK_EQ(o.dport, 22);
	CHECK_ERROR("port given twice: 22 and 80", "h:22", "80");
	REQUIRE_OK(&o, "h:0");
	ATF_CHECK_EQ(o.dport, 0);
	CHECK_ERROR("invalid port: 65536 (0 to 65535)", "h:65536");
	CHECK_ERROR("unknown port: nosuchsvc", "h:nosuchsvc");
	CHECK_ERROR("bad target: h:", "h:");
	CHECK_ERROR("bad target: :80", ":80");
	CHECK_ERROR("bad target: [2001:db8::1", "[2001:db8::1");
	CHECK_ERROR("bad target: []:80", "[]:80");
	CHECK_ERROR("bad target: [::1]x", "[::1]x");
}

ATF_TC_WITHOUT_HEAD(waittime_errors);
ATF_TC_BODY(waittime_errors, tc)
{
	CHECK_ERROR("invalid wait time: -1" WAIT_RANGE, "-w", "-1", "h");
	CHECK_ERROR("invalid wait time: 0" WAIT_RANGE, "-w", "0", "h");
	CHECK_ERROR("invalid wait time: 0.0" WAIT_RANGE, "-w", "0.0", "h");
	CHECK_ERROR("invalid wait time: abc" WAIT_RANGE, "-w", "abc", "h");
	CHECK_ERROR("invalid wait time: 1.2345" WAIT_RANGE, "-w", "1.2345", "h");
	CHECK_ERROR("invalid wait time: 3601" WAIT_RANGE, "-w", "3601", "h");
	CHECK_ERROR("invalid wait time: 3600.001" WAIT_RANGE, "-w", "3600.001", "h");
	CHECK_ERROR("invalid wait time: 1." WAIT_RANGE, "-w", "1.", "h");
	CHECK_ERROR("invalid wait time: ." WAIT_RANGE, "-w", ".", "h");
	CHECK_ERROR("invalid wait time: " WAIT_RANGE, "-w", "", "h");
	CHECK_ERROR("invalid wait time: 1.x" WAIT_RANGE, "-w", "1.x", "h");
	CHECK_ERROR("invalid wait time: 1.-5" WAIT_RANGE, "-w", "1.-5", "h");
	CHECK_ERROR("invalid wait time: 1.2.3" WAIT_RANGE, "-w", "1.2.3", "h");
	CHECK_ERROR("invalid wait time: 2s" WAIT_RANGE, "-w", "2s", "h");
	CHECK_ERROR("invalid wait time: +1" WAIT_RANGE, "-w", "+1", "h");
	CHECK_ERROR("invalid wait time: 99999999999999999999" WAIT_RANGE, "-w",
	    "99999999999999999999", "h");
}

ATF_TC_WITHOUT_HEAD(value_errors);
ATF_TC_BODY(value_errors, tc)
{
	struct options o;

	CHECK_ERROR("invalid max ttl: 256 (1 to 255)", "-m", "256", "h");
	CHECK_ERROR("invalid max ttl: 0 (1 to 255)", "-m", "0", "h");
	CHECK_ERROR("invalid max ttl: x (1 to 255)", "-m", "x", "h");
	CHECK_ERROR("invalid first ttl: 0 (1 to 255)", "-f", "0", "h");
	CHECK_ERROR("invalid first ttl: 256 (1 to 255)", "-f", "256", "h");
	CHECK_ERROR("invalid number of queries: 0 (1 to 10)", "-q", "0", "h");
	CHECK_ERROR("invalid number of queries: 11 (1 to 10)", "-q", "11", "h");
	/* -p 0, -P 0: as 1.5, the kernel chooses. */
	REQUIRE_OK(&o, "-p", "0", "h");
	ATF_CHECK_EQ(o.sport, 0);
	CHECK_ERROR("invalid source port: 65536 (0 to 65535)", "-p", "65536", "h");
	REQUIRE_OK(&o, "-P", "0", "h");
	ATF_CHECK_EQ(o.sport, 0);
	CHECK_ERROR("invalid tos: 256 (0 to 255)", "-t", "256", "h");
	CHECK_ERROR("invalid tos: -1 (0 to 255)", "-t", "-1", "h");
	CHECK_ERROR("invalid packet length: 1501 (0 to 1500)", "-l", "1501", "h");
	CHECK_ERROR("invalid packet length: -1 (0 to 1500)", "-l", "-1", "h");
	CHECK_ERROR("unknown interface: ", "-i", "", "h");
	CHECK_ERROR("unknown interface: abcdefghijklmnop", "-i",
	    "abcdefghijklmnop", "h");
	CHECK_ERROR("first ttl (5) is greater than max ttl (3)",
	    "-f", "5", "-m", "3", "h");
	CHECK_ERROR("first ttl (31) is greater than max ttl (30)",
	    "-f", "31", "h");
}

ATF_TC_WITHOUT_HEAD(getopt_errors);
ATF_TC_BODY(getopt_errors, tc)
{
	CHECK_ERROR("unknown option: -Z", "-Z", "h");
	CHECK_ERROR("unknown option: -x", "-nx", "h");
	CHECK_ERROR("unknown option: --bogus", "--bogus", "h");
	/* Options may follow the operands, as with any GNU getopt. */
	CHECK_ERROR("unknown option: -1", "h", "80", "-1");
	CHECK_ERROR("option requires an argument: -m", "h", "-m");
	CHECK_ERROR("option requires an argument: -w", "h", "-w");
	CHECK_ERROR("option requires an argument: --ports", "h", "--ports");
	CHECK_ERROR("option requires an argument: --sim-queries", "h",
	    "--sim-queries");
	CHECK_ERROR("unknown option: --back=3", "--back=3", "h");
	CHECK_ERROR("option requires an argument: -p", "h", "-p");
}

/*
 * ':' is getopt's own marker in the option string, not an option
 * letter, so "-:" is an unknown option; options.c finds ':' in its
 * optstring and calls it an option missing its argument.
 */
ATF_TC_WITHOUT_HEAD(getopt_colon);
ATF_TC_BODY(getopt_colon, tc)
{
	CHECK_ERROR("unknown option: -:", "-:", "h");
}

/*
 * An argument given to a long option that takes none: glibc sets optopt
 * to the option's value ('h' for --help), and options.c, finding 'h' in
 * its optstring, says that --help=x lacks an argument.
 */
ATF_TC_WITHOUT_HEAD(getopt_long_extra_argument);
ATF_TC_BODY(getopt_long_extra_argument, tc)
{
	struct options o;

	ATF_CHECK_EQ(PARSE(&o, "--help=x", "h"), OPT_ERROR);
	ATF_CHECK_MSG(strstr(errbuf, "requires an argument") == NULL,
	    "misleading message: \"%s\"", errbuf);
	ATF_CHECK_EQ(PARSE(&o, "--dnat=x", "h"), OPT_ERROR);
	ATF_CHECK_MSG(strstr(errbuf, "requires an argument") == NULL,
	    "misleading message: \"%s\"", errbuf);
}

ATF_TC_WITHOUT_HEAD(help_version);
ATF_TC_BODY(help_version, tc)
{
	struct options o;

	ATF_CHECK_EQ(PARSE(&o, "-h"), OPT_HELP);
	ATF_CHECK_EQ(PARSE(&o, "-h", "h"), OPT_HELP);
	ATF_CHECK_EQ(PARSE(&o, "--help"), OPT_HELP);
	ATF_CHECK_EQ(PARSE(&o, "-v"), OPT_VERSION);
	ATF_CHECK_EQ(PARSE(&o, "--version"), OPT_VERSION);
	ATF_CHECK_EQ(PARSE(&o, "-n", "-v", "h", "80"), OPT_VERSION);
}

ATF_TC_WITHOUT_HEAD(as_path_lookups);
ATF_TC_BODY(as_path_lookups, tc)
{
	struct options o;
	char big[200], msg[300];

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.asn, 0);
	ATF_CHECK(o.aszone == NULL);
	REQUIRE_OK(&o, "--as-path-lookups", "h");
	ATF_CHECK_EQ(o.asn, 1);
	ATF_CHECK(o.aszone == NULL);
	/* -A stays 1.5's ACK flag. */
	REQUIRE_OK(&o, "-A", "h");
	ATF_CHECK_EQ(o.asn, 0);
	ATF_CHECK_EQ(o.ack, 1);
	REQUIRE_OK(&o, "--as-path-lookups", "--as-zone=asn.tb.test", "h");
	ATF_CHECK_EQ(o.asn, 1);
	ATF_CHECK_STREQ(o.aszone, "asn.tb.test");
	REQUIRE_OK(&o, "--as-zone", "Origin_6.asn-x.test.", "h");
	ATF_CHECK_STREQ(o.aszone, "Origin_6.asn-x.test.");
	ATF_CHECK_EQ(o.asn, 0);

	CHECK_ERROR("invalid AS zone: ", "--as-zone=", "h");
	CHECK_ERROR("invalid AS zone: .", "--as-zone=.", "h");
	CHECK_ERROR("invalid AS zone: a..b", "--as-zone=a..b", "h");
	CHECK_ERROR("invalid AS zone: .a", "--as-zone=.a", "h");
	CHECK_ERROR("invalid AS zone: a.b..", "--as-zone=a.b..", "h");
	CHECK_ERROR("invalid AS zone: a b", "--as-zone=a b", "h");
	CHECK_ERROR("invalid AS zone: a\\.b", "--as-zone=a\\.b", "h");
	CHECK_ERROR("unknown option: --as-path-lookups=1",
	    "--as-path-lookups=1", "h");
	/* Labels of 63, not 64. */
	memset(big, 'a', 64);
	big[64] = '\0';
	snprintf(msg, sizeof(msg), "invalid AS zone: %s", big);
	CHECK_ERROR(msg, "--as-zone", big, "h");
	big[63] = '\0';
	REQUIRE_OK(&o, "--as-zone", big, "h");
	/* Room for the 64 characters of a reversed IPv6 address. */
	memset(big, 'a', sizeof(big));
	big[63] = big[127] = '.';
	big[189] = '\0';
	REQUIRE_OK(&o, "--as-zone", big, "h");
	big[189] = 'a';
	big[190] = '\0';
	ATF_CHECK_EQ(PARSE(&o, "--as-zone", big, "h"), OPT_ERROR);
}

ATF_TC_WITHOUT_HEAD(long_options);
ATF_TC_BODY(long_options, tc)
{
	struct options o;

	REQUIRE_OK(&o, "--dnat", "h");
	ATF_CHECK_EQ(o.dnat, DNAT_REPORT);
	REQUIRE_OK(&o, "--dnat", "--no-dnat", "h");
	ATF_CHECK_EQ(o.dnat, DNAT_SILENT);
	REQUIRE_OK(&o, "--no-dnat-strict", "h");
	ATF_CHECK_EQ(o.dnat, DNAT_STRICT);

	REQUIRE_OK(&o, "--track-port", "h");
	ATF_CHECK_EQ(o.track, TRACK_PORT);
	ATF_CHECK_EQ(o.track_set, 1);
	REQUIRE_OK(&o, "--track-id", "h");
	ATF_CHECK_EQ(o.track, TRACK_ID);
	ATF_CHECK_EQ(o.track_set, 1);
	REQUIRE_OK(&o, "--track-port", "--track-ipid", "h");
	ATF_CHECK_EQ(o.track, TRACK_ID);
	ATF_CHECK_EQ(o.track_set, 1);

	REQUIRE_OK(&o, "--no-select", "h");
	ATF_CHECK_EQ(o.noselect, 1);
	REQUIRE_OK(&o, "--no-select", "--select", "h");
	ATF_CHECK_EQ(o.noselect, 0);
	REQUIRE_OK(&o, "--no-filter", "h");
	ATF_CHECK_EQ(o.nofilter, 1);
	REQUIRE_OK(&o, "--no-getinterfaces", "h");
	ATF_CHECK_EQ(o.nogetinterfaces, 1);
	REQUIRE_OK(&o, "--extensions", "h");
	ATF_CHECK_EQ(o.extensions, 1);
}

/* --flowlabel: 20 bits, decimal, long option only (-l is the length). */
ATF_TC_WITHOUT_HEAD(flowlabel);
ATF_TC_BODY(flowlabel, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.flowlabel, 0);
	REQUIRE_OK(&o, "--flowlabel=12345", "h");
	ATF_CHECK_EQ(o.flowlabel, 12345);
	ATF_CHECK_EQ(o.length, 0);
	REQUIRE_OK(&o, "--flowlabel", "1048575", "h");
	ATF_CHECK_EQ(o.flowlabel, 0xfffff);
	REQUIRE_OK(&o, "--flowlabel=0", "h");
	ATF_CHECK_EQ(o.flowlabel, 0);
	/* -l stays 1.5's packet length. */
	REQUIRE_OK(&o, "-l", "100", "h");
	ATF_CHECK_EQ(o.flowlabel, 0);
	ATF_CHECK_EQ(o.length, 100);
	CHECK_ERROR("invalid flow label: 1048576 (0 to 1048575)",
	    "--flowlabel=1048576",
	    "h");
	CHECK_ERROR("invalid flow label: -1 (0 to 1048575)", "--flowlabel=-1", "h");
	CHECK_ERROR("invalid flow label: 0x10 (0 to 1048575)",
	    "--flowlabel=0x10", "h");
	CHECK_ERROR("invalid flow label:  (0 to 1048575)", "--flowlabel=", "h");
}

/* --mtu: -F and one probe at a time, whatever else was asked. */
ATF_TC_WITHOUT_HEAD(mtu);
ATF_TC_BODY(mtu, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.mtu, 0);
	ATF_CHECK_EQ(o.df, 0);
	ATF_CHECK(o.squeries > 1);
	REQUIRE_OK(&o, "--mtu", "h");
	ATF_CHECK_EQ(o.mtu, 1);
	ATF_CHECK_EQ(o.df, 1);
	ATF_CHECK_EQ(o.squeries, 1);
	REQUIRE_OK(&o, "--sim-queries=8", "--mtu", "h");
	ATF_CHECK_EQ(o.squeries, 1);
	REQUIRE_OK(&o, "--mtu", "--sim-queries", "8", "h");
	ATF_CHECK_EQ(o.squeries, 1);
	CHECK_ERROR("unknown option: --mtu=1400", "--mtu=1400", "h");
}

/* -j and --json; off by default, bundled with other flags. */
ATF_TC_WITHOUT_HEAD(json);
ATF_TC_BODY(json, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.json, 0);
	REQUIRE_OK(&o, "-j", "h");
	ATF_CHECK_EQ(o.json, 1);
	REQUIRE_OK(&o, "--json", "h");
	ATF_CHECK_EQ(o.json, 1);
	REQUIRE_OK(&o, "-nj", "h", "443");
	ATF_CHECK_EQ(o.json, 1);
	ATF_CHECK_EQ(o.numeric, 1);
	ATF_CHECK_EQ(o.dport, 443);
	CHECK_ERROR("unknown option: --json=1", "--json=1", "h");
}

/* The ports of the set, "22 80 443", or "" for none. */
static const char *
portset(const struct options *o)
{
	static char	 buf[512];
	char		 num[8];
	int		 p;

	buf[0] = '\0';
	for (p = ports_next(o->portmap, 0); p != 0;
	    p = ports_next(o->portmap, p)) {
		snprintf(num, sizeof(num), "%s%d", buf[0] != '\0' ? " " : "",
		    p);
		ATF_REQUIRE(strlcat(buf, num, sizeof(buf)) < sizeof(buf));
	}
	return (buf);
}

/* tracetcp's -c, -r START END and --ports. */
ATF_TC_WITHOUT_HEAD(port_sets);
ATF_TC_BODY(port_sets, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.condensed, 0);
	ATF_CHECK_EQ(o.nports, 0);
	ATF_CHECK_EQ(o.scan, 0);
	ATF_CHECK_EQ(o.findblock, 0);
	ATF_CHECK_EQ(o.proxy, 0);
	ATF_CHECK_EQ(o.control, 0);
	ATF_CHECK_STREQ(portset(&o), "");
	REQUIRE_OK(&o, "-c", "h");
	ATF_CHECK_EQ(o.condensed, 1);
	REQUIRE_OK(&o, "--condensed", "h");
	ATF_CHECK_EQ(o.condensed, 1);

	/* -r: the first port is dport; several ports are compared. */
	REQUIRE_OK(&o, "-r", "130", "140", "h");
	ATF_CHECK_EQ(o.nports, 11);
	ATF_CHECK_EQ(o.dport, 130);
	ATF_CHECK_STREQ(portset(&o),
	    "130 131 132 133 134 135 136 137 138 139 140");
	ATF_CHECK_EQ(o.findblock, 1);
	ATF_CHECK_EQ(o.proxy, 1);
	ATF_CHECK_STREQ(o.host, "h");
	/* After the host, by service name, and the long spelling. */
	REQUIRE_OK(&o, "h", "-r", "http", "https");
	ATF_CHECK_EQ(o.nports, 364);
	ATF_CHECK_EQ(o.dport, 80);
	ATF_CHECK_STREQ(o.host, "h");
	REQUIRE_OK(&o, "--range", "20", "21", "h");
	ATF_CHECK_STREQ(portset(&o), "20 21");
	REQUIRE_OK(&o, "--range=20", "21", "h");
	ATF_CHECK_STREQ(portset(&o), "20 21");
	ATF_CHECK_EQ(o.nports, 2);

	/* --ports: in ascending order, each once. */
	REQUIRE_OK(&o, "--ports", "443,22,80,130-140", "h");
	ATF_CHECK_EQ(o.nports, 14);
	ATF_CHECK_EQ(o.dport, 22);
	ATF_CHECK_STREQ(portset(&o),
	    "22 80 130 131 132 133 134 135 136 137 138 139 140 443");
	REQUIRE_OK(&o, "--ports=80,http,www,80-80", "--ports", "https", "h");
	ATF_CHECK_STREQ(portset(&o), "80 443");
	ATF_CHECK_EQ(o.nports, 2);
	/* -r and --ports add up. */
	REQUIRE_OK(&o, "-r", "130", "135", "--ports", "134-136,22", "h");
	ATF_CHECK_EQ(o.nports, 8);
	ATF_CHECK_STREQ(portset(&o), "22 130 131 132 133 134 135 136");

	/* One port in a set is just that port: nothing to compare. */
	REQUIRE_OK(&o, "--ports", "22", "h");
	ATF_CHECK_EQ(o.nports, 0);
	ATF_CHECK_EQ(o.dport, 22);
	ATF_CHECK_EQ(o.findblock, 0);
	ATF_CHECK_EQ(o.proxy, 0);
	REQUIRE_OK(&o, "-r", "65535", "65535", "h");
	ATF_CHECK_EQ(o.nports, 0);
	ATF_CHECK_EQ(o.dport, 65535);
	REQUIRE_OK(&o, "--ports", "25,smtp,25-25", "h");
	ATF_CHECK_EQ(o.nports, 0);
	ATF_CHECK_EQ(o.dport, 25);

	/* --no-detect-proxy holds with several ports; blocks are found. */
	REQUIRE_OK(&o, "--no-detect-proxy", "-r", "1", "3", "h");
	ATF_CHECK_EQ(o.proxy, 0);
	ATF_CHECK_EQ(o.findblock, 1);
	REQUIRE_OK(&o, "--detect-proxy", "--no-detect-proxy", "--ports",
	    "1,2", "h");
	ATF_CHECK_EQ(o.proxy, 0);
	REQUIRE_OK(&o, "--no-detect-proxy", "--detect-proxy", "--ports",
	    "1,2", "h");
	ATF_CHECK_EQ(o.proxy, 1);
}

ATF_TC_WITHOUT_HEAD(port_set_errors);
ATF_TC_BODY(port_set_errors, tc)
{
	CHECK_ERROR("option requires an argument: -r", "h", "-r");
	CHECK_ERROR("-r needs a first and a last port", "h", "-r", "5");
	CHECK_ERROR("-r needs a first and a last port", "-r", "5", "-n",
	    "h");
	CHECK_ERROR("invalid port: 0 (1 to 65535)", "-r", "0", "5", "h");
	CHECK_ERROR("invalid port: 65536 (1 to 65535)", "-r", "1", "65536", "h");
	CHECK_ERROR("unknown port: nosuchsvc", "-r", "1", "nosuchsvc", "h");
	CHECK_ERROR("bad port range: 140-130", "-r", "140", "130", "h");
	CHECK_ERROR("bad port list: 80,", "--ports", "80,", "h");
	CHECK_ERROR("bad port list: ", "--ports", "", "h");
	CHECK_ERROR("bad port range: 5-1", "--ports", "1,5-1", "h");
	CHECK_ERROR("invalid port: 65536 (1 to 65535)", "--ports", "1-65536", "h");
	/* A set and a port operand, or host:port, are one port too many. */
	CHECK_ERROR("port given twice: 80 and a port list", "-r", "130",
	    "140", "h", "80");
	CHECK_ERROR("port given twice: 22 and a port list", "h:22",
	    "--ports", "80,443");
	CHECK_ERROR("port given twice: 80 and a port list", "--ports", "80",
	    "h", "80");
	/* Every port's trace counts: 90 probes a port by default. */
	CHECK_ERROR("too many probes: 5898150 (at most 65536)", "-r", "1",
	    "65535", "h");
	CHECK_ERROR("too many probes: 65610 (at most 65536)", "--ports",
	    "1-729", "h");
}

/* --scan: each port's probes at max_ttl. */
ATF_TC_WITHOUT_HEAD(scan);
ATF_TC_BODY(scan, tc)
{
	struct options o;

	/* One probe a port at max_ttl, 64 ports at once. */
	REQUIRE_OK(&o, "--scan", "-r", "1", "1024", "h");
	ATF_CHECK_EQ(o.scan, 1);
	ATF_CHECK_EQ(o.first_ttl, 30);
	ATF_CHECK_EQ(o.max_ttl, 30);
	ATF_CHECK_EQ(o.nqueries, 1);
	ATF_CHECK_EQ(o.squeries, 64);
	ATF_CHECK_EQ(o.nports, 1024);
	ATF_CHECK_EQ(o.dport, 1);
	/* -q, -m and --sim-queries given are kept, in either order. */
	REQUIRE_OK(&o, "-q", "2", "--sim-queries", "8", "--scan", "-m", "5",
	    "h");
	ATF_CHECK_EQ(o.first_ttl, 5);
	ATF_CHECK_EQ(o.max_ttl, 5);
	ATF_CHECK_EQ(o.nqueries, 2);
	ATF_CHECK_EQ(o.squeries, 8);
	/* A scan of one port is allowed too. */
	REQUIRE_OK(&o, "--scan", "h", "22");
	ATF_CHECK_EQ(o.scan, 1);
	ATF_CHECK_EQ(o.nports, 0);
	ATF_CHECK_EQ(o.dport, 22);
	/* Every port fits at one probe each; two probes each do not. */
	REQUIRE_OK(&o, "--scan", "-r", "1", "65535", "h");
	ATF_CHECK_EQ(o.nports, 65535);
	ATF_CHECK_EQ(o.dport, 1);
	REQUIRE_OK(&o, "--scan", "-q", "2", "--ports", "1-32768", "h");
	ATF_CHECK_EQ(o.nports, 32768);
	CHECK_ERROR("too many probes: 65538 (at most 65536)", "--scan", "-q",
	    "2", "--ports", "1-32769", "h");
	CHECK_ERROR("unknown option: --scan=1", "--scan=1", "h");
}

/*
 * --find-block and --detect-proxy with one port: a control port, 443
 * (80 when 443 is traced) or the one given, is traced as well.
 */
ATF_TC_WITHOUT_HEAD(control_port);
ATF_TC_BODY(control_port, tc)
{
	struct options o;

	REQUIRE_OK(&o, "--find-block", "h", "135");
	ATF_CHECK_EQ(o.findblock, 1);
	ATF_CHECK_EQ(o.control, 443);
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_EQ(o.dport, 135);
	ATF_CHECK_STREQ(portset(&o), "135 443");
	REQUIRE_OK(&o, "--find-block", "h");
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_STREQ(portset(&o), "80 443");
	REQUIRE_OK(&o, "--find-block", "h:https");
	ATF_CHECK_EQ(o.control, 80);
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_EQ(o.dport, 80);
	ATF_CHECK_STREQ(portset(&o), "80 443");
	REQUIRE_OK(&o, "--find-block=8080", "h", "135");
	ATF_CHECK_EQ(o.control, 8080);
	ATF_CHECK_STREQ(portset(&o), "135 8080");
	ATF_CHECK_EQ(o.nports, 2);

	/* The example of the manual: port 80 compared with ftp. */
	REQUIRE_OK(&o, "-q", "1", "--detect-proxy=ftp", "h", "80");
	ATF_CHECK_EQ(o.proxy, 1);
	ATF_CHECK_EQ(o.control, 21);
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_EQ(o.dport, 21);
	ATF_CHECK_STREQ(portset(&o), "21 80");
	REQUIRE_OK(&o, "--detect-proxy", "h");
	ATF_CHECK_EQ(o.proxy, 1);
	ATF_CHECK_STREQ(portset(&o), "80 443");
	ATF_CHECK_EQ(o.nports, 2);

	/* A one-port set is the port compared. */
	REQUIRE_OK(&o, "--find-block", "--ports", "22", "h");
	ATF_CHECK_EQ(o.dport, 22);
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_STREQ(portset(&o), "22 443");
	REQUIRE_OK(&o, "--detect-proxy=25", "-r", "443", "443", "h");
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_STREQ(portset(&o), "25 443");

	/* Several ports need no control port. */
	REQUIRE_OK(&o, "--find-block=22", "-r", "130", "131", "h");
	ATF_CHECK_EQ(o.nports, 2);
	ATF_CHECK_STREQ(portset(&o), "130 131");

	/* --no-detect-proxy: blocks only. */
	REQUIRE_OK(&o, "--no-detect-proxy", "--find-block", "h", "135");
	ATF_CHECK_EQ(o.proxy, 0);
	ATF_CHECK_EQ(o.findblock, 1);
	ATF_CHECK_STREQ(portset(&o), "135 443");

	CHECK_ERROR("invalid port: 0 (1 to 65535)", "--find-block=0", "h");
	CHECK_ERROR("invalid port: 65536 (1 to 65535)", "--detect-proxy=65536", "h");
	CHECK_ERROR("unknown port: nosuchsvc", "--detect-proxy=nosuchsvc",
	    "h");
	CHECK_ERROR("unknown option: --no-detect-proxy=1",
	    "--no-detect-proxy=1", "h");
}

/* A fixed source port cannot vary per probe: --track-port gives way. */
ATF_TC_WITHOUT_HEAD(track_port_with_sport);
ATF_TC_BODY(track_port_with_sport, tc)
{
	struct options o;

	REQUIRE_OK(&o, "--track-port", "-p", "1234", "h");
	ATF_CHECK_EQ(o.track, TRACK_ID);
	ATF_CHECK_EQ(o.sport, 1234);
	REQUIRE_OK(&o, "-P", "1234", "--track-port", "h");
	ATF_CHECK_EQ(o.track, TRACK_ID);
	ATF_CHECK_EQ(o.forceport, 1);
}

/* optind is reset: a second parse in the same process starts afresh. */
ATF_TC_WITHOUT_HEAD(reparse);
ATF_TC_BODY(reparse, tc)
{
	struct options o;

	REQUIRE_OK(&o, "-n", "-m", "5", "--dnat", "a.example", "22");
	ATF_CHECK_EQ(o.max_ttl, 5);
	ATF_CHECK_STREQ(o.host, "a.example");
	CHECK_ERROR("unknown option: -Z", "-n", "-Z", "h");
	REQUIRE_OK(&o, "b.example");
	ATF_CHECK_EQ(o.max_ttl, 30);
	ATF_CHECK_EQ(o.numeric, 0);
	ATF_CHECK_EQ(o.dnat, DNAT_SILENT);
	ATF_CHECK_EQ(o.dport, 80);
	ATF_CHECK_STREQ(o.host, "b.example");
	/* Interrupted mid-bundle last time: nothing is left over. */
	CHECK_ERROR("unknown option: -Z", "-nZd", "h");
	REQUIRE_OK(&o, "-q", "2", "c.example");
	ATF_CHECK_EQ(o.nqueries, 2);
	ATF_CHECK_EQ(o.debug, 0);
	ATF_CHECK_STREQ(o.host, "c.example");
}

/* Linux traceroute's long names, -V, --port, --sport, --fwmark. */
ATF_TC_WITHOUT_HEAD(linux_names);
ATF_TC_BODY(linux_names, tc)
{
	struct options o;

	REQUIRE_OK(&o, "--first=3", "--max-hops", "9", "--queries=2",
	    "--interface=lo", "--source=127.0.0.1", "--tos=16", "--wait=2",
	    "--dont-fragment", "--debug", "--options=sack", "h");
	ATF_CHECK_EQ(o.first_ttl, 3);
	ATF_CHECK_EQ(o.max_ttl, 9);
	ATF_CHECK_EQ(o.nqueries, 2);
	ATF_CHECK_STREQ(o.ifname, "lo");
	ATF_CHECK_STREQ(o.srcaddr, "127.0.0.1");
	ATF_CHECK_EQ(o.tos, 16);
	ATF_CHECK_EQ(o.waitms, 2000);
	ATF_CHECK_EQ(o.df, 1);
	ATF_CHECK_EQ(o.debug, 1);
	ATF_CHECK(o.tcpopts & TCPOPT_SACK);
	/* --port is Linux's -p: the destination, as after the host. */
	REQUIRE_OK(&o, "--port=443", "h");
	ATF_CHECK_EQ(o.dport, 443);
	ATF_CHECK_STREQ(o.portname, "443");
	REQUIRE_OK(&o, "--port", "smtp", "h");
	ATF_CHECK_EQ(o.dport, 25);
	CHECK_ERROR("port given twice: 81 and 82", "--port=81", "h", "82");
	CHECK_ERROR("port given twice: 82 and 81", "--port=81", "h:82");
	REQUIRE_OK(&o, "--port=0", "h");
	ATF_CHECK_EQ(o.dport, 0);
	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.dontroute, 0);
	REQUIRE_OK(&o, "--bypass-routing", "h");
	ATF_CHECK_EQ(o.dontroute, 1);
	/* --sport is 1.5's -p. */
	REQUIRE_OK(&o, "--sport=4000", "h");
	ATF_CHECK_EQ(o.sport, 4000);
	ATF_CHECK_EQ(o.forceport, 0);
	ATF_CHECK_EQ(PARSE(&o, "-V"), OPT_VERSION);
	/* --fwmark: any 32-bit mark, 0 too. */
	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.fwmark_set, 0);
	REQUIRE_OK(&o, "--fwmark=4294967295", "h");
	ATF_CHECK_EQ(o.fwmark_set, 1);
	ATF_CHECK_EQ(o.fwmark, 4294967295U);
	REQUIRE_OK(&o, "--fwmark", "0", "h");
	ATF_CHECK_EQ(o.fwmark_set, 1);
	ATF_CHECK_EQ(o.fwmark, 0);
	CHECK_ERROR("invalid firewall mark: 4294967296", "--fwmark=4294967296",
	    "h");
	CHECK_ERROR("invalid firewall mark: -1", "--fwmark=-1", "h");
	CHECK_ERROR("option requires an argument: --fwmark", "h", "--fwmark");
}

/* -g, --gateway: up to TTR_MAXGW names; IPv4 only. */
ATF_TC_WITHOUT_HEAD(gateways);
ATF_TC_BODY(gateways, tc)
{
	struct options o;

	REQUIRE_OK(&o, "h");
	ATF_CHECK_EQ(o.ngw, 0);
	ATF_CHECK(o.gateways == NULL);
	REQUIRE_OK(&o, "-g", "198.18.3.2", "h");
	ATF_CHECK_EQ(o.ngw, 1);
	ATF_CHECK_STREQ(o.gateways, "198.18.3.2");
	REQUIRE_OK(&o, "-gr1,r2", "h");
	ATF_CHECK_EQ(o.ngw, 2);
	ATF_CHECK_STREQ(o.gateways, "r1,r2");
	REQUIRE_OK(&o, "--gateway=a,b,c,d,e,f,g,h", "-4", "h");
	ATF_CHECK_EQ(o.ngw, 8);
	REQUIRE_OK(&o, "--gateway", "a", "h");
	ATF_CHECK_EQ(o.ngw, 1);
	CHECK_ERROR("too many gateways: 9 (at most 8)",
	    "-g", "a,b,c,d,e,f,g,h,i", "h");
	CHECK_ERROR("empty gateway in -g: ", "-g", "", "h");
	CHECK_ERROR("empty gateway in -g: a,,b", "-g", "a,,b", "h");
	CHECK_ERROR("empty gateway in -g: ,a", "-g", ",a", "h");
	CHECK_ERROR("empty gateway in -g: a,", "--gateway=a,", "h");
	CHECK_ERROR("option requires an argument: -g", "h", "-g");
	CHECK_ERROR("option requires an argument: --gateway", "h",
	    "--gateway");
	CHECK_ERROR("-g is IPv4 only: the type 0 routing header is "
	    "deprecated (RFC 5095)", "-6", "-g", "a", "h");
	CHECK_ERROR("-g is IPv4 only: the type 0 routing header is "
	    "deprecated (RFC 5095)", "-g", "a", "-6", "h");
}

ATF_TC_WITHOUT_HEAD(methods);
ATF_TC_BODY(methods, tc)
{
	struct options o;

	REQUIRE_OK(&o, "host");
	ATF_CHECK_EQ(o.method, METHOD_TCP);
	ATF_CHECK_EQ(o.dport, 80);
	REQUIRE_OK(&o, "-I", "host");
	ATF_CHECK_EQ(o.method, METHOD_ICMP);
	REQUIRE_OK(&o, "--icmp", "host");
	ATF_CHECK_EQ(o.method, METHOD_ICMP);
	REQUIRE_OK(&o, "-M", "icmp", "host");
	ATF_CHECK_EQ(o.method, METHOD_ICMP);
	REQUIRE_OK(&o, "--module=icmp", "host");
	ATF_CHECK_EQ(o.method, METHOD_ICMP);
	/* -U: Linux's port 53 unless one is given. */
	REQUIRE_OK(&o, "-U", "host");
	ATF_CHECK_EQ(o.method, METHOD_UDP);
	ATF_CHECK_EQ(o.dport, 53);
	REQUIRE_OK(&o, "--udp", "host", "5353");
	ATF_CHECK_EQ(o.method, METHOD_UDP);
	ATF_CHECK_EQ(o.dport, 5353);
	REQUIRE_OK(&o, "-Mudp", "host:123");
	ATF_CHECK_EQ(o.method, METHOD_UDP);
	ATF_CHECK_EQ(o.dport, 123);
	/* The last one given counts. */
	REQUIRE_OK(&o, "-I", "-T", "host");
	ATF_CHECK_EQ(o.method, METHOD_TCP);
	REQUIRE_OK(&o, "-U", "--tcp", "-S", "host");
	ATF_CHECK_EQ(o.method, METHOD_TCP);
	REQUIRE_OK(&o, "-M", "tcp", "-I", "-n", "-q", "1", "host");
	ATF_CHECK_EQ(o.method, METHOD_ICMP);
	/* What every method has. */
	REQUIRE_OK(&o, "-U", "-c", "-j", "-e", "--track-port", "-F", "host");
	REQUIRE_OK(&o, "-I", "-l", "100", "-t", "16", "--back", "host");

	CHECK_ERROR("unknown method: raw (tcp, icmp or udp)", "-M", "raw",
	    "host");
	CHECK_ERROR("unknown method: TCP (tcp, icmp or udp)", "--module=TCP",
	    "host");
	CHECK_ERROR("method default (UDP to a port one higher each probe) is "
	    "not supported; use udp", "-M", "default", "host");
	CHECK_ERROR("option requires an argument: -M", "host", "-M");
	CHECK_ERROR("ICMP probes have no port: 80", "-I", "host", "80");
	CHECK_ERROR("ICMP probes have no port: 443", "-I", "host:443");
	CHECK_ERROR("-S needs TCP probes, not ICMP", "-S", "-I", "host");
	CHECK_ERROR("-A needs TCP probes, not UDP", "-U", "-A", "host");
	CHECK_ERROR("-E needs TCP probes, not UDP", "-U", "-E", "host");
	CHECK_ERROR("-O needs TCP probes, not ICMP", "-I", "-O", "ack",
	    "host");
	CHECK_ERROR("-O needs TCP probes, not UDP", "-U", "-O", "mss=1200",
	    "host");
	CHECK_ERROR("-O needs TCP probes, not UDP", "-U", "--tcp-flags=info",
	    "host");
	CHECK_ERROR("a port list needs TCP probes, not UDP", "-U", "--ports",
	    "53,54", "host");
	CHECK_ERROR("a port list needs TCP probes, not UDP", "-U", "-r", "1",
	    "5", "host");
	CHECK_ERROR("--scan needs TCP probes, not ICMP", "-I", "--scan",
	    "host");
	CHECK_ERROR("--find-block needs TCP probes, not UDP", "-U",
	    "--find-block", "host");
	CHECK_ERROR("--detect-proxy needs TCP probes, not ICMP", "-I",
	    "--detect-proxy", "host");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, gateways);
	ATF_TP_ADD_TC(tp, linux_names);
	ATF_TP_ADD_TC(tp, defaults);
	ATF_TP_ADD_TC(tp, ecmp);
	ATF_TP_ADD_TC(tp, operands);
	ATF_TP_ADD_TC(tp, operand_errors);
	ATF_TP_ADD_TC(tp, flags);
	ATF_TP_ADD_TC(tp, valued);
	ATF_TP_ADD_TC(tp, waittime);
	ATF_TP_ADD_TC(tp, waittime_short_fraction);
	ATF_TP_ADD_TC(tp, waittime_errors);
	ATF_TP_ADD_TC(tp, waittime_adaptive);
	ATF_TP_ADD_TC(tp, engine_options);
	ATF_TP_ADD_TC(tp, targets);
	ATF_TP_ADD_TC(tp, tcp_options);
	ATF_TP_ADD_TC(tp, value_errors);
	ATF_TP_ADD_TC(tp, getopt_errors);
	ATF_TP_ADD_TC(tp, getopt_colon);
	ATF_TP_ADD_TC(tp, getopt_long_extra_argument);
	ATF_TP_ADD_TC(tp, help_version);
	ATF_TP_ADD_TC(tp, long_options);
	ATF_TP_ADD_TC(tp, json);
	ATF_TP_ADD_TC(tp, flowlabel);
	ATF_TP_ADD_TC(tp, mtu);
	ATF_TP_ADD_TC(tp, port_sets);
	ATF_TP_ADD_TC(tp, port_set_errors);
	ATF_TP_ADD_TC(tp, scan);
	ATF_TP_ADD_TC(tp, control_port);
	ATF_TP_ADD_TC(tp, as_path_lookups);
	ATF_TP_ADD_TC(tp, track_port_with_sport);
	ATF_TP_ADD_TC(tp, reparse);
	ATF_TP_ADD_TC(tp, methods);
	return (atf_no_error());
}
