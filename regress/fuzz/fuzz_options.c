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
 * libFuzzer harness for the command line: the input, split at NUL
 * bytes, is the argument vector after "tcptraceroute" (at most MAXARGS
 * of them; a trailing NUL ends the last one, it does not add an empty
 * one).  Each argument lives in a buffer of exactly its size, so that
 * a read past its NUL is an overread.  What options_parse() accepts
 * must be something the rest of the program can run with, and parsing
 * the same vector again, after other parses, must give the same.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <net/if.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"

#define MAXARGS		32
#define ERRLEN		128

/* To descriptor 2: the stderr FILE goes to /dev/null (see below). */
#define FAIL(...) do {							\
	dprintf(2, "fuzz_options: " __VA_ARGS__);			\
	dprintf(2, "\n");						\
	abort();							\
} while (0)

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	FILE *fp;

	/*
	 * options_parse() warns on stderr when -p overrides --track-port.
	 * The FILE only: sanitizer reports write to descriptor 2.
	 */
	if ((fp = fopen("/dev/null", "w")) != NULL)
		stderr = fp;
	return (0);
}

/* The argument the option's value came from: one of ours, or NULL. */
static int
is_arg(char *const *argv, int argc, const char *s)
{
	int i;

	for (i = 0; i < argc; i++)
		if (s >= argv[i] && s <= argv[i] + strlen(argv[i]))
			return (1);
	return (0);
}

/*
 * A string options_parse() handed out: one of the arguments, or a
 * buffer of its own inside *o ("host:port" is split into those), and
 * terminated there.
 */
static int
is_ours(const struct options *o, char *const *argv, int argc, const char *s)
{
	const char *lo = (const char *)o, *hi = (const char *)(o + 1);

	if (s >= lo && s < hi)
		return (memchr(s, '\0', hi - s) != NULL);
	return (is_arg(argv, argc, s));
}

static void
check_ok(const struct options *o, char *const *argv, int argc)
{
	int n;

	if (o->first_ttl < 1 || o->max_ttl > 255 ||
	    o->first_ttl > o->max_ttl)
		FAIL("ttl %d .. %d", o->first_ttl, o->max_ttl);
	if (o->nqueries < 1 || o->nqueries > (o->ecmp ? MDA_MAXPROBES : 10))
		FAIL("nqueries %d", o->nqueries);
	if (o->waitms <= 0 || o->waitms > 3600 * 1000)
		FAIL("waitms %d", o->waitms);
	if (o->sport < 0 || o->sport > 65535)
		FAIL("source port %d", o->sport);
	if (o->forceport && o->sport == 0)
		FAIL("-P without a port");
	/* Port 0 as 1.5 traces it: TCP, one port, nothing to compare. */
	if (o->dport < 0 || o->dport > 65535 || (o->dport == 0 &&
	    (o->method == METHOD_UDP || o->nports > 0 || o->findblock ||
	    o->proxy == 1)))
		FAIL("destination port %d", o->dport);
	if (o->length < 0 || o->length > TTR_MAXPACKET)
		FAIL("length %d", o->length);
	if (o->tos < 0 || o->tos > 255)
		FAIL("tos %d", o->tos);
	if (o->squeries < 1 || o->squeries > 255)
		FAIL("squeries %d", o->squeries);
	if (o->adaptive != 0 && o->adaptive != 1)
		FAIL("adaptive %d", o->adaptive);
	if (o->here < 0 || o->here > 1000 * 1000 ||
	    o->near < 0 || o->near > 1000 * 1000)
		FAIL("-w here %d near %d", o->here, o->near);
	if (o->sendwait < 0 || o->sendwait > 10 * 1000 * 1000)
		FAIL("sendwait %d us", o->sendwait);
	if (o->retries < 0 || o->retries > 5)
		FAIL("retries %d", o->retries);
	n = (o->max_ttl - o->first_ttl + 1) * o->nqueries;
	if (n > TTR_MAXPROBES)
		FAIL("%d probes", n);
	if (o->family != AF_UNSPEC && o->family != AF_INET &&
	    o->family != AF_INET6)
		FAIL("family %d", o->family);
	if (o->numeric < -1 || o->numeric > 1)
		FAIL("numeric %d", o->numeric);
	/* -O flags replace -S and -A; with neither, a SYN is sent. */
	if (!o->syn && !o->ack && o->tcpflags == -1)
		FAIL("no TCP flags at all");
	if (o->tcpflags < -1 || o->tcpflags > 255)
		FAIL("TCP flags %d", o->tcpflags);
	if (o->tcpopts & ~TCPOPT_ALL)
		FAIL("TCP options %#x", o->tcpopts);
	if ((o->tcpopts & TCPOPT_MSS) ? o->mss < 1 || o->mss > 65535 :
	    o->mss != 0)
		FAIL("MSS %d with options %#x", o->mss, o->tcpopts);
	if ((o->sysctl & ~1) || (o->info & ~1) || (o->ecn & ~1) ||
	    (o->df & ~1) || (o->syn & ~1) || (o->ack & ~1) ||
	    (o->forceport & ~1) || (o->noselect & ~1) ||
	    (o->nofilter & ~1) || (o->nogetinterfaces & ~1) ||
	    (o->track_set & ~1))
		FAIL("a flag is neither 0 nor 1");
	if (o->track != TRACK_ID && o->track != TRACK_PORT)
		FAIL("track %d", o->track);
	if (o->sport != 0 && o->track == TRACK_PORT)
		FAIL("a fixed source port with --track-port");
	if (o->dnat != DNAT_SILENT && o->dnat != DNAT_REPORT &&
	    o->dnat != DNAT_STRICT)
		FAIL("dnat %d", o->dnat);
	if (o->host == NULL || !is_ours(o, argv, argc, o->host) ||
	    o->host[0] == '\0')
		FAIL("host");
	if (o->ifname != NULL && (o->ifname[0] == '\0' ||
	    strlen(o->ifname) >= IF_NAMESIZE || !is_arg(argv, argc,
	    o->ifname)))
		FAIL("interface");
	if (o->srcaddr != NULL && !is_arg(argv, argc, o->srcaddr))
		FAIL("source address");
	if (o->portname != NULL && (!is_ours(o, argv, argc, o->portname) ||
	    o->portname[0] == '\0'))
		FAIL("port name");
}

