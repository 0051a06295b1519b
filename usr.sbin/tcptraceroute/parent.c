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
 * The privileged parent: a small state machine in the manner of
 * OpenBSD tcpdump's privsep.  In INIT it accepts one IMSG_CONFIG, checks
 * it, opens the capture and answers IMSG_READY; in RUN it accepts only
 * IMSG_PROBE.  Anything else, of the wrong size, or out of range ends
 * it.  It builds every packet itself from the frozen configuration, so
 * the child can choose only a TTL and identity fields, never where a
 * packet goes or what it claims to be.  It never parses what it
 * captures: the bytes go to the child as they are.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <err.h>
#include <errno.h>
#include <event2/event.h>
#include <imsg.h>
#include <net/if.h>
#include <pcap.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "pledge.h"
#include "tcptraceroute.h"
#include "packet.h"

#define PACE_QUEUE	USER_QUEUE	/* probes waiting for their turn */
/*
 * The capture ring is resident memory from the start.  The filter keeps
 * all but our replies out, and we read it at once (immediate mode):
 * 256 KiB holds some 120 frames, well past a window of replies.
 */
#define PCAP_RING	(256 * 1024)
#define FILTER_MAX	2048
#define CHILD_GRACE	2	/* seconds a signalled child may take */

enum parent_state {
	STATE_INIT,	/* IMSG_CONFIG, once */
	STATE_RUN	/* IMSG_PROBE */
};

struct parent {
	struct event_base	*base;
	struct imsgbuf		 ibuf;
	struct imsgev		 iev;
	struct event		*ev_pcap;
	enum parent_state	 state;
	int			 raw4;
	int			 raw6;
	int			 err4;
	int			 err6;
	int			 sock;
	pcap_t			*pcap;
	struct ttr_config	 cfg;
	struct sockaddr_storage	 to;
	socklen_t		 tolen;
	uint32_t		 nsent;
	uint32_t		 dropped;	/* captures past TTR_CAPQUEUE */
	pid_t			 child;
	uid_t			 ruid;
	int			 signo;		/* ended by this signal */
	/* pacing for users other than root (pace.c) */
	struct event		*ev_pace;
	struct ttr_probe	 queue[PACE_QUEUE];
	int			 qhead;
	int			 qlen;
};

static struct parent p;

__attribute__((__noreturn__, __format__ (printf, 1, 2)))
static void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: ", getprogname());
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	/*
	 * No kill(2): with CAP_NET_RAW alone we may not signal the child's
	 * uid.  Our exit closes its socket, and EOF ends it.
	 */
	exit(1);
}

/* Die by sig, as a tool the shell interrupted must. */
__attribute__((__noreturn__))
static void
die_by(int sig)
{
	signal(sig, SIG_DFL);
	raise(sig);
	exit(1);
}

/*
 * The child is gone: leave with its exit status, or die by the signal
 * that ended us (signalled) or it: an interrupt, or a reader of its
 * output that went away.
 */
__attribute__((__noreturn__))
static void
child_gone(int sig)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int status, i;

	if (sig == 0)
		sig = p.signo;
	/* Signalled: the child has CHILD_GRACE seconds to go, no more. */
	for (i = 0; sig != 0 && i < CHILD_GRACE * 100; i++) {
		if (waitpid(p.child, &status, WNOHANG) != 0)
			break;
		nanosleep(&ts, NULL);
	}
	if (sig != 0)
		die_by(sig);
	while (waitpid(p.child, &status, 0) == -1)
		if (errno != EINTR)
			exit(1);
	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGINT ||
	    WTERMSIG(status) == SIGTERM || WTERMSIG(status) == SIGHUP ||
	    WTERMSIG(status) == SIGPIPE))
		die_by(WTERMSIG(status));
	exit(1);
}

/*
 * A capture for the child.  Past TTR_CAPQUEUE messages waiting (a
 * child stopped, or slow) it is dropped and counted: the parent's
 * memory stays bounded whatever arrives.
 */
static void
captured(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct ttr_capture c;
	struct ibuf *buf;
	uint32_t caplen;

	if (imsgbuf_queuelen(&p.ibuf) >= TTR_CAPQUEUE) {
		p.dropped++;
		return;
	}
	caplen = h->caplen > TTR_SNAPLEN ? TTR_SNAPLEN : h->caplen;
	memset(&c, 0, sizeof(c));
	c.sec = h->ts.tv_sec;
	c.usec = h->ts.tv_usec;
	c.caplen = caplen;
	c.len = h->len;
	c.dropped = p.dropped;
	if ((buf = imsg_create(&p.ibuf, IMSG_CAPTURE, 0, 0,
	    sizeof(c) + caplen)) == NULL ||
	    imsg_add(buf, &c, sizeof(c)) == -1 ||
	    imsg_add(buf, bytes, caplen) == -1)
		fatalx("imsg_create: %s", strerror(errno));
	imsg_close(&p.ibuf, buf);
}

