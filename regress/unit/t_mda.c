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
 * --ecmp: the stopping rule of the Multipath Detection Algorithm, the
 * hop line that lists a hop's routers, and the source ports probes
 * leave from, which decide the path an ECMP router gives them.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

/* Augustin et al.'s n_k at 95%, for k = 1 .. 6. */
static const int nk[] = { 6, 11, 16, 21, 27, 33 };

ATF_TC_WITHOUT_HEAD(probes_table);
ATF_TC_BODY(probes_table, tc)
{
	size_t k;

	for (k = 1; k <= sizeof(nk) / sizeof(nk[0]); k++)
		ATF_CHECK_EQ_MSG(mda_probes((int)k), nk[k - 1],
		    "n_%zu is %d, not %d", k, mda_probes((int)k), nk[k - 1]);
	/* No answer yet: as for one router. */
	ATF_CHECK_EQ(mda_probes(0), 6);
	ATF_CHECK_EQ(mda_probes(-3), 6);
}

/* More next hops need more probes, and n_k misses at most 5%. */
ATF_TC_WITHOUT_HEAD(probes_bound);
ATF_TC_BODY(probes_bound, tc)
{
	double miss;
	int k, n, i;

	for (k = 1; k <= 64; k++) {
		n = mda_probes(k);
		ATF_CHECK_MSG(n > mda_probes(k - 1) || k == 1,
		    "n_%d = %d not above n_%d", k, n, k - 1);
		/* (k+1) (k/(k+1))^n: at most 5% at n, more at n - 1. */
		miss = k + 1;
		for (i = 0; i < n - 1; i++)
			miss *= (double)k / (k + 1);
		ATF_CHECK_MSG(miss > MDA_ALPHA, "n_%d = %d is more than "
		    "needed", k, n);
		miss *= (double)k / (k + 1);
		ATF_CHECK_MSG(miss <= MDA_ALPHA, "n_%d = %d is too few", k,
		    n);
	}
}

ATF_TC_WITHOUT_HEAD(done_rule);
ATF_TC_BODY(done_rule, tc)
{
	/* One router: six probes. */
	ATF_CHECK(!mda_done(1, 5, MDA_MAXPROBES));
	ATF_CHECK(mda_done(1, 6, MDA_MAXPROBES));
	/* A second one found: eleven in all. */
	ATF_CHECK(!mda_done(2, 6, MDA_MAXPROBES));
	ATF_CHECK(!mda_done(2, 10, MDA_MAXPROBES));
	ATF_CHECK(mda_done(2, 11, MDA_MAXPROBES));
	ATF_CHECK(!mda_done(5, 26, MDA_MAXPROBES));
	ATF_CHECK(mda_done(5, 27, MDA_MAXPROBES));
	/* Nothing answered: given up as one router's hop. */
	ATF_CHECK(!mda_done(0, 0, MDA_MAXPROBES));
	ATF_CHECK(!mda_done(0, 5, MDA_MAXPROBES));
	ATF_CHECK(mda_done(0, 6, MDA_MAXPROBES));
	/* Six routers would need 33: the bound ends it. */
	ATF_CHECK(!mda_done(6, 31, MDA_MAXPROBES));
	ATF_CHECK(mda_done(6, 32, MDA_MAXPROBES));
	ATF_CHECK(mda_done(3, 8, 8));
}

struct line {
	FILE	*fp;
	char	*buf;
	size_t	 len;
};

static void
line_open(struct line *l)
{
	ATF_REQUIRE((l->fp = open_memstream(&l->buf, &l->len)) != NULL);
}

static void
line_check(struct line *l, const char *want)
{
	ATF_REQUIRE(fclose(l->fp) == 0);
	ATF_CHECK_STREQ_MSG(l->buf, want, "got \"%s\"", l->buf);
	free(l->buf);
}

static void
probe(struct mda_hop *h, int family, int ttl, const char *addr,
    const char *name, const char *state)
{
	struct hop_result r;

	memset(&r, 0, sizeof(r));
	r.family = family;
	r.ttl = ttl;
	if (addr != NULL) {
		r.answered = 1;
		ATF_REQUIRE(inet_pton(family, addr, &r.addr) == 1);
		r.name = name;
		if (state != NULL)
			strlcpy(r.state, state, sizeof(r.state));
	}
	mda_hop_add(h, &r);
}

