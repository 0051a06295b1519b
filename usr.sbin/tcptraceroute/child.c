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
 * The unprivileged child.  It gives up root before it looks at argv:
 * it keeps only CAP_SYS_CHROOT until it has read what it needs from the
 * file system (services, hosts, resolv.conf), then chroots, drops that
 * too and sandboxes itself before the first captured byte arrives.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <err.h>
#include <errno.h>
#include <event2/event.h>
#include <grp.h>
#include <ifaddrs.h>
#include <imsg.h>
#include <net/if.h>
#include <netdb.h>
#include <poll.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"
#include "tcptraceroute.h"

static socklen_t
to_sockaddr(int family, const union ttr_addr *a, uint16_t port,
    struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr = a->v4;
		sin->sin_port = htons(port);
		return (sizeof(*sin));
	}
	sin6->sin6_family = AF_INET6;
	sin6->sin6_addr = a->v6;
	sin6->sin6_port = htons(port);
	return (sizeof(*sin6));
}

static void
from_sockaddr(const struct sockaddr *sa, union ttr_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (sa->sa_family == AF_INET)
		a->v4 = ((const struct sockaddr_in *)sa)->sin_addr;
	else
		a->v6 = ((const struct sockaddr_in6 *)sa)->sin6_addr;
}

/*
 * The address to trace: of the wanted family, or with none wanted an
 * IPv4 address if the name has one (as 1.5, which knew only IPv4, and
 * the scripts that read its output expect), else the first IPv6 one.
 * 0, or getaddrinfo's error.
 */
static int
resolve_host(const char *host, int family, int *afp, union ttr_addr *a)
{
	struct addrinfo hints, *res, *ai, *v6 = NULL;
	int error;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = family;
	hints.ai_socktype = SOCK_STREAM;
	if ((error = getaddrinfo(host, NULL, &hints, &res)) != 0)
		return (error);
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		if (ai->ai_family == AF_INET)
			break;
		if (ai->ai_family == AF_INET6 && v6 == NULL)
			v6 = ai;
	}
	if (ai == NULL)
		ai = v6;
	if (ai == NULL) {
		freeaddrinfo(res);
		return (EAI_NONAME);
	}
	*afp = ai->ai_family;
	from_sockaddr(ai->ai_addr, a);
	freeaddrinfo(res);
	return (0);
}

/*
 * The host has no address of the family asked for (-4, -6, or that of
 * the destination, for -s): if it has one of the other family, say so
 * and exit; what says what it is ("source address ").
 */
static void
other_family(const char *what, const char *host, int family)
{
	union ttr_addr a;
	int af;

	if (family == AF_UNSPEC ||
	    resolve_host(host, AF_UNSPEC, &af, &a) != 0 || af == family)
		return;
	if (inet_pton(af, host, &a) == 1)
		errx(1, "%s%s is an %s address, not %s", what, host,
		    af == AF_INET ? "IPv4" : "IPv6",
		    family == AF_INET ? "IPv4" : "IPv6");
	errx(1, "%s%s has no %s address, only %s", what, host,
	    family == AF_INET ? "IPv4" : "IPv6",
	    af == AF_INET ? "IPv4" : "IPv6");
}

/*
 * resolve_host's error for name: a name with addresses of the other
 * family only says so; a name that does not exist is unknown (unknown
 * says what: "unknown host"); any other failure, a name server that
 * cannot be reached say, is said in the resolver's words, after what
 * ("gateway ").
 */
__attribute__((__noreturn__))
static void
resolve_fail(int error, const char *unknown, const char *what,
    const char *name, int family)
{
	other_family(*what == '\0' ? "host " : what, name, family);
	switch (error) {
	case EAI_NONAME:
#ifdef EAI_NODATA
	case EAI_NODATA:
#endif
#ifdef EAI_ADDRFAMILY
	case EAI_ADDRFAMILY:
#endif
		errx(1, "%s: %s", unknown, name);
	case EAI_SYSTEM:
		err(1, "cannot resolve %s%s", what, name);
	}
	errx(1, "cannot resolve %s%s: %s", what, name, gai_strerror(error));
}

