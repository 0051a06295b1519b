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
#include <ifaddrs.h>
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
#define PACE_BURST	10.0

enum parent_state {
	STATE_INIT,
	STATE_RUN
};

struct parent {
	struct event_base	*base;
	struct imsgbuf		 ibuf;
	struct event		*ev_imsg;
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
	pid_t			 child;
	uid_t			 ruid;
	/* pacing for users other than root: a token bucket */
	struct event		*ev_pace;
	struct timespec		 last;
	double			 tokens;
	struct ttr_probe	 queue[PACE_QUEUE];
	int			 qhead;
	int			 qlen;
};

static struct parent p;

static void	 dispatch_imsg(int, short, void *);

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

/* The child is gone: leave with its exit status. */
__attribute__((__noreturn__))
static void
child_gone(void)
{
	int status;

	while (waitpid(p.child, &status, 0) == -1)
		if (errno != EINTR)
			exit(1);
	if (WIFEXITED(status))
		exit(WEXITSTATUS(status));
	exit(1);
}

static void
imsg_event_update(void)
{
	short events = EV_READ;

	if (imsgbuf_queuelen(&p.ibuf) > 0)
		events |= EV_WRITE;
	event_del(p.ev_imsg);
	event_assign(p.ev_imsg, p.base, p.ibuf.fd, events, dispatch_imsg,
	    NULL);
	event_add(p.ev_imsg, NULL);
}

static void
flush(void)
{
	if (imsgbuf_write(&p.ibuf) == -1) {
		if (errno == EPIPE || errno == ECONNRESET)
			child_gone();
		fatalx("imsg write: %s", strerror(errno));
	}
	imsg_event_update();
}

static void
captured(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct ttr_capture c;
	struct ibuf *buf;
	uint32_t caplen;

	caplen = h->caplen > TTR_SNAPLEN ? TTR_SNAPLEN : h->caplen;
	memset(&c, 0, sizeof(c));
	c.sec = h->ts.tv_sec;
	c.usec = h->ts.tv_usec;
	c.caplen = caplen;
	c.len = h->len;
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
	flush();
}

/*
 * The ICMP errors addressed to us, whatever the probes were; the child
 * checks what they quote.
 */
static void
errors_filter(char *buf, size_t len, const char *src)
{
	if (p.cfg.family == AF_INET)
		snprintf(buf, len, "(icmp and dst host %s and (icmp[0] == %d "
		    "or icmp[0] == %d or icmp[0] == %d or icmp[0] == %d or "
		    "icmp[0] == %d))", src, ICMP_UNREACH, ICMP_SOURCEQUENCH,
		    ICMP_REDIRECT, ICMP_TIMXCEED, ICMP_PARAMPROB);
	else
		snprintf(buf, len, "(icmp6 and dst host %s and (ip6[40] == %d "
		    "or ip6[40] == %d or ip6[40] == %d or ip6[40] == %d))", src,
		    ICMP6_DST_UNREACH, ICMP6_PACKET_TOO_BIG,
		    ICMP6_TIME_EXCEEDED, ICMP6_PARAM_PROB);
}

/*
 * -I and -U: our own probes (their send times), echo replies from the
 * destination, and the ICMP errors.
 */
static void
method_filter(char *filter, size_t len, const char *src, const char *dst,
    const char *hop, const char *errors)
{
	const struct ttr_config *c = &p.cfg;
	char out[192];
	int n;

	if (c->method == METHOD_UDP)
		snprintf(out, sizeof(out), "(udp and src host %s and "
		    "dst host %s and dst port %u)", src, hop, c->dport);
	else if (c->family == AF_INET)
		snprintf(out, sizeof(out), "(icmp and src host %s and "
		    "dst host %s and icmp[0] == %d)", src, hop, ICMP_ECHO);
	else
		snprintf(out, sizeof(out), "(icmp6 and src host %s and "
		    "dst host %s and ip6[40] == %d)", src, hop,
		    ICMP6_ECHO_REQUEST);
	if (c->family == AF_INET)
		n = snprintf(filter, len, "%s or "
		    "(icmp and src host %s and dst host %s and icmp[0] == %d) "
		    "or %s", out, dst, src, ICMP_ECHOREPLY, errors);
	else
		n = snprintf(filter, len, "%s or "
		    "(icmp6 and src host %s and dst host %s and "
		    "ip6[40] == %d) or %s", out, dst, src, ICMP6_ECHO_REPLY,
		    errors);
	if (n < 0 || (size_t)n >= len)
		fatalx("capture filter too long");
}

