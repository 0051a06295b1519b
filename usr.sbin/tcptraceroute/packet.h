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
 * The packet vocabulary, defined once for the files that build probes
 * (probe.c), read replies (reply.c, dns.c) and judge them (match.c,
 * mtu.c, output.c, trace.c): header lengths, byte order helpers, the
 * Internet checksum and its pseudo-header, and the ICMP and ICMPv6
 * types and codes we send or take.  The names and numbers are those of
 * RFC 792, RFC 1191, RFC 4443 and the BSD headers.  Include it after
 * tcptraceroute.h.
 */

#ifndef PACKET_H
#define PACKET_H

#define IP4_HLEN	20	/* without options */
#define IP6_HLEN	40
#define TCP_HLEN	20	/* without options */
#define UDP_HLEN	8
#define ICMP_HLEN	8	/* type, code, checksum and 4 more bytes */

/* ICMP types (RFC 792) and the codes of destination unreachable. */
#define ICMP_ECHOREPLY		0
#define ICMP_UNREACH		3
#define ICMP_SOURCEQUENCH	4
#define ICMP_REDIRECT		5
#define ICMP_ECHO		8
#define ICMP_TIMXCEED		11
#define ICMP_PARAMPROB		12

#define ICMP_UNREACH_NET		0
#define ICMP_UNREACH_HOST		1
#define ICMP_UNREACH_PROTOCOL		2
#define ICMP_UNREACH_PORT		3
#define ICMP_UNREACH_NEEDFRAG		4	/* RFC 1191: names the MTU */
#define ICMP_UNREACH_SRCFAIL		5
#define ICMP_UNREACH_NET_UNKNOWN	6
#define ICMP_UNREACH_HOST_UNKNOWN	7
#define ICMP_UNREACH_ISOLATED		8
#define ICMP_UNREACH_NET_PROHIB		9
#define ICMP_UNREACH_HOST_PROHIB	10
#define ICMP_UNREACH_TOSNET		11
#define ICMP_UNREACH_TOSHOST		12
#define ICMP_UNREACH_FILTER_PROHIB	13

/* ICMPv6 types (RFC 4443) and the codes of destination unreachable. */
#define ICMP6_DST_UNREACH	1
#define ICMP6_PACKET_TOO_BIG	2
#define ICMP6_TIME_EXCEEDED	3
#define ICMP6_PARAM_PROB	4
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_ECHO_REPLY	129

#define ICMP6_DST_UNREACH_NOROUTE	0
#define ICMP6_DST_UNREACH_ADMIN		1
#define ICMP6_DST_UNREACH_BEYONDSCOPE	2
#define ICMP6_DST_UNREACH_ADDR		3
#define ICMP6_DST_UNREACH_NOPORT	4
#define ICMP6_DST_UNREACH_POLICY	5	/* source failed policy */
#define ICMP6_DST_UNREACH_REJECT	6	/* reject route */

/*
 * Network byte order from and to bytes: packets are read and written
 * byte by byte, as a buffer has no alignment we may rely on.
 */
static inline uint16_t
get16(const uint8_t *p)
{
	return ((uint16_t)(p[0] << 8 | p[1]));
}

static inline uint32_t
get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static inline void
put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void
put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

/* packet.c */
uint16_t	 in_cksum(const void *, size_t, uint32_t);
uint32_t	 cksum_pseudo(int, const union ttr_addr *,
		    const union ttr_addr *, uint8_t, size_t);
uint8_t		 method_proto(int, int);

#endif /* PACKET_H */
