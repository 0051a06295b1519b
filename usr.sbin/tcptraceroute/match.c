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
 * Reply matching: a reply is credited to a probe only when it proves
 * it.  Every probe carries its own sequence number (and IPv4 ID, and
 * with --track-port its own source port); an ICMP error must quote all
 * of them, a SYN|ACK or RST must acknowledge exactly that sequence
 * number.  Replies to probes that already have an answer, or whose wait
 * is over, are ignored: they cannot change what was printed.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <netinet/in.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

int
addr_eq(int family, const union ttr_addr *a, const union ttr_addr *b)
{
	if (family == AF_INET)
		return (a->v4.s_addr == b->v4.s_addr);
	return (memcmp(&a->v6, &b->v6, sizeof(a->v6)) == 0);
}

/* Where a probe leaves addressed to: -g's first gateway, or the target. */
static const union ttr_addr *
first_hop(const struct match_ctx *m)
{
	return (m->ngw > 0 ? &m->gw[0] : &m->dst);
}

/*
 * -g: a router on the way quotes the probe's destination as it was
 * there, the next address of the route: a gateway or the target.
 */
static int
on_route(const struct match_ctx *m, const union ttr_addr *a)
{
	int i;

	for (i = 0; i < m->ngw && i < TTR_MAXGW; i++)
		if (addr_eq(m->family, a, &m->gw[i]))
			return (1);
	return (addr_eq(m->family, a, &m->dst));
}

/* Give probe i its identity.  Ports wrap inside 1024-65535. */
void
match_plan(struct match_ctx *m, int i, uint16_t idbase, uint16_t sportbase,
    int nsport, int first_ttl, int nqueries)
{
	struct probe *p = &m->probes[i];
	uint32_t port;

	memset(p, 0, sizeof(*p));
	p->seq = m->isn + (uint32_t)i * SEQ_STRIDE;
	/* -I, -U: 16 bits, never 0 or 0xffff (see probe.c, build_udp). */
	if (m->method != METHOD_TCP)
		p->seq = (m->isn % METHOD_MAXSEQ + (uint32_t)i) %
		    METHOD_MAXSEQ + 1;
	p->ack = m->ackbase + (uint32_t)i * SEQ_STRIDE;
	/* Never 0: Linux fills in an ID of its own for a zero one. */
	p->ipid = (uint16_t)((idbase + (uint32_t)i) % 65535 + 1);
	port = sportbase;
	if (nsport > 1)
		port = 1024 + (sportbase - 1024 + (uint32_t)(i % nsport)) %
		    (65536 - 1024);
	p->sport = (uint16_t)port;
	p->dport = m->dport;
	p->ttl = (uint8_t)(first_ttl + i / nqueries);
	p->q = (uint8_t)(i % nqueries + 1);
	p->state = PROBE_UNSENT;
}

/* Is ts no more than ms after from? */
static int
within(const struct timeval *ts, const struct timeval *from, int ms)
{
	struct timeval d;

	if (timercmp(ts, from, <))
		return (1);
	timersub(ts, from, &d);
	return (d.tv_sec < ms / 1000 || (d.tv_sec == ms / 1000 &&
	    d.tv_usec <= (ms % 1000) * 1000));
}

static int
index_of(uint32_t value, uint32_t base, int nprobes)
{
	uint32_t d = value - base;

	if (d % SEQ_STRIDE != 0 || d / SEQ_STRIDE >= (uint32_t)nprobes)
		return (-1);
	return ((int)(d / SEQ_STRIDE));
}

/* The probe whose 16-bit sequence number (-I, -U) is seq, or -1. */
static int
index16(const struct match_ctx *m, uint16_t seq)
{
	uint32_t d;

	if (seq == 0 || seq > METHOD_MAXSEQ)
		return (-1);
	d = (seq - 1 + METHOD_MAXSEQ - m->isn % METHOD_MAXSEQ) %
	    METHOD_MAXSEQ;
	if (d >= (uint32_t)m->nprobes)
		return (-1);
	return ((int)d);
}

/* Is this ICMP type an echo request (out) or an echo reply (!out)? */
static int
is_echo(const struct match_ctx *m, uint8_t type, int out)
{
	if (m->family == AF_INET)
		return (type == (out ? ICMP_ECHO : ICMP_ECHOREPLY));
	return (type == (out ? ICMP6_ECHO_REQUEST : ICMP6_ECHO_REPLY));
}