/* Two routers in the order they first answered, counts of all sent. */
ATF_TC_WITHOUT_HEAD(line_numeric);
ATF_TC_BODY(line_numeric, tc)
{
	struct mda_hop h;
	struct line l;
	int i;

	mda_hop_init(&h, AF_INET, 0);
	for (i = 0; i < 11; i++)
		probe(&h, AF_INET, 2, i % 3 == 1 ? "198.18.3.2" :
		    "198.18.2.2", NULL, NULL);
	line_open(&l);
	mda_hop_print(&h, l.fp);
	line_check(&l, " 2  198.18.2.2 7/11  198.18.3.2 4/11\n");

	/* Emptied: nothing more, and a new hop starts afresh. */
	line_open(&l);
	mda_hop_print(&h, l.fp);
	line_check(&l, "");
	for (i = 0; i < 6; i++)
		probe(&h, AF_INET6, 12, "2001:db8:4::2", NULL, NULL);
	line_open(&l);
	mda_hop_print(&h, l.fp);
	line_check(&l, "12  2001:db8:4::2 6/6\n");
}

/* Names as 1.5 prints hosts; the state; the silent probes last. */
ATF_TC_WITHOUT_HEAD(line_names);
ATF_TC_BODY(line_names, tc)
{
	struct mda_hop h;
	struct line l;

	mda_hop_init(&h, AF_INET, 0);
	probe(&h, AF_INET, 5, NULL, NULL, NULL);
	probe(&h, AF_INET, 5, "198.18.6.2", "s.tb.test", "open");
	probe(&h, AF_INET, 5, "198.18.6.2", "s.tb.test", "open");
	probe(&h, AF_INET, 5, "198.18.6.3", "198.18.6.3", "open");
	probe(&h, AF_INET, 5, NULL, NULL, NULL);
	probe(&h, AF_INET, 5, "198.18.6.2", "s.tb.test", "open");
	line_open(&l);
	mda_hop_print(&h, l.fp);
	line_check(&l, " 5  s.tb.test (198.18.6.2) [open] 3/6  "
	    "198.18.6.3 [open] 1/6  * 2/6\n");

	/* A probe of another hop starts that hop's line. */
	probe(&h, AF_INET, 5, "198.18.6.2", NULL, NULL);
	probe(&h, AF_INET, 6, "198.18.7.2", NULL, NULL);
	line_open(&l);
	mda_hop_print(&h, l.fp);
	line_check(&l, " 6  198.18.7.2 1/1\n");
}

/*
 * The 5-tuple of each probe: without --track-port or --ecmp (one source
 * port) the same for every probe of the trace, so that an ECMP router
 * keeps them on one path; with --ecmp the same for slot q of every hop,
 * and different for the slots of a hop.
 */
ATF_TC_WITHOUT_HEAD(flow_ports);
ATF_TC_BODY(flow_ports, tc)
{
	static struct probe probes[30 * MDA_MAXPROBES];
	struct match_ctx m;
	int i, j, n = 30 * MDA_MAXPROBES;

	memset(&m, 0, sizeof(m));
	m.family = AF_INET;
	m.dport = 443;
	m.isn = 7;
	m.probes = probes;
	m.nprobes = n;
	for (i = 0; i < 30 * 3; i++) {
		match_plan(&m, i, 100, 50000, 1, 1, 3);
		ATF_CHECK_EQ(probes[i].sport, 50000);
		ATF_CHECK_EQ(probes[i].dport, 443);
	}
	for (i = 0; i < n; i++)
		match_plan(&m, i, 100, 65530, MDA_MAXPROBES, 1,
		    MDA_MAXPROBES);
	for (i = 0; i < n; i++) {
		ATF_CHECK_EQ(probes[i].dport, 443);
		ATF_CHECK(probes[i].sport >= 1024);
		ATF_CHECK_EQ(probes[i].sport,
		    probes[i % MDA_MAXPROBES].sport);
		for (j = i - i % MDA_MAXPROBES; j < i; j++)
			ATF_CHECK(probes[j].sport != probes[i].sport);
	}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, probes_table);
	ATF_TP_ADD_TC(tp, probes_bound);
	ATF_TP_ADD_TC(tp, done_rule);
	ATF_TP_ADD_TC(tp, line_numeric);
	ATF_TP_ADD_TC(tp, line_names);
	ATF_TP_ADD_TC(tp, flow_ports);
	return (atf_no_error());
}
