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
 * mtu_next: which replies to a probe of --mtu ask for a shorter one,
 * and how short.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"
#include "packet.h"

static struct reply
too_big(int family, uint16_t mtu)
{
	struct reply r;

	memset(&r, 0, sizeof(r));
	r.family = family;
	r.kind = REPLY_TOOBIG;
	if (family == AF_INET) {
		r.icmp_type = ICMP_UNREACH;
		r.icmp_code = ICMP_UNREACH_NEEDFRAG;
	} else
		r.icmp_type = ICMP6_PACKET_TOO_BIG;
	r.mtu = mtu;
	return (r);
}

/* IPv4 fragmentation needed: the MTU it names, if it is smaller. */
ATF_TC_WITHOUT_HEAD(frag_needed);
ATF_TC_BODY(frag_needed, tc)
{
	struct reply r;

	r = too_big(AF_INET, 1400);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 1400);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1401, 40), 1400);
	r = too_big(AF_INET, 68);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 68);
	/* Never below the headers (with -O options, more than 40). */
	r = too_big(AF_INET, 50);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 60), 60);
	r = too_big(AF_INET, 1);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 40);
	/* The probe is as short as it gets: the error is the answer. */
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 40, 40), 0);
}

/* No MTU, or one no smaller than the probe: RFC 1191's plateaus. */
ATF_TC_WITHOUT_HEAD(plateaus);
ATF_TC_BODY(plateaus, tc)
{
	struct reply r;

	r = too_big(AF_INET, 0);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 1492);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1492, 40), 1006);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1006, 40), 508);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1000, 40), 508);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 508, 40), 296);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 296, 40), 68);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 68, 40), 40);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 41, 40), 40);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 40, 40), 0);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 68, 68), 0);
	r = too_big(AF_INET, 1500);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 1492);
	r = too_big(AF_INET, 9000);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 1492);
}

/* ICMPv6 packet too big: never below IPv6's 1280. */
ATF_TC_WITHOUT_HEAD(packet_too_big);
ATF_TC_BODY(packet_too_big, tc)
{
	struct reply r;

	r = too_big(AF_INET6, 1400);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 1400);
	r = too_big(AF_INET6, 1280);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 1280);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1280, 60), 0);
	r = too_big(AF_INET6, 576);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 1280);
	r = too_big(AF_INET6, 0);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 1280);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1280, 60), 0);
	/* Not smaller than the probe: no plateaus for IPv6, an answer. */
	r = too_big(AF_INET6, 1500);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 0);
	r = too_big(AF_INET6, 0xffff);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 0);
}

/* Anything else is the hop's answer, whatever its mtu field says. */
ATF_TC_WITHOUT_HEAD(other_replies);
ATF_TC_BODY(other_replies, tc)
{
	struct reply r;

	r = too_big(AF_INET, 1400);
	r.kind = REPLY_UNREACH;
	r.icmp_code = ICMP_UNREACH_HOST;
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 0);
	r = too_big(AF_INET, 1400);
	r.kind = REPLY_TIMXCEED;
	r.icmp_type = ICMP_TIMXCEED;
	r.icmp_code = 0;
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 0);
	r = too_big(AF_INET, 1400);
	r.kind = REPLY_TCP;
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 0);
	r = too_big(AF_INET6, 1400);
	r.icmp_type = ICMP6_DST_UNREACH;
	r.kind = REPLY_UNREACH;
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 0);
	r = too_big(AF_INET6, 1400);
	r.kind = REPLY_ICMP;
	r.icmp_type = ICMP6_PARAM_PROB;
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 0);
	/* Each family's message only in its own family. */
	r = too_big(AF_INET6, 1400);
	ATF_CHECK_EQ(mtu_next(AF_INET, &r, 1500, 40), 0);
	r = too_big(AF_INET, 1400);
	ATF_CHECK_EQ(mtu_next(AF_INET6, &r, 1500, 60), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, frag_needed);
	ATF_TP_ADD_TC(tp, plateaus);
	ATF_TP_ADD_TC(tp, packet_too_big);
	ATF_TP_ADD_TC(tp, other_replies);
	return (atf_no_error());
}