static void
pcap_ready(int fd, short event, void *arg)
{
	if (pcap_dispatch(p.pcap, -1, captured, NULL) == -1)
		fatalx("pcap: %s", pcap_geterr(p.pcap));
	imsg_event_add(&p.iev);
}

/* The filter comes from the checked configuration, never the child. */
static void
open_capture(void)
{
	char errbuf[PCAP_ERRBUF_SIZE], filter[FILTER_MAX];
	struct bpf_program prog;
	const struct ttr_config *c = &p.cfg;
	int rc;

	if (policy_filter(c, p.ruid != 0, filter, sizeof(filter)) == -1)
		fatalx("capture filter too long");
	if ((p.pcap = pcap_create(c->ifname, errbuf)) == NULL)
		fatalx("pcap: %s", errbuf);
	if (pcap_set_snaplen(p.pcap, TTR_SNAPLEN) != 0 ||
	    pcap_set_promisc(p.pcap, 0) != 0 ||
	    pcap_set_immediate_mode(p.pcap, 1) != 0 ||
	    pcap_set_buffer_size(p.pcap, PCAP_RING) != 0)
		fatalx("pcap: cannot configure %s", c->ifname);
	if ((rc = pcap_activate(p.pcap)) < 0) {
		if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			fatalx("unknown interface: %s", c->ifname);
		fatalx("pcap: %s: %s", c->ifname, pcap_geterr(p.pcap));
	}
	if (pcap_setnonblock(p.pcap, 1, errbuf) == -1)
		fatalx("pcap: %s", errbuf);
	if (pcap_compile(p.pcap, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == -1)
		fatalx("pcap filter: %s", pcap_geterr(p.pcap));
	if (pcap_setfilter(p.pcap, &prog) == -1)
		fatalx("pcap filter: %s", pcap_geterr(p.pcap));
	pcap_freecode(&prog);
}

/*
 * --mtu: the kernel must send a probe as long as asked, even when it
 * has learnt a smaller path MTU from the errors the probes drew: only
 * the device's MTU limits it (IP_PMTUDISC_PROBE), as in Linux
 * traceroute.  Elsewhere the raw socket sends what it is given.
 */
static void
pmtu_probe(int family)
{
#if defined(IP_MTU_DISCOVER) && defined(IPV6_MTU_DISCOVER)
	int on;

	if (family == AF_INET) {
		on = IP_PMTUDISC_PROBE;
		if (setsockopt(p.sock, IPPROTO_IP, IP_MTU_DISCOVER, &on,
		    sizeof(on)) == -1)
			fatalx("IP_MTU_DISCOVER: %s", strerror(errno));
	} else {
		on = IPV6_PMTUDISC_PROBE;
		if (setsockopt(p.sock, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &on,
		    sizeof(on)) == -1)
			fatalx("IPV6_MTU_DISCOVER: %s", strerror(errno));
	}
#endif
}

/* The socket options of the checked configuration. */
static void
apply_socket(const struct ttr_config *c)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)&p.to;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&p.to;
	int one = 1, err;

	p.sock = c->family == AF_INET ? p.raw4 : p.raw6;
	err = c->family == AF_INET ? p.err4 : p.err6;
	if (p.sock == -1 && (err == EPERM || err == EACCES))
		fatalx("cannot open raw socket: %s (needs root: install "
		    "setuid root, or setcap cap_net_raw+ep)", strerror(err));
	if (p.sock == -1)
		fatalx("cannot open raw socket: %s", strerror(err));
	if (c->bindif && setsockopt(p.sock, SOL_SOCKET, SO_BINDTODEVICE,
	    c->ifname, strlen(c->ifname) + 1) == -1)
		fatalx("cannot send through %s: %s", c->ifname,
		    strerror(errno));
	if (c->setmark && setsockopt(p.sock, SOL_SOCKET, SO_MARK,
	    &c->fwmark, sizeof(c->fwmark)) == -1)
		fatalx("cannot set firewall mark: %s", strerror(errno));
	if (c->dontroute && setsockopt(p.sock, SOL_SOCKET, SO_DONTROUTE,
	    &one, sizeof(one)) == -1)
		fatalx("cannot bypass routing: %s", strerror(errno));
	if (c->mtudisc)
		pmtu_probe(c->family);

	memset(&p.to, 0, sizeof(p.to));
	if (c->family == AF_INET) {
		sin->sin_family = AF_INET;
		/*
		 * -g: Linux routes an IP_HDRINCL packet by this address,
		 * not by the header's, which names the first gateway too.
		 */
		sin->sin_addr = c->ngw > 0 ? c->gw[0] : c->dst.v4;
		p.tolen = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = c->dst.v6;
		p.tolen = sizeof(*sin6);
	}
	/* The socket of the other family is of no further use. */
	if (c->family == AF_INET && p.raw6 != -1)
		close(p.raw6);
	if (c->family == AF_INET6 && p.raw4 != -1)
		close(p.raw4);
}

