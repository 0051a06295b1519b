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
 * DNS messages: reverse names, the query bytes, and answers parsed from
 * hostile bytes.  Every answer is handed over in a buffer of exactly
 * its length, so that a read past the end is an error under ASan.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

#define ID	0xbeef
#define Q4	"1.2.0.192.in-addr.arpa"

struct msg {
	uint8_t	 b[2048];
	size_t	 n;
};

static void
b8(struct msg *m, unsigned v)
{
	ATF_REQUIRE(m->n < sizeof(m->b));
	m->b[m->n++] = (uint8_t)v;
}

static void
b16(struct msg *m, unsigned v)
{
	b8(m, v >> 8);
	b8(m, v & 0xff);
}

static void
bytes(struct msg *m, const void *p, size_t len)
{
	ATF_REQUIRE(m->n + len <= sizeof(m->b));
	memcpy(m->b + m->n, p, len);
	m->n += len;
}

static void
label(struct msg *m, const void *p, size_t len)
{
	b8(m, (unsigned)len);
	bytes(m, p, len);
}

/* A name without escapes, as its labels and the root; "" is the root. */
static void
name(struct msg *m, const char *s)
{
	const char *dot;

	while (*s != '\0') {
		if ((dot = strchr(s, '.')) == NULL)
			dot = s + strlen(s);
		label(m, s, dot - s);
		s = *dot == '.' ? dot + 1 : dot;
	}
	b8(m, 0);
}

static void
header(struct msg *m, unsigned id, unsigned flags, unsigned qd,
    unsigned an)
{
	m->n = 0;
	b16(m, id);
	b16(m, flags);
	b16(m, qd);
	b16(m, an);
	b16(m, 0);
	b16(m, 0);
}

static void
question(struct msg *m, const char *q, unsigned type, unsigned class)
{
	name(m, q);
	b16(m, type);
	b16(m, class);
}

/* A record's type, class, TTL and RDATA, after its owner. */
static void
rrdata(struct msg *m, unsigned type, unsigned class, const struct msg *rd)
{
	b16(m, type);
	b16(m, class);
	b16(m, 0);
	b16(m, 3600);
	b16(m, (unsigned)rd->n);
	bytes(m, rd->b, rd->n);
}

/* A record owned by the question (pointer to offset 12). */
static void
rr_q(struct msg *m, unsigned type, unsigned class, const struct msg *rd)
{
	b16(m, 0xc00c);
	rrdata(m, type, class, rd);
}

static struct msg
rdname(const char *s)
{
	struct msg rd;

	rd.n = 0;
	name(&rd, s);
	return (rd);
}

/* The usual answer: Q4 PTR IN target. */
static void
answer(struct msg *m, const char *target)
{
	struct msg rd = rdname(target);

	header(m, ID, 0x8180, 1, 1);
	question(m, Q4, DNS_T_PTR, DNS_C_IN);
	rr_q(m, DNS_T_PTR, DNS_C_IN, &rd);
}

static char out[DNS_NAMELEN];

/*
 * Parse the first len bytes of m from a buffer of exactly that size, as
 * the answer to (q, type), into buf (bufsize bytes, outlen offered).
 */
static int
parse_into(const struct msg *m, size_t len, const char *q, uint16_t type,
    char *buf, size_t bufsize, size_t outlen)
{
	uint8_t *copy;
	int r;

	ATF_REQUIRE(outlen <= bufsize);
	ATF_REQUIRE((copy = malloc(len > 0 ? len : 1)) != NULL);
	memcpy(copy, m->b, len);
	memset(buf, 'X', bufsize);
	r = dns_parse_answer(copy, len, ID, q, type, buf, outlen);
	free(copy);
	if (r != 1 && outlen > 0)
		ATF_CHECK_STREQ(buf, "");
	return (r);
}

static int
parse_n(const struct msg *m, size_t len, const char *q)
{
	return (parse_into(m, len, q, DNS_T_PTR, out, sizeof(out),
	    sizeof(out)));
}

static int
parse(const struct msg *m)
{
	return (parse_n(m, m->n, Q4));
}

static void
repeat(char *buf, int c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
}

ATF_TC_WITHOUT_HEAD(qname_v4);
ATF_TC_BODY(qname_v4, tc)
{
	union ttr_addr a;
	char buf[DNS_QNAMELEN];

	ATF_REQUIRE(inet_pton(AF_INET, "192.0.2.1", &a.v4) == 1);
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET, &a, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, Q4);
	ATF_REQUIRE(inet_pton(AF_INET, "255.255.255.255", &a.v4) == 1);
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET, &a, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "255.255.255.255.in-addr.arpa");
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET, &a, buf, 28), -1);
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET, &a, buf, 29), 0);
	ATF_CHECK_EQ(dns_ptr_qname(AF_UNIX, &a, buf, sizeof(buf)), -1);
}

ATF_TC_WITHOUT_HEAD(qname_v6);
ATF_TC_BODY(qname_v6, tc)
{
	union ttr_addr a;
	char buf[DNS_QNAMELEN];

	ATF_REQUIRE(inet_pton(AF_INET6, "2001:db8::a:bc1", &a.v6) == 1);
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET6, &a, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "1.c.b.0.a.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
	ATF_CHECK_EQ(strlen(buf) + 1, DNS_QNAMELEN);
	ATF_CHECK_EQ(dns_ptr_qname(AF_INET6, &a, buf, DNS_QNAMELEN - 1), -1);
}

