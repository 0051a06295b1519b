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
 * Reply parsing.  This runs in the unprivileged child on bytes anyone on
 * the path may have written, so the rules are: every read is checked
 * against the captured length first, no length field in the packet is
 * believed beyond what was captured, and nothing is read through a
 * struct overlay (the capture buffer has no alignment we may rely on).
 * Multi-byte fields are assembled from bytes, in network order.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <pcap.h>
#include <stdint.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

#define ETHER_HLEN	14
#define SLL_HLEN	16
#define SLL2_HLEN	20
#define NULL_HLEN	4
#define VLAN_HLEN	4
#define VLAN_MAXTAGS	2

#define ETYPE_IPV4	0x0800
#define ETYPE_IPV6	0x86dd
#define ETYPE_8021Q	0x8100
#define ETYPE_8021AD	0x88a8

/*
 * DLT_NULL and DLT_LOOP carry the sender's AF_ value, and the BSDs do
 * not agree on AF_INET6, so we take them all rather than our own.
 */
#define LOOP_INET	2
#define LOOP_INET6_LINUX	10
#define LOOP_INET6_OPENBSD	24	/* also NetBSD */
#define LOOP_INET6_FREEBSD	28
#define LOOP_INET6_DARWIN	30

#define IP4_MF		0x2000
#define IP4_OFFMASK	0x1fff
#define IP6_FRAG_OFFMASK 0xfff8
#define IP6_FRAG_MF	0x0001
#define IP6_MAXEXT	8	/* extension headers we walk, at most */
#define TCP_QUOTED	8	/* ports and sequence number */

/* RFC 4884: a quote followed by extensions is at least this long. */
#define ICMP_EXT_MINQUOTE 128
#define ICMP_EXT_HLEN	4	/* version, reserved, checksum */
#define ICMP_EXT_OHLEN	4	/* an object's length, class, c-type */
#define ICMP_EXT_VERSION 2
#define MPLS_ENTRYLEN	4

#define PROTO_HOPOPTS	0
#define PROTO_ICMP	1
#define PROTO_TCP	6
#define PROTO_UDP	17
#define PROTO_ROUTING	43
#define PROTO_FRAGMENT	44
#define PROTO_AH	51
#define PROTO_ICMPV6	58
#define PROTO_DSTOPTS	60

static int	parse_version(int, const uint8_t *, size_t, struct reply *);
static int	parse_ethertype(uint16_t, const uint8_t *, size_t,
		    struct reply *);
static int	parse_v4(const uint8_t *, size_t, struct reply *);
static int	parse_v6(const uint8_t *, size_t, struct reply *);
static int	parse_l4(uint8_t, const uint8_t *, size_t, int,
		    struct reply *);
static int	ip6_skip(const uint8_t *, size_t, uint8_t *, size_t *, int *);
static int	parse_tcp(const uint8_t *, size_t, struct reply *);
static int	parse_icmp(const uint8_t *, size_t, int, struct reply *);
static int	quote_v4(const uint8_t *, size_t, struct reply *);
static int	quote_v6(const uint8_t *, size_t, struct reply *);
static void	quote_tcp(const uint8_t *, struct reply *);
static int	quote_l4(uint8_t, const uint8_t *, struct reply *);
static int	parse_udp(const uint8_t *, size_t, struct reply *);
static int	parse_echo(const uint8_t *, struct reply *);
static size_t	quote_ext(const uint8_t *, size_t, unsigned int,
		    unsigned int, int, struct icmp_ext *);
static int	ext_parse(const uint8_t *, size_t, int, struct icmp_ext *);
static void	ext_mpls(const uint8_t *, size_t, struct icmp_ext *);

