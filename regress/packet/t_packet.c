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
 * Packet construction and parsing: probe.c and reply.c, compiled in.
 *
 * The checks do not trust the code under test: checksums are recomputed
 * here by a differently written routine, and the replies fed to the
 * parser are assembled here byte by byte around probes from probe_build.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <atf-c.h>
#include <pcap.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

#define ME4	"198.51.100.7"
#define TARGET4	"203.0.113.9"
#define ROUTER4	"192.0.2.1"
#define ME6	"2001:db8::7"
#define TARGET6	"2001:db8:1::9"
#define ROUTER6	"2001:db8:2::1"

#define ROUTER_TTL	250
#define BUFSZ		4096

#define P_HOPOPTS	0
#define P_ICMP		1
#define P_TCP		6
#define P_UDP		17
#define P_ROUTING	43
#define P_FRAGMENT	44
#define P_AH		51
#define P_ICMPV6	58
#define P_DSTOPTS	60

static const struct ttr_probe pf = {
	.seq = 0x11223344,
	.ack = 0x55667788,
	.ipid = 0xbeef,
	.sport = 40001,
	.ttl = 7
};

/* ------------------------------------------------------------------ */
/* Helpers independent of the code under test. */

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static void
wr16(uint8_t *p, uint32_t v)
{
	p[0] = (v >> 8) & 0xff;
	p[1] = v & 0xff;
}

static void
wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v & 0xffff);
}

/*
 * Ones' complement sum, folded, written differently from in_cksum on
 * purpose: the bytes at even offsets are the high halves of the words,
 * so add them up apart from the odd ones.  A packet whose checksum is
 * right sums to 0xffff.
 */
static uint16_t
fold(const uint8_t *p, size_t len, uint32_t init)
{
	uint64_t	 hi = 0, lo = 0, s;
	size_t		 i;

	for (i = 0; i < len; i++) {
		if (i % 2 == 0)
			hi += p[i];
		else
			lo += p[i];
	}
	s = init + hi * 256 + lo;
	while (s > 0xffff)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

static uint32_t
psum(const uint8_t *src, const uint8_t *dst, size_t alen, uint8_t proto,
    size_t len)
{
	return (uint32_t)fold(src, alen, 0) + fold(dst, alen, 0) + proto +
	    (uint32_t)len;
}

static void
addr4(const char *s, struct in_addr *a)
{
	ATF_REQUIRE_EQ(1, inet_pton(AF_INET, s, a));
}

static void
addr6(const char *s, struct in6_addr *a)
{
	ATF_REQUIRE_EQ(1, inet_pton(AF_INET6, s, a));
}

static int
is4(const struct in_addr *a, const char *s)
{
	struct in_addr	 b;

	addr4(s, &b);
	return memcmp(a, &b, sizeof(b)) == 0;
}

static int
is6(const struct in6_addr *a, const char *s)
{
	struct in6_addr	 b;

	addr6(s, &b);
	return memcmp(a, &b, sizeof(b)) == 0;
}

static struct ttr_config
cfg4(void)
{
	struct ttr_config	 c;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET;
	addr4(ME4, &c.src.v4);
	addr4(TARGET4, &c.dst.v4);
	c.sport = 40000;
	c.nsport = 16;
	c.dport = 80;
	c.window = 5840;
	c.tcpflags = TTR_SYN;
	c.df = 1;
	c.first_ttl = 1;
	c.max_ttl = 30;
	return c;
}

static struct ttr_config
cfg6(void)
{
	struct ttr_config	 c;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET6;
	addr6(ME6, &c.src.v6);
	addr6(TARGET6, &c.dst.v6);
	c.sport = 40000;
	c.nsport = 16;
	c.dport = 443;
	c.window = 5840;
	c.tcpflags = TTR_SYN;
	c.flowlabel = 0x54321;
	c.tos = 0x2d;		/* its low bits border the flow label */
	c.first_ttl = 1;
	c.max_ttl = 30;
	return c;
}

static size_t
probe4(uint8_t *buf, uint16_t length)
{
	struct ttr_config	 c = cfg4();
	size_t			 n;

	c.length = length;
	n = probe_build(&c, &pf, buf, BUFSZ);
	ATF_REQUIRE(n >= 40);
	return n;
}

static size_t
probe6(uint8_t *buf, uint16_t length)
{
	struct ttr_config	 c = cfg6();
	size_t			 n;

	c.length = length;
	n = probe_build(&c, &pf, buf, BUFSZ);
	ATF_REQUIRE(n >= 60);
	return n;
}

/* An IPv4 packet from src to dst; IHL above 5 is padded with NOPs. */
static size_t
mk4(uint8_t *out, unsigned int ihl, uint8_t proto, uint16_t frag,
    const char *src, const char *dst, const uint8_t *pl, size_t plen)
{
	size_t		 hlen = ihl * 4, i;
	struct in_addr	 a;

	memset(out, 0, hlen);
	out[0] = 0x40 | ihl;
	wr16(out + 2, hlen + plen);
	wr16(out + 4, 0x4242);
	wr16(out + 6, frag);
	out[8] = ROUTER_TTL;
	out[9] = proto;
	addr4(src, &a);
	memcpy(out + 12, &a, 4);
	addr4(dst, &a);
	memcpy(out + 16, &a, 4);
	for (i = 20; i < hlen; i++)
		out[i] = 1;
	wr16(out + 10, ~fold(out, hlen, 0));
	memmove(out + hlen, pl, plen);
	return hlen + plen;
}

/* An IPv6 packet, with the extension headers ext (already chained). */
static size_t
mk6(uint8_t *out, const char *src, const char *dst, uint8_t nh,
    const uint8_t *ext, size_t extlen, const uint8_t *pl, size_t plen)
{
	struct in6_addr	 a;

	memset(out, 0, 40);
	wr32(out, 6U << 28 | 0xab << 20 | 0x12345);
	wr16(out + 4, extlen + plen);
	out[6] = nh;
	out[7] = ROUTER_TTL;
	addr6(src, &a);
	memcpy(out + 8, &a, 16);
	addr6(dst, &a);
	memcpy(out + 24, &a, 16);
	if (extlen > 0)
		memcpy(out + 40, ext, extlen);
	memmove(out + 40 + extlen, pl, plen);
	return 40 + extlen + plen;
}

/* An ICMP message without its checksum. */
static size_t
mk_icmp(uint8_t *out, uint8_t type, uint8_t code, uint32_t word,
    const uint8_t *q, size_t qlen)
{
	out[0] = type;
	out[1] = code;
	wr16(out + 2, 0);
	wr32(out + 4, word);
	memcpy(out + 8, q, qlen);
	return 8 + qlen;
}

static void
cksum4(uint8_t *msg, size_t len)
{
	wr16(msg + 2, 0);
	wr16(msg + 2, ~fold(msg, len, 0));
}

static void
cksum6(uint8_t *msg, size_t len, const char *src, const char *dst)
{
	struct in6_addr	 s, d;

	addr6(src, &s);
	addr6(dst, &d);
	wr16(msg + 2, 0);
	wr16(msg + 2, ~fold(msg, len, psum(s.s6_addr, d.s6_addr, 16,
	    P_ICMPV6, len)));
}

/* An ICMP error from ROUTER4 to ME4 quoting q. */
static size_t
icmp4_err(uint8_t *out, uint8_t type, uint8_t code, uint32_t word,
    const uint8_t *q, size_t qlen)
{
	uint8_t	 msg[BUFSZ];
	size_t	 n;

	n = mk_icmp(msg, type, code, word, q, qlen);
	cksum4(msg, n);
	return mk4(out, 5, P_ICMP, 0, ROUTER4, ME4, msg, n);
}

/* An ICMPv6 error from ROUTER6 to ME6 quoting q. */
static size_t
icmp6_err(uint8_t *out, uint8_t type, uint8_t code, uint32_t word,
    const uint8_t *q, size_t qlen)
{
	uint8_t	 msg[BUFSZ];
	size_t	 n;

	n = mk_icmp(msg, type, code, word, q, qlen);
	cksum6(msg, n, ROUTER6, ME6);
	return mk6(out, ROUTER6, ME6, P_ICMPV6, NULL, 0, msg, n);
}

/* Give the IPv4 packet p options so its IHL becomes ihl. */
static size_t
add_opts4(uint8_t *out, const uint8_t *p, size_t len, unsigned int ihl)
{
	size_t	 hlen = ihl * 4;

	memcpy(out, p, 20);
	memset(out + 20, 1, hlen - 20);
	memcpy(out + hlen, p + 20, len - 20);
	out[0] = 0x40 | ihl;
	wr16(out + 2, len - 20 + hlen);
	wr16(out + 10, 0);
	wr16(out + 10, ~fold(out, hlen, 0));
	return len - 20 + hlen;
}

/* Put the chained extension headers ext between p's header and TCP. */
static size_t
add_ext6(uint8_t *out, const uint8_t *p, size_t len, uint8_t nh,
    const uint8_t *ext, size_t extlen)
{
	memcpy(out, p, 40);
	memcpy(out + 40, ext, extlen);
	memcpy(out + 40 + extlen, p + 40, len - 40);
	out[6] = nh;
	wr16(out + 4, len - 40 + extlen);
	return len + extlen;
}

static const char *ctx = "";

#define EQ(a, b)	ATF_CHECK_EQ_MSG((a), (b), "[%s]", ctx)
#define OK(e)		ATF_CHECK_MSG((e), "[%s] %s", ctx, #e)

/* The fields of a reply to a default probe (cfg4/cfg6 with pf). */
static void
check_quote4(const struct reply *r, int kind, uint8_t type, uint8_t code)
{
	struct ttr_config	 c = cfg4();

	EQ(kind, (int)r->kind);
	EQ(AF_INET, r->family);
	OK(is4(&r->src.v4, ROUTER4));
	OK(is4(&r->dst.v4, ME4));
	EQ(ROUTER_TTL, r->ttl);
	EQ(type, r->icmp_type);
	EQ(code, r->icmp_code);
	EQ(pf.sport, r->sport);
	EQ(c.dport, r->dport);
	EQ(pf.seq, r->seq);
	EQ(0, r->ack);
	EQ(0, r->flags);
	OK(is4(&r->qsrc.v4, ME4));
	OK(is4(&r->qdst.v4, TARGET4));
	EQ(pf.ipid, r->qipid);
	EQ(pf.ttl, r->qttl);
	EQ(0, r->qflowlabel);
}

static void
check_quote6(const struct reply *r, int kind, uint8_t type, uint8_t code)
{
	struct ttr_config	 c = cfg6();

	EQ(kind, (int)r->kind);
	EQ(AF_INET6, r->family);
	OK(is6(&r->src.v6, ROUTER6));
	OK(is6(&r->dst.v6, ME6));
	EQ(ROUTER_TTL, r->ttl);
	EQ(type, r->icmp_type);
	EQ(code, r->icmp_code);
	EQ(pf.sport, r->sport);
	EQ(c.dport, r->dport);
	EQ(pf.seq, r->seq);
	EQ(0, r->ack);
	EQ(0, r->flags);
	OK(is6(&r->qsrc.v6, ME6));
	OK(is6(&r->qdst.v6, TARGET6));
	EQ(0, r->qipid);
	EQ(pf.ttl, r->qttl);
	EQ(c.flowlabel, r->qflowlabel);
}

static int
reply_eq(const struct reply *a, const struct reply *b)
{
	return a->kind == b->kind && a->family == b->family &&
	    memcmp(&a->src, &b->src, sizeof(a->src)) == 0 &&
	    memcmp(&a->dst, &b->dst, sizeof(a->dst)) == 0 &&
	    a->ttl == b->ttl && a->icmp_type == b->icmp_type &&
	    a->icmp_code == b->icmp_code && a->mtu == b->mtu &&
	    a->sport == b->sport && a->dport == b->dport &&
	    a->seq == b->seq && a->ack == b->ack && a->flags == b->flags &&
	    memcmp(&a->qsrc, &b->qsrc, sizeof(a->qsrc)) == 0 &&
	    memcmp(&a->qdst, &b->qdst, sizeof(a->qdst)) == 0 &&
	    a->qipid == b->qipid && a->qttl == b->qttl &&
	    a->qflowlabel == b->qflowlabel;
}

static int
is_zero(const struct reply *r)
{
	struct reply	 z;

	memset(&z, 0, sizeof(z));
	return reply_eq(r, &z);
}

/*
 * Parse a copy of the first n bytes in a buffer of exactly n bytes, so
 * that the address sanitizer, when built in, catches any read past it.
 * dlt -1 means reply_parse_ip.
 */
static int
parse_n(int dlt, const uint8_t *pkt, size_t n, struct reply *r)
{
	uint8_t	*b, *p;
	int	 rv;

	b = malloc(n > 0 ? n : 1);
	ATF_REQUIRE(b != NULL);
	/* For n == 0 point one past the byte, so any read is caught. */
	p = n > 0 ? b : b + 1;
	if (n > 0)
		memcpy(p, pkt, n);
	memset(r, 0xa5, sizeof(*r));
	if (dlt == -1)
		rv = reply_parse_ip(p, n, r);
	else
		rv = reply_parse(dlt, p, n, r);
	free(b);
	if (rv != 0)
		OK(is_zero(r));
	return rv;
}

static int
parse(const uint8_t *pkt, size_t n, struct reply *r)
{
	return parse_n(-1, pkt, n, r);
}

/*
 * Every capture length from 0 to full: no crash, -1 below need, and at
 * or above need the same reply as from the whole packet (which must
 * parse, unless bad_at_full says its checksum, checkable only then, is
 * wrong; then want is taken from the longest truncation).
 */
static void
truncations(int dlt, const uint8_t *pkt, size_t full, size_t need,
    int bad_at_full)
{
	struct reply	 want, r;
	size_t		 n;
	int		 rv;

	ATF_REQUIRE(need <= full);
	if (bad_at_full) {
		ATF_REQUIRE(need < full);
		ATF_REQUIRE_EQ(0, parse_n(dlt, pkt, full - 1, &want));
		ATF_CHECK_EQ(-1, parse_n(dlt, pkt, full, &r));
	} else
		ATF_REQUIRE_EQ(0, parse_n(dlt, pkt, full, &want));
	for (n = 0; n < full + (bad_at_full ? 0 : 1); n++) {
		rv = parse_n(dlt, pkt, n, &r);
		if (n < need)
			ATF_CHECK_EQ_MSG(-1, rv, "[%s] n=%zu need=%zu",
			    ctx, n, need);
		else {
			ATF_CHECK_EQ_MSG(0, rv, "[%s] n=%zu need=%zu",
			    ctx, n, need);
			ATF_CHECK_MSG(reply_eq(&r, &want), "[%s] n=%zu",
			    ctx, n);
		}
	}
}

/* A SYN|ACK or RST from the target, built as a probe the other way. */
static size_t
answer4(uint8_t *out, uint8_t flags)
{
	struct ttr_config	 c;
	struct ttr_probe	 f;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET;
	addr4(TARGET4, &c.src.v4);
	addr4(ME4, &c.dst.v4);
	c.dport = pf.sport;
	c.window = 29200;
	c.tcpflags = flags;
	memset(&f, 0, sizeof(f));
	f.sport = 80;
	f.seq = 0xa1b2c3d4;
	f.ack = pf.seq + 1;
	f.ttl = 57;
	return probe_build(&c, &f, out, BUFSZ);
}

static size_t
answer6(uint8_t *out, uint8_t flags)
{
	struct ttr_config	 c;
	struct ttr_probe	 f;

	memset(&c, 0, sizeof(c));
	c.family = AF_INET6;
	addr6(TARGET6, &c.src.v6);
	addr6(ME6, &c.dst.v6);
	c.dport = pf.sport;
	c.window = 29200;
	c.tcpflags = flags;
	memset(&f, 0, sizeof(f));
	f.sport = 443;
	f.seq = 0xa1b2c3d4;
	f.ack = pf.seq + 1;
	f.ttl = 57;
	return probe_build(&c, &f, out, BUFSZ);
}

/* ------------------------------------------------------------------ */
/* in_cksum */

ATF_TC_WITHOUT_HEAD(cksum_vectors);
ATF_TC_BODY(cksum_vectors, tc)
{
	/* RFC 1071 section 3: the sum is 0xddf2. */
	static const uint8_t	 rfc[] = {
		0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7
	};
	/* A well known IPv4 header, its checksum 0xb861 zeroed. */
	static const uint8_t	 hdr[] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
		0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8, 0x00, 0x01,
		0xc0, 0xa8, 0x00, 0xc7
	};
	uint8_t		 buf[64], bytes[2];
	uint16_t	 ck;
	size_t		 off, len;

	ck = in_cksum(rfc, sizeof(rfc), 0);
	memcpy(bytes, &ck, 2);
	EQ(0x22, bytes[0]);
	EQ(0x0d, bytes[1]);

	ck = in_cksum(hdr, sizeof(hdr), 0);
	memcpy(bytes, &ck, 2);
	EQ(0xb8, bytes[0]);
	EQ(0x61, bytes[1]);

	/* Odd length: the last byte is the high half of a word. */
	ck = in_cksum(rfc, 7, 0);
	memcpy(bytes, &ck, 2);
	EQ(0xffff - 0xddf2 + 0xf7, rd16(bytes));

	/* The initial sum is added as a number, carries and all. */
	ck = in_cksum(rfc, sizeof(rfc), 0x10000 + 0x0001);
	memcpy(bytes, &ck, 2);
	EQ((uint16_t)~(0xddf2 + 2), rd16(bytes));

	/* Nothing at all: the complement of the initial sum. */
	ck = in_cksum(rfc, 0, 0x1234);
	memcpy(bytes, &ck, 2);
	EQ(0xffff - 0x1234, rd16(bytes));

	/* Any alignment, any length, against the routine here. */
	for (off = 0; off < 4; off++) {
		for (len = 0; len <= 40; len++) {
			memset(buf, 0, sizeof(buf));
			memcpy(buf + off, hdr, len > 20 ? 20 : len);
			if (len > 20)
				memcpy(buf + off + 20, rfc,
				    len - 20 > 8 ? 8 : len - 20);
			ck = in_cksum(buf + off, len, 0x5a5a);
			memcpy(bytes, &ck, 2);
			ATF_CHECK_EQ_MSG((uint16_t)~fold(buf + off, len,
			    0x5a5a), rd16(bytes), "off %zu len %zu", off, len);
		}
	}

	/* A large buffer of 0xff must not overflow the accumulator. */
	{
		uint8_t	*big = malloc(65536);

		ATF_REQUIRE(big != NULL);
		memset(big, 0xff, 65536);
		ck = in_cksum(big, 65535, 0xffffffff);
		memcpy(bytes, &ck, 2);
		EQ((uint16_t)~fold(big, 65535, 0xffffffff), rd16(bytes));
		free(big);
	}
}

