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
 * Reply matching: probes planned by match_plan, replies filled in by
 * hand as reply.c would parse them.  A reply is credited only when it
 * proves which probe it answers; everything else is ignored with a
 * reason.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

#define NTTL		5
#define NQ		3
#define NPROBES		(NTTL * NQ)
#define FIRST_TTL	1
#define IDBASE		1000
#define SPORT		40000
#define DPORT		80
#define ISN		0x10000000U
#define ACKBASE		0x7654321aU

#define SRC4		"198.18.0.1"
#define DST4		"203.0.113.7"
#define SRC6		"2001:db8::1"
#define DST6		"2001:db8:ffff::7"

static struct probe	 probes[NPROBES];

static void
set_addr(int family, union ttr_addr *a, const char *s)
{
	memset(a, 0, sizeof(*a));
	ATF_REQUIRE_MSG(inet_pton(family, s, a) == 1, "bad address %s", s);
}

static int
same_addr(int family, const union ttr_addr *a, const char *s)
{
	union ttr_addr b;

	set_addr(family, &b, s);
	if (family == AF_INET)
		return (a->v4.s_addr == b.v4.s_addr);
	return (memcmp(&a->v6, &b.v6, sizeof(b.v6)) == 0);
}

/* A context of NTTL hops x NQ queries; every probe still unsent. */
static void
setup(struct match_ctx *m, int family, enum track track,
    enum dnat_mode dnat, uint8_t tcpflags, uint16_t payload)
{
	int i, nsport;

	memset(m, 0, sizeof(*m));
	m->family = family;
	set_addr(family, &m->src, family == AF_INET ? SRC4 : SRC6);
	set_addr(family, &m->dst, family == AF_INET ? DST4 : DST6);
	m->dport = DPORT;
	m->tcpflags = tcpflags;
	m->payload = payload;
	m->track = track;
	m->dnat = dnat;
	m->isn = ISN;
	m->ackbase = ACKBASE;
	m->probes = probes;
	m->nprobes = NPROBES;
	nsport = track == TRACK_PORT ? NPROBES : 1;
	for (i = 0; i < NPROBES; i++)
		match_plan(m, i, IDBASE, SPORT, nsport, FIRST_TTL, NQ);
}

static void
setup4(struct match_ctx *m)
{
	setup(m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN, 0);
}

/* Probe i left at sec.usec (in the test's own time line). */
static void
sent(struct match_ctx *m, int i, time_t sec, suseconds_t usec)
{
	m->probes[i].state = PROBE_SENT;
	m->probes[i].sent.tv_sec = sec;
	m->probes[i].sent.tv_usec = usec;
}

static void
sent_all(struct match_ctx *m)
{
	int i;

	for (i = 0; i < m->nprobes; i++)
		sent(m, i, 100, i * 1000);
}

static struct timeval
at(time_t sec, suseconds_t usec)
{
	struct timeval tv;

	tv.tv_sec = sec;
	tv.tv_usec = usec;
	return (tv);
}

/* An ICMP error from router, quoting probe i exactly as it was sent. */
static struct reply
icmp(const struct match_ctx *m, enum reply_kind kind, int i,
    const char *router)
{
	const struct probe *p = &m->probes[i];
	struct reply r;

	memset(&r, 0, sizeof(r));
	r.kind = kind;
	r.family = m->family;
	set_addr(m->family, &r.src, router);
	r.dst = m->src;
	r.ttl = 250;
	if (kind == REPLY_TIMXCEED)
		r.icmp_type = m->family == AF_INET ? 11 : 3;
	else if (kind == REPLY_UNREACH)
		r.icmp_type = m->family == AF_INET ? 3 : 1;
	r.sport = p->sport;
	r.dport = m->dport;
	r.seq = p->seq;
	r.qsrc = m->src;
	r.qdst = m->dst;
	r.qipid = m->family == AF_INET ? p->ipid : 0;
	r.qttl = 1;
	r.qproto = IPPROTO_TCP;
	return (r);
}

static struct reply
timx(const struct match_ctx *m, int i, const char *router)
{
	return (icmp(m, REPLY_TIMXCEED, i, router));
}

/* A TCP segment from the target to probe i's port. */
static struct reply
tcp(const struct match_ctx *m, int i, uint8_t flags, uint32_t seq,
    uint32_t ack)
{
	struct reply r;

	memset(&r, 0, sizeof(r));
	r.kind = REPLY_TCP;
	r.family = m->family;
	r.src = m->dst;
	r.dst = m->src;
	r.ttl = 60;
	r.sport = m->dport;
	r.dport = m->probes[i].sport;
	r.seq = seq;
	r.ack = ack;
	r.flags = flags;
	return (r);
}

/* The reply must be ignored, for this reason, and change nothing. */
#define CHECK_REJECT(m, r, ts, reason) do {				\
	struct probe before_[NPROBES];					\
	struct timeval ts_ = (ts);					\
	memcpy(before_, (m)->probes, sizeof(before_));			\
	ATF_CHECK_EQ(match_reply((m), (r), &ts_), -1);			\
	ATF_CHECK_STREQ((m)->why != NULL ? (m)->why : "(null)",	\
	    (reason));							\
	ATF_CHECK_MSG(memcmp(before_, (m)->probes,			\
	    sizeof(before_)) == 0, "a rejected reply changed a probe");	\
} while (0)

#define CHECK_MATCH(m, r, ts, want) do {				\
	struct timeval ts_ = (ts);					\
	ATF_CHECK_EQ_MSG(match_reply((m), (r), &ts_), (want),		\
	    "why: %s", (m)->why != NULL ? (m)->why : "(null)");		\
} while (0)

ATF_TC_WITHOUT_HEAD(plan_layout);
ATF_TC_BODY(plan_layout, tc)
{
	struct match_ctx m;
	int i;

	setup4(&m);
	for (i = 0; i < NPROBES; i++) {
		ATF_CHECK_EQ(probes[i].seq, ISN + (uint32_t)i * SEQ_STRIDE);
		ATF_CHECK_EQ(probes[i].ack, ACKBASE + (uint32_t)i * SEQ_STRIDE);
		ATF_CHECK_EQ(probes[i].ipid, IDBASE + i + 1);
		ATF_CHECK_EQ(probes[i].sport, SPORT);
		ATF_CHECK_EQ(probes[i].ttl, FIRST_TTL + i / NQ);
		ATF_CHECK_EQ(probes[i].q, i % NQ + 1);
		ATF_CHECK_EQ(probes[i].state, PROBE_UNSENT);
	}
	/* Hop 2, third query; hop 5, first. */
	ATF_CHECK_EQ(probes[5].ttl, 2);
	ATF_CHECK_EQ(probes[5].q, 3);
	ATF_CHECK_EQ(probes[12].ttl, 5);
	ATF_CHECK_EQ(probes[12].q, 1);
	ATF_CHECK(SEQ_STRIDE > TTR_MAXPACKET);
}

ATF_TC_WITHOUT_HEAD(plan_first_ttl);
ATF_TC_BODY(plan_first_ttl, tc)
{
	struct match_ctx m;
	int i;

	setup4(&m);
	/* -f 250 -m 255 -q 2 */
	for (i = 0; i < 12; i++)
		match_plan(&m, i, 7, SPORT, 1, 250, 2);
	for (i = 0; i < 12; i++) {
		ATF_CHECK_EQ(probes[i].ttl, 250 + i / 2);
		ATF_CHECK_EQ(probes[i].q, i % 2 + 1);
	}
	ATF_CHECK_EQ(probes[11].ttl, 255);
	/* A stale state is cleared by planning. */
	probes[0].state = PROBE_ANSWERED;
	match_plan(&m, 0, 7, SPORT, 1, 1, 1);
	ATF_CHECK_EQ(probes[0].state, PROBE_UNSENT);
	ATF_CHECK_EQ(probes[0].ttl, 1);
	ATF_CHECK_EQ(probes[0].q, 1);
}

