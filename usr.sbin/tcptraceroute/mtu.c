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
 * --mtu: path MTU discovery along the trace.  A router that cannot
 * forward a probe because it is too long for the next link answers with
 * an IPv4 "fragmentation needed" (RFC 1191) or an ICMPv6 "packet too
 * big" (RFC 8201) naming that link's MTU; the probe then goes again that
 * long.  The reply has been proved to answer the probe before it gets
 * here; what it claims is still only believed within bounds.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>

#include "tcptraceroute.h"
#include "packet.h"

/*
 * RFC 1191's plateaus, for routers that name no MTU (an older router
 * leaves the field 0) or one that is no smaller than the probe.
 */
static const uint16_t plateaus[] = {
	32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68
};

/*
 * The length to send a probe of length sent again with, when r answers
 * it; 0 when r is no "too big" error, or one that leaves nothing smaller
 * to try (no shorter than minlen, IPv6's 1280, the probe itself): then
 * it is the hop's answer, as any other error.
 */
uint16_t
mtu_next(int family, const struct reply *r, uint16_t sent, uint16_t minlen)
{
	size_t i;
	uint16_t next;

	if (r->kind != REPLY_TOOBIG)
		return (0);
	/* Each family's message only in its own family. */
	if (family == AF_INET && r->icmp_type == ICMP_UNREACH) {
		next = r->mtu;
		if (next == 0 || next >= sent) {
			for (i = 0; i < sizeof(plateaus) / sizeof(plateaus[0]);
			    i++)
				if (plateaus[i] < sent)
					break;
			next = i < sizeof(plateaus) / sizeof(plateaus[0]) ?
			    plateaus[i] : 0;
		}
	} else if (family == AF_INET6 && r->icmp_type == ICMP6_PACKET_TOO_BIG) {
		/* RFC 8201: an MTU below the minimum means the minimum. */
		next = r->mtu < MTU_MIN6 ? MTU_MIN6 : r->mtu;
	} else
		return (0);
	if (next < minlen)
		next = minlen;
	return (next < sent ? next : 0);
}
