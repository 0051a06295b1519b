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
 * The hop lines, exactly as tcptraceroute 1.5 lays them out, so that
 * scripts reading its output keep working.  Probes are fed in order;
 * the layout of one depends on the probe before it (a router is printed
 * once per line, and again on a new line when the address changes).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

void
output_init(struct output *o, int family, int nqueries)
{
	memset(o, 0, sizeof(*o));
	o->family = family;
	o->nqueries = nqueries;
}

const char *
addr_ntop(int family, const union ttr_addr *a, char *buf, size_t len)
{
	if (inet_ntop(family, a, buf, len) == NULL)
		strlcpy(buf, "?", len);
	return (buf);
}

/* Addresses that have no useful public name: RFC 1918, ULA, link-local. */
int
addr_is_private(int family, const union ttr_addr *a)
{
	uint32_t v4;
	const uint8_t *b;

	if (family == AF_INET) {
		v4 = ntohl(a->v4.s_addr);
		return ((v4 & 0xff000000) == 0x0a000000 ||
		    (v4 & 0xfff00000) == 0xac100000 ||
		    (v4 & 0xffff0000) == 0xc0a80000);
	}
	b = a->v6.s6_addr;
	return ((b[0] & 0xfe) == 0xfc || (b[0] == 0xfe &&
	    (b[1] & 0xc0) == 0x80));
}

/* The annotation tcptraceroute 1.5 prints after an unreachable's time. */
const char *
output_unreach(int family, uint8_t type, uint8_t code, char *buf,
    size_t len)
{
	const char *s = NULL;

	if (family == AF_INET && type == ICMP_UNREACH) {
		switch (code) {
		case ICMP_UNREACH_NET:
			s = "!N";
			break;
		case ICMP_UNREACH_HOST:
			s = "!H";
			break;
		case ICMP_UNREACH_PROTOCOL:
			s = "!P";
			break;
		case ICMP_UNREACH_PORT:
			s = "!p";
			break;
		case ICMP_UNREACH_NEEDFRAG:
			s = "!F";
			break;
		case ICMP_UNREACH_SRCFAIL:
			s = "!S";
			break;
		case ICMP_UNREACH_NET_UNKNOWN:
		case ICMP_UNREACH_HOST_UNKNOWN:
			s = "!U";
			break;
		case ICMP_UNREACH_ISOLATED:
			s = "!I";
			break;
		case ICMP_UNREACH_NET_PROHIB:
		case ICMP_UNREACH_FILTER_PROHIB:
			s = "!A";
			break;
		case ICMP_UNREACH_HOST_PROHIB:
			s = "!C";
			break;
		case ICMP_UNREACH_TOSNET:
		case ICMP_UNREACH_TOSHOST:
			s = "!T";
			break;
		}
	} else if (family == AF_INET6 && type == ICMP6_DST_UNREACH) {
		switch (code) {
		case ICMP6_DST_UNREACH_NOROUTE:
			s = "!N";
			break;
		case ICMP6_DST_UNREACH_ADMIN:
		case ICMP6_DST_UNREACH_POLICY:
		case ICMP6_DST_UNREACH_REJECT:
			s = "!A";
			break;
		case ICMP6_DST_UNREACH_BEYONDSCOPE:
			s = "!S";
			break;
		case ICMP6_DST_UNREACH_ADDR:
			s = "!H";
			break;
		case ICMP6_DST_UNREACH_NOPORT:
			s = "!p";
			break;
		}
	} else if (family == AF_INET6 && type == ICMP6_PACKET_TOO_BIG)
		s = "!F";
	if (s != NULL)
		strlcpy(buf, s, len);
	else
		snprintf(buf, len, "!<%u>", code);
	return (buf);
}

/* The destination's state as 1.5 names it from the reply's flags. */
void
output_tcpstate(uint8_t flags, char *buf, size_t len)
{
	static const struct {
		uint8_t		 flag;
		const char	*name;
	} names[] = {
		{ TTR_RST, " RST" }, { TTR_SYN, " SYN" }, { TTR_ACK, " ACK" },
		{ TTR_PSH, " PSH" }, { TTR_FIN, " FIN" }, { TTR_URG, " URG" },
		{ TTR_CWR, " CWR" }, { TTR_ECE, " ECN" }
	};
	size_t i;

	if (flags & TTR_RST)
		strlcpy(buf, "closed", len);
	else if ((flags & (TTR_SYN|TTR_ACK|TTR_ECE)) ==
	    (TTR_SYN|TTR_ACK|TTR_ECE))
		strlcpy(buf, "open, ecn", len);
	else if ((flags & (TTR_SYN|TTR_ACK)) == (TTR_SYN|TTR_ACK))
		strlcpy(buf, "open", len);
	else {
		strlcpy(buf, "unknown,", len);
		for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			if (flags & names[i].flag)
				strlcat(buf, names[i].name, len);
		if (flags == 0)
			strlcat(buf, " no flags", len);
	}
}