/* The IPv4 ID is never 0 (Linux would replace it), even at the wrap. */
ATF_TC_WITHOUT_HEAD(plan_ipid_wrap);
ATF_TC_BODY(plan_ipid_wrap, tc)
{
	static const uint16_t bases[] = { 0, 1, 65533, 65534, 65535 };
	struct match_ctx m;
	struct probe *big;
	size_t b;
	int i, j;

	setup4(&m);
	match_plan(&m, 0, 65534, SPORT, 1, 1, 3);
	ATF_CHECK_EQ(probes[0].ipid, 65535);
	match_plan(&m, 1, 65534, SPORT, 1, 1, 3);
	ATF_CHECK_EQ(probes[1].ipid, 1);
	match_plan(&m, 2, 65534, SPORT, 1, 1, 3);
	ATF_CHECK_EQ(probes[2].ipid, 2);
	match_plan(&m, 0, 65535, SPORT, 1, 1, 3);
	ATF_CHECK_EQ(probes[0].ipid, 1);
	match_plan(&m, 1, 65535, SPORT, 1, 1, 3);
	ATF_CHECK_EQ(probes[1].ipid, 2);

	/* All the probes there can be: no 0, and no two alike. */
	ATF_REQUIRE((big = calloc(TTR_MAXPROBES, sizeof(*big))) != NULL);
	m.probes = big;
	m.nprobes = TTR_MAXPROBES;
	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++) {
		for (i = 0; i < TTR_MAXPROBES; i++) {
			match_plan(&m, i, bases[b], SPORT, 1, 1, 10);
			ATF_CHECK_MSG(big[i].ipid != 0, "base %u probe %d",
			    bases[b], i);
		}
		for (i = 1; i < TTR_MAXPROBES; i++)
			for (j = 0; j < i; j++)
				if (big[i].ipid == big[j].ipid)
					atf_tc_fail_nonfatal("base %u: probes "
					    "%d and %d share ID %u", bases[b],
					    j, i, big[i].ipid);
	}
	free(big);
}

/* --track-port: one port per probe, wrapping inside 1024-65535. */
ATF_TC_WITHOUT_HEAD(plan_ports);
ATF_TC_BODY(plan_ports, tc)
{
	static const uint16_t want[] = {
		65533, 65534, 65535, 1024, 1025, 65533, 65534
	};
	struct match_ctx m;
	size_t i;

	setup4(&m);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		match_plan(&m, i, IDBASE, 65533, 5, 1, 3);
		ATF_CHECK_EQ_MSG(probes[i].sport, want[i], "probe %zu", i);
	}
	for (i = 0; i < NPROBES; i++) {
		match_plan(&m, i, IDBASE, 1024, NPROBES, 1, 3);
		ATF_CHECK_EQ(probes[i].sport, 1024 + i);
	}
	/* A single port: all alike. */
	for (i = 0; i < NPROBES; i++) {
		match_plan(&m, i, IDBASE, 33434, 1, 1, 3);
		ATF_CHECK_EQ(probes[i].sport, 33434);
	}
	setup(&m, AF_INET, TRACK_PORT, DNAT_SILENT, TTR_SYN, 0);
	for (i = 0; i < NPROBES; i++)
		ATF_CHECK_EQ(probes[i].sport, SPORT + i);
}

ATF_TC_WITHOUT_HEAD(plan_ports_range);
ATF_TC_BODY(plan_ports_range, tc)
{
	struct match_ctx m;
	struct probe *big;
	int i;
	uint32_t want;

	setup4(&m);
	ATF_REQUIRE((big = calloc(TTR_MAXPROBES, sizeof(*big))) != NULL);
	m.probes = big;
	m.nprobes = TTR_MAXPROBES;
	for (i = 0; i < TTR_MAXPROBES; i++) {
		match_plan(&m, i, IDBASE, 64000, TTR_MAXPROBES, 1, 10);
		want = 64000 + (uint32_t)i;
		if (want > 65535)
			want -= 65536 - 1024;
		ATF_CHECK_EQ_MSG(big[i].sport, want, "probe %d", i);
		ATF_CHECK(big[i].sport >= 1024);
	}
	free(big);
}

ATF_TC_WITHOUT_HEAD(timxceed_match);
ATF_TC_BODY(timxceed_match, tc)
{
	struct match_ctx m;
	struct reply r;
	struct probe *p;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(100, 9000), 4);
	ATF_CHECK(m.why == NULL);
	p = &probes[4];
	ATF_CHECK_EQ(p->state, PROBE_ANSWERED);
	ATF_CHECK_EQ(p->kind, REPLY_TIMXCEED);
	ATF_CHECK_EQ(p->icmp_type, 11);
	ATF_CHECK_EQ(p->icmp_code, 0);
	ATF_CHECK_EQ(p->tcpflags, 0);
	ATF_CHECK_EQ(p->dnat, 0);
	ATF_CHECK(same_addr(AF_INET, &p->from, "198.18.2.1"));
	ATF_CHECK_EQ(p->recv.tv_sec, 100);
	ATF_CHECK_EQ(p->recv.tv_usec, 9000);
	ATF_CHECK_EQ(p->ttl, 2);
	ATF_CHECK_EQ(p->q, 2);
	ATF_CHECK_EQ(probe_ends_trace(p), 0);
	/* Its neighbours are untouched. */
	ATF_CHECK_EQ(probes[3].state, PROBE_SENT);
	ATF_CHECK_EQ(probes[5].state, PROBE_SENT);
}

ATF_TC_WITHOUT_HEAD(unreach_match);
ATF_TC_BODY(unreach_match, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = icmp(&m, REPLY_UNREACH, 9, "198.18.4.1");
	r.icmp_code = 13;
	CHECK_MATCH(&m, &r, at(101, 0), 9);
	ATF_CHECK_EQ(probes[9].kind, REPLY_UNREACH);
	ATF_CHECK_EQ(probes[9].icmp_type, 3);
	ATF_CHECK_EQ(probes[9].icmp_code, 13);
	ATF_CHECK_EQ(probe_ends_trace(&probes[9]), 1);

	/* Another ICMP error (source quench, say) quoting a probe. */
	r = icmp(&m, REPLY_ICMP, 10, "198.18.4.1");
	r.icmp_type = 4;
	CHECK_MATCH(&m, &r, at(101, 0), 10);
	ATF_CHECK_EQ(probes[10].kind, REPLY_ICMP);
	ATF_CHECK_EQ(probes[10].icmp_type, 4);
	ATF_CHECK_EQ(probe_ends_trace(&probes[10]), 0);
}

ATF_TC_WITHOUT_HEAD(icmp_wrong_seq);
ATF_TC_BODY(icmp_wrong_seq, tc)
{
	static const char why[] =
	    "ICMP quoting a sequence number we did not send";
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.seq++;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r.seq = probes[4].seq - 1;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* Between two strides. */
	r.seq = probes[4].seq + SEQ_STRIDE / 2;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* Past the last probe, and before the first. */
	r.seq = ISN + NPROBES * SEQ_STRIDE;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r.seq = ISN + 1000U * SEQ_STRIDE;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r.seq = ISN - SEQ_STRIDE;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r.seq = 0;
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* The last probe is still ours. */
	r = timx(&m, NPROBES - 1, "198.18.5.1");
	CHECK_MATCH(&m, &r, at(101, 0), NPROBES - 1);
}

/* Another probe's seq with this one's port and ID proves nothing. */
ATF_TC_WITHOUT_HEAD(icmp_mixed_fields);
ATF_TC_BODY(icmp_mixed_fields, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.qipid = probes[5].ipid;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another IP ID");
	r.seq = probes[5].seq;
	CHECK_MATCH(&m, &r, at(101, 0), 5);
}

