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
 * An imsgbuf and the event that serves it, as OpenBSD's daemons pair
 * them: the event always waits for reading, and for writing only while
 * something is queued.  Both processes use it.
 */

#include <sys/types.h>

#include <event2/event.h>
#include <imsg.h>
#include <stdint.h>

#include "tcptraceroute.h"

int
imsg_event_init(struct imsgev *iev, struct event_base *base,
    struct imsgbuf *ibuf, void (*handler)(int, short, void *), void *arg)
{
	iev->base = base;
	iev->ibuf = ibuf;
	iev->handler = handler;
	iev->arg = arg;
	iev->events = EV_READ;
	if ((iev->ev = event_new(base, ibuf->fd, EV_READ, handler,
	    arg)) == NULL)
		return (-1);
	return (event_add(iev->ev, NULL));
}

/* Arm the event again: reading, and writing if anything waits. */
void
imsg_event_add(struct imsgev *iev)
{
	iev->events = EV_READ;
	if (imsgbuf_queuelen(iev->ibuf) > 0)
		iev->events |= EV_WRITE;
	event_del(iev->ev);
	event_assign(iev->ev, iev->base, iev->ibuf->fd, iev->events,
	    iev->handler, iev->arg);
	event_add(iev->ev, NULL);
}

int
imsg_compose_event(struct imsgev *iev, uint32_t type, const void *data,
    size_t len)
{
	if (imsg_compose(iev->ibuf, type, 0, 0, -1, data, len) == -1)
		return (-1);
	imsg_event_add(iev);
	return (0);
}