/* The filter comes from the frozen configuration, never from the child. */
static void
open_capture(void)
{
	char errbuf[PCAP_ERRBUF_SIZE], filter[512];
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	char hop[INET6_ADDRSTRLEN], errors[192];
	struct bpf_program prog;
	const struct ttr_config *c = &p.cfg;
	unsigned int lo, hi, port;
	int rc;

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

	inet_ntop(c->family, &c->src, src, sizeof(src));
	inet_ntop(c->family, &c->dst, dst, sizeof(dst));
	/* -g: our probes leave addressed to the first gateway. */
	if (c->ngw > 0)
		inet_ntop(AF_INET, &c->gw[0], hop, sizeof(hop));
	else
		strlcpy(hop, dst, sizeof(hop));
	/* Several ports: the range from the lowest to the highest. */
	hi = lo = c->dport;
	if (c->nports > 1)
		for (port = lo; port <= 65535; port++)
			if (PORT_ISSET(c->dports, port))
				hi = port;
	errors_filter(errors, sizeof(errors), src);
	if (c->nofilter)
		filter[0] = '\0';
	else if (c->method != METHOD_TCP)
		method_filter(filter, sizeof(filter), src, dst, hop, errors);
	else
		snprintf(filter, sizeof(filter),
		    "(tcp and src host %s and src portrange %u-%u and "
		    "dst host %s) or "
		    "(tcp and src host %s and dst host %s and "
		    "dst portrange %u-%u) or %s",
		    dst, lo, hi, src, src, hop, lo, hi, errors);
	if (pcap_compile(p.pcap, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == -1)
		fatalx("pcap filter: %s", pcap_geterr(p.pcap));
	if (pcap_setfilter(p.pcap, &prog) == -1)
		fatalx("pcap filter: %s", pcap_geterr(p.pcap));
	pcap_freecode(&prog);
}

/*
 * What a user other than root may ask of a setuid tool.  The child
 * checks the same with friendlier words; this is the check that holds
 * if the child lies.
 */
static void
user_limits(const struct ttr_config *c)
{
	struct ifaddrs *ifap, *ifa;
	union ttr_addr a;
	int i, found = 0;

	if (c->maxprobes > USER_MAXSENT)
		fatalx("too many probes for an unprivileged user");
	if (c->setmark)
		fatalx("firewall mark needs root");
	if (c->ngw > 0)
		fatalx("source routing needs root");
	if (c->sport < USER_MINPORT)
		fatalx("source port %u needs root", c->sport);
	for (i = 0; i < c->nrports; i++)
		if (c->rports[i] < USER_MINPORT)
			fatalx("source port %u needs root", c->rports[i]);
	if (getifaddrs(&ifap) == -1)
		fatalx("getifaddrs: %s", strerror(errno));
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL ||
		    ifa->ifa_addr->sa_family != c->family)
			continue;
		memset(&a, 0, sizeof(a));
		if (c->family == AF_INET)
			a.v4 = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
		else
			a.v6 = ((struct sockaddr_in6 *)
			    ifa->ifa_addr)->sin6_addr;
		if (!addr_eq(c->family, &a, &c->src))
			continue;
		if (c->bindif && strcmp(ifa->ifa_name, c->ifname) != 0)
			continue;
		if ((ifa->ifa_flags & IFF_UP) == 0)
			continue;
		found = 1;
		break;
	}
	freeifaddrs(ifap);
	if (!found)
		fatalx("source address is not on an up interface%s%s",
		    c->bindif ? " " : "", c->bindif ? c->ifname : "");
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