/*
 * The interface that holds addr, or with want_if set, the best address
 * of that family on interface want_if (a global one before link-local).
 */
static int
find_interface(int family, union ttr_addr *addr, const char *want_if,
    char *ifname)
{
	struct ifaddrs *ifap, *ifa;
	union ttr_addr a;
	int found = 0;

	if (getifaddrs(&ifap) == -1)
		err(1, "getifaddrs");
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
		if (ifa->ifa_addr == NULL || ifa->ifa_addr->sa_family != family)
			continue;
		from_sockaddr(ifa->ifa_addr, &a);
		if (want_if != NULL) {
			if (strcmp(ifa->ifa_name, want_if) != 0)
				continue;
			if (found && family == AF_INET6 &&
			    IN6_IS_ADDR_LINKLOCAL(&a.v6))
				continue;
			*addr = a;
			found = 1;
			if (family == AF_INET ||
			    !IN6_IS_ADDR_LINKLOCAL(&a.v6))
				break;
		} else if (addr_eq(family, &a, addr)) {
			strlcpy(ifname, ifa->ifa_name, IF_NAMESIZE);
			found = 1;
			break;
		}
	}
	freeifaddrs(ifap);
	return (found ? 0 : -1);
}

/* The source address the kernel would pick for dst. */
static void
route_source(int family, const union ttr_addr *dst, const char *host,
    uint16_t dport, union ttr_addr *src)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int s;

	if ((s = socket(family, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	len = to_sockaddr(family, dst, dport, &ss);
	if (connect(s, (struct sockaddr *)&ss, len) == -1)
		errx(1, "no route to host %s: %s", host, strerror(errno));
	len = sizeof(ss);
	if (getsockname(s, (struct sockaddr *)&ss, &len) == -1)
		err(1, "getsockname");
	from_sockaddr((struct sockaddr *)&ss, src);
	close(s);
}

/* A number from /proc/sys, or -1. */
static int
sysctl_value(const char *path)
{
	char buf[32];
	const char *errstr;
	FILE *fp;
	int v;

	if ((fp = fopen(path, "r")) == NULL)
		return (-1);
	if (fgets(buf, sizeof(buf), fp) == NULL) {
		fclose(fp);
		return (-1);
	}
	fclose(fp);
	buf[strcspn(buf, "\n")] = '\0';
	v = (int)strtonum(buf, 0, 1000, &errstr);
	return (errstr == NULL ? v : -1);
}

/*
 * Flags and options of every probe: 1.5's -S, -A, -E, or -O's flags;
 * -O's options, or with -O sysctl those this host's own SYNs carry.
 */
static void
tcp_options(const struct options *o, struct ttr_config *cfg)
{
	int ecn = o->ecn, opts = o->tcpopts;

	if (o->sysctl) {
		if (sysctl_value("/proc/sys/net/ipv4/tcp_sack") > 0)
			opts |= TCPOPT_SACK;
		if (sysctl_value("/proc/sys/net/ipv4/tcp_timestamps") > 0)
			opts |= TCPOPT_TS;
		if (sysctl_value("/proc/sys/net/ipv4/tcp_window_scaling") > 0)
			opts |= TCPOPT_WSCALE;
		if (sysctl_value("/proc/sys/net/ipv4/tcp_ecn") == 1)
			ecn = 1;
	}
	if (o->tcpflags != -1)
		cfg->tcpflags = (uint8_t)o->tcpflags;
	else
		cfg->tcpflags = (o->syn ? TTR_SYN : 0) |
		    (o->ack ? TTR_ACK : 0);
	if (ecn)
		cfg->tcpflags |= TTR_CWR | TTR_ECE;
	cfg->tcpopts = (uint8_t)opts;
	cfg->mss = (uint16_t)o->mss;
	cfg->wscale = 7;	/* what Linux offers on a typical host */
}

/*
 * --mtu: the first probes are as long as the interface's MTU allows,
 * no longer than we build, no shorter than the headers.  Asked before
 * the sandbox closes (an ioctl).
 */
static uint16_t
if_mtu(const char *ifname, int minlen)
{
	struct ifreq ifr;
	int s, mtu;

	memset(&ifr, 0, sizeof(ifr));
	strlcpy(ifr.ifr_name, ifname, sizeof(ifr.ifr_name));
	if ((s = socket(AF_INET, SOCK_DGRAM, 0)) == -1)
		err(1, "socket");
	if (ioctl(s, SIOCGIFMTU, &ifr) == -1)
		err(1, "cannot find the MTU of %s", ifname);
	close(s);
	mtu = ifr.ifr_mtu;
	if (mtu > TTR_MAXPACKET)
		mtu = TTR_MAXPACKET;
	if (mtu < minlen)
		mtu = minlen;
	return ((uint16_t)mtu);
}

/* Every port's probes, before any resend. */
static int
probes_planned(const struct options *o)
{
	return ((o->max_ttl - o->first_ttl + 1) * o->nqueries *
	    (o->nports > 1 ? o->nports : 1));
}

/*
 * -g: each gateway in the destination's family, resolved before the
 * sandbox closes; the parent checks them again.
 */
static void
resolve_gateways(const struct options *o, struct ttr_config *cfg)
{
	union ttr_addr a;
	char *list, *p, *name;
	const char *why;
	int af, error;

	if (cfg->family != AF_INET)
		errx(1, "-g is IPv4 only: the type 0 routing header is "
		    "deprecated (RFC 5095)");
	if ((list = strdup(o->gateways)) == NULL)
		err(1, NULL);
	p = list;
	while ((name = strsep(&p, ",")) != NULL) {
		if (cfg->ngw >= TTR_MAXGW)
			errx(1, "too many gateways (at most %d)", TTR_MAXGW);
		if ((error = resolve_host(name, AF_INET, &af, &a)) != 0)
			resolve_fail(error, "unknown gateway", "gateway ",
			    name, AF_INET);
		if ((why = probe_badgw(a.v4)) != NULL)
			errx(1, "bad gateway %s: %s", name, why);
		cfg->gw[cfg->ngw++] = a.v4;
	}
	free(list);
}

/* Work out the frozen configuration from the options. */
static void
configure(const struct options *o, struct ttr_config *cfg, int maxsent)
{
	union ttr_addr a;
	int family, minlen, n, budget, error;

	memset(cfg, 0, sizeof(*cfg));
	if ((error = resolve_host(o->host, o->family, &family,
	    &cfg->dst)) != 0)
		resolve_fail(error, "unknown host", "", o->host,
		    o->family);
	cfg->family = family;
	if (o->ngw > 0)
		resolve_gateways(o, cfg);

	if (o->ifname != NULL && if_nametoindex(o->ifname) == 0)
		errx(1, "unknown interface: %s", o->ifname);

	if (o->srcaddr != NULL) {
		if ((error = resolve_host(o->srcaddr, family, &family,
		    &cfg->src)) != 0)
			resolve_fail(error, "bad source address",
			    "source address ", o->srcaddr, family);
		a = cfg->src;
		if (find_interface(family, &a, NULL, cfg->ifname) == -1)
			errx(1, "source address %s is not on this host",
			    o->srcaddr);
	} else if (o->ifname != NULL) {
		if (find_interface(family, &cfg->src, o->ifname, NULL) == -1)
			errx(1, "interface %s has no %s address", o->ifname,
			    family == AF_INET ? "IPv4" : "IPv6");
	} else if (cfg->ngw > 0) {
		/* Sent to the first gateway: its route picks the source. */
		memset(&a, 0, sizeof(a));
		a.v4 = cfg->gw[0];
		route_source(family, &a, o->host, (uint16_t)o->dport,
		    &cfg->src);
	} else
		route_source(family, &cfg->dst, o->host, (uint16_t)o->dport,
		    &cfg->src);

	/*
	 * The capture listens where the replies arrive: on the interface
	 * the route leaves by (the loopback for an address of ours), not
	 * necessarily the one that holds the source address.
	 */
	memset(&a, 0, sizeof(a));
	if (cfg->ngw > 0)
		a.v4 = cfg->gw[0];
	else
		a = cfg->dst;
	if (o->ifname != NULL) {
		strlcpy(cfg->ifname, o->ifname, sizeof(cfg->ifname));
		cfg->bindif = 1;
	} else if ((o->dontroute || route_ifname(family, &a, &cfg->src,
	    o->fwmark_set, o->fwmark, cfg->ifname) == -1) &&
	    cfg->ifname[0] == '\0' &&
	    find_interface(family, &cfg->src, NULL, cfg->ifname) == -1)
		errx(1, "cannot find the interface of the source address");

	cfg->method = (uint8_t)o->method;
	if (o->method == METHOD_TCP)
		tcp_options(o, cfg);
	minlen = (int)probe_minlen(cfg);
	cfg->length = (uint16_t)o->length;
	if (o->length < minlen) {
		if (o->length != 0)
			fprintf(stderr, "Warning: Increasing packet length "
			    "to %d bytes\n", minlen);
		cfg->length = (uint16_t)minlen;
	}
	if (o->mtu) {
		cfg->mtudisc = 1;
		cfg->length = if_mtu(cfg->ifname, minlen);
	}
	cfg->dport = (uint16_t)o->dport;
	/* An echo request has no port. */
	if (o->method == METHOD_ICMP)
		cfg->dport = 0;
	if (o->nports > 1) {
		cfg->nports = (uint16_t)o->nports;
		memcpy(cfg->dports, o->portmap, sizeof(cfg->dports));
	}
	cfg->window = 5840;

	cfg->tos = (uint8_t)o->tos;
	cfg->fwmark = o->fwmark;
	cfg->setmark = (uint8_t)o->fwmark_set;
	cfg->dontroute = (uint8_t)o->dontroute;
	/* IPv4 has no flow label: ignored there, as Linux traceroute does. */
	if (family == AF_INET6)
		cfg->flowlabel = (uint32_t)o->flowlabel;
	cfg->df = (uint8_t)o->df;
	cfg->first_ttl = (uint8_t)o->first_ttl;
	cfg->max_ttl = (uint8_t)o->max_ttl;
	cfg->nofilter = (uint8_t)o->nofilter;
	cfg->nsport = 1;
	/*
	 * The probes of the trace, and resends (see sched.c): on drained
	 * routers up to one for each probe of a third of the hops; a scan
	 * may send each port's probe again.
	 */
	n = probes_planned(o);
	budget = o->retries > 0 ? n / 3 + 8 : 0;
	if (budget > 100 * (o->nports > 1 ? o->nports : 1))
		budget = 100 * (o->nports > 1 ? o->nports : 1);
	if (o->scan && o->retries > 0)
		budget = n;
	/* --mtu: a probe sent again for each smaller MTU on the way. */
	if (o->mtu)
		budget += MTU_BUDGET;
	/* Users other than root: resends within what the parent allows. */
	if (maxsent > 0 && n + budget > maxsent)
		budget = maxsent > n ? maxsent - n : 0;
	cfg->maxprobes = (uint32_t)(n + budget);
	if (o->track == TRACK_PORT)
		cfg->nsport = (uint16_t)cfg->maxprobes;
	/* --ecmp: slot q of every hop from port sport + q - 1. */
	if (o->ecmp)
		cfg->nsport = (uint16_t)o->nqueries;
}

/* What a user other than root may ask of a setuid tool. */
static void
user_limits(const struct options *o)
{
	struct ifaddrs *ifap, *ifa;
	int n, up = 0;

	if (o->sport != 0 && o->sport < USER_MINPORT)
		errx(1, "source port below %d needs root: %d", USER_MINPORT,
		    o->sport);
	/* A mark may choose a routing table or pass a firewall. */
	if (o->fwmark_set)
		errx(1, "--fwmark needs root");
	/* Source routing may reach hosts that are otherwise unreachable. */
	if (o->ngw > 0)
		errx(1, "-g (source routing) needs root");
	/* What a user's trace may not carry (the parent refuses it too). */
	if (o->nofilter)
		errx(1, "--no-filter needs root");
	if (o->method == METHOD_TCP && o->tcpflags != -1 &&
	    (o->tcpflags & TTR_RST))
		errx(1, "RST probes (-O rst) need root");
	if (o->squeries > USER_QUEUE)
		errx(1, "more than %d simultaneous queries need root: %d",
		    USER_QUEUE, o->squeries);
	if (o->waitms < USER_MINWAITMS)
		errx(1, "wait time below %d.%02d s needs root",
		    USER_MINWAITMS / 1000, USER_MINWAITMS % 1000 / 10);
	n = probes_planned(o);
	if (n > USER_MAXPROBES)
		errx(1, "too many probes for an unprivileged user: %d "
		    "(at most %d)", n, USER_MAXPROBES);
	if (o->ifname == NULL)
		return;
	if (getifaddrs(&ifap) == -1)
		err(1, "getifaddrs");
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next)
		if (strcmp(ifa->ifa_name, o->ifname) == 0 &&
		    (ifa->ifa_flags & IFF_UP))
			up = 1;
	freeifaddrs(ifap);
	if (!up)
		errx(1, "interface %s is not up", o->ifname);
}

/* getservbyport reads a file: ask before the chroot. */
static void
service_name(uint16_t port, const char *proto, char *buf, size_t len)
{
	struct servent *se;

	buf[0] = '\0';
	if (port != 0 && (se = getservbyport(htons(port), proto)) != NULL)
		strlcpy(buf, se->s_name, len);
}

static void
print_header(const struct options *o, const struct ttr_config *cfg)
{
	char addr[INET6_ADDRSTRLEN];

	addr_ntop(cfg->family, &cfg->src, addr, sizeof(addr));
	fprintf(stderr, "Selected device %s, address %s", cfg->ifname, addr);
	if (o->ecmp)
		fprintf(stderr, ", ports %d-%d", cfg->sport,
		    1024 + (cfg->sport - 1024 + cfg->nsport - 1) % 64512);
	else if (o->track != TRACK_PORT)
		fprintf(stderr, ", port %u", cfg->sport);
	fprintf(stderr, " for outgoing packets\n");
}

/*
 * Each port's service name, for the line before its trace (none for
 * --scan and -c, which print no such lines).
 */
static char **
service_names(const struct options *o, const struct ttr_config *cfg)
{
	char **names, buf[64];
	int n = cfg->nports > 1 ? cfg->nports : 1, i, port;

	if ((names = calloc(n, sizeof(*names))) == NULL)
		err(1, NULL);
	if (o->scan || (o->condensed && n > 1))
		return (names);
	for (i = 0, port = cfg->dport; i < n; i++) {
		service_name((uint16_t)port, cfg->method == METHOD_UDP ?
		    "udp" : "tcp", buf, sizeof(buf));
		if ((names[i] = strdup(buf)) == NULL)
			err(1, NULL);
		if (cfg->nports > 1)
			port = ports_next(cfg->dports, port);
	}
	return (names);
}

/*
 * Wait for the parent's answer to the configuration: the capture's
 * link type and the source ports it holds for us.
 */
static int
wait_ready(struct imsgbuf *ibuf, struct ttr_config *cfg)
{
	struct ttr_ready ready;
	struct pollfd pfd;
	struct imsg imsg;
	ssize_t n;

	if (imsgbuf_flush(ibuf) == -1)
		errx(1, "lost the privileged process");
	for (;;) {
		if ((n = imsg_get(ibuf, &imsg)) == -1)
			err(1, "imsg_get");
		if (n > 0)
			break;
		pfd.fd = ibuf->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			err(1, "poll");
		if ((n = imsgbuf_read(ibuf)) == -1 && errno != ECONNRESET)
			err(1, "imsg read");
		/* The parent said why it gave up; just leave. */
		if (n <= 0)
			exit(1);
	}
	if (imsg_get_type(&imsg) != IMSG_READY ||
	    imsg_get_data(&imsg, &ready, sizeof(ready)) == -1 ||
	    ready.nrports > cfg->nrports || (cfg->sport != 0 &&
	    !cfg->forceport && ready.sport != cfg->sport))
		errx(1, "unexpected answer from the privileged process");
	imsg_free(&imsg);
	cfg->sport = ready.sport;
	cfg->nrports = ready.nrports;
	memcpy(cfg->rports, ready.rports, sizeof(cfg->rports));
	return (ready.dlt);
}

void
child_main(int fd, uid_t ruid, int argc, char *argv[])
{
	struct event_config *ecfg;
	struct event_base *base;
	struct imsgbuf ibuf;
	struct options opts;
	struct ttr_config cfg;
	struct passwd *pw = NULL;
	char errbuf[256], **services;
	int privileged, dlt, status;

	if (geteuid() == 0 && (pw = getpwnam(TTR_USER)) == NULL &&
	    (pw = getpwnam(TTR_FALLBACK_USER)) == NULL)
		errx(1, "no user %s or %s", TTR_USER, TTR_FALLBACK_USER);
	privileged = priv_drop_child(pw);

	switch (options_parse(argc, argv, &opts, errbuf, sizeof(errbuf))) {
	case OPT_OK:
		break;
	case OPT_ERROR:
		errx(1, "%s", errbuf);
	case OPT_USAGE:
		options_usage(stderr);
		exit(1);
	case OPT_HELP:
		options_help(stdout);
		exit(0);
	case OPT_VERSION:
		printf("tcptraceroute %s\n"
		    "A TCP traceroute, a drop-in for tcptraceroute 1.5 by "
		    "Michael C. Toren.\n"
		    "Copyright (c) 2026 The tcptraceroute developers\n",
		    TTR_VERSION);
		exit(0);
	}

	/*
	 * -d tells root of every packet the capture let in; a user learns
	 * only of the trace's own probes and their answers, nothing of
	 * other traffic to this host.
	 */
	opts.foreign = ruid == 0;
	if (ruid != 0)
		user_limits(&opts);
	configure(&opts, &cfg, ruid != 0 ? USER_MAXSENT : 0);
	/*
	 * The parent holds the source ports (hold.c): -p's or any, the
	 * range of --ecmp and --track-port, and spare ports, which avoid
	 * TCP's collisions (trace.c).  Its answer says which they are.
	 */
	cfg.sport = (uint16_t)opts.sport;
	cfg.forceport = (uint8_t)(opts.sport != 0 && opts.forceport);
	if (cfg.nsport == 1 && opts.retries > 0 &&
	    cfg.method == METHOD_TCP)
		cfg.nrports = TTR_RPORTS;
	services = service_names(&opts, &cfg);

	/* Timers to the microsecond: probes go SCHED_GAP_US apart. */
	if ((ecfg = event_config_new()) == NULL ||
	    event_config_set_flag(ecfg, EVENT_BASE_FLAG_PRECISE_TIMER) == -1 ||
	    (base = event_base_new_with_config(ecfg)) == NULL)
		errx(1, "event_base_new");
	event_config_free(ecfg);
	/* -n: no names, but --as-path-lookups still asks for ASes. */
	if ((opts.numeric != 1 || opts.asn) &&
	    resolve_init(base, trace_names_ready, NULL) == -1)
		warnx("cannot start the resolver; printing addresses only");

	if (privileged)
		priv_chroot(pw);
	/* Nothing below opens a file; unveil or landlock makes sure of it. */
#ifdef __OpenBSD__
	if (unveil("/", "") == -1 || unveil(NULL, NULL) == -1)
		err(1, "unveil");
#else
	if (landlock_deny_all() == -1 && errno != ENOSYS &&
	    errno != EOPNOTSUPP)
		err(1, "landlock");
#endif
	/*
	 * The resolver's UDP sockets are connected already; dns is for
	 * the TCP connection an answer too long for UDP takes.  No inet:
	 * nothing listens, and the parent holds the source ports.
	 */
	if (pledge("stdio dns", NULL) == -1)
		err(1, "pledge");

	if (imsgbuf_init(&ibuf, fd) == -1)
		err(1, "imsgbuf_init");
	if (imsg_compose(&ibuf, IMSG_CONFIG, 0, 0, -1, &cfg,
	    sizeof(cfg)) == -1)
		err(1, "imsg_compose");
	dlt = wait_ready(&ibuf, &cfg);

	print_header(&opts, &cfg);
	status = trace_run(base, &ibuf, &opts, &cfg, dlt,
	    (const char * const *)services);
	exit(status);
}
