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
 * The child's event loop: keep up to squeries probes in flight, ask the
 * parent to send each, match what the parent captured, and print the
 * probes in order as soon as each one and every one before it is known.
 * Probes are sent in order of TTL, so the output streams as 1.5's did,
 * only without waiting for each probe in turn.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <err.h>
#include <errno.h>
#include <event2/event.h>
#include <imsg.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcptraceroute.h"
#include "packet.h"

/* One port's trace: its logical probes, and how far it got. */
struct run {
	uint16_t			 dport;
	int				 first;		/* logical */
	int				 reached;	/* ttl, 0: not yet */
	struct timeval			 synack;	/* last one seen */
};

struct trace {
	struct event_base		*base;
	struct imsgbuf			*ibuf;
	struct imsgev			 iev;	/* the parent */
	struct event			*ev_timer;
	struct event			*ev_horizon;	/* too_far */
	struct event			*ev_sigint;
	struct event			*ev_sigterm;
	struct event			*ev_sighup;
	int				 signo;	/* ended by this signal */
	const struct options		*opts;
	const struct ttr_config		*cfg;
	int				 dlt;
	struct match_ctx		 m;	/* m.probes: every attempt */
	struct sched			 s;	/* the attempts, resend rules */
	struct output			 out;
	struct json			 json;	/* -j */
	int				 next_send;	/* logical */
	int				 next_print;	/* logical */
	struct run			*runs;
	int				 nruns;
	int				 perrun;	/* logical probes a port */
	int				 printrun;	/* run being printed */
	struct port_result		*results;
	struct condensed		 cond;
	const char * const		*services;
	struct timespec			 settled;	/* last probe settled */
	int				 nextrport;
	struct timespec			 lastsend;
	uint16_t			 mtu;	/* --mtu: probes this long */
	uint16_t			 shownmtu;	/* last F= printed */
	int				 status;	/* -1 running */
	int				 senderr;	/* last said, 0: none */
	uint8_t				*hopdone;	/* --ecmp, a hop a run */
	struct mda_hop			 hop;		/* --ecmp: its line */
	uint32_t			 dropped;	/* by the parent, told */
};

static struct trace t;

#define NAME_GRACE_MS	250	/* names wait this long past the last probe */
#define LOOKAHEAD	3	/* hops probed past the last one heard */

static void	 progress(void);
static void	 expire(void);
static int	 collision(int, const struct timeval *);
static int	 toobig(int, const struct reply *);
static void	 done(void);
static void	 interrupted(int, short, void *);

__attribute__((__format__ (printf, 1, 2)))
static void
debug(const char *fmt, ...)
{
	va_list ap;

	if (t.opts->debug == 0)
		return;
	va_start(ap, fmt);
	fputs("debug: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void
mono_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) == -1)
		err(1, "clock_gettime");
}

static void
imsg_flush(void)
{
	if (imsgbuf_write(t.ibuf) == -1) {
		if (errno == EPIPE || errno == ECONNRESET)
			exit(1);
		err(1, "imsg write");
	}
}

static void
finish(int status)
{
	if (t.status == -1)
		t.status = status;
	event_base_loopexit(t.base, NULL);
}

static struct probe *
current(int logical)
{
	return (sched_current(&t.s, logical));
}

/* --ecmp: has the hop of logical probe l enough?  Once it has, it has. */
static int
ecmp_done(int l)
{
	int g = l / t.opts->nqueries, k, n;

	if (!t.hopdone[g]) {
		sched_ecmp_seen(&t.s, t.cfg->family, l, &k, &n);
		t.hopdone[g] = mda_done(k, n, t.opts->nqueries);
	}
	return (t.hopdone[g]);
}

/*
 * Past its port's destination, or (--ecmp) not sent before its hop had
 * enough: neither sent nor printed.
 */
static int
beyond(const struct probe *p)
{
	int reached = t.runs[p->run].reached;

	if (t.opts->ecmp && p->state == PROBE_UNSENT && ecmp_done(p->logical))
		return (1);
	return (reached != 0 && p->ttl > reached);
}

/*
 * Probes go out ahead of the answers, but no more than LOOKAHEAD hops
 * past the last hop that answered: the destination may be the next
 * hop, and every probe sent past it is a SYN it has to turn away, on
 * the 5-tuple of the one before.  Hops above it that stay silent for
 * twice the largest round trip seen (at least SCHED_FLOOR_MS), or were
 * given up, widen the reach as many hops again: routers that limit
 * their errors and a filter's silent tail are crossed in a few short
 * waits, and the answers of the hops beyond still come in time to show
 * the resends which silences were rate limits.
 */
