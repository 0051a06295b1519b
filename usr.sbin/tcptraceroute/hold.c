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
 * The source ports of a trace, held by the parent with sockets bound
 * for the whole run, as the real user with no privilege to bind but
 * the user's own.  The kernel then gives these ports to no one else
 * (connect(2) skips a port bound by another socket), so a probe from
 * one of them belongs to no one's connection; and for TCP the kernel
 * answers the destination's SYN|ACK with the RST that ends the
 * half-open connection.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tcptraceroute.h"

#define HOLD_TRIES	64	/* sports tried for a range all free */

/* A socket bound to port (0: the kernel's choice) of src, or -1. */
static int
bind_port(const struct ttr_config *c, int type, uint16_t port,
    uint16_t *got)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int s, saved;

	memset(&ss, 0, sizeof(ss));
	if (c->family == AF_INET) {
		sin->sin_family = AF_INET;
		sin->sin_addr = c->src.v4;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	} else {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = c->src.v6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	}
	if ((s = socket(c->family, type | SOCK_CLOEXEC, 0)) == -1)
		return (-1);
	if (bind(s, (struct sockaddr *)&ss, len) == -1 ||
	    getsockname(s, (struct sockaddr *)&ss, &len) == -1) {
		saved = errno;
		close(s);
		errno = saved;
		return (-1);
	}
	*got = ntohs(c->family == AF_INET ? sin->sin_port : sin6->sin6_port);
	return (s);
}

/*
 * The rest of a range after sport, up to sport + nsport - 1: 0 when
 * every port is held, else -1 with every one of them closed again.
 */
static int
hold_range(const struct ttr_config *c, int type, int *fds)
{
	uint32_t i;
	uint16_t got;
	int saved;

	for (i = 1; i < c->nsport; i++)
		if ((fds[i] = bind_port(c, type, policy_port(c, i),
		    &got)) == -1)
			break;
	if (i == c->nsport)
		return (0);
	saved = errno;
	while (--i > 0)
		close(fds[i]);
	errno = saved;
	return (-1);
}

/*
 * Hold what the checked configuration asks: sport (0: any), the range
 * of nsport ports from it, nrports spare ports.  Fills in the ports
 * held.  Root may still name a port it cannot bind, or one in use
 * (-P); a user gets only ports the user could have bound.  Returns -1
 * with a message if the ports cannot be had.
 */
int
hold_ports(struct ttr_config *c, int root, char *why, size_t len)
{
	static int fds[USER_MAXSENT];
	char addr[INET6_ADDRSTRLEN];
	uint16_t want = c->sport, got;
	int type, tries, s, nspare, range;

	type = c->method == METHOD_UDP ? SOCK_DGRAM : SOCK_STREAM;
	/* Root's --track-port may span more ports than there are fds. */
	range = c->nsport > 1 && (!root || c->nsport <= MDA_MAXPROBES);
	if (c->nsport > USER_MAXSENT && range)
		return (refuse(why, len, "too many source ports to hold: %u",
		    c->nsport));
	nspare = c->nrports;
	c->nrports = 0;

	if (root && c->forceport && want != 0)
		s = -1;		/* -P: root's to use even if in use */
	else if ((s = bind_port(c, type, want, &got)) == -1) {
		if (errno == EADDRINUSE && c->forceport)
			return (refuse(why, len, "source port %u is in use: "
			    "only root may send from a port in use", want));
		if (errno == EADDRINUSE)
			return (refuse(why, len, "Sorry, requested local port "
			    "is already in use.  Use -P, instead of -p, to "
			    "override."));
		if (errno == EADDRNOTAVAIL)
			return (refuse(why, len, "cannot use source address "
			    "%s: %s", inet_ntop(c->family, &c->src, addr,
			    sizeof(addr)), strerror(errno)));
		/* A privileged port root may name but we cannot bind. */
		if (!(errno == EACCES && root && want != 0))
			return (refuse(why, len, "cannot hold source port %u: "
			    "%s", want, strerror(errno)));
	} else
		c->sport = got;

	for (tries = 0; range && hold_range(c, type, fds) == -1; tries++) {
		/* A port asked for is that port; else another from the kernel. */
		if (want != 0 || s == -1 || tries == HOLD_TRIES ||
		    errno != EADDRINUSE)
			return (refuse(why, len, "cannot hold %u consecutive "
			    "source ports from %u: %s", c->nsport, c->sport,
			    strerror(errno)));
		close(s);
		if ((s = bind_port(c, type, 0, &got)) == -1)
			return (refuse(why, len, "cannot hold a source port: %s",
			    strerror(errno)));
		c->sport = got;
	}

	/* Spare ports for resends after a collision: as many as there are. */
	while (c->nrports < nspare &&
	    bind_port(c, SOCK_STREAM, 0, &c->rports[c->nrports]) != -1)
		c->nrports++;
	return (0);
}
