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
 * What the parent allows, decided without side effects: the checks of
 * a configuration and of a probe, and the capture filter of a checked
 * configuration.  The parent gathers the facts about the host (struct
 * policy_env) and acts on the answers; the child is assumed to lie.
 *
 * Root may ask for anything well formed.  A user other than root gets
 * a trace of their own: from an address of this host, through the
 * interface that carries it, from source ports the parent holds bound
 * for the run (so that no one else's connection shares them), and a
 * capture narrowed to that flow.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

/* Why something is refused, in why; -1.  hold.c's too. */
int
refuse(char *why, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, len, fmt, ap);
	va_end(ap);
	return (-1);
}

static int
is_loopback(int family, const union ttr_addr *a)
{
	if (family == AF_INET)
		return ((ntohl(a->v4.s_addr) >> 24) == 127);
	return (IN6_IS_ADDR_LOOPBACK(&a->v6));
}

/* Well formed, whoever asks. */
static int
check_form(const struct ttr_config *c, char *why, size_t len)
{
	int minlen, i, n;

	if (c->family != AF_INET && c->family != AF_INET6)
		return (refuse(why, len, "bad address family in "
		    "configuration"));
	if (memchr(c->ifname, '\0', sizeof(c->ifname)) == NULL ||
	    (c->bindif && c->ifname[0] == '\0'))
		return (refuse(why, len, "bad interface name in "
		    "configuration"));
	if ((c->tcpopts & ~TCPOPT_ALL) || c->wscale > 14)
		return (refuse(why, len, "bad TCP options in configuration"));
	/* The parent picks the spare ports: the child only says how many. */
	if (c->nrports > TTR_RPORTS || (c->nrports > 0 && c->nsport != 1))
		return (refuse(why, len, "bad spare ports in configuration"));
	for (i = 0; i < TTR_RPORTS; i++)
		if (c->rports[i] != 0)
			return (refuse(why, len, "bad spare ports in "
			    "configuration"));
	if (c->mtudisc > 1)
		return (refuse(why, len, "bad MTU discovery in "
		    "configuration"));
	if (c->method > METHOD_UDP)
		return (refuse(why, len, "bad probe method in "
		    "configuration"));
	if (c->ngw > TTR_MAXGW || (c->ngw > 0 && c->family != AF_INET))
		return (refuse(why, len, "bad gateway count in "
		    "configuration"));
	for (i = 0; i < c->ngw; i++)
		if (probe_badgw(c->gw[i]) != NULL)
			return (refuse(why, len, "bad gateway in "
			    "configuration: %s", probe_badgw(c->gw[i])));
	/* Not TCP: one port (none for ICMP), 16 bits tell probes apart. */
	if (c->method != METHOD_TCP && (c->nports > 1 ||
	    c->maxprobes > METHOD_MAXSEQ ||
	    (c->method == METHOD_ICMP) != (c->dport == 0)))
		return (refuse(why, len, "bad configuration for the probe "
		    "method"));
	minlen = (int)probe_minlen(c);
	if (c->first_ttl == 0 || c->max_ttl < c->first_ttl ||
	    c->length < minlen || c->length > TTR_MAXPACKET ||
	    c->nsport == 0 || c->maxprobes == 0 ||
	    c->maxprobes > TTR_MAXSEND ||
	    (c->dport == 0 && c->method == METHOD_UDP) ||
	    c->flowlabel > 0xfffff || c->setmark > 1 || c->dontroute > 1 ||
	    c->forceport > 1 || c->nofilter > 1 || c->bindif > 1)
		return (refuse(why, len, "bad configuration"));
	/* A range of source ports wraps inside 1024-65535: start there. */
	if (c->nsport > 1 && c->sport != 0 && c->sport < USER_MINPORT)
		return (refuse(why, len, "bad source port range in "
		    "configuration"));
	/* Several ports: as many as said, the first one dport, no 0. */
	if (c->nports > 1) {
		for (i = n = 0; i < 65536; i++)
			if (PORT_ISSET(c->dports, i)) {
				if (n++ == 0 && i != c->dport)
					break;
			}
		if (i < 65536 || PORT_ISSET(c->dports, 0) || n != c->nports)
			return (refuse(why, len, "bad port list in "
			    "configuration"));
	}
	return (0);
}