static int
too_far(const struct probe *p)
{
	const struct probe *o;
	struct timespec now, stale, d;
	struct timeval tv;
	double rtt = SCHED_FLOOR_MS / 2.0;
	int first = t.runs[p->run].first, nq = t.opts->nqueries;
	int hop, l, answered, pending, silent = 0;

	if (t.opts->scan || t.opts->ecmp || beyond(p))
		return (0);
	for (l = 0; l < 256; l++)
		if (t.s.ttlrtt[l] > rtt)
			rtt = t.s.ttlrtt[l];
	mono_now(&now);
	d.tv_sec = (time_t)(2 * rtt / 1000);
	d.tv_nsec = (long)(2 * rtt * 1000000) % 1000000000L;
	timespecsub(&now, &d, &stale);
	/* This port's hops sent so far, from the highest down. */
	for (hop = (t.next_send - 1 - first) / nq;
	    t.next_send > first && hop >= 0; hop--) {
		answered = pending = 0;
		for (l = first + hop * nq; l < first + (hop + 1) * nq; l++) {
			o = current(l);
			if (l >= t.next_send)
				pending = 1;
			else if (o->state == PROBE_ANSWERED)
				answered = 1;
			else if (o->state == PROBE_SENT && t.s.slot[l] == l &&
			    timespeccmp(&o->sentmono, &stale, >))
				pending = 1;
			else if (o->state == PROBE_UNSENT && t.s.slot[l] == l)
				pending = 1;
		}
		if (answered)
			break;
		silent = pending ? 0 : silent + 1;
	}
	if (p->ttl <= t.opts->first_ttl + hop + silent +
	    (silent > LOOKAHEAD ? silent : LOOKAHEAD))
		return (0);
	/* Look again once the probes out now have been silent that long. */
	tv.tv_sec = 0;
	tv.tv_usec = (suseconds_t)(2 * rtt * 1000) + 1000;
	if (tv.tv_usec >= 1000000) {
		tv.tv_sec = tv.tv_usec / 1000000;
		tv.tv_usec %= 1000000;
	}
	if (!evtimer_pending(t.ev_horizon, NULL))
		evtimer_add(t.ev_horizon, &tv);
	return (1);
}

/*
 * --ecmp: a hop's next probe waits while those out may still settle
 * it: no more than n_k of them, k the routers seen so far.  Hops go one
 * after the other.
 */
static int
ecmp_wait(const struct probe *p)
{
	int k, n;

	if (!t.opts->ecmp || beyond(p))
		return (0);
	sched_ecmp_seen(&t.s, t.cfg->family, p->logical, &k, &n);
	return (p->q > mda_probes(k));
}

static void
send_probe(int i)
{
	struct probe *p = &t.m.probes[i];
	struct ttr_probe msg;
	char len[24] = "";

	memset(&msg, 0, sizeof(msg));
	msg.index = (uint32_t)i;
	msg.seq = p->seq;
	msg.ack = p->ack;
	msg.ipid = p->ipid;
	msg.sport = p->sport;
	msg.dport = p->dport;
	msg.ttl = p->ttl;
	/* --mtu: as long as the path is known to take, when it leaves. */
	if (t.opts->mtu)
		p->length = t.mtu;
	msg.length = p->length;
	if (imsg_compose_event(&t.iev, IMSG_PROBE, &msg, sizeof(msg)) == -1)
		err(1, "imsg_compose");

	p->state = PROBE_SENT;
	/* Provisional; the parent's and the capture's stamps refine it. */
	if (gettimeofday(&p->sent, NULL) == -1)
		err(1, "gettimeofday");
	mono_now(&p->sentmono);
	t.lastsend = p->sentmono;
	p->deadline = p->sentmono;
	ts_add_ms(&p->deadline, t.opts->waitms);
	t.s.inflight++;
	/* --mtu: how long it went. */
	if (p->length != 0)
		snprintf(len, sizeof(len), ", %u bytes", p->length);
	debug("Sent probe %d of %d for hop %d, IP ID %u, source port %u, "
	    "port %u, seq %u%s%s%s%s", p->q, t.opts->nqueries, p->ttl,
	    p->ipid, p->sport, p->dport, p->seq, t.opts->syn ? ", SYN" : "",
	    t.opts->ack ? ", ACK" : "", t.opts->ecn ? ", CWR ECE" : "", len);
}

/* Resend a silent probe?  See sched_worth_retry. */
static int
worth_retry(int logical, const struct probe *p, struct timespec *when)
{
	struct timespec now;

	mono_now(&now);
	return (sched_worth_retry(&t.s, logical, p, t.opts->ecmp &&
	    t.hopdone[logical / t.opts->nqueries], &now, when));
}

