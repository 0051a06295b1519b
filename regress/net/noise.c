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
 * noise: unrelated traffic for a host that is running a trace.  Sends,
 * at a paced rate, a cycle of packets addressed to the client that look
 * like what a busy host receives while tcptraceroute runs, none of which
 * answers any probe the tracer can have sent:
 *
 *	- ICMP time-exceeded and destination-unreachable from the routers
 *	  ("other" addresses) and from the server, quoting TCP segments
 *	  from the client (one in four: from another host) to the server's
 *	  port and to other ports and hosts, with random source ports,
 *	  sequence numbers and IP IDs (IPv4 quotes either the whole TCP
 *	  header or only its first 8 bytes);
 *	- ICMP echo replies from those addresses;
 *	- TCP SYN|ACK and RST|ACK from the server's port to random ports of
 *	  the client, with random sequence and acknowledgment numbers;
 *	- TCP (SYN|ACK, RST, ACK, PSH|ACK with data) from the other
 *	  addresses, random ports.
 *
 *	noise [-R rtprio] [-r pps] [-t seconds] [-s seed]
 *	    client server other ...
 *
 * All addresses are of one family.  The packets, a pool of 4096, are
 * built once before the first is sent; the loop only hands them, in
 * turn, to a raw socket (IPPROTO_RAW: the header is ours, so the
 * sources can be anyone's).  Pacing is by absolute deadline, one packet
 * every 1/pps seconds (timer slack cut to 1 ns); a late wake-up sends
 * what is due at once, at most BURST packets, and gives up the rest.
 * With -R the sender runs at SCHED_FIFO priority rtprio, so that a busy
 * machine does not slow it down (it sleeps between packets; the
 * kernel's real-time throttling still bounds it).
 *
 * "ready" is printed on stdout once the pool is built and the socket
 * open.  SIGTERM, SIGINT or SIGHUP, or the end of the -t run time
 * (default 30 s), ends the run; the counters are then printed on
 * stdout, the last line being
 *
 *	sent N packets in S seconds, R pps, E errors, L late
 */

#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define POOL		4096
#define PKTMAX		256
#define BURST		32
#define MAXOTHER	16

#define IP4_HLEN	20
#define IP6_HLEN	40
#define TCP_HLEN	20
#define ICMP_HLEN	8

#define TH_FIN		0x01
#define TH_SYN		0x02
#define TH_RST		0x04
#define TH_PUSH		0x08
#define TH_ACK		0x10

enum kind {
	K_TIMEX, K_UNREACH, K_ECHOREPLY, K_SYNACK, K_RST, K_FOREIGN, K_NKINDS
};

static const char *kindname[K_NKINDS] = {
	"time-exceeded", "unreachable", "echo-reply", "syn-ack", "rst",
	"foreign-tcp"
};

/* One cycle of the mix: 8 packets. */
static const enum kind cycle[] = {
	K_TIMEX, K_SYNACK, K_UNREACH, K_FOREIGN,
	K_TIMEX, K_RST, K_ECHOREPLY, K_FOREIGN
};

struct addr {
	uint8_t		 a[16];
};

struct pkt {
	size_t		 len;
	enum kind	 kind;
	uint8_t		 b[PKTMAX];
};

static struct pkt	 pool[POOL];
static int		 family;
static size_t		 alen;
static struct addr	 client, server, other[MAXOTHER];
static int		 nother;
static uint64_t		 rng = 0x9e3779b97f4a7c15ULL;
static volatile sig_atomic_t stop;

static void
usage(void)
{
	fprintf(stderr, "usage: noise [-R rtprio] [-r pps] [-t seconds] "
	    "[-s seed] client server other ...\n");
	exit(2);
}

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint32_t
sum(const uint8_t *p, size_t len, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	if (len & 1)
		s += (uint32_t)p[len - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* The transport checksum over the pseudo header of SRC, DST, PROTO. */
static uint16_t
cksum(const struct addr *src, const struct addr *dst, uint8_t proto,
    const uint8_t *p, size_t len)
{
	uint32_t s = 0;

	s = sum(src->a, alen, s);
	s = sum(dst->a, alen, s);
	s += proto;
	s += (uint32_t)len;
	return fold(sum(p, len, s));
}

/* An IP header; returns its length.  PROTO is the transport's. */
static size_t
iphdr(uint8_t *p, const struct addr *src, const struct addr *dst,
    uint8_t proto, size_t plen, uint8_t ttl)
{
	if (family == AF_INET) {
		p[0] = 0x45;
		p[1] = 0;
		put16(p + 2, (uint16_t)(IP4_HLEN + plen));
		put16(p + 4, (uint16_t)rnd());
		put16(p + 6, (rnd() & 1) ? 0x4000 : 0);	/* DF or not */
		p[8] = ttl;
		p[9] = proto;
		put16(p + 10, 0);
		memcpy(p + 12, src->a, 4);
		memcpy(p + 16, dst->a, 4);
		put16(p + 10, fold(sum(p, IP4_HLEN, 0)));
		return IP4_HLEN;
	}
	put32(p, 0x60000000 | (rnd() & 0xfffff));
	put16(p + 4, (uint16_t)plen);
	p[6] = proto;
	p[7] = ttl;
	memcpy(p + 8, src->a, 16);
	memcpy(p + 24, dst->a, 16);
	return IP6_HLEN;
}

/* A TCP header (no options) and LEN bytes of data; returns its length. */
static size_t
tcphdr(uint8_t *p, const struct addr *src, const struct addr *dst,
    uint16_t sport, uint16_t dport, uint8_t flags, size_t len)
{
	size_t i;

	put16(p, sport);
	put16(p + 2, dport);
	put32(p + 4, rnd());
	put32(p + 8, (flags & TH_ACK) ? rnd() : 0);
	p[12] = (TCP_HLEN / 4) << 4;
	p[13] = flags;
	put16(p + 14, (flags & TH_RST) ? 0 : 29200 + (rnd() & 0xfff));
	put16(p + 16, 0);
	put16(p + 18, 0);
	for (i = 0; i < len; i++)
		p[TCP_HLEN + i] = 'a' + rnd() % 26;
	put16(p + 16, cksum(src, dst, IPPROTO_TCP, p, TCP_HLEN + len));
	return TCP_HLEN + len;
}

/* A random port, never 0. */
static uint16_t
port(void)
{
	return (uint16_t)(1 + rnd() % 65535);
}

static const struct addr *
someone(void)
{
	return &other[rnd() % nother];
}

/*
 * An ICMP error of TYPE/CODE from SRC quoting a SYN of another flow
 * of the client: to the server's port from another source port, or to
 * another port or host.
 */
static size_t
icmperr(uint8_t *p, const struct addr *src, uint8_t type, uint8_t code)
{
	uint8_t *icmp, *q;
	const struct addr *from, *to;
	size_t qlen, tlen;
	uint16_t dport;
	uint8_t proto;

	from = (rnd() % 4 == 0) ? someone() : &client;
	to = (rnd() & 1) ? &server : someone();
	dport = (rnd() & 1) ? 80 : port();
	/* Reserve the outer header, then build the quote after it. */
	icmp = p + (family == AF_INET ? IP4_HLEN : IP6_HLEN);
	q = icmp + ICMP_HLEN;
	qlen = iphdr(q, from, to, IPPROTO_TCP, TCP_HLEN, 1 + rnd() % 30);
	tlen = tcphdr(q + qlen, from, to, port(), dport, TH_SYN, 0);
	if (family == AF_INET && (rnd() & 1))
		tlen = 8;			/* RFC 792's minimum quote */
	qlen += tlen;

	icmp[0] = type;
	icmp[1] = code;
	put16(icmp + 2, 0);
	put32(icmp + 4, 0);
	if (family == AF_INET) {
		proto = IPPROTO_ICMP;
		put16(icmp + 2, fold(sum(icmp, ICMP_HLEN + qlen, 0)));
	} else {
		proto = IPPROTO_ICMPV6;
		put16(icmp + 2, cksum(src, &client, proto, icmp,
		    ICMP_HLEN + qlen));
	}
	return iphdr(p, src, &client, proto, ICMP_HLEN + qlen, 64 - rnd() % 8)
	    + ICMP_HLEN + qlen;
}

static size_t
echoreply(uint8_t *p, const struct addr *src)
{
	uint8_t *icmp;
	size_t i, len = 56;
	uint8_t proto;

	icmp = p + (family == AF_INET ? IP4_HLEN : IP6_HLEN);
	icmp[0] = family == AF_INET ? 0 : 129;
	icmp[1] = 0;
	put16(icmp + 2, 0);
	put16(icmp + 4, (uint16_t)rnd());
	put16(icmp + 6, (uint16_t)rnd());
	for (i = 0; i < len; i++)
		icmp[ICMP_HLEN + i] = (uint8_t)i;
	if (family == AF_INET) {
		proto = IPPROTO_ICMP;
		put16(icmp + 2, fold(sum(icmp, ICMP_HLEN + len, 0)));
	} else {
		proto = IPPROTO_ICMPV6;
		put16(icmp + 2, cksum(src, &client, proto, icmp,
		    ICMP_HLEN + len));
	}
	return iphdr(p, src, &client, proto, ICMP_HLEN + len, 64) +
	    ICMP_HLEN + len;
}

static size_t
tcp(uint8_t *p, const struct addr *src, uint16_t sport, uint8_t flags,
    size_t dlen)
{
	uint8_t *t;
	size_t tlen;

	t = p + (family == AF_INET ? IP4_HLEN : IP6_HLEN);
	tlen = tcphdr(t, src, &client, sport, port(), flags, dlen);
	return iphdr(p, src, &client, IPPROTO_TCP, tlen, 64 - rnd() % 8) +
	    tlen;
}

static void
build(struct pkt *k, enum kind kind)
{
	static const uint8_t unreach4[] = { 0, 1, 3, 9, 10, 13 };
	static const uint8_t unreach6[] = { 0, 1, 3, 4 };
	static const uint8_t foreign[] = {
		TH_SYN | TH_ACK, TH_RST, TH_ACK, TH_PUSH | TH_ACK,
		TH_FIN | TH_ACK, TH_RST | TH_ACK
	};
	const struct addr *src;
	uint8_t flags;

	k->kind = kind;
	src = (rnd() % 4 == 0) ? &server : someone();
	switch (kind) {
	case K_TIMEX:
		k->len = icmperr(k->b, src, family == AF_INET ? 11 : 3, 0);
		break;
	case K_UNREACH:
		if (family == AF_INET)
			k->len = icmperr(k->b, src, 3,
			    unreach4[rnd() % sizeof(unreach4)]);
		else
			k->len = icmperr(k->b, src, 1,
			    unreach6[rnd() % sizeof(unreach6)]);
		break;
	case K_ECHOREPLY:
		k->len = echoreply(k->b, src);
		break;
	case K_SYNACK:
		k->len = tcp(k->b, &server, 80, TH_SYN | TH_ACK, 0);
		break;
	case K_RST:
		k->len = tcp(k->b, &server, 80, TH_RST | TH_ACK, 0);
		break;
	case K_FOREIGN:
		flags = foreign[rnd() % sizeof(foreign)];
		k->len = tcp(k->b, someone(), (rnd() & 1) ? 80 : port(),
		    flags, (flags & TH_PUSH) ? 1 + rnd() % 100 : 0);
		break;
	default:
		abort();
	}
}

static void
parse(const char *s, struct addr *a)
{
	if (inet_pton(family, s, a->a) != 1) {
		fprintf(stderr, "noise: %s: not an %s address\n", s,
		    family == AF_INET ? "IPv4" : "IPv6");
		exit(2);
	}
}

static void
onsig(int sig)
{
	(void)sig;
	stop = 1;
}

static int64_t
ns(const struct timespec *t)
{
	return (int64_t)t->tv_sec * 1000000000 + t->tv_nsec;
}

static void
abstime(int64_t v, struct timespec *t)
{
	t->tv_sec = v / 1000000000;
	t->tv_nsec = v % 1000000000;
}

int
main(int argc, char *argv[])
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct sigaction sa;
	struct timespec t;
	struct in6_addr tmp;
	uint64_t sent = 0, errors = 0, late = 0, bykind[K_NKINDS] = { 0 };
	int64_t start, end, now, k, due;
	struct sched_param sp;
	long rate = 12000, secs = 30, rtprio = 0;
	socklen_t sslen;
	char *ep;
	int ch, fd, i, burst;
	double el;

	while ((ch = getopt(argc, argv, "R:r:s:t:")) != -1) {
		switch (ch) {
		case 'R':
			rtprio = strtol(optarg, &ep, 10);
			if (*ep != '\0' || rtprio < 1 || rtprio > 99)
				usage();
			break;
		case 'r':
			rate = strtol(optarg, &ep, 10);
			if (*ep != '\0' || rate < 1 || rate > 1000000)
				usage();
			break;
		case 's':
			rng = strtoull(optarg, &ep, 0);
			if (*ep != '\0' || rng == 0)
				usage();
			break;
		case 't':
			secs = strtol(optarg, &ep, 10);
			if (*ep != '\0' || secs < 1 || secs > 3600)
				usage();
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 3 || argc - 2 > MAXOTHER)
		usage();

	family = inet_pton(AF_INET6, argv[0], &tmp) == 1 ? AF_INET6 : AF_INET;
	alen = family == AF_INET ? 4 : 16;
	parse(argv[0], &client);
	parse(argv[1], &server);
	for (i = 2; i < argc; i++)
		parse(argv[i], &other[nother++]);

	for (i = 0; i < POOL; i++)
		build(&pool[i], cycle[i % (sizeof(cycle) / sizeof(cycle[0]))]);

	if ((fd = socket(family, SOCK_RAW, IPPROTO_RAW)) == -1) {
		perror("noise: socket");
		return 1;
	}
	memset(&ss, 0, sizeof(ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, client.a, 4);
		sslen = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, client.a, 16);
		sslen = sizeof(*sin6);
	}

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsig;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
	if (rtprio > 0) {
		memset(&sp, 0, sizeof(sp));
		sp.sched_priority = (int)rtprio;
		if (sched_setscheduler(0, SCHED_FIFO, &sp) == -1) {
			perror("noise: sched_setscheduler");
			return 1;
		}
	}

	printf("ready\n");
	fflush(stdout);

	clock_gettime(CLOCK_MONOTONIC, &t);
	start = ns(&t);
	end = start + (int64_t)secs * 1000000000;
	k = 0;		/* the next packet is due at start + k / rate */
	while (!stop) {
		clock_gettime(CLOCK_MONOTONIC, &t);
		now = ns(&t);
		if (now >= end)
			break;
		for (burst = 0; burst < BURST && !stop; burst++) {
			due = start + k * 1000000000 / rate;
			if (due > now)
				break;
			if (sendto(fd, pool[k % POOL].b, pool[k % POOL].len, 0,
			    (struct sockaddr *)&ss, sslen) == -1)
				errors++;
			else {
				sent++;
				bykind[pool[k % POOL].kind]++;
			}
			k++;
		}
		if (burst == BURST) {
			/* Too far behind: give up what is overdue. */
			due = (now - start) * rate / 1000000000 + 1;
			if (due > k) {
				late += due - k;
				k = due;
			}
		}
		abstime(start + k * 1000000000 / rate, &t);
		while (!stop && clock_nanosleep(CLOCK_MONOTONIC,
		    TIMER_ABSTIME, &t, NULL) == EINTR)
			;
	}
	clock_gettime(CLOCK_MONOTONIC, &t);
	el = (ns(&t) - start) / 1e9;

	for (i = 0; i < K_NKINDS; i++)
		printf("%s %ju\n", kindname[i], (uintmax_t)bykind[i]);
	printf("sent %ju packets in %.3f seconds, %.0f pps, %ju errors, "
	    "%ju late\n", (uintmax_t)sent, el, el > 0 ? sent / el : 0.0,
	    (uintmax_t)errors, (uintmax_t)late);
	close(fd);
	return 0;
}