ATF_TC_WITHOUT_HEAD(icmp_wrong_sport);
ATF_TC_BODY(icmp_wrong_sport, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.sport = SPORT + 1;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source port");

	/* --track-port: the port is the probe's own, not a neighbour's. */
	setup(&m, AF_INET, TRACK_PORT, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.sport = probes[5].sport;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source port");
	r.sport = probes[4].sport;
	CHECK_MATCH(&m, &r, at(101, 0), 4);
}

ATF_TC_WITHOUT_HEAD(icmp_wrong_ipid);
ATF_TC_BODY(icmp_wrong_ipid, tc)
{
	struct match_ctx m;
	struct reply r;

	/* --track-id (the IPv4 default): the ID must be the probe's. */
	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.qipid = probes[4].ipid + 1;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another IP ID");
	r.qipid = 0;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another IP ID");

	/* --track-port: the ID is not looked at. */
	setup(&m, AF_INET, TRACK_PORT, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.qipid = probes[4].ipid + 1;
	CHECK_MATCH(&m, &r, at(101, 0), 4);

	/* Tracking the sequence number only. */
	setup(&m, AF_INET, TRACK_SEQ, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	r.qipid = 12345;
	CHECK_MATCH(&m, &r, at(101, 0), 4);

	/* IPv6 has no ID, whatever the tracking. */
	setup(&m, AF_INET6, TRACK_ID, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "2001:db8:2::1");
	r.qipid = 12345;
	CHECK_MATCH(&m, &r, at(101, 0), 4);
}

ATF_TC_WITHOUT_HEAD(icmp_wrong_qsrc);
ATF_TC_BODY(icmp_wrong_qsrc, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	set_addr(AF_INET, &r.qsrc, "198.18.0.2");
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source");

	setup(&m, AF_INET6, TRACK_SEQ, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "2001:db8:2::1");
	set_addr(AF_INET6, &r.qsrc, "2001:db8::2");
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source");
}

ATF_TC_WITHOUT_HEAD(not_for_us);
ATF_TC_BODY(not_for_us, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	set_addr(AF_INET, &r.dst, "198.18.0.2");
	CHECK_REJECT(&m, &r, at(101, 0), "not addressed to us");
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, 1, probes[4].seq + 1);
	set_addr(AF_INET, &r.dst, "198.18.0.2");
	CHECK_REJECT(&m, &r, at(101, 0), "not addressed to us");

	r = timx(&m, 4, "198.18.2.1");
	r.family = AF_INET6;
	CHECK_REJECT(&m, &r, at(101, 0), "other address family");

	r = timx(&m, 4, "198.18.2.1");
	r.kind = REPLY_NONE;
	CHECK_REJECT(&m, &r, at(101, 0), "not a reply");
}

ATF_TC_WITHOUT_HEAD(duplicate);
ATF_TC_BODY(duplicate, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	/* The same again, or from another router: the first one stands. */
	CHECK_REJECT(&m, &r, at(101, 5), "duplicate reply");
	r = timx(&m, 4, "198.18.2.99");
	CHECK_REJECT(&m, &r, at(101, 5), "duplicate reply");
	ATF_CHECK(same_addr(AF_INET, &probes[4].from, "198.18.2.1"));
	ATF_CHECK_EQ(probes[4].recv.tv_usec, 0);

	/* A TCP answer after a time exceeded changes nothing either. */
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, 1, probes[4].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 5), "duplicate reply");
	ATF_CHECK_EQ(probes[4].kind, REPLY_TIMXCEED);
}

ATF_TC_WITHOUT_HEAD(late);
ATF_TC_BODY(late, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	probes[4].state = PROBE_EXPIRED;
	r = timx(&m, 4, "198.18.2.1");
	CHECK_REJECT(&m, &r, at(200, 0), "late reply");
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, 1, probes[4].seq + 1);
	CHECK_REJECT(&m, &r, at(200, 0), "late reply");
	ATF_CHECK_EQ(probes[4].state, PROBE_EXPIRED);
}

ATF_TC_WITHOUT_HEAD(unsent);
ATF_TC_BODY(unsent, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent(&m, 0, 100, 0);
	r = timx(&m, 4, "198.18.2.1");
	CHECK_REJECT(&m, &r, at(101, 0), "reply to a probe not sent yet");
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, 1, probes[4].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 0), "reply to a probe not sent yet");
	ATF_CHECK_EQ(probes[4].state, PROBE_UNSENT);
}

ATF_TC_WITHOUT_HEAD(before_sent);
ATF_TC_BODY(before_sent, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent(&m, 4, 100, 500000);
	r = timx(&m, 4, "198.18.2.1");
	CHECK_REJECT(&m, &r, at(100, 499999),
	    "reply captured before its probe left");
	CHECK_REJECT(&m, &r, at(99, 999999),
	    "reply captured before its probe left");
	ATF_CHECK_EQ(probes[4].state, PROBE_SENT);
	/* The same instant is possible on a coarse clock. */
	CHECK_MATCH(&m, &r, at(100, 500000), 4);
	ATF_CHECK_EQ(probes[4].state, PROBE_ANSWERED);
}

ATF_TC_WITHOUT_HEAD(out_of_order);
ATF_TC_BODY(out_of_order, tc)
{
	struct match_ctx m;
	struct reply r;
	int i;

	setup4(&m);
	sent_all(&m);
	/* Hop 3 answers first, then hop 1, then hop 2 backwards. */
	r = timx(&m, 7, "198.18.3.1");
	CHECK_MATCH(&m, &r, at(101, 7), 7);
	r = timx(&m, 6, "198.18.3.1");
	CHECK_MATCH(&m, &r, at(101, 6), 6);
	r = timx(&m, 0, "198.18.1.1");
	CHECK_MATCH(&m, &r, at(101, 0), 0);
	r = timx(&m, 5, "198.18.2.2");
	CHECK_MATCH(&m, &r, at(101, 5), 5);
	r = timx(&m, 3, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(101, 3), 3);
	r = tcp(&m, 14, TTR_SYN|TTR_ACK, 1, probes[14].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 14), 14);

	for (i = 0; i < NPROBES; i++) {
		switch (i) {
		case 0:
		case 3:
		case 5:
		case 6:
		case 7:
		case 14:
			ATF_CHECK_EQ_MSG(probes[i].state, PROBE_ANSWERED,
			    "probe %d", i);
			ATF_CHECK_EQ(probes[i].recv.tv_usec, i);
			break;
		default:
			ATF_CHECK_EQ_MSG(probes[i].state, PROBE_SENT,
			    "probe %d", i);
			break;
		}
	}
	ATF_CHECK(same_addr(AF_INET, &probes[0].from, "198.18.1.1"));
	ATF_CHECK(same_addr(AF_INET, &probes[3].from, "198.18.2.1"));
	ATF_CHECK(same_addr(AF_INET, &probes[5].from, "198.18.2.2"));
	ATF_CHECK(same_addr(AF_INET, &probes[7].from, "198.18.3.1"));
	ATF_CHECK(same_addr(AF_INET, &probes[14].from, DST4));
}

ATF_TC_WITHOUT_HEAD(synack);
ATF_TC_BODY(synack, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 0xdeadbeef, probes[9].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 9);
	ATF_CHECK_EQ(probes[9].kind, REPLY_TCP);
	ATF_CHECK_EQ(probes[9].tcpflags, TTR_SYN|TTR_ACK);
	ATF_CHECK(same_addr(AF_INET, &probes[9].from, DST4));
	ATF_CHECK_EQ(probe_ends_trace(&probes[9]), 1);

	/* ECN-capable answer: the flags are kept as they came. */
	r = tcp(&m, 10, TTR_SYN|TTR_ACK|TTR_ECE, 1, probes[10].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 10);
	ATF_CHECK_EQ(probes[10].tcpflags, TTR_SYN|TTR_ACK|TTR_ECE);
}

