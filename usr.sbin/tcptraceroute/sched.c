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
 * The scheduler's decisions, kept apart from the event loop so that
 * they can be tested on their own: when a probe is given up, whether a
 * silent probe is worth sending again, which attempt an answer is
 * credited to, and the attempts planned for the resends.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <string.h>
#include <time.h>

#include "tcptraceroute.h"

void
ts_add_us(struct timespec *ts, long us)
{
	ts->tv_sec += us / 1000000;
	ts->tv_nsec += (us % 1000000) * 1000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void
ts_add_ms(struct timespec *ts, long ms)
{
	ts_add_us(ts, ms * 1000);
}

static void
earlier(const struct timespec *sent, double rtt, int factor,
    struct timespec *dl)
{
	struct timespec cand;
	double ms;

	if (factor <= 0 || rtt <= 0.0)
		return;
	ms = rtt * factor / 1000.0;
	cand = *sent;
	ts_add_ms(&cand, ms > SCHED_FLOOR_MS ? (long)ms + 1 : SCHED_FLOOR_MS);
	if (timespeccmp(&cand, dl, <))
		*dl = cand;
}

/*
 * When a probe sent at sent is given up.  A fixed wait is -w max.  An
 * adaptive one (-w max,here,near) ends sooner once this hop answered
 * another probe within here_rtt (here x that RTT) or a later hop within
 * near_rtt (near x that RTT), never before SCHED_FLOOR_MS, never after
 * max.  RTTs are in milliseconds, 0 when there is none.
 */
void
sched_deadline(const struct options *o, const struct timespec *sent,
    double here_rtt, double near_rtt, struct timespec *dl)
{
	*dl = *sent;
	ts_add_ms(dl, o->waitms);
	if (!o->adaptive)
		return;
	earlier(sent, here_rtt, o->here, dl);
	earlier(sent, near_rtt, o->near, dl);
}

/*
 * When sent probe p is given up: see sched_deadline; reached is the
 * TTL its port's destination answered at (0: none yet).
 */
void
sched_deadline_of(const struct sched *s, const struct probe *p,
    int reached, struct timespec *dl)
{
	double here = 0.0, near = 0.0;

	if (s->opts->adaptive) {
		here = sched_hop_rtt(s, p->ttl);
		near = sched_next_rtt(s, p->ttl, reached != 0 ? reached :
		    s->opts->max_ttl);
	}
	sched_deadline(s->opts, &p->sentmono, here, near, dl);
}

/* The attempt that fills logical probe l now. */
struct probe *
sched_current(const struct sched *s, int l)
{
	return (&s->m->probes[s->slot[l]]);
}

/*
 * The largest RTT among the answers from hop ttl, 0 if none.  The hop
 * is the same router whichever port a probe was for.
 */
double
sched_hop_rtt(const struct sched *s, int ttl)
{
	return (s->ttlrtt[ttl]);
}

/* The RTT of the nearest hop after ttl, up to last, that answered. */
double
sched_next_rtt(const struct sched *s, int ttl, int last)
{
	double rtt;

	while (++ttl <= last)
		if ((rtt = sched_hop_rtt(s, ttl)) > 0.0)
			return (rtt);
	return (0.0);
}

/* The trace begins at t0: nothing known of any router yet. */
void
sched_start(struct sched *s, const struct timespec *t0)
{
	int ttl;

	for (ttl = 0; ttl < 256; ttl++)
		budget_start(&s->hop[ttl], t0);
}

/*
 * Note an answer for the adaptive waits and the resend rules.  An ICMP
 * error spends one of the router's tokens; the destination's TCP
 * answers and echo replies come out of no such budget.
 */
void
sched_answered(struct sched *s, const struct probe *p)
{
	double rtt = probe_rtt(p);

	s->heardany = 1;
	if (rtt > s->ttlrtt[p->ttl])
		s->ttlrtt[p->ttl] = rtt;
	if (timespeccmp(&p->sentmono, &s->ttllast[p->ttl], >))
		s->ttllast[p->ttl] = p->sentmono;
	if (p->kind == REPLY_TIMXCEED || p->kind == REPLY_UNREACH ||
	    p->kind == REPLY_TOOBIG || p->kind == REPLY_ICMP)
		budget_answer(&s->hop[p->ttl], &p->sentmono);
}

/* Has any probe to hop ttl, for any port, been answered? */
int
sched_heard(const struct sched *s, int ttl)
{
	return (s->ttllast[ttl].tv_sec != 0 || s->ttllast[ttl].tv_nsec != 0);
}

/*
 * The budget the routers on the path showed they had when the trace
 * began, the least of them: for each router that answered, its first
 * probes (before any resend) answered in a row from the first, where
 * that row has ended (a probe given up, or one unanswered when a later
 * one to the same hop was answered) or every first probe is answered.
 * -1 while no router has shown it.  Every hop has had as many probes
 * from us in earlier traces, so this is the prior for any of them.
 */
int
sched_prior(const struct sched *s)
{
	const struct probe *p, *o;
	int ttl, i, j, n, ended, prior = -1;

	for (ttl = 1; ttl < 256; ttl++) {
		if (s->hop[ttl].answers == 0)
			continue;
		n = 0;
		ended = 1;
		for (i = 0; i < s->nlogical; i++) {
			p = &s->m->probes[i];
			if (p->ttl != ttl)
				continue;
			if (p->state == PROBE_ANSWERED) {
				n++;
				continue;
			}
			ended = p->state == PROBE_EXPIRED;
			for (j = i + 1; j < s->nlogical && !ended; j++) {
				o = &s->m->probes[j];
				ended = o->ttl == ttl &&
				    o->state == PROBE_ANSWERED;
			}
			break;
		}
		if (ended && (prior == -1 || n < prior))
			prior = n;
	}
	return (prior);
}

/*
 * While nothing at all has answered, a probe out for BUDGET_REFILL_MS
 * stops holding its place in the window: routers whose buckets were
 * empty have a token again by then, and farther hops, asked now, tell
 * whether that was it.  It is still waited for, and its answer, if one
 * comes, still counts.  Is probe p such a probe at now?  If not yet,
 * *when is when it will be (untouched if never).
 */
int
sched_stale(const struct sched *s, const struct probe *p,
    const struct timespec *now, struct timespec *when)
{
	struct timespec t;

	if (s->heardany || p->state != PROBE_SENT || !p->left)
		return (0);
	t = p->sentmono;
	ts_add_ms(&t, BUDGET_REFILL_MS);
	if (timespeccmp(&t, now, <=))
		return (1);
	*when = t;
	return (0);
}

/* The probes that hold the window at now: see sched_stale. */
int
sched_window(const struct sched *s, const struct timespec *now)
{
	struct timespec when;
	int i, n = s->inflight;

	if (s->heardany)
		return (n);
	for (i = 0; i < s->nattempts; i++)
		n -= sched_stale(s, &s->m->probes[i], now, &when);
	return (n);
}

/* First probes to the hop of original attempt i sent before it. */
static int
nth(const struct sched *s, int i)
{
	int j, n = 0;

	for (j = 0; j < i; j++)
		n += s->m->probes[j].ttl == s->m->probes[i].ttl;
	return (n);
}

/* How often logical probe l has been planned again. */
int
sched_resends(const struct sched *s, int l)
{
	int i, n = 0;

	for (i = s->nlogical; i < s->nattempts; i++)
		if (s->m->probes[i].logical == l)
			n++;
	return (n);
}

/* Resends already planned for a hop and not yet answered or given up. */
int
sched_pending(const struct sched *s, int ttl)
{
	const struct probe *p;
	int i, n = 0;

	for (i = s->nlogical; i < s->nattempts; i++) {
		p = &s->m->probes[i];
		if (p->ttl == ttl && (p->state == PROBE_UNSENT ||
		    p->state == PROBE_SENT))
			n++;
	}
	return (n);
}

/* Has a hop beyond ttl answered? */
static int
farther(const struct sched *s, int ttl)
{
	while (++ttl < 256)
		if (sched_heard(s, ttl))
			return (1);
	return (0);
}

/* Is a resend planned to leave at when or later? */
static int
goes_on(const struct sched *s, const struct timespec *when)
{
	const struct probe *p;
	int i;

	for (i = s->nlogical; i < s->nattempts; i++) {
		p = &s->m->probes[i];
		if (p->state == PROBE_UNSENT &&
		    !timespeccmp(&p->notbefore, when, <))
			return (1);
	}
	return (0);
}

/*
 * Resend probe p (logical l), which went unanswered?  When, in *when.
 * hopdone: whether --ecmp has enough of its hop.  Only a hop that
 * answered other probes, or one before a hop that answered, is asked
 * again: nothing else tells its silence from the path's.  The router's
 * budget (budget_refused) says whether it is silent; if not, its
 * bucket was empty, and the resend goes when it has a token again,
 * which it is then given.  At most o->retries resends a probe, and
 * within the trace's room for them.
 */
int
sched_worth_retry(struct sched *s, int l, const struct probe *p,
    int hopdone, const struct timespec *now, struct timespec *when)
{
	const struct options *o = s->opts;
	struct budget_hop *h = &s->hop[p->ttl];
	int tries, says, i = (int)(p - s->m->probes);

	/* --ecmp: a hop that has enough needs no resend. */
	if (o->ecmp && hopdone)
		return (0);
	tries = sched_resends(s, l);
	/*
	 * --scan: a destination that did not answer one probe gets a
	 * second at once (a SYN or its answer lost), as nmap does; no ICMP
	 * rate limit is in play.
	 */
	if (o->scan) {
		if (tries >= 1 || tries >= o->retries ||
		    s->nattempts >= s->m->nprobes)
			return (0);
		*when = *now;
		return (1);
	}
	if (tries >= o->retries || s->nattempts >= s->m->nprobes)
		return (0);
	/* Silence is no evidence until a farther hop answered. */
	if (!sched_heard(s, p->ttl) && !farther(s, p->ttl))
		return (0);
	says = budget_refused(h, i < s->nlogical ? nth(s, i) : -1,
	    sched_prior(s), &p->sentmono);
	if (says == BUDGET_SILENT)
		return (0);
	budget_next(h, now, when);
	/*
	 * Silent by the path's prior: a resend to tell for certain only
	 * when the trace goes on until then anyway.
	 */
	if (says == BUDGET_PRIOR && !goes_on(s, when)) {
		h->silent = 1;
		return (0);
	}
	budget_ask(h, when);
	return (1);
}

/*
 * Attempt i, a resend to a hop that never answered, went unanswered
 * too: the hop is silent, not rate limited, and its other resends,
 * still waiting for their token a second apart, are given up with it.
 * Returns how many were.
 */
int
sched_give_up(struct sched *s, int i)
{
	struct probe *p = &s->m->probes[i], *o;
	int j, n = 0;

	if (i < s->nlogical || sched_heard(s, p->ttl))
		return (0);
	for (j = s->nlogical; j < s->nattempts; j++) {
		o = &s->m->probes[j];
		if (o->ttl == p->ttl && o->state == PROBE_UNSENT) {
			o->state = PROBE_EXPIRED;
			n++;
		}
	}
	return (n);
}

/*
 * Plan logical probe l again, as a new attempt that may leave at when;
 * it fills the slot from now on.  Returns the attempt.
 */
int
sched_plan(struct sched *s, int l, const struct timespec *when)
{
	struct probe *old = sched_current(s, l), *p;
	int i = s->nattempts++;

	match_plan(s->m, i, s->idbase, s->sport, s->nsport, old->ttl, 1);
	p = &s->m->probes[i];
	p->ttl = old->ttl;
	p->q = old->q;
	p->dport = old->dport;
	p->run = old->run;
	p->logical = l;
	p->notbefore = *when;
	/* --ecmp: the same flow, so the same path. */
	if (s->opts->ecmp)
		p->sport = old->sport;
	s->slot[l] = i;
	return (i);
}

/*
 * Probes that share one 4-tuple (all but --track-port) can meet at the
 * destination: a SYN that arrives while an earlier one waits in
 * SYN_RECV there is reset (RFC 793's "fourth, check the SYN bit"),
 * until our kernel's RST for the earlier SYN|ACK gets there.  That RST
 * says nothing of the port, which the SYN|ACK showed open: it is not
 * credited, and the probe goes again once the path is clear.  Is the
 * TCP answer of attempt p such a collision, to be sent again?  synack:
 * the last SYN|ACK its port's trace saw (zero: none).
 */
int
sched_collision(const struct sched *s, const struct probe *p,
    const struct timeval *synack)
{
	if (!(p->tcpflags & TTR_RST) || s->nsport != 1 || synack->tv_sec == 0)
		return (0);
	if (sched_resends(s, p->logical) >= s->opts->retries ||
	    s->nattempts >= s->m->nprobes)
		return (0);
	return (1);
}

/*
 * --mtu: r says attempt p was too long for the next link.  The length
 * later probes go (*mtu) follows what it asked for.  Is it to go again,
 * as long as that?  Not when r asks for nothing, nor once p has been
 * too big MTU_TRIES times: the error then stands as the answer (!F).
 */
int
sched_toobig(const struct sched *s, const struct probe *p,
    const struct reply *r, uint16_t *mtu)
{
	uint16_t next;

	next = mtu_next(s->m->family, r, p->length, (uint16_t)(s->m->length -
	    s->m->payload));
	if (next == 0)
		return (0);
	if (next < *mtu)
		*mtu = next;
	if (p->toobig >= MTU_TRIES || s->nattempts >= s->m->nprobes)
		return (0);
	return (1);
}

/*
 * Attempt i was answered (match_reply took it).  Which attempt of its
 * logical probe stands, and what became of the others: see enum
 * sched_credit.
 */
enum sched_credit
sched_credit(struct sched *s, int i)
{
	struct probe *p = &s->m->probes[i], *o;

	o = sched_current(s, p->logical);
	if (p->late && o != p && (o->state == PROBE_ANSWERED || o->printed)) {
		/*
		 * Its resend was answered, or its line is out: that stands,
		 * and is what the port's summary and -j are made from.
		 */
		p->state = PROBE_EXPIRED;
		return (SCHED_SUPERSEDED);
	}
	if (p->late) {
		/*
		 * Given up early by the adaptive wait, yet in time for its
		 * line: the answer stands, and a resend is moot.
		 */
		if (o != p && o->state == PROBE_SENT)
			s->inflight--;
		if (o != p)
			o->state = PROBE_EXPIRED;
		s->slot[p->logical] = i;
		return (SCHED_LATE);
	}
	if (o != p) {
		/* Superseded by a resend that is already out. */
		p->state = PROBE_EXPIRED;
		s->inflight--;
		return (SCHED_SUPERSEDED);
	}
	s->inflight--;
	return (SCHED_CREDITED);
}

/*
 * --ecmp: what the hop of logical probe l has found so far, the
 * distinct routers that answered (k) and the probes settled (n).
 */
void
sched_ecmp_seen(const struct sched *s, int family, int l, int *k, int *n)
{
	const struct probe *p, *o;
	int first = l - l % s->opts->nqueries, i, j;

	*k = *n = 0;
	for (i = first; i < first + s->opts->nqueries; i++) {
		p = sched_current(s, i);
		if (p->state == PROBE_EXPIRED)
			(*n)++;
		if (p->state != PROBE_ANSWERED)
			continue;
		(*n)++;
		for (j = first; j < i; j++) {
			o = sched_current(s, j);
			if (o->state == PROBE_ANSWERED &&
			    addr_eq(family, &o->from, &p->from))
				break;
		}
		*k += j == i;
	}
}
