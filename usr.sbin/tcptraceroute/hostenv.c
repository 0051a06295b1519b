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
 * The facts about this host that the parent's policy (policy.c) judges
 * a configuration by, asked of the kernel and not of the child: which
 * interfaces hold the source address, whether the destination is this
 * host's, and which interface the route from the one to the other
 * leaves by (route.c asks).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "tcptraceroute.h"

void
policy_gather(const struct ttr_config *c, uid_t ruid, struct policy_env *e)
{
	struct ifaddrs *ifap, *ifa;
	union ttr_addr a;
	char ifname[IF_NAMESIZE + 1];

	/* Not checked yet: the name may lack its NUL. */
	memcpy(ifname, c->ifname, IF_NAMESIZE);
	ifname[IF_NAMESIZE] = '\0';
	memset(e, 0, sizeof(*e));
	e->ruid = ruid;
	if (getifaddrs(&ifap) == 0) {
		for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next) {
			if (ifa->ifa_addr == NULL ||
			    ifa->ifa_addr->sa_family != c->family)
				continue;
			memset(&a, 0, sizeof(a));
			if (c->family == AF_INET)
				a.v4 = ((struct sockaddr_in *)
				    ifa->ifa_addr)->sin_addr;
			else
				a.v6 = ((struct sockaddr_in6 *)
				    ifa->ifa_addr)->sin6_addr;
			if (addr_eq(c->family, &a, &c->dst))
				e->dst_local = 1;
			if (!addr_eq(c->family, &a, &c->src) ||
			    (ifa->ifa_flags & IFF_UP) == 0)
				continue;
			e->src_local = 1;
			if (strcmp(ifa->ifa_name, ifname) == 0)
				e->src_on_if = 1;
		}
		freeifaddrs(ifap);
	}
	/* With the mark the probes carry (root's), as the kernel will. */
	if (route_ifname(c->family, &c->dst, &c->src, c->setmark, c->fwmark,
	    e->route_if) == -1)
		e->route_if[0] = '\0';
}