int
reply_parse(int dlt, const uint8_t *pkt, size_t caplen, struct reply *r)
{
	uint32_t	 af;
	uint16_t	 type;
	size_t		 off;
	int		 ntags;

	memset(r, 0, sizeof(*r));

	switch (dlt) {
	case DLT_EN10MB:
		if (caplen < ETHER_HLEN)
			return -1;
		type = get16(pkt + 12);
		off = ETHER_HLEN;
		/* 802.1Q, or 802.1ad with an inner 802.1Q (QinQ). */
		for (ntags = 0; ntags < VLAN_MAXTAGS &&
		    (type == ETYPE_8021Q || type == ETYPE_8021AD); ntags++) {
			if (caplen - off < VLAN_HLEN)
				return -1;
			type = get16(pkt + off + 2);
			off += VLAN_HLEN;
		}
		return parse_ethertype(type, pkt + off, caplen - off, r);
	case DLT_LINUX_SLL:
		if (caplen < SLL_HLEN)
			return -1;
		return parse_ethertype(get16(pkt + 14), pkt + SLL_HLEN,
		    caplen - SLL_HLEN, r);
	case DLT_LINUX_SLL2:
		if (caplen < SLL2_HLEN)
			return -1;
		return parse_ethertype(get16(pkt), pkt + SLL2_HLEN,
		    caplen - SLL2_HLEN, r);
	case DLT_RAW:
		return reply_parse_ip(pkt, caplen, r);
	case DLT_IPV4:
		return parse_version(4, pkt, caplen, r);
	case DLT_IPV6:
		return parse_version(6, pkt, caplen, r);
	case DLT_NULL:
	case DLT_LOOP:
		if (caplen < NULL_HLEN)
			return -1;
		/* NULL is in the capturing host's order, LOOP is not. */
		if (dlt == DLT_NULL)
			memcpy(&af, pkt, sizeof(af));
		else
			af = get32(pkt);
		switch (af) {
		case LOOP_INET:
			return parse_version(4, pkt + NULL_HLEN,
			    caplen - NULL_HLEN, r);
		case LOOP_INET6_LINUX:
		case LOOP_INET6_OPENBSD:
		case LOOP_INET6_FREEBSD:
		case LOOP_INET6_DARWIN:
			return parse_version(6, pkt + NULL_HLEN,
			    caplen - NULL_HLEN, r);
		}
		return -1;
	}
	return -1;
}

static int
parse_ethertype(uint16_t type, const uint8_t *ip, size_t len,
    struct reply *r)
{
	switch (type) {
	case ETYPE_IPV4:
		return parse_version(4, ip, len, r);
	case ETYPE_IPV6:
		return parse_version(6, ip, len, r);
	}
	return -1;
}

/* The link layer named a version; the IP header must agree with it. */
static int
parse_version(int version, const uint8_t *ip, size_t len, struct reply *r)
{
	if (len < 1 || ip[0] >> 4 != version)
		return -1;
	return reply_parse_ip(ip, len, r);
}

int
reply_parse_ip(const uint8_t *ip, size_t len, struct reply *r)
{
	int	 rv = -1;

	memset(r, 0, sizeof(*r));
	if (len < 1)
		return -1;
	switch (ip[0] >> 4) {
	case 4:
		rv = parse_v4(ip, len, r);
		break;
	case 6:
		rv = parse_v6(ip, len, r);
		break;
	}
	/* Leave nothing half-parsed behind for a careless caller. */
	if (rv == -1)
		memset(r, 0, sizeof(*r));
	return rv;
}