ATF_TC_WITHOUT_HEAD(query_bytes);
ATF_TC_BODY(query_bytes, tc)
{
	static const uint8_t want[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00,
		0x00, 0x00, 0x00, 0x00,
		1, '1', 1, '2', 1, '0', 3, '1', '9', '2',
		7, 'i', 'n', '-', 'a', 'd', 'd', 'r', 4, 'a', 'r', 'p', 'a', 0,
		0x00, 0x0c, 0x00, 0x01
	};
	uint8_t buf[DNS_QUERYLEN];
	char l64[65], big[300];
	int i;

	ATF_REQUIRE_EQ(dns_build_query(0x1234, Q4, DNS_T_PTR, buf,
	    sizeof(buf)), (int)sizeof(want));
	ATF_CHECK(memcmp(buf, want, sizeof(want)) == 0);
	/* A final dot changes nothing. */
	ATF_REQUIRE_EQ(dns_build_query(0x1234, Q4 ".", DNS_T_PTR, buf,
	    sizeof(buf)), (int)sizeof(want));
	ATF_CHECK(memcmp(buf, want, sizeof(want)) == 0);
	ATF_CHECK_EQ(dns_build_query(0x1234, Q4, DNS_T_PTR, buf,
	    sizeof(want) - 1), -1);
	ATF_CHECK_EQ(dns_build_query(0x1234, Q4, DNS_T_TXT, buf,
	    sizeof(buf)), (int)sizeof(want));
	ATF_CHECK_EQ(buf[sizeof(want) - 3], DNS_T_TXT);

	/* Not names. */
	ATF_CHECK_EQ(dns_build_query(1, "", DNS_T_PTR, buf, sizeof(buf)), -1);
	ATF_CHECK_EQ(dns_build_query(1, ".", DNS_T_PTR, buf, sizeof(buf)), -1);
	ATF_CHECK_EQ(dns_build_query(1, "a..b", DNS_T_PTR, buf, sizeof(buf)),
	    -1);
	ATF_CHECK_EQ(dns_build_query(1, ".a", DNS_T_PTR, buf, sizeof(buf)),
	    -1);
	repeat(l64, 'a', 64);
	ATF_CHECK_EQ(dns_build_query(1, l64, DNS_T_PTR, buf, sizeof(buf)), -1);
	repeat(l64, 'a', 63);
	ATF_CHECK_EQ(dns_build_query(1, l64, DNS_T_PTR, buf, sizeof(buf)),
	    12 + 65 + 4);
	/* 127 labels of one letter: 255 bytes; 128: too long. */
	for (i = 0; i < 127; i++) {
		big[2 * i] = 'a';
		big[2 * i + 1] = '.';
	}
	big[253] = '\0';
	ATF_CHECK_EQ(dns_build_query(1, big, DNS_T_PTR, buf, sizeof(buf)),
	    12 + 255 + 4);
	big[253] = '.';
	big[254] = 'a';
	big[255] = '\0';
	ATF_CHECK_EQ(dns_build_query(1, big, DNS_T_PTR, buf, sizeof(buf)), -1);
}

ATF_TC_WITHOUT_HEAD(ptr_normal);
ATF_TC_BODY(ptr_normal, tc)
{
	struct msg m;

	answer(&m, "r1.tb.test");
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");
	/* The question asked with a final dot. */
	ATF_CHECK_EQ(parse_n(&m, m.n, Q4 "."), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");
	/* Authority and additional sections are not looked at. */
	m.b[9] = 3;
	m.b[11] = 7;
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");
}

ATF_TC_WITHOUT_HEAD(ptr_compressed);
ATF_TC_BODY(ptr_compressed, tc)
{
	struct msg m, rd;

	/* Target r1.<in-addr.arpa of the question>, owner uncompressed. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	name(&m, Q4);
	rd.n = 0;
	label(&rd, "r1", 2);
	b16(&rd, 0xc000 | (12 + 2 + 2 + 2 + 4));
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.in-addr.arpa");
}

ATF_TC_WITHOUT_HEAD(question_case);
ATF_TC_BODY(question_case, tc)
{
	struct msg m, rd = rdname("R1.Tb.TEST");

	header(&m, ID, 0x8180, 1, 1);
	question(&m, "1.2.0.192.IN-ADDR.Arpa", DNS_T_PTR, DNS_C_IN);
	name(&m, "1.2.0.192.in-ADDR.arpa");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 1);
	/* The name as given, case and all. */
	ATF_CHECK_STREQ(out, "R1.Tb.TEST");
	/* Case folding is for ASCII letters only. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, "1.2.0.192.in-addr.arp\xc1", DNS_T_PTR, DNS_C_IN);
	ATF_CHECK_EQ(dns_parse_answer(m.b, m.n, ID, "1.2.0.192.in-addr.arp\xe1",
	    DNS_T_PTR, out, sizeof(out)), DNS_FOREIGN);
}

ATF_TC_WITHOUT_HEAD(names_long);
ATF_TC_BODY(names_long, tc)
{
	struct msg m, rd;
	char a[64], b[64], want[300];

	/* 64 characters. */
	repeat(a, 'z', 56);
	snprintf(want, sizeof(want), "%s.tb.test", a);
	ATF_REQUIRE_EQ(strlen(want), 64);
	answer(&m, want);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, want);

	/* 89 characters. */
	repeat(a, 'x', 40);
	repeat(b, 'y', 40);
	snprintf(want, sizeof(want), "%s.%s.tb.test", a, b);
	ATF_REQUIRE_EQ(strlen(want), 89);
	answer(&m, want);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, want);

	/* 253 characters, 255 bytes on the wire: the most there is. */
	repeat(a, '\033', 63);
	repeat(b, '\033', 61);
	snprintf(want, sizeof(want), "%s.%s.%s.%s", a, a, a, b);
	ATF_REQUIRE_EQ(strlen(want), 253);
	answer(&m, want);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, want);
	/* It needs all of DNS_NAMELEN. */
	ATF_CHECK_EQ(dns_parse_answer(m.b, m.n, ID, Q4, DNS_T_PTR, out,
	    DNS_NAMELEN - 1), 0);

	/* Any byte but NUL in a label, dots included. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd.n = 0;
	label(&rd, "a.b \n\\\377", 7);
	label(&rd, "tb", 2);
	b8(&rd, 0);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "a.b \n\\\377.tb");
}

ATF_TC_WITHOUT_HEAD(names_too_long);
ATF_TC_BODY(names_too_long, tc)
{
	struct msg m;
	char a[64], b[64], want[400];

	/* 256 bytes on the wire (254 characters). */
	repeat(a, 'a', 63);
	repeat(b, 'b', 62);
	snprintf(want, sizeof(want), "%s.%s.%s.%s", a, a, a, b);
	answer(&m, want);
	ATF_CHECK(parse(&m) < 1);

	/* Five labels of 60: 306 bytes. */
	repeat(a, 'a', 60);
	snprintf(want, sizeof(want), "%s.%s.%s.%s.%s", a, a, a, a, a);
	answer(&m, want);
	ATF_CHECK(parse(&m) < 1);
}