ATF_TC_WITHOUT_HEAD(synack_wrong_ack);
ATF_TC_BODY(synack_wrong_ack, tc)
{
	static const char why[] = "TCP that acknowledges no probe";
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	/* Off by one either way. */
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq + 2);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 0, TTR_SYN|TTR_ACK, 1, ISN);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* Beyond the last probe. */
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, ISN + NPROBES * SEQ_STRIDE + 1);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* No ACK flag: the ack field means nothing. */
	r = tcp(&m, 9, TTR_SYN, 1, probes[9].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* A RST without ACK cannot name a SYN probe. */
	r = tcp(&m, 9, TTR_RST, probes[9].ack, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	ATF_CHECK_EQ(probes[9].state, PROBE_SENT);
}

ATF_TC_WITHOUT_HEAD(tcp_wrong_endpoints);
ATF_TC_BODY(tcp_wrong_endpoints, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq + 1);
	set_addr(AF_INET, &r.src, "203.0.113.8");
	CHECK_REJECT(&m, &r, at(101, 0), "TCP from another host");

	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq + 1);
	r.sport = DPORT + 1;
	CHECK_REJECT(&m, &r, at(101, 0), "TCP from another port");

	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq + 1);
	r.dport = SPORT + 1;
	CHECK_REJECT(&m, &r, at(101, 0), "TCP to another port");

	/* --track-port: to the port of another probe. */
	setup(&m, AF_INET, TRACK_PORT, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = tcp(&m, 9, TTR_SYN|TTR_ACK, 1, probes[9].seq + 1);
	r.dport = probes[8].sport;
	CHECK_REJECT(&m, &r, at(101, 0), "TCP to another port");
	r.dport = probes[9].sport;
	CHECK_MATCH(&m, &r, at(101, 0), 9);
}

ATF_TC_WITHOUT_HEAD(rstack);
ATF_TC_BODY(rstack, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = tcp(&m, 12, TTR_RST|TTR_ACK, 0, probes[12].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 12);
	ATF_CHECK_EQ(probes[12].kind, REPLY_TCP);
	ATF_CHECK_EQ(probes[12].tcpflags, TTR_RST|TTR_ACK);
	ATF_CHECK_EQ(probe_ends_trace(&probes[12]), 1);

	r = tcp(&m, 13, TTR_RST|TTR_ACK, 0, probes[13].seq);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP that acknowledges no probe");
}

/* Probes with data: the peer may acknowledge the data too, or not. */
ATF_TC_WITHOUT_HEAD(payload);
ATF_TC_BODY(payload, tc)
{
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN, 100);
	sent_all(&m);
	r = tcp(&m, 2, TTR_SYN|TTR_ACK, 1, probes[2].seq + 1 + 100);
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	r = tcp(&m, 3, TTR_SYN|TTR_ACK, 1, probes[3].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 3);
	r = tcp(&m, 4, TTR_RST|TTR_ACK, 0, probes[4].seq + 1 + 100);
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	r = tcp(&m, 5, TTR_SYN|TTR_ACK, 1, probes[5].seq + 1 + 99);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP that acknowledges no probe");
	r = tcp(&m, 5, TTR_SYN|TTR_ACK, 1, probes[5].seq + 100);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP that acknowledges no probe");
	r = tcp(&m, 5, TTR_SYN|TTR_ACK, 1, probes[5].seq + 1 + 101);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP that acknowledges no probe");

	/* The largest probe's payload still falls inside its stride. */
	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN,
	    TTR_MAXPACKET - 40);
	sent_all(&m);
	r = tcp(&m, 14, TTR_SYN|TTR_ACK, 1,
	    probes[14].seq + 1 + TTR_MAXPACKET - 40);
	CHECK_MATCH(&m, &r, at(101, 0), 14);
}

/*
 * --mtu: a probe shorter than configured is acknowledged past its own
 * data, or past its SYN alone, never past another length's data.
 */
ATF_TC_WITHOUT_HEAD(payload_shorter);
ATF_TC_BODY(payload_shorter, tc)
{
	static const char why[] = "TCP that acknowledges no probe";
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN, 1460);
	m.length = 1500;
	probes[0].length = probes[2].length = probes[5].length = 1400;
	probes[7].length = 1500;
	probes[8].length = 41;
	sent_all(&m);
	r = tcp(&m, 2, TTR_SYN|TTR_ACK, 1, probes[2].seq + 1 + 1360);
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	/* The first probe: its sequence number is the stride's start. */
	r = tcp(&m, 0, TTR_SYN|TTR_ACK, 1, probes[0].seq + 1 + 1360);
	CHECK_MATCH(&m, &r, at(101, 0), 0);
	r = tcp(&m, 5, TTR_RST|TTR_ACK, 0, probes[5].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 5);
	r = tcp(&m, 7, TTR_SYN|TTR_ACK, 1, probes[7].seq + 1 + 1460);
	CHECK_MATCH(&m, &r, at(101, 0), 7);
	r = tcp(&m, 8, TTR_SYN|TTR_ACK, 1, probes[8].seq + 1 + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 8);
	r = tcp(&m, 3, TTR_SYN|TTR_ACK, 1, probes[3].seq + 1 + 1460);
	CHECK_MATCH(&m, &r, at(101, 0), 3);
	/* Sent as configured: a shorter length's data proves nothing. */
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1, probes[6].seq + 1 + 1360);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	probes[6].length = 1400;
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1, probes[6].seq + 1 + 1361);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1, probes[6].seq + 1 + 1359);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1, probes[6].seq + 1 + 1460);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* Past the last probe. */
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1,
	    ISN + NPROBES * SEQ_STRIDE + 1 + 1360);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 6, TTR_SYN|TTR_ACK, 1, probes[6].seq + 1 + 1360);
	CHECK_MATCH(&m, &r, at(101, 0), 6);
}

/* -A: bare ACKs draw a RST whose seq is our ack (RFC 793). */
ATF_TC_WITHOUT_HEAD(ack_probes);
ATF_TC_BODY(ack_probes, tc)
{
	static const char why[] = "TCP that acknowledges no probe";
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_ACK, 0);
	sent_all(&m);
	r = tcp(&m, 6, TTR_RST, probes[6].ack, 0);
	CHECK_MATCH(&m, &r, at(101, 0), 6);
	ATF_CHECK_EQ(probes[6].tcpflags, TTR_RST);
	ATF_CHECK_EQ(probe_ends_trace(&probes[6]), 1);

	r = tcp(&m, 7, TTR_RST, probes[7].ack + 1, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 7, TTR_RST, probes[7].ack - 1, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 7, TTR_RST, probes[7].seq, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 7, TTR_RST, ACKBASE + NPROBES * SEQ_STRIDE, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* A SYN|ACK answering the seq+1 of a SYN we did not send. */
	r = tcp(&m, 7, TTR_SYN|TTR_ACK, 1, probes[7].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	/* Not a RST: the seq field proves nothing. */
	r = tcp(&m, 7, TTR_FIN, probes[7].ack, 0);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 7, TTR_RST, probes[7].ack, 0);
	r.dport = SPORT + 1;
	CHECK_REJECT(&m, &r, at(101, 0), "TCP to another port");
}

/* -S -A: both kinds of answer name the probe. */
ATF_TC_WITHOUT_HEAD(synack_probes);
ATF_TC_BODY(synack_probes, tc)
{
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN|TTR_ACK, 0);
	sent_all(&m);
	r = tcp(&m, 6, TTR_RST, probes[6].ack, 0);
	CHECK_MATCH(&m, &r, at(101, 0), 6);
	r = tcp(&m, 7, TTR_RST|TTR_ACK, 0, probes[7].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 7);
}

/* -O fin: a FIN counts one in the sequence space, as a SYN does. */
ATF_TC_WITHOUT_HEAD(fin_probes);
ATF_TC_BODY(fin_probes, tc)
{
	static const char why[] = "TCP that acknowledges no probe";
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_FIN, 0);
	sent_all(&m);
	r = tcp(&m, 2, TTR_RST|TTR_ACK, 0, probes[2].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	r = tcp(&m, 3, TTR_RST|TTR_ACK, 0, probes[3].seq);
	CHECK_REJECT(&m, &r, at(101, 0), why);
	r = tcp(&m, 3, TTR_RST|TTR_ACK, 0, probes[3].seq + 2);
	CHECK_REJECT(&m, &r, at(101, 0), why);

	/* With data: past the data and the FIN. */
	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_FIN|TTR_ACK, 10);
	sent_all(&m);
	r = tcp(&m, 4, TTR_RST|TTR_ACK, 0, probes[4].seq + 11);
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	r = tcp(&m, 5, TTR_RST|TTR_ACK, 0, probes[5].seq + 10);
	CHECK_REJECT(&m, &r, at(101, 0), why);
}

