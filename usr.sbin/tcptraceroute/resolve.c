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
 * Reverse DNS, asynchronous through libevent's evdns, so that a slow
 * name server delays when a line is printed, never a probe or its
 * timestamp.  resolv.conf and the hosts file are read in resolve_init,
 * before the chroot; afterwards only the UDP sockets evdns holds are
 * used.  Names come from the network: they are escaped with strnvis
 * before anybody prints them, white space and backslashes included, so
 * that no name can end a line or fake one.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <err.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <stdlib.h>
#include <string.h>
#include <vis.h>

#include "tcptraceroute.h"

#define NAME_MAX_PRINT	(4 * 255 + 1)	/* a vis-escaped DNS name */

struct rname {
	LIST_ENTRY(rname)	 entry;
	int			 family;
	union ttr_addr		 addr;
	int			 done;
	char			*name;
	struct evdns_request	*req;
};

static LIST_HEAD(, rname) names = LIST_HEAD_INITIALIZER(names);
static struct evdns_base *dns;
static void (*resolved_cb)(void *);
static void *resolved_arg;

int
resolve_init(struct event_base *base, void (*cb)(void *), void *arg)
{
	dns = evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS |
	    EVDNS_BASE_DISABLE_WHEN_INACTIVE);
	if (dns == NULL)
		return (-1);
	/* A dead server must not hold the output for long. */
	evdns_base_set_option(dns, "timeout:", "2");
	evdns_base_set_option(dns, "attempts:", "2");
	resolved_cb = cb;
	resolved_arg = arg;
	return (0);
}

static struct rname *
lookup(int family, const union ttr_addr *a)
{
	struct rname *n;

	LIST_FOREACH(n, &names, entry)
		if (n->family == family && memcmp(&n->addr, a,
		    family == AF_INET ? sizeof(a->v4) : sizeof(a->v6)) == 0)
			return (n);
	return (NULL);
}

static void
reverse_done(int result, char type, int count, int ttl, void *addresses,
    void *arg)
{
	struct rname *n = arg;
	char *name;

	n->req = NULL;
	n->done = 1;
	if (result == DNS_ERR_NONE && type == DNS_PTR && count > 0 &&
	    addresses != NULL) {
		name = *(char **)addresses;
		if (name != NULL && name[0] != '\0') {
			if ((n->name = malloc(NAME_MAX_PRINT)) == NULL)
				err(1, NULL);
			strnvis(n->name, name, NAME_MAX_PRINT,
			    VIS_OCTAL | VIS_WHITE);
		}
	}
	if (resolved_cb != NULL)
		resolved_cb(resolved_arg);
}

/* Start a lookup unless one was made; no-op without a resolver. */
void
resolve_start(int family, const union ttr_addr *a)
{
	struct rname *n;

	if (dns == NULL || lookup(family, a) != NULL)
		return;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		err(1, NULL);
	n->family = family;
	if (family == AF_INET)
		n->addr.v4 = a->v4;
	else
		n->addr.v6 = a->v6;
	LIST_INSERT_HEAD(&names, n, entry);
	if (family == AF_INET)
		n->req = evdns_base_resolve_reverse(dns, &n->addr.v4, 0,
		    reverse_done, n);
	else
		n->req = evdns_base_resolve_reverse_ipv6(dns, &n->addr.v6, 0,
		    reverse_done, n);
	if (n->req == NULL)
		n->done = 1;
}

/*
 * 1 and the name (NULL: none) once known, 0 while the lookup runs.
 * An address never asked about has no name.
 */
int
resolve_get(int family, const union ttr_addr *a, const char **name)
{
	struct rname *n;

	*name = NULL;
	if ((n = lookup(family, a)) == NULL)
		return (1);
	if (!n->done)
		return (0);
	*name = n->name;
	return (1);
}