/* An -I or -U probe, seen leaving by the capture. */
static int
outgoing16(struct match_ctx *m, const struct reply *r)
{
	int i;

	if (m->method == METHOD_ICMP && r->kind == REPLY_ECHO &&
	    is_echo(m, r->icmp_type, 1)) {
		if ((i = index16(m, r->echo_seq)) == -1 ||
		    m->probes[i].sport != r->echo_id)
			return (-1);
		return (i);
	}
	if (m->method == METHOD_UDP && r->kind == REPLY_UDP) {
		if ((i = index16(m, r->udp_sum)) == -1 ||
		    m->probes[i].sport != r->sport ||
		    m->probes[i].dport != r->dport)
			return (-1);
		return (i);
	}
	return (-1);
}

/* Our own probe, seen leaving by the capture: its send timestamp. */
int
match_outgoing(struct match_ctx *m, const struct reply *r)
{
	int i;

	if (m->method != METHOD_TCP && r->family == m->family &&
	    addr_eq(m->family, &r->src, &m->src) &&
	    addr_eq(m->family, &r->dst, first_hop(m)))
		return (outgoing16(m, r));
	if (r->kind != REPLY_TCP || r->family != m->family ||
	    !addr_eq(m->family, &r->src, &m->src) ||
	    !addr_eq(m->family, &r->dst, first_hop(m)))
		return (-1);
	if ((i = index_of(r->seq, m->isn, m->nprobes)) == -1)
		return (-1);
	if (m->probes[i].sport != r->sport || m->probes[i].dport != r->dport)
		return (-1);
	return (i);
}

/*
 * --mtu: a probe shorter than configured, acknowledged past its own
 * data: ack - seglen falls short of its sequence number by the payload
 * it was not sent with.
 */
static int
match_shorter(const struct match_ctx *m, uint32_t past)
{
	const struct probe *p;
	uint32_t i, less;

	/* Rounded up: less is more than 0 and less than SEQ_STRIDE. */
	i = (past - m->isn + SEQ_STRIDE - 1) / SEQ_STRIDE;
	if (i >= (uint32_t)m->nprobes)
		return (-1);
	p = &m->probes[i];
	if (p->length == 0 || p->length >= m->length)
		return (-1);
	less = m->length - p->length;
	return (past + less == p->seq ? (int)i : -1);
}

static int
match_tcp(struct match_ctx *m, const struct reply *r)
{
	const struct probe *p;
	uint32_t seglen;
	int i = -1;

	if (!addr_eq(m->family, &r->src, &m->dst)) {
		m->why = "TCP from another host";
		return (-1);
	}
	if (r->flags & TTR_ACK) {
		/*
		 * A probe is acknowledged past its data, its SYN and its
		 * FIN; a SYN's data may be left unacknowledged.
		 */
		seglen = m->payload + !!(m->tcpflags & TTR_SYN) +
		    !!(m->tcpflags & TTR_FIN);
		i = index_of(r->ack - seglen, m->isn, m->nprobes);
		/* --mtu: a shorter probe is not acknowledged so. */
		if (i != -1 && m->probes[i].length != 0 &&
		    m->probes[i].length != m->length)
			i = -1;
		if (i == -1 && (m->tcpflags & TTR_SYN) && m->payload != 0)
			i = index_of(r->ack - 1, m->isn, m->nprobes);
		if (i == -1 && m->payload != 0)
			i = match_shorter(m, r->ack - seglen);
	} else if ((r->flags & TTR_RST) && (m->tcpflags & TTR_ACK)) {
		/* RFC 793: a RST answering an ACK carries seq = its ack. */
		i = index_of(r->seq, m->ackbase, m->nprobes);
	}
	if (i == -1) {
		m->why = "TCP that acknowledges no probe";
		return (-1);
	}
	p = &m->probes[i];
	if (r->sport != p->dport) {
		m->why = "TCP from another port";
		return (-1);
	}
	if (r->dport != p->sport) {
		m->why = "TCP to another port";
		return (-1);
	}
	return (i);
}

