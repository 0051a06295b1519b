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
 * nosock: run a program where raw sockets of either family cannot be
 * opened, each failing with an errno of its own, as in a sandbox that
 * leaves a family out (systemd's RestrictAddressFamilies fails it with
 * EAFNOSUPPORT) or on a kernel without IPv6.
 *
 *	nosock errno4 errno6 program [argument ...]
 *
 * An errno is EPERM, EACCES, EAFNOSUPPORT or a number, 0 for "this
 * family is left alone".  The kernel says no by a seccomp filter on
 * socket(2): the program runs as it is, only its sockets fail.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <err.h>
#include <errno.h>
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int
errnum(const char *s)
{
	long v;
	char *end;

	if (strcmp(s, "EPERM") == 0)
		return (EPERM);
	if (strcmp(s, "EACCES") == 0)
		return (EACCES);
	if (strcmp(s, "EAFNOSUPPORT") == 0)
		return (EAFNOSUPPORT);
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < 0 || v > 4095)
		errx(2, "bad errno: %s", s);
	return ((int)v);
}

static void
deny(scmp_filter_ctx ctx, int family, int e)
{
	if (e == 0)
		return;
	/* The type's low bits, whatever SOCK_NONBLOCK or SOCK_CLOEXEC. */
	if (seccomp_rule_add(ctx, SCMP_ACT_ERRNO(e), SCMP_SYS(socket), 2,
	    SCMP_A0(SCMP_CMP_EQ, family, 0),
	    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, SOCK_RAW)) != 0)
		errx(2, "seccomp_rule_add");
}

int
main(int argc, char *argv[])
{
	scmp_filter_ctx ctx;
	int e4, e6;

	if (argc < 4) {
		fprintf(stderr, "usage: nosock errno4 errno6 program "
		    "[argument ...]\n");
		return (2);
	}
	e4 = errnum(argv[1]);
	e6 = errnum(argv[2]);
	if ((ctx = seccomp_init(SCMP_ACT_ALLOW)) == NULL)
		errx(2, "seccomp_init");
	deny(ctx, AF_INET, e4);
	deny(ctx, AF_INET6, e6);
	if (seccomp_load(ctx) != 0)
		errx(2, "seccomp_load");
	seccomp_release(ctx);
	execvp(argv[3], argv + 3);
	err(2, "%s", argv[3]);
}