/* ------------------------------------------------------------------ */
/* probe_build */

static void
check_probe4(const uint8_t *b, size_t n, const struct ttr_config *c,
    const struct ttr_probe *f)
{
	const uint8_t	*t = b + 20;
	size_t		 i;

	EQ(0x45, b[0]);
	EQ(c->tos, b[1]);
	EQ(n, rd16(b + 2));
	EQ(f->ipid, rd16(b + 4));
	EQ(c->df ? 0x4000 : 0, rd16(b + 6));
	EQ(f->ttl, b[8]);
	EQ(P_TCP, b[9]);
	OK(memcmp(b + 12, &c->src.v4, 4) == 0);
	OK(memcmp(b + 16, &c->dst.v4, 4) == 0);
	EQ(0xffff, fold(b, 20, 0));

	EQ(f->sport, rd16(t));
	EQ(c->dport, rd16(t + 2));
	EQ(f->seq, rd32(t + 4));
	EQ(c->tcpflags & TTR_ACK ? f->ack : 0, rd32(t + 8));
	EQ(0x50, t[12]);
	EQ(c->tcpflags, t[13]);
	EQ(c->window, rd16(t + 14));
	EQ(0, rd16(t + 18));
	EQ(0xffff, fold(t, n - 20, psum(b + 12, b + 16, 4, P_TCP, n - 20)));
	for (i = 0; i < n - 40; i++)
		ATF_CHECK_EQ_MSG('!' + i % 93, t[20 + i], "payload %zu", i);
}

static void
check_probe6(const uint8_t *b, size_t n, const struct ttr_config *c,
    const struct ttr_probe *f)
{
	const uint8_t	*t = b + 40;
	size_t		 i;

	EQ(6, b[0] >> 4);
	EQ(c->tos, (rd32(b) >> 20) & 0xff);
	EQ(c->flowlabel & 0xfffff, rd32(b) & 0xfffff);
	EQ(n - 40, rd16(b + 4));
	EQ(P_TCP, b[6]);
	EQ(f->ttl, b[7]);
	OK(memcmp(b + 8, &c->src.v6, 16) == 0);
	OK(memcmp(b + 24, &c->dst.v6, 16) == 0);

	EQ(f->sport, rd16(t));
	EQ(c->dport, rd16(t + 2));
	EQ(f->seq, rd32(t + 4));
	EQ(c->tcpflags & TTR_ACK ? f->ack : 0, rd32(t + 8));
	EQ(0x50, t[12]);
	EQ(c->tcpflags, t[13]);
	EQ(c->window, rd16(t + 14));
	EQ(0, rd16(t + 18));
	EQ(0xffff, fold(t, n - 40, psum(b + 8, b + 24, 16, P_TCP, n - 40)));
	for (i = 0; i < n - 60; i++)
		ATF_CHECK_EQ_MSG('!' + i % 93, t[20 + i], "payload %zu", i);
}

ATF_TC_WITHOUT_HEAD(probe_v4);
ATF_TC_BODY(probe_v4, tc)
{
	struct ttr_config	 c = cfg4();
	uint8_t			 b[BUFSZ];
	size_t			 n;

	ctx = "v4 minimum";
	c.tos = 0x10;
	c.tcpflags = TTR_SYN | TTR_ECE | TTR_CWR;
	c.window = 0xabcd;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(40, n);
	check_probe4(b, n, &c, &pf);

	ctx = "v4 no DF, ACK";
	c.df = 0;
	c.tos = 0;
	c.tcpflags = TTR_ACK;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(40, n);
	check_probe4(b, n, &c, &pf);

	ctx = "v4 all ones";
	{
		struct ttr_probe	 f;

		memset(&f, 0xff, sizeof(f));
		f.length = 0;	/* a length, not an identity: see below */
		c.tos = 0xff;
		c.tcpflags = 0xff;
		c.window = 0xffff;
		c.dport = 0xffff;
		n = probe_build(&c, &f, b, sizeof(b));
		ATF_REQUIRE_EQ(40, n);
		check_probe4(b, n, &c, &f);
	}
}

ATF_TC_WITHOUT_HEAD(probe_v6);
ATF_TC_BODY(probe_v6, tc)
{
	struct ttr_config	 c = cfg6();
	uint8_t			 b[BUFSZ];
	size_t			 n;

	ctx = "v6 minimum";
	c.tos = 0xb8;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(60, n);
	check_probe6(b, n, &c, &pf);

	/* Bits above the 20 of a flow label must not spill over. */
	ctx = "v6 wide flow label";
	c.flowlabel = 0xfff12345;
	c.tos = 0;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(60, n);
	check_probe6(b, n, &c, &pf);
	EQ(0x60012345, rd32(b));
}

ATF_TC_WITHOUT_HEAD(probe_length);
ATF_TC_BODY(probe_length, tc)
{
	static const uint16_t	 lens[] = {
		0, 1, 39, 40, 41, 59, 60, 61, 62, 100, 133, 134, 576, 1279,
		1280, 1499, TTR_MAXPACKET
	};
	struct ttr_config	 c;
	uint8_t			 b[BUFSZ];
	size_t			 i, n;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		c = cfg4();
		c.length = lens[i];
		n = probe_build(&c, &pf, b, sizeof(b));
		ctx = "v4 length";
		EQ(lens[i] < 40 ? 40 : lens[i], n);
		check_probe4(b, n, &c, &pf);

		c = cfg6();
		c.length = lens[i];
		n = probe_build(&c, &pf, b, sizeof(b));
		ctx = "v6 length";
		EQ(lens[i] < 60 ? 60 : lens[i], n);
		check_probe6(b, n, &c, &pf);
	}
}

/* --mtu: a probe of its own length, shorter than configured. */
ATF_TC_WITHOUT_HEAD(probe_own_length);
ATF_TC_BODY(probe_own_length, tc)
{
	static const uint16_t	 lens[] = { 40, 41, 60, 576, 1279, 1280, 1399 };
	struct ttr_config	 c;
	struct ttr_probe	 f = pf;
	uint8_t			 b[BUFSZ];
	size_t			 i, n;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		f.length = lens[i];
		c = cfg4();
		c.length = 1400;
		ctx = "v4 own length";
		n = probe_build(&c, &f, b, sizeof(b));
		EQ(lens[i], n);
		check_probe4(b, n, &c, &f);
		if (lens[i] < 60)
			continue;
		c = cfg6();
		c.length = 1400;
		ctx = "v6 own length";
		n = probe_build(&c, &f, b, sizeof(b));
		EQ(lens[i], n);
		check_probe6(b, n, &c, &f);
	}

	/* 0: the configuration's; equal to it: the same. */
	c = cfg4();
	c.length = 1400;
	f.length = 0;
	EQ(1400, probe_build(&c, &f, b, sizeof(b)));
	f.length = 1400;
	EQ(1400, probe_build(&c, &f, b, sizeof(b)));
	/* Never longer than configured, nor than the buffer. */
	f.length = 1401;
	EQ(0, probe_build(&c, &f, b, sizeof(b)));
	f.length = 0xffff;
	EQ(0, probe_build(&c, &f, b, sizeof(b)));
	f.length = 1000;
	EQ(0, probe_build(&c, &f, b, 999));
	/* Below the headers: as small as possible, as for -l. */
	f.length = 39;
	EQ(40, probe_build(&c, &f, b, sizeof(b)));
	c = cfg6();
	c.length = 1400;
	f.length = 59;
	EQ(60, probe_build(&c, &f, b, sizeof(b)));
}

ATF_TC_WITHOUT_HEAD(probe_limits);
ATF_TC_BODY(probe_limits, tc)
{
	struct ttr_config	 c;
	uint8_t			 b[BUFSZ];
	size_t			 i;

	/* Too small a buffer: 0, and nothing written. */
	c = cfg4();
	memset(b, 0xa5, sizeof(b));
	EQ(0, probe_build(&c, &pf, b, 39));
	c.length = 100;
	EQ(0, probe_build(&c, &pf, b, 99));
	c = cfg6();
	EQ(0, probe_build(&c, &pf, b, 59));
	EQ(0, probe_build(&c, &pf, b, 0));
	for (i = 0; i < sizeof(b); i++)
		if (b[i] != 0xa5)
			break;
	EQ(sizeof(b), i);

	/* Exactly enough. */
	EQ(60, probe_build(&c, &pf, b, 60));
	c = cfg4();
	c.length = 100;
	EQ(100, probe_build(&c, &pf, b, 100));

	/* Longer than we ever build. */
	c.length = TTR_MAXPACKET + 1;
	EQ(0, probe_build(&c, &pf, b, sizeof(b)));
	c = cfg6();
	c.length = 0xffff;
	EQ(0, probe_build(&c, &pf, b, sizeof(b)));

	/* Unknown family. */
	c = cfg4();
	c.family = AF_UNSPEC;
	EQ(0, probe_build(&c, &pf, b, sizeof(b)));
	c.family = AF_UNIX;
	EQ(0, probe_build(&c, &pf, b, sizeof(b)));
}