ATF_TC_WITHOUT_HEAD(names_too_long_compressed);
ATF_TC_BODY(names_too_long_compressed, tc)
{
	struct msg m, rd;
	char a[64];
	size_t tail;

	/*
	 * Each part short, the whole too long: two labels of 63, then a
	 * pointer to two more elsewhere.
	 */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	repeat(a, 'x', 63);
	/* A TXT record whose RDATA happens to hold a 126-byte name. */
	b16(&m, 0xc00c);
	b16(&m, DNS_T_TXT);
	b16(&m, DNS_C_IN);
	b16(&m, 0);
	b16(&m, 60);
	b16(&m, 1 + 63 + 1 + 63 + 1);
	tail = m.n;
	label(&m, a, 63);
	label(&m, a, 63);
	b8(&m, 0);
	/* 2 * (64 + 64) + 1 = 257 bytes. */
	rd.n = 0;
	label(&rd, a, 63);
	label(&rd, a, 63);
	b16(&rd, 0xc000 | tail);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);
}

ATF_TC_WITHOUT_HEAD(pointer_loop);
ATF_TC_BODY(pointer_loop, tc)
{
	struct msg m, rd;
	size_t at;

	/* A pointer to itself. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	b16(&m, 0xc00c);
	b16(&m, DNS_T_PTR);
	b16(&m, DNS_C_IN);
	b16(&m, 0);
	b16(&m, 60);
	b16(&m, 2);
	at = m.n;
	b16(&m, 0xc000 | at);
	ATF_CHECK_EQ(parse(&m), -1);

	/* A label, then back to the label: grows until too long. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	b16(&m, 0xc00c);
	b16(&m, DNS_T_PTR);
	b16(&m, DNS_C_IN);
	b16(&m, 0);
	b16(&m, 60);
	b16(&m, 4);
	at = m.n;
	label(&m, "x", 1);
	b16(&m, 0xc000 | at);
	ATF_CHECK_EQ(parse(&m), -1);

	/* Two pointers to each other, in the owner name. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	at = m.n;
	b16(&m, 0xc000 | (at + 2));
	b16(&m, 0xc000 | at);
	rd = rdname("r1.tb.test");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);

	/* A loop in the question: it cannot be ours. */
	header(&m, ID, 0x8180, 1, 0);
	b16(&m, 0xc00c);
	b16(&m, DNS_T_PTR);
	b16(&m, DNS_C_IN);
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
}

ATF_TC_WITHOUT_HEAD(pointer_past_end);
ATF_TC_BODY(pointer_past_end, tc)
{
	struct msg m, rd;

	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd.n = 0;
	label(&rd, "r1", 2);
	b16(&rd, 0xc000 | 0x3fff);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);

	/* Just past the end, and at the very end. */
	m.b[m.n - 2] = 0xc0;
	m.b[m.n - 1] = (uint8_t)m.n;
	ATF_CHECK_EQ(parse(&m), -1);
	m.b[m.n - 1] = (uint8_t)(m.n - 1);
	ATF_CHECK_EQ(parse(&m), -1);

	/* A pointer cut in half. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	b8(&m, 0xc0);
	ATF_CHECK_EQ(parse(&m), -1);
}

/* Cut a good answer at every length: no crash, a name only if whole. */
static void
cut_everywhere(const struct msg *m, const char *want)
{
	size_t len;

	for (len = 0; len < m->n; len++)
		ATF_CHECK_MSG(parse_n(m, len, Q4) < 1, "cut at %zu of %zu",
		    len, m->n);
	ATF_CHECK_EQ(parse_n(m, m->n, Q4), 1);
	ATF_CHECK_STREQ(out, want);
}

