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
 * How a run ends when the world around it does, as a Unix tool's:
 * signals ignored when it started (nohup, a script's "&") stay
 * ignored; a pipe whose reader has gone (head -1) ends it at once, by
 * SIGPIPE; output that cannot be written ends it too.  The signals
 * themselves are trace.c's and parent.c's.
 */

#include <sys/types.h>
#include <sys/stat.h>

#include <err.h>
#include <event2/event.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "tcptraceroute.h"

static struct event *ev_stdout;

/* Was sig ignored when we started?  Then a Unix tool leaves it so. */
int
sig_ignored(int sig)
{
	struct sigaction sa;

	return (sigaction(sig, NULL, &sa) == 0 && sa.sa_handler == SIG_IGN);
}

/*
 * Our output is a pipe and its reader has gone: end at once, as 1.5
 * did when it next wrote, not when the next line is done.  A pipe's
 * writing end is never readable: the event fires on its error.
 */
static void
reader_gone(int fd, short event, void *arg)
{
	struct pollfd pfd;

	pfd.fd = fd;
	pfd.events = POLLOUT;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) != 1 || (pfd.revents & POLLERR) == 0)
		return;
	event_del(ev_stdout);
	raise(SIGPIPE);
	/* Ignored: stop all the same. */
	errx(1, "stdout: broken pipe");
}

/* Watch stdout for its reader, if it is a pipe. */
void
stdout_watch(struct event_base *base)
{
	struct stat st;

	if (fstat(STDOUT_FILENO, &st) == -1 || !S_ISFIFO(st.st_mode))
		return;
	if ((ev_stdout = event_new(base, STDOUT_FILENO, EV_READ | EV_PERSIST,
	    reader_gone, NULL)) == NULL)
		errx(1, "event_new");
	if (event_add(ev_stdout, NULL) == -1)
		errx(1, "event_add");
}

/*
 * Our output cannot be written (nobody reads it any more, and SIGPIPE
 * is ignored, else it would have ended us): stop now, as a Unix filter
 * does.
 */
void
stdout_check(void)
{
	if (fflush(stdout) == EOF || ferror(stdout))
		errx(1, "stdout: write error");
}