/*
 * Changing one probe field must change its own bytes and the checksums
 * and nothing else.
 */
static void
placement(int family, size_t off, size_t width, struct ttr_probe f)
{
	struct ttr_config	 c = family == AF_INET ? cfg4() : cfg6();
	uint8_t			 a[BUFSZ], b[BUFSZ];
	size_t			 n, m, i;
	size_t			 tcp = family == AF_INET ? 20 : 40;

	c.length = 80;
	/* The acknowledgement number is sent only with ACK. */
	c.tcpflags |= TTR_ACK;
	n = probe_build(&c, &pf, a, sizeof(a));
	m = probe_build(&c, &f, b, sizeof(b));
	ATF_REQUIRE_EQ(80, n);
	ATF_REQUIRE_EQ(80, m);
	for (i = 0; i < n; i++) {
		if (i >= off && i < off + width)
			continue;
		if (family == AF_INET && (i == 10 || i == 11))
			continue;
		if (i == tcp + 16 || i == tcp + 17)
			continue;
		ATF_CHECK_EQ_MSG(a[i], b[i], "[%s] byte %zu", ctx, i);
	}
	for (i = off; i < off + width; i++)
		if (a[i] != b[i])
			break;
	ATF_CHECK_MSG(i < off + width, "[%s] field unchanged", ctx);
	if (family == AF_INET)
		check_probe4(b, m, &c, &f);
	else
		check_probe6(b, m, &c, &f);
}

ATF_TC_WITHOUT_HEAD(probe_placement);
ATF_TC_BODY(probe_placement, tc)
{
	struct ttr_probe	 f;

	f = pf; f.ttl = 200; ctx = "v4 ttl"; placement(AF_INET, 8, 1, f);
	f = pf; f.ipid = 1; ctx = "v4 ipid"; placement(AF_INET, 4, 2, f);
	f = pf; f.sport = 1; ctx = "v4 sport"; placement(AF_INET, 20, 2, f);
	f = pf; f.seq = ~pf.seq; ctx = "v4 seq"; placement(AF_INET, 24, 4, f);
	f = pf; f.ack = ~pf.ack; ctx = "v4 ack"; placement(AF_INET, 28, 4, f);
	f = pf; f.ttl = 200; ctx = "v6 hlim"; placement(AF_INET6, 7, 1, f);
	f = pf; f.sport = 1; ctx = "v6 sport"; placement(AF_INET6, 40, 2, f);
	f = pf; f.seq = ~pf.seq; ctx = "v6 seq"; placement(AF_INET6, 44, 4, f);
	f = pf; f.ack = ~pf.ack; ctx = "v6 ack"; placement(AF_INET6, 48, 4, f);

	/* There is no IPv6 ID: the field is not used at all. */
	{
		struct ttr_config	 c = cfg6();
		uint8_t			 a[BUFSZ], b[BUFSZ];

		f = pf;
		f.ipid = ~pf.ipid;
		ATF_REQUIRE_EQ(60, probe_build(&c, &pf, a, sizeof(a)));
		ATF_REQUIRE_EQ(60, probe_build(&c, &f, b, sizeof(b)));
		OK(memcmp(a, b, 60) == 0);
	}
	/* The child's probe number is the parent's to answer with, only. */
	{
		struct ttr_config	 c = cfg4();
		uint8_t			 a[BUFSZ], b[BUFSZ];

		f = pf;
		f.index = 0xdeadbeef;
		f.pad = 0xff;
		ATF_REQUIRE_EQ(40, probe_build(&c, &pf, a, sizeof(a)));
		ATF_REQUIRE_EQ(40, probe_build(&c, &f, b, sizeof(b)));
		OK(memcmp(a, b, 40) == 0);
	}
}

/* ------------------------------------------------------------------ */
/* reply_parse_ip: TCP */

ATF_TC_WITHOUT_HEAD(parse_tcp);
ATF_TC_BODY(parse_tcp, tc)
{
	static const uint8_t	 flags[] = {
		TTR_SYN | TTR_ACK, TTR_RST | TTR_ACK, TTR_RST,
		TTR_SYN | TTR_ACK | TTR_ECE
	};
	struct reply	 r;
	uint8_t		 b[BUFSZ];
	size_t		 i, n;

	for (i = 0; i < sizeof(flags); i++) {
		ctx = "v4 answer";
		n = answer4(b, flags[i]);
		ATF_REQUIRE_EQ(40, n);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		EQ(REPLY_TCP, r.kind);
		EQ(AF_INET, r.family);
		OK(is4(&r.src.v4, TARGET4));
		OK(is4(&r.dst.v4, ME4));
		EQ(57, r.ttl);
		EQ(80, r.sport);
		EQ(pf.sport, r.dport);
		EQ(0xa1b2c3d4, r.seq);
		EQ(flags[i] & TTR_ACK ? pf.seq + 1 : 0, r.ack);
		EQ(flags[i], r.flags);
		EQ(0, r.icmp_type);
		EQ(0, r.mtu);
		EQ(0, r.qipid);

		ctx = "v6 answer";
		n = answer6(b, flags[i]);
		ATF_REQUIRE_EQ(60, n);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		EQ(REPLY_TCP, r.kind);
		EQ(AF_INET6, r.family);
		OK(is6(&r.src.v6, TARGET6));
		OK(is6(&r.dst.v6, ME6));
		EQ(57, r.ttl);
		EQ(443, r.sport);
		EQ(pf.sport, r.dport);
		EQ(0xa1b2c3d4, r.seq);
		EQ(flags[i] & TTR_ACK ? pf.seq + 1 : 0, r.ack);
		EQ(flags[i], r.flags);
	}

	/* Our own probe, seen going out, is a TCP segment as well. */
	ctx = "own probe";
	n = probe4(b, 0);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_TCP, r.kind);
	EQ(pf.sport, r.sport);
	EQ(pf.ttl, r.ttl);

	/* The TCP checksum is not checked (offloading, see reply.c). */
	ctx = "bad TCP checksum";
	n = answer4(b, TTR_SYN | TTR_ACK);
	b[20 + 16] ^= 0xff;
	EQ(0, parse(b, n, &r));

	/* A data offset below 5 is no TCP header. */
	ctx = "data offset";
	n = answer4(b, TTR_SYN | TTR_ACK);
	b[20 + 12] = 0x40;
	EQ(-1, parse(b, n, &r));

	/* Ethernet padding after the datagram is not part of it. */
	ctx = "padding";
	n = answer4(b, TTR_SYN | TTR_ACK);
	memset(b + n, 0xee, 6);
	EQ(0, parse(b, n + 6, &r));
	EQ(80, r.sport);

	/* A total length too short for TCP, whatever was captured. */
	ctx = "short total length";
	n = answer4(b, TTR_SYN | TTR_ACK);
	wr16(b + 2, 39);
	EQ(-1, parse(b, n, &r));
	n = answer6(b, TTR_SYN | TTR_ACK);
	wr16(b + 4, 19);
	EQ(-1, parse(b, n, &r));
}

/* ------------------------------------------------------------------ */
/* reply_parse_ip: ICMP errors */

ATF_TC_WITHOUT_HEAD(parse_timxceed);
ATF_TC_BODY(parse_timxceed, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;
	uint8_t		 code;

	for (code = 0; code < 2; code++) {
		ctx = "v4 time exceeded";
		pn = probe4(p, 0);
		n = icmp4_err(b, 11, code, 0, p, pn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote4(&r, REPLY_TIMXCEED, 11, code);
		EQ(0, r.mtu);

		ctx = "v6 time exceeded";
		pn = probe6(p, 0);
		n = icmp6_err(b, 3, code, 0, p, pn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote6(&r, REPLY_TIMXCEED, 3, code);
		EQ(0, r.mtu);
	}

	/* Longer probes, quoted whole or in part. */
	ctx = "v4 long probe";
	pn = probe4(p, 1000);
	n = icmp4_err(b, 11, 0, 0, p, 548);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);

	ctx = "v6 long probe";
	pn = probe6(p, 1400);
	n = icmp6_err(b, 3, 0, 0, p, 1232);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
}

ATF_TC_WITHOUT_HEAD(parse_unreach);
ATF_TC_BODY(parse_unreach, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;
	unsigned int	 code;

	for (code = 0; code <= 15; code++) {
		ctx = "v4 unreachable";
		pn = probe4(p, 0);
		n = icmp4_err(b, 3, code, 0, p, pn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote4(&r, code == ICMP_UNREACH_NEEDFRAG ? REPLY_TOOBIG :
		    REPLY_UNREACH, 3, code);
		EQ(0, r.mtu);
	}
	for (code = 0; code <= 8; code++) {
		ctx = "v6 unreachable";
		pn = probe6(p, 0);
		n = icmp6_err(b, 1, code, 0, p, pn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote6(&r, REPLY_UNREACH, 1, code);
		EQ(0, r.mtu);
	}

	/* Fragmentation needed: next-hop MTU in bytes 6-7 (RFC 1191). */
	ctx = "v4 frag needed";
	pn = probe4(p, 1500);
	n = icmp4_err(b, 3, 4, 1492, p, 28);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TOOBIG, 3, 4);
	EQ(1492, r.mtu);

	/* Bytes 4-5 are not the MTU; and other codes carry none. */
	n = icmp4_err(b, 3, 4, 0xffff0000 | 576, p, 28);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(576, r.mtu);
	n = icmp4_err(b, 3, 3, 1492, p, 28);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(0, r.mtu);
}

ATF_TC_WITHOUT_HEAD(parse_other_icmp);
ATF_TC_BODY(parse_other_icmp, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;

	pn = probe4(p, 0);
	ctx = "v4 parameter problem";
	n = icmp4_err(b, 12, 0, 0x14000000, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_ICMP, 12, 0);
	ctx = "v4 source quench";
	n = icmp4_err(b, 4, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_ICMP, 4, 0);
	ctx = "v4 redirect";
	n = icmp4_err(b, 5, 1, 0xc0000201, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_ICMP, 5, 1);
	EQ(0, r.mtu);

	pn = probe6(p, 1500);
	ctx = "v6 packet too big";
	n = icmp6_err(b, 2, 0, 1280, p, 1232);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TOOBIG, 2, 0);
	EQ(1280, r.mtu);
	ctx = "v6 packet too big, huge MTU";
	n = icmp6_err(b, 2, 0, 0x12345678, p, 100);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(65535, r.mtu);
	n = icmp6_err(b, 2, 0, 65536, p, 100);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(65535, r.mtu);
	n = icmp6_err(b, 2, 0, 65535, p, 100);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(65535, r.mtu);
	ctx = "v6 parameter problem";
	n = icmp6_err(b, 4, 0, 6, p, 100);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_ICMP, 4, 0);
	EQ(0, r.mtu);
}