ATF_TC_WITHOUT_HEAD(dnat_silent);
ATF_TC_BODY(dnat_silent, tc)
{
	struct match_ctx m;
	struct reply r;

	setup4(&m);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	set_addr(AF_INET, &r.qdst, "10.0.0.5");
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	ATF_CHECK_EQ(probes[4].dnat, 0);
	ATF_CHECK_EQ(probes[4].dnat_port, 0);
	ATF_CHECK_EQ(probes[4].dnat_addr.v4.s_addr, 0);

	r = timx(&m, 5, "198.18.2.1");
	r.dport = 8080;
	CHECK_MATCH(&m, &r, at(101, 0), 5);
	ATF_CHECK_EQ(probes[5].dnat, 0);
	ATF_CHECK_EQ(probes[5].dnat_port, 0);
}

ATF_TC_WITHOUT_HEAD(dnat_report);
ATF_TC_BODY(dnat_report, tc)
{
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_REPORT, TTR_SYN, 0);
	sent_all(&m);
	/* The address translated, the port not. */
	r = timx(&m, 4, "198.18.2.1");
	set_addr(AF_INET, &r.qdst, "10.0.0.5");
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	ATF_CHECK_EQ(probes[4].dnat, 1);
	ATF_CHECK(same_addr(AF_INET, &probes[4].dnat_addr, "10.0.0.5"));
	ATF_CHECK_EQ(probes[4].dnat_port, 0);

	/* Both. */
	r = timx(&m, 5, "198.18.2.1");
	set_addr(AF_INET, &r.qdst, "10.0.0.6");
	r.dport = 8080;
	CHECK_MATCH(&m, &r, at(101, 0), 5);
	ATF_CHECK_EQ(probes[5].dnat, 1);
	ATF_CHECK(same_addr(AF_INET, &probes[5].dnat_addr, "10.0.0.6"));
	ATF_CHECK_EQ(probes[5].dnat_port, 8080);

	/* The port only: the address is the target's. */
	r = icmp(&m, REPLY_UNREACH, 6, "198.18.3.1");
	r.dport = 8081;
	CHECK_MATCH(&m, &r, at(101, 0), 6);
	ATF_CHECK_EQ(probes[6].dnat, 1);
	ATF_CHECK(same_addr(AF_INET, &probes[6].dnat_addr, DST4));
	ATF_CHECK_EQ(probes[6].dnat_port, 8081);

	/* Nothing translated. */
	r = timx(&m, 7, "198.18.3.1");
	CHECK_MATCH(&m, &r, at(101, 0), 7);
	ATF_CHECK_EQ(probes[7].dnat, 0);
	ATF_CHECK_EQ(probes[7].dnat_port, 0);

	/* IPv6. */
	setup(&m, AF_INET6, TRACK_SEQ, DNAT_REPORT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "2001:db8:2::1");
	set_addr(AF_INET6, &r.qdst, "fd00::80");
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	ATF_CHECK_EQ(probes[4].dnat, 1);
	ATF_CHECK(same_addr(AF_INET6, &probes[4].dnat_addr, "fd00::80"));
}

ATF_TC_WITHOUT_HEAD(dnat_strict);
ATF_TC_BODY(dnat_strict, tc)
{
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET, TRACK_ID, DNAT_STRICT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 4, "198.18.2.1");
	set_addr(AF_INET, &r.qdst, "10.0.0.5");
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another destination");
	r = timx(&m, 4, "198.18.2.1");
	r.dport = 8080;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting another destination port");
	r = timx(&m, 4, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	ATF_CHECK_EQ(probes[4].dnat, 0);
}

ATF_TC_WITHOUT_HEAD(outgoing);
ATF_TC_BODY(outgoing, tc)
{
	struct match_ctx m;
	struct reply r, mine;
	int i;

	setup(&m, AF_INET, TRACK_PORT, DNAT_SILENT, TTR_SYN, 0);
	/* Our probes as the capture sees them leave. */
	for (i = 0; i < NPROBES; i++) {
		memset(&mine, 0, sizeof(mine));
		mine.kind = REPLY_TCP;
		mine.family = AF_INET;
		mine.src = m.src;
		mine.dst = m.dst;
		mine.sport = probes[i].sport;
		mine.dport = DPORT;
		mine.seq = probes[i].seq;
		mine.flags = TTR_SYN;
		ATF_CHECK_EQ(match_outgoing(&m, &mine), i);
		/* Finding it changes nothing. */
		ATF_CHECK_EQ(probes[i].state, PROBE_UNSENT);
	}
	mine.seq = probes[4].seq;
	mine.sport = probes[4].sport;
	ATF_CHECK_EQ(match_outgoing(&m, &mine), 4);

	r = mine;
	r.sport = probes[5].sport;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	r.dport = DPORT + 1;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	r.seq++;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	r.seq = ISN + NPROBES * SEQ_STRIDE;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	set_addr(AF_INET, &r.src, "198.18.0.2");
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	set_addr(AF_INET, &r.dst, "203.0.113.8");
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	r.kind = REPLY_TIMXCEED;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r = mine;
	r.family = AF_INET6;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);

	/* The target's answer is not our probe. */
	sent_all(&m);
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, probes[4].seq, probes[4].seq + 1);
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);

	/*
	 * Our kernel's RST answering the target's SYN|ACK leaves with the
	 * probe's ports and seq + 1: not a probe.
	 */
	r = mine;
	r.flags = TTR_RST;
	r.seq = probes[4].seq + 1;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);

	/* IPv6. */
	setup(&m, AF_INET6, TRACK_SEQ, DNAT_SILENT, TTR_SYN, 0);
	mine.family = AF_INET6;
	mine.src = m.src;
	mine.dst = m.dst;
	mine.sport = SPORT;
	mine.seq = probes[11].seq;
	ATF_CHECK_EQ(match_outgoing(&m, &mine), 11);
}

ATF_TC_WITHOUT_HEAD(ends_trace);
ATF_TC_BODY(ends_trace, tc)
{
	struct probe p;

	memset(&p, 0, sizeof(p));
	p.state = PROBE_ANSWERED;
	p.kind = REPLY_TCP;
	p.tcpflags = TTR_RST|TTR_ACK;
	ATF_CHECK_EQ(probe_ends_trace(&p), 1);
	p.kind = REPLY_UNREACH;
	p.icmp_type = 3;
	p.icmp_code = 13;
	ATF_CHECK_EQ(probe_ends_trace(&p), 1);
	p.kind = REPLY_TIMXCEED;
	p.icmp_type = 11;
	p.icmp_code = 0;
	ATF_CHECK_EQ(probe_ends_trace(&p), 0);
	/* Fragmentation needed, ICMPv6 packet too big. */
	p.kind = REPLY_TOOBIG;
	p.icmp_type = 3;
	p.icmp_code = 4;
	ATF_CHECK_EQ(probe_ends_trace(&p), 1);
	p.icmp_type = 2;
	p.icmp_code = 0;
	ATF_CHECK_EQ(probe_ends_trace(&p), 1);
	/* ICMPv6 parameter problem, ICMP source quench: keep going. */
	p.kind = REPLY_ICMP;
	p.icmp_type = 4;
	ATF_CHECK_EQ(probe_ends_trace(&p), 0);
	/* Unanswered probes never end it. */
	p.kind = REPLY_TCP;
	p.state = PROBE_SENT;
	ATF_CHECK_EQ(probe_ends_trace(&p), 0);
	p.state = PROBE_EXPIRED;
	ATF_CHECK_EQ(probe_ends_trace(&p), 0);
	p.state = PROBE_UNSENT;
	ATF_CHECK_EQ(probe_ends_trace(&p), 0);
}