ATF_TC_WITHOUT_HEAD(truncated);
ATF_TC_BODY(truncated, tc)
{
	struct msg m, rd;
	char a[64], want[300];

	answer(&m, "r1.tb.test");
	cut_everywhere(&m, "r1.tb.test");

	repeat(a, 'q', 63);
	snprintf(want, sizeof(want), "%s.%s.%s.%s", a, a, a, "tb");
	answer(&m, want);
	cut_everywhere(&m, want);

	/* CNAME, then the PTR with a compressed target. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd.n = 0;
	label(&rd, "1", 1);
	label(&rd, "0/25", 4);
	b16(&rd, 0xc000 | 14);		/* 2.0.192.in-addr.arpa */
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	b16(&m, 0xc000 | (12 + 24 + 4 + 2 + 10));	/* the alias */
	rd.n = 0;
	label(&rd, "r1", 2);
	b16(&rd, 0xc000 | 22);		/* in-addr.arpa */
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	cut_everywhere(&m, "r1.in-addr.arpa");
}

ATF_TC_WITHOUT_HEAD(not_ours);
ATF_TC_BODY(not_ours, tc)
{
	struct msg m;

	/* Wrong ID. */
	answer(&m, "r1.tb.test");
	m.b[1] ^= 1;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);

	/* QR clear: a query, not a response. */
	answer(&m, "r1.tb.test");
	m.b[2] &= 0x7f;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);

	/* Opcode 2 (status). */
	answer(&m, "r1.tb.test");
	m.b[2] |= 2 << 3;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);

	/* Another question. */
	answer(&m, "r1.tb.test");
	ATF_CHECK_EQ(parse_n(&m, m.n, "2.2.0.192.in-addr.arpa"),
	    DNS_FOREIGN);
	ATF_CHECK_EQ(parse_n(&m, m.n, "2.0.192.in-addr.arpa"), DNS_FOREIGN);
	ATF_CHECK_EQ(parse_n(&m, m.n, "0.1.2.0.192.in-addr.arpa"),
	    DNS_FOREIGN);
	/* Same name, other type, other class. */
	m.b[12 + 24 + 1] = 1;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
	answer(&m, "r1.tb.test");
	m.b[12 + 24 + 3] = 3;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
	/* A dot inside a label is not a label boundary. */
	header(&m, ID, 0x8180, 1, 0);
	label(&m, "1.2", 3);
	name(&m, "0.192.in-addr.arpa");
	b16(&m, DNS_T_PTR);
	b16(&m, DNS_C_IN);
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);

	/* No question, or two. */
	answer(&m, "r1.tb.test");
	m.b[5] = 0;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
	m.b[5] = 2;
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);

	/* Too short for a header. */
	ATF_CHECK_EQ(parse_n(&m, 11, Q4), DNS_FOREIGN);
}

ATF_TC_WITHOUT_HEAD(no_name);
ATF_TC_BODY(no_name, tc)
{
	struct msg m;

	/* TC: the answer is incomplete, whatever it holds: ask over TCP. */
	answer(&m, "r1.tb.test");
	m.b[2] |= 0x02;
	ATF_CHECK_EQ(parse(&m), DNS_TRUNCATED);
	/* ... unless it is an error anyway. */
	m.b[3] |= 0x03;
	ATF_CHECK_EQ(parse(&m), 0);

	/* NXDOMAIN, SERVFAIL, REFUSED. */
	header(&m, ID, 0x8183, 1, 0);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	ATF_CHECK_EQ(parse(&m), 0);
	m.b[3] = 0x82;
	ATF_CHECK_EQ(parse(&m), 0);
	m.b[3] = 0x85;
	ATF_CHECK_EQ(parse(&m), 0);
	/* Even with a PTR record in it. */
	answer(&m, "r1.tb.test");
	m.b[3] |= 3;
	ATF_CHECK_EQ(parse(&m), 0);

	/* No error, no answer (NODATA). */
	header(&m, ID, 0x8180, 1, 0);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	ATF_CHECK_EQ(parse(&m), 0);
	/* A record not counted is not there. */
	answer(&m, "r1.tb.test");
	m.b[7] = 0;
	ATF_CHECK_EQ(parse(&m), 0);

	/* The root as a name; a NUL byte in a label. */
	answer(&m, "");
	ATF_CHECK_EQ(parse(&m), 0);
	answer(&m, "r1.tb.test");
	m.b[m.n - 11] = '\0';
	ATF_CHECK_EQ(parse(&m), 0);

	/* A PTR for another name only. */
	{
		struct msg rd = rdname("r1.tb.test");

		header(&m, ID, 0x8180, 1, 1);
		question(&m, Q4, DNS_T_PTR, DNS_C_IN);
		name(&m, "2.2.0.192.in-addr.arpa");
		rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
		ATF_CHECK_EQ(parse(&m), 0);
	}
}

ATF_TC_WITHOUT_HEAD(cname_chain);
ATF_TC_BODY(cname_chain, tc)
{
	struct msg m, rd;
	const char *alias = "1.0/25.2.0.192.in-addr.arpa";

	/* RFC 2317: the PTR belongs to the CNAME target. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	name(&m, alias);
	rd = rdname("r1.tb.test");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");

	/* In the other order. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	name(&m, alias);
	rd = rdname("r1.tb.test");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");

	/* A CNAME whose target has no PTR here. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	name(&m, "1.128/25.2.0.192.in-addr.arpa");
	rd = rdname("r1.tb.test");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), 0);

	/* A CNAME loop. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	name(&m, alias);
	rd = rdname(Q4);
	rrdata(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);

	/* A CNAME with junk after its name. */
	header(&m, ID, 0x8180, 1, 2);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rd = rdname(alias);
	b8(&rd, 0);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	name(&m, alias);
	rd = rdname("r1.tb.test");
	rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);
}

