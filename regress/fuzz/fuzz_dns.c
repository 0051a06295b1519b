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
 * libFuzzer harness for what resolve.c does with a datagram from a name
 * server: dns_parse_answer() for the pending query, and for a TXT answer
 * dns_txt_asn() on its text.
 *
 * Input:
 *	byte 0		bits 0-1: the query (see queries[] below)
 *			bits 2-3: room for the answer: all of it, 64
 *			bytes, 1 byte, none
 *	bytes 1..	the datagram
 *
 * The datagram is copied into a buffer of exactly its length, so that
 * AddressSanitizer reports a read one byte past it.  The query ID is
 * taken from the datagram (resolve.c only parses datagrams whose first
 * two bytes are a pending query's ID).  Each result is checked against
 * what the function promises.
 *
 * The query names are the ones gen_corpus.py builds its answers for;
 * change both together.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"

#define FAIL(...) do {							\
	dprintf(2, "fuzz_dns: " __VA_ARGS__);				\
	dprintf(2, "\n");						\
	abort();							\
} while (0)

static const struct {
	const char	*qname;
	uint16_t	 qtype;
} queries[] = {
	{ "1.2.0.192.in-addr.arpa", DNS_T_PTR },
	{ "1.2.0.192.asn.tb.test", DNS_T_TXT },
	{ "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
	    "ip6.arpa", DNS_T_PTR },
	{ "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2."
	    "origin6.asn.cymru.com", DNS_T_TXT }
};

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* "AS<digits>", several joined by '/', at most DNS_ASNMAX. */
static void
check_asn(const char *s)
{
	int n = 0;

	for (;;) {
		if (strncmp(s, "AS", 2) != 0)
			FAIL("no \"AS\" at \"%s\"", s);
		s += 2;
		if (*s < '0' || *s > '9')
			FAIL("no AS number at \"%s\"", s);
		while (*s >= '0' && *s <= '9')
			s++;
		if (++n > DNS_ASNMAX)
			FAIL("more than %d ASes", DNS_ASNMAX);
		if (*s == '\0')
			return;
		if (*s++ != '/')
			FAIL("junk after an AS: \"%s\"", s - 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t rooms[] = { DNS_TXTLEN, 64, 1, 0 };
	char out[DNS_TXTLEN + 1], as[DNS_ASNLEN];
	uint8_t *msg;
	size_t len, room;
	uint16_t id;
	int q, r;

	if (size < 1)
		return (0);
	q = data[0] & 0x03;
	room = rooms[(data[0] >> 2) & 0x03];
	len = size - 1;
	if ((msg = malloc(len > 0 ? len : 1)) == NULL)
		FAIL("malloc");
	memcpy(msg, data + 1, len);
	id = len >= 2 ? (uint16_t)(msg[0] << 8 | msg[1]) : 0;

	/* A canary past the room given, which nothing may touch. */
	memset(out, 'X', sizeof(out));
	r = dns_parse_answer(msg, len, id, queries[q].qname, queries[q].qtype,
	    out, room);
	free(msg);
	if (r < DNS_TRUNCATED || r > 1)
		FAIL("dns_parse_answer returned %d", r);
	if (out[room] != 'X')
		FAIL("wrote past the room given (%zu)", room);
	if (room == 0)
		return (0);
	if (memchr(out, '\0', room) == NULL)
		FAIL("no NUL within the room given (%zu)", room);
	if (r != 1 && out[0] != '\0')
		FAIL("result %d but text \"%s\"", r, out);
	if (r != 1)
		return (0);
	if (queries[q].qtype == DNS_T_PTR) {
		if (out[0] == '\0' || strlen(out) > DNS_NAMELEN - 1)
			FAIL("name of %zu characters", strlen(out));
		return (0);
	}

	/* TXT: the ASes, as resolve.c takes them. */
	memset(as, 'X', sizeof(as));
	r = dns_txt_asn(out, as, sizeof(as));
	if (r != 0 && r != 1)
		FAIL("dns_txt_asn returned %d", r);
	if (memchr(as, '\0', sizeof(as)) == NULL)
		FAIL("dns_txt_asn: no NUL");
	if (r == 0 && as[0] != '\0')
		FAIL("dns_txt_asn: 0 but \"%s\"", as);
	if (r == 1)
		check_asn(as);
	return (0);
}