/*
 * The checked configuration put to work: the ports held, the socket,
 * the capture; then the sandbox, and the answer.
 */
static void
parent_apply(void)
{
	struct ttr_config *c = &p.cfg;
	struct policy_env env;
	struct ttr_ready ready;
	char why[256];
	int i;

	/* Unset: the interface the route to the destination leaves by. */
	if (c->ifname[0] == '\0') {
		policy_gather(c, p.ruid, &env);
		if (env.route_if[0] == '\0')
			fatalx("cannot find the route to the destination");
		strlcpy(c->ifname, env.route_if, sizeof(c->ifname));
	}
	if (hold_ports(c, p.ruid == 0, why, sizeof(why)) == -1)
		fatalx("%s", why);
	apply_socket(c);
	open_capture();
	if ((p.ev_pcap = event_new(p.base, pcap_get_selectable_fd(p.pcap),
	    EV_READ | EV_PERSIST, pcap_ready, NULL)) == NULL)
		fatalx("event_new");
	event_add(p.ev_pcap, NULL);

	/* From here on: send, capture, talk to and reap the child. */
#ifndef __OpenBSD__
	if (landlock_deny_all() == -1 && errno != ENOSYS &&
	    errno != EOPNOTSUPP)
		fatalx("landlock: %s", strerror(errno));
#endif
	if (pledge("stdio bpf raw", NULL) == -1)
		fatalx("pledge: %s", strerror(errno));

	memset(&ready, 0, sizeof(ready));
	ready.dlt = pcap_datalink(p.pcap);
	ready.sport = c->sport;
	ready.nrports = c->nrports;
	for (i = 0; i < c->nrports; i++)
		ready.rports[i] = c->rports[i];
	if (imsg_compose_event(&p.iev, IMSG_READY, &ready,
	    sizeof(ready)) == -1)
		fatalx("imsg_compose: %s", strerror(errno));
}

/* IMSG_CONFIG: checked against what the host says, then applied. */
static void
parent_config(struct imsg *imsg)
{
	struct policy_env env;
	char why[256];

	if (imsg_get_data(imsg, &p.cfg, sizeof(p.cfg)) == -1)
		fatalx("bad IMSG_CONFIG size");
	/* Facts for a well-formed family only; the check refuses others. */
	if (p.cfg.family == AF_INET || p.cfg.family == AF_INET6)
		policy_gather(&p.cfg, p.ruid, &env);
	else {
		memset(&env, 0, sizeof(env));
		env.ruid = p.ruid;
	}
	if (check_config(&p.cfg, &env, why, sizeof(why)) == -1)
		fatalx("%s", why);
	parent_apply();
}

/* Build and send one checked probe; tell the child when it left. */
static void
send_probe(const struct ttr_probe *pr)
{
	const struct ttr_config *c = &p.cfg;
	struct ttr_sent sent;
	struct timeval tv;
	uint8_t pkt[TTR_MAXPACKET];
	size_t len;

	if ((len = probe_build(c, pr, pkt, sizeof(pkt))) == 0)
		fatalx("cannot build probe");

	memset(&sent, 0, sizeof(sent));
	sent.index = pr->index;
	if (sendto(p.sock, pkt, len, 0, (struct sockaddr *)&p.to,
	    p.tolen) == -1)
		sent.error = errno;
	gettimeofday(&tv, NULL);
	sent.sec = tv.tv_sec;
	sent.usec = tv.tv_usec;
	if (imsg_compose_event(&p.iev, IMSG_SENT, &sent, sizeof(sent)) == -1)
		fatalx("imsg_compose: %s", strerror(errno));
}

/* Send what the user's pace allows; arm the timer for the rest. */
static void
pace_run(int fd, short event, void *arg)
{
	struct timeval tv;
	long wait;

	while (p.qlen > 0) {
		if ((wait = pace_take()) > 0) {
			tv.tv_sec = wait / 1000000000L;
			tv.tv_usec = (suseconds_t)(wait % 1000000000L / 1000 +
			    1);
			evtimer_add(p.ev_pace, &tv);
			break;
		}
		send_probe(&p.queue[p.qhead]);
		p.qhead = (p.qhead + 1) % PACE_QUEUE;
		p.qlen--;
	}
}

