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
	struct event			*ev_imsg;
	struct event			*ev_timer;
	struct event			*ev_sigint;
	struct event			*ev_sigterm;
	const struct options		*opts;
	const struct ttr_config		*cfg;
	int				 dlt;
	struct match_ctx		 m;	/* m.probes: every attempt */
	struct output			 out;
	struct json			 json;	/* -j */
	int				*slot;	/* logical probe -> attempt */
	int				 nlogical;
	int				 nattempts;	/* planned so far */
	int				 next_send;	/* logical */
	int				 next_print;	/* logical */
	int				 inflight;
	struct run			*runs;
	int				 nruns;
	int				 perrun;	/* logical probes a port */
	int				 printrun;	/* run being printed */
	struct port_result		*results;
	struct condensed		 cond;
	const char * const		*services;
	double				 ttlrtt[256];	/* largest RTT a hop */
	struct timespec			 ttllast[256];	/* last answered */
	uint16_t			 idbase;
	int				 ratelimited;	/* seen in this run */
	struct timespec			 settled;	/* last probe settled */
	int				 nextrport;
	struct timespec			 lastsend;
	uint16_t			 mtu;	/* --mtu: probes this long */
	uint16_t			 shownmtu;	/* last F= printed */
	int				 status;	/* -1 running */
	int				 senderr;	/* last said, 0: none */
	uint8_t				*hopdone;	/* --ecmp, a hop a run */
	struct mda_hop			 hop;		/* --ecmp: its line */
};

static struct trace t;

#define NAME_GRACE_MS	250	/* names wait this long past the last probe */

static void	 progress(void);
static void	 expire(void);
static int	 collision(int, const struct timeval *);
static int	 toobig(int, const struct reply *);
static void	 done(void);

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

static double
rtt_ms(const struct probe *p)
{
	return ((double)(p->recv.tv_sec - p->sent.tv_sec) * 1000.0 +
	    (double)(p->recv.tv_usec - p->sent.tv_usec) / 1000.0);
}

static void
imsg_flush_event(void)
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
	return (&t.m.probes[t.slot[logical]]);
}

/* -U: the destination's port unreachable, the UDP probe's arrival. */
static int
port_unreach(const struct probe *p)
{
	return (t.cfg->method == METHOD_UDP && p->kind == REPLY_UNREACH &&
	    addr_eq(t.cfg->family, &p->from, &t.cfg->dst) &&
	    p->icmp_code == (t.cfg->family == AF_INET ? ICMP_UNREACH_PORT :
	    ICMP6_DST_UNREACH_NOPORT));
}

/*
 * --ecmp: what the hop of logical probe l has found so far, the
 * distinct routers that answered (k) and the probes settled (n).
 */
static void
ecmp_seen(int l, int *k, int *n)
{
	const struct probe *p, *o;
	int first = l - l % t.opts->nqueries, i, j;

	*k = *n = 0;
	for (i = first; i < first + t.opts->nqueries; i++) {
		p = current(i);
		if (p->state == PROBE_EXPIRED)
			(*n)++;
		if (p->state != PROBE_ANSWERED)
			continue;
		(*n)++;
		for (j = first; j < i; j++) {
			o = current(j);
			if (o->state == PROBE_ANSWERED &&
			    addr_eq(t.cfg->family, &o->from, &p->from))
				break;
		}
		*k += j == i;
	}
}