ATF_TC_WITHOUT_HEAD(parse_not_errors);
ATF_TC_BODY(parse_not_errors, tc)
{
	/* Echo request and reply are -I's (see parse_echo). */
	static const uint8_t	 t4[] = { 9, 10, 13, 14, 17, 18, 30,
	    40, 255 };
	static const uint8_t	 t6[] = { 0, 5, 100, 127, 133,
	    134, 135, 136, 137, 143, 255 };
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ], u[BUFSZ];
	size_t		 pn, n, i;

	/* Non-errors, even with a probe as their data. */
	ctx = "v4 not an error";
	pn = probe4(p, 0);
	for (i = 0; i < sizeof(t4); i++) {
		n = icmp4_err(b, t4[i], 0, 0, p, pn);
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "type %u", t4[i]);
	}
	ctx = "v6 not an error";
	pn = probe6(p, 0);
	for (i = 0; i < sizeof(t6); i++) {
		n = icmp6_err(b, t6[i], 0, 0, p, pn);
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "type %u", t6[i]);
	}

	/*
	 * UDP (-U's probe leaving), and errors quoting UDP (the probe
	 * with its protocol): parsed, the quote named UDP for match.c.
	 */
	ctx = "v4 UDP";
	pn = probe4(p, 0);
	n = mk4(b, 5, P_UDP, 0, TARGET4, ME4, p + 20, 20);
	EQ(0, parse(b, n, &r));
	EQ(REPLY_UDP, (int)r.kind);
	memcpy(u, p, pn);
	u[9] = P_UDP;
	wr16(u + 10, 0);
	wr16(u + 10, ~fold(u, 20, 0));
	n = icmp4_err(b, 11, 0, 0, u, pn);
	EQ(0, parse(b, n, &r));
	EQ(P_UDP, r.qproto);

	ctx = "v6 UDP";
	pn = probe6(p, 0);
	n = mk6(b, TARGET6, ME6, P_UDP, NULL, 0, p + 40, 20);
	EQ(0, parse(b, n, &r));
	EQ(REPLY_UDP, (int)r.kind);
	memcpy(u, p, pn);
	u[6] = P_UDP;
	n = icmp6_err(b, 3, 0, 0, u, pn);
	EQ(0, parse(b, n, &r));
	EQ(P_UDP, r.qproto);

	/* Other protocols in the outer header. */
	ctx = "v4 GRE";
	pn = probe4(p, 0);
	n = mk4(b, 5, 47, 0, TARGET4, ME4, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "v4 ICMPv6 number";
	n = mk4(b, 5, P_ICMPV6, 0, TARGET4, ME4, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "v6 ICMPv4 number";
	n = mk6(b, ROUTER6, ME6, P_ICMP, NULL, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "v6 no next header";
	n = mk6(b, ROUTER6, ME6, 59, NULL, 0, p, pn);
	EQ(-1, parse(b, n, &r));

	/* Neither 4 nor 6. */
	ctx = "version";
	for (i = 0; i < 16; i++) {
		if (i == 4 || i == 6)
			continue;
		n = answer4(b, TTR_SYN | TTR_ACK);
		b[0] = (uint8_t)(i << 4 | 5);
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "version %zu", i);
	}
}

ATF_TC_WITHOUT_HEAD(parse_version_mismatch);
ATF_TC_BODY(parse_version_mismatch, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;

	ctx = "ICMPv4 quoting IPv6";
	pn = probe6(p, 0);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "ICMPv6 quoting IPv4";
	pn = probe4(p, 100);
	n = icmp6_err(b, 3, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "ICMPv4 quote version 5";
	pn = probe4(p, 0);
	p[0] = 0x55;
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
}

ATF_TC_WITHOUT_HEAD(parse_ip_options);
ATF_TC_BODY(parse_ip_options, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], b[BUFSZ], msg[BUFSZ];
	size_t		 pn, qn, n, mn;
	unsigned int	 ihl;

	pn = probe4(p, 0);
	for (ihl = 5; ihl <= 15; ihl++) {
		/* The quoted header with options, quoted whole. */
		ctx = "quote IHL";
		qn = add_opts4(q, p, pn, ihl);
		n = icmp4_err(b, 11, 0, 0, q, qn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote4(&r, REPLY_TIMXCEED, 11, 0);

		/* Exactly 8 bytes of TCP, and 7. */
		ctx = "quote IHL, 8 TCP bytes";
		n = icmp4_err(b, 11, 0, 0, q, ihl * 4 + 8);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote4(&r, REPLY_TIMXCEED, 11, 0);
		ctx = "quote IHL, 7 TCP bytes";
		n = icmp4_err(b, 11, 0, 0, q, ihl * 4 + 7);
		EQ(-1, parse(b, n, &r));

		/* Options in the outer header. */
		ctx = "outer IHL";
		mn = mk_icmp(msg, 11, 0, 0, p, pn);
		cksum4(msg, mn);
		n = mk4(b, ihl, P_ICMP, 0, ROUTER4, ME4, msg, mn);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		check_quote4(&r, REPLY_TIMXCEED, 11, 0);
		truncations(-1, b, n, ihl * 4 + 8 + 28, 0);

		ctx = "outer IHL, TCP";
		n = answer4(q, TTR_RST);
		n = add_opts4(b, q, n, ihl);
		ATF_REQUIRE_EQ(0, parse(b, n, &r));
		EQ(REPLY_TCP, r.kind);
		EQ(80, r.sport);
		EQ(TTR_RST, r.flags);
	}

	/* 8 and 7 TCP bytes quoted in IPv6. */
	pn = probe6(p, 0);
	ctx = "v6 8 TCP bytes";
	n = icmp6_err(b, 3, 0, 0, p, 48);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
	ctx = "v6 7 TCP bytes";
	n = icmp6_err(b, 3, 0, 0, p, 47);
	EQ(-1, parse(b, n, &r));
	ctx = "v6 header only";
	n = icmp6_err(b, 3, 0, 0, p, 40);
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, p, 39);
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, p, 0);
	EQ(-1, parse(b, n, &r));
	ctx = "v4 short quotes";
	pn = probe4(p, 0);
	for (qn = 0; qn < 28; qn++) {
		n = icmp4_err(b, 11, 0, 0, p, qn);
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "quote %zu", qn);
	}
}

ATF_TC_WITHOUT_HEAD(parse_bad_ihl);
ATF_TC_BODY(parse_bad_ihl, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], b[BUFSZ];
	size_t		 pn, n;
	unsigned int	 ihl;

	pn = probe4(p, 0);
	ctx = "outer IHL < 5";
	for (ihl = 0; ihl < 5; ihl++) {
		n = icmp4_err(b, 11, 0, 0, p, pn);
		b[0] = 0x40 | ihl;
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "IHL %u", ihl);
		n = answer4(b, TTR_SYN | TTR_ACK);
		b[0] = 0x40 | ihl;
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "TCP IHL %u", ihl);
	}

	ctx = "outer IHL past the capture";
	n = answer4(b, TTR_SYN | TTR_ACK);
	b[0] = 0x4f;
	EQ(-1, parse(b, n, &r));
	b[0] = 0x4a;
	EQ(-1, parse(b, n, &r));
	/* IHL 9 (36 bytes) fits, but then TCP does not. */
	b[0] = 0x49;
	EQ(-1, parse(b, n, &r));

	ctx = "total length below IHL";
	n = icmp4_err(b, 11, 0, 0, p, pn);
	wr16(b + 2, 19);
	EQ(-1, parse(b, n, &r));
	wr16(b + 2, 0);
	EQ(-1, parse(b, n, &r));
	n = add_opts4(q, p, pn, 6);
	n = icmp4_err(b, 11, 0, 0, q, n);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	b[0] = 0x46;
	wr16(b + 2, 23);
	EQ(-1, parse(b, n, &r));

	/* Total length cuts the ICMP message short of the quote. */
	ctx = "total length short";
	n = icmp4_err(b, 11, 0, 0, p, pn);
	wr16(b + 2, 20 + 8 + 27);
	EQ(-1, parse(b, n, &r));
	wr16(b + 2, 20 + 7);
	EQ(-1, parse(b, n, &r));

	ctx = "quoted IHL < 5";
	for (ihl = 0; ihl < 5; ihl++) {
		memcpy(q, p, pn);
		q[0] = 0x40 | ihl;
		n = icmp4_err(b, 11, 0, 0, q, pn);
		ATF_CHECK_EQ_MSG(-1, parse(b, n, &r), "IHL %u", ihl);
	}
	ctx = "quoted IHL past the quote";
	memcpy(q, p, pn);
	q[0] = 0x4f;
	n = icmp4_err(b, 11, 0, 0, q, pn);
	EQ(-1, parse(b, n, &r));

	/* The quoted total length is whatever the router left there. */
	ctx = "quoted total length";
	memcpy(q, p, pn);
	wr16(q + 2, 1500);
	n = icmp4_err(b, 11, 0, 0, q, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
	wr16(q + 2, 0);
	n = icmp4_err(b, 11, 0, 0, q, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
}

ATF_TC_WITHOUT_HEAD(parse_cksum);
ATF_TC_BODY(parse_cksum, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ], msg[BUFSZ];
	size_t		 pn, n, mn;

	pn = probe4(p, 0);
	ctx = "v4 bad ICMP checksum";
	n = icmp4_err(b, 11, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	b[22] ^= 0x01;
	EQ(-1, parse(b, n, &r));
	/* A quote bit flipped is a checksum error as well. */
	n = icmp4_err(b, 11, 0, 0, p, pn);
	b[n - 1] ^= 0x80;
	EQ(-1, parse(b, n, &r));
	/* Checked only when all of it is there. */
	ctx = "v4 bad checksum, truncated";
	truncations(-1, b, n, 56, 1);

	/* Odd length ICMP message. */
	ctx = "v4 odd length";
	n = icmp4_err(b, 3, 1, 0, p, 33);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_UNREACH, 3, 1);
	b[n - 1] ^= 0x01;
	EQ(-1, parse(b, n, &r));

	/* The outer header checksum is not ours to judge: the kernel. */
	ctx = "v4 outer header checksum";
	n = icmp4_err(b, 11, 0, 0, p, pn);
	b[10] ^= 0xff;
	EQ(0, parse(b, n, &r));

	pn = probe6(p, 0);
	ctx = "v6 bad ICMPv6 checksum";
	n = icmp6_err(b, 3, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	b[42] ^= 0x01;
	EQ(-1, parse(b, n, &r));
	ctx = "v6 bad checksum, truncated";
	truncations(-1, b, n, 96, 1);

	/* The pseudo-header is covered: a wrong address is wrong. */
	ctx = "v6 pseudo-header";
	mn = mk_icmp(msg, 3, 0, 0, p, pn);
	wr16(msg + 2, ~fold(msg, mn, 0));	/* no pseudo-header */
	n = mk6(b, ROUTER6, ME6, P_ICMPV6, NULL, 0, msg, mn);
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, p, pn);
	b[39] ^= 0x01;			/* destination */
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, p, pn);
	b[23] ^= 0x01;			/* source */
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, p, pn);
	b[7] ^= 0x01;			/* hop limit: not covered */
	EQ(0, parse(b, n, &r));

	ctx = "v6 odd length";
	n = icmp6_err(b, 1, 4, 0, p, 51);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_UNREACH, 1, 4);
	b[n - 1] ^= 0x01;
	EQ(-1, parse(b, n, &r));
}

ATF_TC_WITHOUT_HEAD(parse_fragments);
ATF_TC_BODY(parse_fragments, tc)
{
	static const uint8_t	 frag_nh_tcp[] = {
		P_TCP, 0, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef	/* M=1 */
	};
	static const uint8_t	 frag_later[] = {
		P_TCP, 0, 0x00, 0x08, 0xde, 0xad, 0xbe, 0xef	/* off 1 */
	};
	static const uint8_t	 frag_icmp[] = {
		P_ICMPV6, 0, 0x00, 0x01, 0xde, 0xad, 0xbe, 0xef
	};
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], b[BUFSZ], msg[BUFSZ];
	size_t		 pn, qn, n, mn;

	ctx = "v4 TCP fragments";
	pn = answer4(p, TTR_SYN | TTR_ACK);
	n = mk4(b, 5, P_TCP, 0x0001, TARGET4, ME4, p + 20, pn - 20);
	EQ(-1, parse(b, n, &r));
	n = mk4(b, 5, P_TCP, 0x2001, TARGET4, ME4, p + 20, pn - 20);
	EQ(-1, parse(b, n, &r));
	n = mk4(b, 5, P_TCP, 0x1fff, TARGET4, ME4, p + 20, pn - 20);
	EQ(-1, parse(b, n, &r));
	n = mk4(b, 5, P_TCP, 0x2000, TARGET4, ME4, p + 20, pn - 20);
	EQ(0, parse(b, n, &r));
	EQ(REPLY_TCP, r.kind);
	n = mk4(b, 5, P_TCP, 0x4000, TARGET4, ME4, p + 20, pn - 20);
	EQ(0, parse(b, n, &r));
	/* A first fragment too short for the TCP header. */
	n = mk4(b, 5, P_TCP, 0x2000, TARGET4, ME4, p + 20, 16);
	EQ(-1, parse(b, n, &r));

	ctx = "v4 ICMP fragments";
	pn = probe4(p, 0);
	mn = mk_icmp(msg, 11, 0, 0, p, pn);
	cksum4(msg, mn);
	n = mk4(b, 5, P_ICMP, 0x00b9, ROUTER4, ME4, msg, mn);
	EQ(-1, parse(b, n, &r));
	n = mk4(b, 5, P_ICMP, 0x2000, ROUTER4, ME4, msg, mn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
	/* A first fragment is not the whole message: no checksum. */
	msg[2] ^= 0xff;
	n = mk4(b, 5, P_ICMP, 0x2000, ROUTER4, ME4, msg, mn);
	EQ(0, parse(b, n, &r));
	n = mk4(b, 5, P_ICMP, 0, ROUTER4, ME4, msg, mn);
	EQ(-1, parse(b, n, &r));

	ctx = "v4 quoted fragment";
	memcpy(q, p, pn);
	wr16(q + 6, 0x0003);
	n = icmp4_err(b, 11, 0, 0, q, pn);
	EQ(-1, parse(b, n, &r));
	wr16(q + 6, 0x2000);		/* first fragment: fine */
	n = icmp4_err(b, 11, 0, 0, q, pn);
	EQ(0, parse(b, n, &r));

	ctx = "v6 TCP fragments";
	pn = answer6(p, TTR_SYN | TTR_ACK);
	n = mk6(b, TARGET6, ME6, P_FRAGMENT, frag_nh_tcp,
	    sizeof(frag_nh_tcp), p + 40, pn - 40);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_TCP, r.kind);
	EQ(443, r.sport);
	n = mk6(b, TARGET6, ME6, P_FRAGMENT, frag_later, sizeof(frag_later),
	    p + 40, pn - 40);
	EQ(-1, parse(b, n, &r));

	ctx = "v6 ICMPv6 first fragment";
	pn = probe6(p, 0);
	mn = mk_icmp(msg, 3, 0, 0, p, pn);
	msg[2] = msg[3] = 0x77;		/* wrong, but not checkable */
	n = mk6(b, ROUTER6, ME6, P_FRAGMENT, frag_icmp, sizeof(frag_icmp),
	    msg, mn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);

	ctx = "v6 quoted fragment";
	qn = add_ext6(q, p, pn, P_FRAGMENT, frag_later, sizeof(frag_later));
	n = icmp6_err(b, 3, 0, 0, q, qn);
	EQ(-1, parse(b, n, &r));
	qn = add_ext6(q, p, pn, P_FRAGMENT, frag_nh_tcp, sizeof(frag_nh_tcp));
	n = icmp6_err(b, 3, 0, 0, q, qn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
}

