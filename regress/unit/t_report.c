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
 * tracetcp's lines (report.c), byte for byte through a memory stream:
 * the condensed line of a hop (-c), the line of a scanned port (--scan),
 * and what comparing several ports' traces finds (--find-block,
 * --detect-proxy).  Columns of a condensed line are 10 wide: a time or a
 * star padded with blanks, one blank at least.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "tcptraceroute.h"

#define DST4	"198.18.6.2"
#define DST6	"2001:db8:6::2"

static FILE	*fp;
static char	*buf;
static size_t	 len;

static void
cap_start(void)
{
	buf = NULL;
	len = 0;
	ATF_REQUIRE((fp = open_memstream(&buf, &len)) != NULL);
}

/* What was printed; valid until the next cap_start. */
static const char *
cap_end(void)
{
	static char *last;

	ATF_REQUIRE(fclose(fp) == 0);
	free(last);
	last = buf;
	return (buf);
}

/* What was printed so far, the stream still open. */
static const char *
so_far(void)
{
	ATF_REQUIRE(fflush(fp) == 0);
	return (buf != NULL ? buf : "");
}

static union ttr_addr
addr(int family, const char *s)
{
	union ttr_addr a;

	memset(&a, 0, sizeof(a));
	ATF_REQUIRE_MSG(inet_pton(family, s, &a) == 1, "bad address %s", s);
	return (a);
}

/* -c: the condensed lines of one port's probes. */
static struct condensed	 cond;
static int		 cfamily;
static int		 cqueries;

static void
cond_start(int family, const char *dst, unsigned int port, int nqueries)
{
	memset(&cond, 0, sizeof(cond));
	cfamily = family;
	cqueries = nqueries;
	snprintf(cond.prefix, sizeof(cond.prefix), "[%s%s%s:%u]",
	    family == AF_INET6 ? "[" : "", dst,
	    family == AF_INET6 ? "]" : "", port);
	cap_start();
}

/* A probe's result: from NULL for a star; state "" for a router. */
static void
probe(int ttl, int q, const char *from, double rtt, const char *state,
    const char *name, const char *annot)
{
	struct hop_result hr;

	memset(&hr, 0, sizeof(hr));
	hr.ttl = ttl;
	hr.q = q;
	hr.family = cfamily;
	if (from != NULL) {
		hr.answered = 1;
		hr.addr = addr(cfamily, from);
		hr.rtt = rtt;
		hr.name = name;
		strlcpy(hr.state, state, sizeof(hr.state));
		strlcpy(hr.annot, annot, sizeof(hr.annot));
	}
	report_condensed(&cond, &hr, cqueries, fp);
}

#define ROUTER(ttl, q, from, rtt)	probe(ttl, q, from, rtt, "", NULL, "")
#define STAR(ttl, q)			probe(ttl, q, NULL, 0, "", NULL, "")

/* A hop answered by one router: 0.500 ms is 8 wide, 2 blanks after. */
ATF_TC_WITHOUT_HEAD(condensed_one);
ATF_TC_BODY(condensed_one, tc)
{
	cond_start(AF_INET, DST4, 130, 1);
	ROUTER(3, 1, "198.18.3.2", 0.5);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:130]  3  0.500 ms  198.18.3.2\n");

	cond_start(AF_INET, DST4, 135, 1);
	STAR(3, 1);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:135]  3  *         Request timed out.\n");

	/* tracetcp -h 1 -m 3: one line a hop, each once complete. */
	cond_start(AF_INET, DST4, 137, 1);
	ROUTER(1, 1, "198.18.1.1", 0.25);
	ATF_CHECK_STREQ(so_far(),
	    "[198.18.6.2:137]  1  0.250 ms  198.18.1.1\n");
	STAR(2, 1);
	STAR(3, 1);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:137]  1  0.250 ms  198.18.1.1\n"
	    "[198.18.6.2:137]  2  *         Request timed out.\n"
	    "[198.18.6.2:137]  3  *         Request timed out.\n");
}