static void
do_config(struct imsg *imsg)
{
	struct ttr_config *c = &p.cfg;
	struct sockaddr_in *sin = (struct sockaddr_in *)&p.to;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&p.to;
	struct ttr_ready ready;
	int minlen, i, n, one = 1;

	if (imsg_get_data(imsg, c, sizeof(*c)) == -1)
		fatalx("bad IMSG_CONFIG size");
	if (c->family != AF_INET && c->family != AF_INET6)
		fatalx("bad address family in configuration");
	if (memchr(c->ifname, '\0', sizeof(c->ifname)) == NULL)
		fatalx("bad interface name in configuration");
	if ((c->tcpopts & ~TCPOPT_ALL) || c->wscale > 14)
		fatalx("bad TCP options in configuration");
	if (c->nrports > TTR_RPORTS || (c->nrports > 0 && c->nsport != 1))
		fatalx("bad spare ports in configuration");
	if (c->mtudisc > 1)
		fatalx("bad MTU discovery in configuration");
	if (c->method > METHOD_UDP)
		fatalx("bad probe method in configuration");
	if (c->ngw > TTR_MAXGW || (c->ngw > 0 && c->family != AF_INET))
		fatalx("bad gateway count in configuration");
	for (i = 0; i < c->ngw; i++)
		if (probe_badgw(c->gw[i]) != NULL)
			fatalx("bad gateway in configuration: %s",
			    probe_badgw(c->gw[i]));
	/* Not TCP: one port (none for ICMP), 16 bits tell probes apart. */
	if (c->method != METHOD_TCP && (c->nports > 1 ||
	    c->maxprobes > METHOD_MAXSEQ ||
	    (c->method == METHOD_ICMP) != (c->dport == 0)))
		fatalx("bad configuration for the probe method");
	minlen = (int)probe_minlen(c);
	if (c->first_ttl == 0 || c->max_ttl < c->first_ttl ||
	    c->length < minlen || c->length > TTR_MAXPACKET ||
	    c->nsport == 0 || c->maxprobes == 0 ||
	    c->maxprobes > TTR_MAXSEND ||
	    (c->dport == 0 && c->method != METHOD_ICMP) ||
	    c->flowlabel > 0xfffff || c->setmark > 1 || c->dontroute > 1)
		fatalx("bad configuration");
	/* Several ports: as many as said, the first one dport, no 0. */
	if (c->nports > 1) {
		for (i = n = 0; i < 65536; i++)
			if (PORT_ISSET(c->dports, i)) {
				if (n++ == 0 && i != c->dport)
					break;
			}
		if (i < 65536 || PORT_ISSET(c->dports, 0) || n != c->nports)
			fatalx("bad port list in configuration");
	}

	if (p.ruid != 0)
		user_limits(c);

	p.sock = c->family == AF_INET ? p.raw4 : p.raw6;
	if (p.sock == -1)
		fatalx("cannot open raw socket: %s",
		    strerror(c->family == AF_INET ? p.err4 : p.err6));
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
	if (pledge("stdio bpf raw proc", NULL) == -1)
		fatalx("pledge: %s", strerror(errno));

	memset(&ready, 0, sizeof(ready));
	ready.dlt = pcap_datalink(p.pcap);
	if (imsg_compose(&p.ibuf, IMSG_READY, 0, 0, -1, &ready,
	    sizeof(ready)) == -1)
		fatalx("imsg_compose: %s", strerror(errno));
	p.state = STATE_RUN;
}

static void	 send_probe(const struct ttr_probe *);

/* One of the spare ports of the configuration? */
static int
spare_port(uint16_t port)
{
	int i;

	for (i = 0; i < p.cfg.nrports; i++)
		if (p.cfg.rports[i] == port)
			return (1);
	return (0);
}

static void
refill(void)
{
	struct timespec now;
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &now);
	dt = (double)(now.tv_sec - p.last.tv_sec) +
	    (double)(now.tv_nsec - p.last.tv_nsec) / 1e9;
	p.last = now;
	p.tokens += dt * USER_PPS;
	if (p.tokens > PACE_BURST)
		p.tokens = PACE_BURST;
}

/* Send what the bucket allows; arm the timer for the rest. */
static void
pace_run(int fd, short event, void *arg)
{
	struct timeval tv;

	refill();
	while (p.qlen > 0 && p.tokens >= 1.0) {
		p.tokens -= 1.0;
		send_probe(&p.queue[p.qhead]);
		p.qhead = (p.qhead + 1) % PACE_QUEUE;
		p.qlen--;
	}
	if (p.qlen > 0) {
		tv.tv_sec = 0;
		tv.tv_usec = (suseconds_t)((1.0 - p.tokens) * 1e6 / USER_PPS) +
		    1;
		evtimer_add(p.ev_pace, &tv);
	}
	if (event != 0)
		flush();
}