/*
 * An echo reply: from the destination, with the identifier and a
 * sequence number of a probe.  The destination copies both from the
 * request (RFC 792, RFC 4443).
 */
static int
match_echo(struct match_ctx *m, const struct reply *r)
{
	int i;

	if (m->method != METHOD_ICMP || !is_echo(m, r->icmp_type, 0)) {
		m->why = "echo reply to no echo request";
		return (-1);
	}
	if (!addr_eq(m->family, &r->src, &m->dst)) {
		m->why = "echo reply from another host";
		return (-1);
	}
	if ((i = index16(m, r->echo_seq)) == -1) {
		m->why = "echo reply with a sequence number we did not send";
		return (-1);
	}
	if (r->echo_id != m->probes[i].sport) {
		m->why = "echo reply with another identifier";
		return (-1);
	}
	return (i);
}

/* Add the 16-bit words of an address to a one's complement sum. */
static uint32_t
addr_sum(int family, const union ttr_addr *a, int negate)
{
	const uint8_t *b = family == AF_INET ? (const uint8_t *)&a->v4 :
	    a->v6.s6_addr;
	size_t i, n = family == AF_INET ? 4 : 16;
	uint32_t sum = 0, w;

	for (i = 0; i < n; i += 2) {
		w = (uint32_t)b[i] << 8 | b[i + 1];
		sum += negate ? (~w & 0xffff) : w;
	}
	return (sum);
}

/*
 * A quoted UDP checksum as it was before a NAT on the way rewrote the
 * destination address and port that the quote shows (RFC 1624: the
 * checksum follows the pseudo-header).  A NAT that keeps state puts
 * the quote back as it was sent; one that does not leaves it so.
 * With neither rewritten the checksum comes back as it is: one's
 * complement x + ~x is 0, and a probe's checksum is never 0 or 0xffff.
 */
static uint16_t
udp_sum_sent(const struct match_ctx *m, const struct reply *r)
{
	const union ttr_addr *qdst = &r->qdst;
	uint32_t sum;

	/* -g: a gateway there is the route's doing, the sum as sent. */
	if (m->ngw > 0 && on_route(m, qdst))
		qdst = &m->dst;
	sum = (~r->udp_sum & 0xffff) + addr_sum(m->family, qdst, 1) +
	    addr_sum(m->family, &m->dst, 0) + (~r->dport & 0xffff) + m->dport;
	while (sum > 0xffff)
		sum = (sum & 0xffff) + (sum >> 16);
	return (~sum & 0xffff);
}

/*
 * Which probe the quote of an ICMP error names: the quoted protocol
 * must be the probes', and its sequence number (TCP's, the echo's, or
 * UDP's checksum) and source port (the echo's identifier) a probe's.
 */
static int
quoted_probe(struct match_ctx *m, const struct reply *r)
{
	int i;

	if (r->qproto != method_proto(m->family, m->method)) {
		m->why = "ICMP quoting another protocol";
		return (-1);
	}
	switch (m->method) {
	case METHOD_ICMP:
		i = index16(m, r->echo_seq);
		break;
	case METHOD_UDP:
		/*
		 * Undone whether or not the quote shows a translation (if
		 * not, nothing changes): trying the checksum as quoted as
		 * well could name another probe, the one whose number the
		 * rewrite happened to shift it to.  match_icmp decides
		 * whether a translation may be.
		 */
		i = index16(m, udp_sum_sent(m, r));
		break;
	default:
		i = index_of(r->seq, m->isn, m->nprobes);
		break;
	}
	if (i == -1) {
		m->why = "ICMP quoting a sequence number we did not send";
		return (-1);
	}
	if ((m->method == METHOD_ICMP ? r->echo_id : r->sport) !=
	    m->probes[i].sport) {
		m->why = "ICMP quoting another source port";
		return (-1);
	}
	return (i);
}

