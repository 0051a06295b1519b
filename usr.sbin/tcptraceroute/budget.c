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
 * A router's ICMP answer budget, as the trace sees it.  Linux keeps one
 * token bucket per client address: BUDGET_BURST errors at most, one
 * more every BUDGET_REFILL_MS; an error goes only for a whole token,
 * and one not sent costs nothing.  Routers on one path have seen the
 * same traces from us (each hop as many probes), so what the routers
 * that answer show of their buckets is the prior for one that does
 * not.  Pure arithmetic: the event loop tells what was answered and
 * when, and asks when the next answer is due, or whether a router is
 * silent.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <string.h>
#include <time.h>

#include "tcptraceroute.h"

/* Seconds from a to b, negative when b is earlier. */
static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return ((double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9);
}

/* Nothing known yet of the router the trace meets at this hop. */
void
budget_start(struct budget_hop *h, const struct timespec *t0)
{
	memset(h, 0, sizeof(*h));
	h->at = *t0;
}

/* The tokens it has at least at time t, by what is known. */
double
budget_level(const struct budget_hop *h, const struct timespec *t)
{
	double l = h->level, dt = seconds(&h->at, t);

	if (dt > 0.0)
		l += dt * 1000.0 / BUDGET_REFILL_MS;
	return (l < BUDGET_BURST ? l : BUDGET_BURST);
}

/* Spend one token at time t (an answer, or a probe planned for then). */
static void
spend(struct budget_hop *h, const struct timespec *t)
{
	double l;

	if (timespeccmp(t, &h->at, <)) {
		/* Earlier than what is known: one token less, still. */
		h->level = h->level > 1.0 ? h->level - 1.0 : 0.0;
		return;
	}
	l = budget_level(h, t);
	h->level = l > 1.0 ? l - 1.0 : 0.0;
	h->at = *t;
}

/* It answered a probe sent at sent. */
void
budget_answer(struct budget_hop *h, const struct timespec *sent)
{
	h->answers++;
	spend(h, sent);
}

/* A resend to it is planned for when: the model gave it that token. */
void
budget_ask(struct budget_hop *h, const struct timespec *when)
{
	h->asked++;
	spend(h, when);
}

/*
 * When, at now or later, it has a token for certain: not before what is
 * known of it (a resend already planned has the token due then).
 */
void
budget_next(const struct budget_hop *h, const struct timespec *now,
    struct timespec *when)
{
	double l;

	*when = timespeccmp(now, &h->at, <) ? h->at : *now;
	if ((l = budget_level(h, when)) >= 1.0)
		return;
	/* Then: what is missing of a token, at the refill rate. */
	ts_add_us(when, (long)((1.0 - l) * BUDGET_REFILL_MS * 1000.0) + 1);
}

/*
 * A probe sent at sent went unanswered while a farther hop answered.
 * nth: how many first-flight probes went to this hop before it, or -1
 * for a resend, which the model only ever plans when a token is due;
 * prior: the tokens the routers on the path showed they had when the
 * trace began (-1: none has shown it yet).  For a router that never
 * answered: BUDGET_SILENT when the evidence says it is silent (a
 * resend due an answer went unanswered); BUDGET_PRIOR when the path's
 * prior says it had a token for this probe (it is silent, unless its
 * own bucket was emptier than its neighbours', which a resend would
 * tell).  Else its bucket was empty then (BUDGET_EMPTY): budget_next
 * tells when it can answer again.
 */
int
budget_refused(struct budget_hop *h, int nth, int prior,
    const struct timespec *sent)
{
	if (h->silent)
		return (BUDGET_SILENT);
	if (h->answers == 0 && nth < 0) {
		h->silent = 1;
		return (BUDGET_SILENT);
	}
	/*
	 * Empty then: less than a token.  A refusal older than what is
	 * known (a resend planned since) leaves no token known before.
	 */
	h->level = 0.0;
	if (!timespeccmp(sent, &h->at, <))
		h->at = *sent;
	h->refused++;
	if (h->answers == 0 && prior > 0 && nth < prior)
		return (BUDGET_PRIOR);
	return (BUDGET_EMPTY);
}