static void
pace(const struct ttr_probe *msg)
{
	if (p.qlen == PACE_QUEUE)
		fatalx("probe flood");
	p.queue[(p.qhead + p.qlen) % PACE_QUEUE] = *msg;
	p.qlen++;
	pace_run(-1, 0, NULL);
}

static void
do_probe(struct imsg *imsg)
{
	const struct ttr_config *c = &p.cfg;
	struct ttr_probe msg;
	uint32_t off;

	if (imsg_get_data(imsg, &msg, sizeof(msg)) == -1)
		fatalx("bad IMSG_PROBE size");
	if (msg.ttl < c->first_ttl || msg.ttl > c->max_ttl)
		fatalx("probe TTL %u out of range", msg.ttl);
	/* --track-port: ports wrap inside 1024-65535, as match_plan. */
	if (c->nsport == 1)
		off = msg.sport == c->sport || spare_port(msg.sport) ? 0 : 1;
	else if (msg.sport < 1024 || c->sport < 1024)
		off = c->nsport;
	else
		off = ((uint32_t)msg.sport + 64512 - c->sport) % 64512;
	if (off >= c->nsport)
		fatalx("probe source port %u out of range", msg.sport);
	if (msg.dport != 0 && msg.dport != c->dport && (c->nports < 2 ||
	    !PORT_ISSET(c->dports, msg.dport)))
		fatalx("probe destination port %u not configured", msg.dport);
	/* With --mtu a probe may be shorter than configured, not longer. */
	if (msg.length != 0 && (!c->mtudisc || msg.length > c->length ||
	    msg.length < probe_minlen(c)))
		fatalx("probe length %u out of range", msg.length);
	if (c->method != METHOD_TCP && (msg.seq == 0 ||
	    msg.seq > METHOD_MAXSEQ))
		fatalx("probe sequence number %u out of range", msg.seq);
	if (++p.nsent > c->maxprobes)
		fatalx("too many probes");
	if (p.ruid == 0)
		send_probe(&msg);
	else
		pace(&msg);
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
	if (imsg_compose(&p.ibuf, IMSG_SENT, 0, 0, -1, &sent,
	    sizeof(sent)) == -1)
		fatalx("imsg_compose: %s", strerror(errno));
}

static void
dispatch_imsg(int fd, short event, void *arg)
{
	struct imsg imsg;
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
			child_gone();
		for (;;) {
			if ((n = imsg_get(&p.ibuf, &imsg)) == -1)
				fatalx("imsg_get: %s", strerror(errno));
			if (n == 0)
				break;
			type = imsg_get_type(&imsg);
			if (p.state == STATE_INIT && type == IMSG_CONFIG)
				do_config(&imsg);
			else if (p.state == STATE_RUN && type == IMSG_PROBE)
				do_probe(&imsg);
			else
				fatalx("unexpected imsg %u in state %d", type,
				    (int)p.state);
			imsg_free(&imsg);
		}
	}
	flush();
}

static void
signalled(int sig, short event, void *arg)
{
	/*
	 * ^C reaches the whole process group: the child ends the trace
	 * and its exit ends us.  Any other signal is for us alone; our
	 * exit closes the child's socket, which ends it.
	 */
	if (sig != SIGINT)
		exit(1);
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
	p.tokens = PACE_BURST;
	p.state = STATE_INIT;

	signal(SIGPIPE, SIG_IGN);
	if ((p.base = event_base_new()) == NULL)
		fatalx("event_base_new");
	if (imsgbuf_init(&p.ibuf, fd) == -1)
		fatalx("imsgbuf_init: %s", strerror(errno));
	if ((p.ev_imsg = event_new(p.base, fd, EV_READ, dispatch_imsg,
	    NULL)) == NULL ||
	    (p.ev_pace = evtimer_new(p.base, pace_run, NULL)) == NULL)
		fatalx("event_new");
	clock_gettime(CLOCK_MONOTONIC, &p.last);
	event_add(p.ev_imsg, NULL);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if ((ev = evsignal_new(p.base, sigs[i], signalled,
		    NULL)) == NULL)
			fatalx("evsignal_new");
		event_add(ev, NULL);
	}
	event_base_dispatch(p.base);
	child_gone();
}