static int
parse_v4(const uint8_t *ip, size_t caplen, struct reply *r)
{
	size_t		 hlen, tot, end;
	uint16_t	 off;
	int		 whole;

	if (caplen < IP4_HLEN)
		return -1;
	hlen = (ip[0] & 0x0f) * 4;
	if (hlen < IP4_HLEN || hlen > caplen)
		return -1;
	tot = get16(ip + 2);
	if (tot < hlen)
		return -1;
	/* Only a first fragment has a transport header to look at. */
	off = get16(ip + 6);
	if ((off & IP4_OFFMASK) != 0)
		return -1;
	/*
	 * The total length may exceed the capture (snaplen), and the
	 * capture may exceed the total length (Ethernet padding): the
	 * packet ends at whichever comes first.  Only a capture of the
	 * whole unfragmented datagram lets us check an ICMP checksum.
	 */
	end = tot < caplen ? tot : caplen;
	whole = tot <= caplen && (off & IP4_MF) == 0;

	r->family = AF_INET;
	memcpy(&r->src.v4, ip + 12, sizeof(r->src.v4));
	memcpy(&r->dst.v4, ip + 16, sizeof(r->dst.v4));
	r->ttl = ip[8];
	r->size = (uint32_t)tot;

	return parse_l4(ip[9], ip + hlen, end - hlen, whole, r);
}

static int
parse_v6(const uint8_t *ip, size_t caplen, struct reply *r)
{
	size_t		 tot, end, off;
	uint8_t		 nh;
	int		 more = 0, whole;

	if (caplen < IP6_HLEN)
		return -1;
	/* A jumbogram (payload length 0) ends here and is dropped below. */
	tot = IP6_HLEN + (size_t)get16(ip + 4);
	end = tot < caplen ? tot : caplen;

	r->family = AF_INET6;
	memcpy(&r->src.v6, ip + 8, sizeof(r->src.v6));
	memcpy(&r->dst.v6, ip + 24, sizeof(r->dst.v6));
	r->ttl = ip[7];
	r->size = (uint32_t)tot;

	nh = ip[6];
	off = IP6_HLEN;
	if (ip6_skip(ip, end, &nh, &off, &more) == -1)
		return -1;
	whole = tot <= caplen && !more;

	return parse_l4(nh, ip + off, end - off, whole, r);
}

/* What follows the IP header (and IPv6's extension headers). */
static int
parse_l4(uint8_t proto, const uint8_t *p, size_t len, int whole,
    struct reply *r)
{
	switch (proto) {
	case PROTO_TCP:
		return parse_tcp(p, len, r);
	case PROTO_UDP:
		return parse_udp(p, len, r);
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		/* Each family's own ICMP only. */
		if ((proto == PROTO_ICMP) != (r->family == AF_INET))
			return -1;
		return parse_icmp(p, len, whole, r);
	}
	return -1;
}

/*
 * Walk the IPv6 extension headers in p[*offp .. end), leaving the upper
 * layer protocol in *nhp and its offset in *offp.  Set *morep for a first
 * fragment with more to come.  Fails on a header that overruns end, on a
 * non-first fragment, and on a chain longer than anyone sends for real.
 */
static int
ip6_skip(const uint8_t *p, size_t end, uint8_t *nhp, size_t *offp,
    int *morep)
{
	size_t		 off = *offp, hlen;
	uint16_t	 frag;
	int		 n;

	for (n = 0;; n++) {
		switch (*nhp) {
		case PROTO_HOPOPTS:
		case PROTO_ROUTING:
		case PROTO_DSTOPTS:
			if (end - off < 2)
				return -1;
			hlen = ((size_t)p[off + 1] + 1) * 8;
			break;
		case PROTO_AH:
			/* RFC 4302 counts in 32-bit words, minus 2. */
			if (end - off < 2)
				return -1;
			hlen = ((size_t)p[off + 1] + 2) * 4;
			break;
		case PROTO_FRAGMENT:
			if (end - off < 8)
				return -1;
			frag = get16(p + off + 2);
			if ((frag & IP6_FRAG_OFFMASK) != 0)
				return -1;
			if (frag & IP6_FRAG_MF)
				*morep = 1;
			hlen = 8;
			break;
		default:
			*offp = off;
			return 0;
		}
		if (n >= IP6_MAXEXT || end - off < hlen)
			return -1;
		*nhp = p[off];
		off += hlen;
	}
}

/*
 * A TCP segment: a SYN|ACK or RST from the target, or our own probe seen
 * on the way out.  The TCP checksum is deliberately not checked: on veth
 * and other offloading links Linux hands the capture segments whose
 * checksum the hardware (that is not there) was to fill in, so correct
 * replies would look broken.
 */
