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
 * DNS messages (RFC 1035), built and taken apart without any I/O: the
 * question resolve.c sends, and the answer it gets back, which comes
 * from the network and is trusted in nothing.
 *
 * Every read is bounded by the length of the message.  Names are
 * uncompressed into their wire form first: labels of at most 63 bytes,
 * 255 bytes in all (so at most 253 characters printed), label types
 * other than 00 (a label) and 11 (a pointer) refused, and at most
 * DNS_MAXHOPS pointers followed, so that a pointer loop ends.  Names
 * are compared in wire form, case-insensitively for ASCII letters only,
 * so that a label holding a dot cannot pass for two labels.
 *
 * A name leaves this file in presentation form, labels joined by dots,
 * with their bytes unescaped: whoever prints it escapes it (resolve.c,
 * with strnvis).  Only a NUL byte cannot be carried in a C string; a
 * name holding one is no name.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

#define DNS_HDRLEN	12
#define DNS_RRFIXED	10	/* type, class, TTL, RDLENGTH */
#define DNS_MAXHOPS	128	/* compression pointers in one name */
#define DNS_MAXCNAME	8	/* CNAMEs followed to the answer */

#define DNS_F_QR	0x8000
#define DNS_F_OPCODE	0x7800
#define DNS_F_TC	0x0200
#define DNS_F_RD	0x0100
#define DNS_F_RCODE	0x000f

