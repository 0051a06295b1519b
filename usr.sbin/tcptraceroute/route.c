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
 * The interface the route to the destination leaves by, asked of the
 * kernel before the sandbox closes.  The replies come back there (the
 * loopback for one of our own addresses), whichever interface holds
 * the source address: that is where the capture must listen.  On
 * Linux this is one RTM_GETROUTE question on a netlink socket, with
 * the source address and firewall mark the probes will carry, so that
 * policy routing answers as it will for them.  Elsewhere, or if the
 * kernel will not say, route_ifname fails and the caller falls back to
 * the interface that holds the source address.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#endif

#include "tcptraceroute.h"

#ifdef __linux__
struct rtreq {
	struct nlmsghdr	 nh;
	struct rtmsg	 rt;
	char		 attrs[3 * RTA_SPACE(sizeof(struct in6_addr))];
};

static void
add_attr(struct rtreq *req, int type, const void *data, size_t len)
{
	struct rtattr *rta;

	rta = (struct rtattr *)((char *)req + NLMSG_ALIGN(req->nh.nlmsg_len));
	rta->rta_type = (unsigned short)type;
	rta->rta_len = (unsigned short)RTA_LENGTH(len);
	memcpy(RTA_DATA(rta), data, len);
	req->nh.nlmsg_len = NLMSG_ALIGN(req->nh.nlmsg_len) +
	    RTA_SPACE(len);
}

/* The output interface index of the one route in the answer, or 0. */
static int
answer_oif(const char *buf, ssize_t n, uint32_t seq)
{
	const struct nlmsghdr *nh;
	const struct rtmsg *rt;
	const struct rtattr *rta;
	int len, oif = 0;

	for (nh = (const struct nlmsghdr *)buf; NLMSG_OK(nh, (size_t)n);
	    nh = NLMSG_NEXT(nh, n)) {
		if (nh->nlmsg_seq != seq || nh->nlmsg_type != RTM_NEWROUTE)
			continue;
		rt = NLMSG_DATA(nh);
		len = (int)RTM_PAYLOAD(nh);
		for (rta = RTM_RTA(rt); RTA_OK(rta, len);
		    rta = RTA_NEXT(rta, len))
			if (rta->rta_type == RTA_OIF &&
			    RTA_PAYLOAD(rta) == sizeof(int))
				memcpy(&oif, RTA_DATA(rta), sizeof(oif));
	}
	return (oif);
}
#endif

/*
 * The interface the kernel routes dst by, from src with mark (set: use
 * it); 0, and its name in ifname, or -1 if it will not say.
 */
int
route_ifname(int family, const union ttr_addr *dst, const union ttr_addr *src,
    int setmark, uint32_t mark, char *ifname)
{
#ifdef __linux__
	struct sockaddr_nl sa;
	struct rtreq req;
	char buf[8192];
	size_t alen = family == AF_INET ? sizeof(dst->v4) : sizeof(dst->v6);
	ssize_t n;
	int s, oif;

	if ((s = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC,
	    NETLINK_ROUTE)) == -1)
		return (-1);
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = NLMSG_LENGTH(sizeof(struct rtmsg));
	req.nh.nlmsg_type = RTM_GETROUTE;
	req.nh.nlmsg_flags = NLM_F_REQUEST;
	req.nh.nlmsg_seq = 1;
	req.rt.rtm_family = (unsigned char)family;
	req.rt.rtm_dst_len = (unsigned char)(alen * 8);
	add_attr(&req, RTA_DST, dst, alen);
	if (src != NULL) {
		req.rt.rtm_src_len = (unsigned char)(alen * 8);
		add_attr(&req, RTA_SRC, src, alen);
	}
	if (setmark)
		add_attr(&req, RTA_MARK, &mark, sizeof(mark));
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	if (sendto(s, &req, req.nh.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) == -1) {
		close(s);
		return (-1);
	}
	do
		n = recv(s, buf, sizeof(buf), 0);
	while (n == -1 && errno == EINTR);
	close(s);
	if (n <= 0 || (oif = answer_oif(buf, n, req.nh.nlmsg_seq)) <= 0 ||
	    if_indextoname((unsigned int)oif, ifname) == NULL)
		return (-1);
	return (0);
#else
	return (-1);
#endif
}
