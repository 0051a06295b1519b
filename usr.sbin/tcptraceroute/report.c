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
 * tracetcp's ways of showing several ports: a condensed line a hop,
 * a line a port when scanning, and what comparing the ports' traces
 * tells that reading them one by one does not: which hop a port stops
 * at while others pass, and which port's "destination" is nearer than
 * the others' (a transparent proxy answering in its name).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcptraceroute.h"

#define CELL	10	/* a column for a time or a star */

static void
cat(struct condensed *c, const char *s)
{
	strlcat(c->line, s, sizeof(c->line));
}

/*
 * What tracetcp's lines start with: "[address:port]", an IPv6 address
 * in brackets of its own, or "[address]" for port 0 (an echo has none).
 */
void
report_prefix(char *buf, size_t len, int family, const union ttr_addr *dst,
    uint16_t port)
{
	char addr[INET6_ADDRSTRLEN];

	addr_ntop(family, dst, addr, sizeof(addr));
	if (port == 0)
		snprintf(buf, len, "[%s]", addr);
	else if (family == AF_INET6)
		snprintf(buf, len, "[[%s]:%u]", addr, port);
	else
		snprintf(buf, len, "[%s:%u]", addr, port);
}

/*
 * -c: "[address:port]  ttl  rtt ms  ... router", one line a hop, or
 * "Request timed out." when no probe of the hop was answered, or the
 * destination's "Dest. in N ms. Port OPEN on address".  Probes are fed
 * in order; the line goes out with the hop's last.
 */
void
report_condensed(struct condensed *c, const struct hop_result *hr,
    int nqueries, FILE *fp)
{
	char cell[32], addr[INET6_ADDRSTRLEN];
	size_t len;

	if (hr->q == 1) {
		snprintf(c->line, sizeof(c->line), "%s  %d  ", c->prefix,
		    hr->ttl);
		c->answered = 0;
		c->dest = 0;
	}
	if (c->dest)
		;	/* one answer from the destination says it all */
	else if (hr->answered && hr->state[0] != '\0') {
		addr_ntop(hr->family, &hr->addr, addr, sizeof(addr));
		snprintf(cell, sizeof(cell), "Dest. in %.3f ms. ", hr->rtt);
		cat(c, cell);
		cat(c, strcmp(hr->state, "closed") == 0 ? "Port closed on " :
		    strncmp(hr->state, "open", 4) == 0 ? "Port OPEN on " :
		    "Port answered on ");
		cat(c, addr);
		c->dest = 1;
	} else {
		if (hr->answered) {
			snprintf(cell, sizeof(cell), "%.3f ms", hr->rtt);
			c->answered = 1;
			/* Remember the router; it goes after the times. */
			addr_ntop(hr->family, &hr->addr, c->router,
			    sizeof(c->router));
			if (hr->name != NULL)
				snprintf(c->rname, sizeof(c->rname), " [%s]",
				    hr->name);
			else
				c->rname[0] = '\0';
			if (hr->annot[0] != '\0')
				snprintf(c->rannot, sizeof(c->rannot), " %s",
				    hr->annot);
		} else
			strlcpy(cell, "*", sizeof(cell));
		cat(c, cell);
		for (len = strlen(cell); len < CELL; len++)
			cat(c, " ");
		if (strlen(cell) >= CELL)
			cat(c, " ");
	}
	if (hr->q < nqueries)
		return;
	if (!c->dest) {
		if (c->answered) {
			cat(c, c->router);
			cat(c, c->rname);
			cat(c, c->rannot);
		} else
			cat(c, "Request timed out.");
	}
	/* No trailing blanks. */
	len = strlen(c->line);
	while (len > 0 && c->line[len - 1] == ' ')
		c->line[--len] = '\0';
	fprintf(fp, "%s\n", c->line);
	c->rannot[0] = '\0';
}

/* What a port's final answer says of it: open, closed or filtered. */
enum verdict { V_OPEN, V_CLOSED, V_UNKNOWN, V_FILTERED, V_NVERDICTS };
static const char *verdicts[V_NVERDICTS] = {
	"OPEN", "closed", "unknown", "filtered"
};

static enum verdict
verdict(const struct port_result *pr)
{
	if (pr->dest && (pr->tcpflags & TTR_RST))
		return (V_CLOSED);
	if (pr->dest && (pr->tcpflags & (TTR_SYN|TTR_ACK)) ==
	    (TTR_SYN|TTR_ACK))
		return (V_OPEN);
	if (pr->dest)
		return (V_UNKNOWN);
	return (V_FILTERED);
}

/*
 * --scan: "[address:port]  Dest. in 0.123 ms. Port OPEN on address",
 * closed the same way, "*  Request timed out. Port filtered" for no
 * answer and "Rejected in ... by router !A. Port filtered" for an
 * unreachable.
 */