/* Three probes: the line goes out with the third, the router last. */
ATF_TC_WITHOUT_HEAD(condensed_three);
ATF_TC_BODY(condensed_three, tc)
{
	cond_start(AF_INET, DST4, 80, 3);
	ROUTER(2, 1, "198.18.2.1", 0.5);
	ROUTER(2, 2, "198.18.2.1", 0.25);
	ATF_CHECK_STREQ(so_far(), "");
	ROUTER(2, 3, "198.18.2.1", 1.125);
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:80]  2  "
	    "0.500 ms  0.250 ms  1.125 ms  198.18.2.1\n");

	cond_start(AF_INET, DST4, 80, 3);
	STAR(4, 1);
	STAR(4, 2);
	STAR(4, 3);
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:80]  4  "
	    "*         *         *         Request timed out.\n");

	/* Mixed: the stars keep their columns, the router comes last. */
	cond_start(AF_INET, DST4, 80, 3);
	STAR(5, 1);
	ROUTER(5, 2, "198.18.5.1", 0.75);
	STAR(5, 3);
	ROUTER(6, 1, "198.18.6.1", 2);
	STAR(6, 2);
	STAR(6, 3);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:80]  5  *         0.750 ms  *         198.18.5.1\n"
	    "[198.18.6.2:80]  6  2.000 ms  *         *         198.18.6.1\n");

	/* Two routers answer one hop: the last one is named. */
	cond_start(AF_INET, DST4, 80, 3);
	ROUTER(3, 1, "198.18.3.1", 1);
	ROUTER(3, 2, "198.18.3.2", 1);
	STAR(3, 3);
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:80]  3  "
	    "1.000 ms  1.000 ms  *         198.18.3.2\n");
}

/*
 * Times of 10 ms and more are wider: a blank still separates them,
 * and a time of 10 characters or more is followed by just one.
 */
ATF_TC_WITHOUT_HEAD(condensed_wide);
ATF_TC_BODY(condensed_wide, tc)
{
	cond_start(AF_INET, DST4, 80, 3);
	ROUTER(2, 1, "198.18.2.1", 10.312);
	ROUTER(2, 2, "198.18.2.1", 9.877);
	ROUTER(2, 3, "198.18.2.1", 100);
	ROUTER(3, 1, "198.18.3.1", 1234.5);
	STAR(3, 2);
	ROUTER(3, 3, "198.18.3.1", 99.9994);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:80]  2  10.312 ms 9.877 ms  100.000 ms 198.18.2.1\n"
	    "[198.18.6.2:80]  3  1234.500 ms *         99.999 ms 198.18.3.1\n");
}

/* The router's name in brackets, an unreachable's annotation after. */
ATF_TC_WITHOUT_HEAD(condensed_name_annot);
ATF_TC_BODY(condensed_name_annot, tc)
{
	cond_start(AF_INET, DST4, 130, 1);
	probe(3, 1, "198.18.3.2", 0.5, "", "r3.example", "");
	probe(4, 1, "198.18.4.2", 0.5, "", NULL, "!A");
	probe(5, 1, "198.18.5.2", 0.5, "", "r5.example", "!H");
	/* Neither name nor annotation stays for the next hop. */
	ROUTER(6, 1, "198.18.6.1", 0.5);
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:130]  3  0.500 ms  198.18.3.2 [r3.example]\n"
	    "[198.18.6.2:130]  4  0.500 ms  198.18.4.2 !A\n"
	    "[198.18.6.2:130]  5  0.500 ms  198.18.5.2 [r5.example] !H\n"
	    "[198.18.6.2:130]  6  0.500 ms  198.18.6.1\n");

	/* Three probes: the annotation once, after the name. */
	cond_start(AF_INET, DST4, 83, 3);
	probe(2, 1, "198.18.2.1", 0.5, "", "r2.example", "!A");
	probe(2, 2, "198.18.2.1", 0.5, "", "r2.example", "!A");
	probe(2, 3, "198.18.2.1", 0.5, "", "r2.example", "!A");
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:83]  2  "
	    "0.500 ms  0.500 ms  0.500 ms  198.18.2.1 [r2.example] !A\n");
}

