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
 * policy.c, the parent's decisions, without a parent: configurations
 * and probes judged against facts given here, and the capture filter
 * run by libpcap over packets built here.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <atf-c.h>
#include <pcap.h>
#include <string.h>

#include "tcptraceroute.h"

#define SRC	"198.18.0.2"
#define DST	"198.18.5.1"

static void
config(struct ttr_config *c)
{
	memset(c, 0, sizeof(*c));
	c->family = AF_INET;
	ATF_REQUIRE(inet_pton(AF_INET, SRC, &c->src.v4) == 1);
	ATF_REQUIRE(inet_pton(AF_INET, DST, &c->dst.v4) == 1);
	strlcpy(c->ifname, "eth0", sizeof(c->ifname));
	c->sport = 40000;
	c->nsport = 1;
	c->dport = 80;
	c->length = 40;
	c->tcpflags = TTR_SYN;
	c->first_ttl = 1;
	c->max_ttl = 30;
	c->maxprobes = 90;
}

/* A user whose source address is on eth0, the route's interface. */
static void
user_env(struct policy_env *e)
{
	memset(e, 0, sizeof(*e));
	e->ruid = 4242;
	e->src_local = e->src_on_if = 1;
	strlcpy(e->route_if, "eth0", sizeof(e->route_if));
}

static void
refused(const struct ttr_config *c, const struct policy_env *e,
    const char *what)
{
	char why[256];

	why[0] = '\0';
	ATF_CHECK_MSG(check_config(c, e, why, sizeof(why)) == -1,
	    "accepted, want \"%s\"", what);
	ATF_CHECK_MSG(strstr(why, what) != NULL, "\"%s\", want \"%s\"", why,
	    what);
}

static void
accepted(const struct ttr_config *c, const struct policy_env *e)
{
	char why[256];

	why[0] = '\0';
	ATF_CHECK_MSG(check_config(c, e, why, sizeof(why)) == 0,
	    "refused: %s", why);
}

ATF_TC_WITHOUT_HEAD(user_trace);
ATF_TC_BODY(user_trace, tc)
{
	struct ttr_config c;
	struct policy_env e, root;

	user_env(&e);
	root = e;
	root.ruid = 0;
	config(&c);
	accepted(&c, &e);

	c.nofilter = 1;
	refused(&c, &e, "--no-filter needs root");
	accepted(&c, &root);
	config(&c);
	c.tcpflags = TTR_RST | TTR_ACK;
	refused(&c, &e, "RST probes need root");
	accepted(&c, &root);
	config(&c);
	c.sport = 1023;
	refused(&c, &e, "source port 1023 needs root");
	c.sport = 0;
	accepted(&c, &e);

	/* The capture: the source's interface or the route's, not "any". */
	config(&c);
	strlcpy(c.ifname, "any", sizeof(c.ifname));
	e.src_on_if = 0;
	refused(&c, &e, "interface any does not carry the trace");
	accepted(&c, &root);
	strlcpy(c.ifname, "eth0", sizeof(c.ifname));
	accepted(&c, &e);
	c.ifname[0] = '\0';
	accepted(&c, &e);
	/* -i names an interface, which must hold the source address. */
	strlcpy(c.ifname, "eth0", sizeof(c.ifname));
	c.bindif = 1;
	refused(&c, &e, "source address is not on an up interface eth0");

	/* Not an address of this host. */
	user_env(&e);
	config(&c);
	e.src_local = e.src_on_if = 0;
	refused(&c, &e, "source address is not on an up interface");
	accepted(&c, &root);
}

