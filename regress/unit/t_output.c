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
 * The hop lines, byte for byte as tcptraceroute 1.5's showprobe() lays
 * them out, fed one probe at a time into a memory stream; and the small
 * helpers that name unreachables, TCP states and private addresses.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

struct run {
	FILE		*fp;
	char		*buf;
	size_t		 len;
	struct output	 out;
	int		 family;
};

static void
run_start(struct run *h, int family, int nqueries)
{
	memset(h, 0, sizeof(*h));
	h->family = family;
	ATF_REQUIRE((h->fp = open_memstream(&h->buf, &h->len)) != NULL);
	output_init(&h->out, family, nqueries);
}

/* What was printed; the caller frees it. */
static char *
run_end(struct run *h)
{
	ATF_REQUIRE(fclose(h->fp) == 0);
	return (h->buf);
}

static void
set_addr(int family, union ttr_addr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	ATF_REQUIRE_MSG(inet_pton(family, s, a) == 1, "bad address %s", s);
}

/* A probe's result: addr NULL for one that timed out. */
static struct hop_result
res(const struct run *h, int ttl, int q, const char *addr, double rtt)
{
	struct hop_result r;

	memset(&r, 0, sizeof(r));
	r.ttl = ttl;
	r.q = q;
	r.family = h->family;
	if (addr != NULL) {
		r.answered = 1;
		set_addr(h->family, &r.addr, addr);
		r.rtt = rtt;
	}
	return (r);
}

static void
emit(struct run *h, const struct hop_result *r)
{
	output_probe(&h->out, r, h->fp);
}

/* Shorthand for a plain probe. */
static void
probe(struct run *h, int ttl, int q, const char *addr, double rtt)
{
	struct hop_result r;

	r = res(h, ttl, q, addr, rtt);
	emit(h, &r);
}

#define CHECK_OUTPUT(h, expected) do {					\
	char *got_ = run_end(h);					\
	ATF_CHECK_STREQ(got_, (expected));				\
	free(got_);							\
} while (0)

ATF_TC_WITHOUT_HEAD(all_answered);
ATF_TC_BODY(all_answered, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 1, 1, "198.18.1.2", 0.050);
	probe(&h, 1, 2, "198.18.1.2", 0.040);
	probe(&h, 1, 3, "198.18.1.2", 0.039);
	probe(&h, 2, 1, "198.18.2.2", 1.0);
	probe(&h, 2, 2, "198.18.2.2", 12.25);
	probe(&h, 2, 3, "198.18.2.2", 1234.5678);
	CHECK_OUTPUT(&h,
	    " 1  198.18.1.2  0.050 ms  0.040 ms  0.039 ms\n"
	    " 2  198.18.2.2  1.000 ms  12.250 ms  1234.568 ms\n");
}

/* Output is flushed probe by probe: a partial line is visible at once. */
ATF_TC_WITHOUT_HEAD(partial_line);
ATF_TC_BODY(partial_line, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 1, 1, "198.18.1.2", 0.5);
	ATF_CHECK_EQ(h.len, strlen(" 1  198.18.1.2  0.500 ms"));
	probe(&h, 1, 2, NULL, 0);
	ATF_CHECK_EQ(h.len, strlen(" 1  198.18.1.2  0.500 ms *"));
	probe(&h, 1, 3, NULL, 0);
	CHECK_OUTPUT(&h, " 1  198.18.1.2  0.500 ms * *\n");
}

ATF_TC_WITHOUT_HEAD(all_timeouts);
ATF_TC_BODY(all_timeouts, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 3, 1, NULL, 0);
	probe(&h, 3, 2, NULL, 0);
	probe(&h, 3, 3, NULL, 0);
	probe(&h, 4, 1, NULL, 0);
	probe(&h, 4, 2, NULL, 0);
	probe(&h, 4, 3, NULL, 0);
	CHECK_OUTPUT(&h, " 3  * * *\n 4  * * *\n");
}

ATF_TC_WITHOUT_HEAD(timeout_then_answers);
ATF_TC_BODY(timeout_then_answers, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 3, 1, NULL, 0);
	probe(&h, 3, 2, "198.18.3.2", 1.0);
	probe(&h, 3, 3, "198.18.3.2", 2.0);
	probe(&h, 4, 1, NULL, 0);
	probe(&h, 4, 2, NULL, 0);
	probe(&h, 4, 3, "198.18.4.2", 3.0);
	CHECK_OUTPUT(&h,
	    " 3  * 198.18.3.2 1.000 ms  2.000 ms\n"
	    " 4  * * 198.18.4.2 3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(answered_then_timeouts);
ATF_TC_BODY(answered_then_timeouts, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 2, 1, "198.18.2.1", 1.0);
	probe(&h, 2, 2, NULL, 0);
	probe(&h, 2, 3, NULL, 0);
	probe(&h, 3, 1, "198.18.3.1", 1.0);
	probe(&h, 3, 2, "198.18.3.1", 2.0);
	probe(&h, 3, 3, NULL, 0);
	CHECK_OUTPUT(&h,
	    " 2  198.18.2.1  1.000 ms * *\n"
	    " 3  198.18.3.1  1.000 ms  2.000 ms *\n");
}

/*
 * A gap within the hop: the host is not printed again, and the time
 * after the gap gets one space.  As in 1.5, a different router after
 * the gap is not shown either (its address is only compared with an
 * answered previous probe).
 */
