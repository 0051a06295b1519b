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
 * The scheduler's arithmetic: when a probe is given up (fixed and
 * adaptive waits), and when a silent probe is sent again; the resend
 * decisions on a trace's attempts (sched.c), and what a settled probe's
 * line shows (hop.c).
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <arpa/inet.h>
#include <string.h>
#include <time.h>

#include <atf-c.h>

#include "tcptraceroute.h"
#include "packet.h"

static struct options
opts(int waitms, int adaptive, int here, int near)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	o.waitms = waitms;
	o.adaptive = adaptive;
	o.here = here;
	o.near = near;
	o.retries = 2;
	return (o);
}

/* Milliseconds from a to b. */
static long
ms_between(const struct timespec *a, const struct timespec *b)
{
	return ((long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000);
}

static const struct timespec sent = { 100, 900000000 };

ATF_TC_WITHOUT_HEAD(fixed_wait);
ATF_TC_BODY(fixed_wait, tc)
{
	struct options o = opts(3000, 0, 3000, 10000);
	struct timespec dl;

	/* Answers elsewhere change nothing for a fixed wait. */
	sched_deadline(&o, &sent, 0.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
	sched_deadline(&o, &sent, 5.0, 5.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
	ATF_CHECK_EQ(dl.tv_sec, 103);
	ATF_CHECK_EQ(dl.tv_nsec, 900000000);
}

ATF_TC_WITHOUT_HEAD(adaptive_nothing_yet);
ATF_TC_BODY(adaptive_nothing_yet, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* Nobody answered yet: the full max. */
	sched_deadline(&o, &sent, 0.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_here);
ATF_TC_BODY(adaptive_here, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* 3 x 40 ms from this hop: 120 ms (rounded up by one). */
	sched_deadline(&o, &sent, 40.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 121);
	/* Never beyond max. */
	sched_deadline(&o, &sent, 2000.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_near);
ATF_TC_BODY(adaptive_near, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* 10 x 25 ms from a later hop: 250 ms. */
	sched_deadline(&o, &sent, 0.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 251);
	/* The earlier of the two wins. */
	sched_deadline(&o, &sent, 40.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 121);
	/* A factor of 0 turns its rule off. */
	o.near = 0;
	sched_deadline(&o, &sent, 0.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_floor);
ATF_TC_BODY(adaptive_floor, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* LAN RTTs of a few microseconds must not become false stars. */
	sched_deadline(&o, &sent, 0.02, 0.03, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), SCHED_FLOOR_MS);
	/* The floor never lengthens a max below it. */
	o.waitms = 20;
	sched_deadline(&o, &sent, 0.02, 0.03, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 20);
}

ATF_TC_WITHOUT_HEAD(adaptive_fractions);
ATF_TC_BODY(adaptive_fractions, tc)
{
	struct options o = opts(5000, 1, 1500, 2500);
	struct timespec dl;

	/* 1.5 x 100 ms = 150 ms; 2.5 x 100 ms = 250 ms. */
	sched_deadline(&o, &sent, 100.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 151);
	sched_deadline(&o, &sent, 0.0, 100.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 251);
}

ATF_TC_WITHOUT_HEAD(ts_add);
ATF_TC_BODY(ts_add, tc)
{
	struct timespec ts = { 1, 999000000 };

	ts_add_ms(&ts, 1);
	ATF_CHECK_EQ(ts.tv_sec, 2);
	ATF_CHECK_EQ(ts.tv_nsec, 0);
	ts_add_ms(&ts, 2500);
	ATF_CHECK_EQ(ts.tv_sec, 4);
	ATF_CHECK_EQ(ts.tv_nsec, 500000000);
	ts_add_ms(&ts, 700);
	ATF_CHECK_EQ(ts.tv_sec, 5);
	ATF_CHECK_EQ(ts.tv_nsec, 200000000);
}

/*
 * A trace of nlogical probes, three a hop from hop 1, every one sent at
 * 10 s (sentmono), with room for nprobes attempts.
 */
static const struct timespec start = { 10, 0 };
static struct probe	 probes[64];
static int		 slot[48];
static struct match_ctx	 mc;
static struct sched	 sc;
static struct options	 so;

static void
trace_of(int nlogical, int nprobes)
{
	int i;

	memset(probes, 0, sizeof(probes));
	memset(&mc, 0, sizeof(mc));
	memset(&sc, 0, sizeof(sc));
	memset(&so, 0, sizeof(so));
	so.retries = 2;
	so.nqueries = 3;
	so.first_ttl = 1;
	so.waitms = 3000;
	mc.family = AF_INET;
	mc.probes = probes;
	mc.nprobes = nprobes;
	mc.length = 40;
	sc.opts = &so;
	sc.m = &mc;
	sc.slot = slot;
	sc.nlogical = sc.nattempts = nlogical;
	sc.nsport = 1;
	sc.sport = 40000;
	sched_start(&sc, &start);
	for (i = 0; i < nlogical; i++) {
		probes[i].ttl = (uint8_t)(1 + i / 3);
		probes[i].q = (uint8_t)(1 + i % 3);
		probes[i].logical = i;
		probes[i].state = PROBE_SENT;
		probes[i].sentmono.tv_sec = 10;
		probes[i].sent.tv_sec = 1000;
		slot[i] = i;
	}
	sc.inflight = nlogical;
}

/* Attempt i answered after ms milliseconds. */
static void
answer(int i, int ms)
{
	struct probe *p = &probes[i];

	p->state = PROBE_ANSWERED;
	p->kind = REPLY_TIMXCEED;
	p->recv = p->sent;
	p->recv.tv_usec += ms * 1000;
	sc.inflight--;
	sched_answered(&sc, p);
}

/* Every first probe to hop ttl answered after ms milliseconds. */
static void
answer_hop(int ttl, int ms)
{
	int q;

	for (q = 0; q < 3; q++)
		answer((ttl - 1) * 3 + q, ms);
}

/* Attempt i given up. */
static void
expired(int i)
{
	probes[i].state = PROBE_EXPIRED;
	sc.inflight--;
}

static const struct timespec now = { 12, 0 };

ATF_TC_WITHOUT_HEAD(hop_facts);
ATF_TC_BODY(hop_facts, tc)
{
	trace_of(12, 20);
	/* Hop 2 answers at 20 and 30 ms, hop 4 at 40. */
	answer(3, 20);
	probes[4].sentmono.tv_sec = 11;
	answer(4, 30);
	answer(9, 40);
	ATF_CHECK(!sched_heard(&sc, 1));
	ATF_CHECK(sched_heard(&sc, 2));
	ATF_CHECK_EQ(sched_hop_rtt(&sc, 2), 30.0);
	/* The last answered of a hop is the latest sent. */
	ATF_CHECK_EQ(sc.ttllast[2].tv_sec, 11);
	ATF_CHECK_EQ(sched_next_rtt(&sc, 2, 4), 40.0);
	ATF_CHECK_EQ(sched_next_rtt(&sc, 2, 3), 0.0);
	ATF_CHECK_EQ(sched_next_rtt(&sc, 1, 4), 30.0);
}

ATF_TC_WITHOUT_HEAD(plan_resend);
ATF_TC_BODY(plan_resend, tc)
{
	struct timespec when = { 13, 5 };
	struct probe *p;
	int i;

	trace_of(6, 10);
	probes[4].dport = 80;
	probes[4].run = 0;
	probes[4].sport = 40001;
	expired(4);
	i = sched_plan(&sc, 4, &when);
	ATF_CHECK_EQ(i, 6);
	ATF_CHECK_EQ(sc.nattempts, 7);
	ATF_CHECK_EQ(slot[4], 6);
	p = sched_current(&sc, 4);
	ATF_CHECK(p == &probes[6]);
	ATF_CHECK_EQ(p->ttl, 2);
	ATF_CHECK_EQ(p->q, 2);
	ATF_CHECK_EQ(p->dport, 80);
	ATF_CHECK_EQ(p->logical, 4);
	ATF_CHECK_EQ(p->state, PROBE_UNSENT);
	ATF_CHECK_EQ(p->notbefore.tv_sec, 13);
	ATF_CHECK_EQ(p->notbefore.tv_nsec, 5);
	ATF_CHECK_EQ(sched_resends(&sc, 4), 1);
	ATF_CHECK_EQ(sched_resends(&sc, 3), 0);
	ATF_CHECK_EQ(sched_pending(&sc, 2), 1);
	/* --ecmp: the resend keeps its probe's flow. */
	so.ecmp = 1;
	probes[6].sport = 40002;
	i = sched_plan(&sc, 4, &when);
	ATF_CHECK_EQ(probes[i].sport, 40002);
	ATF_CHECK_EQ(sched_resends(&sc, 4), 2);
}

ATF_TC_WITHOUT_HEAD(retry_heard);
ATF_TC_BODY(retry_heard, tc)
{
	struct timespec when;

	trace_of(9, 20);
	/* Hop 2 answered its first probe, not the other two. */
	answer(3, 20);
	expired(4);
	expired(5);
	ATF_REQUIRE(sched_worth_retry(&sc, 4, &probes[4], 0, &now, &when));
	/* Empty at 10 s: a token again at 11 s, so at once. */
	ATF_CHECK(timespeccmp(&when, &now, ==));
	sched_plan(&sc, 4, &when);
	/* The next resend to that hop waits for the next token. */
	ATF_REQUIRE(sched_worth_retry(&sc, 5, &probes[5], 0, &now, &when));
	ATF_CHECK_EQ(ms_between(&now, &when), 1000);
	sched_plan(&sc, 5, &when);
	/* At most o.retries resends of one probe. */
	probes[9].state = PROBE_EXPIRED;
	ATF_CHECK(sched_worth_retry(&sc, 4, &probes[9], 0, &now, &when));
	sched_plan(&sc, 4, &when);
	ATF_CHECK(!sched_worth_retry(&sc, 4, &probes[11], 0, &now, &when));
	/* --ecmp: a hop that has enough gets none. */
	so.ecmp = 1;
	ATF_CHECK(!sched_worth_retry(&sc, 5, &probes[10], 1, &now, &when));
	/* No room left for resends: none. */
	trace_of(9, 9);
	answer(3, 20);
	expired(4);
	ATF_CHECK(!sched_worth_retry(&sc, 4, &probes[4], 0, &now, &when));
}

/*
 * A rested path: every other router answered all its probes, so they
 * had tokens, and so had hop 2's router, which answered none: silent,
 * and at no cost, not even one resend.
 */
ATF_TC_WITHOUT_HEAD(retry_silent_rested);
ATF_TC_BODY(retry_silent_rested, tc)
{
	struct timespec when;

	trace_of(12, 30);
	answer_hop(1, 10);
	answer_hop(3, 30);
	answer_hop(4, 40);
	ATF_CHECK_EQ(sched_prior(&sc), 3);
	expired(3);
	ATF_CHECK(!sched_worth_retry(&sc, 3, &probes[3], 0, &now, &when));
	ATF_CHECK(sc.hop[2].silent);
	expired(4);
	ATF_CHECK(!sched_worth_retry(&sc, 4, &probes[4], 0, &now, &when));
	ATF_CHECK_EQ(sc.nattempts, 12);
}

/*
 * A drained path: nothing answered the first probes but hop 4's second
 * (sent at 11 s).  Every router was empty at 10 s: each silent one is
 * asked again when a token is due, one a second.  A resend that was due
 * an answer and got none shows the silent router: its others go.
 */
ATF_TC_WITHOUT_HEAD(retry_drained);
ATF_TC_BODY(retry_drained, tc)
{
	struct timespec t = { 11, 100000000 }, when;
	int l, a, b;

	trace_of(12, 40);
	probes[10].sentmono.tv_sec = 11;
	answer(10, 40);
	/* Hop 4's first probe, unanswered while its second was. */
	ATF_CHECK_EQ(sched_prior(&sc), 0);
	for (l = 0; l < 9; l++)
		expired(l);
	expired(9);
	ATF_REQUIRE(sched_worth_retry(&sc, 0, &probes[0], 0, &t, &when));
	ATF_CHECK(timespeccmp(&when, &t, ==));
	sched_plan(&sc, 0, &when);
	ATF_REQUIRE(sched_worth_retry(&sc, 1, &probes[1], 0, &t, &when));
	ATF_CHECK_EQ(ms_between(&t, &when), 1000);
	sched_plan(&sc, 1, &when);
	ATF_REQUIRE(sched_worth_retry(&sc, 2, &probes[2], 0, &t, &when));
	ATF_CHECK_EQ(ms_between(&t, &when), 2000);
	sched_plan(&sc, 2, &when);
	/* Hop 2 the same, on its own budget. */
	ATF_REQUIRE(sched_worth_retry(&sc, 3, &probes[3], 0, &t, &when));
	ATF_CHECK(timespeccmp(&when, &t, ==));
	a = sched_plan(&sc, 3, &when);
	ATF_REQUIRE(sched_worth_retry(&sc, 4, &probes[4], 0, &t, &when));
	b = sched_plan(&sc, 4, &when);
	ATF_CHECK_EQ(ms_between(&t, &when), 1000);
	/* Hop 2's resend, due an answer, unanswered: silent. */
	probes[a].state = PROBE_EXPIRED;
	ATF_CHECK(!sched_worth_retry(&sc, 3, &probes[a], 0, &t, &when));
	ATF_CHECK(sc.hop[2].silent);
	ATF_CHECK_EQ(sched_give_up(&sc, a), 1);
	ATF_CHECK_EQ(probes[b].state, PROBE_EXPIRED);
	/* Hop 4's first probe: a token at 11 s was spent on its second. */
	ATF_REQUIRE(sched_worth_retry(&sc, 9, &probes[9], 0, &t, &when));
	ATF_CHECK(timespeccmp(&when, &t, >));
}

/* No router has shown its budget yet: a resend, which tells. */
ATF_TC_WITHOUT_HEAD(retry_unknown);
ATF_TC_BODY(retry_unknown, tc)
{
	struct timespec when;
	int a;

	trace_of(9, 20);
	/* Only the destination answered, and that costs no ICMP. */
	probes[6].kind = REPLY_TCP;
	probes[6].state = PROBE_ANSWERED;
	sched_answered(&sc, &probes[6]);
	ATF_CHECK_EQ(sched_prior(&sc), -1);
	expired(3);
	ATF_REQUIRE(sched_worth_retry(&sc, 3, &probes[3], 0, &now, &when));
	a = sched_plan(&sc, 3, &when);
	probes[a].state = PROBE_EXPIRED;
	ATF_CHECK(!sched_worth_retry(&sc, 3, &probes[a], 0, &now, &when));
}

ATF_TC_WITHOUT_HEAD(retry_scan);
ATF_TC_BODY(retry_scan, tc)
{
	struct timespec when;

	trace_of(3, 6);
	so.scan = 1;
	expired(0);
	/* At once, once. */
	ATF_REQUIRE(sched_worth_retry(&sc, 0, &probes[0], 0, &now, &when));
	ATF_CHECK(timespeccmp(&when, &now, ==));
	sched_plan(&sc, 0, &when);
	ATF_CHECK(!sched_worth_retry(&sc, 0, &probes[3], 0, &now, &when));
	so.retries = 0;
	ATF_CHECK(!sched_worth_retry(&sc, 1, &probes[1], 0, &now, &when));
}

/* The prior: the fewest tokens a router showed, where that is known. */
ATF_TC_WITHOUT_HEAD(prior);
ATF_TC_BODY(prior, tc)
{
	trace_of(12, 20);
	ATF_CHECK_EQ(sched_prior(&sc), -1);
	answer_hop(1, 10);
	ATF_CHECK_EQ(sched_prior(&sc), 3);
	/* Hop 2 answered its first; its second is still out. */
	answer(3, 20);
	ATF_CHECK_EQ(sched_prior(&sc), 3);
	/* Given up: hop 2 had one token. */
	expired(4);
	ATF_CHECK_EQ(sched_prior(&sc), 1);
	/* Hop 3 answered its third, not its first, still out: none. */
	answer(8, 30);
	ATF_CHECK_EQ(sched_prior(&sc), 0);
}

/* While nothing answers, a probe out a second frees its window place. */
ATF_TC_WITHOUT_HEAD(window);
ATF_TC_BODY(window, tc)
{
	struct timespec t = { 10, 999000000 }, when = { 0, 0 };
	int i;

	trace_of(6, 10);
	for (i = 0; i < 6; i++)
		probes[i].left = 1;
	ATF_CHECK_EQ(sched_window(&sc, &t), 6);
	ATF_CHECK(!sched_stale(&sc, &probes[0], &t, &when));
	ATF_CHECK_EQ(when.tv_sec, 11);
	ATF_CHECK_EQ(when.tv_nsec, 0);
	t.tv_sec = 11;
	t.tv_nsec = 0;
	ATF_CHECK(sched_stale(&sc, &probes[0], &t, &when));
	ATF_CHECK_EQ(sched_window(&sc, &t), 0);
	/* Still with the parent: it holds its place. */
	probes[5].left = 0;
	ATF_CHECK_EQ(sched_window(&sc, &t), 1);
	/* Once anything answered, the adaptive waits say. */
	answer(0, 10);
	ATF_CHECK_EQ(sched_window(&sc, &t), 5);
}

/* A router's bucket: Linux's burst and refill, as the evidence has it. */
ATF_TC_WITHOUT_HEAD(budget_bucket);
ATF_TC_BODY(budget_bucket, tc)
{
	struct budget_hop h;
	struct timespec t0 = { 10, 0 }, t = { 10, 500000000 }, when;

	budget_start(&h, &t0);
	/* Nothing known: no token for certain yet. */
	ATF_CHECK(budget_level(&h, &t0) == 0.0);
	budget_next(&h, &t0, &when);
	ATF_CHECK_EQ(ms_between(&t0, &when), 1000);
	/* A refill a second, never above the burst. */
	ATF_CHECK(budget_level(&h, &t) == 0.5);
	t.tv_sec = 30;
	ATF_CHECK(budget_level(&h, &t) == BUDGET_BURST);
	/* An answer spends a token. */
	budget_answer(&h, &t);
	ATF_CHECK(budget_level(&h, &t) == BUDGET_BURST - 1);
	ATF_CHECK_EQ(h.answers, 1);
	/* A refusal: empty then, a token a second later. */
	t.tv_sec = 31;
	ATF_CHECK_EQ(budget_refused(&h, 2, -1, &t), 0);
	ATF_CHECK(budget_level(&h, &t) == 0.0);
	budget_next(&h, &t, &when);
	ATF_CHECK_EQ(ms_between(&t, &when), 1000);
	/* A resend planned then takes that token; the next one after. */
	budget_ask(&h, &when);
	budget_next(&h, &t, &when);
	ATF_CHECK_EQ(ms_between(&t, &when), 2000);
	/* A refusal older than that changes nothing of it. */
	ATF_CHECK_EQ(budget_refused(&h, 1, -1, &t0), 0);
	budget_next(&h, &t, &when);
	ATF_CHECK_EQ(ms_between(&t, &when), 2000);
	/* It answers: never silent, whatever is refused. */
	ATF_CHECK_EQ(budget_refused(&h, -1, 3, &t), 0);
}

ATF_TC_WITHOUT_HEAD(budget_silent);
ATF_TC_BODY(budget_silent, tc)
{
	struct budget_hop h;
	struct timespec t0 = { 10, 0 };

	/* The path had three tokens a router: its first probe was due. */
	budget_start(&h, &t0);
	ATF_CHECK_EQ(budget_refused(&h, 0, 3, &t0), BUDGET_PRIOR);
	ATF_CHECK_EQ(budget_refused(&h, 2, 3, &t0), BUDGET_PRIOR);
	/* One token: its second probe tells nothing. */
	budget_start(&h, &t0);
	ATF_CHECK_EQ(budget_refused(&h, 1, 1, &t0), BUDGET_EMPTY);
	/* Drained, or nothing known: only a resend tells. */
	budget_start(&h, &t0);
	ATF_CHECK_EQ(budget_refused(&h, 0, 0, &t0), BUDGET_EMPTY);
	ATF_CHECK_EQ(budget_refused(&h, 0, -1, &t0), BUDGET_EMPTY);
	ATF_CHECK(!h.silent);
	ATF_CHECK_EQ(budget_refused(&h, -1, -1, &t0), BUDGET_SILENT);
	ATF_CHECK(h.silent);
	ATF_CHECK_EQ(budget_refused(&h, 1, -1, &t0), BUDGET_SILENT);
}

/*
 * Silent by the prior, but the trace goes on past the router's next
 * token anyway: a resend tells for certain, at no cost.
 */
ATF_TC_WITHOUT_HEAD(retry_prior_goes_on);
ATF_TC_BODY(retry_prior_goes_on, tc)
{
	struct timespec later = { 14, 0 }, when;

	trace_of(12, 30);
	answer_hop(1, 10);
	answer_hop(3, 30);
	answer_hop(4, 40);
	/* Hop 4's first probe lost, resent later. */
	probes[9].state = PROBE_EXPIRED;
	sched_plan(&sc, 9, &later);
	expired(3);
	ATF_REQUIRE(sched_worth_retry(&sc, 3, &probes[3], 0, &now, &when));
	ATF_CHECK(!sc.hop[2].silent);
	ATF_CHECK(timespeccmp(&when, &now, ==));
}

ATF_TC_WITHOUT_HEAD(give_up_silent);
ATF_TC_BODY(give_up_silent, tc)
{
	struct timespec when = { 13, 0 };
	int a, b, c;

	trace_of(9, 20);
	expired(3); expired(4); expired(5);
	a = sched_plan(&sc, 3, &when);
	b = sched_plan(&sc, 4, &when);
	c = sched_plan(&sc, 5, &when);
	/* A first-flight probe tells nothing: only a resend does. */
	ATF_CHECK_EQ(sched_give_up(&sc, 3), 0);
	probes[a].state = PROBE_EXPIRED;
	ATF_CHECK_EQ(sched_give_up(&sc, a), 2);
	ATF_CHECK_EQ(probes[b].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(probes[c].state, PROBE_EXPIRED);
	/* A hop that answered something is not silent. */
	trace_of(9, 20);
	answer(3, 20);
	expired(4); expired(5);
	a = sched_plan(&sc, 4, &when);
	b = sched_plan(&sc, 5, &when);
	probes[a].state = PROBE_EXPIRED;
	ATF_CHECK_EQ(sched_give_up(&sc, a), 0);
	ATF_CHECK_EQ(probes[b].state, PROBE_UNSENT);
}

ATF_TC_WITHOUT_HEAD(collision);
ATF_TC_BODY(collision, tc)
{
	struct timeval none = { 0, 0 }, synack = { 1000, 5 };
	struct timespec when = { 12, 0 };

	trace_of(6, 10);
	/* A SYN|ACK is an answer, never a collision. */
	probes[3].tcpflags = TTR_SYN | TTR_ACK;
	ATF_CHECK(!sched_collision(&sc, &probes[3], &synack));
	/* A RST after the port's SYN|ACK, on the one 4-tuple, is one. */
	probes[4].tcpflags = TTR_RST | TTR_ACK;
	ATF_CHECK(sched_collision(&sc, &probes[4], &synack));
	/* A RST with no SYN|ACK before it: the port is closed. */
	ATF_CHECK(!sched_collision(&sc, &probes[4], &none));
	/* Several source ports: nothing meets. */
	sc.nsport = 3;
	ATF_CHECK(!sched_collision(&sc, &probes[4], &synack));
	sc.nsport = 1;
	/* Resent o.retries times already: the RST stands. */
	sched_plan(&sc, 4, &when);
	sched_plan(&sc, 4, &when);
	ATF_CHECK(!sched_collision(&sc, &probes[7], &synack));
	/* No room left. */
	trace_of(6, 6);
	probes[4].tcpflags = TTR_RST | TTR_ACK;
	ATF_CHECK(!sched_collision(&sc, &probes[4], &synack));
}

ATF_TC_WITHOUT_HEAD(toobig);
ATF_TC_BODY(toobig, tc)
{
	struct reply r;
	uint16_t mtu = 1500;

	trace_of(6, 10);
	probes[2].length = 1500;
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_TOOBIG;
	r.icmp_type = ICMP_UNREACH;
	r.icmp_code = ICMP_UNREACH_NEEDFRAG;
	r.mtu = 1400;
	ATF_CHECK(sched_toobig(&sc, &probes[2], &r, &mtu));
	ATF_CHECK_EQ(mtu, 1400);
	/* A larger MTU named later never lengthens the probes again. */
	probes[3].length = 1480;
	r.mtu = 1450;
	ATF_CHECK(sched_toobig(&sc, &probes[3], &r, &mtu));
	ATF_CHECK_EQ(mtu, 1400);
	/* Too big MTU_TRIES times: the error is the hop's answer. */
	probes[2].toobig = MTU_TRIES;
	r.mtu = 1300;
	ATF_CHECK(!sched_toobig(&sc, &probes[2], &r, &mtu));
	ATF_CHECK_EQ(mtu, 1300);
	/* Another unreachable asks for nothing. */
	r.kind = REPLY_UNREACH;
	r.icmp_code = ICMP_UNREACH_HOST;
	ATF_CHECK(!sched_toobig(&sc, &probes[3], &r, &mtu));
	ATF_CHECK_EQ(mtu, 1300);
}

ATF_TC_WITHOUT_HEAD(credit);
ATF_TC_BODY(credit, tc)
{
	struct timespec when = { 13, 0 };
	int a;

	trace_of(6, 10);
	/* The current attempt. */
	probes[0].state = PROBE_ANSWERED;
	ATF_CHECK_EQ(sched_credit(&sc, 0), SCHED_CREDITED);
	ATF_CHECK_EQ(sc.inflight, 5);
	/* An earlier attempt while its resend is out: ignored. */
	expired(1);
	a = sched_plan(&sc, 1, &when);
	probes[a].state = PROBE_SENT;
	sc.inflight++;
	probes[1].state = PROBE_ANSWERED;
	ATF_CHECK_EQ(sched_credit(&sc, 1), SCHED_SUPERSEDED);
	ATF_CHECK_EQ(probes[1].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(slot[1], a);
	ATF_CHECK_EQ(sc.inflight, 4);
	/* Late, given up early: it stands, its resend out is moot. */
	expired(2);
	a = sched_plan(&sc, 2, &when);
	probes[a].state = PROBE_SENT;
	sc.inflight++;
	probes[2].state = PROBE_ANSWERED;
	probes[2].late = 1;
	ATF_CHECK_EQ(sched_credit(&sc, 2), SCHED_LATE);
	ATF_CHECK_EQ(slot[2], 2);
	ATF_CHECK_EQ(probes[a].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(sc.inflight, 3);
	/* Late, its resend not sent yet: that resend is given up. */
	expired(3);
	a = sched_plan(&sc, 3, &when);
	probes[3].state = PROBE_ANSWERED;
	probes[3].late = 1;
	ATF_CHECK_EQ(sched_credit(&sc, 3), SCHED_LATE);
	ATF_CHECK_EQ(slot[3], 3);
	ATF_CHECK_EQ(probes[a].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(sc.inflight, 2);
}

/*
 * A late answer to an attempt whose resend was answered (or whose line
 * is out) changes nothing: the attempt that was answered, or printed,
 * stays the one the port's summary and -j are made from.
 */
ATF_TC_WITHOUT_HEAD(credit_late_after_answer);
ATF_TC_BODY(credit_late_after_answer, tc)
{
	struct timespec when = { 13, 0 };
	int a;

	trace_of(6, 10);
	expired(1);
	a = sched_plan(&sc, 1, &when);
	probes[a].state = PROBE_SENT;
	sc.inflight++;
	probes[a].state = PROBE_ANSWERED;
	ATF_CHECK_EQ(sched_credit(&sc, a), SCHED_CREDITED);
	/* match_reply takes the late answer to the first attempt. */
	probes[1].state = PROBE_ANSWERED;
	probes[1].late = 1;
	ATF_CHECK_EQ(sched_credit(&sc, 1), SCHED_SUPERSEDED);
	ATF_CHECK_EQ(slot[1], a);
	ATF_CHECK_EQ(probes[a].state, PROBE_ANSWERED);
	ATF_CHECK_EQ(probes[1].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(sc.inflight, 5);
	/* Its resend given up, its line printed "*": it stays so. */
	expired(2);
	a = sched_plan(&sc, 2, &when);
	probes[a].state = PROBE_EXPIRED;
	probes[a].printed = 1;
	probes[2].state = PROBE_ANSWERED;
	probes[2].late = 1;
	ATF_CHECK_EQ(sched_credit(&sc, 2), SCHED_SUPERSEDED);
	ATF_CHECK_EQ(slot[2], a);
	ATF_CHECK_EQ(probes[2].state, PROBE_EXPIRED);
	ATF_CHECK_EQ(sc.inflight, 4);
}

static struct ttr_config
config(int method)
{
	struct ttr_config c;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET;
	c.method = method;
	inet_pton(AF_INET, "198.18.6.2", &c.dst.v4);
	return (c);
}

ATF_TC_WITHOUT_HEAD(hop_result);
ATF_TC_BODY(hop_result, tc)
{
	struct ttr_config c = config(METHOD_TCP);
	struct options o;
	struct hop_result hr;
	struct probe p;
	uint16_t shown = 0;

	memset(&o, 0, sizeof(o));
	memset(&p, 0, sizeof(p));
	p.ttl = 6;
	p.q = 2;
	/* Given up: the hop and probe, nothing else. */
	p.state = PROBE_EXPIRED;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_EQ(hr.ttl, 6);
	ATF_CHECK_EQ(hr.q, 2);
	ATF_CHECK_EQ(hr.family, AF_INET);
	ATF_CHECK(!hr.answered);
	/* The destination's SYN|ACK: open, the RTT from the two stamps. */
	p.state = PROBE_ANSWERED;
	p.kind = REPLY_TCP;
	p.tcpflags = TTR_SYN | TTR_ACK;
	p.from = c.dst;
	p.sent.tv_sec = 100;
	p.sent.tv_usec = 999000;
	p.recv.tv_sec = 101;
	p.recv.tv_usec = 60500;
	p.rttl = 58;
	hop_result(&o, &c, &p, "s.test", NULL, &shown, &hr);
	ATF_CHECK(hr.answered);
	ATF_CHECK_STREQ(hr.state, "open");
	ATF_CHECK_STREQ(hr.annot, "");
	ATF_CHECK_STREQ(hr.name, "s.test");
	ATF_CHECK(hr.asn == NULL);
	ATF_CHECK(hr.rtt > 61.499 && hr.rtt < 61.501);
	ATF_CHECK(probe_rtt(&p) == hr.rtt);
	ATF_CHECK_EQ(hr.back, 0);
	/* -O info, --back and --as-path-lookups with no AS found. */
	o.info = 1;
	o.back = 1;
	o.asn = 1;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.annot, "<syn,ack>");
	ATF_CHECK_EQ(hr.back, output_backhops(58));
	ATF_CHECK_STREQ(hr.asn, "*");
	/* An unreachable from a router: its annotation. */
	memset(&o, 0, sizeof(o));
	p.kind = REPLY_UNREACH;
	p.tcpflags = 0;
	p.icmp_type = ICMP_UNREACH;
	p.icmp_code = ICMP_UNREACH_FILTER_PROHIB;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.state, "");
	ATF_CHECK_STREQ(hr.annot, "!A");
	/* Another ICMP error. */
	p.kind = REPLY_ICMP;
	p.icmp_type = ICMP_PARAMPROB;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.annot, "-- Unexpected ICMP");
	/* Time exceeded: a plain hop. */
	p.kind = REPLY_TIMXCEED;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.annot, "");

	c = config(METHOD_UDP);
	memset(&p, 0, sizeof(p));
	p.state = PROBE_ANSWERED;
	/* -U: the destination's port unreachable is a plain hop. */
	p.kind = REPLY_UNREACH;
	p.icmp_type = ICMP_UNREACH;
	p.icmp_code = ICMP_UNREACH_PORT;
	p.from = c.dst;
	ATF_CHECK(hop_port_unreach(&c, &p));
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.annot, "");
	/* From a router it is its !p. */
	inet_pton(AF_INET, "198.18.5.2", &p.from.v4);
	ATF_CHECK(!hop_port_unreach(&c, &p));
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.annot, "!p");
	/* --mtu: F= once a length, at the first probe of it. */
	o.mtu = 1;
	p.kind = REPLY_TIMXCEED;
	p.length = 1500;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_EQ(hr.mtu, 1500);
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_EQ(hr.mtu, 0);
	p.length = 1400;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_EQ(hr.mtu, 1400);
	ATF_CHECK_EQ(shown, 1400);
	/* -e: the extension objects, when there are any. */
	o.extensions = 1;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK(hr.ext == NULL);
	p.ext.nobj = 1;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK(hr.ext == &p.ext);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, fixed_wait);
	ATF_TP_ADD_TC(tp, adaptive_nothing_yet);
	ATF_TP_ADD_TC(tp, adaptive_here);
	ATF_TP_ADD_TC(tp, adaptive_near);
	ATF_TP_ADD_TC(tp, adaptive_floor);
	ATF_TP_ADD_TC(tp, adaptive_fractions);
	ATF_TP_ADD_TC(tp, ts_add);
	ATF_TP_ADD_TC(tp, hop_facts);
	ATF_TP_ADD_TC(tp, plan_resend);
	ATF_TP_ADD_TC(tp, retry_heard);
	ATF_TP_ADD_TC(tp, retry_silent_rested);
	ATF_TP_ADD_TC(tp, retry_drained);
	ATF_TP_ADD_TC(tp, retry_unknown);
	ATF_TP_ADD_TC(tp, retry_prior_goes_on);
	ATF_TP_ADD_TC(tp, retry_scan);
	ATF_TP_ADD_TC(tp, prior);
	ATF_TP_ADD_TC(tp, window);
	ATF_TP_ADD_TC(tp, budget_bucket);
	ATF_TP_ADD_TC(tp, budget_silent);
	ATF_TP_ADD_TC(tp, give_up_silent);
	ATF_TP_ADD_TC(tp, collision);
	ATF_TP_ADD_TC(tp, toobig);
	ATF_TP_ADD_TC(tp, credit);
	ATF_TP_ADD_TC(tp, credit_late_after_answer);
	ATF_TP_ADD_TC(tp, hop_result);
	return (atf_no_error());
}