/*
 * --back, as Linux traceroute guesses it: the hops an answer took on its
 * way back, assuming it left with a TTL of 64, 128 or 255, whichever is
 * the first not below what arrived.
 */
int
output_backhops(uint8_t ttl)
{
	int init;

	if (ttl == 0)
		return (0);
	init = ttl <= 64 ? 64 : ttl <= 128 ? 128 : 255;
	return (init - ttl + 1);
}

/* -O info: a reply's flags as Linux traceroute prints them, <syn,ack>. */
void
output_tcpflags(uint8_t flags, char *buf, size_t len)
{
	static const char *names[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"
	};
	size_t i;
	int first = 1;

	strlcpy(buf, "<", len);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (flags & (1 << i)) {
			if (!first)
				strlcat(buf, ",", len);
			strlcat(buf, names[i], len);
			first = 0;
		}
	strlcat(buf, ">", len);
}

/*
 * -e: RFC 4884 extension objects as Linux traceroute shows them, without
 * the angle brackets: objects separated by ";", an MPLS label stack as
 * "MPLS:L=label,E=exp,S=bottom,T=ttl" with "/" between entries, any
 * other object as "class/c-type:" and its 32-bit words in hex, separated
 * by ",".  What was not kept of a reply shows as "...".
 */
void
output_ext(const struct icmp_ext *e, char *buf, size_t len)
{
	const struct ext_obj *o;
	const struct mpls_entry *m;
	char item[32];
	size_t i, j;

	buf[0] = '\0';
	for (i = 0; i < e->nobj && i < EXT_MAXOBJ; i++) {
		o = &e->obj[i];
		if (i > 0)
			strlcat(buf, ";", len);
		if (e->mplsobj == i + 1) {
			strlcat(buf, "MPLS:", len);
			for (j = 0; j < e->nmpls && j < EXT_MAXLABELS; j++) {
				m = &e->mpls[j];
				snprintf(item, sizeof(item),
				    "%sL=%u,E=%u,S=%u,T=%u", j > 0 ? "/" : "",
				    m->label, m->exp, m->s, m->ttl);
				strlcat(buf, item, len);
			}
			if (e->moremls)
				strlcat(buf, "/...", len);
			continue;
		}
		snprintf(item, sizeof(item), "%u/%u:", o->class, o->ctype);
		strlcat(buf, item, len);
		for (j = 0; j + 4 <= o->len && j + 4 <= EXT_OBJDATA; j += 4) {
			snprintf(item, sizeof(item), "%s%02x%02x%02x%02x",
			    j > 0 ? "," : "", o->data[j], o->data[j + 1],
			    o->data[j + 2], o->data[j + 3]);
			strlcat(buf, item, len);
		}
		if (o->len > EXT_OBJDATA)
			strlcat(buf, ",...", len);
	}
	if (e->moreobj)
		strlcat(buf, ";...", len);
}