/* The destination: its first answer's time, and OPEN or closed. */
ATF_TC_WITHOUT_HEAD(condensed_destination);
ATF_TC_BODY(condensed_destination, tc)
{
	cond_start(AF_INET, DST4, 80, 1);
	probe(6, 1, DST4, 1.5, "open", NULL, "");
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:80]  6  Dest. in 1.500 ms. Port OPEN on 198.18.6.2\n");

	cond_start(AF_INET, DST4, 81, 1);
	probe(6, 1, DST4, 0.75, "closed", NULL, "");
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:81]  6  "
	    "Dest. in 0.750 ms. Port closed on 198.18.6.2\n");

	/* ECN-capable is open too; other flags are just an answer. */
	cond_start(AF_INET, DST4, 80, 1);
	probe(6, 1, DST4, 1, "open, ecn", NULL, "");
	probe(7, 1, DST4, 1, "unknown, FIN", NULL, "");
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:80]  6  Dest. in 1.000 ms. Port OPEN on 198.18.6.2\n"
	    "[198.18.6.2:80]  7  "
	    "Dest. in 1.000 ms. Port answered on 198.18.6.2\n");

	/* Three answers: the first one's time, the others add nothing. */
	cond_start(AF_INET, DST4, 22, 3);
	probe(4, 1, DST4, 0.5, "open", "s.example", "");
	probe(4, 2, DST4, 0.25, "open", "s.example", "");
	probe(4, 3, DST4, 0.125, "open", "s.example", "");
	ATF_CHECK_STREQ(cap_end(),
	    "[198.18.6.2:22]  4  Dest. in 0.500 ms. Port OPEN on 198.18.6.2\n");

	/* A probe lost before the answer keeps its star. */
	cond_start(AF_INET, DST4, 22, 3);
	STAR(4, 1);
	probe(4, 2, DST4, 0.25, "closed", NULL, "");
	STAR(4, 3);
	ATF_CHECK_STREQ(cap_end(), "[198.18.6.2:22]  4  "
	    "*         Dest. in 0.250 ms. Port closed on 198.18.6.2\n");
}

/* IPv6: the address in brackets inside the prefix's. */
ATF_TC_WITHOUT_HEAD(condensed_ipv6);
ATF_TC_BODY(condensed_ipv6, tc)
{
	cond_start(AF_INET6, DST6, 443, 3);
	probe(3, 1, "2001:db8:3::2", 0.5, "", "r3.example", "");
	STAR(3, 2);
	probe(3, 3, "2001:db8:3::2", 0.625, "", "r3.example", "");
	STAR(4, 1);
	STAR(4, 2);
	STAR(4, 3);
	probe(5, 1, DST6, 1.25, "open", NULL, "");
	probe(5, 2, DST6, 1.5, "open", NULL, "");
	probe(5, 3, DST6, 1.75, "open", NULL, "");
	ATF_CHECK_STREQ(cap_end(),
	    "[[2001:db8:6::2]:443]  3  "
	    "0.500 ms  *         0.625 ms  2001:db8:3::2 [r3.example]\n"
	    "[[2001:db8:6::2]:443]  4  "
	    "*         *         *         Request timed out.\n"
	    "[[2001:db8:6::2]:443]  5  "
	    "Dest. in 1.250 ms. Port OPEN on 2001:db8:6::2\n");
}

/* --scan: one port's result. */
static struct port_result
scanned(int family, unsigned int port, const char *from, int reached,
    uint8_t flags, uint8_t type, uint8_t code, double rtt)
{
	struct port_result pr;

	memset(&pr, 0, sizeof(pr));
	pr.port = port;
	pr.firstttl = pr.lastttl = 30;
	if (from != NULL) {
		pr.reached = reached;
		pr.from = pr.lastaddr = addr(family, from);
		pr.dest = type == 0;
		pr.rejected = type != 0;
		pr.tcpflags = flags;
		pr.icmp_type = type;
		pr.icmp_code = code;
		pr.rtt = rtt;
	}
	return (pr);
}

static const char *
scan_line(int family, const char *dst, struct port_result pr)
{
	union ttr_addr d = addr(family, dst);

	cap_start();
	report_scan(&pr, family, &d, fp);
	return (cap_end());
}

