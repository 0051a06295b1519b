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
 * What a settled probe says, as the hop_result its line is printed
 * from: the address, the time, the port's state or the ICMP error's
 * annotation.  Pure: the event loop hands in the probe and the names.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

/* A probe's round trip in milliseconds, from its two stamps. */
double
probe_rtt(const struct probe *p)
{
	return ((double)(p->recv.tv_sec - p->sent.tv_sec) * 1000.0 +
	    (double)(p->recv.tv_usec - p->sent.tv_usec) / 1000.0);
}

/* -U: the destination's port unreachable, the UDP probe's arrival. */
int
hop_port_unreach(const struct ttr_config *cfg, const struct probe *p)
{
	return (cfg->method == METHOD_UDP && p->kind == REPLY_UNREACH &&
	    addr_eq(cfg->family, &p->from, &cfg->dst) &&
	    p->icmp_code == (cfg->family == AF_INET ? ICMP_UNREACH_PORT :
	    ICMP6_DST_UNREACH_NOPORT));
}

/*
 * The line of probe p, answered or given up.  name and as are what the
 * resolver found (NULL: none); *shownmtu is the last F= printed (--mtu).
 */
void
hop_result(const struct options *o, const struct ttr_config *cfg,
    const struct probe *p, const char *name, const char *as,
    uint16_t *shownmtu, struct hop_result *hr)
{
	memset(hr, 0, sizeof(*hr));
	hr->ttl = p->ttl;
	hr->q = p->q;
	hr->family = cfg->family;
	if (p->state != PROBE_ANSWERED)
		return;
	if (o->asn)
		hr->asn = as != NULL ? as : "*";
	hr->answered = 1;
	hr->addr = p->from;
	hr->name = name;
	hr->rtt = probe_rtt(p);
	/* --back: only where the way back looks longer or shorter. */
	if (o->back && output_backhops(p->rttl) != p->ttl)
		hr->back = output_backhops(p->rttl);
	if (p->kind == REPLY_TCP) {
		output_tcpstate(p->tcpflags, hr->state, sizeof(hr->state));
		/* -O info: the flags themselves. */
		if (o->info)
			output_tcpflags(p->tcpflags, hr->annot,
			    sizeof(hr->annot));
	}
	else if (hop_port_unreach(cfg, p))
		;	/* -U's answer: a plain hop, as Linux */
	else if (p->kind == REPLY_UNREACH || p->kind == REPLY_TOOBIG)
		output_unreach(cfg->family, p->icmp_type, p->icmp_code,
		    hr->annot, sizeof(hr->annot));
	else if (p->kind == REPLY_ICMP)
		strlcpy(hr->annot, "-- Unexpected ICMP", sizeof(hr->annot));
	/* --mtu: F= at the first probe of a new length. */
	if (o->mtu && p->length != *shownmtu) {
		hr->mtu = p->length;
		*shownmtu = p->length;
	}
	/* -e: RFC 4884 objects, after the address. */
	if (o->extensions && p->ext.nobj > 0)
		hr->ext = &p->ext;
	if (p->dnat) {
		hr->dnat = 1;
		hr->dnat_addr = p->dnat_addr;
		hr->dnat_port = p->dnat_port;
	}
}