ATF_TC_WITHOUT_HEAD(parse_v6_ext);
ATF_TC_BODY(parse_v6_ext, tc)
{
	/* hop-by-hop (PadN) -> destination options (PadN) -> ICMPv6 */
	static const uint8_t	 hd_icmp[] = {
		P_DSTOPTS, 0, 1, 4, 0, 0, 0, 0,
		P_ICMPV6, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	};
	/* hop-by-hop -> routing (segments left 0) -> AH (24 bytes) -> TCP */
	static const uint8_t	 hra_tcp[] = {
		P_ROUTING, 0, 1, 4, 0, 0, 0, 0,
		P_AH, 0, 0, 0, 0, 0, 0, 0,
		P_TCP, 4, 0, 0, 0, 0, 0x10, 0x01, 0, 0, 0, 1,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
	};
	/* destination options claiming 1608 bytes */
	static const uint8_t	 overrun[] = {
		P_TCP, 200, 1, 4, 0, 0, 0, 0
	};
	uint8_t		 ext[BUFSZ];
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], b[BUFSZ], msg[BUFSZ];
	size_t		 pn, qn, n, mn, i, k;

	pn = probe6(p, 0);

	ctx = "outer hop-by-hop, dstopts";
	mn = mk_icmp(msg, 3, 0, 0, p, pn);
	cksum6(msg, mn, ROUTER6, ME6);
	n = mk6(b, ROUTER6, ME6, P_HOPOPTS, hd_icmp, sizeof(hd_icmp), msg,
	    mn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
	truncations(-1, b, n, 40 + sizeof(hd_icmp) + 8 + 48, 0);
	/* The checksum still counts only the ICMPv6 message. */
	b[n - 1] ^= 1;
	EQ(-1, parse(b, n, &r));

	ctx = "outer hop-by-hop, routing, AH";
	pn = answer6(q, TTR_SYN | TTR_ACK);
	n = mk6(b, TARGET6, ME6, P_HOPOPTS, hra_tcp, sizeof(hra_tcp),
	    q + 40, pn - 40);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_TCP, r.kind);
	EQ(443, r.sport);
	EQ(0xa1b2c3d4, r.seq);
	truncations(-1, b, n, 40 + sizeof(hra_tcp) + 20, 0);

	ctx = "outer overrun";
	n = mk6(b, TARGET6, ME6, P_DSTOPTS, overrun, sizeof(overrun),
	    q + 40, pn - 40);
	EQ(-1, parse(b, n, &r));
	/* Overrunning the payload length, though not the capture. */
	ext[0] = P_TCP;
	ext[1] = 1;			/* 16 bytes */
	memset(ext + 2, 0, 14);
	n = mk6(b, TARGET6, ME6, P_DSTOPTS, ext, 16, q + 40, pn - 40);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	wr16(b + 4, 8);
	EQ(-1, parse(b, n, &r));

	/* Eight extension headers are walked, nine are too many. */
	pn = probe6(p, 0);
	for (k = 8; k <= 9; k++) {
		ctx = k == 8 ? "8 headers" : "9 headers";
		for (i = 0; i < k; i++) {
			ext[i * 8] = i + 1 < k ? P_DSTOPTS : P_ICMPV6;
			ext[i * 8 + 1] = 0;
			ext[i * 8 + 2] = 1;
			ext[i * 8 + 3] = 4;
			memset(ext + i * 8 + 4, 0, 4);
		}
		mn = mk_icmp(msg, 3, 0, 0, p, pn);
		cksum6(msg, mn, ROUTER6, ME6);
		n = mk6(b, ROUTER6, ME6, P_DSTOPTS, ext, k * 8, msg, mn);
		EQ(k == 8 ? 0 : -1, parse(b, n, &r));
	}

	/* The same chains inside the quote. */
	ctx = "quote hop-by-hop, routing, AH";
	qn = add_ext6(q, p, pn, P_HOPOPTS, hra_tcp, sizeof(hra_tcp));
	n = icmp6_err(b, 3, 0, 0, q, qn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
	truncations(-1, b, n, 48 + 40 + sizeof(hra_tcp) + 8, 0);
	ctx = "quote chain, 8 TCP bytes";
	n = icmp6_err(b, 3, 0, 0, q, 40 + sizeof(hra_tcp) + 8);
	EQ(0, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 0, q, 40 + sizeof(hra_tcp) + 7);
	EQ(-1, parse(b, n, &r));
	ctx = "quote overrun";
	qn = add_ext6(q, p, pn, P_DSTOPTS, overrun, sizeof(overrun));
	n = icmp6_err(b, 3, 0, 0, q, qn);
	EQ(-1, parse(b, n, &r));
	ctx = "quote chain not TCP, UDP or an echo";
	ext[0] = 132;
	ext[1] = 0;
	memset(ext + 2, 0, 6);
	qn = add_ext6(q, p, pn, P_HOPOPTS, ext, 8);
	n = icmp6_err(b, 3, 0, 0, q, qn);
	EQ(-1, parse(b, n, &r));
}

/*
 * RFC 4884: a length in the ICMP header bounds the quote; extensions
 * follow it, and must never be taken for TCP.
 */
ATF_TC_WITHOUT_HEAD(parse_rfc4884);
ATF_TC_BODY(parse_rfc4884, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], b[BUFSZ];
	size_t		 pn, qn, n;

	/* Quote padded to 128 bytes, then an extension structure. */
	ctx = "v4 with extensions";
	pn = probe4(p, 0);
	memset(q, 0, sizeof(q));
	memcpy(q, p, pn);
	q[128] = 0x20;			/* version 2 */
	memset(q + 132, 0x99, 16);
	n = icmp4_err(b, 11, 0, 32 << 16, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
	n = icmp4_err(b, 3, 1, 32 << 16, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_UNREACH, 3, 1);
	/* Too small to be RFC 4884: junk from an older router. */
	ctx = "v4 junk length";
	n = icmp4_err(b, 11, 0, 5 << 16, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
	/* Longer than the message: the capture still bounds it. */
	n = icmp4_err(b, 11, 0, 255 << 16, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);

	ctx = "v6 with extensions";
	pn = probe6(p, 0);
	memset(q, 0, sizeof(q));
	memcpy(q, p, pn);
	q[128] = 0x20;
	memset(q + 132, 0x99, 16);
	n = icmp6_err(b, 3, 0, 16U << 24, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
	n = icmp6_err(b, 1, 3, 16U << 24, q, 148);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_UNREACH, 1, 3);
	truncations(-1, b, n, 96, 0);

	/* A length past the end of the message bounds nothing. */
	ctx = "v6 length past the message";
	n = icmp6_err(b, 3, 0, 16U << 24, q, 47);
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 3, 0, 255U << 24, q, 60);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote6(&r, REPLY_TIMXCEED, 3, 0);
	truncations(-1, b, n, 96, 0);

	/*
	 * A quote whose extension header chain ends exactly at the
	 * 128-byte mark: what would be TCP is the extension structure.
	 */
	ctx = "v6 chain into the extensions";
	memset(q, 0, sizeof(q));
	memcpy(q, p, 40);
	q[6] = P_DSTOPTS;
	q[40] = P_TCP;
	q[41] = 10;			/* (10 + 1) * 8: 40 + 88 = 128 */
	q[42] = 1;
	q[43] = 84;
	q[128] = 0x20;
	memset(q + 132, 0x99, 16);
	qn = 148;
	n = icmp6_err(b, 3, 0, 16U << 24, q, qn);
	EQ(-1, parse(b, n, &r));
	n = icmp6_err(b, 1, 0, 16U << 24, q, qn);
	EQ(-1, parse(b, n, &r));

	/* The same for IPv4 can only be a quote length below the mark. */
	ctx = "v4 length bounds";
	memset(q, 0, sizeof(q));
	pn = probe4(p, 0);
	memcpy(q, p, pn);
	n = icmp4_err(b, 11, 0, 32 << 16, q, 200);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	check_quote4(&r, REPLY_TIMXCEED, 11, 0);
}

/* ------------------------------------------------------------------ */
/* RFC 4884 extension objects, RFC 4950 MPLS label stacks */

/* One object: its header (length, class, c-type), then len bytes. */
static size_t
mk_obj(uint8_t *o, uint16_t olen, uint8_t class, uint8_t ctype,
    const uint8_t *data, size_t len)
{
	wr16(o, olen);
	o[2] = class;
	o[3] = ctype;
	memcpy(o + 4, data, len);
	return 4 + len;
}

/* MPLS label stack entries as RFC 3032 lays them out. */
static void
mk_label(uint8_t *p, uint32_t label, unsigned int exp, unsigned int s,
    unsigned int ttl)
{
	wr32(p, label << 12 | exp << 9 | s << 8 | ttl);
}

/* Extension header (version 2, checksummed if sum) before objs. */
static size_t
mk_ext(uint8_t *x, const uint8_t *objs, size_t len, int sum)
{
	x[0] = 0x20;
	x[1] = 0;
	wr16(x + 2, 0);
	memcpy(x + 4, objs, len);
	if (sum)
		wr16(x + 2, ~fold(x, 4 + len, 0));
	return 4 + len;
}

/*
 * A quote of the probe p (pn bytes) padded to pad bytes, followed by
 * the extension structure x: the ICMP payload, in q.
 */
static size_t
mk_extquote(uint8_t *q, const uint8_t *p, size_t pn, size_t pad,
    const uint8_t *x, size_t xn)
{
	memset(q, 0, pad);
	memcpy(q, p, pn);
	memcpy(q + pad, x, xn);
	return pad + xn;
}

/* Two labels: 16 (EXP 0) on top of 2000 (EXP 5, bottom), TTL 1 each. */
static size_t
mk_mpls2(uint8_t *o)
{
	uint8_t	 d[8];

	mk_label(d, 16, 0, 0, 1);
	mk_label(d + 4, 2000, 5, 1, 1);
	return mk_obj(o, 12, 1, 1, d, 8);
}

static void
check_mpls2(const struct icmp_ext *e)
{
	EQ(1, e->nobj);
	EQ(0, e->moreobj);
	EQ(1, e->mplsobj);
	EQ(2, e->nmpls);
	EQ(0, e->moremls);
	EQ(1, e->obj[0].class);
	EQ(1, e->obj[0].ctype);
	EQ(8, e->obj[0].len);
	EQ(16, e->mpls[0].label);
	EQ(0, e->mpls[0].exp);
	EQ(0, e->mpls[0].s);
	EQ(1, e->mpls[0].ttl);
	EQ(2000, e->mpls[1].label);
	EQ(5, e->mpls[1].exp);
	EQ(1, e->mpls[1].s);
	EQ(1, e->mpls[1].ttl);
}

static int
no_ext(const struct icmp_ext *e)
{
	struct icmp_ext	 z;

	memset(&z, 0, sizeof(z));
	return memcmp(e, &z, sizeof(z)) == 0;
}

/*
 * The ICMP error type/code (RFC 4884 length in word) quoting q, from a
 * capture cut bytes short: it must parse, and the quote prove the probe.
 */
static void
ext_try(int fam, int kind, uint8_t type, uint8_t code, uint32_t word,
    const uint8_t *q, size_t qn, size_t cut, struct reply *r)
{
	uint8_t	 b[BUFSZ];
	size_t	 n;

	if (fam == 4)
		n = icmp4_err(b, type, code, word, q, qn);
	else
		n = icmp6_err(b, type, code, word, q, qn);
	ATF_REQUIRE_EQ_MSG(0, parse(b, n - cut, r), "[%s]", ctx);
	if (fam == 4)
		check_quote4(r, kind, type, code);
	else
		check_quote6(r, kind, type, code);
}

ATF_TC_WITHOUT_HEAD(ext_mpls_v4);
ATF_TC_BODY(ext_mpls_v4, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], o[64], x[64];
	size_t		 pn, qn, on, xn;

	pn = probe4(p, 0);
	on = mk_mpls2(o);
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 128, x, xn);

	ctx = "v4 time exceeded, length 32 words";
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	check_mpls2(&r.ext);
	ctx = "v4 unreachable";
	ext_try(4, REPLY_UNREACH, 3, 1, 32 << 16, q, qn, 0, &r);
	check_mpls2(&r.ext);
	ctx = "v4 parameter problem";
	ext_try(4, REPLY_ICMP, 12, 0, 32 << 16, q, qn, 0, &r);
	check_mpls2(&r.ext);

	ctx = "v4 no extension checksum";
	xn = mk_ext(x, o, on, 0);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	check_mpls2(&r.ext);

	/* The length counts 32-bit words: 33 of them put it at 132. */
	ctx = "v4 quote of 132 bytes";
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 132, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 33 << 16, q, qn, 0, &r);
	check_mpls2(&r.ext);
	/* ... and a length of 32 there finds zeros, no version 2. */
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	OK(no_ext(&r.ext));

	/* Not where the length says: junk length, or none after it. */
	ctx = "v4 junk length";
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 5 << 16, q, qn, 0, &r);
	OK(no_ext(&r.ext));
	ctx = "v4 length to the end";
	ext_try(4, REPLY_TIMXCEED, 11, 0, (uint32_t)(qn / 4) << 16, q, qn, 0,
	    &r);
	OK(no_ext(&r.ext));

	/* A cut capture: the quote still proves, the objects are gone. */
	ctx = "v4 cut capture";
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 4, &r);
	OK(no_ext(&r.ext));
}