ATF_TC_WITHOUT_HEAD(scan_ipv4);
ATF_TC_BODY(scan_ipv4, tc)
{
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 22, DST4,
	    30, TTR_SYN | TTR_ACK, 0, 0, 0.412)),
	    "[198.18.6.2:22]  Dest. in 0.412 ms. Port OPEN on 198.18.6.2\n");
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 23, DST4,
	    30, TTR_RST | TTR_ACK, 0, 0, 0.388)),
	    "[198.18.6.2:23]  Dest. in 0.388 ms. Port closed on 198.18.6.2\n");
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 24, NULL,
	    0, 0, 0, 0, 0)),
	    "[198.18.6.2:24]  *       Request timed out. Port filtered\n");
	/* Administratively prohibited, by a router on the way. */
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 25,
	    "198.18.2.1", 2, 0, 3, 13, 0.521)),
	    "[198.18.6.2:25]  "
	    "Rejected in 0.521 ms by 198.18.2.1 !A. Port filtered\n");
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 26,
	    "198.18.2.1", 2, 0, 3, 0, 1)),
	    "[198.18.6.2:26]  "
	    "Rejected in 1.000 ms by 198.18.2.1 !N. Port filtered\n");
	/* An answer with neither SYN and ACK nor RST. */
	ATF_CHECK_STREQ(scan_line(AF_INET, DST4, scanned(AF_INET, 65535,
	    DST4, 30, TTR_ACK, 0, 0, 2)),
	    "[198.18.6.2:65535]  "
	    "Dest. in 2.000 ms. Port unknown on 198.18.6.2\n");
}

ATF_TC_WITHOUT_HEAD(scan_ipv6);
ATF_TC_BODY(scan_ipv6, tc)
{
	ATF_CHECK_STREQ(scan_line(AF_INET6, DST6, scanned(AF_INET6, 22, DST6,
	    30, TTR_SYN | TTR_ACK, 0, 0, 0.412)),
	    "[[2001:db8:6::2]:22]  "
	    "Dest. in 0.412 ms. Port OPEN on 2001:db8:6::2\n");
	ATF_CHECK_STREQ(scan_line(AF_INET6, DST6, scanned(AF_INET6, 23, DST6,
	    30, TTR_RST | TTR_ACK, 0, 0, 0.388)),
	    "[[2001:db8:6::2]:23]  "
	    "Dest. in 0.388 ms. Port closed on 2001:db8:6::2\n");
	ATF_CHECK_STREQ(scan_line(AF_INET6, DST6, scanned(AF_INET6, 24, NULL,
	    0, 0, 0, 0, 0)),
	    "[[2001:db8:6::2]:24]  *       Request timed out. Port filtered\n");
	/* ICMPv6 destination unreachable 1, administratively prohibited. */
	ATF_CHECK_STREQ(scan_line(AF_INET6, DST6, scanned(AF_INET6, 25,
	    "2001:db8:2::1", 2, 0, 1, 1, 0.521)),
	    "[[2001:db8:6::2]:25]  "
	    "Rejected in 0.521 ms by 2001:db8:2::1 !A. Port filtered\n");
}

/* --find-block and --detect-proxy: ports' traces side by side. */
#define MAXPORTS	8

static struct port_result	 ports[MAXPORTS];
static int			 nports;
static int			 pfamily;

static void
ports_start(int family)
{
	memset(ports, 0, sizeof(ports));
	nports = 0;
	pfamily = family;
}

static struct port_result *
port_add(unsigned int port)
{
	struct port_result *pr;

	ATF_REQUIRE(nports < MAXPORTS);
	pr = &ports[nports++];
	pr->port = port;
	pr->firstttl = 1;
	return (pr);
}

/* The destination answered at hop, with its TTL on arrival. */
static void
reached(unsigned int port, int hop, uint8_t rttl, uint8_t flags)
{
	struct port_result *pr = port_add(port);
	const char *dst = pfamily == AF_INET ? DST4 : DST6;

	pr->lastttl = pr->reached = hop;
	pr->lastaddr = pr->from = addr(pfamily, dst);
	pr->dest = 1;
	pr->tcpflags = flags;
	pr->rttl = rttl;
	pr->rtt = 1;
}