/* Sequence numbers that wrap around 2^32 are still found. */
ATF_TC_WITHOUT_HEAD(seq_wrap);
ATF_TC_BODY(seq_wrap, tc)
{
	struct match_ctx m;
	struct reply r;
	int i;

	setup4(&m);
	m.isn = 0xffffe000U;
	m.ackbase = 0xfffff000U;
	for (i = 0; i < NPROBES; i++)
		match_plan(&m, i, IDBASE, SPORT, 1, FIRST_TTL, NQ);
	sent_all(&m);
	ATF_CHECK_EQ(probes[2].seq, 0);
	ATF_CHECK_EQ(probes[1].ack, 0);

	r = timx(&m, 1, "198.18.1.1");
	CHECK_MATCH(&m, &r, at(101, 0), 1);
	r = timx(&m, 3, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(101, 0), 3);
	/* ack = 0xffffffff + 1 = 0 for a seq of 0xffffffff is not ours. */
	r = tcp(&m, 5, TTR_SYN|TTR_ACK, 1, 0);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP that acknowledges no probe");
	r = tcp(&m, 2, TTR_SYN|TTR_ACK, 1, 1);
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	r = timx(&m, 0, "198.18.1.1");
	r.seq = m.isn - SEQ_STRIDE;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting a sequence number we did not send");

	/* ACK probes: the RST's seq wraps with the ack base. */
	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_ACK, 0);
	m.ackbase = 0xfffff000U;
	for (i = 0; i < NPROBES; i++)
		match_plan(&m, i, IDBASE, SPORT, 1, FIRST_TTL, NQ);
	sent_all(&m);
	r = tcp(&m, 4, TTR_RST, 0xfffff000U + 4 * SEQ_STRIDE, 0);
	CHECK_MATCH(&m, &r, at(101, 0), 4);
}

ATF_TC_WITHOUT_HEAD(ipv6_match);
ATF_TC_BODY(ipv6_match, tc)
{
	struct match_ctx m;
	struct reply r;

	setup(&m, AF_INET6, TRACK_SEQ, DNAT_SILENT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 1, "2001:db8:1::1");
	CHECK_MATCH(&m, &r, at(101, 0), 1);
	ATF_CHECK(same_addr(AF_INET6, &probes[1].from, "2001:db8:1::1"));
	ATF_CHECK_EQ(probes[1].icmp_type, 3);

	r = icmp(&m, REPLY_TOOBIG, 2, "2001:db8:1::1");
	r.icmp_type = 2;
	r.mtu = 1280;
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	ATF_CHECK_EQ(probe_ends_trace(&probes[2]), 1);

	r = tcp(&m, 14, TTR_SYN|TTR_ACK, 1, probes[14].seq + 1);
	CHECK_MATCH(&m, &r, at(101, 0), 14);
	ATF_CHECK(same_addr(AF_INET6, &probes[14].from, DST6));

	/* An address differing in its last byte only. */
	r = tcp(&m, 13, TTR_SYN|TTR_ACK, 1, probes[13].seq + 1);
	set_addr(AF_INET6, &r.src, "2001:db8:ffff::8");
	CHECK_REJECT(&m, &r, at(101, 0), "TCP from another host");
	r = timx(&m, 12, "2001:db8:5::1");
	set_addr(AF_INET6, &r.dst, "2001:db8::2");
	CHECK_REJECT(&m, &r, at(101, 0), "not addressed to us");
	r = timx(&m, 12, "2001:db8:5::1");
	r.family = AF_INET;
	CHECK_REJECT(&m, &r, at(101, 0), "other address family");
}

/* -I, -U: the probes of a method planned, as trace.c plans them. */
static void
setup_method(struct match_ctx *m, int family, int method, uint32_t isn)
{
	int i;

	setup(m, family, TRACK_ID, DNAT_SILENT, 0, 0);
	m->method = method;
	m->isn = isn;
	m->dport = method == METHOD_UDP ? 53 : 0;
	for (i = 0; i < NPROBES; i++)
		match_plan(m, i, IDBASE, SPORT, 1, FIRST_TTL, NQ);
}

/* An echo reply from host to probe i. */
static struct reply
echo(const struct match_ctx *m, int i, const char *host)
{
	struct reply r;

	memset(&r, 0, sizeof(r));
	r.kind = REPLY_ECHO;
	r.family = m->family;
	set_addr(m->family, &r.src, host);
	r.dst = m->src;
	r.ttl = 60;
	r.icmp_type = m->family == AF_INET ? 0 : 129;
	r.echo_id = m->probes[i].sport;
	r.echo_seq = (uint16_t)m->probes[i].seq;
	return (r);
}

/* An ICMP error quoting -I's or -U's probe i. */
static struct reply
mquote(const struct match_ctx *m, enum reply_kind kind, int i,
    const char *router)
{
	struct reply r = icmp(m, kind, i, router);

	r.seq = 0;
	if (m->method == METHOD_ICMP) {
		r.qproto = m->family == AF_INET ? IPPROTO_ICMP :
		    IPPROTO_ICMPV6;
		r.sport = r.dport = 0;
		r.echo_id = m->probes[i].sport;
		r.echo_seq = (uint16_t)m->probes[i].seq;
	} else {
		r.qproto = IPPROTO_UDP;
		r.udp_sum = (uint16_t)m->probes[i].seq;
	}
	if (kind == REPLY_UNREACH)
		r.icmp_code = m->family == AF_INET ? 3 : 4;
	return (r);
}

ATF_TC_WITHOUT_HEAD(method_plan);
ATF_TC_BODY(method_plan, tc)
{
	static const uint32_t isns[] = { 0, 1, 65532, 65533, 65534,
	    0xfffffffeU, 0xffffffffU, ISN };
	struct match_ctx m;
	struct reply r;
	size_t k;
	int i, j;

	/* 16 bits, never 0 or 0xffff, each probe its own, wrapping. */
	for (k = 0; k < sizeof(isns) / sizeof(isns[0]); k++) {
		setup_method(&m, AF_INET6, METHOD_UDP, isns[k]);
		for (i = 0; i < NPROBES; i++) {
			ATF_CHECK(probes[i].seq >= 1);
			ATF_CHECK(probes[i].seq <= METHOD_MAXSEQ);
			ATF_CHECK_EQ(probes[i].dport, 53);
			for (j = 0; j < i; j++)
				ATF_CHECK(probes[i].seq != probes[j].seq);
		}
		/* Each is found again, from the quote of an error. */
		sent_all(&m);
		for (i = 0; i < NPROBES; i++) {
			r = mquote(&m, REPLY_TIMXCEED, i, "2001:db8:5::1");
			CHECK_MATCH(&m, &r, at(101, 0), i);
		}
	}
}

ATF_TC_WITHOUT_HEAD(echo_match);
ATF_TC_BODY(echo_match, tc)
{
	struct match_ctx m;
	struct reply r;

	setup_method(&m, AF_INET, METHOD_ICMP, ISN);
	sent_all(&m);
	r = echo(&m, 13, DST4);
	CHECK_MATCH(&m, &r, at(101, 0), 13);
	ATF_CHECK_EQ(probes[13].kind, REPLY_ECHO);
	ATF_CHECK(same_addr(AF_INET, &probes[13].from, DST4));
	ATF_CHECK_EQ(probe_ends_trace(&probes[13]), 1);
	CHECK_REJECT(&m, &r, at(101, 1), "duplicate reply");

	/* Another identifier, a sequence number never sent, 0, 0xffff. */
	r = echo(&m, 4, DST4);
	r.echo_id++;
	CHECK_REJECT(&m, &r, at(101, 0), "echo reply with another identifier");
	r = echo(&m, 4, DST4);
	r.echo_seq = (uint16_t)(probes[NPROBES - 1].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 0),
	    "echo reply with a sequence number we did not send");
	r.echo_seq = 0;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "echo reply with a sequence number we did not send");
	r.echo_seq = 0xffff;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "echo reply with a sequence number we did not send");
	/* Only the destination answers an echo. */
	r = echo(&m, 4, "203.0.113.8");
	CHECK_REJECT(&m, &r, at(101, 0), "echo reply from another host");
	/* An echo request is no reply; nor is an echo reply to TCP. */
	r = echo(&m, 4, DST4);
	r.icmp_type = 8;
	CHECK_REJECT(&m, &r, at(101, 0), "echo reply to no echo request");
	setup4(&m);
	sent_all(&m);
	r = echo(&m, 4, DST4);
	CHECK_REJECT(&m, &r, at(101, 0), "echo reply to no echo request");

	/* IPv6: type 129. */
	setup_method(&m, AF_INET6, METHOD_ICMP, ISN);
	sent_all(&m);
	r = echo(&m, 2, DST6);
	CHECK_MATCH(&m, &r, at(101, 0), 2);
	r = echo(&m, 3, DST6);
	r.icmp_type = 0;
	CHECK_REJECT(&m, &r, at(101, 0), "echo reply to no echo request");
}