/* A silent hop's other resends are given up: see sched_give_up. */
static void
give_up_hop(int i)
{
	const struct probe *p = &t.m.probes[i];
	int n;

	n = sched_give_up(&t.s, i);
	if (t.s.hop[p->ttl].silent || n > 0)
		debug("hop %d is silent (probe %d unanswered): %d resends "
		    "given up", p->ttl, p->q, n);
}

static void
retry(int logical, const struct timespec *when)
{
	struct timespec now;
	int i = sched_plan(&t.s, logical, when);

	mono_now(&now);
	timespecsub(when, &now, &now);
	debug("retry: hop %d probe %d as attempt %d in %lld ms",
	    t.m.probes[i].ttl, t.m.probes[i].q, i, now.tv_sec < 0 ? 0LL :
	    (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000);
}

/*
 * The earliest time the next probe may leave: -z, and never closer than
 * SCHED_GAP_US to the last, so that a flight is no burst to queue on a
 * link (see sched.c).
 */
static void
next_send_at(struct timespec *ts)
{
	*ts = t.lastsend;
	ts_add_us(ts, t.opts->sendwait > SCHED_GAP_US ? t.opts->sendwait :
	    SCHED_GAP_US);
}

/* Give up on probes whose wait is over; arm the timer for the next. */
static void
expire(void)
{
	struct timespec now, next = { 0, 0 }, dl, when;
	struct timeval tv;
	struct probe *p;
	int l, have = 0;

	mono_now(&now);
	for (l = t.next_print; l < t.next_send; l++) {
		p = current(l);
		if (p->state == PROBE_UNSENT) {
			/* A due resend goes as soon as the window allows. */
			if (beyond(p) ||
			    timespeccmp(&p->notbefore, &now, <=))
				continue;
			dl = p->notbefore;
		} else if (p->state == PROBE_SENT && !p->left) {
			continue;	/* still with the parent: see handle_sent */
		} else if (p->state == PROBE_SENT) {
			sched_deadline_of(&t.s, p, t.runs[p->run].reached, &dl);
			if (timespeccmp(&dl, &now, >)) {
				/* The window may move on sooner. */
				when = dl;
				if (t.next_send < t.s.nlogical &&
				    !sched_stale(&t.s, p, &now, &when) &&
				    timespeccmp(&when, &dl, <))
					dl = when;
			} else {
				p->state = PROBE_EXPIRED;
				t.s.inflight--;
				debug("timeout: hop %d probe %d", p->ttl, p->q);
				if (worth_retry(l, p, &when)) {
					retry(l, &when);
					dl = when;
				} else {
					give_up_hop(t.s.slot[l]);
					continue;
				}
			}
		} else
			continue;
		if (!have || timespeccmp(&dl, &next, <)) {
			next = dl;
			have = 1;
		}
	}
	if (t.next_send < t.s.nlogical &&
	    sched_window(&t.s, &now) < t.opts->squeries) {
		next_send_at(&dl);
		if (!have || timespeccmp(&dl, &next, <)) {
			next = dl;
			have = 1;
		}
	}
	if (t.settled.tv_sec != 0) {
		dl = t.settled;
		ts_add_ms(&dl, NAME_GRACE_MS);
		if (!have || timespeccmp(&dl, &next, <)) {
			next = dl;
			have = 1;
		}
	}
	if (!have) {
		evtimer_del(t.ev_timer);
		return;
	}
	if (timespeccmp(&next, &now, <))
		next = now;
	timespecsub(&next, &now, &next);
	tv.tv_sec = next.tv_sec;
	tv.tv_usec = next.tv_nsec / 1000 + 1;
	evtimer_add(t.ev_timer, &tv);
}

static int
needs_name(const union ttr_addr *a)
{
	if (t.opts->numeric == 1)
		return (0);
	if (t.opts->numeric == 0 && addr_is_private(t.cfg->family, a))
		return (0);
	return (1);
}

/* Is every probe that will be printed answered or given up? */
static int
all_final(void)
{
	const struct probe *p;
	int l;

	for (l = t.next_print; l < t.s.nlogical; l++) {
		p = current(l);
		if (beyond(p))
			continue;
		if (p->state != PROBE_ANSWERED && p->state != PROBE_EXPIRED)
			return (0);
	}
	return (1);
}

/*
 * Waiting for a name costs nothing while probes are still out.  Once
 * the last one is settled, names get NAME_GRACE_MS more; a name that
 * comes later is left out and the address printed alone, so that a slow
 * name server delays the output by that much at most.
 */
static int
names_overdue(void)
{
	struct timespec now, due;

	if (!all_final())
		return (0);
	mono_now(&now);
	if (t.settled.tv_sec == 0) {
		t.settled = now;
		expire();
		return (0);
	}
	due = t.settled;
	ts_add_ms(&due, NAME_GRACE_MS);
	if (timespeccmp(&now, &due, <))
		return (0);
	debug("no name yet for hop %d; printing the address",
	    current(t.next_print)->ttl);
	return (1);
}

/* The line 1.5 prints before a trace, for each port's. */
static void
run_header(int r)
{
	int longer;

	/* The length, when longer than a bare probe. */
	longer = t.cfg->length > (t.cfg->method == METHOD_TCP ?
	    (t.cfg->family == AF_INET ? 40 + probe_ipoptlen(t.cfg) : 60) :
	    probe_minlen(t.cfg));
	fflush(stdout);
	output_header(stderr, t.opts, t.cfg, t.nruns, t.runs[r].dport,
	    t.services != NULL ? t.services[r] : NULL, longer);
	fflush(stderr);
}

/* A port's trace begins: its header, or a blank line between them. */
static void
run_start(int r)
{
	t.printrun = r;
	t.shownmtu = 0;
	/* -j: a document a port. */
	if (t.opts->json) {
		json_start(&t.json, t.opts, t.cfg, t.runs[r].dport,
		    time(NULL));
		return;
	}
	if (t.opts->scan)
		return;
	if (t.opts->condensed) {
		/* tracetcp: a blank line between ports of several hops. */
		if (r > 0 && t.opts->max_ttl > t.opts->first_ttl)
			fputc('\n', stdout);
		memset(&t.cond, 0, sizeof(t.cond));
		/* An echo has no port: [address]. */
		report_prefix(t.cond.prefix, sizeof(t.cond.prefix),
		    t.cfg->family, &t.cfg->dst, t.cfg->method == METHOD_ICMP ?
		    0 : t.runs[r].dport);
		return;
	}
	if (r > 0) {
		fputc('\n', stdout);
		run_header(r);
	}
	output_init(&t.out, t.cfg->family, t.opts->nqueries);
}

/* A port's trace is printed: what it came to. */
static void
run_end(int r)
{
	struct port_result *pr = &t.results[r];
	const struct probe *p, *fin = NULL;
	int l;

	memset(pr, 0, sizeof(*pr));
	pr->port = t.runs[r].dport;
	pr->firstttl = t.opts->first_ttl;
	for (l = t.runs[r].first; l < t.runs[r].first + t.perrun; l++) {
		p = current(l);
		if (p->state != PROBE_ANSWERED || beyond(p))
			continue;
		if (p->ttl >= pr->lastttl) {
			pr->lastttl = p->ttl;
			pr->lastaddr = p->from;
		}
		if (probe_ends_trace(p) && fin == NULL)
			fin = p;
	}
	if (fin != NULL) {
		pr->reached = fin->ttl;
		pr->from = fin->from;
		pr->dest = fin->kind == REPLY_TCP || fin->kind == REPLY_ECHO ||
		    hop_port_unreach(t.cfg, fin);
		pr->rejected = !pr->dest &&
		    !addr_eq(t.cfg->family, &fin->from, &t.cfg->dst);
		pr->tcpflags = fin->tcpflags;
		pr->rttl = fin->rttl;
		pr->win = fin->win;
		pr->icmp_type = fin->icmp_type;
		pr->icmp_code = fin->icmp_code;
		pr->rtt = probe_rtt(fin);
	}
	if (t.opts->json) {
		if (json_end(&t.json, pr->reached != 0, time(NULL),
		    stdout) == -1)
			err(1, "stdout");
	} else if (t.opts->scan)
		report_scan(pr, t.cfg->family, &t.cfg->dst, stdout);
	fflush(stdout);
}

/* Everything is printed: compare the ports, and say how it ended. */
static void
done(void)
{
	int r, reached = 0;

	for (r = 0; r < t.nruns; r++)
		reached += t.results[r].reached != 0;
	/* -j: nothing on standard output but the documents. */
	if (t.nruns > 1 && !t.opts->scan && !t.opts->json &&
	    (t.opts->findblock || t.opts->proxy)) {
		/* A blank line after the traces, if anything is to be said. */
		if ((!t.opts->condensed || t.opts->max_ttl >
		    t.opts->first_ttl) && report_compare(t.results, t.nruns,
		    t.cfg->family, t.opts->findblock, t.opts->proxy, NULL) > 0)
			fputc('\n', stdout);
		report_compare(t.results, t.nruns, t.cfg->family,
		    t.opts->findblock, t.opts->proxy, stdout);
	}
	if (t.opts->scan && !t.opts->json)
		report_scan_summary(t.results, t.nruns, stdout);
	if (t.opts->scan) {
		finish(0);
		return;
	}
	if (reached == 0)
		fprintf(stderr, "Destination not reached\n");
	finish(reached != 0 ? 0 : 1);
}

/* Print every probe that is known, in order; 0 while more is to come. */
static int
print_ready(void)
{
	struct hop_result hr;
	struct probe *p;
	const char *name, *as;

	while (t.next_print < t.s.nlogical) {
		p = current(t.next_print);
		if (p->run != t.printrun) {
			run_end(t.printrun);
			run_start(p->run);
		}
		if (beyond(p)) {
			p->printed = 1;
			t.next_print++;
			if (t.opts->ecmp && p->q == t.opts->nqueries &&
			    !t.opts->json)
				mda_hop_print(&t.hop, stdout);
			continue;
		}
		if (p->state != PROBE_ANSWERED && p->state != PROBE_EXPIRED)
			return (0);
		name = as = NULL;
		if (p->state == PROBE_ANSWERED) {
			if (!t.opts->scan && needs_name(&p->from) &&
			    !resolve_get(t.cfg->family, &p->from, &name) &&
			    !names_overdue())
				return (0);
			/* --as-path-lookups: the same grace as names. */
			if (t.opts->asn && !resolve_asn_get(t.cfg->family,
			    &p->from, &as) && !names_overdue())
				return (0);
		}
		hop_result(t.opts, t.cfg, p, name, as, &t.shownmtu, &hr);
		if (t.opts->json)
			json_probe(&t.json, &hr, p);
		else if (t.opts->ecmp) {
			/* A line a hop, once its last probe is known. */
			mda_hop_add(&t.hop, &hr);
			if (p->q == t.opts->nqueries)
				mda_hop_print(&t.hop, stdout);
		} else if (t.opts->condensed && !t.opts->scan)
			report_condensed(&t.cond, &hr, t.opts->nqueries,
			    stdout);
		else if (!t.opts->scan)
			output_probe(&t.out, &hr, stdout);
		p->printed = 1;
		t.next_print++;
	}
	if (t.printrun < t.nruns) {
		run_end(t.printrun);
		t.printrun = t.nruns;
	}
	return (1);
}

static int
may_send(const struct timespec *now)
{
	struct timespec next;

	if (sched_window(&t.s, now) >= t.opts->squeries)
		return (0);
	if (t.lastsend.tv_sec == 0)
		return (1);
	next_send_at(&next);
	return (timespeccmp(&next, now, <=));
}

static void
progress(void)
{
	struct timespec now;
	struct probe *p;
	int l, again;

	do {
		mono_now(&now);
		/* Resends that are due first: they hold up the output. */
		for (l = t.next_print; l < t.next_send && may_send(&now); l++) {
			p = current(l);
			if (p->state == PROBE_UNSENT &&
			    timespeccmp(&p->notbefore, &now, <=) &&
			    !beyond(p))
				send_probe(t.s.slot[l]);
		}
		while (t.next_send < t.s.nlogical && may_send(&now)) {
			if (ecmp_wait(current(t.next_send)) ||
			    too_far(current(t.next_send)))
				break;
			p = current(t.next_send++);
			if (!beyond(p))
				send_probe(t.s.slot[t.next_send - 1]);
		}
		again = t.s.inflight;
		expire();
		/* Expiring may have freed room in the window. */
		again = t.s.inflight < again;
	} while (again);

	if (print_ready())
		done();
	stdout_check();
}

/*
 * --mtu: our own kernel would not send probe i, longer than the MTU of
 * the device the route takes (not always the one the source address is
 * on).  It names no MTU: the next smaller guess, as for a router that
 * names none.
 */
static int
sent_toobig(uint32_t i)
{
	struct probe *p = &t.m.probes[i];
	struct reply r;

	if (p->state != PROBE_SENT || t.s.slot[p->logical] != (int)i)
		return (0);
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_TOOBIG;
	r.icmp_type = t.cfg->family == AF_INET ? ICMP_UNREACH :
	    ICMP6_PACKET_TOO_BIG;
	r.icmp_code = t.cfg->family == AF_INET ? ICMP_UNREACH_NEEDFRAG : 0;
	t.s.inflight--;
	if (toobig((int)i, &r))
		return (1);
	t.s.inflight++;
	return (0);
}

/*
 * The kernel would not send probe i: a local firewall's EPERM, ENOBUFS,
 * no route.  As in OpenBSD's traceroute the probe goes unanswered and
 * the trace goes on; an error is said once, not for every probe.
 */
static void
send_failed(uint32_t i, int error)
{
	struct probe *p = &t.m.probes[i];

	if (error != t.senderr) {
		t.senderr = error;
		errno = error;
		warn("sendto");
	}
	if (p->state == PROBE_SENT) {
		p->state = PROBE_EXPIRED;
		t.s.inflight--;
		debug("hop %d probe %d not sent", p->ttl, p->q);
	}
}

static void
handle_sent(struct imsg *imsg)
{
	struct ttr_sent s;
	struct probe *p;

	if (imsg_get_data(imsg, &s, sizeof(s)) == -1)
		errx(1, "bad IMSG_SENT");
	if (s.index >= (uint32_t)t.s.nattempts)
		errx(1, "IMSG_SENT for unknown probe");
	if (s.error == EMSGSIZE && t.opts->mtu && sent_toobig(s.index))
		return;
	if (s.error != 0) {
		send_failed(s.index, s.error);
		return;
	}
	p = &t.m.probes[s.index];
	if (!p->sent_captured && p->state != PROBE_UNSENT) {
		p->sent.tv_sec = (time_t)s.sec;
		p->sent.tv_usec = (suseconds_t)s.usec;
	}
	/*
	 * Its wait starts now: a probe the parent held back to pace a
	 * user's probes was not out there to be answered.
	 */
	if (p->state != PROBE_UNSENT && !p->left) {
		p->left = 1;
		mono_now(&p->sentmono);
		if (timespeccmp(&p->sentmono, &t.lastsend, >))
			t.lastsend = p->sentmono;
	}
}

static void
handle_capture(struct imsg *imsg)
{
	struct ttr_capture c;
	struct reply r;
	struct timeval ts;
	struct probe *p;
	struct run *run;
	struct ibuf ib;
	uint8_t *pkt;
	size_t len;
	int i;

	if (imsg_get_ibuf(imsg, &ib) == -1 ||
	    ibuf_get(&ib, &c, sizeof(c)) == -1)
		errx(1, "bad IMSG_CAPTURE");
	len = ibuf_size(&ib);
	if (len != c.caplen || len > TTR_SNAPLEN)
		errx(1, "bad IMSG_CAPTURE length");
	pkt = ibuf_data(&ib);
	if (c.dropped > t.dropped) {
		debug("%u captures dropped: the queue to us was full",
		    c.dropped - t.dropped);
		t.dropped = c.dropped;
	}
	if (reply_parse(t.dlt, pkt, len, &r) == -1) {
		if (t.opts->foreign)
			debug("ignoring %zu byte packet: not a reply", len);
		return;
	}
	ts.tv_sec = (time_t)c.sec;
	ts.tv_usec = (suseconds_t)c.usec;

	if ((i = match_outgoing(&t.m, &r)) != -1) {
		p = &t.m.probes[i];
		if (p->state == PROBE_SENT && !p->sent_captured) {
			p->sent = ts;
			p->sent_captured = 1;
		}
		return;
	}
	if ((i = match_reply(&t.m, &r, &ts)) == -1) {
		if (t.opts->foreign)
			debug("ignoring reply: %s", t.m.why);
		return;
	}
	p = &t.m.probes[i];
	switch (sched_credit(&t.s, i)) {
	case SCHED_LATE:
		debug("late reply for hop %d probe %d credited", p->ttl,
		    p->q);
		break;
	case SCHED_SUPERSEDED:
		debug("reply to a superseded attempt for hop %d", p->ttl);
		return;
	case SCHED_CREDITED:
		break;
	}
	debug("reply for hop %d probe %d (kind %d type %u code %u flags "
	    "0x%02x)", p->ttl, p->q, p->kind, p->icmp_type, p->icmp_code,
	    p->tcpflags);
	if (t.opts->mtu && toobig(i, &r))
		return;
	if (p->kind == REPLY_TCP && collision(i, &ts))
		return;
	sched_answered(&t.s, p);
	run = &t.runs[p->run];
	if (probe_ends_trace(p) && (run->reached == 0 ||
	    p->ttl < run->reached))
		run->reached = p->ttl;
	if (!t.opts->scan && needs_name(&p->from))
		resolve_start(t.cfg->family, &p->from);
	if (t.opts->asn)
		resolve_asn_start(t.cfg->family, &p->from, t.opts->aszone);
}

/*
 * A TCP answer that is a collision at the destination (see
 * sched_collision) is not credited: the probe goes again.
 */
static int
collision(int i, const struct timeval *ts)
{
	struct probe *p = &t.m.probes[i];
	struct run *run = &t.runs[p->run];
	struct timespec when;

	if (p->tcpflags & TTR_SYN && !(p->tcpflags & TTR_RST)) {
		run->synack = *ts;
		return (0);
	}
	if (!sched_collision(&t.s, p, &run->synack))
		return (0);
	debug("RST for hop %d probe %d after a SYN|ACK: a collision, "
	    "sending again", p->ttl, p->q);
	/*
	 * At once: from a spare port it is a connection of its own; from
	 * the same port, our kernel's RST left when the SYN|ACK came,
	 * before this RST did, and travels the same path as the resend:
	 * it reaches the destination first and clears the way.
	 */
	p->state = PROBE_EXPIRED;
	mono_now(&when);
	retry(p->logical, &when);
	/* From a spare port, where nothing waits to meet it. */
	if (t.cfg->nrports > 0)
		current(p->logical)->sport =
		    t.cfg->rports[t.nextrport++ % t.cfg->nrports];
	return (1);
}

/*
 * --mtu: a router found probe i too long for the next link.  That is
 * not the hop's answer: later probes go as long as it said, and this
 * one goes again at once, that long (see sched_toobig).
 */
static int
toobig(int i, const struct reply *r)
{
	struct probe *p = &t.m.probes[i], *np;
	struct timespec now;

	if (!sched_toobig(&t.s, p, r, &t.mtu))
		return (0);
	debug("hop %d probe %d: %u bytes too big, sending %u", p->ttl, p->q,
	    p->length, t.mtu);
	p->state = PROBE_EXPIRED;
	mono_now(&now);
	retry(p->logical, &now);
	np = current(p->logical);
	np->toobig = p->toobig + 1;
	return (1);
}

static void
trace_dispatch_parent(int fd, short event, void *arg)
{
	struct imsg imsg;
	ssize_t n;

	if (event & EV_WRITE)
		imsg_flush();
	if (event & EV_READ) {
		if ((n = imsgbuf_read(t.ibuf)) == -1 && errno != ECONNRESET)
			err(1, "imsg read");
		/*
		 * The parent has said why it ended, if it could; or it was
		 * told to stop (a signal): end the output as for ours.
		 */
		if (n <= 0) {
			interrupted(0, 0, NULL);
			return;
		}
		for (;;) {
			if ((n = imsg_get(t.ibuf, &imsg)) == -1)
				err(1, "imsg_get");
			if (n == 0)
				break;
			switch (imsg_get_type(&imsg)) {
			case IMSG_SENT:
				handle_sent(&imsg);
				break;
			case IMSG_CAPTURE:
				handle_capture(&imsg);
				break;
			default:
				errx(1, "unexpected imsg %u",
				    imsg_get_type(&imsg));
			}
			imsg_free(&imsg);
		}
		if (t.status == -1)
			progress();
	}
	imsg_event_add(&t.iev);
}

static void
timer_fired(int fd, short event, void *arg)
{
	if (t.status == -1)
		progress();
}

/* resolve.c calls this whenever a name arrives. */
void
trace_names_ready(void *arg)
{
	if (t.status == -1 && print_ready())
		done();
	stdout_check();
}

/*
 * SIGINT, SIGTERM, SIGHUP, or the parent gone (it ends us so when it
 * gets one of those alone): stop at once, and once the output is
 * whole, die by the signal (trace_run), as a shell expects of a tool
 * it interrupted.
 */
static void
interrupted(int sig, short event, void *arg)
{
	if (t.status != -1)
		return;
	t.signo = sig;
	/* End the line in progress, so the shell prompt starts clean. */
	if (t.out.lastttl != 0 && t.next_print % t.opts->nqueries != 0)
		fputc('\n', stdout);
	/* --ecmp: the routers of the hop in progress, as far as known. */
	if (t.opts->ecmp && !t.opts->json)
		mda_hop_print(&t.hop, stdout);
	fflush(stdout);
	finish(1);
}

int
trace_run(struct event_base *base, struct imsgbuf *ibuf,
    const struct options *opts, const struct ttr_config *cfg, int dlt,
    const char * const *services)
{
	struct timespec t0;
	int i, r, port;

	memset(&t, 0, sizeof(t));
	t.base = base;
	t.ibuf = ibuf;
	t.opts = opts;
	t.cfg = cfg;
	t.dlt = dlt;
	t.status = -1;

	t.m.family = cfg->family;
	t.m.src = cfg->src;
	t.m.dst = cfg->dst;
	t.m.dport = cfg->dport;
	t.m.tcpflags = cfg->tcpflags;
	t.m.payload = (uint16_t)(cfg->length - probe_minlen(cfg));
	t.m.length = cfg->length;
	t.m.method = cfg->method;
	t.m.ngw = cfg->ngw;
	for (i = 0; i < cfg->ngw; i++)
		t.m.gw[i].v4 = cfg->gw[i];
	t.mtu = cfg->length;
	t.m.track = opts->track;
	t.m.dnat = opts->dnat;
	t.m.isn = arc4random();
	t.m.ackbase = arc4random();
	t.m.maxwaitms = opts->waitms;
	/* Each port's trace in turn, port after port in the window. */
	t.nruns = cfg->nports > 1 ? cfg->nports : 1;
	t.perrun = (opts->max_ttl - opts->first_ttl + 1) * opts->nqueries;
	t.s.nlogical = t.perrun * t.nruns;
	/* Room for resends; the parent holds us to cfg->maxprobes. */
	t.m.nprobes = (int)cfg->maxprobes;
	if (t.m.nprobes < t.s.nlogical)
		errx(1, "configuration allows too few probes");
	if ((t.m.probes = calloc(t.m.nprobes, sizeof(*t.m.probes))) == NULL ||
	    (t.s.slot = calloc(t.s.nlogical, sizeof(*t.s.slot))) == NULL ||
	    (t.runs = calloc(t.nruns, sizeof(*t.runs))) == NULL ||
	    (t.results = calloc(t.nruns, sizeof(*t.results))) == NULL ||
	    (t.hopdone = calloc(t.s.nlogical / opts->nqueries, 1)) == NULL)
		err(1, NULL);
	port = cfg->dport;
	for (r = 0; r < t.nruns; r++) {
		t.runs[r].dport = (uint16_t)port;
		t.runs[r].first = r * t.perrun;
		if (cfg->nports > 1)
			port = ports_next(cfg->dports, port);
	}
	t.services = services;
	t.s.opts = opts;
	t.s.m = &t.m;
	t.s.sport = cfg->sport;
	t.s.nsport = cfg->nsport;
	t.s.idbase = (uint16_t)arc4random();
	for (i = 0; i < t.s.nlogical; i++) {
		r = i / t.perrun;
		match_plan(&t.m, i, t.s.idbase, cfg->sport, cfg->nsport,
		    opts->first_ttl, opts->nqueries);
		/* match_plan counts TTLs from the first port's probes. */
		t.m.probes[i].ttl = (uint8_t)(opts->first_ttl +
		    (i - t.runs[r].first) / opts->nqueries);
		t.m.probes[i].dport = t.runs[r].dport;
		t.m.probes[i].run = r;
		t.m.probes[i].logical = i;
		t.s.slot[i] = i;
	}
	t.s.nattempts = t.s.nlogical;
	mono_now(&t0);
	sched_start(&t.s, &t0);
	run_header(0);
	run_start(0);

	if (imsg_event_init(&t.iev, base, ibuf, trace_dispatch_parent,
	    NULL) == -1 ||
	    (t.ev_timer = evtimer_new(base, timer_fired, NULL)) == NULL ||
	    (t.ev_horizon = evtimer_new(base, timer_fired, NULL)) == NULL ||
	    (t.ev_sigint = evsignal_new(base, SIGINT, interrupted,
	    NULL)) == NULL ||
	    (t.ev_sigterm = evsignal_new(base, SIGTERM, interrupted,
	    NULL)) == NULL ||
	    (t.ev_sighup = evsignal_new(base, SIGHUP, interrupted,
	    NULL)) == NULL)
		errx(1, "event_new");
	/* Ignored when we started (nohup, a script's "&"): left so. */
	if (!sig_ignored(SIGINT))
		event_add(t.ev_sigint, NULL);
	if (!sig_ignored(SIGTERM))
		event_add(t.ev_sigterm, NULL);
	if (!sig_ignored(SIGHUP))
		event_add(t.ev_sighup, NULL);
	stdout_watch(base);

	progress();
	if (t.status == -1)
		event_base_dispatch(base);
	/* Interrupted: the document of the port in progress, as it is. */
	if (opts->json && t.json.doc != NULL && json_end(&t.json,
	    t.runs[t.printrun < t.nruns ? t.printrun : 0].reached != 0,
	    time(NULL), stdout) == -1)
		err(1, "stdout");
	fflush(stdout);
	if (t.signo != 0) {
		signal(t.signo, SIG_DFL);
		raise(t.signo);
	}
	return (t.status == -1 ? 1 : t.status);
}