ATF_TC_WITHOUT_HEAD(gap_within_hop);
ATF_TC_BODY(gap_within_hop, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 2, 1, "198.18.2.1", 1.0);
	probe(&h, 2, 2, NULL, 0);
	probe(&h, 2, 3, "198.18.2.1", 3.0);
	probe(&h, 3, 1, "198.18.3.1", 1.0);
	probe(&h, 3, 2, NULL, 0);
	probe(&h, 3, 3, "198.18.3.99", 3.0);
	CHECK_OUTPUT(&h,
	    " 2  198.18.2.1  1.000 ms * 3.000 ms\n"
	    " 3  198.18.3.1  1.000 ms * 3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(address_change);
ATF_TC_BODY(address_change, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 4, 1, "198.18.4.1", 1.0);
	probe(&h, 4, 2, "198.18.4.2", 2.0);
	probe(&h, 4, 3, "198.18.4.2", 3.0);
	probe(&h, 5, 1, "198.18.5.1", 1.0);
	probe(&h, 5, 2, "198.18.5.2", 2.0);
	probe(&h, 5, 3, "198.18.5.1", 3.0);
	probe(&h, 6, 1, NULL, 0);
	probe(&h, 6, 2, "198.18.6.1", 2.0);
	probe(&h, 6, 3, "198.18.6.2", 3.0);
	CHECK_OUTPUT(&h,
	    " 4  198.18.4.1  1.000 ms\n"
	    "    198.18.4.2  2.000 ms  3.000 ms\n"
	    " 5  198.18.5.1  1.000 ms\n"
	    "    198.18.5.2  2.000 ms\n"
	    "    198.18.5.1  3.000 ms\n"
	    " 6  * 198.18.6.1 2.000 ms\n"
	    "    198.18.6.2  3.000 ms\n");
}