ATF_TC_WITHOUT_HEAD(echo_quoted);
ATF_TC_BODY(echo_quoted, tc)
{
	struct match_ctx m;
	struct reply r;

	setup_method(&m, AF_INET, METHOD_ICMP, ISN);
	sent_all(&m);
	r = mquote(&m, REPLY_TIMXCEED, 5, "198.18.2.1");
	CHECK_MATCH(&m, &r, at(101, 0), 5);
	ATF_CHECK_EQ(probe_ends_trace(&probes[5]), 0);

	r = mquote(&m, REPLY_TIMXCEED, 6, "198.18.2.1");
	r.echo_id++;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source port");
	r = mquote(&m, REPLY_TIMXCEED, 6, "198.18.2.1");
	r.echo_seq = 0;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting a sequence number we did not send");
	r = mquote(&m, REPLY_TIMXCEED, 6, "198.18.2.1");
	r.qipid++;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another IP ID");
	/* The same numbers in a quoted TCP or UDP header are not ours. */
	r = mquote(&m, REPLY_TIMXCEED, 6, "198.18.2.1");
	r.qproto = IPPROTO_TCP;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another protocol");
	r.qproto = IPPROTO_UDP;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another protocol");
	r.qproto = IPPROTO_ICMPV6;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another protocol");
	/* A TCP probe's error quoting an echo is not its. */
	setup4(&m);
	sent_all(&m);
	m.method = METHOD_TCP;
	r = icmp(&m, REPLY_TIMXCEED, 6, "198.18.2.1");
	r.qproto = IPPROTO_ICMP;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another protocol");
	/* Nor is a TCP answer to an echo probe. */
	setup_method(&m, AF_INET, METHOD_ICMP, ISN);
	sent_all(&m);
	r = tcp(&m, 4, TTR_SYN|TTR_ACK, 1, probes[4].seq + 1);
	CHECK_REJECT(&m, &r, at(101, 0), "TCP answers no probe of this method");
}

ATF_TC_WITHOUT_HEAD(udp_match);
ATF_TC_BODY(udp_match, tc)
{
	struct match_ctx m;
	struct reply r;

	setup_method(&m, AF_INET6, METHOD_UDP, 7);
	sent_all(&m);
	/* The destination's port unreachable ends the trace. */
	r = mquote(&m, REPLY_UNREACH, 14, DST6);
	CHECK_MATCH(&m, &r, at(101, 0), 14);
	ATF_CHECK_EQ(probe_ends_trace(&probes[14]), 1);
	CHECK_REJECT(&m, &r, at(101, 0), "duplicate reply");
	r = mquote(&m, REPLY_TIMXCEED, 1, "2001:db8:5::1");
	CHECK_MATCH(&m, &r, at(101, 0), 1);

	/* The checksum names the probe; the ports must be its. */
	r = mquote(&m, REPLY_TIMXCEED, 2, "2001:db8:5::1");
	r.udp_sum = (uint16_t)probes[NPROBES - 1].seq + 1;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting a sequence number we did not send");
	r = mquote(&m, REPLY_TIMXCEED, 2, "2001:db8:5::1");
	r.sport++;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another source port");
	r = mquote(&m, REPLY_TIMXCEED, 2, "2001:db8:5::1");
	r.qproto = IPPROTO_TCP;
	r.seq = probes[2].seq;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another protocol");
	r = mquote(&m, REPLY_TIMXCEED, 2, "2001:db8:5::1");
	r.dport = 54;
	m.dnat = DNAT_STRICT;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting another destination port");
	/* IPv4: the IP ID too. */
	setup_method(&m, AF_INET, METHOD_UDP, ISN);
	sent_all(&m);
	r = mquote(&m, REPLY_TIMXCEED, 2, "198.18.2.1");
	r.qipid++;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another IP ID");
	r.qipid--;
	CHECK_MATCH(&m, &r, at(101, 0), 2);
}

/*
 * The checksum a stateless NAT leaves after rewriting the destination
 * from a to b and port 53 to port: the datagram's sum, with the
 * pseudo-header, must stay 0xffff, so the checksum takes up the
 * difference.  Worked out byte by byte, unlike match.c.
 */
static uint16_t
natted_sum(uint16_t sum, const uint8_t *a, const uint8_t *b, size_t n,
    uint16_t port)
{
	int64_t d = 0;
	size_t i;

	for (i = 0; i < n; i++)
		d += (int64_t)(b[i] - a[i]) * (i % 2 == 0 ? 256 : 1);
	d += (int64_t)port - 53;
	/* The checksum is minus the rest: it goes down by d (mod 0xffff). */
	d = ((int64_t)sum - d) % 0xffff;
	if (d <= 0)
		d += 0xffff;
	return ((uint16_t)d);
}

ATF_TC_WITHOUT_HEAD(udp_nat);
ATF_TC_BODY(udp_nat, tc)
{
	struct match_ctx m;
	struct reply r;
	union ttr_addr b;
	int i;

	setup_method(&m, AF_INET6, METHOD_UDP, ISN);
	sent_all(&m);
	set_addr(AF_INET6, &b, "2001:db8:6::3");
	for (i = 0; i < NPROBES; i++) {
		r = mquote(&m, REPLY_TIMXCEED, i, "2001:db8:5::1");
		r.udp_sum = natted_sum(r.udp_sum, m.dst.v6.s6_addr,
		    b.v6.s6_addr, 16, (uint16_t)(i % 2 ? 5353 : 53));
		r.qdst = b;
		r.dport = i % 2 ? 5353 : 53;
		if (i == 7) {
			/* Not so for a probe never sent. */
			r.udp_sum ^= 0x100;
			CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting a "
			    "sequence number we did not send");
			continue;
		}
		CHECK_MATCH(&m, &r, at(101, 0), i);
	}
	/* IPv4; --no-dnat-strict takes no translated quote. */
	setup_method(&m, AF_INET, METHOD_UDP, 12345);
	sent_all(&m);
	set_addr(AF_INET, &b, "10.0.0.9");
	r = mquote(&m, REPLY_TIMXCEED, 4, "198.18.5.1");
	r.udp_sum = natted_sum(r.udp_sum, (const uint8_t *)&m.dst.v4,
	    (const uint8_t *)&b.v4, 4, 53);
	r.qdst = b;
	m.dnat = DNAT_STRICT;
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another destination");
	m.dnat = DNAT_REPORT;
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	ATF_CHECK_EQ(probes[4].dnat, 1);
	ATF_CHECK(same_addr(AF_INET, &probes[4].dnat_addr, "10.0.0.9"));
}

/* -g: the quote's destination is the route's next address. */
#define GW1	"198.18.3.2"
#define GW2	"198.18.5.2"

static void
gateways(struct match_ctx *m)
{
	m->ngw = 2;
	set_addr(AF_INET, &m->gw[0], GW1);
	set_addr(AF_INET, &m->gw[1], GW2);
}