ATF_TC_WITHOUT_HEAD(class_ch);
ATF_TC_BODY(class_ch, tc)
{
	struct msg m, rd = rdname("evil.tb.test");
	struct msg rd2 = rdname("r1.tb.test");

	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rr_q(&m, DNS_T_PTR, 3, &rd);
	ATF_CHECK_EQ(parse(&m), 0);

	header(&m, ID, 0x8180, 1, 3);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rr_q(&m, DNS_T_PTR, 3, &rd);
	rr_q(&m, 1, DNS_C_IN, &rd);		/* an A record, oddly */
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd2);
	ATF_CHECK_EQ(parse(&m), 1);
	ATF_CHECK_STREQ(out, "r1.tb.test");
}

ATF_TC_WITHOUT_HEAD(label_types);
ATF_TC_BODY(label_types, tc)
{
	struct msg m, rd;
	int i;
	static const uint8_t bad[] = { 0x40, 0x41, 0x7f, 0x80, 0xbf };

	for (i = 0; i < (int)sizeof(bad); i++) {
		/* In the PTR target. */
		header(&m, ID, 0x8180, 1, 1);
		question(&m, Q4, DNS_T_PTR, DNS_C_IN);
		rd.n = 0;
		label(&rd, "r1", 2);
		b8(&rd, bad[i]);
		b8(&rd, 0xff);
		name(&rd, "tb.test");
		rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd);
		ATF_CHECK_EQ(parse(&m), -1);

		/* In an owner name. */
		header(&m, ID, 0x8180, 1, 1);
		question(&m, Q4, DNS_T_PTR, DNS_C_IN);
		b8(&m, bad[i]);
		b8(&m, 0);
		rd = rdname("r1.tb.test");
		rrdata(&m, DNS_T_PTR, DNS_C_IN, &rd);
		ATF_CHECK_EQ(parse(&m), -1);

		/* In the question. */
		header(&m, ID, 0x8180, 1, 0);
		b8(&m, bad[i]);
		name(&m, Q4);
		b16(&m, DNS_T_PTR);
		b16(&m, DNS_C_IN);
		ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
	}
}

ATF_TC_WITHOUT_HEAD(count_lies);
ATF_TC_BODY(count_lies, tc)
{
	struct msg m, rd;

	/* Says 5, has 1. */
	answer(&m, "r1.tb.test");
	m.b[7] = 5;
	ATF_CHECK_EQ(parse(&m), -1);
	/* Says 65535. */
	m.b[6] = 0xff;
	m.b[7] = 0xff;
	ATF_CHECK_EQ(parse(&m), -1);

	/* RDLENGTH past the end, and longer than the name in it. */
	answer(&m, "r1.tb.test");
	m.b[m.n - 13] += 1;
	ATF_CHECK_EQ(parse(&m), -1);
	rd = rdname("r1.tb.test");
	b8(&rd, 0);
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, DNS_T_PTR, DNS_C_IN);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse(&m), -1);
	/* Shorter than the name in it. */
	answer(&m, "r1.tb.test");
	m.b[m.n - 13] -= 1;
	b8(&m, 0);
	ATF_CHECK_EQ(parse(&m), -1);
}

ATF_TC_WITHOUT_HEAD(other_types);
ATF_TC_BODY(other_types, tc)
{
	struct msg m;
	char buf[DNS_NAMELEN];

	/* A types whose RDATA is not decoded here: refused. */
	header(&m, ID, 0x8180, 1, 1);
	question(&m, Q4, 1, DNS_C_IN);
	b16(&m, 0xc00c);
	b16(&m, 1);
	b16(&m, DNS_C_IN);
	b16(&m, 0);
	b16(&m, 60);
	b16(&m, 4);
	b8(&m, 192);
	b8(&m, 0);
	b8(&m, 2);
	b8(&m, 1);
	ATF_CHECK_EQ(dns_parse_answer(m.b, m.n, ID, Q4, 1, buf,
	    sizeof(buf)), -1);
	/* Asked as PTR, the question differs. */
	ATF_CHECK_EQ(parse(&m), DNS_FOREIGN);
}

/* --as-path-lookups: TXT questions to an origin zone, and the answers. */

#define QA	"1.2.0.192.asn.tb.test"
#define CYMRU	"15169 | 8.8.8.0/24 | US | arin | 1992-12-01"

static char txt[DNS_TXTLEN];

/* Parse m as the answer to TXT QA, from a buffer of exactly len bytes. */
static int
parse_txt_n(const struct msg *m, size_t len, size_t outlen)
{
	return (parse_into(m, len, QA, DNS_T_TXT, txt, sizeof(txt), outlen));
}

static int
parse_txt(const struct msg *m)
{
	return (parse_txt_n(m, m->n, sizeof(txt)));
}

/* RDATA of character-strings: NULL ends the list. */
static struct msg
rdtxt(const char *s, ...)
{
	struct msg rd;
	va_list ap;

	rd.n = 0;
	va_start(ap, s);
	for (; s != NULL; s = va_arg(ap, const char *))
		label(&rd, s, strlen(s));
	va_end(ap);
	return (rd);
}

/* An answer to TXT QA with n records (added by the caller). */
static void
txt_header(struct msg *m, unsigned n)
{
	header(m, ID, 0x8180, 1, n);
	question(m, QA, DNS_T_TXT, DNS_C_IN);
}

