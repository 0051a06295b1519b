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
 * The Internet checksum (RFC 1071) and the pseudo-header it covers for
 * TCP, UDP and ICMPv6, and the protocol a probe method sends: shared by
 * the parent, which builds probes, and the child, which checks the ICMP
 * errors that answer them.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>

#include "tcptraceroute.h"
#include "packet.h"

/*
 * The running sum, including the caller's initial partial sum, adds
 * 16-bit words read in network byte order (p[0] << 8 | p[1]), so a
 * pseudo-header can be summed as plain numbers.  A 64-bit accumulator
 * cannot overflow for any length an IP packet may have, so folding is
 * left to the end.  The result is returned in network byte order, to be
 * copied into the packet as it is.
 */
uint16_t
in_cksum(const void *data, size_t len, uint32_t sum)
{
	const uint8_t	*p = data;
	uint64_t	 acc = sum;
	uint16_t	 v;

	while (len >= 2) {
		acc += get16(p);
		p += 2;
		len -= 2;
	}
	/* An odd byte is padded with a zero byte on the right. */
	if (len == 1)
		acc += (uint32_t)p[0] << 8;
	while (acc > 0xffff)
		acc = (acc >> 16) + (acc & 0xffff);
	v = ~acc & 0xffff;
	return (htons(v));
}

/* The IP protocol number of a probe method's packets (enum method). */
uint8_t
method_proto(int family, int method)
{
	switch (method) {
	case METHOD_ICMP:
		return (family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	case METHOD_UDP:
		return (IPPROTO_UDP);
	}
	return (IPPROTO_TCP);
}

/*
 * The pseudo-header (RFC 793, RFC 768, RFC 8200 8.1) of a transport
 * segment len bytes long from src to dst, as a partial sum for in_cksum.
 */
uint32_t
cksum_pseudo(int family, const union ttr_addr *src,
    const union ttr_addr *dst, uint8_t proto, size_t len)
{
	const uint8_t	*s, *d;
	uint32_t	 sum = 0;
	size_t		 i, alen;

	if (family == AF_INET) {
		s = (const uint8_t *)&src->v4;
		d = (const uint8_t *)&dst->v4;
		alen = sizeof(src->v4);
	} else {
		s = src->v6.s6_addr;
		d = dst->v6.s6_addr;
		alen = sizeof(src->v6);
	}
	for (i = 0; i < alen; i += 2)
		sum += get16(s + i) + get16(d + i);
	/* The IPv6 length is 32 bits wide, but ours never exceeds 16. */
	sum += proto + (uint32_t)len;
	return (sum);
}