ATF_TC_WITHOUT_HEAD(user_loopback);
ATF_TC_BODY(user_loopback, tc)
{
	struct ttr_config c;
	struct policy_env e;

	user_env(&e);
	config(&c);
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.1", &c.src.v4) == 1);
	strlcpy(c.ifname, "lo", sizeof(c.ifname));
	refused(&c, &e, "loopback source address");
	/* To this host the route leaves by lo, and lo is the source's. */
	e.dst_local = 1;
	strlcpy(e.route_if, "lo", sizeof(e.route_if));
	accepted(&c, &e);
	e.dst_local = 0;
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.9", &c.dst.v4) == 1);
	accepted(&c, &e);
	/* A local address as destination, captured on lo: the route's. */
	config(&c);
	strlcpy(c.ifname, "lo", sizeof(c.ifname));
	e.src_on_if = 0;
	strlcpy(e.route_if, "eth0", sizeof(e.route_if));
	refused(&c, &e, "interface lo does not carry the trace");
	strlcpy(e.route_if, "lo", sizeof(e.route_if));
	accepted(&c, &e);
}

ATF_TC_WITHOUT_HEAD(ports_held);
ATF_TC_BODY(ports_held, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	char why[256];

	config(&c);
	c.nrports = 2;
	c.rports[0] = 50001;
	c.rports[1] = 50002;
	ATF_CHECK(policy_held(&c, 40000));
	ATF_CHECK(policy_held(&c, 50002));
	ATF_CHECK(!policy_held(&c, 40001));
	ATF_CHECK(!policy_held(&c, 0));
	c.nrports = 0;
	c.rports[0] = c.rports[1] = 0;
	c.sport = 65534;
	c.nsport = 4;
	ATF_CHECK_EQ(policy_port(&c, 3), 1025);
	ATF_CHECK(policy_held(&c, 65535) && policy_held(&c, 1025));
	ATF_CHECK(!policy_held(&c, 1026) && !policy_held(&c, 1023) &&
	    !policy_held(&c, 65533));

	memset(&m, 0, sizeof(m));
	m.ttl = 1;
	m.sport = 1025;
	ATF_CHECK(check_probe(&c, &m, 1, why, sizeof(why)) == 0);
	m.sport = 1026;
	ATF_CHECK(check_probe(&c, &m, 1, why, sizeof(why)) == -1 &&
	    strstr(why, "source port 1026") != NULL);
	m.sport = 1025;
	ATF_CHECK(check_probe(&c, &m, c.maxprobes + 1, why,
	    sizeof(why)) == -1 && strstr(why, "too many probes") != NULL);

	/* The child names no spare port: the parent picks them. */
	config(&c);
	c.nrports = 1;
	c.rports[0] = 22;
	refused(&c, &(struct policy_env){ .ruid = 0 }, "bad spare ports");
}

/* A frame on DLT_RAW: IPv4, TCP or an ICMP error quoting TCP. */
static size_t
frame(uint8_t *p, int icmp, const char *from, const char *to,
    uint16_t sport, uint16_t dport)
{
	uint8_t *ip = p, *q;
	size_t len = icmp ? 20 + 8 + 28 : 40;

	memset(p, 0, 64);
	ip[0] = 0x45;
	ip[3] = (uint8_t)len;
	ip[8] = 64;
	ip[9] = icmp ? IPPROTO_ICMP : IPPROTO_TCP;
	inet_pton(AF_INET, from, ip + 12);
	inet_pton(AF_INET, to, ip + 16);
	q = ip + 20;
	if (icmp) {
		q[0] = 11;
		q += 8;
		q[0] = 0x45;
		q[9] = IPPROTO_TCP;
		inet_pton(AF_INET, to, q + 12);
		inet_pton(AF_INET, DST, q + 16);
		q += 20;
	}
	q[0] = (uint8_t)(sport >> 8);
	q[1] = (uint8_t)sport;
	q[2] = (uint8_t)(dport >> 8);
	q[3] = (uint8_t)dport;
	q[12] = 0x50;
	q[13] = TTR_SYN | TTR_ACK;
	return (len);
}