void
output_probe(struct output *o, const struct hop_result *r, FILE *fp)
{
	char num[INET6_ADDRSTRLEN], dnat[INET6_ADDRSTRLEN];
	char ext[EXT_STRLEN] = "";
	int newhop, printhost = 0;

	newhop = o->lastttl != r->ttl;
	if (r->answered && r->ext != NULL)
		output_ext(r->ext, ext, sizeof(ext));

	if (r->dnat && (!o->havednat ||
	    memcmp(&o->lastdnat, &r->dnat_addr, sizeof(o->lastdnat)) != 0 ||
	    (r->dnat_port != 0 && r->dnat_port != o->lastdnat_port))) {
		/* Mid-line, the DNAT line needs a line of its own. */
		if (!newhop)
			fputc('\n', fp);
		addr_ntop(o->family, &r->dnat_addr, dnat, sizeof(dnat));
		/* An IPv6 address with a port needs brackets to be read. */
		if (r->dnat_port != 0 && o->family == AF_INET6)
			fprintf(fp, "      Detected DNAT to [%s]:%u", dnat,
			    r->dnat_port);
		else if (r->dnat_port != 0)
			fprintf(fp, "      Detected DNAT to %s:%u", dnat,
			    r->dnat_port);
		else
			fprintf(fp, "      Detected DNAT to %s", dnat);
		fputc('\n', fp);
		if (!newhop)
			fputs("    ", fp);
		o->lastdnat = r->dnat_addr;
		o->lastdnat_port = r->dnat_port;
		o->havednat = 1;
		printhost = 1;
	}

	if (newhop) {
		fprintf(fp, "%2d  ", r->ttl);
		printhost = 1;
		o->everprinthost = 0;
		o->laststate[0] = '\0';
	} else if (r->answered && o->lastanswered &&
	    (memcmp(&o->lastaddr, &r->addr, sizeof(o->lastaddr)) != 0 ||
	    strcmp(o->lastext, ext) != 0)) {
		/*
		 * Another router for the same hop, or one that now says
		 * something else (-e): a line of its own.
		 */
		fputs("\n    ", fp);
		printhost = 1;
	}

	if ((printhost || !o->everprinthost) && r->answered) {
		if (r->q > 1 && !o->lastanswered)
			fputc(' ', fp);
		addr_ntop(o->family, &r->addr, num, sizeof(num));
		if (r->name != NULL && strcmp(r->name, num) != 0)
			fprintf(fp, "%s (%s)", r->name, num);
		else
			fputs(num, fp);
		if (r->asn != NULL)
			fprintf(fp, " [%s]", r->asn);
		if (ext[0] != '\0')
			fprintf(fp, " <%s>", ext);
		if (r->back != 0)
			fprintf(fp, " '-%d'", r->back);
		o->everprinthost = 1;
	}

	if (r->state[0] != '\0' &&
	    (newhop || strcmp(o->laststate, r->state) != 0))
		fprintf(fp, " [%s]", r->state);

	if (r->answered || r->q != 1) {
		if (!r->answered || (!o->lastanswered && r->q > 1))
			fputc(' ', fp);
		else
			fputs("  ", fp);
	}

	if (!r->answered)
		fputc('*', fp);
	else {
		fprintf(fp, "%.3f ms", r->rtt);
		/* --mtu: where Linux traceroute puts it, after the time. */
		if (r->mtu != 0)
			fprintf(fp, " F=%d", r->mtu);
		if (r->annot[0] != '\0')
			fprintf(fp, " %s", r->annot);
	}

	if (r->q == o->nqueries)
		fputc('\n', fp);

	o->lastttl = r->ttl;
	o->lastanswered = r->answered;
	if (r->answered) {
		o->lastaddr = r->addr;
		strlcpy(o->lastext, ext, sizeof(o->lastext));
	}
	if (r->state[0] != '\0')
		strlcpy(o->laststate, r->state, sizeof(o->laststate));
	fflush(fp);
}

/*
 * The line 1.5 prints before a trace of nruns ports (this one to
 * dport, service svc or NULL), on fp; with the probes' length if
 * longer.
 */
void
output_header(FILE *fp, const struct options *o, const struct ttr_config *c,
    int nruns, uint16_t dport, const char *svc, int longer)
{
	char addr[INET6_ADDRSTRLEN];

	addr_ntop(c->family, &c->dst, addr, sizeof(addr));
	fprintf(fp, "Tracing the path to %s", o->host);
	if (strcmp(o->host, addr) != 0)
		fprintf(fp, " (%s)", addr);
	if (o->scan)
		fprintf(fp, " on %d TCP port%s at TTL %d", nruns,
		    nruns > 1 ? "s" : "", o->max_ttl);
	else if (nruns > 1 && o->condensed)
		fprintf(fp, " on %d TCP ports, %d hops max", nruns,
		    o->max_ttl);
	else if (c->method == METHOD_ICMP)
		fprintf(fp, " on ICMP, %d hops max", o->max_ttl);
	else {
		fprintf(fp, " on %s port %u", c->method == METHOD_UDP ?
		    "UDP" : "TCP", dport);
		if (svc != NULL && svc[0] != '\0')
			fprintf(fp, " (%s)", svc);
		fprintf(fp, ", %d hops max", o->max_ttl);
	}
	if (longer)
		fprintf(fp, ", %u byte packets", c->length);
	fprintf(fp, "\n");
}
