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
 * The scheduler's arithmetic: when a probe is given up (fixed and
 * adaptive waits), and when a silent probe is sent again.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <string.h>
#include <time.h>

#include <atf-c.h>

#include "tcptraceroute.h"

static struct options
opts(int waitms, int adaptive, int here, int near)
{
	struct options o;

	memset(&o, 0, sizeof(o));
	o.waitms = waitms;
	o.adaptive = adaptive;
	o.here = here;
	o.near = near;
	o.retries = 2;
	return (o);
}

/* Milliseconds from a to b. */
static long
ms_between(const struct timespec *a, const struct timespec *b)
{
	return ((long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000);
}

static const struct timespec sent = { 100, 900000000 };

ATF_TC_WITHOUT_HEAD(fixed_wait);
ATF_TC_BODY(fixed_wait, tc)
{
	struct options o = opts(3000, 0, 3000, 10000);
	struct timespec dl;

	/* Answers elsewhere change nothing for a fixed wait. */
	sched_deadline(&o, &sent, 0.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
	sched_deadline(&o, &sent, 5.0, 5.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
	ATF_CHECK_EQ(dl.tv_sec, 103);
	ATF_CHECK_EQ(dl.tv_nsec, 900000000);
}

ATF_TC_WITHOUT_HEAD(adaptive_nothing_yet);
ATF_TC_BODY(adaptive_nothing_yet, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* Nobody answered yet: the full max. */
	sched_deadline(&o, &sent, 0.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_here);
ATF_TC_BODY(adaptive_here, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* 3 x 40 ms from this hop: 120 ms (rounded up by one). */
	sched_deadline(&o, &sent, 40.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 121);
	/* Never beyond max. */
	sched_deadline(&o, &sent, 2000.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_near);
ATF_TC_BODY(adaptive_near, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* 10 x 25 ms from a later hop: 250 ms. */
	sched_deadline(&o, &sent, 0.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 251);
	/* The earlier of the two wins. */
	sched_deadline(&o, &sent, 40.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 121);
	/* A factor of 0 turns its rule off. */
	o.near = 0;
	sched_deadline(&o, &sent, 0.0, 25.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 3000);
}

ATF_TC_WITHOUT_HEAD(adaptive_floor);
ATF_TC_BODY(adaptive_floor, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec dl;

	/* LAN RTTs of a few microseconds must not become false stars. */
	sched_deadline(&o, &sent, 0.02, 0.03, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), SCHED_FLOOR_MS);
	/* The floor never lengthens a max below it. */
	o.waitms = 20;
	sched_deadline(&o, &sent, 0.02, 0.03, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 20);
}

ATF_TC_WITHOUT_HEAD(adaptive_fractions);
ATF_TC_BODY(adaptive_fractions, tc)
{
	struct options o = opts(5000, 1, 1500, 2500);
	struct timespec dl;

	/* 1.5 x 100 ms = 150 ms; 2.5 x 100 ms = 250 ms. */
	sched_deadline(&o, &sent, 100.0, 0.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 151);
	sched_deadline(&o, &sent, 0.0, 100.0, &dl);
	ATF_CHECK_EQ(ms_between(&sent, &dl), 251);
}

ATF_TC_WITHOUT_HEAD(retry_rules);
ATF_TC_BODY(retry_rules, tc)
{
	struct options o = opts(3000, 1, 3000, 10000);
	struct timespec last = { 50, 700000000 }, when;

	/* A hop that answered nothing is never resent. */
	ATF_CHECK_EQ(sched_retry(&o, 0, 0, 10, &last, &when), 0);
	/* It answered another probe: resend a second after that answer. */
	memset(&when, 0, sizeof(when));
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 10, &last, &when), 1);
	ATF_CHECK_EQ(when.tv_sec, 51);
	ATF_CHECK_EQ(when.tv_nsec, 700000000);
	ATF_CHECK_EQ(sched_retry(&o, 1, 1, 10, &last, &when), 1);
	/* At most o.retries resends of one probe. */
	ATF_CHECK_EQ(sched_retry(&o, 1, 2, 10, &last, &when), 0);
	/* And none once the run's budget is spent. */
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 0, &last, &when), 0);
	/* --retries 0 turns resends off. */
	o.retries = 0;
	ATF_CHECK_EQ(sched_retry(&o, 1, 0, 10, &last, &when), 0);
}

ATF_TC_WITHOUT_HEAD(ts_add);
ATF_TC_BODY(ts_add, tc)
{
	struct timespec ts = { 1, 999000000 };

	ts_add_ms(&ts, 1);
	ATF_CHECK_EQ(ts.tv_sec, 2);
	ATF_CHECK_EQ(ts.tv_nsec, 0);
	ts_add_ms(&ts, 2500);
	ATF_CHECK_EQ(ts.tv_sec, 4);
	ATF_CHECK_EQ(ts.tv_nsec, 500000000);
	ts_add_ms(&ts, 700);
	ATF_CHECK_EQ(ts.tv_sec, 5);
	ATF_CHECK_EQ(ts.tv_nsec, 200000000);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, fixed_wait);
	ATF_TP_ADD_TC(tp, adaptive_nothing_yet);
	ATF_TP_ADD_TC(tp, adaptive_here);
	ATF_TP_ADD_TC(tp, adaptive_near);
	ATF_TP_ADD_TC(tp, adaptive_floor);
	ATF_TP_ADD_TC(tp, adaptive_fractions);
	ATF_TP_ADD_TC(tp, retry_rules);
	ATF_TP_ADD_TC(tp, ts_add);
	return (atf_no_error());
}