ATF_TC_WITHOUT_HEAD(gateway_quotes);
ATF_TC_BODY(gateway_quotes, tc)
{
	static const enum dnat_mode modes[] = { DNAT_SILENT, DNAT_REPORT,
	    DNAT_STRICT };
	struct match_ctx m;
	struct reply r, mine;
	size_t k;

	for (k = 0; k < sizeof(modes) / sizeof(modes[0]); k++) {
		setup(&m, AF_INET, TRACK_ID, modes[k], TTR_SYN, 0);
		gateways(&m);
		sent_all(&m);
		/* Before the first gateway, between them, after them. */
		r = timx(&m, 0, "198.18.1.2");
		set_addr(AF_INET, &r.qdst, GW1);
		CHECK_MATCH(&m, &r, at(101, 0), 0);
		ATF_CHECK_EQ(probes[0].dnat, 0);
		r = timx(&m, 3, "198.18.4.2");
		set_addr(AF_INET, &r.qdst, GW2);
		CHECK_MATCH(&m, &r, at(101, 0), 3);
		ATF_CHECK_EQ(probes[3].dnat, 0);
		r = timx(&m, 6, "198.18.6.1");
		CHECK_MATCH(&m, &r, at(101, 0), 6);
		ATF_CHECK_EQ(probes[6].dnat, 0);
		/* Any other address: not ours, whatever the DNAT mode. */
		r = timx(&m, 7, "198.18.6.1");
		set_addr(AF_INET, &r.qdst, "198.18.3.3");
		CHECK_REJECT(&m, &r, at(101, 0),
		    "ICMP quoting a destination off the source route");
		r = timx(&m, 7, "198.18.6.1");
		set_addr(AF_INET, &r.qdst, SRC4);
		CHECK_REJECT(&m, &r, at(101, 0),
		    "ICMP quoting a destination off the source route");
	}

	/* Without -g, a gateway is just another destination. */
	setup(&m, AF_INET, TRACK_ID, DNAT_STRICT, TTR_SYN, 0);
	sent_all(&m);
	r = timx(&m, 0, "198.18.1.2");
	set_addr(AF_INET, &r.qdst, GW1);
	CHECK_REJECT(&m, &r, at(101, 0), "ICMP quoting another destination");

	/* Our probe leaves addressed to the first gateway. */
	setup(&m, AF_INET, TRACK_ID, DNAT_SILENT, TTR_SYN, 0);
	gateways(&m);
	memset(&mine, 0, sizeof(mine));
	mine.kind = REPLY_TCP;
	mine.family = AF_INET;
	mine.src = m.src;
	mine.dst = m.gw[0];
	mine.sport = probes[5].sport;
	mine.dport = DPORT;
	mine.seq = probes[5].seq;
	mine.flags = TTR_SYN;
	ATF_CHECK_EQ(match_outgoing(&m, &mine), 5);
	mine.dst = m.dst;
	ATF_CHECK_EQ(match_outgoing(&m, &mine), -1);
	mine.dst = m.gw[1];
	ATF_CHECK_EQ(match_outgoing(&m, &mine), -1);

	/*
	 * -U: the checksum was made with the target in the pseudo-header;
	 * a gateway in the quote is no translation to undo.
	 */
	setup_method(&m, AF_INET, METHOD_UDP, ISN);
	gateways(&m);
	sent_all(&m);
	r = mquote(&m, REPLY_TIMXCEED, 4, "198.18.4.2");
	set_addr(AF_INET, &r.qdst, GW2);
	CHECK_MATCH(&m, &r, at(101, 0), 4);
	r = mquote(&m, REPLY_TIMXCEED, 5, "198.18.1.2");
	set_addr(AF_INET, &r.qdst, GW1);
	CHECK_MATCH(&m, &r, at(101, 0), 5);
	/* Translated on the way: still not one of the route's. */
	r = mquote(&m, REPLY_TIMXCEED, 6, "198.18.1.2");
	set_addr(AF_INET, &mine.qdst, "10.0.0.9");
	r.udp_sum = natted_sum(r.udp_sum, (const uint8_t *)&m.dst.v4,
	    (const uint8_t *)&mine.qdst.v4, 4, 53);
	r.qdst = mine.qdst;
	CHECK_REJECT(&m, &r, at(101, 0),
	    "ICMP quoting a destination off the source route");
}

ATF_TC_WITHOUT_HEAD(method_outgoing);
ATF_TC_BODY(method_outgoing, tc)
{
	struct match_ctx m;
	struct reply r;

	/* Our echo request leaving: its send time. */
	setup_method(&m, AF_INET, METHOD_ICMP, ISN);
	r = echo(&m, 9, DST4);
	r.src = m.src;
	r.dst = m.dst;
	r.icmp_type = 8;
	ATF_CHECK_EQ(match_outgoing(&m, &r), 9);
	r.echo_id++;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r.echo_id--;
	r.icmp_type = 0;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);

	setup_method(&m, AF_INET6, METHOD_UDP, ISN);
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_UDP;
	r.family = AF_INET6;
	r.src = m.src;
	r.dst = m.dst;
	r.sport = SPORT;
	r.dport = 53;
	r.udp_sum = (uint16_t)probes[3].seq;
	ATF_CHECK_EQ(match_outgoing(&m, &r), 3);
	r.dport = 54;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	r.dport = 53;
	r.udp_sum = 0;
	ATF_CHECK_EQ(match_outgoing(&m, &r), -1);
	/* A UDP datagram is never a reply. */
	r.udp_sum = (uint16_t)probes[3].seq;
	r.src = m.dst;
	r.dst = m.src;
	sent_all(&m);
	CHECK_REJECT(&m, &r, at(101, 0), "not a reply");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, gateway_quotes);
	ATF_TP_ADD_TC(tp, plan_layout);
	ATF_TP_ADD_TC(tp, plan_first_ttl);
	ATF_TP_ADD_TC(tp, plan_ipid_wrap);
	ATF_TP_ADD_TC(tp, plan_ports);
	ATF_TP_ADD_TC(tp, plan_ports_range);
	ATF_TP_ADD_TC(tp, timxceed_match);
	ATF_TP_ADD_TC(tp, unreach_match);
	ATF_TP_ADD_TC(tp, icmp_wrong_seq);
	ATF_TP_ADD_TC(tp, icmp_mixed_fields);
	ATF_TP_ADD_TC(tp, icmp_wrong_sport);
	ATF_TP_ADD_TC(tp, icmp_wrong_ipid);
	ATF_TP_ADD_TC(tp, icmp_wrong_qsrc);
	ATF_TP_ADD_TC(tp, not_for_us);
	ATF_TP_ADD_TC(tp, duplicate);
	ATF_TP_ADD_TC(tp, late);
	ATF_TP_ADD_TC(tp, unsent);
	ATF_TP_ADD_TC(tp, before_sent);
	ATF_TP_ADD_TC(tp, out_of_order);
	ATF_TP_ADD_TC(tp, synack);
	ATF_TP_ADD_TC(tp, synack_wrong_ack);
	ATF_TP_ADD_TC(tp, tcp_wrong_endpoints);
	ATF_TP_ADD_TC(tp, rstack);
	ATF_TP_ADD_TC(tp, payload);
	ATF_TP_ADD_TC(tp, payload_shorter);
	ATF_TP_ADD_TC(tp, ack_probes);
	ATF_TP_ADD_TC(tp, synack_probes);
	ATF_TP_ADD_TC(tp, fin_probes);
	ATF_TP_ADD_TC(tp, dnat_silent);
	ATF_TP_ADD_TC(tp, dnat_report);
	ATF_TP_ADD_TC(tp, dnat_strict);
	ATF_TP_ADD_TC(tp, outgoing);
	ATF_TP_ADD_TC(tp, ends_trace);
	ATF_TP_ADD_TC(tp, seq_wrap);
	ATF_TP_ADD_TC(tp, ipv6_match);
	ATF_TP_ADD_TC(tp, method_plan);
	ATF_TP_ADD_TC(tp, echo_match);
	ATF_TP_ADD_TC(tp, echo_quoted);
	ATF_TP_ADD_TC(tp, udp_match);
	ATF_TP_ADD_TC(tp, method_outgoing);
	ATF_TP_ADD_TC(tp, udp_nat);
	return (atf_no_error());
}