/* --ecmp: has the hop of logical probe l enough?  Once it has, it has. */
static int
ecmp_done(int l)
{
	int g = l / t.opts->nqueries, k, n;

	if (!t.hopdone[g]) {
		ecmp_seen(l, &k, &n);
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
	ecmp_seen(p->logical, &k, &n);
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
	if (imsg_compose(t.ibuf, IMSG_PROBE, 0, 0, -1, &msg,
	    sizeof(msg)) == -1)
		err(1, "imsg_compose");
	imsg_flush_event();

	p->state = PROBE_SENT;
	/* Provisional; the parent's and the capture's stamps refine it. */
	if (gettimeofday(&p->sent, NULL) == -1)
		err(1, "gettimeofday");
	mono_now(&p->sentmono);
	t.lastsend = p->sentmono;
	p->deadline = p->sentmono;
	ts_add_ms(&p->deadline, t.opts->waitms);
	t.inflight++;
	/* --mtu: how long it went. */
	if (p->length != 0)
		snprintf(len, sizeof(len), ", %u bytes", p->length);
	debug("Sent probe %d of %d for hop %d, IP ID %u, source port %u, "
	    "port %u, seq %u%s%s%s%s", p->q, t.opts->nqueries, p->ttl,
	    p->ipid, p->sport, p->dport, p->seq, t.opts->syn ? ", SYN" : "",
	    t.opts->ack ? ", ACK" : "", t.opts->ecn ? ", CWR ECE" : "", len);
}

/*
 * The largest RTT among the answers from hop ttl, 0 if none.  The hop
 * is the same router whichever port a probe was for.
 */
static double
hop_rtt(int ttl)
{
	return (t.ttlrtt[ttl]);
}

/* Note an answer for the adaptive waits and the resend rules. */
static void
hop_answered(const struct probe *p)
{
	double rtt = rtt_ms(p);

	if (rtt > t.ttlrtt[p->ttl])
		t.ttlrtt[p->ttl] = rtt;
	if (timespeccmp(&p->sentmono, &t.ttllast[p->ttl], >))
		t.ttllast[p->ttl] = p->sentmono;
}

/* The RTT of the nearest hop after ttl, up to last, that answered. */
static double
next_hop_rtt(int ttl, int last)
{
	double rtt;

	while (++ttl <= last)
		if ((rtt = hop_rtt(ttl)) > 0.0)
			return (rtt);
	return (0.0);
}

/* When a sent probe is given up: see sched_deadline. */
static void
deadline_of(const struct probe *p, struct timespec *dl)
{
	double here = 0.0, near = 0.0;
	int last;

	if (t.opts->adaptive) {
		last = t.runs[p->run].reached != 0 ? t.runs[p->run].reached :
		    t.opts->max_ttl;
		here = hop_rtt(p->ttl);
		near = next_hop_rtt(p->ttl, last);
	}
	sched_deadline(t.opts, &p->sentmono, here, near, dl);
}

/* Has any probe to hop ttl, for any port, been answered? */
static int
hop_heard(int ttl)
{
	return (t.ttllast[ttl].tv_sec != 0 || t.ttllast[ttl].tv_nsec != 0);
}

/* Hops before the destination that answered no probe at all. */
static int
silent_hops(int reached)
{
	int ttl, n = 0;

	for (ttl = t.opts->first_ttl; ttl < reached; ttl++)
		n += !hop_heard(ttl);
	return (n);
}

/* How often a probe has been planned again. */
static int
resends_of(int logical)
{
	int i, n = 0;

	for (i = t.nlogical; i < t.nattempts; i++)
		if (t.m.probes[i].logical == logical)
			n++;
	return (n);
}

/* Resends already planned for a hop and not yet answered or given up. */
static int
pending_resends(int ttl)
{
	const struct probe *p;
	int i, n = 0;

	for (i = t.nlogical; i < t.nattempts; i++) {
		p = &t.m.probes[i];
		if (p->ttl == ttl && (p->state == PROBE_UNSENT ||
		    p->state == PROBE_SENT))
			n++;
	}
	return (n);
}

/* Resend a silent probe?  See sched_retry. */
static int
worth_retry(int logical, const struct probe *p, struct timespec *when)
{
	struct timespec last;
	int tries = 0, answered = 0, reached = t.runs[p->run].reached;

	/* --ecmp: a hop that has enough needs no resend. */
	if (t.opts->ecmp && t.hopdone[logical / t.opts->nqueries])
		return (0);
	last = t.ttllast[p->ttl];
	answered = hop_heard(p->ttl);
	tries = resends_of(logical);
	/*
	 * --scan: a destination that did not answer one probe gets a
	 * second at once (a SYN or its answer lost), as nmap does; no ICMP
	 * rate limit is in play.
	 */
	if (t.opts->scan) {
		if (tries >= 1 || tries >= t.opts->retries ||
		    t.nattempts >= t.m.nprobes)
			return (0);
		mono_now(when);
		return (1);
	}
	/*
	 * A hop that answered nothing looks firewalled, unless this run
	 * shows empty token buckets: a router that answered some probes and
	 * not others, or several silent hops before a destination that
	 * answered.  Then one resend tells.
	 */
	if (!answered && tries == 0 && (t.ratelimited ||
	    (reached != 0 && silent_hops(reached) >= 2))) {
		mono_now(&last);
		answered = 1;
	}
	if (!sched_retry(t.opts, answered, tries, t.m.nprobes - t.nattempts,
	    &last, when))
		return (0);
	/* One token a second: a hop's resends go a second apart. */
	ts_add_ms(when, (long)pending_resends(p->ttl) * SCHED_RETRY_MS);
	t.ratelimited = 1;
	return (1);
}

/*
 * A resend to a hop that never answered went unanswered too: the hop is
 * silent, not rate limited, and its other resends, still waiting for
 * their token a second apart, are given up with it.
 */
static void
give_up_hop(int i)
{
	struct probe *p = &t.m.probes[i], *o;
	int j;

	if (i < t.nlogical || hop_heard(p->ttl))
		return;
	for (j = t.nlogical; j < t.nattempts; j++) {
		o = &t.m.probes[j];
		if (o->ttl == p->ttl && o->state == PROBE_UNSENT) {
			o->state = PROBE_EXPIRED;
			debug("hop %d is silent: resend of probe %d given up",
			    o->ttl, o->q);
		}
	}
}

static void
retry(int logical, const struct timespec *when)
{
	struct probe *old = current(logical), *p;
	int i = t.nattempts++;

	match_plan(&t.m, i, t.idbase, t.cfg->sport, t.cfg->nsport,
	    old->ttl, 1);
	p = &t.m.probes[i];
	p->ttl = old->ttl;
	p->q = old->q;
	p->dport = old->dport;
	p->run = old->run;
	p->logical = logical;
	p->notbefore = *when;
	/* --ecmp: the same flow, so the same path. */
	if (t.opts->ecmp)
		p->sport = old->sport;
	t.slot[logical] = i;
	debug("retry: hop %d probe %d as attempt %d", p->ttl, p->q, i);
}

/* -z: the earliest time the next probe may leave. */
static void
next_send_at(struct timespec *ts)
{
	*ts = t.lastsend;
	ts_add_us(ts, t.opts->sendwait);
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
			deadline_of(p, &dl);
			if (timespeccmp(&dl, &now, <=)) {
				p->state = PROBE_EXPIRED;
				t.inflight--;
				debug("timeout: hop %d probe %d", p->ttl, p->q);
				if (worth_retry(l, p, &when)) {
					retry(l, &when);
					dl = when;
				} else {
					give_up_hop(t.slot[l]);
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
	if (t.opts->sendwait > 0 && t.next_send < t.nlogical) {
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

	for (l = t.next_print; l < t.nlogical; l++) {
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
	char addr[INET6_ADDRSTRLEN];
	const char *svc = t.services != NULL ? t.services[r] : NULL;

	addr_ntop(t.cfg->family, &t.cfg->dst, addr, sizeof(addr));
	fflush(stdout);
	fprintf(stderr, "Tracing the path to %s", t.opts->host);
	if (strcmp(t.opts->host, addr) != 0)
		fprintf(stderr, " (%s)", addr);
	if (t.opts->scan)
		fprintf(stderr, " on %d TCP port%s at TTL %d", t.nruns,
		    t.nruns > 1 ? "s" : "", t.opts->max_ttl);
	else if (t.nruns > 1 && t.opts->condensed)
		fprintf(stderr, " on %d TCP ports, %d hops max", t.nruns,
		    t.opts->max_ttl);
	else if (t.cfg->method == METHOD_ICMP)
		fprintf(stderr, " on ICMP, %d hops max", t.opts->max_ttl);
	else {
		fprintf(stderr, " on %s port %u", t.cfg->method == METHOD_UDP ?
		    "UDP" : "TCP", t.runs[r].dport);
		if (svc != NULL && svc[0] != '\0')
			fprintf(stderr, " (%s)", svc);
		fprintf(stderr, ", %d hops max", t.opts->max_ttl);
	}
	if (t.cfg->length > (t.cfg->method == METHOD_TCP ?
	    (t.cfg->family == AF_INET ? 40 + probe_ipoptlen(t.cfg) : 60) :
	    probe_minlen(t.cfg)))
		fprintf(stderr, ", %u byte packets", t.cfg->length);
	fprintf(stderr, "\n");
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
		    port_unreach(fin);
		pr->rejected = !pr->dest &&
		    !addr_eq(t.cfg->family, &fin->from, &t.cfg->dst);
		pr->tcpflags = fin->tcpflags;
		pr->rttl = fin->rttl;
		pr->win = fin->win;
		pr->icmp_type = fin->icmp_type;
		pr->icmp_code = fin->icmp_code;
		pr->rtt = rtt_ms(fin);
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

	while (t.next_print < t.nlogical) {
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
		memset(&hr, 0, sizeof(hr));
		hr.ttl = p->ttl;
		hr.q = p->q;
		hr.family = t.cfg->family;
		if (p->state == PROBE_ANSWERED) {
			name = NULL;
			if (!t.opts->scan && needs_name(&p->from) &&
			    !resolve_get(t.cfg->family, &p->from, &name) &&
			    !names_overdue())
				return (0);
			/* --as-path-lookups: the same grace as names. */
			if (t.opts->asn && !resolve_asn_get(t.cfg->family,
			    &p->from, &as) && !names_overdue())
				return (0);
			if (t.opts->asn)
				hr.asn = as != NULL ? as : "*";
			hr.answered = 1;
			hr.addr = p->from;
			hr.name = name;
			hr.rtt = rtt_ms(p);
			/* --back: only where the way back looks longer or shorter. */
			if (t.opts->back &&
			    output_backhops(p->rttl) != p->ttl)
				hr.back = output_backhops(p->rttl);
			if (p->kind == REPLY_TCP) {
				output_tcpstate(p->tcpflags, hr.state,
				    sizeof(hr.state));
				/* -O info: the flags themselves. */
				if (t.opts->info)
					output_tcpflags(p->tcpflags, hr.annot,
					    sizeof(hr.annot));
			}
			else if (port_unreach(p))
				;	/* -U's answer: a plain hop, as Linux */
			else if (p->kind == REPLY_UNREACH ||
			    p->kind == REPLY_TOOBIG)
				output_unreach(t.cfg->family, p->icmp_type,
				    p->icmp_code, hr.annot, sizeof(hr.annot));
			else if (p->kind == REPLY_ICMP)
				strlcpy(hr.annot, "-- Unexpected ICMP",
				    sizeof(hr.annot));
			/* --mtu: F= at the first probe of a new length. */
			if (t.opts->mtu && p->length != t.shownmtu) {
				hr.mtu = p->length;
				t.shownmtu = p->length;
			}
			/* -e: RFC 4884 objects, after the address. */
			if (t.opts->extensions && p->ext.nobj > 0)
				hr.ext = &p->ext;
			if (p->dnat) {
				hr.dnat = 1;
				hr.dnat_addr = p->dnat_addr;
				hr.dnat_port = p->dnat_port;
			}
		}
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

	if (t.inflight >= t.opts->squeries)
		return (0);
	if (t.opts->sendwait == 0 || t.lastsend.tv_sec == 0)
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
				send_probe(t.slot[l]);
		}
		while (t.next_send < t.nlogical && may_send(&now)) {
			if (ecmp_wait(current(t.next_send)))
				break;
			p = current(t.next_send++);
			if (!beyond(p))
				send_probe(t.slot[t.next_send - 1]);
		}
		again = t.inflight;
		expire();
		/* Expiring may have freed room in the window. */
		again = t.inflight < again;
	} while (again);

	if (print_ready())
		done();
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

	if (p->state != PROBE_SENT || t.slot[p->logical] != (int)i)
		return (0);
	memset(&r, 0, sizeof(r));
	r.kind = REPLY_TOOBIG;
	r.icmp_type = t.cfg->family == AF_INET ? ICMP_UNREACH :
	    ICMP6_PACKET_TOO_BIG;
	r.icmp_code = t.cfg->family == AF_INET ? ICMP_UNREACH_NEEDFRAG : 0;
	t.inflight--;
	if (toobig((int)i, &r))
		return (1);
	t.inflight++;
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
		t.inflight--;
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
	if (s.index >= (uint32_t)t.nattempts)
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
	struct probe *p, *o;
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
	if (p->late) {
		/*
		 * Given up early by the adaptive wait, yet in time for its
		 * line: the answer stands, and a resend is moot.
		 */
		o = current(p->logical);
		if (o != p && o->state == PROBE_SENT)
			t.inflight--;
		if (o != p)
			o->state = PROBE_EXPIRED;
		t.slot[p->logical] = i;
		debug("late reply for hop %d probe %d credited", p->ttl,
		    p->q);
	} else if (t.slot[p->logical] != i) {
		/* Superseded by a resend that is already out. */
		debug("reply to a superseded attempt for hop %d", p->ttl);
		p->state = PROBE_EXPIRED;
		t.inflight--;
		return;
	} else
		t.inflight--;
	debug("reply for hop %d probe %d (kind %d type %u code %u flags "
	    "0x%02x)", p->ttl, p->q, p->kind, p->icmp_type, p->icmp_code,
	    p->tcpflags);
	if (t.opts->mtu && toobig(i, &r))
		return;
	if (p->kind == REPLY_TCP && collision(i, &ts))
		return;
	hop_answered(p);
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
 * Probes that share one 4-tuple (all but --track-port) can meet at the
 * destination: a SYN that arrives while an earlier one waits in
 * SYN_RECV there is reset (RFC 793's "fourth, check the SYN bit"),
 * until our kernel's RST for the earlier SYN|ACK gets there.  That RST
 * says nothing of the port, which the SYN|ACK showed open: it is not
 * credited, and the probe goes again once the path is clear.
 */
static int
collision(int i, const struct timeval *ts)
{
	struct probe *p = &t.m.probes[i];
	struct run *run = &t.runs[p->run];
	struct timespec when;
	int tries;

	if (p->tcpflags & TTR_SYN && !(p->tcpflags & TTR_RST)) {
		run->synack = *ts;
		return (0);
	}
	if (!(p->tcpflags & TTR_RST) || t.cfg->nsport != 1 ||
	    run->synack.tv_sec == 0)
		return (0);
	tries = resends_of(p->logical);
	if (tries >= t.opts->retries || t.nattempts >= t.m.nprobes)
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
 * one goes again at once, that long, up to MTU_TRIES times.  When it
 * cannot, the error stands as the answer (!F).
 */
static int
toobig(int i, const struct reply *r)
{
	struct probe *p = &t.m.probes[i], *np;
	struct timespec now;
	uint16_t next;

	next = mtu_next(t.cfg->family, r, p->length, (uint16_t)(t.m.length -
	    t.m.payload));
	if (next == 0)
		return (0);
	if (next < t.mtu)
		t.mtu = next;
	if (p->toobig >= MTU_TRIES || t.nattempts >= t.m.nprobes)
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
dispatch_imsg(int fd, short event, void *arg)
{
	struct imsg imsg;
	ssize_t n;

	if (event & EV_WRITE) {
		imsg_flush_event();
	}
	if (event & EV_READ) {
		if ((n = imsgbuf_read(t.ibuf)) == -1 && errno != ECONNRESET)
			err(1, "imsg read");
		/* The parent has said why it ended, if it could. */
		if (n <= 0)
			exit(1);
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
	/* Write interest only while something is queued. */
	event_del(t.ev_imsg);
	event_assign(t.ev_imsg, t.base, fd, EV_READ |
	    (imsgbuf_queuelen(t.ibuf) > 0 ? EV_WRITE : 0), dispatch_imsg,
	    NULL);
	event_add(t.ev_imsg, NULL);
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
}

static void
interrupted(int sig, short event, void *arg)
{
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
	t.nlogical = t.perrun * t.nruns;
	/* Room for resends; the parent holds us to cfg->maxprobes. */
	t.m.nprobes = (int)cfg->maxprobes;
	if (t.m.nprobes < t.nlogical)
		errx(1, "configuration allows too few probes");
	if ((t.m.probes = calloc(t.m.nprobes, sizeof(*t.m.probes))) == NULL ||
	    (t.slot = calloc(t.nlogical, sizeof(*t.slot))) == NULL ||
	    (t.runs = calloc(t.nruns, sizeof(*t.runs))) == NULL ||
	    (t.results = calloc(t.nruns, sizeof(*t.results))) == NULL ||
	    (t.hopdone = calloc(t.nlogical / opts->nqueries, 1)) == NULL)
		err(1, NULL);
	port = cfg->dport;
	for (r = 0; r < t.nruns; r++) {
		t.runs[r].dport = (uint16_t)port;
		t.runs[r].first = r * t.perrun;
		if (cfg->nports > 1)
			port = ports_next(cfg->dports, port);
	}
	t.services = services;
	t.idbase = (uint16_t)arc4random();
	for (i = 0; i < t.nlogical; i++) {
		r = i / t.perrun;
		match_plan(&t.m, i, t.idbase, cfg->sport, cfg->nsport,
		    opts->first_ttl, opts->nqueries);
		/* match_plan counts TTLs from the first port's probes. */
		t.m.probes[i].ttl = (uint8_t)(opts->first_ttl +
		    (i - t.runs[r].first) / opts->nqueries);
		t.m.probes[i].dport = t.runs[r].dport;
		t.m.probes[i].run = r;
		t.m.probes[i].logical = i;
		t.slot[i] = i;
	}
	t.nattempts = t.nlogical;
	run_header(0);
	run_start(0);

	if ((t.ev_imsg = event_new(base, ibuf->fd, EV_READ, dispatch_imsg,
	    NULL)) == NULL ||
	    (t.ev_timer = evtimer_new(base, timer_fired, NULL)) == NULL ||
	    (t.ev_sigint = evsignal_new(base, SIGINT, interrupted,
	    NULL)) == NULL ||
	    (t.ev_sigterm = evsignal_new(base, SIGTERM, interrupted,
	    NULL)) == NULL)
		errx(1, "event_new");
	event_add(t.ev_sigint, NULL);
	event_add(t.ev_sigterm, NULL);

	progress();
	if (t.status == -1) {
		event_del(t.ev_imsg);
		event_assign(t.ev_imsg, base, ibuf->fd, EV_READ |
		    (imsgbuf_queuelen(ibuf) > 0 ? EV_WRITE : 0),
		    dispatch_imsg, NULL);
		event_add(t.ev_imsg, NULL);
		event_base_dispatch(base);
	}
	/* Interrupted: the document of the port in progress, as it is. */
	if (opts->json && t.json.doc != NULL && json_end(&t.json,
	    t.runs[t.printrun < t.nruns ? t.printrun : 0].reached != 0,
	    time(NULL), stdout) == -1)
		err(1, "stdout");
	fflush(stdout);
	return (t.status == -1 ? 1 : t.status);
}