static int
passes(const char *filter, const uint8_t *p, size_t len)
{
	struct bpf_program prog;
	struct pcap_pkthdr h;
	pcap_t *pc;
	int r;

	ATF_REQUIRE((pc = pcap_open_dead(DLT_RAW, 1600)) != NULL);
	ATF_REQUIRE_MSG(pcap_compile(pc, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == 0, "%s: %s", filter, pcap_geterr(pc));
	memset(&h, 0, sizeof(h));
	h.caplen = h.len = (bpf_u_int32)len;
	r = pcap_offline_filter(&prog, &h, p);
	pcap_freecode(&prog);
	pcap_close(pc);
	return (r != 0);
}

ATF_TC_WITHOUT_HEAD(filter_narrow);
ATF_TC_BODY(filter_narrow, tc)
{
	struct ttr_config c;
	char f[2048], wide[2048];
	uint8_t p[64];
	size_t n;

	config(&c);
	c.nrports = 1;
	c.rports[0] = 50001;
	ATF_REQUIRE(policy_filter(&c, 1, f, sizeof(f)) == 0);
	ATF_REQUIRE(policy_filter(&c, 0, wide, sizeof(wide)) == 0);
	/* The destination's answer to our port, or to the spare port. */
	n = frame(p, 0, DST, SRC, 80, 40000);
	ATF_CHECK(passes(f, p, n) && passes(wide, p, n));
	n = frame(p, 0, DST, SRC, 80, 50001);
	ATF_CHECK(passes(f, p, n));
	/* Another's connection to the same service: root's filter only. */
	n = frame(p, 0, DST, SRC, 80, 40001);
	ATF_CHECK(!passes(f, p, n) && passes(wide, p, n));
	/* Our own probe, and another process's. */
	n = frame(p, 0, SRC, DST, 40000, 80);
	ATF_CHECK(passes(f, p, n));
	n = frame(p, 0, SRC, DST, 40001, 80);
	ATF_CHECK(!passes(f, p, n));
	/* ICMP errors quoting our port, and another's. */
	n = frame(p, 1, "198.18.1.1", SRC, 40000, 80);
	ATF_CHECK(passes(f, p, n) && passes(wide, p, n));
	n = frame(p, 1, "198.18.1.1", SRC, 40001, 80);
	ATF_CHECK(!passes(f, p, n) && passes(wide, p, n));

	/* A range that wraps, as --track-port's. */
	config(&c);
	c.sport = 65534;
	c.nsport = 4;
	ATF_REQUIRE(policy_filter(&c, 1, f, sizeof(f)) == 0);
	n = frame(p, 0, DST, SRC, 80, 1025);
	ATF_CHECK(passes(f, p, n));
	n = frame(p, 0, DST, SRC, 80, 1026);
	ATF_CHECK(!passes(f, p, n));
	n = frame(p, 1, "198.18.1.1", SRC, 65535, 80);
	ATF_CHECK(passes(f, p, n));
	n = frame(p, 1, "198.18.1.1", SRC, 1023, 80);
	ATF_CHECK(!passes(f, p, n));
}

ATF_TC_WITHOUT_HEAD(filter_methods);
ATF_TC_BODY(filter_methods, tc)
{
	struct ttr_config c;
	char f[2048];
	int method, v6, narrow;
	uint8_t p[64];

	/* Every method, family and width compiles. */
	for (method = METHOD_TCP; method <= METHOD_UDP; method++)
		for (v6 = 0; v6 < 2; v6++)
			for (narrow = 0; narrow < 2; narrow++) {
				config(&c);
				c.method = (uint8_t)method;
				if (method == METHOD_ICMP)
					c.dport = 0;
				c.nsport = 30;
				if (v6) {
					c.family = AF_INET6;
					inet_pton(AF_INET6, "2001:db8::2",
					    &c.src);
					inet_pton(AF_INET6, "2001:db8:5::1",
					    &c.dst);
				}
				ATF_REQUIRE(policy_filter(&c, narrow, f,
				    sizeof(f)) == 0);
				(void)passes(f, p, frame(p, 0, DST, SRC, 1,
				    2));
			}
	config(&c);
	c.nofilter = 1;
	ATF_REQUIRE(policy_filter(&c, 0, f, sizeof(f)) == 0);
	ATF_CHECK_STREQ(f, "");
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, user_trace);
	ATF_TP_ADD_TC(tp, user_loopback);
	ATF_TP_ADD_TC(tp, ports_held);
	ATF_TP_ADD_TC(tp, filter_narrow);
	ATF_TP_ADD_TC(tp, filter_methods);
	return atf_no_error();
}