/*
 * A user's trace: no more than a user could do with sockets of their
 * own, plus the raw SYN.  The child checks the same with friendlier
 * words; this is the check that holds if the child lies.
 */
static int
check_user(const struct ttr_config *c, const struct policy_env *e,
    char *why, size_t len)
{
	if (c->maxprobes > USER_MAXSENT)
		return (refuse(why, len, "too many probes for an "
		    "unprivileged user"));
	if (c->setmark)
		return (refuse(why, len, "firewall mark needs root"));
	if (c->ngw > 0)
		return (refuse(why, len, "source routing needs root"));
	if (c->nofilter)
		return (refuse(why, len, "--no-filter needs root"));
	if (c->method == METHOD_TCP && (c->tcpflags & TTR_RST))
		return (refuse(why, len, "RST probes need root"));
	if (c->sport != 0 && c->sport < USER_MINPORT)
		return (refuse(why, len, "source port %u needs root",
		    c->sport));
	if (!e->src_local || (c->bindif && !e->src_on_if))
		return (refuse(why, len, "source address is not on an up "
		    "interface%s%s", c->bindif ? " " : "",
		    c->bindif ? c->ifname : ""));
	/* 127.0.0.1 on the wire is a spoofed packet, but to this host. */
	if (is_loopback(c->family, &c->src) &&
	    !is_loopback(c->family, &c->dst) && !e->dst_local)
		return (refuse(why, len, "loopback source address for a "
		    "destination elsewhere"));
	/*
	 * The capture: where the source address is, or where the route
	 * to the destination leaves (lo for this host's addresses).
	 */
	if (c->ifname[0] != '\0' && !e->src_on_if &&
	    strcmp(c->ifname, e->route_if) != 0)
		return (refuse(why, len, "interface %s does not carry the "
		    "trace", c->ifname));
	return (0);
}

int
check_config(const struct ttr_config *c, const struct policy_env *e,
    char *why, size_t len)
{
	if (check_form(c, why, len) == -1)
		return (-1);
	if (e->ruid != 0 && check_user(c, e, why, len) == -1)
		return (-1);
	return (0);
}

/* Port i of the range that starts at sport: wraps inside 1024-65535. */
uint16_t
policy_port(const struct ttr_config *c, uint32_t i)
{
	if (c->nsport == 1)
		return (c->sport);
	return ((uint16_t)(USER_MINPORT +
	    ((uint32_t)c->sport - USER_MINPORT + i) % (65536 - USER_MINPORT)));
}

/* Is port one of those the trace holds: its range, or a spare? */
int
policy_held(const struct ttr_config *c, uint16_t port)
{
	uint32_t off;
	int i;

	if (port == c->sport)
		return (1);
	for (i = 0; i < c->nrports; i++)
		if (c->rports[i] == port)
			return (1);
	if (c->nsport == 1 || port < USER_MINPORT)
		return (0);
	off = ((uint32_t)port + (65536 - USER_MINPORT) - c->sport) %
	    (65536 - USER_MINPORT);
	return (off < c->nsport);
}

