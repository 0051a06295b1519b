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
 * leaves by.
 */

#include <sys/types.h>
#include <sys/socket.h>
#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#endif

#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>
#include <string.h>
#include <unistd.h>

#include "tcptraceroute.h"

#ifdef __linux__
static void
add_attr(struct nlmsghdr *nh, size_t room, int type, const void *data,
    size_t len)
{
	struct rtattr *rta;

	if (NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(len) > room)
		return;
	rta = (struct rtattr *)((char *)nh + NLMSG_ALIGN(nh->nlmsg_len));
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	nh->nlmsg_len = NLMSG_ALIGN(nh->nlmsg_len) + RTA_SPACE(len);
}

/* The interface of the route from src to dst, as ip route get says. */
static int
route_if(int family, const union ttr_addr *src, const union ttr_addr *dst,
    char *ifname)
{
	struct {
		struct nlmsghdr	nh;
		struct rtmsg	rt;
		char		attrs[64];
	} req;
	char buf[4096];
	struct nlmsghdr *nh;
	struct rtmsg *rt;
	struct rtattr *rta;
	size_t alen = family == AF_INET ? 4 : 16;
	ssize_t n;
	int s, oif = 0, rlen;

	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(req.rt));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.rt.rtm_family = (unsigned char)family;
	req.rt.rtm_dst_len = (unsigned char)(alen * 8);
	req.rt.rtm_src_len = (unsigned char)(alen * 8);
	add_attr(&req.nh, sizeof(req), RTA_DST, dst, alen);
	add_attr(&req.nh, sizeof(req), RTA_SRC, src, alen);

	if ((s = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return (-1);
	if (send(s, &req, req.nh.nlmsg_len, 0) == -1 ||
	    (n = recv(s, buf, sizeof(buf), 0)) == -1) {
		close(s);
		return (-1);
	}
	close(s);
	for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
	    nh = NLMSG_NEXT(nh, n)) {
		if (nh->nlmsg_type != RTM_NEWROUTE)
			continue;
		rt = NLMSG_DATA(nh);
		rlen = (int)RTM_PAYLOAD(nh);
		for (rta = RTM_RTA(rt); RTA_OK(rta, rlen);
		    rta = RTA_NEXT(rta, rlen))
			if (rta->rta_type == RTA_OIF &&
			    RTA_PAYLOAD(rta) >= sizeof(int))
				memcpy(&oif, RTA_DATA(rta), sizeof(oif));
	}
	if (oif <= 0 || if_indextoname((unsigned int)oif, ifname) == NULL)
		return (-1);
	return (0);
}
#endif

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
#ifdef __linux__
	if (route_if(c->family, &c->src, &c->dst, e->route_if) == -1)
		e->route_if[0] = '\0';
#endif
}