/* A new hop prints its router even when it is the previous one. */
ATF_TC_WITHOUT_HEAD(same_router_next_hop);
ATF_TC_BODY(same_router_next_hop, tc)
{
	struct run h;

	run_start(&h, AF_INET, 2);
	probe(&h, 1, 1, "198.18.1.1", 1.0);
	probe(&h, 1, 2, "198.18.1.1", 2.0);
	probe(&h, 2, 1, "198.18.1.1", 1.0);
	probe(&h, 2, 2, NULL, 0);
	probe(&h, 3, 1, NULL, 0);
	probe(&h, 3, 2, "198.18.1.1", 2.0);
	CHECK_OUTPUT(&h,
	    " 1  198.18.1.1  1.000 ms  2.000 ms\n"
	    " 2  198.18.1.1  1.000 ms *\n"
	    " 3  * 198.18.1.1 2.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(names);
ATF_TC_BODY(names, tc)
{
	struct run h;
	struct hop_result r;

	run_start(&h, AF_INET, 3);
	r = res(&h, 1, 1, "198.18.1.2", 1.0);
	r.name = "r1.example.net";
	emit(&h, &r);
	r = res(&h, 1, 2, "198.18.1.2", 2.0);
	r.name = "r1.example.net";
	emit(&h, &r);
	r = res(&h, 1, 3, "198.18.1.3", 3.0);
	r.name = "r2.example.net";
	emit(&h, &r);
	/* A name that is the address itself is printed once. */
	r = res(&h, 2, 1, "198.18.2.2", 1.0);
	r.name = "198.18.2.2";
	emit(&h, &r);
	/* No name: the address alone. */
	r = res(&h, 2, 2, "198.18.2.3", 2.0);
	emit(&h, &r);
	r = res(&h, 2, 3, NULL, 0);
	emit(&h, &r);
	CHECK_OUTPUT(&h,
	    " 1  r1.example.net (198.18.1.2)  1.000 ms  2.000 ms\n"
	    "    r2.example.net (198.18.1.3)  3.000 ms\n"
	    " 2  198.18.2.2  1.000 ms\n"
	    "    198.18.2.3  2.000 ms *\n");
}

static void
stated(struct run *h, int ttl, int q, const char *addr, double rtt,
    const char *state)
{
	struct hop_result r;

	r = res(h, ttl, q, addr, rtt);
	strlcpy(r.state, state, sizeof(r.state));
	emit(h, &r);
}

ATF_TC_WITHOUT_HEAD(state_open);
ATF_TC_BODY(state_open, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 6, 1, "198.18.6.1", 1.0);
	probe(&h, 6, 2, "198.18.6.1", 2.0);
	probe(&h, 6, 3, "198.18.6.1", 3.0);
	stated(&h, 7, 1, "198.18.7.7", 1.0, "open");
	stated(&h, 7, 2, "198.18.7.7", 2.0, "open");
	stated(&h, 7, 3, "198.18.7.7", 3.0, "open");
	CHECK_OUTPUT(&h,
	    " 6  198.18.6.1  1.000 ms  2.000 ms  3.000 ms\n"
	    " 7  198.18.7.7 [open]  1.000 ms  2.000 ms  3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(state_closed);
ATF_TC_BODY(state_closed, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	stated(&h, 1, 1, "127.0.0.1", 0.107, "closed");
	stated(&h, 1, 2, "127.0.0.1", 0.061, "closed");
	stated(&h, 1, 3, "127.0.0.1", 0.065, "closed");
	CHECK_OUTPUT(&h,
	    " 1  127.0.0.1 [closed]  0.107 ms  0.061 ms  0.065 ms\n");
}

/* The state is printed once per hop, again when it changes. */
ATF_TC_WITHOUT_HEAD(state_changes);
ATF_TC_BODY(state_changes, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	stated(&h, 7, 1, "198.18.7.7", 1.0, "open");
	stated(&h, 7, 2, "198.18.7.7", 2.0, "closed");
	stated(&h, 7, 3, "198.18.7.7", 3.0, "closed");
	/* Same state as the previous hop: printed, it is a new hop. */
	stated(&h, 8, 1, "198.18.7.7", 1.0, "closed");
	stated(&h, 8, 2, "198.18.7.7", 2.0, "open");
	stated(&h, 8, 3, "198.18.7.7", 3.0, "closed");
	CHECK_OUTPUT(&h,
	    " 7  198.18.7.7 [open]  1.000 ms [closed]  2.000 ms  3.000 ms\n"
	    " 8  198.18.7.7 [closed]  1.000 ms [open]  2.000 ms [closed]"
	    "  3.000 ms\n");
}

/* The state after a timeout, and a timeout between two stated probes. */
ATF_TC_WITHOUT_HEAD(state_with_timeouts);
ATF_TC_BODY(state_with_timeouts, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 7, 1, NULL, 0);
	stated(&h, 7, 2, "198.18.7.7", 2.0, "open");
	stated(&h, 7, 3, "198.18.7.7", 3.0, "open");
	stated(&h, 8, 1, "198.18.7.7", 1.0, "open");
	probe(&h, 8, 2, NULL, 0);
	stated(&h, 8, 3, "198.18.7.7", 3.0, "open");
	CHECK_OUTPUT(&h,
	    " 7  * 198.18.7.7 [open] 2.000 ms  3.000 ms\n"
	    " 8  198.18.7.7 [open]  1.000 ms * 3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(state_other);
ATF_TC_BODY(state_other, tc)
{
	struct run h;

	run_start(&h, AF_INET, 1);
	stated(&h, 9, 1, "198.18.9.9", 1.0, "open, ecn");
	stated(&h, 10, 1, "198.18.9.9", 1.0, "unknown, ACK");
	CHECK_OUTPUT(&h,
	    " 9  198.18.9.9 [open, ecn]  1.000 ms\n"
	    "10  198.18.9.9 [unknown, ACK]  1.000 ms\n");
}

static void
annotated(struct run *h, int ttl, int q, const char *addr, double rtt,
    const char *annot)
{
	struct hop_result r;

	r = res(h, ttl, q, addr, rtt);
	strlcpy(r.annot, annot, sizeof(r.annot));
	emit(h, &r);
}

ATF_TC_WITHOUT_HEAD(unreachable);
ATF_TC_BODY(unreachable, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	annotated(&h, 5, 1, "198.18.5.1", 1.0, "!A");
	probe(&h, 5, 2, NULL, 0);
	annotated(&h, 5, 3, "198.18.5.1", 3.0, "!A");
	CHECK_OUTPUT(&h, " 5  198.18.5.1  1.000 ms !A * 3.000 ms !A\n");

	run_start(&h, AF_INET, 3);
	annotated(&h, 5, 1, "198.18.5.1", 1.0, "!H");
	annotated(&h, 5, 2, "198.18.5.1", 2.0, "!H");
	annotated(&h, 5, 3, "198.18.5.1", 3.0, "!<14>");
	CHECK_OUTPUT(&h,
	    " 5  198.18.5.1  1.000 ms !H  2.000 ms !H  3.000 ms !<14>\n");
}

ATF_TC_WITHOUT_HEAD(unexpected_icmp);
ATF_TC_BODY(unexpected_icmp, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	annotated(&h, 4, 1, "198.18.4.1", 1.0, "-- Unexpected ICMP");
	annotated(&h, 4, 2, "198.18.4.1", 2.0, "-- Unexpected ICMP");
	probe(&h, 4, 3, "198.18.4.1", 3.0);
	CHECK_OUTPUT(&h,
	    " 4  198.18.4.1  1.000 ms -- Unexpected ICMP"
	    "  2.000 ms -- Unexpected ICMP  3.000 ms\n");
}

static void
dnat(struct run *h, int ttl, int q, const char *addr, double rtt,
    const char *to, uint16_t port)
{
	struct hop_result r;

	r = res(h, ttl, q, addr, rtt);
	r.dnat = 1;
	set_addr(h->family, &r.dnat_addr, to);
	r.dnat_port = port;
	emit(h, &r);
}

/* At the start of a hop, the DNAT line comes before the hop number. */
ATF_TC_WITHOUT_HEAD(dnat_hop_start);
ATF_TC_BODY(dnat_hop_start, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 2, 1, "198.18.2.1", 1.0);
	probe(&h, 2, 2, "198.18.2.1", 2.0);
	probe(&h, 2, 3, "198.18.2.1", 3.0);
	dnat(&h, 3, 1, "198.18.3.1", 1.0, "10.0.0.5", 0);
	/* The same translation again: no new line. */
	dnat(&h, 3, 2, "198.18.3.1", 2.0, "10.0.0.5", 0);
	dnat(&h, 3, 3, "198.18.3.1", 3.0, "10.0.0.5", 0);
	dnat(&h, 4, 1, "198.18.4.1", 1.0, "10.0.0.5", 0);
	dnat(&h, 4, 2, "198.18.4.1", 2.0, "10.0.0.5", 0);
	dnat(&h, 4, 3, "198.18.4.1", 3.0, "10.0.0.5", 0);
	/* Another address: reported, with its port. */
	dnat(&h, 5, 1, "198.18.5.1", 1.0, "10.0.0.6", 8080);
	dnat(&h, 5, 2, "198.18.5.1", 2.0, "10.0.0.6", 8080);
	probe(&h, 5, 3, NULL, 0);
	CHECK_OUTPUT(&h,
	    " 2  198.18.2.1  1.000 ms  2.000 ms  3.000 ms\n"
	    "      Detected DNAT to 10.0.0.5\n"
	    " 3  198.18.3.1  1.000 ms  2.000 ms  3.000 ms\n"
	    " 4  198.18.4.1  1.000 ms  2.000 ms  3.000 ms\n"
	    "      Detected DNAT to 10.0.0.6:8080\n"
	    " 5  198.18.5.1  1.000 ms  2.000 ms *\n");
}

/* Mid-line, the DNAT line gets a line of its own, then four spaces. */
ATF_TC_WITHOUT_HEAD(dnat_mid_line);
ATF_TC_BODY(dnat_mid_line, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 3, 1, "198.18.3.1", 1.0);
	dnat(&h, 3, 2, "198.18.3.1", 2.0, "10.0.0.5", 0);
	dnat(&h, 3, 3, "198.18.3.1", 3.0, "10.0.0.5", 0);
	CHECK_OUTPUT(&h,
	    " 3  198.18.3.1  1.000 ms\n"
	    "      Detected DNAT to 10.0.0.5\n"
	    "    198.18.3.1  2.000 ms  3.000 ms\n");

	/* After a timeout: the host is preceded by the extra space. */
	run_start(&h, AF_INET, 3);
	probe(&h, 3, 1, NULL, 0);
	dnat(&h, 3, 2, "198.18.3.1", 2.0, "10.0.0.5", 0);
	probe(&h, 3, 3, "198.18.3.1", 3.0);
	CHECK_OUTPUT(&h,
	    " 3  *\n"
	    "      Detected DNAT to 10.0.0.5\n"
	    "     198.18.3.1 2.000 ms  3.000 ms\n");

	/*
	 * And from another router than the previous probe's: 1.5 starts
	 * the new router's line after the four spaces as well, leaving a
	 * line of four spaces.
	 */
	run_start(&h, AF_INET, 3);
	probe(&h, 3, 1, "198.18.3.1", 1.0);
	dnat(&h, 3, 2, "198.18.3.2", 2.0, "10.0.0.5", 0);
	probe(&h, 3, 3, "198.18.3.2", 3.0);
	CHECK_OUTPUT(&h,
	    " 3  198.18.3.1  1.000 ms\n"
	    "      Detected DNAT to 10.0.0.5\n"
	    "    \n"
	    "    198.18.3.2  2.000 ms  3.000 ms\n");
}

/* Only the port translated, then the port changing. */
ATF_TC_WITHOUT_HEAD(dnat_port);
ATF_TC_BODY(dnat_port, tc)
{
	struct run h;

	run_start(&h, AF_INET, 2);
	dnat(&h, 3, 1, "198.18.3.1", 1.0, "203.0.113.7", 8080);
	dnat(&h, 3, 2, "198.18.3.1", 2.0, "203.0.113.7", 8080);
	dnat(&h, 4, 1, "198.18.4.1", 1.0, "203.0.113.7", 8081);
	/* Port 0 is "unchanged", not a translation to port 0. */
	dnat(&h, 4, 2, "198.18.4.1", 2.0, "203.0.113.7", 0);
	CHECK_OUTPUT(&h,
	    "      Detected DNAT to 203.0.113.7:8080\n"
	    " 3  198.18.3.1  1.000 ms  2.000 ms\n"
	    "      Detected DNAT to 203.0.113.7:8081\n"
	    " 4  198.18.4.1  1.000 ms  2.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(two_digit_hops);
ATF_TC_BODY(two_digit_hops, tc)
{
	struct run h;

	run_start(&h, AF_INET, 2);
	probe(&h, 9, 1, "198.18.9.1", 1.0);
	probe(&h, 9, 2, NULL, 0);
	probe(&h, 10, 1, NULL, 0);
	probe(&h, 10, 2, "198.18.10.1", 2.0);
	probe(&h, 11, 1, "198.18.11.1", 1.0);
	probe(&h, 11, 2, "198.18.11.2", 2.0);
	probe(&h, 255, 1, NULL, 0);
	probe(&h, 255, 2, NULL, 0);
	CHECK_OUTPUT(&h,
	    " 9  198.18.9.1  1.000 ms *\n"
	    "10  * 198.18.10.1 2.000 ms\n"
	    "11  198.18.11.1  1.000 ms\n"
	    "    198.18.11.2  2.000 ms\n"
	    "255  * *\n");
}

/* -q 1: no separator before a lone "*". */
ATF_TC_WITHOUT_HEAD(one_query);
ATF_TC_BODY(one_query, tc)
{
	struct run h;

	run_start(&h, AF_INET, 1);
	probe(&h, 1, 1, NULL, 0);
	probe(&h, 2, 1, "198.18.2.1", 2.0);
	probe(&h, 3, 1, NULL, 0);
	stated(&h, 4, 1, "198.18.4.4", 4.0, "closed");
	CHECK_OUTPUT(&h,
	    " 1  *\n"
	    " 2  198.18.2.1  2.000 ms\n"
	    " 3  *\n"
	    " 4  198.18.4.4 [closed]  4.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(first_ttl_not_one);
ATF_TC_BODY(first_ttl_not_one, tc)
{
	struct run h;

	run_start(&h, AF_INET, 3);
	probe(&h, 5, 1, NULL, 0);
	probe(&h, 5, 2, NULL, 0);
	probe(&h, 5, 3, "198.18.5.1", 3.0);
	CHECK_OUTPUT(&h, " 5  * * 198.18.5.1 3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(ipv6);
ATF_TC_BODY(ipv6, tc)
{
	struct run h;
	struct hop_result r;

	run_start(&h, AF_INET6, 3);
	probe(&h, 1, 1, "2001:db8::1", 0.050);
	probe(&h, 1, 2, "2001:db8::1", 0.040);
	probe(&h, 1, 3, "2001:db8::2", 0.039);
	probe(&h, 2, 1, NULL, 0);
	r = res(&h, 2, 2, "2001:db8:1::1", 2.0);
	r.name = "r2.example.net";
	emit(&h, &r);
	annotated(&h, 2, 3, "2001:db8:1::1", 3.0, "!A");
	dnat(&h, 3, 1, "2001:db8:2::1", 1.0, "fd00::80", 0);
	stated(&h, 3, 2, "2001:db8:ffff::80", 2.0, "open");
	stated(&h, 3, 3, "2001:db8:ffff::80", 3.0, "open");
	CHECK_OUTPUT(&h,
	    " 1  2001:db8::1  0.050 ms  0.040 ms\n"
	    "    2001:db8::2  0.039 ms\n"
	    " 2  * r2.example.net (2001:db8:1::1) 2.000 ms  3.000 ms !A\n"
	    "      Detected DNAT to fd00::80\n"
	    " 3  2001:db8:2::1  1.000 ms\n"
	    "    2001:db8:ffff::80 [open]  2.000 ms  3.000 ms\n");
}

static const char *
unreach(int family, uint8_t type, uint8_t code)
{
	static char buf[32];

	memset(buf, 'x', sizeof(buf));
	return (output_unreach(family, type, code, buf, sizeof(buf)));
}

ATF_TC_WITHOUT_HEAD(unreach_ipv4);
ATF_TC_BODY(unreach_ipv4, tc)
{
	/* As 1.5 names them, <netinet/ip_icmp.h> order. */
	static const char *want[16] = {
		"!N",		/* 0 net */
		"!H",		/* 1 host */
		"!P",		/* 2 protocol */
		"!p",		/* 3 port */
		"!F",		/* 4 need frag */
		"!S",		/* 5 source route failed */
		"!U",		/* 6 net unknown */
		"!U",		/* 7 host unknown */
		"!I",		/* 8 isolated */
		"!A",		/* 9 net prohibited */
		"!C",		/* 10 host prohibited */
		"!T",		/* 11 tos net */
		"!T",		/* 12 tos host */
		"!A",		/* 13 filter prohibited */
		"!<14>",	/* 14 host precedence */
		"!<15>"		/* 15 precedence cutoff */
	};
	char buf[32];
	int code;

	for (code = 0; code < 16; code++) {
		ATF_CHECK_STREQ_MSG(unreach(AF_INET, 3, code), want[code],
		    "code %d", code);
		/* The result is the caller's buffer. */
		ATF_CHECK(output_unreach(AF_INET, 3, code, buf,
		    sizeof(buf)) == buf);
	}
	ATF_CHECK_STREQ(unreach(AF_INET, 3, 16), "!<16>");
	ATF_CHECK_STREQ(unreach(AF_INET, 3, 255), "!<255>");
	/* Not an unreachable: only the code is shown. */
	ATF_CHECK_STREQ(unreach(AF_INET, 11, 0), "!<0>");
	/* Truncated to the buffer, still terminated. */
	ATF_CHECK_STREQ(output_unreach(AF_INET, 3, 200, buf, 4), "!<2");
}

ATF_TC_WITHOUT_HEAD(unreach_ipv6);
ATF_TC_BODY(unreach_ipv6, tc)
{
	static const char *want[8] = {
		"!N",		/* 0 no route */
		"!A",		/* 1 administratively prohibited */
		"!S",		/* 2 beyond scope of source address */
		"!H",		/* 3 address unreachable */
		"!p",		/* 4 port unreachable */
		"!A",		/* 5 source address failed policy */
		"!A",		/* 6 reject route */
		"!<7>"		/* 7 error in source routing header */
	};
	int code;

	for (code = 0; code < 8; code++)
		ATF_CHECK_STREQ_MSG(unreach(AF_INET6, 1, code), want[code],
		    "code %d", code);
	ATF_CHECK_STREQ(unreach(AF_INET6, 1, 8), "!<8>");
	/* Packet too big is IPv4's "fragmentation needed". */
	ATF_CHECK_STREQ(unreach(AF_INET6, 2, 0), "!F");
	/* The IPv4 type numbers mean nothing for ICMPv6. */
	ATF_CHECK_STREQ(unreach(AF_INET6, 3, 0), "!<0>");
	ATF_CHECK_STREQ(unreach(AF_INET, 1, 0), "!<0>");
}

static const char *
tcpstate(uint8_t flags)
{
	static char buf[48];

	memset(buf, 'x', sizeof(buf));
	output_tcpstate(flags, buf, sizeof(buf));
	return (buf);
}

ATF_TC_WITHOUT_HEAD(tcpstate_names);
ATF_TC_BODY(tcpstate_names, tc)
{
	ATF_CHECK_STREQ(tcpstate(TTR_RST), "closed");
	ATF_CHECK_STREQ(tcpstate(TTR_RST|TTR_ACK), "closed");
	ATF_CHECK_STREQ(tcpstate(TTR_RST|TTR_SYN|TTR_ACK), "closed");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN|TTR_ACK), "open");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN|TTR_ACK|TTR_PSH), "open");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN|TTR_ACK|TTR_ECE), "open, ecn");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN|TTR_ACK|TTR_ECE|TTR_CWR),
	    "open, ecn");
	ATF_CHECK_STREQ(tcpstate(TTR_ACK), "unknown, ACK");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN), "unknown, SYN");
	ATF_CHECK_STREQ(tcpstate(TTR_SYN|TTR_ECE), "unknown, SYN ECN");
	ATF_CHECK_STREQ(tcpstate(0), "unknown, no flags");
	/* 1.5's order: RST SYN ACK PSH FIN URG CWR ECN. */
	ATF_CHECK_STREQ(tcpstate(TTR_FIN|TTR_PSH|TTR_URG|TTR_ACK),
	    "unknown, ACK PSH FIN URG");
	ATF_CHECK_STREQ(tcpstate(TTR_FIN|TTR_PSH|TTR_URG|TTR_CWR|TTR_ECE),
	    "unknown, PSH FIN URG CWR ECN");
}