static int
lower(int c)
{
	return (c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

/*
 * A presentation name without escapes ("2.1.0.192.in-addr.arpa", a
 * final dot allowed) to wire form; its length, or -1 if it has an
 * empty or overlong label or is longer than DNS_MAXNAME.
 */
static int
name_from_text(const char *s, uint8_t *wire)
{
	size_t n = 0, l;
	const char *dot;

	if (*s == '\0' || strcmp(s, ".") == 0)
		return (-1);
	while (*s != '\0') {
		if ((dot = strchr(s, '.')) == NULL)
			dot = s + strlen(s);
		l = dot - s;
		if (l == 0 || l > 63 || n + 1 + l + 1 > DNS_MAXNAME)
			return (-1);
		wire[n++] = (uint8_t)l;
		memcpy(wire + n, s, l);
		n += l;
		s = *dot == '.' ? dot + 1 : dot;
	}
	wire[n++] = 0;
	return ((int)n);
}

/*
 * The name at *offp in the message, uncompressed into wire (room for
 * DNS_MAXNAME bytes); *offp moves past the name where it sits, that is
 * past its first pointer if it has one.  The wire length, or -1 if the
 * name is malformed.
 */
static int
name_unpack(const uint8_t *msg, size_t len, size_t *offp, uint8_t *wire)
{
	size_t off = *offp, n = 0;
	int hops = 0, jumped = 0;
	uint8_t c;

	for (;;) {
		if (off >= len)
			return (-1);
		c = msg[off];
		switch (c & 0xc0) {
		case 0x00:
			/* A label, or the root ending the name. */
			if (c >= len - off || n + 1 + c > DNS_MAXNAME)
				return (-1);
			memcpy(wire + n, msg + off, 1 + c);
			n += 1 + c;
			off += 1 + c;
			if (c == 0) {
				if (!jumped)
					*offp = off;
				return ((int)n);
			}
			break;
		case 0xc0:
			if (len - off < 2 || ++hops > DNS_MAXHOPS)
				return (-1);
			if (!jumped) {
				*offp = off + 2;
				jumped = 1;
			}
			off = (size_t)(c & 0x3f) << 8 | msg[off + 1];
			break;
		default:
			/* 01 (extended, RFC 6891) and 10: none we know. */
			return (-1);
		}
	}
}

/* Two wire names alike, ASCII letters in either case. */
static int
name_eq(const uint8_t *a, int alen, const uint8_t *b, int blen)
{
	int i;

	if (alen != blen)
		return (0);
	/* Length bytes are below 64, so never letters: compare them too. */
	for (i = 0; i < alen; i++)
		if (lower(a[i]) != lower(b[i]))
			return (0);
	return (1);
}

/*
 * A wire name to presentation form in out: 1, or 0 if it is the root,
 * holds a NUL byte or does not fit.
 */
static int
name_to_text(const uint8_t *wire, char *out, size_t outlen)
{
	size_t i = 0, n = 0;
	uint8_t l;

	if (outlen == 0)
		return (0);
	out[0] = '\0';
	if (wire[0] == 0)
		return (0);
	while ((l = wire[i]) != 0) {
		if (memchr(wire + i + 1, '\0', l) != NULL ||
		    n + (n != 0) + l + 1 > outlen) {
			out[0] = '\0';
			return (0);
		}
		if (n != 0)
			out[n++] = '.';
		memcpy(out + n, wire + i + 1, l);
		n += l;
		i += 1 + l;
	}
	out[n] = '\0';
	return (1);
}

/*
 * An address reversed, with suffix after it: d.c.b.a.suffix, or the 32
 * nibbles of an IPv6 address, last first.  0, or -1 if the family is
 * unknown or buf too short.
 */
static int
reverse_name(int family, const union ttr_addr *a, const char *suffix,
    char *buf, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const uint8_t *b;
	size_t n;
	int i, r;

	if (family == AF_INET) {
		b = (const uint8_t *)&a->v4;
		r = snprintf(buf, len, "%u.%u.%u.%u.%s",
		    b[3], b[2], b[1], b[0], suffix);
		return (r < 0 || (size_t)r >= len ? -1 : 0);
	}
	if (family != AF_INET6 || len < 16 * 4 + strlen(suffix) + 1)
		return (-1);
	b = a->v6.s6_addr;
	n = 0;
	for (i = 15; i >= 0; i--) {
		buf[n++] = hex[b[i] & 0xf];
		buf[n++] = '.';
		buf[n++] = hex[b[i] >> 4];
		buf[n++] = '.';
	}
	memcpy(buf + n, suffix, strlen(suffix) + 1);
	return (0);
}

/*
 * The reverse name of an address: d.c.b.a.in-addr.arpa, or the 32
 * nibbles of an IPv6 address, last first, under ip6.arpa.  0, or -1 if
 * the family is unknown or buf (DNS_QNAMELEN) too short.
 */
int
dns_ptr_qname(int family, const union ttr_addr *a, char *buf, size_t len)
{
	return (reverse_name(family, a, family == AF_INET ? "in-addr.arpa" :
	    "ip6.arpa", buf, len));
}

/*
 * The name whose TXT records give an address's origin AS: the address
 * reversed as for PTR, under zone, or under Team Cymru's zone for its
 * family if zone is NULL.  0, or -1 if the family is unknown or buf
 * (DNS_NAMELEN) too short.
 */
int
dns_asn_qname(int family, const union ttr_addr *a, const char *zone,
    char *buf, size_t len)
{
	if (zone == NULL)
		zone = family == AF_INET ? DNS_ASN_ZONE4 : DNS_ASN_ZONE6;
	return (reverse_name(family, a, zone, buf, len));
}

/*
 * A standard query for qname (presentation form, no escapes), type
 * qtype, class IN, recursion desired: its length, or -1 if qname is
 * not a name or buf (DNS_QUERYLEN) too short.
 */
int
dns_build_query(uint16_t id, const char *qname, uint16_t qtype, uint8_t *buf,
    size_t len)
{
	uint8_t wire[DNS_MAXNAME];
	int n;

	if ((n = name_from_text(qname, wire)) == -1 ||
	    len < DNS_HDRLEN + (size_t)n + 4)
		return (-1);
	memset(buf, 0, DNS_HDRLEN);
	put16(buf, id);
	put16(buf + 2, DNS_F_RD);
	put16(buf + 4, 1);		/* QDCOUNT */
	memcpy(buf + DNS_HDRLEN, wire, n);
	put16(buf + DNS_HDRLEN + n, qtype);
	put16(buf + DNS_HDRLEN + n + 2, DNS_C_IN);
	return (DNS_HDRLEN + n + 4);
}

/*
 * Skip one resource record at *offp, checking it lies whole inside the
 * message; its owner, type, class and where its RDATA is.  0, or -1 if
 * malformed.
 */
static int
rr_next(const uint8_t *msg, size_t len, size_t *offp, uint8_t *owner,
    int *ownerlen, uint16_t *type, uint16_t *class, size_t *rdoff,
    size_t *rdlen)
{
	size_t off = *offp;

	if ((*ownerlen = name_unpack(msg, len, &off, owner)) == -1 ||
	    len - off < DNS_RRFIXED)
		return (-1);
	*type = get16(msg + off);
	*class = get16(msg + off + 2);
	*rdlen = get16(msg + off + 8);
	off += DNS_RRFIXED;
	if (*rdlen > len - off)
		return (-1);
	*rdoff = off;
	*offp = off + *rdlen;
	return (0);
}

/*
 * A TXT record's RDATA (RFC 1035 3.3.14): one or more character-strings,
 * a length byte and that many bytes each, that fill it exactly.  The
 * record is appended to out as one line, its strings joined, after a
 * newline if out holds a record already; *used is the length of out.
 * 1; 0 if it does not fit or holds a NUL or newline byte, which a line
 * cannot carry; -1 if malformed.
 */
static int
txt_append(const uint8_t *rd, size_t rdlen, char *out, size_t outlen,
    size_t *used)
{
	size_t off = 0, n = *used, l;
	int fits = 1;

	if (rdlen == 0)
		return (-1);
	if (n != 0) {
		if (n + 1 >= outlen)
			fits = 0;
		else
			out[n++] = '\n';
	}
	while (off < rdlen) {
		l = rd[off++];
		if (l > rdlen - off)
			return (-1);
		if (memchr(rd + off, '\0', l) != NULL ||
		    memchr(rd + off, '\n', l) != NULL || n + l >= outlen)
			fits = 0;
		if (fits) {
			memcpy(out + n, rd + off, l);
			n += l;
		}
		off += l;
	}
	if (!fits)
		return (0);
	out[n] = '\0';
	*used = n;
	return (1);
}

static int	parse_answer(const uint8_t *, size_t, uint16_t, const char *,
		    uint16_t, char *, size_t);

/*
 * An answer for the query (id, qname, qtype), class IN:
 *
 *	DNS_FOREIGN (-2) it does not answer this query (ID, QR, opcode or
 *			 question differ, or too short to tell): ignore
 *			 it and keep waiting for the real answer;
 *	-1		 it does, but its answer section is malformed;
 *	DNS_TRUNCATED (-3) it does, but truncated (TC): ask again
 *			 over TCP;
 *	0		 it does, and there is no name: NXDOMAIN or another
 *			 error, no record of qtype;
 *	1		 the name, in presentation form in out (DNS_NAMELEN),
 *			 or for TXT the text, one line per record.
 *
 * The record wanted is the first of qtype and class IN owned by qname,
 * or by the end of a chain of CNAMEs from it in the answer section
 * (RFC 2317 delegates reverse zones below /24 that way).  The answer
 * count must be right: every record it claims is checked to lie whole
 * inside the message before any is used.
 *
 * Only name-valued types (PTR, CNAME, NS) give a name.  TXT gives
 * every TXT record of the name, in the order they come, each on a line
 * of its own with its strings joined (see txt_append); an answer that
 * does not fit in out, or holds a NUL or newline byte, is no text.  A
 * record of another type is -1: its RDATA is not decoded here.
 *
 * Whatever the result, out holds the name or text only if it is 1.
 */
int
dns_parse_answer(const uint8_t *msg, size_t len, uint16_t id,
    const char *qname, uint16_t qtype, char *out, size_t outlen)
{
	int r;

	r = parse_answer(msg, len, id, qname, qtype, out, outlen);
	if (r != 1 && outlen > 0)
		out[0] = '\0';
	return (r);
}

/* dns_parse_answer, but out may hold part of an answer not taken. */
static int
parse_answer(const uint8_t *msg, size_t len, uint16_t id, const char *qname,
    uint16_t qtype, char *out, size_t outlen)
{
	uint8_t want[DNS_MAXNAME], got[DNS_MAXNAME], next[DNS_MAXNAME];
	size_t off, ansoff, rdoff, rdlen, end, used = 0;
	uint16_t flags, ancount, type, class;
	int wantlen, gotlen, nextlen, i, chain, r, found = 0;

	if (outlen > 0)
		out[0] = '\0';
	if ((wantlen = name_from_text(qname, want)) == -1)
		return (-1);

	/* Ours: the ID, a response to a standard query, our question. */
	if (len < DNS_HDRLEN || get16(msg) != id)
		return (DNS_FOREIGN);
	flags = get16(msg + 2);
	if ((flags & DNS_F_QR) == 0 || (flags & DNS_F_OPCODE) != 0 ||
	    get16(msg + 4) != 1)
		return (DNS_FOREIGN);
	off = DNS_HDRLEN;
	if ((gotlen = name_unpack(msg, len, &off, got)) == -1 ||
	    len - off < 4 || !name_eq(want, wantlen, got, gotlen) ||
	    get16(msg + off) != qtype || get16(msg + off + 2) != DNS_C_IN)
		return (DNS_FOREIGN);
	off += 4;

	/* An error: no name.  Truncated: the whole answer wants TCP. */
	if ((flags & DNS_F_RCODE) != 0)
		return (0);
	if ((flags & DNS_F_TC) != 0)
		return (DNS_TRUNCATED);

	/* The answer section, whole, as counted. */
	ancount = get16(msg + 6);
	ansoff = off;
	for (i = 0; i < ancount; i++)
		if (rr_next(msg, len, &off, got, &gotlen, &type, &class,
		    &rdoff, &rdlen) == -1)
			return (-1);

	/* Follow qname through CNAMEs to a record of qtype. */
	for (chain = 0; chain <= DNS_MAXCNAME; chain++) {
		nextlen = 0;
		off = ansoff;
		for (i = 0; i < ancount; i++) {
			(void)rr_next(msg, len, &off, got, &gotlen, &type,
			    &class, &rdoff, &rdlen);
			if (class != DNS_C_IN ||
			    !name_eq(want, wantlen, got, gotlen))
				continue;
			if (type == qtype) {
				switch (qtype) {
				case DNS_T_TXT:
					if ((r = txt_append(msg + rdoff, rdlen,
					    out, outlen, &used)) != 1)
						return (r);
					found = 1;
					continue;
				case DNS_T_PTR:
				case DNS_T_CNAME:
				case DNS_T_NS:
					break;
				default:
					return (-1);
				}
				end = rdoff;
				if ((gotlen = name_unpack(msg, len, &end,
				    got)) == -1 || end != rdoff + rdlen)
					return (-1);
				return (name_to_text(got, out, outlen));
			}
			if (type == DNS_T_CNAME && nextlen == 0) {
				end = rdoff;
				if ((nextlen = name_unpack(msg, len, &end,
				    next)) == -1 || end != rdoff + rdlen)
					return (-1);
			}
		}
		if (found)
			return (1);
		if (nextlen == 0)
			return (0);
		memcpy(want, next, nextlen);
		wantlen = nextlen;
	}
	/* A chain too long, or a loop. */
	return (-1);
}


/*
 * The AS numbers of one field, [p, end): listed, separated by spaces or
 * tabs, the first max of them into as[].  How many are in as[]; -1 if
 * the field holds anything but AS numbers (digits only, 0 to
 * 4294967295), 0 if it is empty.
 */
static int
as_list(const char *p, const char *end, long long *as, int max)
{
	char num[11];
	const char *errstr;
	long long v;
	size_t l;
	int n = 0;

	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		if (p == end)
			return (n);
		for (l = 0; p + l < end && p[l] != ' ' && p[l] != '\t'; l++)
			if (p[l] < '0' || p[l] > '9')
				return (-1);
		if (l >= sizeof(num))
			return (-1);
		memcpy(num, p, l);
		num[l] = '\0';
		v = strtonum(num, 0, UINT32_MAX, &errstr);
		if (errstr != NULL)
			return (-1);
		if (n < max)
			as[n++] = v;
		p += l;
	}
}

/*
 * The prefix length in the second field of a record, [p, end) being the
 * rest of the record after the first '|': the number after the '/' of
 * "8.8.8.0/24", 0 to 128.  0 if there is none.
 */
static int
prefix_len(const char *p, const char *end)
{
	char num[4];
	const char *errstr;
	size_t l;
	int len;

	while (p < end && *p != '/' && *p != '|')
		p++;
	if (p == end || *p != '/')
		return (0);
	p++;
	for (l = 0; p + l < end && p[l] >= '0' && p[l] <= '9'; l++)
		continue;
	if (l == 0 || l >= sizeof(num) || (p + l < end && p[l] != ' ' &&
	    p[l] != '\t' && p[l] != '|'))
		return (0);
	memcpy(num, p, l);
	num[l] = '\0';
	len = strtonum(num, 0, 128, &errstr);
	return (errstr == NULL ? len : 0);
}

/*
 * The origin ASes in the text of an origin zone's TXT records, one
 * record a line: "15169 | 8.8.8.0/24 | US | arin | 1992-12-01", where
 * the first field lists one AS or several, separated by spaces, and the
 * second is the announced prefix.  As Linux traceroute does with the
 * routes of a routing registry, only the records of the longest prefix
 * count (an address inside 8.8.8.0/24 is routed by that, not by a
 * covering 8.0.0.0/9).  Into buf as "AS15169", several joined by '/'
 * ("AS64500/AS64501"), each once, in the order they come.  A record
 * whose first field is not a list of AS numbers is passed over, and an
 * AS that does not fit is left out.  1, or 0 if there is none.
 */
int
dns_txt_asn(const char *txt, char *buf, size_t len)
{
	long long as[DNS_ASNMAX], seen[DNS_ASNMAX];
	const char *line, *end, *bar;
	char item[16];
	int i, j, n, nseen = 0, plen, best = -1;

	if (len == 0)
		return (0);
	buf[0] = '\0';
	for (line = txt; *line != '\0'; line = *end == '\n' ? end + 1 : end) {
		end = line + strcspn(line, "\n");
		bar = line + strcspn(line, "|\n");
		if ((n = as_list(line, bar, as, DNS_ASNMAX)) <= 0)
			continue;
		plen = bar < end ? prefix_len(bar + 1, end) : 0;
		if (plen < best)
			continue;
		if (plen > best) {
			/* A more specific route: forget the others. */
			best = plen;
			nseen = 0;
			buf[0] = '\0';
		}
		for (i = 0; i < n; i++) {
			for (j = 0; j < nseen; j++)
				if (seen[j] == as[i])
					break;
			if (j < nseen || nseen == DNS_ASNMAX)
				continue;
			snprintf(item, sizeof(item), "%sAS%lld",
			    nseen > 0 ? "/" : "", as[i]);
			if (strlen(buf) + strlen(item) >= len)
				continue;
			strlcat(buf, item, len);
			seen[nseen++] = as[i];
		}
	}
	return (nseen > 0);
}