static int
match_icmp(struct match_ctx *m, const struct reply *r, struct probe *dnat)
{
	const struct probe *p;
	int i;

	memset(dnat, 0, sizeof(*dnat));
	if (!addr_eq(m->family, &r->qsrc, &m->src)) {
		m->why = "ICMP quoting another source";
		return (-1);
	}
	if ((i = quoted_probe(m, r)) == -1)
		return (-1);
	p = &m->probes[i];
	if (m->family == AF_INET && m->track == TRACK_ID &&
	    r->qipid != p->ipid) {
		m->why = "ICMP quoting another IP ID";
		return (-1);
	}
	/* An echo has no port to translate. */
	if (m->method != METHOD_ICMP && r->dport != p->dport) {
		if (m->dnat == DNAT_STRICT) {
			m->why = "ICMP quoting another destination port";
			return (-1);
		}
		dnat->dnat = 1;
		dnat->dnat_port = r->dport;
	}
	/* -g: not the route's addresses, never a translation. */
	if (m->ngw > 0 && !on_route(m, &r->qdst)) {
		m->why = "ICMP quoting a destination off the source route";
		return (-1);
	}
	if (!on_route(m, &r->qdst)) {
		if (m->dnat == DNAT_STRICT) {
			m->why = "ICMP quoting another destination";
			return (-1);
		}
		dnat->dnat = 1;
	}
	dnat->dnat_addr = on_route(m, &r->qdst) ? m->dst : r->qdst;
	return (i);
}

/*
 * The probe a reply answers, recorded in it, or -1 with m->why set.
 * ts is the reply's capture time.
 */
int
match_reply(struct match_ctx *m, const struct reply *r,
    const struct timeval *ts)
{
	struct probe dnat, *p;
	int i;

	m->why = NULL;
	if (r->family != m->family) {
		m->why = "other address family";
		return (-1);
	}
	if (!addr_eq(m->family, &r->dst, &m->src)) {
		m->why = "not addressed to us";
		return (-1);
	}
	memset(&dnat, 0, sizeof(dnat));
	switch (r->kind) {
	case REPLY_TCP:
		if (m->method != METHOD_TCP) {
			m->why = "TCP answers no probe of this method";
			return (-1);
		}
		i = match_tcp(m, r);
		break;
	case REPLY_ECHO:
		i = match_echo(m, r);
		break;
	case REPLY_TIMXCEED:
	case REPLY_UNREACH:
	case REPLY_TOOBIG:
	case REPLY_ICMP:
		i = match_icmp(m, r, &dnat);
		break;
	default:
		m->why = "not a reply";
		return (-1);
	}
	if (i == -1)
		return (-1);
	p = &m->probes[i];
	switch (p->state) {
	case PROBE_UNSENT:
		m->why = "reply to a probe not sent yet";
		return (-1);
	case PROBE_ANSWERED:
		m->why = "duplicate reply";
		return (-1);
	case PROBE_EXPIRED:
		/*
		 * An adaptive wait may give a probe up before -w max; an
		 * answer that comes within max, while its line is still
		 * to be printed, is as good as any.  Later ones are late.
		 */
		if (p->printed || m->maxwaitms == 0 || p->sent.tv_sec == 0 ||
		    !within(ts, &p->sent, m->maxwaitms)) {
			m->why = "late reply";
			return (-1);
		}
		p->late = 1;
		break;
	}
	if (timercmp(ts, &p->sent, <)) {
		p->late = 0;
		m->why = "reply captured before its probe left";
		return (-1);
	}
	p->state = PROBE_ANSWERED;
	p->recv = *ts;
	p->kind = r->kind;
	p->from = r->src;
	p->rttl = r->ttl;
	p->rsize = r->size;
	p->icmp_type = r->icmp_type;
	p->icmp_code = r->icmp_code;
	p->tcpflags = r->kind == REPLY_TCP ? r->flags : 0;
	p->win = r->kind == REPLY_TCP ? r->win : 0;
	p->ext = r->ext;
	if (dnat.dnat && m->dnat == DNAT_REPORT) {
		p->dnat = 1;
		p->dnat_addr = dnat.dnat_addr;
		p->dnat_port = dnat.dnat_port;
	}
	return (i);
}

/*
 * A TCP answer, an echo reply or an unreachable (for -U, the
 * destination's port unreachable; a "too big" too) ends the trace at
 * this probe's hop.
 */
int
probe_ends_trace(const struct probe *p)
{
	if (p->state != PROBE_ANSWERED)
		return (0);
	return (p->kind == REPLY_TCP || p->kind == REPLY_UNREACH ||
	    p->kind == REPLY_ECHO || p->kind == REPLY_TOOBIG);
}