/* No final answer; last (at hop, 0: none) was the farthest router. */
static void
stopped(unsigned int port, int hop, const char *last)
{
	struct port_result *pr = port_add(port);

	pr->lastttl = hop;
	if (last != NULL)
		pr->lastaddr = addr(pfamily, last);
}

/* A router at hop answered with an unreachable. */
static void
rejected(unsigned int port, int hop, const char *router, uint8_t type,
    uint8_t code)
{
	struct port_result *pr = port_add(port);

	pr->lastttl = pr->reached = hop;
	pr->lastaddr = pr->from = addr(pfamily, router);
	pr->rejected = 1;
	pr->icmp_type = type;
	pr->icmp_code = code;
	pr->rtt = 1;
}

/* report_compare's lines; n is set to its return. */
static const char *
compare(int findblock, int proxy, int *n)
{
	cap_start();
	*n = report_compare(ports, nports, pfamily, findblock, proxy, fp);
	return (cap_end());
}

#define CHECK_COMPARE(findblock, proxy, count, lines) do {		\
	int n_;								\
	ATF_CHECK_STREQ(compare((findblock), (proxy), &n_), (lines));	\
	ATF_CHECK_EQ(n_, (count));					\
} while (0)

/* Ports alike: nothing to say. */
ATF_TC_WITHOUT_HEAD(compare_alike);
ATF_TC_BODY(compare_alike, tc)
{
	ports_start(AF_INET);
	reached(21, 6, 59, TTR_SYN | TTR_ACK);
	reached(80, 6, 59, TTR_SYN | TTR_ACK);
	reached(443, 6, 59, TTR_RST | TTR_ACK);
	CHECK_COMPARE(1, 1, 0, "");

	/* All stopped at the same hop: none went further. */
	ports_start(AF_INET);
	stopped(135, 2, "198.18.2.1");
	stopped(136, 2, "198.18.2.1");
	CHECK_COMPARE(1, 1, 0, "");

	/* Nothing answered at all. */
	ports_start(AF_INET);
	stopped(135, 0, NULL);
	stopped(136, 0, NULL);
	CHECK_COMPARE(1, 1, 0, "");

	/* No ports. */
	ports_start(AF_INET);
	CHECK_COMPARE(1, 1, 0, "");
}

/* A port whose trace stops after hop N while another goes further. */
ATF_TC_WITHOUT_HEAD(compare_blocked);
ATF_TC_BODY(compare_blocked, tc)
{
	ports_start(AF_INET);
	reached(443, 6, 59, TTR_SYN | TTR_ACK);
	stopped(135, 2, "198.18.2.1");
	CHECK_COMPARE(1, 1, 1, "port 135 blocked after hop 2 (198.18.2.1)\n");

	/*
	 * tracetcp's -h 1 -m 3 -r 134 140: 135 stopped at hop 2, 137 to
	 * 139 at hop 1, the others got to hop 3 without a final answer.
	 */
	ports_start(AF_INET);
	stopped(134, 3, "198.18.3.1");
	stopped(135, 2, "198.18.2.1");
	stopped(136, 3, "198.18.3.1");
	stopped(137, 1, "198.18.1.1");
	stopped(138, 1, "198.18.1.1");
	stopped(139, 1, "198.18.1.1");
	stopped(140, 3, "198.18.3.1");
	CHECK_COMPARE(1, 1, 4,
	    "port 135 blocked after hop 2 (198.18.2.1)\n"
	    "port 137 blocked after hop 1 (198.18.1.1)\n"
	    "port 138 blocked after hop 1 (198.18.1.1)\n"
	    "port 139 blocked after hop 1 (198.18.1.1)\n");

	ports_start(AF_INET6);
	stopped(135, 2, "2001:db8:2::1");
	reached(443, 6, 59, TTR_SYN | TTR_ACK);
	CHECK_COMPARE(1, 0, 1,
	    "port 135 blocked after hop 2 (2001:db8:2::1)\n");
}