static int
parse_tcp(const uint8_t *p, size_t len, struct reply *r)
{
	if (len < TCP_HLEN || p[12] >> 4 < TCP_HLEN / 4)
		return -1;
	r->kind = REPLY_TCP;
	r->sport = get16(p);
	r->dport = get16(p + 2);
	r->seq = get32(p + 4);
	r->ack = get32(p + 8);
	r->flags = p[13];
	r->win = get16(p + 14);
	return 0;
}

/* A UDP datagram: only ever our own -U probe, seen on its way out. */
static int
parse_udp(const uint8_t *p, size_t len, struct reply *r)
{
	if (len < UDP_HLEN)
		return -1;
	r->kind = REPLY_UDP;
	r->sport = get16(p);
	r->dport = get16(p + 2);
	r->udp_sum = get16(p + 6);
	return 0;
}

/* An echo reply, or our own -I probe on its way out: no quote. */
static int
parse_echo(const uint8_t *p, struct reply *r)
{
	r->kind = REPLY_ECHO;
	r->icmp_type = p[0];
	r->icmp_code = p[1];
	r->echo_id = get16(p + 4);
	r->echo_seq = get16(p + 6);
	return 0;
}

/*
 * How much of the quote q[0 .. qlen) is the original datagram; the RFC
 * 4884 extension structure after it, if any, goes to *e.  The RFC puts
 * the datagram's length (in units of the given size) in the ICMP header
 * when extensions follow it; such a quote is padded to at least 128
 * bytes, so a smaller value is a sender that predates the RFC and puts
 * junk there.  Senders that predate it but add extensions anyway (MPLS
 * routers did; RFC 4884 allows for them) leave the length 0 and quote
 * exactly 128 bytes: there an extension structure is believed only with
 * a checksum that proves it, as a long probe's own bytes could sit
 * there.  Only a whole message is looked at: in a cut one the objects
 * would be cut too.
 */
static size_t
quote_ext(const uint8_t *q, size_t qlen, unsigned int words,
    unsigned int unit, int whole, struct icmp_ext *e)
{
	size_t	 olen = (size_t)words * unit;

	if (words == 0) {
		if (whole && qlen > ICMP_EXT_MINQUOTE)
			ext_parse(q + ICMP_EXT_MINQUOTE,
			    qlen - ICMP_EXT_MINQUOTE, 1, e);
		return qlen;
	}
	if (olen < ICMP_EXT_MINQUOTE || olen > qlen)
		return qlen;
	if (whole && olen < qlen)
		ext_parse(q + olen, qlen - olen, 0, e);
	return olen;
}

/*
 * An extension structure x[0 .. len): the header (version 2, checksum
 * over the whole structure, 0 for none; compat: required), then objects
 * filling it exactly, each a multiple of 4 bytes long.  Anything else is
 * no extensions at all; *e is written only for one that holds together.
 */
static int
ext_parse(const uint8_t *x, size_t len, int compat, struct icmp_ext *e)
{
	struct icmp_ext	 ne;
	struct ext_obj	*o;
	size_t		 off, olen;

	if (len < ICMP_EXT_HLEN + ICMP_EXT_OHLEN ||
	    x[0] >> 4 != ICMP_EXT_VERSION)
		return -1;
	/* A zero checksum is none sent: not enough for the 128-byte form. */
	if (get16(x + 2) == 0 ? compat : in_cksum(x, len, 0) != 0)
		return -1;
	memset(&ne, 0, sizeof(ne));
	for (off = ICMP_EXT_HLEN; off < len; off += olen) {
		if (len - off < ICMP_EXT_OHLEN)
			return -1;
		olen = get16(x + off);
		if (olen < ICMP_EXT_OHLEN || olen > len - off || olen % 4 != 0)
			return -1;
		if (ne.nobj == EXT_MAXOBJ) {
			ne.moreobj = 1;
			continue;
		}
		o = &ne.obj[ne.nobj++];
		o->class = x[off + 2];
		o->ctype = x[off + 3];
		o->len = (uint16_t)(olen - ICMP_EXT_OHLEN);
		memcpy(o->data, x + off + ICMP_EXT_OHLEN,
		    o->len < EXT_OBJDATA ? o->len : EXT_OBJDATA);
		if (o->class == EXT_MPLS_CLASS && o->ctype == EXT_MPLS_CTYPE &&
		    o->len > 0 && ne.mplsobj == 0) {
			ne.mplsobj = ne.nobj;
			ext_mpls(x + off + ICMP_EXT_OHLEN, o->len, &ne);
		}
	}
	*e = ne;
	return 0;
}

