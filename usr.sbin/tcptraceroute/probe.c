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
 * Probe construction.  This runs in the privileged parent, so it builds
 * only from the frozen configuration and the few per-probe fields the
 * parent has already range checked.
 *
 * Headers are written byte by byte at fixed offsets instead of through
 * struct ip and struct tcphdr: the buffer need not be aligned, the
 * layouts differ in spelling between systems, and explicit offsets make
 * every byte on the wire visible here.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

#define UDP_SUMFIX	2	/* the payload word that sets the checksum */

static uint32_t	pseudo_sum(const struct ttr_config *, uint8_t, size_t);
static void	build_echo(const struct ttr_config *,
		    const struct ttr_probe *, uint8_t *, size_t);
static void	build_udp(const struct ttr_config *,
		    const struct ttr_probe *, uint8_t *, size_t);

/* The pseudo-header of the configuration's probes, as a partial sum. */
static uint32_t
pseudo_sum(const struct ttr_config *cfg, uint8_t proto, size_t len)
{
	return (cksum_pseudo(cfg->family, &cfg->src, &cfg->dst, proto, len));
}

/*
 * -g: the bytes of IPv4 options, a NOP (so the addresses fall on whole
 * words) and a loose source and record route (RFC 791) listing the
 * gateways after the first, then the destination: 4 + 4 * ngw.
 */
size_t
probe_ipoptlen(const struct ttr_config *cfg)
{
	if (cfg->family != AF_INET || cfg->ngw == 0 ||
	    cfg->ngw > TTR_MAXGW)
		return (0);
	return (4 + 4 * (size_t)cfg->ngw);
}

/*
 * Why a gateway cannot be one, or NULL: no unspecified, multicast,
 * reserved (class E) or broadcast address routes a packet on.
 */
const char *
probe_badgw(struct in_addr a)
{
	uint32_t v = ntohl(a.s_addr);

	if (v == 0)
		return ("unspecified address");
	if (v == 0xffffffff)
		return ("broadcast address");
	if ((v >> 28) == 0xe)
		return ("multicast address");
	if ((v >> 28) == 0xf)
		return ("reserved address");
	return (NULL);
}

/* The IPv4 options of -g, padded by the NOP in front. */
static void
put_lsrr(const struct ttr_config *cfg, uint8_t *o)
{
	int i;

	o[0] = 1;			/* NOP */
	o[1] = IPOPT_LSRR_TYPE;
	o[2] = (uint8_t)(3 + 4 * cfg->ngw);
	o[3] = 4;			/* the next address is the first */
	for (i = 1; i < cfg->ngw; i++)
		memcpy(o + 4 * i, &cfg->gw[i], 4);
	memcpy(o + 4 * cfg->ngw, &cfg->dst.v4, 4);
}

/*
 * The smallest probe of the configuration: the headers, and for UDP the
 * word that sets its checksum.  0 for a configuration we cannot build.
 */
size_t
probe_minlen(const struct ttr_config *cfg)
{
	size_t hlen;

	if (cfg->family != AF_INET && cfg->family != AF_INET6)
		return (0);
	hlen = cfg->family == AF_INET ? IP4_HLEN + probe_ipoptlen(cfg) :
	    IP6_HLEN;
	switch (cfg->method) {
	case METHOD_TCP:
		return (hlen + TCP_HLEN + probe_optlen(cfg));
	case METHOD_ICMP:
		return (hlen + ICMP_HLEN);
	case METHOD_UDP:
		return (hlen + UDP_HLEN + UDP_SUMFIX);
	}
	return (0);
}

/*
 * An ICMP echo request: the identifier is the probe's source port (the
 * one the run reserved, or --track-port's), the sequence number the low
 * 16 bits of its sequence, which the child numbers 1 .. METHOD_MAXSEQ.
 * An ICMPv6 checksum covers the pseudo-header, an ICMP one does not.
 */