ATF_TC_WITHOUT_HEAD(ext_mpls_v6);
ATF_TC_BODY(ext_mpls_v6, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], o[64], x[64];
	size_t		 pn, qn, on, xn;

	pn = probe6(p, 0);
	on = mk_mpls2(o);
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 128, x, xn);

	ctx = "v6 time exceeded, length 16 words";
	ext_try(6, REPLY_TIMXCEED, 3, 0, 16U << 24, q, qn, 0, &r);
	check_mpls2(&r.ext);
	ctx = "v6 unreachable";
	ext_try(6, REPLY_UNREACH, 1, 3, 16U << 24, q, qn, 0, &r);
	check_mpls2(&r.ext);
	ctx = "v6 cut capture";
	ext_try(6, REPLY_TIMXCEED, 3, 0, 16U << 24, q, qn, 1, &r);
	OK(no_ext(&r.ext));

	/* Packet too big has no extensions (its word is the MTU). */
	ctx = "v6 packet too big";
	ext_try(6, REPLY_TOOBIG, 2, 0, 16U << 24, q, qn, 0, &r);
	OK(no_ext(&r.ext));

	/* ICMPv6 counts 64-bit words: 17 of them are 136 bytes. */
	ctx = "v6 quote of 136 bytes";
	qn = mk_extquote(q, p, pn, 136, x, xn);
	ext_try(6, REPLY_TIMXCEED, 3, 0, 17U << 24, q, qn, 0, &r);
	check_mpls2(&r.ext);
}

/*
 * RFC 4884 section 5.5: a sender from before the RFC leaves the length 0
 * and quotes 128 bytes; a nonzero checksum that holds proves the rest.
 */
ATF_TC_WITHOUT_HEAD(ext_compat);
ATF_TC_BODY(ext_compat, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], o[64], x[64];
	size_t		 pn, qn, on, xn;

	on = mk_mpls2(o);
	xn = mk_ext(x, o, on, 1);

	ctx = "v6 compat";
	pn = probe6(p, 0);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(6, REPLY_TIMXCEED, 3, 0, 0, q, qn, 0, &r);
	check_mpls2(&r.ext);

	ctx = "v4 compat";
	pn = probe4(p, 0);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 0, q, qn, 0, &r);
	check_mpls2(&r.ext);

	/* Elsewhere than at 128 it is not looked for. */
	ctx = "v4 compat at 132";
	qn = mk_extquote(q, p, pn, 132, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 0, q, qn, 0, &r);
	OK(no_ext(&r.ext));

	/* Without a checksum it could be the probe's own bytes. */
	ctx = "v4 compat, no checksum";
	xn = mk_ext(x, o, on, 0);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 0, q, qn, 0, &r);
	OK(no_ext(&r.ext));

	/* A long probe quoted whole: its payload is no extension. */
	ctx = "v4 long probe";
	pn = probe4(p, 300);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 0, p, pn, 0, &r);
	OK(no_ext(&r.ext));
}

/* Structures that do not hold together are no extensions at all. */
ATF_TC_WITHOUT_HEAD(ext_malformed);
ATF_TC_BODY(ext_malformed, tc)
{
	static const uint8_t zeros[64];
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], o[128], x[160];
	size_t		 pn, qn, on, xn;
	int		 fam;

	for (fam = 4; fam <= 6; fam += 2) {
		pn = fam == 4 ? probe4(p, 0) : probe6(p, 0);
#define TRY(what) do {							\
	ctx = (what);							\
	qn = mk_extquote(q, p, pn, 128, x, xn);				\
	if (fam == 4)							\
		ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r); \
	else								\
		ext_try(6, REPLY_TIMXCEED, 3, 0, 16U << 24, q, qn, 0, &r); \
	OK(no_ext(&r.ext));						\
} while (0)
		on = mk_mpls2(o);
		xn = mk_ext(x, o, on, 1);
		x[3] ^= 0x01;
		TRY("bad checksum");

		xn = mk_ext(x, o, on, 1);
		x[0] = 0x10;
		wr16(x + 2, 0);
		TRY("version 1");

		xn = mk_ext(x, o, 0, 1);
		TRY("header alone");

		/* An object longer than what is left. */
		on = mk_obj(o, 16, 1, 1, zeros, 8);
		xn = mk_ext(x, o, on, 1);
		TRY("object past the end");

		/* Or shorter than its header; 0 would loop for ever. */
		on = mk_obj(o, 0, 1, 1, zeros, 8);
		xn = mk_ext(x, o, on, 1);
		TRY("object of length 0");
		on = mk_obj(o, 2, 1, 1, zeros, 8);
		xn = mk_ext(x, o, on, 1);
		TRY("object of length 2");

		on = mk_obj(o, 10, 1, 1, zeros, 6);
		xn = mk_ext(x, o, on, 1);
		TRY("object not a multiple of 4");

		/* A good object, then 2 bytes that are none. */
		on = mk_mpls2(o);
		memset(o + on, 0, 2);
		xn = mk_ext(x, o, on + 2, 1);
		TRY("trailing bytes");
#undef TRY
	}
}

ATF_TC_WITHOUT_HEAD(ext_limits);
ATF_TC_BODY(ext_limits, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], q[BUFSZ], o[512], x[600];
	uint8_t		 d[64];
	size_t		 pn, qn, on, xn, i;

	pn = probe4(p, 0);

	/* Ten labels: eight are kept, and that there were more. */
	ctx = "ten labels";
	for (i = 0; i < 10; i++)
		mk_label(d + i * 4, 100 + i, i % 8, i == 9, 255 - i);
	on = mk_obj(o, 44, 1, 1, d, 40);
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	EQ(1, r.ext.nobj);
	EQ(1, r.ext.mplsobj);
	EQ(EXT_MAXLABELS, r.ext.nmpls);
	EQ(1, r.ext.moremls);
	EQ(40, r.ext.obj[0].len);
	for (i = 0; i < EXT_MAXLABELS; i++) {
		EQ(100 + i, r.ext.mpls[i].label);
		EQ(i % 8, r.ext.mpls[i].exp);
		EQ(0, r.ext.mpls[i].s);
		EQ(255 - i, r.ext.mpls[i].ttl);
	}

	/*
	 * Another class first (RFC 5837 interface information, 40 bytes
	 * of which 32 are kept), then the MPLS stack, then four more:
	 * six objects, four kept.
	 */
	ctx = "six objects";
	for (i = 0; i < 40; i++)
		d[i] = (uint8_t)(0xa0 + i);
	on = mk_obj(o, 44, 2, 0x0f, d, 40);
	on += mk_mpls2(o + on);
	for (i = 0; i < 4; i++)
		on += mk_obj(o + on, 8, (uint8_t)(200 + i), (uint8_t)i, d, 4);
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	EQ(EXT_MAXOBJ, r.ext.nobj);
	EQ(1, r.ext.moreobj);
	EQ(2, r.ext.mplsobj);
	EQ(2, r.ext.nmpls);
	EQ(2, r.ext.obj[0].class);
	EQ(0x0f, r.ext.obj[0].ctype);
	EQ(40, r.ext.obj[0].len);
	OK(memcmp(r.ext.obj[0].data, d, EXT_OBJDATA) == 0);
	EQ(200, r.ext.obj[2].class);
	EQ(201, r.ext.obj[3].class);
	EQ(1, r.ext.obj[3].ctype);
	EQ(4, r.ext.obj[3].len);
	OK(memcmp(r.ext.obj[3].data, d, 4) == 0);
	EQ(16, r.ext.mpls[0].label);
	EQ(2000, r.ext.mpls[1].label);

	/* An MPLS object with no entries decodes nothing. */
	ctx = "empty MPLS object";
	on = mk_obj(o, 4, 1, 1, d, 0);
	on += mk_obj(o + on, 8, 1, 1, d, 4);
	xn = mk_ext(x, o, on, 1);
	qn = mk_extquote(q, p, pn, 128, x, xn);
	ext_try(4, REPLY_TIMXCEED, 11, 0, 32 << 16, q, qn, 0, &r);
	EQ(2, r.ext.nobj);
	EQ(0, r.ext.obj[0].len);
	EQ(2, r.ext.mplsobj);
	EQ(1, r.ext.nmpls);
	EQ(0xa0a1au, r.ext.mpls[0].label);
}

/* ------------------------------------------------------------------ */
/* Truncation */

ATF_TC_WITHOUT_HEAD(parse_truncated);
ATF_TC_BODY(parse_truncated, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;

	ctx = "v4 SYN|ACK";
	n = answer4(b, TTR_SYN | TTR_ACK);
	truncations(-1, b, n, 40, 0);
	ctx = "v6 SYN|ACK";
	n = answer6(b, TTR_SYN | TTR_ACK);
	truncations(-1, b, n, 60, 0);

	ctx = "v4 time exceeded";
	pn = probe4(p, 0);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	truncations(-1, b, n, 56, 0);
	ctx = "v4 time exceeded, long probe";
	pn = probe4(p, 500);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	truncations(-1, b, n, 56, 0);
	ctx = "v4 frag needed";
	n = icmp4_err(b, 3, 4, 1400, p, 28);
	truncations(-1, b, n, 56, 0);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(1400, r.mtu);

	ctx = "v6 time exceeded";
	pn = probe6(p, 0);
	n = icmp6_err(b, 3, 0, 0, p, pn);
	truncations(-1, b, n, 96, 0);
	ctx = "v6 packet too big";
	pn = probe6(p, 1300);
	n = icmp6_err(b, 2, 0, 1280, p, 1232);
	truncations(-1, b, n, 96, 0);

	/* Random bytes at every length: no crash is all we ask. */
	ctx = "noise";
	{
		uint32_t	 x = 0x12345678;
		size_t		 i, k;

		for (k = 0; k < 2000; k++) {
			n = k % 200;
			for (i = 0; i < n; i++) {
				x = x * 1103515245 + 12345;
				b[i] = x >> 16;
			}
			if (n > 0)
				b[0] = (k & 1) ? 0x45 : 0x60;
			(void)parse(b, n, &r);
			(void)parse_n(DLT_EN10MB, b, n, &r);
		}
	}
}

/* ------------------------------------------------------------------ */
/* reply_parse: link layers */

/* Put ip behind a link-layer header; variant picks tags or AF value. */
static size_t
link_wrap(uint8_t *out, int dlt, int variant, const uint8_t *ip,
    size_t len)
{
	uint32_t	 af;
	size_t		 h = 0;
	int		 v6 = (ip[0] >> 4) == 6;
	uint16_t	 etype = v6 ? 0x86dd : 0x0800;

	switch (dlt) {
	case DLT_EN10MB:
		memcpy(out, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02",
		    12);
		h = 12;
		if (variant >= 2) {
			wr16(out + h, 0x88a8);
			wr16(out + h + 2, 100);
			h += 4;
		}
		if (variant >= 1) {
			wr16(out + h, 0x8100);
			wr16(out + h + 2, 0x2005);
			h += 4;
		}
		if (variant >= 3) {
			wr16(out + h, 0x8100);
			wr16(out + h + 2, 7);
			h += 4;
		}
		wr16(out + h, etype);
		h += 2;
		break;
	case DLT_LINUX_SLL:
		memset(out, 0, 16);
		wr16(out, 0);		/* to us */
		wr16(out + 2, 1);	/* ARPHRD_ETHER */
		wr16(out + 4, 6);
		memcpy(out + 6, "\x02\x00\x00\x00\x00\x01", 6);
		wr16(out + 14, etype);
		h = 16;
		break;
	case DLT_LINUX_SLL2:
		memset(out, 0, 20);
		wr16(out, etype);
		wr32(out + 4, 3);	/* ifindex */
		wr16(out + 8, 1);
		out[10] = 0;
		out[11] = 6;
		memcpy(out + 12, "\x02\x00\x00\x00\x00\x01", 6);
		h = 20;
		break;
	case DLT_NULL:
	case DLT_LOOP:
		af = (uint32_t)variant;
		if (dlt == DLT_NULL)
			memcpy(out, &af, 4);
		else
			wr32(out, af);
		h = 4;
		break;
	default:
		break;
	}
	memcpy(out + h, ip, len);
	return h + len;
}

static void
check_link(int dlt, int variant, const uint8_t *ip, size_t len,
    size_t hlen)
{
	struct reply	 want, r;
	uint8_t		 b[BUFSZ];
	size_t		 n;

	ATF_REQUIRE_EQ(0, parse(ip, len, &want));
	n = link_wrap(b, dlt, variant, ip, len);
	ATF_REQUIRE_EQ(hlen + len, n);
	ATF_CHECK_EQ_MSG(0, parse_n(dlt, b, n, &r), "[%s] dlt %d/%d", ctx,
	    dlt, variant);
	ATF_CHECK_MSG(reply_eq(&r, &want), "[%s] dlt %d/%d", ctx, dlt,
	    variant);
	truncations(dlt, b, n, hlen + (ip[0] >> 4 == 4 ? 56 : 96), 0);
}