/* A probe of a checked configuration; nsent counts it too. */
int
check_probe(const struct ttr_config *c, const struct ttr_probe *m,
    uint32_t nsent, char *why, size_t len)
{
	if (m->ttl < c->first_ttl || m->ttl > c->max_ttl)
		return (refuse(why, len, "probe TTL %u out of range", m->ttl));
	if (!policy_held(c, m->sport))
		return (refuse(why, len, "probe source port %u out of range",
		    m->sport));
	if (m->dport != 0 && m->dport != c->dport && (c->nports < 2 ||
	    !PORT_ISSET(c->dports, m->dport)))
		return (refuse(why, len, "probe destination port %u not "
		    "configured", m->dport));
	/* With --mtu a probe may be shorter than configured, not longer. */
	if (m->length != 0 && (!c->mtudisc || m->length > c->length ||
	    m->length < probe_minlen(c)))
		return (refuse(why, len, "probe length %u out of range",
		    m->length));
	if (c->method != METHOD_TCP && (m->seq == 0 ||
	    m->seq > METHOD_MAXSEQ))
		return (refuse(why, len, "probe sequence number %u out of "
		    "range", m->seq));
	if (m->pad != 0)
		return (refuse(why, len, "bad probe padding"));
	if (nsent > c->maxprobes)
		return (refuse(why, len, "too many probes"));
	return (0);
}

/* Append to the filter; -1 once it does not fit. */
__attribute__((__format__ (printf, 3, 4)))
static int
cat(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	size_t off = strlen(buf);
	int n;

	if (off >= len)
		return (-1);
	va_start(ap, fmt);
	n = vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
	return (n < 0 || (size_t)n >= len - off ? -1 : 0);
}

/*
 * The ports the trace holds, as a test of the 16 bits at expr (a
 * header field) or with the keyword (port, src port, dst port).
 */
static int
cat_ports(char *buf, size_t len, const struct ttr_config *c,
    const char *expr, const char *keyword)
{
	uint32_t last;
	uint16_t lo, hi;
	int i, r;

	lo = c->sport;
	hi = policy_port(c, c->nsport - 1);
	last = (uint32_t)lo + c->nsport - 1;
	r = cat(buf, len, "(");
	if (keyword != NULL && c->nsport == 1)
		r |= cat(buf, len, "%s %u", keyword, lo);
	else if (keyword != NULL && last <= 65535)
		r |= cat(buf, len, "%srange %u-%u", keyword, lo, hi);
	else if (keyword != NULL)
		r |= cat(buf, len, "%srange %u-65535 or %srange %u-%u",
		    keyword, lo, keyword, USER_MINPORT, hi);
	else if (c->nsport == 1)
		r |= cat(buf, len, "%s == %u", expr, lo);
	else if (last <= 65535)
		r |= cat(buf, len, "(%s >= %u and %s <= %u)", expr, lo,
		    expr, hi);
	else
		r |= cat(buf, len, "%s >= %u or (%s >= %u and %s <= %u)",
		    expr, lo, expr, USER_MINPORT, expr, hi);
	for (i = 0; i < c->nrports; i++) {
		if (keyword != NULL)
			r |= cat(buf, len, " or %s %u", keyword, c->rports[i]);
		else
			r |= cat(buf, len, " or %s == %u", expr, c->rports[i]);
	}
	r |= cat(buf, len, ")");
	return (r);
}