struct parse {
	char		*argv[MAXARGS + 2];
	char		*saved[MAXARGS + 1];	/* argv gets permuted */
	int		 argc;
	struct options	 o;
	char		*errbuf;
	enum opt_result	 rv;
};

/* Parse the input as a fresh argument vector. */
static void
parse(const uint8_t *data, size_t size, struct parse *ps)
{
	const uint8_t *p, *end, *nul;
	size_t len;
	int i;

	if ((ps->argv[0] = strdup("tcptraceroute")) == NULL)
		FAIL("strdup");
	ps->argc = 1;
	for (p = data, end = data + size; p < end && ps->argc <= MAXARGS;
	    p = nul + 1) {
		if ((nul = memchr(p, '\0', end - p)) == NULL)
			nul = end;
		len = nul - p;
		if ((ps->argv[ps->argc] = malloc(len + 1)) == NULL)
			FAIL("malloc");
		memcpy(ps->argv[ps->argc], p, len);
		ps->argv[ps->argc][len] = '\0';
		ps->argc++;
		if (nul == end)
			break;
	}
	ps->argv[ps->argc] = NULL;
	for (i = 0; i < ps->argc; i++)
		ps->saved[i] = ps->argv[i];
	if ((ps->errbuf = malloc(ERRLEN)) == NULL)
		FAIL("malloc");
	ps->rv = options_parse(ps->argc, ps->argv, &ps->o, ps->errbuf,
	    ERRLEN);
	if (memchr(ps->errbuf, '\0', ERRLEN) == NULL)
		FAIL("error message not terminated");
}

static void
parse_free(struct parse *ps)
{
	int i;

	for (i = 0; i < ps->argc; i++)
		free(ps->saved[i]);
	free(ps->errbuf);
}

/*
 * A parse that fails on an unknown option leaves getopt's optopt set;
 * what comes after must not depend on it (nor on any other leftover).
 */
static void
prime(const char *opt)
{
	struct options o;
	char a0[] = "tcptraceroute", a1[8], err[ERRLEN];
	char *argv[] = { a0, a1, NULL };

	strlcpy(a1, opt, sizeof(a1));
	(void)options_parse(2, argv, &o, err, sizeof(err));
}

/* The same, but for where the strings live. */
static int
same(const struct parse *a, const struct parse *b)
{
	struct options oa = a->o, ob = b->o;

	if (a->rv != b->rv || strcmp(a->errbuf, b->errbuf) != 0)
		return (0);
	if (a->rv != OPT_OK)
		return (1);
#define SAMESTR(f) do {							\
	if ((oa.f == NULL) != (ob.f == NULL) ||				\
	    (oa.f != NULL && strcmp(oa.f, ob.f) != 0))			\
		return (0);						\
	oa.f = ob.f = NULL;						\
} while (0)
	SAMESTR(srcaddr);
	SAMESTR(ifname);
	SAMESTR(host);
	SAMESTR(portname);
	SAMESTR(aszone);
	SAMESTR(gateways);
#undef SAMESTR
	return (memcmp(&oa, &ob, sizeof(oa)) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parse a, b;
	int i;

	prime("-Z");
	parse(data, size, &a);
	switch (a.rv) {
	case OPT_OK:
		if (a.errbuf[0] != '\0')
			FAIL("OPT_OK with a message: %s", a.errbuf);
		check_ok(&a.o, a.saved, a.argc);
		break;
	case OPT_ERROR:
		if (a.errbuf[0] == '\0')
			FAIL("OPT_ERROR without a message");
		break;
	case OPT_USAGE:
	case OPT_HELP:
	case OPT_VERSION:
		break;
	default:
		FAIL("options_parse returned %d", a.rv);
	}
	/* Nothing lost or duplicated by the permutation. */
	for (i = 0; i < a.argc; i++)
		if (!is_arg(a.saved, a.argc, a.argv[i]))
			FAIL("argv[%d] is not an argument", i);

	prime("-Y");
	parse(data, size, &b);
	if (!same(&a, &b))
		FAIL("parsed twice, two results: %d \"%s\", then %d \"%s\"",
		    a.rv, a.errbuf, b.rv, b.errbuf);
	parse_free(&a);
	parse_free(&b);
	return (0);
}
