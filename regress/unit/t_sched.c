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

ATF_TC_WITHOUT_HEAD(retry_rules);
ATF_TC_BODY(retry_rules, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec last = { 50, 700000000 }, when;

	/* A hop that answered nothing is never resent. */
	ATF_CHECK_EQ(sched_retry(&o, 0, 0, 10, &last, &when), 0);
	/* It answered another probe: resend a second after that answer. */
	memset(&when, 0, sizeof(when));
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 10, &last, &when), 1);
	ATF_CHECK_EQ(when.tv_sec, 51);
	ATF_CHECK_EQ(when.tv_nsec, 700000000);
	ATF_CHECK_EQ(sched_retry(&o, 1, 1, 10, &last, &when), 1);
	/* At most o.retries resends of one probe. */
	ATF_CHECK_EQ(sched_retry(&o, 1, 2, 10, &last, &when), 0);
	/* And none once the run's budget is spent. */
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 0, &last, &when), 0);
	/* --retries 0 turns resends off. */
	o.retries = 0;
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 10, &last, &when), 0);
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
	/* Hops 1 and 3 answered nothing before hop 4. */
	ATF_CHECK_EQ(sched_silent(&sc, 1, 4), 2);
	ATF_CHECK_EQ(sched_silent(&sc, 2, 3), 0);
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
	ATF_REQUIRE(sched_worth_retry(&sc, 4, &probes[4], 0, 0, &now,
	    &when));
	/* A second after the hop's last answer. */
	ATF_CHECK_EQ(when.tv_sec, 11);
	ATF_CHECK_EQ(sc.ratelimited, 1);
	sched_plan(&sc, 4, &when);
	/* The next resend to that hop waits for the next token. */
	ATF_REQUIRE(sched_worth_retry(&sc, 5, &probes[5], 0, 0, &now,
	    &when));
	ATF_CHECK_EQ(when.tv_sec, 12);
	sched_plan(&sc, 5, &when);
	/* At most o.retries resends of one probe. */
	ATF_CHECK(sched_worth_retry(&sc, 4, &probes[9], 0, 0, &now, &when));
	sched_plan(&sc, 4, &when);
	ATF_CHECK(!sched_worth_retry(&sc, 4, &probes[11], 0, 0, &now,
	    &when));
	/* --ecmp: a hop that has enough gets none. */
	so.ecmp = 1;
	ATF_CHECK(!sched_worth_retry(&sc, 5, &probes[10], 0, 1, &now, &when));
}

ATF_TC_WITHOUT_HEAD(retry_silent);
ATF_TC_BODY(retry_silent, tc)
{
	struct timespec when;

	trace_of(12, 30);
	/* Hop 2 silent, every other hop answered, no rate limit seen. */
	answer_hop(1, 10);
	answer_hop(3, 30);
	answer_hop(4, 40);
	expired(3);
	ATF_CHECK(!sched_worth_retry(&sc, 3, &probes[3], 4, 0, &now,
	    &when));
	/* Two silent hops before the destination: one resend tells. */
	trace_of(12, 30);
	answer_hop(1, 10);
	answer_hop(4, 40);
	expired(3);
	expired(6);
	ATF_REQUIRE(sched_worth_retry(&sc, 3, &probes[3], 4, 0, &now,
	    &when));
	ATF_CHECK_EQ(when.tv_sec, 13);
	ATF_CHECK_EQ(when.tv_nsec, 0);
	/* And only one: a silent hop's probe is not resent twice. */
	sched_plan(&sc, 3, &when);
	sc.ratelimited = 0;
	ATF_CHECK(!sched_worth_retry(&sc, 3, &probes[12], 4, 0, &now,
	    &when));
}

ATF_TC_WITHOUT_HEAD(retry_ratelimited);
ATF_TC_BODY(retry_ratelimited, tc)
{
	struct timespec when;

	trace_of(9, 20);
	/* Rate limiting seen elsewhere: a hop that answered nothing gets one. */
	sc.ratelimited = 1;
	expired(6);
	ATF_REQUIRE(sched_worth_retry(&sc, 6, &probes[6], 0, 0, &now,
	    &when));
	ATF_CHECK_EQ(when.tv_sec, 13);
	/* No room left for resends: none. */
	trace_of(9, 9);
	sc.ratelimited = 1;
	expired(6);
	ATF_CHECK(!sched_worth_retry(&sc, 6, &probes[6], 0, 0, &now, &when));
}

ATF_TC_WITHOUT_HEAD(retry_scan);
ATF_TC_BODY(retry_scan, tc)
{
	struct timespec when;

	trace_of(3, 6);
	so.scan = 1;
	expired(0);
	/* At once, once. */
	ATF_REQUIRE(sched_worth_retry(&sc, 0, &probes[0], 0, 0, &now, &when));
	ATF_CHECK(timespeccmp(&when, &now, ==));
	sched_plan(&sc, 0, &when);
	ATF_CHECK(!sched_worth_retry(&sc, 0, &probes[3], 0, 0, &now, &when));
	so.retries = 0;
	ATF_CHECK(!sched_worth_retry(&sc, 1, &probes[1], 0, 0, &now, &when));
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
	r.kind = REPLY_UNREACH;
	r.icmp_type = 3;
	r.icmp_code = 4;
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
	r.icmp_code = 1;
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
	p.icmp_type = 3;
	p.icmp_code = 13;
	hop_result(&o, &c, &p, NULL, NULL, &shown, &hr);
	ATF_CHECK_STREQ(hr.state, "");
	ATF_CHECK_STREQ(hr.annot, "!A");
	/* Another ICMP error. */
	p.kind = REPLY_ICMP;
	p.icmp_type = 12;
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
	p.icmp_type = 3;
	p.icmp_code = 3;
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
	ATF_TP_ADD_TC(tp, retry_rules);
	ATF_TP_ADD_TC(tp, ts_add);
	ATF_TP_ADD_TC(tp, hop_facts);
	ATF_TP_ADD_TC(tp, plan_resend);
	ATF_TP_ADD_TC(tp, retry_heard);
	ATF_TP_ADD_TC(tp, retry_silent);
	ATF_TP_ADD_TC(tp, retry_ratelimited);
	ATF_TP_ADD_TC(tp, retry_scan);
	ATF_TP_ADD_TC(tp, give_up_silent);
	ATF_TP_ADD_TC(tp, collision);
	ATF_TP_ADD_TC(tp, toobig);
	ATF_TP_ADD_TC(tp, credit);
	ATF_TP_ADD_TC(tp, credit_late_after_answer);
	ATF_TP_ADD_TC(tp, hop_result);
	return (atf_no_error());
}