/* What our probes carry: TCP or UDP, or the ICMP echo. */
static uint8_t
quoted_proto(const struct ttr_config *c)
{
	if (c->method == METHOD_TCP)
		return (IPPROTO_TCP);
	if (c->method == METHOD_UDP)
		return (IPPROTO_UDP);
	return (c->family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
}

/*
 * ICMP errors to us that quote one of our probes: the quote's protocol
 * and source port (or echo identifier) are ours.  IPv4 quotes an IP
 * header of any length; our IPv6 probes carry no extension header.
 */
static int
cat_errors(char *buf, size_t len, const struct ttr_config *c, int narrow,
    const char *src)
{
	char expr[64];
	int echo = c->method == METHOD_ICMP, r;

	if (c->family == AF_INET) {
		snprintf(expr, sizeof(expr), "icmp[%d + ((icmp[8] & 0xf) << "
		    "2):2]", echo ? 12 : 8);
		r = cat(buf, len, "(icmp and dst host %s and (icmp[0] == %d or "
		    "icmp[0] == %d or icmp[0] == %d or icmp[0] == %d or "
		    "icmp[0] == %d)", src, ICMP_UNREACH, ICMP_SOURCEQUENCH,
		    ICMP_REDIRECT, ICMP_TIMXCEED, ICMP_PARAMPROB);
		if (narrow)
			r |= cat(buf, len, " and icmp[17] == %u and ",
			    quoted_proto(c));
	} else {
		snprintf(expr, sizeof(expr), "ip6[%d:2]", echo ? 92 : 88);
		r = cat(buf, len, "(icmp6 and dst host %s and (ip6[40] == %d "
		    "or ip6[40] == %d or ip6[40] == %d or ip6[40] == %d)", src,
		    ICMP6_DST_UNREACH, ICMP6_PACKET_TOO_BIG,
		    ICMP6_TIME_EXCEEDED, ICMP6_PARAM_PROB);
		if (narrow)
			r |= cat(buf, len, " and ip6[54] == %u and ",
			    quoted_proto(c));
	}
	if (narrow)
		r |= cat_ports(buf, len, c, expr, NULL);
	r |= cat(buf, len, ")");
	return (r);
}

/*
 * The capture filter of a checked configuration: our own probes (their
 * send times), what the destination sends back, and ICMP errors to us.
 * narrow (users other than root): only to and from the ports the parent
 * holds, and errors quoting them.  Root's filter leaves that to the
 * child, whose -d then names the lies it ignored; empty with
 * --no-filter (root's only).  -1 if it does not fit.
 */
int
policy_filter(const struct ttr_config *c, int narrow, char *buf, size_t len)
{
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN];
	char hop[INET6_ADDRSTRLEN];
	const char *icmp = c->family == AF_INET ? "icmp" : "icmp6";
	char id[16];
	unsigned int lo, hi, port;
	int r = 0;

	if (len == 0)
		return (-1);
	buf[0] = '\0';
	if (c->nofilter)
		return (0);
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
	snprintf(id, sizeof(id), "%s[%d:2]", c->family == AF_INET ? "icmp" :
	    "ip6", c->family == AF_INET ? 4 : 44);

	switch (c->method) {
	case METHOD_TCP:
		r |= cat(buf, len, "(tcp and src host %s and dst host %s and "
		    "dst portrange %u-%u", src, hop, lo, hi);
		if (narrow) {
			r |= cat(buf, len, " and ");
			r |= cat_ports(buf, len, c, NULL, "src port");
		}
		r |= cat(buf, len, ") or (tcp and src host %s and src "
		    "portrange %u-%u and dst host %s", dst, lo, hi, src);
		if (narrow) {
			r |= cat(buf, len, " and ");
			r |= cat_ports(buf, len, c, NULL, "dst port");
		}
		break;
	case METHOD_UDP:
		r |= cat(buf, len, "(udp and src host %s and dst host %s and "
		    "dst port %u", src, hop, c->dport);
		if (narrow) {
			r |= cat(buf, len, " and ");
			r |= cat_ports(buf, len, c, NULL, "src port");
		}
		break;
	default:
		/* The echo's identifier is the source port. */
		r |= cat(buf, len, "(%s and src host %s and dst host %s and "
		    "%s == %u", icmp, src, hop, c->family == AF_INET ?
		    "icmp[0]" : "ip6[40]", c->family == AF_INET ? ICMP_ECHO :
		    ICMP6_ECHO_REQUEST);
		if (narrow) {
			r |= cat(buf, len, " and ");
			r |= cat_ports(buf, len, c, id, NULL);
		}
		r |= cat(buf, len, ") or (%s and src host %s and dst host %s "
		    "and %s == %u", icmp, dst, src, c->family ==
		    AF_INET ? "icmp[0]" : "ip6[40]", c->family == AF_INET ?
		    ICMP_ECHOREPLY : ICMP6_ECHO_REPLY);
		if (narrow) {
			r |= cat(buf, len, " and ");
			r |= cat_ports(buf, len, c, id, NULL);
		}
		break;
	}
	r |= cat(buf, len, ") or ");
	r |= cat_errors(buf, len, c, narrow, src);
	return (r == 0 ? 0 : -1);
}