static int
private4(const char *s)
{
	union ttr_addr a;

	set_addr(AF_INET, &a, s);
	return (addr_is_private(AF_INET, &a));
}

static int
private6(const char *s)
{
	union ttr_addr a;

	set_addr(AF_INET6, &a, s);
	return (addr_is_private(AF_INET6, &a));
}

ATF_TC_WITHOUT_HEAD(private_ipv4);
ATF_TC_BODY(private_ipv4, tc)
{
	ATF_CHECK(!private4("9.255.255.255"));
	ATF_CHECK(private4("10.0.0.0"));
	ATF_CHECK(private4("10.1.2.3"));
	ATF_CHECK(private4("10.255.255.255"));
	ATF_CHECK(!private4("11.0.0.0"));
	ATF_CHECK(!private4("172.15.255.255"));
	ATF_CHECK(private4("172.16.0.0"));
	ATF_CHECK(private4("172.20.1.1"));
	ATF_CHECK(private4("172.31.255.255"));
	ATF_CHECK(!private4("172.32.0.0"));
	ATF_CHECK(!private4("192.167.255.255"));
	ATF_CHECK(private4("192.168.0.0"));
	ATF_CHECK(private4("192.168.255.255"));
	ATF_CHECK(!private4("192.169.0.0"));
	ATF_CHECK(!private4("198.18.0.1"));
	ATF_CHECK(!private4("8.8.8.8"));
	ATF_CHECK(!private4("203.0.113.7"));
}