void
report_scan(const struct port_result *pr, int family,
    const union ttr_addr *dst, FILE *fp)
{
	char prefix[64], from[INET6_ADDRSTRLEN], annot[16];

	report_prefix(prefix, sizeof(prefix), family, dst, pr->port);
	fprintf(fp, "%s  ", prefix);
	if (pr->dest) {
		addr_ntop(family, &pr->from, from, sizeof(from));
		fprintf(fp, "Dest. in %.3f ms. Port %s on %s\n", pr->rtt,
		    verdicts[verdict(pr)], from);
	} else if (pr->reached != 0) {
		addr_ntop(family, &pr->from, from, sizeof(from));
		output_unreach(family, pr->icmp_type, pr->icmp_code, annot,
		    sizeof(annot));
		fprintf(fp, "Rejected in %.3f ms by %s %s. Port filtered\n",
		    pr->rtt, from, annot);
	} else
		fprintf(fp, "*       Request timed out. Port filtered\n");
}

/* fprintf, or nothing for a NULL stream. */
__attribute__((__format__ (printf, 2, 3)))
static void
say(FILE *fp, const char *fmt, ...)
{
	va_list ap;

	if (fp == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(fp, fmt, ap);
	va_end(ap);
}

/* --scan's last line: how many ports came to what. */
void
report_scan_summary(const struct port_result *pr, int n, FILE *fp)
{
	int count[V_NVERDICTS] = { 0 }, i;

	for (i = 0; i < n; i++)
		count[verdict(&pr[i])]++;
	fprintf(fp, "%d port%s scanned: %d open, %d closed, ", n,
	    n > 1 ? "s" : "", count[V_OPEN], count[V_CLOSED]);
	if (count[V_UNKNOWN] > 0)
		fprintf(fp, "%d unknown, ", count[V_UNKNOWN]);
	fprintf(fp, "%d filtered\n", count[V_FILTERED]);
}

/* How far a port's trace got: its final answer, or its last router. */
static int
depth(const struct port_result *pr)
{
	return (pr->reached != 0 ? pr->reached : pr->lastttl);
}

/*
 * Compare the ports' traces; print a line for each finding (fp NULL:
 * print nothing), return how many there were.
 *
 * Blocked: a port with no final answer whose probes stop after hop N,
 * while another port got further.  Rejected: a router, not the
 * destination, answered with an unreachable.  Proxy: the destination
 * answered one port at hop N but another only further on, so what
 * answered the first cannot be it; or at the same hop with another TTL
 * on arrival (another host's stack, or another distance back).
 */
int
report_compare(const struct port_result *pr, int n, int family,
    int findblock, int proxy, FILE *fp)
{
	char addr[INET6_ADDRSTRLEN], annot[16];
	int i, k, far = 0, farport = -1, found = 0, ref, votes, best = 0;

	for (i = 0; i < n; i++) {
		if (depth(&pr[i]) > far)
			far = depth(&pr[i]);
		if (pr[i].dest && (farport == -1 ||
		    pr[i].reached > pr[farport].reached))
			farport = i;
	}
	/*
	 * The TTL the destination's answers arrive with at the farthest
	 * hop: the one most ports there share (the first, on a tie).
	 */
	ref = farport;
	for (i = 0; farport != -1 && i < n; i++) {
		if (!pr[i].dest || pr[i].reached != pr[farport].reached)
			continue;
		for (k = votes = 0; k < n; k++)
			votes += pr[k].dest && pr[k].reached == pr[i].reached &&
			    pr[k].rttl == pr[i].rttl;
		if (votes > best) {
			best = votes;
			ref = i;
		}
	}
	for (i = 0; findblock && i < n; i++) {
		if (pr[i].rejected) {
			addr_ntop(family, &pr[i].from, addr, sizeof(addr));
			output_unreach(family, pr[i].icmp_type,
			    pr[i].icmp_code, annot, sizeof(annot));
			say(fp, "port %u rejected at hop %d (%s) %s\n",
			    pr[i].port, pr[i].reached, addr, annot);
			found++;
		} else if (pr[i].reached == 0 && pr[i].lastttl < far) {
			if (pr[i].lastttl == 0)
				say(fp, "port %u blocked before hop %d\n",
				    pr[i].port, pr[i].firstttl);
			else {
				addr_ntop(family, &pr[i].lastaddr, addr,
				    sizeof(addr));
				say(fp, "port %u blocked after hop %d (%s)\n",
				    pr[i].port, pr[i].lastttl, addr);
			}
			found++;
		}
	}
	for (i = 0; proxy && farport != -1 && i < n; i++) {
		if (!pr[i].dest || i == ref)
			continue;
		if (pr[i].reached < pr[farport].reached) {
			say(fp, "port %u: destination answered at hop %d, "
			    "before the path ends at hop %d (port %u): "
			    "transparent proxy likely\n", pr[i].port,
			    pr[i].reached, pr[farport].reached,
			    pr[farport].port);
			found++;
		} else if (pr[i].rttl != pr[ref].rttl) {
			say(fp, "port %u: destination answered with TTL "
			    "%u, port %u with TTL %u: transparent proxy "
			    "likely\n", pr[i].port, pr[i].rttl,
			    pr[ref].port, pr[ref].rttl);
			found++;
		}
	}
	return (found);
}
