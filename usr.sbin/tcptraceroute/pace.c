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
 * USER_PPS for a user other than root, shared by all of the user's
 * runs: a generic cell rate algorithm whose one word of state, the
 * theoretical arrival time of the next probe, lives in a file of root's
 * (TTR_PACEDIR/uid) that every run of that user maps and updates with
 * compare-and-swap.  The file is made by the setuid parent while it is
 * still root, in a directory only root may write; the user cannot open
 * it, and the parent that maps it is not dumpable.  Where there is no
 * such file (file capabilities: no root to make it) the state is the
 * process's own, and the limit is per run.
 */

#include <sys/types.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "tcptraceroute.h"

#define NSEC		1000000000ULL
#define PACE_T		(NSEC / USER_PPS)	/* one probe's share */
#define PACE_TAU	((PACE_BURST - 1) * PACE_T)	/* burst tolerance */

static uint64_t		 local_tat;
static uint64_t		*tat = &local_tat;

/* Before privileges go: map uid's shared state, if it can be had. */
void
pace_open(uid_t uid)
{
	struct stat st;
	char name[16];
	void *m;
	int dfd, fd;

	if (uid == 0 || geteuid() != 0)
		return;
	if (mkdir(TTR_PACEDIR, 0700) == -1 && errno != EEXIST)
		return;
	if ((dfd = open(TTR_PACEDIR, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
	    O_CLOEXEC)) == -1)
		return;
	if (fstat(dfd, &st) == -1 || st.st_uid != 0 ||
	    (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
		close(dfd);
		return;
	}
	snprintf(name, sizeof(name), "%u", (unsigned int)uid);
	fd = openat(dfd, name, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	close(dfd);
	if (fd == -1)
		return;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) || st.st_uid != 0 ||
	    st.st_nlink != 1 || (st.st_size < (off_t)sizeof(*tat) &&
	    ftruncate(fd, sizeof(*tat)) == -1)) {
		close(fd);
		return;
	}
	m = mmap(NULL, sizeof(*tat), PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	close(fd);
	if (m != MAP_FAILED)
		tat = m;
}

/*
 * Take a probe's share: 0 if it may leave now, else the nanoseconds
 * until it may.
 */
long
pace_take(void)
{
	struct timespec ts;
	uint64_t now, old, base, next;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	now = (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
	old = __atomic_load_n(tat, __ATOMIC_ACQUIRE);
	for (;;) {
		base = old > now ? old : now;
		/* Never this far ahead: a clock of an earlier boot. */
		if (base > now + PACE_TAU + NSEC)
			base = now;
		if (base - now > PACE_TAU)
			return ((long)(base - now - PACE_TAU));
		next = base + PACE_T;
		if (__atomic_compare_exchange_n(tat, &old, next, 0,
		    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return (0);
	}
}