static void
build_echo(const struct ttr_config *cfg, const struct ttr_probe *f,
    uint8_t *icmp, size_t len)
{
	uint16_t sum;
	size_t i;

	icmp[0] = cfg->family == AF_INET ? ICMP_ECHO :
	    ICMP6_ECHO_REQUEST;
	icmp[1] = 0;
	put16(icmp + 4, f->sport);
	put16(icmp + 6, (uint16_t)f->seq);
	for (i = ICMP_HLEN; i < len; i++)
		icmp[i] = '!' + (i - ICMP_HLEN) % ('~' - '!');
	sum = in_cksum(icmp, len, cfg->family == AF_INET ? 0 :
	    pseudo_sum(cfg, IPPROTO_ICMPV6, len));
	memcpy(icmp + 2, &sum, sizeof(sum));
}

/*
 * A UDP datagram to the one port.  An ICMP error is sure to quote only
 * its first 8 bytes: ports, length, checksum.  The ports are the same
 * for every probe (but --track-port's), and IPv6 has no IP ID, so the
 * checksum names the probe: it is set to the probe's 16-bit sequence
 * number (1 .. METHOD_MAXSEQ, never 0, "no checksum", nor 0xffff) by
 * the first payload word, chosen so that the datagram sums right.
 */
static void
build_udp(const struct ttr_config *cfg, const struct ttr_probe *f,
    uint8_t *udp, size_t len)
{
	uint32_t fix;
	uint16_t want = (uint16_t)f->seq;
	size_t i;

	put16(udp + 0, f->sport);
	put16(udp + 2, f->dport != 0 ? f->dport : cfg->dport);
	put16(udp + 4, (uint16_t)len);
	for (i = UDP_HLEN + UDP_SUMFIX; i < len; i++)
		udp[i] = '!' + (i - UDP_HLEN - UDP_SUMFIX) % ('~' - '!');
	/*
	 * With the checksum field and this word 0 the datagram sums to
	 * ~c.  Adding the word w = ~want + c (one's complement) makes it
	 * sum to ~want, whose checksum is want.
	 */
	fix = (uint32_t)(~want & 0xffff) +
	    ntohs(in_cksum(udp, len, pseudo_sum(cfg, IPPROTO_UDP, len)));
	fix = (fix & 0xffff) + (fix >> 16);
	put16(udp + UDP_HLEN, (uint16_t)fix);
	put16(udp + 6, want);
}

/*
 * The TCP options of -O, laid out as a Linux SYN lays them out, padded
 * with NOPs to whole words: MSS; SACK permitted and timestamps (sharing
 * a word); window scale.  At most TCPOPT_MAXLEN bytes.
 */
size_t
probe_optlen(const struct ttr_config *cfg)
{
	size_t len = 0;

	if (cfg->tcpopts & TCPOPT_MSS)
		len += 4;
	if (cfg->tcpopts & TCPOPT_TS)
		len += 12;
	else if (cfg->tcpopts & TCPOPT_SACK)
		len += 4;
	if (cfg->tcpopts & TCPOPT_WSCALE)
		len += 4;
	return (len);
}

static void
put_options(const struct ttr_config *cfg, uint8_t *o)
{
	if (cfg->tcpopts & TCPOPT_MSS) {
		o[0] = 2;
		o[1] = 4;
		put16(o + 2, cfg->mss);
		o += 4;
	}
	if (cfg->tcpopts & TCPOPT_TS) {
		if (cfg->tcpopts & TCPOPT_SACK) {
			o[0] = 4;
			o[1] = 2;
		} else
			o[0] = o[1] = 1;
		o[2] = 8;
		o[3] = 10;
		put32(o + 4, 1);	/* TSval; TSecr stays 0 */
		o += 12;
	} else if (cfg->tcpopts & TCPOPT_SACK) {
		o[0] = o[1] = 1;
		o[2] = 4;
		o[3] = 2;
		o += 4;
	}
	if (cfg->tcpopts & TCPOPT_WSCALE) {
		o[0] = 1;
		o[1] = 3;
		o[2] = 3;
		o[3] = cfg->wscale;
	}
}