ATF_TC_WITHOUT_HEAD(parse_dlt);
ATF_TC_BODY(parse_dlt, tc)
{
	static const int	 af6[] = { 10, 24, 28, 30 };
	struct reply	 r;
	uint8_t		 p4[BUFSZ], p6[BUFSZ], e4[BUFSZ], e6[BUFSZ];
	uint8_t		 b[BUFSZ];
	size_t		 n4, n6, n, i;

	n4 = probe4(p4, 0);
	n4 = icmp4_err(e4, 11, 0, 0, p4, n4);
	n6 = probe6(p6, 0);
	n6 = icmp6_err(e6, 3, 0, 0, p6, n6);

	ctx = "EN10MB";
	check_link(DLT_EN10MB, 0, e4, n4, 14);
	check_link(DLT_EN10MB, 0, e6, n6, 14);
	ctx = "EN10MB 802.1Q";
	check_link(DLT_EN10MB, 1, e4, n4, 18);
	check_link(DLT_EN10MB, 1, e6, n6, 18);
	ctx = "EN10MB 802.1ad";
	check_link(DLT_EN10MB, 2, e4, n4, 22);
	check_link(DLT_EN10MB, 2, e6, n6, 22);
	ctx = "EN10MB three tags";
	n = link_wrap(b, DLT_EN10MB, 3, e4, n4);
	EQ(-1, reply_parse(DLT_EN10MB, b, n, &r));
	ctx = "EN10MB padding and FCS";
	n = answer4(p4, TTR_SYN | TTR_ACK);
	n = link_wrap(b, DLT_EN10MB, 0, p4, n);
	memset(b + n, 0, 10);
	EQ(0, reply_parse(DLT_EN10MB, b, n + 10, &r));
	EQ(REPLY_TCP, r.kind);
	ctx = "EN10MB ARP";
	n = link_wrap(b, DLT_EN10MB, 0, e4, n4);
	wr16(b + 12, 0x0806);
	EQ(-1, reply_parse(DLT_EN10MB, b, n, &r));
	ctx = "EN10MB type and version disagree";
	wr16(b + 12, 0x86dd);
	EQ(-1, reply_parse(DLT_EN10MB, b, n, &r));
	n = link_wrap(b, DLT_EN10MB, 1, e6, n6);
	wr16(b + 16, 0x0800);
	EQ(-1, reply_parse(DLT_EN10MB, b, n, &r));

	ctx = "LINUX_SLL";
	check_link(DLT_LINUX_SLL, 0, e4, n4, 16);
	check_link(DLT_LINUX_SLL, 0, e6, n6, 16);
	n = link_wrap(b, DLT_LINUX_SLL, 0, e4, n4);
	wr16(b + 14, 0x0806);
	EQ(-1, reply_parse(DLT_LINUX_SLL, b, n, &r));

	ctx = "LINUX_SLL2";
	check_link(DLT_LINUX_SLL2, 0, e4, n4, 20);
	check_link(DLT_LINUX_SLL2, 0, e6, n6, 20);
	n = link_wrap(b, DLT_LINUX_SLL2, 0, e6, n6);
	wr16(b, 0x0800);
	EQ(-1, reply_parse(DLT_LINUX_SLL2, b, n, &r));

	ctx = "RAW";
	check_link(DLT_RAW, 0, e4, n4, 0);
	check_link(DLT_RAW, 0, e6, n6, 0);
	ctx = "IPV4";
	check_link(DLT_IPV4, 0, e4, n4, 0);
	EQ(-1, reply_parse(DLT_IPV4, e6, n6, &r));
	ctx = "IPV6";
	check_link(DLT_IPV6, 0, e6, n6, 0);
	EQ(-1, reply_parse(DLT_IPV6, e4, n4, &r));

	ctx = "NULL";
	check_link(DLT_NULL, 2, e4, n4, 4);
	ctx = "LOOP";
	check_link(DLT_LOOP, 2, e4, n4, 4);
	for (i = 0; i < sizeof(af6) / sizeof(af6[0]); i++) {
		ctx = "NULL inet6";
		check_link(DLT_NULL, af6[i], e6, n6, 4);
		ctx = "LOOP inet6";
		check_link(DLT_LOOP, af6[i], e6, n6, 4);
	}
	ctx = "NULL/LOOP wrong family";
	n = link_wrap(b, DLT_NULL, 2, e6, n6);
	EQ(-1, reply_parse(DLT_NULL, b, n, &r));
	n = link_wrap(b, DLT_LOOP, 24, e4, n4);
	EQ(-1, reply_parse(DLT_LOOP, b, n, &r));
	n = link_wrap(b, DLT_LOOP, 17, e4, n4);
	EQ(-1, reply_parse(DLT_LOOP, b, n, &r));
	/* LOOP is network order: a host-order 2 is not AF_INET here. */
	n = link_wrap(b, DLT_LOOP, 0x02000000, e4, n4);
	EQ(-1, reply_parse(DLT_LOOP, b, n, &r));

	ctx = "unknown DLT";
	n = link_wrap(b, DLT_EN10MB, 0, e4, n4);
	EQ(-1, reply_parse(105 /* IEEE802_11 */, b, n, &r));
	EQ(-1, reply_parse(127 /* IEEE802_11_RADIO */, b, n, &r));
	EQ(-1, reply_parse(-1, b, n, &r));
	EQ(-1, reply_parse(0x7fffffff, e4, n4, &r));
	OK(is_zero(&r));
}

/* -O: MSS, SACK permitted, timestamps, window scale, as Linux lays them. */
ATF_TC_WITHOUT_HEAD(probe_tcp_options);
ATF_TC_BODY(probe_tcp_options, tc)
{
	static const uint8_t all[20] = {
		2, 4, 0x05, 0x78,			/* MSS 1400 */
		4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0,	/* SACK, TS 1 0 */
		1, 3, 3, 7				/* NOP, wscale 7 */
	};
	static const uint8_t ts[12] = { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0 };
	static const uint8_t sack[4] = { 1, 1, 4, 2 };
	struct ttr_config	 c = cfg4();
	uint8_t			 b[BUFSZ];
	const uint8_t		*t = b + 20;
	size_t			 n, i;

	c.tcpflags = TTR_SYN;
	c.tcpopts = TCPOPT_ALL;
	c.mss = 1400;
	c.wscale = 7;
	ATF_CHECK_EQ(20, probe_optlen(&c));
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(60, n);
	EQ(0xa0, t[12]);
	OK(memcmp(t + 20, all, sizeof(all)) == 0);
	EQ(0xffff, fold(t, n - 20, psum(b + 12, b + 16, 4, P_TCP, n - 20)));

	/* Options come first, then the filler up to the length. */
	c.length = 70;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(70, n);
	OK(memcmp(t + 20, all, sizeof(all)) == 0);
	for (i = 0; i < 10; i++)
		ATF_CHECK_EQ_MSG('!' + i % 93, t[40 + i], "payload %zu", i);
	EQ(0xffff, fold(t, n - 20, psum(b + 12, b + 16, 4, P_TCP, n - 20)));

	c.length = 0;
	c.tcpopts = TCPOPT_TS;
	ATF_CHECK_EQ(12, probe_optlen(&c));
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(52, n);
	EQ(0x80, t[12]);
	OK(memcmp(t + 20, ts, sizeof(ts)) == 0);

	c.tcpopts = TCPOPT_SACK;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(44, n);
	OK(memcmp(t + 20, sack, sizeof(sack)) == 0);

	/* Unknown option bits: nothing is built. */
	c.tcpopts = 0x10;
	ATF_CHECK_EQ(0, probe_build(&c, &pf, b, sizeof(b)));
}

/* ------------------------------------------------------------------ */
/* -I and -U: ICMP echo and UDP probes, their answers and quotes. */

#define MSEQ	0x1234	/* a 16-bit probe sequence number */

static struct ttr_config
cfgm(int family, int method)
{
	struct ttr_config	 c = family == AF_INET ? cfg4() : cfg6();

	c.method = method;
	c.dport = method == METHOD_ICMP ? 0 : 53;
	c.tcpflags = 0;
	return c;
}

/* An -I or -U probe of length len (0: the smallest) with sequence seq. */
static size_t
mprobe(uint8_t *b, int family, int method, uint16_t len, uint16_t seq)
{
	struct ttr_config	 c = cfgm(family, method);
	struct ttr_probe	 f = pf;

	c.length = len;
	f.seq = seq;
	return probe_build(&c, &f, b, BUFSZ);
}

ATF_TC_WITHOUT_HEAD(probe_echo);
ATF_TC_BODY(probe_echo, tc)
{
	static const uint16_t	 lens[] = { 0, 28, 29, 48, 49, 100, 1500 };
	uint8_t			 b[BUFSZ];
	const uint8_t		*m;
	size_t			 i, k, n, hl;
	int			 fam;

	for (k = 0; k < 2; k++)
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		fam = k == 0 ? AF_INET : AF_INET6;
		hl = k == 0 ? 20 : 40;
		ctx = k == 0 ? "echo v4" : "echo v6";
		n = mprobe(b, fam, METHOD_ICMP, lens[i], MSEQ);
		EQ(lens[i] < hl + 8 ? hl + 8 : lens[i], n);
		m = b + hl;
		if (k == 0) {
			EQ(P_ICMP, b[9]);
			EQ(n, rd16(b + 2));
			EQ(pf.ipid, rd16(b + 4));
			EQ(pf.ttl, b[8]);
			EQ(0xffff, fold(b, 20, 0));
			EQ(8, m[0]);
			EQ(0xffff, fold(m, n - hl, 0));
		} else {
			EQ(P_ICMPV6, b[6]);
			EQ(n - 40, rd16(b + 4));
			EQ(pf.ttl, b[7]);
			EQ(128, m[0]);
			EQ(0xffff, fold(m, n - hl, psum(b + 8, b + 24, 16,
			    P_ICMPV6, n - hl)));
		}
		EQ(0, m[1]);
		EQ(pf.sport, rd16(m + 4));
		EQ(MSEQ, rd16(m + 6));
		if (n > hl + 8)
			EQ('!', m[8]);
	}
	/* 0 and 0xffff name no probe: nothing is built. */
	ctx = "echo bad seq";
	EQ(0, mprobe(b, AF_INET, METHOD_ICMP, 0, 0));
	EQ(0, mprobe(b, AF_INET6, METHOD_ICMP, 0, 0xffff));
	EQ(28, mprobe(b, AF_INET, METHOD_ICMP, 0, METHOD_MAXSEQ));
}

ATF_TC_WITHOUT_HEAD(probe_udp);
ATF_TC_BODY(probe_udp, tc)
{
	static const uint16_t	 lens[] = { 0, 30, 31, 50, 51, 101, 1500 };
	static const uint16_t	 seqs[] = { 1, 2, 0xff, 0x7fff, 0xfffe };
	uint8_t			 b[BUFSZ];
	const uint8_t		*u;
	size_t			 i, j, k, n, hl;
	int			 fam;

	for (k = 0; k < 2; k++)
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
	for (j = 0; j < sizeof(seqs) / sizeof(seqs[0]); j++) {
		fam = k == 0 ? AF_INET : AF_INET6;
		hl = k == 0 ? 20 : 40;
		ctx = k == 0 ? "udp v4" : "udp v6";
		n = mprobe(b, fam, METHOD_UDP, lens[i], seqs[j]);
		EQ(lens[i] < hl + 10 ? hl + 10 : lens[i], n);
		EQ(P_UDP, k == 0 ? b[9] : b[6]);
		u = b + hl;
		EQ(pf.sport, rd16(u));
		EQ(53, rd16(u + 2));
		EQ(n - hl, rd16(u + 4));
		/* The checksum is the sequence number, and it is right. */
		EQ(seqs[j], rd16(u + 6));
		if (k == 0)
			EQ(0xffff, fold(u, n - hl, psum(b + 12, b + 16, 4,
			    P_UDP, n - hl)));
		else
			EQ(0xffff, fold(u, n - hl, psum(b + 8, b + 24, 16,
			    P_UDP, n - hl)));
	}
	ctx = "udp bad seq";
	EQ(0, mprobe(b, AF_INET6, METHOD_UDP, 0, 0));
	EQ(0, mprobe(b, AF_INET, METHOD_UDP, 0, 0xffff));
}

/* An echo reply (type 0 / 129) from the target, built by hand. */
static size_t
echo_reply(uint8_t *out, int family, uint16_t id, uint16_t seq)
{
	uint8_t	 msg[64];
	size_t	 n;

	n = mk_icmp(msg, family == AF_INET ? 0 : 129, 0,
	    (uint32_t)id << 16 | seq, (const uint8_t *)"abcdefgh", 8);
	if (family == AF_INET) {
		cksum4(msg, n);
		return mk4(out, 5, P_ICMP, 0, TARGET4, ME4, msg, n);
	}
	cksum6(msg, n, TARGET6, ME6);
	return mk6(out, TARGET6, ME6, P_ICMPV6, NULL, 0, msg, n);
}

ATF_TC_WITHOUT_HEAD(parse_echo);
ATF_TC_BODY(parse_echo, tc)
{
	struct reply	 r;
	uint8_t		 b[BUFSZ];
	size_t		 n;

	ctx = "v4 echo reply";
	n = echo_reply(b, AF_INET, 40001, MSEQ);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_ECHO, (int)r.kind);
	OK(is4(&r.src.v4, TARGET4));
	EQ(0, r.icmp_type);
	EQ(40001, r.echo_id);
	EQ(MSEQ, r.echo_seq);
	EQ(0, r.qproto);
	truncations(-1, b, n, 28, 0);
	b[n - 1] ^= 1;		/* a bad checksum */
	EQ(-1, parse(b, n, &r));

	ctx = "v6 echo reply";
	n = echo_reply(b, AF_INET6, 40001, MSEQ);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_ECHO, (int)r.kind);
	OK(is6(&r.src.v6, TARGET6));
	EQ(129, r.icmp_type);
	EQ(40001, r.echo_id);
	EQ(MSEQ, r.echo_seq);
	truncations(-1, b, n, 48, 0);
	b[n - 1] ^= 1;
	EQ(-1, parse(b, n, &r));

	/* Our own probes, seen leaving. */
	ctx = "v6 echo request";
	n = mprobe(b, AF_INET6, METHOD_ICMP, 0, MSEQ);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_ECHO, (int)r.kind);
	EQ(128, r.icmp_type);
	EQ(MSEQ, r.echo_seq);
	ctx = "v4 udp probe";
	n = mprobe(b, AF_INET, METHOD_UDP, 0, MSEQ);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_UDP, (int)r.kind);
	EQ(pf.sport, r.sport);
	EQ(53, r.dport);
	EQ(MSEQ, r.udp_sum);
	truncations(-1, b, n, 28, 0);
}