ATF_TC_WITHOUT_HEAD(asn_qname_v4);
ATF_TC_BODY(asn_qname_v4, tc)
{
	union ttr_addr a;
	char buf[DNS_NAMELEN];

	ATF_REQUIRE(inet_pton(AF_INET, "192.0.2.1", &a.v4) == 1);
	ATF_CHECK_EQ(dns_asn_qname(AF_INET, &a, NULL, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "1.2.0.192.origin.asn.cymru.com");
	ATF_CHECK_EQ(dns_asn_qname(AF_INET, &a, "asn.tb.test", buf,
	    sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, QA);
	ATF_CHECK_EQ(dns_asn_qname(AF_INET, &a, "asn.tb.test", buf,
	    sizeof(QA) - 1), -1);
	ATF_CHECK_EQ(dns_asn_qname(AF_INET, &a, "asn.tb.test", buf,
	    sizeof(QA)), 0);
	ATF_CHECK_EQ(dns_asn_qname(AF_UNIX, &a, NULL, buf, sizeof(buf)), -1);
}

ATF_TC_WITHOUT_HEAD(asn_qname_v6);
ATF_TC_BODY(asn_qname_v6, tc)
{
	union ttr_addr a;
	uint8_t q[DNS_QUERYLEN];
	char buf[DNS_NAMELEN], zone[200];

	ATF_REQUIRE(inet_pton(AF_INET6, "2001:db8::a:bc1", &a.v6) == 1);
	ATF_CHECK_EQ(dns_asn_qname(AF_INET6, &a, NULL, buf, sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "1.c.b.0.a.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.origin6.asn.cymru.com");
	ATF_CHECK_EQ(dns_asn_qname(AF_INET6, &a, "asn.tb.test", buf,
	    sizeof(buf)), 0);
	ATF_CHECK_STREQ(buf, "1.c.b.0.a.0.0.0.0.0.0.0.0.0.0.0."
	    "0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.asn.tb.test");
	ATF_CHECK_EQ(dns_asn_qname(AF_INET6, &a, "asn.tb.test", buf, 64 + 11),
	    -1);
	ATF_CHECK_EQ(dns_asn_qname(AF_INET6, &a, "asn.tb.test", buf, 64 + 12),
	    0);
	/* The longest zone --as-zone takes makes a name of 253. */
	memset(zone, 'z', 189);
	zone[63] = zone[127] = '.';
	zone[189] = '\0';
	ATF_CHECK_EQ(dns_asn_qname(AF_INET6, &a, zone, buf, sizeof(buf)), 0);
	ATF_CHECK_EQ(strlen(buf), 253);
	ATF_CHECK_EQ(dns_build_query(1, buf, DNS_T_TXT, q, sizeof(q)),
	    12 + 255 + 4);
	ATF_CHECK_EQ(q[12 + 255 + 1], DNS_T_TXT);
}

ATF_TC_WITHOUT_HEAD(txt_single);
ATF_TC_BODY(txt_single, tc)
{
	struct msg m, rd = rdtxt(CYMRU, NULL);

	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, CYMRU);
	/* Asked as PTR, the question differs. */
	ATF_CHECK_EQ(parse_n(&m, m.n, QA), DNS_FOREIGN);
	/* One empty string is an empty record. */
	rd = rdtxt("", NULL);
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, "");
	/* Any byte but NUL and newline, as it comes. */
	rd = rdtxt("a|\t\033\\\377", NULL);
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, "a|\t\033\\\377");
}

ATF_TC_WITHOUT_HEAD(txt_strings);
ATF_TC_BODY(txt_strings, tc)
{
	struct msg m, rd = rdtxt("15169 | 8.8.8.0/24", " | US", "",
	    " | arin | 1992-12-01", NULL);
	char s255[256], want[600];

	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, CYMRU);

	/* Two strings of 255, the most one can hold. */
	repeat(s255, 'x', 255);
	rd = rdtxt(s255, s255, NULL);
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	snprintf(want, sizeof(want), "%s%s", s255, s255);
	ATF_CHECK_STREQ(txt, want);
}

ATF_TC_WITHOUT_HEAD(txt_records);
ATF_TC_BODY(txt_records, tc)
{
	struct msg m, rd1 = rdtxt("64500 | 192.0.2.0/24", " | ZZ", NULL);
	struct msg rd2 = rdtxt("64501 64502 | 192.0.0.0/16 | ZZ", NULL);
	struct msg other = rdtxt("64999 | elsewhere", NULL);
	struct msg ptr = rdname("r1.tb.test");

	/* Every TXT record of the name, a line each, in order. */
	txt_header(&m, 4);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd1);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &ptr);
	name(&m, "2.2.0.192.asn.tb.test");
	rrdata(&m, DNS_T_TXT, DNS_C_IN, &other);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd2);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, "64500 | 192.0.2.0/24 | ZZ\n"
	    "64501 64502 | 192.0.0.0/16 | ZZ");
	/* Another class is not looked at. */
	txt_header(&m, 2);
	rr_q(&m, DNS_T_TXT, 3, &other);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd2);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, "64501 64502 | 192.0.0.0/16 | ZZ");

	/* None of the name: NXDOMAIN, NODATA, others' records only. */
	header(&m, ID, 0x8183, 1, 0);
	question(&m, QA, DNS_T_TXT, DNS_C_IN);
	ATF_CHECK_EQ(parse_txt(&m), 0);
	txt_header(&m, 0);
	ATF_CHECK_EQ(parse_txt(&m), 0);
	txt_header(&m, 2);
	rr_q(&m, DNS_T_PTR, DNS_C_IN, &ptr);
	name(&m, "2.2.0.192.asn.tb.test");
	rrdata(&m, DNS_T_TXT, DNS_C_IN, &other);
	ATF_CHECK_EQ(parse_txt(&m), 0);
}