/* Nothing answered the port, not even the first hop probed. */
ATF_TC_WITHOUT_HEAD(compare_blocked_first);
ATF_TC_BODY(compare_blocked_first, tc)
{
	ports_start(AF_INET);
	reached(443, 6, 59, TTR_SYN | TTR_ACK);
	stopped(137, 0, NULL);
	CHECK_COMPARE(1, 1, 1, "port 137 blocked before hop 1\n");

	/* tracetcp's -h 3 -m 1: hop 3 is the first and only one. */
	ports_start(AF_INET);
	stopped(134, 3, "198.18.3.1");
	stopped(135, 0, NULL);
	ports[0].firstttl = ports[1].firstttl = 3;
	CHECK_COMPARE(1, 1, 1, "port 135 blocked before hop 3\n");
}

/* A router's unreachable, not the destination's answer. */
ATF_TC_WITHOUT_HEAD(compare_rejected);
ATF_TC_BODY(compare_rejected, tc)
{
	ports_start(AF_INET);
	reached(80, 6, 59, TTR_SYN | TTR_ACK);
	rejected(83, 2, "198.18.2.1", 3, 13);
	CHECK_COMPARE(1, 1, 1, "port 83 rejected at hop 2 (198.18.2.1) !A\n");

	/* Said even when no port went further. */
	ports_start(AF_INET);
	rejected(83, 2, "198.18.2.1", 3, 10);
	stopped(84, 2, "198.18.2.1");
	CHECK_COMPARE(1, 1, 1, "port 83 rejected at hop 2 (198.18.2.1) !C\n");

	ports_start(AF_INET6);
	reached(80, 6, 59, TTR_SYN | TTR_ACK);
	rejected(83, 3, "2001:db8:3::1", 1, 1);
	CHECK_COMPARE(1, 1, 1,
	    "port 83 rejected at hop 3 (2001:db8:3::1) !A\n");
}

/* The destination answers one port nearer than another: a proxy. */
ATF_TC_WITHOUT_HEAD(compare_proxy_hops);
ATF_TC_BODY(compare_proxy_hops, tc)
{
	ports_start(AF_INET);
	reached(21, 6, 59, TTR_SYN | TTR_ACK);
	reached(80, 2, 63, TTR_SYN | TTR_ACK);
	CHECK_COMPARE(1, 1, 1, "port 80: destination answered at hop 2, "
	    "before the path ends at hop 6 (port 21): transparent proxy "
	    "likely\n");

	/* Compared with the farthest, whatever the order. */
	ports_start(AF_INET6);
	reached(80, 2, 63, TTR_SYN | TTR_ACK);
	reached(443, 5, 60, TTR_RST | TTR_ACK);
	reached(8080, 7, 58, TTR_SYN | TTR_ACK);
	CHECK_COMPARE(1, 1, 2,
	    "port 80: destination answered at hop 2, before the path ends "
	    "at hop 7 (port 8080): transparent proxy likely\n"
	    "port 443: destination answered at hop 5, before the path ends "
	    "at hop 7 (port 8080): transparent proxy likely\n");
}

/* The same hop, another TTL on arrival: another host answered. */
ATF_TC_WITHOUT_HEAD(compare_proxy_ttl);
ATF_TC_BODY(compare_proxy_ttl, tc)
{
	ports_start(AF_INET);
	reached(21, 6, 59, TTR_SYN | TTR_ACK);
	reached(80, 6, 64, TTR_SYN | TTR_ACK);
	reached(443, 6, 59, TTR_SYN | TTR_ACK);
	CHECK_COMPARE(1, 1, 1, "port 80: destination answered with TTL 64, "
	    "port 21 with TTL 59: transparent proxy likely\n");
	/* The odd one first: still it is the one named. */
	ports_start(AF_INET);
	reached(22, 6, 64, TTR_SYN | TTR_ACK);
	reached(80, 6, 59, TTR_SYN | TTR_ACK);
	reached(443, 6, 59, TTR_RST | TTR_ACK);
	CHECK_COMPARE(1, 1, 1, "port 22: destination answered with TTL 64, "
	    "port 80 with TTL 59: transparent proxy likely\n");
}