static void
pace(const struct ttr_probe *msg)
{
	if (p.qlen == PACE_QUEUE)
		fatalx("probe flood");
	p.queue[(p.qhead + p.qlen) % PACE_QUEUE] = *msg;
	p.qlen++;
	if (p.qlen == 1)
		pace_run(-1, 0, NULL);
}

/* IMSG_PROBE: checked against the configuration, sent or queued. */
static void
parent_probe(struct imsg *imsg)
{
	struct ttr_probe msg;
	char why[256];

	if (imsg_get_data(imsg, &msg, sizeof(msg)) == -1)
		fatalx("bad IMSG_PROBE size");
	if (check_probe(&p.cfg, &msg, ++p.nsent, why, sizeof(why)) == -1)
		fatalx("%s", why);
	if (p.ruid == 0)
		send_probe(&msg);
	else
		pace(&msg);
}

/*
 * As tcpdump's privsep: each message is first tested against the
 * state, which says what may come next.
 */
static enum parent_state
test_state(uint32_t type)
{
	if (p.state == STATE_INIT && type == IMSG_CONFIG)
		return (STATE_RUN);
	if (p.state == STATE_RUN && type == IMSG_PROBE)
		return (STATE_RUN);
	fatalx("unexpected imsg %u in state %d", type, p.state);
}

static void
parent_dispatch_child(int fd, short event, void *arg)
{
	struct imsg imsg;
	enum parent_state next;
	ssize_t n;
	uint32_t type;

	if (event & EV_READ) {
		/*
		 * A child that exits with our messages unread resets the
		 * connection: that is its end too, not an error.
		 */
		if ((n = imsgbuf_read(&p.ibuf)) == -1 && errno != ECONNRESET)
			fatalx("imsg read: %s", strerror(errno));
		if (n <= 0)
			child_gone(0);
		for (;;) {
			if ((n = imsg_get(&p.ibuf, &imsg)) == -1)
				fatalx("imsg_get: %s", strerror(errno));
			if (n == 0)
				break;
			type = imsg_get_type(&imsg);
			next = test_state(type);
			if (type == IMSG_CONFIG)
				parent_config(&imsg);
			else if (p.signo == 0)	/* no probe once signalled */
				parent_probe(&imsg);
			p.state = next;
			imsg_free(&imsg);
		}
	}
	if (event & EV_WRITE) {
		if (imsgbuf_write(&p.ibuf) == -1) {
			if (errno == EPIPE || errno == ECONNRESET)
				child_gone(0);
			fatalx("imsg write: %s", strerror(errno));
		}
	}
	imsg_event_add(&p.iev);
}

/* A child that does not end when told: we go all the same. */
static void
child_late(int fd, short event, void *arg)
{
	die_by(p.signo);
}

static void
signalled(int sig, short event, void *arg)
{
	struct timeval tv = { CHILD_GRACE, 0 };

	/*
	 * ^C reaches the whole process group, a kill(1) only us: either
	 * way the child ends the trace, told so by the end of its socket
	 * (we may not signal its uid), and once its output is whole (its
	 * end of the socket closes: child_gone) we die by the signal.
	 * No probe goes out meanwhile.
	 */
	if (p.signo != 0)
		return;
	p.signo = sig;
	shutdown(p.ibuf.fd, SHUT_WR);
	if (event_base_once(p.base, -1, EV_TIMEOUT, child_late, NULL,
	    &tv) == -1)
		die_by(sig);
}

void
parent_main(int fd, uid_t ruid, int raw4, int err4, int raw6, int err6,
    pid_t child)
{
	struct event *ev;
	int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;

	memset(&p, 0, sizeof(p));
	p.raw4 = raw4;
	p.raw6 = raw6;
	/* Why a socket is not there; each family has its own. */
	p.err4 = raw4 == -1 ? err4 : 0;
	p.err6 = raw6 == -1 ? err6 : 0;
	p.child = child;
	p.ruid = ruid;
	p.sock = -1;
	p.state = STATE_INIT;

	signal(SIGPIPE, SIG_IGN);
	if ((p.base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if (imsgbuf_init(&p.ibuf, fd) == -1)
		fatalx("imsgbuf_init: %s", strerror(errno));
	if (imsg_event_init(&p.iev, p.base, &p.ibuf, parent_dispatch_child,
	    NULL) == -1 ||
	    (p.ev_pace = evtimer_new(p.base, pace_run, NULL)) == NULL)
		fatalx("event_new");
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		/* Ignored when we started (nohup, a script's "&"): left so. */
		if (sig_ignored(sigs[i]))
			continue;
		if ((ev = evsignal_new(p.base, sigs[i], signalled,
		    NULL)) == NULL)
			fatalx("evsignal_new");
		event_add(ev, NULL);
	}
	event_base_dispatch(p.base);
	child_gone(0);
}