ATF_TC_WITHOUT_HEAD(txt_cname);
ATF_TC_BODY(txt_cname, tc)
{
	struct msg m, rd, rd1 = rdtxt(CYMRU, NULL);
	const char *alias = "8.8.8.asn.tb.test";

	/* The records of the CNAME's target, not those of the alias. */
	txt_header(&m, 3);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	name(&m, alias);
	rrdata(&m, DNS_T_TXT, DNS_C_IN, &rd1);
	name(&m, alias);
	rd = rdtxt("64500 | x", NULL);
	rrdata(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, CYMRU "\n64500 | x");

	/* A CNAME to nowhere here; a loop. */
	txt_header(&m, 1);
	rd = rdname(alias);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 0);
	name(&m, alias);
	rd = rdname(QA);
	rrdata(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	m.b[7] = 2;
	ATF_CHECK_EQ(parse_txt(&m), -1);
}

ATF_TC_WITHOUT_HEAD(txt_truncated);
ATF_TC_BODY(txt_truncated, tc)
{
	struct msg m, rd1 = rdtxt("64500 | 192.0.2.0/24", " | ZZ", NULL);
	struct msg rd2 = rdtxt(CYMRU, NULL);
	size_t len;

	txt_header(&m, 2);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd2);
	for (len = 0; len < m.n; len++)
		ATF_CHECK_MSG(parse_txt_n(&m, len, sizeof(txt)) < 1,
		    "cut at %zu of %zu", len, m.n);
	ATF_CHECK_EQ(parse_txt(&m), 1);
	ATF_CHECK_STREQ(txt, "64500 | 192.0.2.0/24 | ZZ\n" CYMRU);

	/* TC set: incomplete, whatever it holds. */
	m.b[2] |= 0x02;
	ATF_CHECK_EQ(parse_txt(&m), DNS_TRUNCATED);
}

ATF_TC_WITHOUT_HEAD(txt_bad_lengths);
ATF_TC_BODY(txt_bad_lengths, tc)
{
	struct msg m, rd;

	/* No string at all. */
	rd.n = 0;
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), -1);

	/* A string running past its record, though not past the message. */
	rd = rdtxt("abc", NULL);
	rd.b[0] = 4;
	txt_header(&m, 2);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	rd = rdtxt("def", NULL);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), -1);

	/* A byte left over after the strings. */
	rd = rdtxt("abc", NULL);
	b8(&rd, 7);
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), -1);

	/* A malformed record after a good one spoils the answer. */
	txt_header(&m, 2);
	rd = rdtxt(CYMRU, NULL);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	rd = rdtxt("abc", NULL);
	rd.b[0] = 0xff;
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), -1);

	/* A good record, then a CNAME with junk after its name: no text. */
	txt_header(&m, 2);
	rd = rdtxt(CYMRU, NULL);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	rd = rdname("x.asn.tb.test");
	b8(&rd, 0);
	rr_q(&m, DNS_T_CNAME, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), -1);

	/* RDLENGTH past the end of the message. */
	txt_header(&m, 1);
	rd = rdtxt(CYMRU, NULL);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	m.b[m.n - rd.n - 1] += 1;
	ATF_CHECK_EQ(parse_txt(&m), -1);
}

ATF_TC_WITHOUT_HEAD(txt_oversized);
ATF_TC_BODY(txt_oversized, tc)
{
	struct msg m, rd = rdtxt("64500 | a", "bc", NULL);
	struct msg rd2 = rdtxt("64501", NULL);
	char s255[256];
	int i;

	/* Exactly the room it needs, and one byte less. */
	txt_header(&m, 2);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd2);
	ATF_CHECK_EQ(parse_txt_n(&m, m.n, sizeof("64500 | abc\n64501")), 1);
	ATF_CHECK_STREQ(txt, "64500 | abc\n64501");
	ATF_CHECK_EQ(parse_txt_n(&m, m.n, sizeof("64500 | abc\n64501") - 1),
	    0);
	ATF_CHECK_EQ(parse_txt_n(&m, m.n, sizeof("64500 | abc")), 0);
	ATF_CHECK_EQ(parse_txt_n(&m, m.n, 0), 0);

	/* More records than DNS_TXTLEN holds. */
	repeat(s255, 'y', 255);
	rd = rdtxt(s255, NULL);
	txt_header(&m, 5);
	for (i = 0; i < 5; i++)
		rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 0);

	/* A NUL or a newline cannot be carried in a line. */
	rd = rdtxt("64500 | x", NULL);
	rd.b[6] = '\0';
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 0);
	rd.b[6] = '\n';
	txt_header(&m, 1);
	rr_q(&m, DNS_T_TXT, DNS_C_IN, &rd);
	ATF_CHECK_EQ(parse_txt(&m), 0);
}

/* The text of TXT records to "AS..." as printed. */
static const char *
asn(const char *text, size_t len)
{
	static char buf[DNS_ASNLEN];

	ATF_REQUIRE(len <= sizeof(buf));
	memset(buf, 'X', sizeof(buf));
	if (dns_txt_asn(text, buf, len) != 1)
		ATF_CHECK_STREQ(buf, "");
	return (buf);
}