size_t
probe_build(const struct ttr_config *cfg, const struct ttr_probe *f,
    uint8_t *buf, size_t buflen)
{
	uint8_t		*tcp;
	size_t		 hlen, len, tcplen, optlen, i;
	uint16_t	 sum;

	switch (cfg->family) {
	case AF_INET:
		if (cfg->ngw > TTR_MAXGW)
			return 0;
		hlen = IP4_HLEN + probe_ipoptlen(cfg);
		break;
	case AF_INET6:
		hlen = IP6_HLEN;
		break;
	default:
		return 0;
	}
	if (cfg->length > TTR_MAXPACKET || (cfg->tcpopts & ~TCPOPT_ALL) ||
	    f->length > cfg->length)
		return 0;
	if (cfg->method != METHOD_TCP && (f->seq == 0 ||
	    f->seq > METHOD_MAXSEQ))
		return 0;
	optlen = probe_optlen(cfg);
	/*
	 * A length below the headers means "as small as possible".  A
	 * probe of its own length (--mtu) is shorter by some payload.
	 */
	len = f->length != 0 ? f->length : cfg->length;
	if (len < probe_minlen(cfg))
		len = probe_minlen(cfg);
	if (buflen < len)
		return 0;
	memset(buf, 0, len);
	tcplen = len - hlen;

	if (cfg->family == AF_INET) {
		buf[0] = 4 << 4 | (uint8_t)(hlen / 4);
		buf[1] = cfg->tos;
		/*
		 * Network byte order, as Linux and OpenBSD want for
		 * IP_HDRINCL (older FreeBSD and macOS want host order for
		 * length and offset; we do not support them).  Linux
		 * rewrites the length and the checksum and fills an ID of
		 * 0, but we compute all of them so the bytes are right on
		 * systems that send them as given.
		 */
		put16(buf + 2, (uint16_t)len);
		put16(buf + 4, f->ipid);
		put16(buf + 6, cfg->df ? 0x4000 : 0);
		buf[8] = f->ttl;
		buf[9] = method_proto(cfg->family, cfg->method);
		memcpy(buf + 12, &cfg->src.v4, 4);
		/*
		 * -g: to the first gateway, the route in the options.  The
		 * pseudo-header of the transport checksum keeps the final
		 * destination, the address the receiver checks it with.
		 */
		if (cfg->ngw > 0) {
			memcpy(buf + 16, &cfg->gw[0], 4);
			put_lsrr(cfg, buf + IP4_HLEN);
		} else
			memcpy(buf + 16, &cfg->dst.v4, 4);
		sum = in_cksum(buf, hlen, 0);
		memcpy(buf + 10, &sum, sizeof(sum));
	} else {
		put32(buf, 6U << 28 | (uint32_t)cfg->tos << 20 |
		    (cfg->flowlabel & 0xfffff));
		put16(buf + 4, (uint16_t)tcplen);
		buf[6] = method_proto(cfg->family, cfg->method);
		buf[7] = f->ttl;
		memcpy(buf + 8, &cfg->src.v6, 16);
		memcpy(buf + 24, &cfg->dst.v6, 16);
	}

	if (cfg->method == METHOD_ICMP) {
		build_echo(cfg, f, buf + hlen, tcplen);
		return len;
	}
	if (cfg->method == METHOD_UDP) {
		build_udp(cfg, f, buf + hlen, tcplen);
		return len;
	}
	tcp = buf + hlen;
	put16(tcp + 0, f->sport);
	put16(tcp + 2, f->dport != 0 ? f->dport : cfg->dport);
	put32(tcp + 4, f->seq);
	/*
	 * Only the ACK flag gives it a meaning: zero without it, as a TCP
	 * stack sends its SYN (RFC 9293, 3.1).
	 */
	put32(tcp + 8, (cfg->tcpflags & TTR_ACK) ? f->ack : 0);
	tcp[12] = (uint8_t)(((TCP_HLEN + optlen) / 4) << 4);
	tcp[13] = cfg->tcpflags;
	put16(tcp + 14, cfg->window);
	/* checksum at 16 and urgent pointer at 18 stay 0 for now */
	put_options(cfg, tcp + TCP_HLEN);

	/* Printable filler, as tcptraceroute 1.5 sent. */
	for (i = 0; i < tcplen - TCP_HLEN - optlen; i++)
		tcp[TCP_HLEN + optlen + i] = '!' + i % ('~' - '!');

	sum = in_cksum(tcp, tcplen, pseudo_sum(cfg, IPPROTO_TCP, tcplen));
	memcpy(tcp + 16, &sum, sizeof(sum));
	return len;
}