/* RFC 4950: label 20 bits, EXP / traffic class 3, bottom of stack 1, TTL 8. */
static void
ext_mpls(const uint8_t *p, size_t len, struct icmp_ext *e)
{
	uint32_t	 v;
	size_t		 off;

	for (off = 0; off + MPLS_ENTRYLEN <= len; off += MPLS_ENTRYLEN) {
		if (e->nmpls == EXT_MAXLABELS) {
			e->moremls = 1;
			break;
		}
		v = get32(p + off);
		e->mpls[e->nmpls].label = v >> 12;
		e->mpls[e->nmpls].exp = (v >> 9) & 0x07;
		e->mpls[e->nmpls].s = (v >> 8) & 0x01;
		e->mpls[e->nmpls].ttl = v & 0xff;
		e->nmpls++;
	}
}

/*
 * An ICMP or ICMPv6 message, of r->family: each family's message is
 * matched with its counterpart in the other.  An ICMPv6 checksum covers
 * the pseudo-header, an ICMP one does not.
 */
static int
parse_icmp(const uint8_t *p, size_t len, int whole, struct reply *r)
{
	enum reply_kind	 kind;
	uint32_t	 mtu;
	size_t		 qlen;
	int		 ext, v4 = r->family == AF_INET;

	if (len < ICMP_HLEN)
		return -1;
	if (whole && in_cksum(p, len, v4 ? 0 : cksum_pseudo(AF_INET6,
	    &r->src, &r->dst, PROTO_ICMPV6, len)) != 0)
		return -1;

	if (p[0] == (v4 ? ICMP_ECHOREPLY : ICMP6_ECHO_REPLY) ||
	    p[0] == (v4 ? ICMP_ECHO : ICMP6_ECHO_REQUEST))
		return parse_echo(p, r);
	if (p[0] == (v4 ? ICMP_TIMXCEED : ICMP6_TIME_EXCEEDED))
		kind = REPLY_TIMXCEED;
	else if (p[0] == (v4 ? ICMP_UNREACH : ICMP6_DST_UNREACH))
		/* RFC 1191: fragmentation needed names the MTU. */
		kind = v4 && p[1] == ICMP_UNREACH_NEEDFRAG ? REPLY_TOOBIG :
		    REPLY_UNREACH;
	else if (!v4 && p[0] == ICMP6_PACKET_TOO_BIG)
		kind = REPLY_TOOBIG;
	else if (p[0] == (v4 ? ICMP_PARAMPROB : ICMP6_PARAM_PROB) ||
	    (v4 && (p[0] == ICMP_SOURCEQUENCH || p[0] == ICMP_REDIRECT)))
		kind = REPLY_ICMP;	/* a redirect's bytes 4-7: a gateway */
	else
		return -1;
	if (kind == REPLY_TOOBIG) {
		mtu = v4 ? get16(p + 6) : get32(p + 4);
		r->mtu = mtu > 0xffff ? 0xffff : mtu;
	}

	/*
	 * RFC 4884: extensions may follow the quote of a time exceeded, an
	 * unreachable or an ICMP parameter problem, which then give the
	 * quote's length in 32-bit (ICMP) or 64-bit (ICMPv6) words.
	 */
	ext = p[0] == (v4 ? ICMP_TIMXCEED : ICMP6_TIME_EXCEEDED) ||
	    p[0] == (v4 ? ICMP_UNREACH : ICMP6_DST_UNREACH) ||
	    (v4 && p[0] == ICMP_PARAMPROB);
	qlen = len - ICMP_HLEN;
	if (ext)
		qlen = quote_ext(p + ICMP_HLEN, qlen, v4 ? p[5] : p[4],
		    v4 ? 4 : 8, whole, &r->ext);
	if ((v4 ? quote_v4 : quote_v6)(p + ICMP_HLEN, qlen, r) == -1)
		return -1;
	r->kind = kind;
	r->icmp_type = p[0];
	r->icmp_code = p[1];
	return 0;
}