ATF_TC_WITHOUT_HEAD(asn_text);
ATF_TC_BODY(asn_text, tc)
{
	char big[400];
	int i;

	ATF_CHECK_STREQ(asn(CYMRU, DNS_ASNLEN), "AS15169");
	ATF_CHECK_EQ(dns_txt_asn(CYMRU, big, sizeof(big)), 1);
	/* Several ASes, several records, each AS once. */
	ATF_CHECK_STREQ(asn("64500 64501 | 192.0.2.0/24 | ZZ", DNS_ASNLEN),
	    "AS64500/AS64501");
	ATF_CHECK_STREQ(asn("64500 | 192.0.2.0/24\n64501  64500\t| 192.0.2.0/24",
	    DNS_ASNLEN), "AS64500/AS64501");
	/* Only the longest prefix counts, wherever it comes. */
	ATF_CHECK_STREQ(asn("64500 | 192.0.0.0/16 | ZZ\n"
	    "64501 | 192.0.2.0/24 | ZZ\n"
	    "64502 | 192.0.2.0/23 | ZZ\n"
	    "64503 64501 | 192.0.2.0/24 | ZZ", DNS_ASNLEN),
	    "AS64501/AS64503");
	ATF_CHECK_STREQ(asn("64503 | 2001:db8::/48\n64500 | 2001:db8::/32",
	    DNS_ASNLEN), "AS64503");
	/* A prefix not understood counts as /0. */
	ATF_CHECK_STREQ(asn("64500 | x\n64501 | 192.0.2.0/129\n"
	    "64502 | 192.0.2.0/\n64503 | 192.0.2.0/8x", DNS_ASNLEN),
	    "AS64500/AS64501/AS64502/AS64503");
	ATF_CHECK_STREQ(asn("64500\n64501 | 192.0.2.0/1", DNS_ASNLEN),
	    "AS64501");
	ATF_CHECK_STREQ(asn("64500 | 192.0.2.0/1\n64501", DNS_ASNLEN),
	    "AS64500");
	/* Only the second field's prefix. */
	ATF_CHECK_STREQ(asn("64500 | 192.0.2.0/8 | ZZ\n"
	    "64501 | 192.0.2.0 | a/32", DNS_ASNLEN), "AS64500");
	ATF_CHECK_STREQ(asn("  7|", DNS_ASNLEN), "AS7");
	ATF_CHECK_STREQ(asn("0 | x", DNS_ASNLEN), "AS0");
	ATF_CHECK_STREQ(asn("4294967295", DNS_ASNLEN), "AS4294967295");
	/* A field of anything else passes over its record only. */
	ATF_CHECK_STREQ(asn("NA | x/32\n64500 | y", DNS_ASNLEN), "AS64500");
	ATF_CHECK_STREQ(asn("AS64500 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("64500 x | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("-1 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("+1 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("4294967296 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("04294967295 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("99999999999999999999 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("6450\0330 | x", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn("", DNS_ASNLEN), "");
	ATF_CHECK_STREQ(asn(" | x\n\n|", DNS_ASNLEN), "");
	ATF_CHECK_EQ(dns_txt_asn("| x", big, sizeof(big)), 0);
	/* At most DNS_ASNMAX; an AS that does not fit is left out. */
	big[0] = '\0';
	for (i = 0; i < DNS_ASNMAX + 2; i++)
		snprintf(big + strlen(big), sizeof(big) - strlen(big),
		    "%u ", 4294967295U - i);
	ATF_CHECK_EQ(strlen(asn(big, DNS_ASNLEN)), DNS_ASNLEN - 1);
	ATF_CHECK_STREQ(asn("1 2 3", sizeof("AS1/AS2")), "AS1/AS2");
	ATF_CHECK_STREQ(asn("1 22 3", sizeof("AS1/AS2")), "AS1/AS3");
	ATF_CHECK_STREQ(asn("1", 3), "");
	ATF_CHECK_EQ(dns_txt_asn("1", big, 0), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, qname_v4);
	ATF_TP_ADD_TC(tp, qname_v6);
	ATF_TP_ADD_TC(tp, query_bytes);
	ATF_TP_ADD_TC(tp, ptr_normal);
	ATF_TP_ADD_TC(tp, ptr_compressed);
	ATF_TP_ADD_TC(tp, question_case);
	ATF_TP_ADD_TC(tp, names_long);
	ATF_TP_ADD_TC(tp, names_too_long);
	ATF_TP_ADD_TC(tp, names_too_long_compressed);
	ATF_TP_ADD_TC(tp, pointer_loop);
	ATF_TP_ADD_TC(tp, pointer_past_end);
	ATF_TP_ADD_TC(tp, truncated);
	ATF_TP_ADD_TC(tp, not_ours);
	ATF_TP_ADD_TC(tp, no_name);
	ATF_TP_ADD_TC(tp, cname_chain);
	ATF_TP_ADD_TC(tp, class_ch);
	ATF_TP_ADD_TC(tp, label_types);
	ATF_TP_ADD_TC(tp, count_lies);
	ATF_TP_ADD_TC(tp, other_types);
	ATF_TP_ADD_TC(tp, asn_qname_v4);
	ATF_TP_ADD_TC(tp, asn_qname_v6);
	ATF_TP_ADD_TC(tp, txt_single);
	ATF_TP_ADD_TC(tp, txt_strings);
	ATF_TP_ADD_TC(tp, txt_records);
	ATF_TP_ADD_TC(tp, txt_cname);
	ATF_TP_ADD_TC(tp, txt_truncated);
	ATF_TP_ADD_TC(tp, txt_bad_lengths);
	ATF_TP_ADD_TC(tp, txt_oversized);
	ATF_TP_ADD_TC(tp, asn_text);
	return (atf_no_error());
}
