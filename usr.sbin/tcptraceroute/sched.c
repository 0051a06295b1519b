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
 * Whether a probe that got no answer goes out again: only when another
 * probe to the same hop was answered (the router answers; it was more
 * likely its ICMP rate limit than a router that never answers), this
 * probe has been resent fewer than o->retries times, and the budget
 * of resends is not spent.  Linux routers answer a burst of about six
 * errors and then one a second: the resend waits a second after the
 * hop's last answer.
 */
int
sched_retry(const struct options *o, int answered, int tries, int room,
    const struct timespec *lastanswer, struct timespec *when)
{
	if (!answered || tries >= o->retries || room <= 0)
		return (0);
	*when = *lastanswer;
	ts_add_ms(when, SCHED_RETRY_MS);
	return (1);
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

/* Note an answer for the adaptive waits and the resend rules. */
void
sched_answered(struct sched *s, const struct probe *p)
{
	double rtt = probe_rtt(p);

	if (rtt > s->ttlrtt[p->ttl])
		s->ttlrtt[p->ttl] = rtt;
	if (timespeccmp(&p->sentmono, &s->ttllast[p->ttl], >))
		s->ttllast[p->ttl] = p->sentmono;
}

/* Has any probe to hop ttl, for any port, been answered? */
int
sched_heard(const struct sched *s, int ttl)
{
	return (s->ttllast[ttl].tv_sec != 0 || s->ttllast[ttl].tv_nsec != 0);
}

/* Hops from first to before reached that answered no probe at all. */
int
sched_silent(const struct sched *s, int first, int reached)
{
	int ttl, n = 0;

	for (ttl = first; ttl < reached; ttl++)
		n += !sched_heard(s, ttl);
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

/*
 * Resend probe p (logical l), which went unanswered?  When, in *when.
 * reached is the TTL its port's destination answered at (0: none yet),
 * hopdone whether --ecmp has enough of its hop.  See sched_retry.
 */
int
sched_worth_retry(struct sched *s, int l, const struct probe *p,
    int reached, int hopdone, const struct timespec *now,
    struct timespec *when)
{
	const struct options *o = s->opts;
	struct timespec last;
	int tries, answered;

	/* --ecmp: a hop that has enough needs no resend. */
	if (o->ecmp && hopdone)
		return (0);
	last = s->ttllast[p->ttl];
	answered = sched_heard(s, p->ttl);
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
	/*
	 * A hop that answered nothing looks firewalled, unless this run
	 * shows empty token buckets: a router that answered some probes and
	 * not others, or several silent hops before a destination that
	 * answered.  Then one resend tells.
	 */
	if (!answered && tries == 0 && (s->ratelimited ||
	    (reached != 0 && sched_silent(s, o->first_ttl, reached) >= 2))) {
		last = *now;
		answered = 1;
	}
	if (!sched_retry(o, answered, tries, s->m->nprobes - s->nattempts,
	    &last, when))
		return (0);
	/* One token a second: a hop's resends go a second apart. */
	ts_add_ms(when, (long)sched_pending(s, p->ttl) * SCHED_RETRY_MS);
	s->ratelimited = 1;
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