ATF_TC_WITHOUT_HEAD(parse_method_quotes);
ATF_TC_BODY(parse_method_quotes, tc)
{
	struct reply	 r;
	uint8_t		 p[BUFSZ], b[BUFSZ];
	size_t		 pn, n;

	ctx = "v4 time exceeded quoting an echo";
	pn = mprobe(p, AF_INET, METHOD_ICMP, 100, MSEQ);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_TIMXCEED, (int)r.kind);
	EQ(P_ICMP, r.qproto);
	EQ(pf.sport, r.echo_id);
	EQ(MSEQ, r.echo_seq);
	EQ(pf.ipid, r.qipid);
	OK(is4(&r.qdst.v4, TARGET4));
	truncations(-1, b, n, 56, 0);

	ctx = "v6 time exceeded quoting an echo";
	pn = mprobe(p, AF_INET6, METHOD_ICMP, 0, MSEQ);
	n = icmp6_err(b, 3, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_TIMXCEED, (int)r.kind);
	EQ(P_ICMPV6, r.qproto);
	EQ(pf.sport, r.echo_id);
	EQ(MSEQ, r.echo_seq);
	truncations(-1, b, n, 96, 0);

	ctx = "v4 port unreachable quoting UDP";
	pn = mprobe(p, AF_INET, METHOD_UDP, 0, MSEQ);
	n = icmp4_err(b, 3, 3, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_UNREACH, (int)r.kind);
	EQ(P_UDP, r.qproto);
	EQ(pf.sport, r.sport);
	EQ(53, r.dport);
	EQ(MSEQ, r.udp_sum);
	EQ(pf.ipid, r.qipid);
	truncations(-1, b, n, 56, 0);

	ctx = "v6 port unreachable quoting UDP";
	pn = mprobe(p, AF_INET6, METHOD_UDP, 0, MSEQ);
	n = icmp6_err(b, 1, 4, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(REPLY_UNREACH, (int)r.kind);
	EQ(P_UDP, r.qproto);
	EQ(MSEQ, r.udp_sum);
	truncations(-1, b, n, 96, 0);

	ctx = "quoted TCP";
	pn = probe4(p, 0);
	n = icmp4_err(b, 11, 0, 0, p, pn);
	ATF_REQUIRE_EQ(0, parse(b, n, &r));
	EQ(P_TCP, r.qproto);

	/* A quoted echo reply, or any other ICMP, was never our probe. */
	ctx = "quoted echo reply";
	pn = mprobe(p, AF_INET, METHOD_ICMP, 0, MSEQ);
	p[20] = 0;
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "quoted echo request, code 1";
	p[20] = 8;
	p[21] = 1;
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "quoted ICMPv6 error";
	pn = mprobe(p, AF_INET6, METHOD_ICMP, 0, MSEQ);
	p[40] = 3;
	n = icmp6_err(b, 3, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "quoted ICMPv6 echo in IPv4";
	pn = mprobe(p, AF_INET, METHOD_ICMP, 0, MSEQ);
	p[9] = P_ICMPV6;
	p[20] = 128;
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "quoted ICMP echo in IPv6";
	pn = mprobe(p, AF_INET6, METHOD_ICMP, 0, MSEQ);
	p[6] = P_ICMP;
	p[40] = 8;
	n = icmp6_err(b, 3, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
	ctx = "quoted SCTP";
	pn = mprobe(p, AF_INET, METHOD_UDP, 0, MSEQ);
	p[9] = 132;
	n = icmp4_err(b, 11, 0, 0, p, pn);
	EQ(-1, parse(b, n, &r));
}


/* ------------------------------------------------------------------ */
/* -g: the loose source route */

#define GW1	"192.0.2.61"
#define GW2	"192.0.2.62"
#define GW3	"192.0.2.63"

/* cfg4() through the gateways GW1, GW2, GW3. */
static struct ttr_config
cfg_gw(void)
{
	struct ttr_config	 c = cfg4();

	c.ngw = 3;
	addr4(GW1, &c.gw[0]);
	addr4(GW2, &c.gw[1]);
	addr4(GW3, &c.gw[2]);
	return c;
}

ATF_TC_WITHOUT_HEAD(probe_gateway);
ATF_TC_BODY(probe_gateway, tc)
{
	struct ttr_config	 c = cfg_gw();
	struct reply		 r;
	uint8_t			 b[BUFSZ], fin[4];
	const uint8_t		*t;
	size_t			 n, i;

	ctx = "three gateways";
	addr4(TARGET4, (struct in_addr *)fin);
	/* 20 + NOP + 3 + 3 addresses (GW2, GW3, target) = 36. */
	EQ(16, probe_ipoptlen(&c));
	EQ(56, probe_minlen(&c));
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(56, n);
	EQ(0x49, b[0]);
	EQ(56, rd16(b + 2));
	EQ(pf.ipid, rd16(b + 4));
	EQ(pf.ttl, b[8]);
	EQ(P_TCP, b[9]);
	OK(is4((struct in_addr *)(b + 12), ME4));
	OK(is4((struct in_addr *)(b + 16), GW1));
	EQ(1, b[20]);			/* NOP */
	EQ(131, b[21]);			/* LSRR */
	EQ(15, b[22]);
	EQ(4, b[23]);			/* pointer: the first address */
	OK(is4((struct in_addr *)(b + 24), GW2));
	OK(is4((struct in_addr *)(b + 28), GW3));
	OK(is4((struct in_addr *)(b + 32), TARGET4));
	EQ(0xffff, fold(b, 36, 0));
	t = b + 36;
	EQ(pf.sport, rd16(t));
	EQ(c.dport, rd16(t + 2));
	EQ(pf.seq, rd32(t + 4));
	EQ(0x50, t[12]);
	/* The pseudo-header holds the target, not the IP destination. */
	EQ(0xffff, fold(t, 20, psum(b + 12, fin, 4, P_TCP, 20)));
	OK(fold(t, 20, psum(b + 12, b + 16, 4, P_TCP, 20)) != 0xffff);

	ctx = "captured leaving";
	ATF_REQUIRE_EQ(0, reply_parse_ip(b, n, &r));
	EQ(REPLY_TCP, r.kind);
	OK(is4(&r.dst.v4, GW1));
	EQ(pf.seq, r.seq);

	ctx = "-l counts the options";
	c.length = 100;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(100, n);
	EQ(100, rd16(b + 2));
	t = b + 36;
	EQ(0xffff, fold(t, 64, psum(b + 12, fin, 4, P_TCP, 64)));
	for (i = 0; i < 44; i++)
		ATF_CHECK_EQ_MSG('!' + i % 93, t[20 + i], "payload %zu", i);

	ctx = "one gateway";
	c = cfg_gw();
	c.ngw = 1;
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(48, n);
	EQ(0x47, b[0]);
	OK(is4((struct in_addr *)(b + 16), GW1));
	EQ(1, b[20]);
	EQ(131, b[21]);
	EQ(7, b[22]);
	EQ(4, b[23]);
	OK(is4((struct in_addr *)(b + 24), TARGET4));
	EQ(0xffff, fold(b, 28, 0));
	EQ(0xffff, fold(b + 28, 20, psum(b + 12, fin, 4, P_TCP, 20)));

	ctx = "eight gateways, the most";
	c.ngw = TTR_MAXGW;
	for (i = 0; i < TTR_MAXGW; i++)
		c.gw[i].s_addr = htonl(0xc0000201 + (uint32_t)i);
	n = probe_build(&c, &pf, b, sizeof(b));
	ATF_REQUIRE_EQ(76, n);
	EQ(0x4e, b[0]);			/* 56 bytes, 36 of options */
	EQ(35, b[22]);
	for (i = 1; i < TTR_MAXGW; i++)
		EQ(0xc0000201 + i, rd32(b + 20 + 4 * i));
	OK(is4((struct in_addr *)(b + 52), TARGET4));
	EQ(0xffff, fold(b, 56, 0));
	EQ(0xffff, fold(b + 56, 20, psum(b + 12, fin, 4, P_TCP, 20)));

	ctx = "nine gateways";
	c.ngw = TTR_MAXGW + 1;
	EQ(0, probe_build(&c, &pf, b, sizeof(b)));

	ctx = "IPv6 has none";
	c = cfg6();
	c.ngw = 2;
	EQ(0, probe_ipoptlen(&c));
}

ATF_TC_WITHOUT_HEAD(probe_gateway_methods);
ATF_TC_BODY(probe_gateway_methods, tc)
{
	struct ttr_config	 c;
	uint8_t			 b[BUFSZ], fin[4];
	size_t			 n;

	addr4(TARGET4, (struct in_addr *)fin);
	ctx = "-U through two gateways";
	c = cfg_gw();
	c.ngw = 2;
	c.method = METHOD_UDP;
	c.dport = 53;
	c.tcpflags = 0;
	n = probe_build(&c, &(struct ttr_probe){ .seq = 0x1234,
	    .sport = 40001, .ttl = 5 }, b, sizeof(b));
	ATF_REQUIRE_EQ(20 + 12 + 8 + 2, n);
	EQ(0x48, b[0]);
	EQ(P_UDP, b[9]);
	OK(is4((struct in_addr *)(b + 16), GW1));
	EQ(11, b[22]);
	OK(is4((struct in_addr *)(b + 24), GW2));
	OK(is4((struct in_addr *)(b + 28), TARGET4));
	EQ(0xffff, fold(b, 32, 0));
	EQ(10, rd16(b + 36));
	EQ(0x1234, rd16(b + 38));
	EQ(0xffff, fold(b + 32, 10, psum(b + 12, fin, 4, P_UDP, 10)));

	ctx = "-I through two gateways";
	c.method = METHOD_ICMP;
	c.dport = 0;
	n = probe_build(&c, &(struct ttr_probe){ .seq = 0x1234,
	    .sport = 40001, .ttl = 5 }, b, sizeof(b));
	ATF_REQUIRE_EQ(20 + 12 + 8, n);
	EQ(P_ICMP, b[9]);
	EQ(8, b[32]);
	EQ(0x1234, rd16(b + 38));
	EQ(0xffff, fold(b, 32, 0));
	EQ(0xffff, fold(b + 32, 8, 0));
}

ATF_TC_WITHOUT_HEAD(gateway_bad);
ATF_TC_BODY(gateway_bad, tc)
{
	const char *bad[] = { "0.0.0.0", "255.255.255.255", "224.0.0.1",
	    "239.255.255.255", "240.0.0.1" };
	const char *good[] = { "192.0.2.1", "10.0.0.1", "223.255.255.254",
	    "127.0.0.1" };
	struct in_addr a;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ctx = bad[i];
		addr4(bad[i], &a);
		OK(probe_badgw(a) != NULL);
	}
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		ctx = good[i];
		addr4(good[i], &a);
		OK(probe_badgw(a) == NULL);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, probe_gateway);
	ATF_TP_ADD_TC(tp, probe_gateway_methods);
	ATF_TP_ADD_TC(tp, gateway_bad);
	ATF_TP_ADD_TC(tp, probe_tcp_options);
	ATF_TP_ADD_TC(tp, ext_mpls_v4);
	ATF_TP_ADD_TC(tp, ext_mpls_v6);
	ATF_TP_ADD_TC(tp, ext_compat);
	ATF_TP_ADD_TC(tp, ext_malformed);
	ATF_TP_ADD_TC(tp, ext_limits);
	ATF_TP_ADD_TC(tp, cksum_vectors);
	ATF_TP_ADD_TC(tp, probe_v4);
	ATF_TP_ADD_TC(tp, probe_v6);
	ATF_TP_ADD_TC(tp, probe_length);
	ATF_TP_ADD_TC(tp, probe_limits);
	ATF_TP_ADD_TC(tp, probe_own_length);
	ATF_TP_ADD_TC(tp, probe_placement);
	ATF_TP_ADD_TC(tp, parse_tcp);
	ATF_TP_ADD_TC(tp, parse_timxceed);
	ATF_TP_ADD_TC(tp, parse_unreach);
	ATF_TP_ADD_TC(tp, parse_other_icmp);
	ATF_TP_ADD_TC(tp, parse_not_errors);
	ATF_TP_ADD_TC(tp, parse_version_mismatch);
	ATF_TP_ADD_TC(tp, parse_ip_options);
	ATF_TP_ADD_TC(tp, parse_bad_ihl);
	ATF_TP_ADD_TC(tp, parse_cksum);
	ATF_TP_ADD_TC(tp, parse_fragments);
	ATF_TP_ADD_TC(tp, parse_v6_ext);
	ATF_TP_ADD_TC(tp, parse_rfc4884);
	ATF_TP_ADD_TC(tp, parse_truncated);
	ATF_TP_ADD_TC(tp, parse_dlt);
	ATF_TP_ADD_TC(tp, probe_echo);
	ATF_TP_ADD_TC(tp, probe_udp);
	ATF_TP_ADD_TC(tp, parse_echo);
	ATF_TP_ADD_TC(tp, parse_method_quotes);
	return atf_no_error();
}