ATF_TC_WITHOUT_HEAD(private_ipv6);
ATF_TC_BODY(private_ipv6, tc)
{
	ATF_CHECK(!private6("fbff:ffff::1"));
	ATF_CHECK(private6("fc00::"));
	ATF_CHECK(private6("fc00::1"));
	ATF_CHECK(private6("fd12:3456:789a::1"));
	ATF_CHECK(private6("fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
	ATF_CHECK(!private6("fe00::1"));
	ATF_CHECK(!private6("fe7f:ffff::1"));
	ATF_CHECK(private6("fe80::"));
	ATF_CHECK(private6("fe80::1"));
	ATF_CHECK(private6("febf:ffff::1"));
	ATF_CHECK(!private6("fec0::1"));
	ATF_CHECK(!private6("ff02::1"));
	ATF_CHECK(!private6("2001:db8::1"));
}

ATF_TC_WITHOUT_HEAD(ntop);
ATF_TC_BODY(ntop, tc)
{
	union ttr_addr a;
	char buf[INET6_ADDRSTRLEN];

	set_addr(AF_INET, &a, "198.18.1.2");
	ATF_CHECK_STREQ(addr_ntop(AF_INET, &a, buf, sizeof(buf)),
	    "198.18.1.2");
	set_addr(AF_INET6, &a, "2001:db8::1");
	ATF_CHECK_STREQ(addr_ntop(AF_INET6, &a, buf, sizeof(buf)),
	    "2001:db8::1");
	/* Too small a buffer: a placeholder, not garbage. */
	ATF_CHECK_STREQ(addr_ntop(AF_INET6, &a, buf, 4), "?");
}

/* --back: Linux traceroute's guess of the hops back. */
ATF_TC_WITHOUT_HEAD(back_hops);
ATF_TC_BODY(back_hops, tc)
{
	struct run h;
	struct hop_result r;

	ATF_CHECK_EQ(output_backhops(64), 1);
	ATF_CHECK_EQ(output_backhops(63), 2);
	ATF_CHECK_EQ(output_backhops(1), 64);
	ATF_CHECK_EQ(output_backhops(65), 64);
	ATF_CHECK_EQ(output_backhops(128), 1);
	ATF_CHECK_EQ(output_backhops(120), 9);
	ATF_CHECK_EQ(output_backhops(129), 127);
	ATF_CHECK_EQ(output_backhops(255), 1);
	ATF_CHECK_EQ(output_backhops(250), 6);
	ATF_CHECK_EQ(output_backhops(0), 0);

	/* Shown after the host, once per host, as the host is. */
	run_start(&h, AF_INET, 2);
	r = res(&h, 2, 1, "198.18.2.2", 1.0);
	r.back = 6;
	emit(&h, &r);
	r = res(&h, 2, 2, "198.18.2.2", 2.0);
	r.back = 6;
	emit(&h, &r);
	r = res(&h, 3, 1, "198.18.3.2", 3.0);
	emit(&h, &r);
	r = res(&h, 3, 2, "198.18.3.2", 4.0);
	emit(&h, &r);
	CHECK_OUTPUT(&h, " 2  198.18.2.2 '-6'  1.000 ms  2.000 ms\n"
	    " 3  198.18.3.2  3.000 ms  4.000 ms\n");
}

/* -O info: the reply's flags in Linux traceroute's words. */
ATF_TC_WITHOUT_HEAD(tcpflags_info);
ATF_TC_BODY(tcpflags_info, tc)
{
	char buf[64];

	output_tcpflags(TTR_SYN | TTR_ACK, buf, sizeof(buf));
	ATF_CHECK_STREQ(buf, "<syn,ack>");
	output_tcpflags(TTR_RST | TTR_ACK, buf, sizeof(buf));
	ATF_CHECK_STREQ(buf, "<rst,ack>");
	output_tcpflags(0xff, buf, sizeof(buf));
	ATF_CHECK_STREQ(buf, "<fin,syn,rst,psh,ack,urg,ece,cwr>");
	output_tcpflags(0, buf, sizeof(buf));
	ATF_CHECK_STREQ(buf, "<>");
}

/* -e: RFC 4884 objects as Linux traceroute shows them. */
static void
ext_label(struct icmp_ext *e, uint32_t label, uint8_t exp, uint8_t s,
    uint8_t ttl)
{
	struct mpls_entry *m = &e->mpls[e->nmpls++];

	m->label = label;
	m->exp = exp;
	m->s = s;
	m->ttl = ttl;
}

static void
ext_object(struct icmp_ext *e, uint8_t class, uint8_t ctype, uint16_t len)
{
	struct ext_obj *o = &e->obj[e->nobj++];
	size_t i;

	o->class = class;
	o->ctype = ctype;
	o->len = len;
	for (i = 0; i < len && i < EXT_OBJDATA; i++)
		o->data[i] = (uint8_t)(0xa0 + i);
}

/* The stack of RFC 4950's example path: 16 on top of 2000. */
static void
ext_mpls2(struct icmp_ext *e, uint8_t ttl)
{
	memset(e, 0, sizeof(*e));
	ext_object(e, 1, 1, 8);
	e->mplsobj = 1;
	ext_label(e, 16, 0, 0, ttl);
	ext_label(e, 2000, 5, 1, ttl);
}

/* Router 198.18.TTL.2 answering with extensions e, back hops back. */
static void
probe_ext(struct run *h, int ttl, int q, double rtt,
    const struct icmp_ext *e, int back)
{
	struct hop_result r;
	char a[INET_ADDRSTRLEN];

	snprintf(a, sizeof(a), "198.18.%d.2", ttl);
	r = res(h, ttl, q, a, rtt);
	r.ext = e;
	r.back = back;
	emit(h, &r);
}

#define CHECK_EXT(e, expected) do {					\
	char b_[EXT_STRLEN];						\
	output_ext((e), b_, sizeof(b_));				\
	ATF_CHECK_STREQ(b_, (expected));				\
} while (0)

ATF_TC_WITHOUT_HEAD(ext_format);
ATF_TC_BODY(ext_format, tc)
{
	static const char tail[] = "bcbdbebf,...;255/255:a0a1a2a3,"
	    "a4a5a6a7,a8a9aaab,acadaeaf,b0b1b2b3,b4b5b6b7,b8b9babb,bcbdbebf,"
	    "...;...";
	struct icmp_ext e;
	char buf[EXT_STRLEN];
	size_t i;

	memset(&e, 0, sizeof(e));
	CHECK_EXT(&e, "");

	ext_mpls2(&e, 1);
	CHECK_EXT(&e, "MPLS:L=16,E=0,S=0,T=1/L=2000,E=5,S=1,T=1");

	/* Any other object: class/c-type and its words in hex. */
	ext_object(&e, 2, 15, 8);
	ext_object(&e, 3, 1, 0);
	CHECK_EXT(&e, "MPLS:L=16,E=0,S=0,T=1/L=2000,E=5,S=1,T=1;"
	    "2/15:a0a1a2a3,a4a5a6a7;3/1:");

	/* An MPLS object not decoded (a second one) is shown as any. */
	memset(&e, 0, sizeof(e));
	ext_object(&e, 1, 1, 4);
	CHECK_EXT(&e, "1/1:a0a1a2a3");

	/* What was not kept: words, entries, objects. */
	memset(&e, 0, sizeof(e));
	ext_object(&e, 2, 15, 40);
	CHECK_EXT(&e, "2/15:a0a1a2a3,a4a5a6a7,a8a9aaab,acadaeaf,b0b1b2b3,"
	    "b4b5b6b7,b8b9babb,bcbdbebf,...");
	ext_mpls2(&e, 255);
	e.moremls = 1;
	e.moreobj = 1;
	CHECK_EXT(&e, "MPLS:L=16,E=0,S=0,T=255/L=2000,E=5,S=1,T=255/...;...");

	/* The longest there can be fits, whole. */
	memset(&e, 0, sizeof(e));
	ext_object(&e, 1, 1, 200);
	e.mplsobj = 1;
	for (i = 0; i < EXT_MAXLABELS; i++)
		ext_label(&e, 0xfffff, 7, 1, 255);
	e.moremls = 1;
	for (i = 1; i < EXT_MAXOBJ; i++)
		ext_object(&e, 255, 255, 0xfffc);
	e.moreobj = 1;
	output_ext(&e, buf, sizeof(buf));
	ATF_CHECK(strlen(buf) < sizeof(buf) - 1);
	ATF_CHECK(strncmp(buf, "MPLS:L=1048575,E=7,S=1,T=255/", 29) == 0);
	ATF_CHECK(strstr(buf, "T=255/...;255/255:a0a1a2a3,") != NULL);
	ATF_CHECK(strlen(buf) > strlen(tail) &&
	    strcmp(buf + strlen(buf) - strlen(tail), tail) == 0);
}

ATF_TC_WITHOUT_HEAD(ext_lines);
ATF_TC_BODY(ext_lines, tc)
{
	struct run h;
	struct icmp_ext e1, e2;

	ext_mpls2(&e1, 1);
	ext_mpls2(&e2, 2);
	run_start(&h, AF_INET, 3);
	/* After the address, once per line like it. */
	probe_ext(&h, 3, 1, 1.0, &e1, 0);
	probe_ext(&h, 3, 2, 2.0, &e1, 0);
	probe_ext(&h, 3, 3, 3.0, &e1, 0);
	/* The same router saying something else: a line of its own. */
	probe_ext(&h, 4, 1, 1.0, &e1, 0);
	probe_ext(&h, 4, 2, 2.0, &e2, 3);
	probe_ext(&h, 4, 3, 3.0, NULL, 0);
	/*
	 * A new hop, no extensions: the plain line.  After a "*" neither a
	 * new address nor new extensions are shown (1.5's rule, see
	 * gap_within_hop).
	 */
	probe(&h, 5, 1, "198.18.5.2", 1.0);
	probe(&h, 5, 2, NULL, 0);
	probe_ext(&h, 5, 3, 3.0, &e1, 0);
	CHECK_OUTPUT(&h,
	    " 3  198.18.3.2 <MPLS:L=16,E=0,S=0,T=1/L=2000,E=5,S=1,T=1>"
	    "  1.000 ms  2.000 ms  3.000 ms\n"
	    " 4  198.18.4.2 <MPLS:L=16,E=0,S=0,T=1/L=2000,E=5,S=1,T=1>"
	    "  1.000 ms\n"
	    "    198.18.4.2 <MPLS:L=16,E=0,S=0,T=2/L=2000,E=5,S=1,T=2> '-3'"
	    "  2.000 ms\n"
	    "    198.18.4.2  3.000 ms\n"
	    " 5  198.18.5.2  1.000 ms * 3.000 ms\n");
}

ATF_TC_WITHOUT_HEAD(as_path);
ATF_TC_BODY(as_path, tc)
{
	struct run h;
	struct hop_result r;

	/*
	 * After the host, names or not, once per host; before --back and
	 * the state, as Linux traceroute prints it.
	 */
	run_start(&h, AF_INET, 3);
	r = res(&h, 1, 1, "198.18.1.2", 1.0);
	r.asn = "AS64501";
	emit(&h, &r);
	r = res(&h, 1, 2, "198.18.1.3", 2.0);
	r.name = "r1.example.net";
	r.asn = "*";
	emit(&h, &r);
	r = res(&h, 1, 3, NULL, 0);
	emit(&h, &r);
	r = res(&h, 2, 1, "198.18.2.2", 1.0);
	r.name = "s.example.net";
	r.asn = "AS64500/AS64501";
	r.back = 4;
	strlcpy(r.state, "open", sizeof(r.state));
	emit(&h, &r);
	r.q = 2;
	emit(&h, &r);
	r.q = 3;
	emit(&h, &r);
	CHECK_OUTPUT(&h,
	    " 1  198.18.1.2 [AS64501]  1.000 ms\n"
	    "    r1.example.net (198.18.1.3) [*]  2.000 ms *\n"
	    " 2  s.example.net (198.18.2.2) [AS64500/AS64501] '-4' [open]"
	    "  1.000 ms  1.000 ms  1.000 ms\n");

	/* IPv6 likewise. */
	run_start(&h, AF_INET6, 1);
	r = res(&h, 1, 1, "2001:db8:1::2", 1.0);
	r.asn = "AS64501";
	emit(&h, &r);
	CHECK_OUTPUT(&h, " 1  2001:db8:1::2 [AS64501]  1.000 ms\n");
}

/* --mtu: F= after the time of the probe that carries it, before !F. */
ATF_TC_WITHOUT_HEAD(mtu);
ATF_TC_BODY(mtu, tc)
{
	struct run h;
	struct hop_result r;

	run_start(&h, AF_INET, 3);
	r = res(&h, 1, 1, "198.18.1.2", 1.0);
	r.mtu = 1500;
	emit(&h, &r);
	probe(&h, 1, 2, "198.18.1.2", 2.0);
	probe(&h, 1, 3, NULL, 0);
	probe(&h, 2, 1, NULL, 0);
	r = res(&h, 2, 2, "198.18.2.2", 1.0);
	r.mtu = 1400;
	r.back = 3;
	emit(&h, &r);
	r = res(&h, 2, 3, "198.18.2.3", 1.0);
	r.mtu = 576;
	strlcpy(r.annot, "!F", sizeof(r.annot));
	emit(&h, &r);
	r = res(&h, 3, 1, "198.18.3.2", 1.0);
	r.mtu = 1280;
	strlcpy(r.state, "open", sizeof(r.state));
	emit(&h, &r);
	r.mtu = 0;
	r.q = 2;
	emit(&h, &r);
	r.q = 3;
	emit(&h, &r);
	CHECK_OUTPUT(&h,
	    " 1  198.18.1.2  1.000 ms F=1500  2.000 ms *\n"
	    " 2  * 198.18.2.2 '-3' 1.000 ms F=1400\n"
	    "    198.18.2.3  1.000 ms F=576 !F\n"
	    " 3  198.18.3.2 [open]  1.000 ms F=1280  1.000 ms  1.000 ms\n");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, mtu);
	ATF_TP_ADD_TC(tp, back_hops);
	ATF_TP_ADD_TC(tp, as_path);
	ATF_TP_ADD_TC(tp, tcpflags_info);
	ATF_TP_ADD_TC(tp, all_answered);
	ATF_TP_ADD_TC(tp, partial_line);
	ATF_TP_ADD_TC(tp, all_timeouts);
	ATF_TP_ADD_TC(tp, timeout_then_answers);
	ATF_TP_ADD_TC(tp, answered_then_timeouts);
	ATF_TP_ADD_TC(tp, gap_within_hop);
	ATF_TP_ADD_TC(tp, address_change);
	ATF_TP_ADD_TC(tp, ext_format);
	ATF_TP_ADD_TC(tp, ext_lines);
	ATF_TP_ADD_TC(tp, same_router_next_hop);
	ATF_TP_ADD_TC(tp, names);
	ATF_TP_ADD_TC(tp, state_open);
	ATF_TP_ADD_TC(tp, state_closed);
	ATF_TP_ADD_TC(tp, state_changes);
	ATF_TP_ADD_TC(tp, state_with_timeouts);
	ATF_TP_ADD_TC(tp, state_other);
	ATF_TP_ADD_TC(tp, unreachable);
	ATF_TP_ADD_TC(tp, unexpected_icmp);
	ATF_TP_ADD_TC(tp, dnat_hop_start);
	ATF_TP_ADD_TC(tp, dnat_mid_line);
	ATF_TP_ADD_TC(tp, dnat_port);
	ATF_TP_ADD_TC(tp, two_digit_hops);
	ATF_TP_ADD_TC(tp, one_query);
	ATF_TP_ADD_TC(tp, first_ttl_not_one);
	ATF_TP_ADD_TC(tp, ipv6);
	ATF_TP_ADD_TC(tp, unreach_ipv4);
	ATF_TP_ADD_TC(tp, unreach_ipv6);
	ATF_TP_ADD_TC(tp, tcpstate_names);
	ATF_TP_ADD_TC(tp, private_ipv4);
	ATF_TP_ADD_TC(tp, private_ipv6);
	ATF_TP_ADD_TC(tp, ntop);
	return (atf_no_error());
}