/* --find-block and --detect-proxy each on their own. */
ATF_TC_WITHOUT_HEAD(compare_switches);
ATF_TC_BODY(compare_switches, tc)
{
	ports_start(AF_INET);
	reached(21, 6, 59, TTR_SYN | TTR_ACK);
	reached(80, 2, 63, TTR_SYN | TTR_ACK);
	rejected(83, 2, "198.18.2.1", 3, 13);
	stopped(135, 2, "198.18.2.1");
	stopped(137, 0, NULL);
	CHECK_COMPARE(1, 1, 4,
	    "port 83 rejected at hop 2 (198.18.2.1) !A\n"
	    "port 135 blocked after hop 2 (198.18.2.1)\n"
	    "port 137 blocked before hop 1\n"
	    "port 80: destination answered at hop 2, before the path ends "
	    "at hop 6 (port 21): transparent proxy likely\n");
	CHECK_COMPARE(1, 0, 3,
	    "port 83 rejected at hop 2 (198.18.2.1) !A\n"
	    "port 135 blocked after hop 2 (198.18.2.1)\n"
	    "port 137 blocked before hop 1\n");
	CHECK_COMPARE(0, 1, 1,
	    "port 80: destination answered at hop 2, before the path ends "
	    "at hop 6 (port 21): transparent proxy likely\n");
	CHECK_COMPARE(0, 0, 0, "");
}

/* fp NULL: the same count, and not a byte written anywhere. */
ATF_TC_WITHOUT_HEAD(compare_count_only);
ATF_TC_BODY(compare_count_only, tc)
{
	struct stat st;
	FILE *tmp;
	int saved, n;

	ports_start(AF_INET);
	reached(21, 6, 59, TTR_SYN | TTR_ACK);
	reached(80, 2, 63, TTR_SYN | TTR_ACK);
	reached(443, 6, 64, TTR_SYN | TTR_ACK);
	rejected(83, 2, "198.18.2.1", 3, 13);
	stopped(135, 2, "198.18.2.1");
	(void)compare(1, 1, &n);
	ATF_CHECK_EQ(n, 4);

	/* Whatever report_compare might print goes to a file here. */
	ATF_REQUIRE((tmp = tmpfile()) != NULL);
	ATF_REQUIRE(fflush(stdout) == 0);
	ATF_REQUIRE((saved = dup(STDOUT_FILENO)) != -1);
	ATF_REQUIRE(dup2(fileno(tmp), STDOUT_FILENO) != -1);
	n = report_compare(ports, nports, pfamily, 1, 1, NULL);
	ATF_REQUIRE(fflush(stdout) == 0);
	ATF_REQUIRE(dup2(saved, STDOUT_FILENO) != -1);
	close(saved);
	ATF_REQUIRE(fstat(fileno(tmp), &st) == 0);
	ATF_CHECK_EQ(st.st_size, 0);
	fclose(tmp);
	ATF_CHECK_EQ(n, 4);
	ATF_CHECK_EQ(report_compare(ports, nports, pfamily, 1, 0, NULL), 2);
	ATF_CHECK_EQ(report_compare(ports, nports, pfamily, 0, 1, NULL), 2);
	ATF_CHECK_EQ(report_compare(ports, nports, pfamily, 0, 0, NULL), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, condensed_one);
	ATF_TP_ADD_TC(tp, condensed_three);
	ATF_TP_ADD_TC(tp, condensed_wide);
	ATF_TP_ADD_TC(tp, condensed_name_annot);
	ATF_TP_ADD_TC(tp, condensed_destination);
	ATF_TP_ADD_TC(tp, condensed_ipv6);
	ATF_TP_ADD_TC(tp, scan_ipv4);
	ATF_TP_ADD_TC(tp, scan_ipv6);
	ATF_TP_ADD_TC(tp, compare_alike);
	ATF_TP_ADD_TC(tp, compare_blocked);
	ATF_TP_ADD_TC(tp, compare_blocked_first);
	ATF_TP_ADD_TC(tp, compare_rejected);
	ATF_TP_ADD_TC(tp, compare_proxy_hops);
	ATF_TP_ADD_TC(tp, compare_proxy_ttl);
	ATF_TP_ADD_TC(tp, compare_switches);
	ATF_TP_ADD_TC(tp, compare_count_only);
	return (atf_no_error());
}