/*
 * The quoted header's lengths are not checked against the quote: routers
 * quote only the start of a datagram, so its total length routinely
 * exceeds what follows, and some mangle it besides.
 */
static int
quote_v4(const uint8_t *q, size_t qlen, struct reply *r)
{
	size_t	 hlen;

	if (qlen < IP4_HLEN || q[0] >> 4 != 4)
		return -1;
	hlen = (q[0] & 0x0f) * 4;
	if (hlen < IP4_HLEN || qlen < hlen + TCP_QUOTED)
		return -1;
	if ((get16(q + 6) & IP4_OFFMASK) != 0 ||
	    quote_l4(q[9], q + hlen, r) == -1)
		return -1;
	memcpy(&r->qsrc.v4, q + 12, sizeof(r->qsrc.v4));
	memcpy(&r->qdst.v4, q + 16, sizeof(r->qdst.v4));
	r->qipid = get16(q + 4);
	r->qttl = q[8];
	return 0;
}

static int
quote_v6(const uint8_t *q, size_t qlen, struct reply *r)
{
	size_t	 off = IP6_HLEN;
	uint8_t	 nh;
	int	 more = 0;

	if (qlen < IP6_HLEN || q[0] >> 4 != 6)
		return -1;
	nh = q[6];
	if (ip6_skip(q, qlen, &nh, &off, &more) == -1)
		return -1;
	if (qlen - off < TCP_QUOTED || quote_l4(nh, q + off, r) == -1)
		return -1;
	memcpy(&r->qsrc.v6, q + 8, sizeof(r->qsrc.v6));
	memcpy(&r->qdst.v6, q + 24, sizeof(r->qdst.v6));
	r->qflowlabel = get32(q) & 0xfffff;
	r->qttl = q[7];
	return 0;
}

/*
 * The quoted transport header, of which an ICMP error is sure to quote
 * 8 bytes: TCP, UDP or an echo request (ours are no other); anything
 * else is no reply to us.
 */
static int
quote_l4(uint8_t proto, const uint8_t *t, struct reply *r)
{
	switch (proto) {
	case PROTO_TCP:
		quote_tcp(t, r);
		break;
	case PROTO_UDP:
		r->sport = get16(t);
		r->dport = get16(t + 2);
		r->udp_sum = get16(t + 6);
		break;
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		/* Each family's own ICMP: the other is no probe of ours. */
		if ((proto == PROTO_ICMP) != (r->family == AF_INET))
			return -1;
		if (t[0] != (proto == PROTO_ICMP ? ICMP_ECHO :
		    ICMP6_ECHO_REQUEST) || t[1] != 0)
			return -1;
		r->echo_id = get16(t + 4);
		r->echo_seq = get16(t + 6);
		break;
	default:
		return -1;
	}
	r->qproto = proto;
	return 0;
}

/* The first 8 bytes of TCP, all an ICMP error is sure to quote. */
static void
quote_tcp(const uint8_t *t, struct reply *r)
{
	r->sport = get16(t);
	r->dport = get16(t + 2);
	r->seq = get32(t + 4);
}
