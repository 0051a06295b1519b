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
 * The scheduler's arithmetic, kept apart from the event loop so that it
 * can be tested on its own: when a probe is given up, and whether a
 * silent probe is worth sending again.
 */

#include <sys/types.h>
#include <sys/time.h>

#include <time.h>

#include "tcptraceroute.h"

void
ts_add_us(struct timespec *ts, long us)
{
	ts->tv_sec += us / 1000000;
	ts->tv_nsec += (us % 1000000) * 1000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void
ts_add_ms(struct timespec *ts, long ms)
{
	ts_add_us(ts, ms * 1000);
}

static void
earlier(const struct timespec *sent, double rtt, int factor,
    struct timespec *dl)
{
	struct timespec cand;
	double ms;

	if (factor <= 0 || rtt <= 0.0)
		return;
	ms = rtt * factor / 1000.0;
	cand = *sent;
	ts_add_ms(&cand, ms > SCHED_FLOOR_MS ? (long)ms + 1 : SCHED_FLOOR_MS);
	if (timespeccmp(&cand, dl, <))
		*dl = cand;
}

/*
 * When a probe sent at sent is given up.  A fixed wait is -w max.  An
 * adaptive one (-w max,here,near) ends sooner once this hop answered
 * another probe within here_rtt (here x that RTT) or a later hop within
 * near_rtt (near x that RTT), never before SCHED_FLOOR_MS, never after
 * max.  RTTs are in milliseconds, 0 when there is none.
 */
void
sched_deadline(const struct options *o, const struct timespec *sent,
    double here_rtt, double near_rtt, struct timespec *dl)
{
	*dl = *sent;
	ts_add_ms(dl, o->waitms);
	if (!o->adaptive)
		return;
	earlier(sent, here_rtt, o->here, dl);
	earlier(sent, near_rtt, o->near, dl);
}

/*
 * Whether a probe that got no answer goes out again: only when another
 * probe to the same hop was answered (the router answers; it was more
 * likely its ICMP rate limit than a router that never answers), this
 * probe has been resent fewer than o->retries times, and the budget
 * of resends is not spent.  Linux routers answer a burst of about six
 * errors and then one a second: the resend waits a second after the
 * hop's last answer.
 */
int
sched_retry(const struct options *o, int answered, int tries, int room,
    const struct timespec *lastanswer, struct timespec *when)
{
	if (!answered || tries >= o->retries || room <= 0)
		return (0);
	*when = *lastanswer;
	ts_add_ms(when, SCHED_RETRY_MS);
	return (1);
}
