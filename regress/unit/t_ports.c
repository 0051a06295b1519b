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
 * Ports and port sets (ports.c): one port by number or service name,
 * tracetcp's lists and ranges into a bitmap, each port counted once,
 * every error with its exact message, and walking a set in order.
 */

#include <sys/types.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

#define ERRLEN	256

static char	 errbuf[ERRLEN];
static uint8_t	 map[TTR_PORTMAP];
static int	 nports;

/* Parse one port; the message is left in errbuf. */
static int
port(const char *arg, int *res)
{
	memset(errbuf, 'x', sizeof(errbuf) - 1);
	errbuf[sizeof(errbuf) - 1] = '\0';
	*res = -1;
	return (port_parse(arg, res, errbuf, sizeof(errbuf)));
}

/* Parse a list into a fresh set. */
static int
list(const char *arg)
{
	memset(map, 0, sizeof(map));
	nports = 0;
	memset(errbuf, 'x', sizeof(errbuf) - 1);
	errbuf[sizeof(errbuf) - 1] = '\0';
	return (ports_parse(arg, map, &nports, errbuf, sizeof(errbuf)));
}

/* The set as ports_next walks it: "22 80 443". */
static const char *
walk(void)
{
	static char	 buf[1024];
	char		 num[8];
	int		 p;

	buf[0] = '\0';
	for (p = ports_next(map, 0); p != 0; p = ports_next(map, p)) {
		snprintf(num, sizeof(num), "%s%d", buf[0] != '\0' ? " " : "",
		    p);
		ATF_REQUIRE(strlcat(buf, num, sizeof(buf)) < sizeof(buf));
	}
	return (buf);
}

/* The bits set, counted one by one, port 0 too. */
static int
bits(void)
{
	int p, n = 0;

	for (p = 0; p <= 65535; p++)
		if (PORT_ISSET(map, p))
			n++;
	return (n);
}

/* arg is a good list of n ports that walks as expect. */
#define CHECK_LIST(arg, n, expect) do {					\
	ATF_CHECK_EQ_MSG(list(arg), 0, "%s: %s", (arg), errbuf);	\
	ATF_CHECK_EQ_MSG(nports, (n), "%s: %d ports, not %d", (arg),	\
	    nports, (n));						\
	ATF_CHECK_EQ_MSG(bits(), (n), "%s: %d bits, not %d", (arg),	\
	    bits(), (n));						\
	ATF_CHECK_STREQ(walk(), (expect));				\
} while (0)

/* arg is refused with exactly msg. */
#define CHECK_LIST_ERROR(arg, msg) do {					\
	ATF_CHECK_EQ_MSG(list(arg), -1, "%s accepted", (arg));		\
	ATF_CHECK_STREQ(errbuf, (msg));					\
} while (0)

#define CHECK_PORT_ERROR(arg, msg) do {					\
	int v_;								\
	ATF_CHECK_EQ_MSG(port((arg), &v_), -1, "%s accepted", (arg));	\
	ATF_CHECK_EQ(v_, -1);						\
	ATF_CHECK_STREQ(errbuf, (msg));					\
} while (0)

ATF_TC_WITHOUT_HEAD(port_numbers);
ATF_TC_BODY(port_numbers, tc)
{
	int v;

	ATF_CHECK_EQ(port("1", &v), 0);
	ATF_CHECK_EQ(v, 1);
	ATF_CHECK_EQ(port("80", &v), 0);
	ATF_CHECK_EQ(v, 80);
	ATF_CHECK_EQ(port("65535", &v), 0);
	ATF_CHECK_EQ(v, 65535);
	/* strtonum reads decimal: a leading zero is no octal. */
	ATF_CHECK_EQ(port("010", &v), 0);
	ATF_CHECK_EQ(v, 10);
}

ATF_TC_WITHOUT_HEAD(port_names);
ATF_TC_BODY(port_names, tc)
{
	int v;

	ATF_CHECK_EQ(port("http", &v), 0);
	ATF_CHECK_EQ(v, 80);
	ATF_CHECK_EQ(port("https", &v), 0);
	ATF_CHECK_EQ(v, 443);
	ATF_CHECK_EQ(port("www", &v), 0);	/* an alias of http */
	ATF_CHECK_EQ(v, 80);
	ATF_CHECK_EQ(port("ssh", &v), 0);
	ATF_CHECK_EQ(v, 22);
}

ATF_TC_WITHOUT_HEAD(port_errors);
ATF_TC_BODY(port_errors, tc)
{
	CHECK_PORT_ERROR("0", "invalid port: 0 (1 to 65535)");
	CHECK_PORT_ERROR("65536", "invalid port: 65536 (1 to 65535)");
	CHECK_PORT_ERROR("99999999999999999999",
	    "invalid port: 99999999999999999999 (1 to 65535)");
	CHECK_PORT_ERROR("80x", "invalid port: 80x (1 to 65535)");
	CHECK_PORT_ERROR("8 0", "invalid port: 8 0 (1 to 65535)");
	CHECK_PORT_ERROR("-1", "unknown port: -1");
	CHECK_PORT_ERROR("", "unknown port: ");
	CHECK_PORT_ERROR("nosuchsvc", "unknown port: nosuchsvc");
}

ATF_TC_WITHOUT_HEAD(lists);
ATF_TC_BODY(lists, tc)
{
	CHECK_LIST("80", 1, "80");
	CHECK_LIST("22,80,130-140", 13,
	    "22 80 130 131 132 133 134 135 136 137 138 139 140");
	/* Ascending, whatever the order given. */
	CHECK_LIST("443,80,22", 3, "22 80 443");
	CHECK_LIST("http,https", 2, "80 443");
	/* A range may end at a name; a name with a dash is one name. */
	CHECK_LIST("440-https", 4, "440 441 442 443");
	CHECK_LIST("http-alt", 1, "8080");
	CHECK_LIST("1-1", 1, "1");
	CHECK_LIST("65535", 1, "65535");
	CHECK_LIST("65530-65535", 6, "65530 65531 65532 65533 65534 65535");
	/* Every port there is: port 0 is none of them. */
	ATF_CHECK_EQ(list("1-65535"), 0);
	ATF_CHECK_EQ(nports, 65535);
	ATF_CHECK_EQ(bits(), 65535);
	ATF_CHECK(PORT_ISSET(map, 1));
	ATF_CHECK(PORT_ISSET(map, 65535));
	ATF_CHECK(!PORT_ISSET(map, 0));
}

/* Each port once, however often it is named. */
ATF_TC_WITHOUT_HEAD(duplicates);
ATF_TC_BODY(duplicates, tc)
{
	CHECK_LIST("80,80", 1, "80");
	CHECK_LIST("80,http,www", 1, "80");
	CHECK_LIST("130-140,135,138-145", 16,
	    "130 131 132 133 134 135 136 137 138 139 140 141 142 143 144 "
	    "145");
	CHECK_LIST("1-10,1-10", 10, "1 2 3 4 5 6 7 8 9 10");

	/* Lists added to one set: n counts only what is new. */
	ATF_REQUIRE_EQ(list("22,80"), 0);
	ATF_REQUIRE_EQ(ports_parse("80,443", map, &nports, errbuf,
	    sizeof(errbuf)), 0);
	ATF_CHECK_EQ(nports, 3);
	ATF_REQUIRE_EQ(ports_range(20, 23, map, &nports, errbuf,
	    sizeof(errbuf)), 0);
	ATF_CHECK_EQ(nports, 6);
	ATF_CHECK_EQ(bits(), 6);
	ATF_CHECK_STREQ(walk(), "20 21 22 23 80 443");
}

ATF_TC_WITHOUT_HEAD(list_errors);
ATF_TC_BODY(list_errors, tc)
{
	char long_list[1100];
	size_t i;

	CHECK_LIST_ERROR("", "bad port list: ");
	CHECK_LIST_ERROR(",", "bad port list: ,");
	CHECK_LIST_ERROR("80,", "bad port list: 80,");
	CHECK_LIST_ERROR(",80", "bad port list: ,80");
	CHECK_LIST_ERROR("22,,80", "bad port list: 22,,80");
	CHECK_LIST_ERROR("0", "invalid port: 0 (1 to 65535)");
	CHECK_LIST_ERROR("0-5", "invalid port: 0 (1 to 65535)");
	CHECK_LIST_ERROR("65536", "invalid port: 65536 (1 to 65535)");
	CHECK_LIST_ERROR("65535-65536", "invalid port: 65536 (1 to 65535)");
	CHECK_LIST_ERROR("-1", "unknown port: -1");
	CHECK_LIST_ERROR("-5", "unknown port: -5");
	CHECK_LIST_ERROR("1-", "unknown port: ");
	CHECK_LIST_ERROR("5-1", "bad port range: 5-1");
	CHECK_LIST_ERROR("https-80", "unknown port: https-80");
	CHECK_LIST_ERROR("80x", "invalid port: 80x (1 to 65535)");
	CHECK_LIST_ERROR("1-2-3", "invalid port: 2-3 (1 to 65535)");
	CHECK_LIST_ERROR("22,nosuchsvc", "unknown port: nosuchsvc");
	CHECK_LIST_ERROR("22 80", "invalid port: 22 80 (1 to 65535)");

	/*
	 * A list that does not fit the 1024-byte buffer is refused, and
	 * the message shows only its first 64 bytes.
	 */
	for (i = 0; i + 3 < sizeof(long_list); i += 3)
		memcpy(long_list + i, "80,", 3);
	long_list[i - 1] = '\0';	/* no trailing comma */
	ATF_REQUIRE(strlen(long_list) >= 1024);
	CHECK_LIST_ERROR(long_list, "bad port list: "
	    "80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,80,"
	    "8...");
	/* One byte less fits. */
	long_list[1023] = '\0';
	if (long_list[1022] == ',')
		long_list[1022] = '\0';
	CHECK_LIST(long_list, 1, "80");
}

/* ports_range on its own: lo..hi, or the message for hi below lo. */
ATF_TC_WITHOUT_HEAD(range);
ATF_TC_BODY(range, tc)
{
	memset(map, 0, sizeof(map));
	nports = 0;
	ATF_CHECK_EQ(ports_range(7, 9, map, &nports, errbuf,
	    sizeof(errbuf)), 0);
	ATF_CHECK_EQ(nports, 3);
	ATF_CHECK_EQ(ports_range(65535, 65535, map, &nports, errbuf,
	    sizeof(errbuf)), 0);
	ATF_CHECK_EQ(nports, 4);
	ATF_CHECK_STREQ(walk(), "7 8 9 65535");
	ATF_CHECK_EQ(ports_range(9, 8, map, &nports, errbuf,
	    sizeof(errbuf)), -1);
	ATF_CHECK_STREQ(errbuf, "bad port range: 9-8");
	ATF_CHECK_EQ(nports, 4);
	ATF_CHECK_EQ(bits(), 4);
}

/* ports_next: every port of a set in order, across empty bytes. */
ATF_TC_WITHOUT_HEAD(next);
ATF_TC_BODY(next, tc)
{
	static const int sparse[] = {
		1, 7, 8, 15, 16, 255, 256, 1023, 4096, 32768, 65527, 65528,
		65534, 65535
	};
	size_t i;
	int p;

	/* Empty: nothing after anything. */
	memset(map, 0, sizeof(map));
	ATF_CHECK_EQ(ports_next(map, 0), 0);
	ATF_CHECK_EQ(ports_next(map, 65534), 0);
	ATF_CHECK_EQ(ports_next(map, 65535), 0);

	/* Port 65535 alone: found from anywhere below it. */
	PORT_SET(map, 65535);
	ATF_CHECK_EQ(ports_next(map, 0), 65535);
	ATF_CHECK_EQ(ports_next(map, 65527), 65535);
	ATF_CHECK_EQ(ports_next(map, 65528), 65535);
	ATF_CHECK_EQ(ports_next(map, 65534), 65535);
	ATF_CHECK_EQ(ports_next(map, 65535), 0);

	/* A sparse set, at the edges of its bytes. */
	memset(map, 0, sizeof(map));
	for (i = 0; i < sizeof(sparse) / sizeof(sparse[0]); i++)
		PORT_SET(map, sparse[i]);
	p = 0;
	for (i = 0; i < sizeof(sparse) / sizeof(sparse[0]); i++) {
		p = ports_next(map, p);
		ATF_CHECK_EQ_MSG(p, sparse[i], "port %d, not %d", p,
		    sparse[i]);
	}
	ATF_CHECK_EQ(ports_next(map, p), 0);
	/* From the middle of a byte, and from a port not in the set. */
	ATF_CHECK_EQ(ports_next(map, 9), 15);
	ATF_CHECK_EQ(ports_next(map, 17), 255);
	ATF_CHECK_EQ(ports_next(map, 4095), 4096);
	ATF_CHECK_EQ(ports_next(map, 4096), 32768);
	ATF_CHECK_EQ(ports_next(map, 32769), 65527);

	/* Every port: each next is one more, up to 65535. */
	memset(map, 0xff, sizeof(map));
	for (p = 0; p < 65535; p++)
		if (ports_next(map, p) != p + 1)
			break;
	ATF_CHECK_EQ_MSG(p, 65535, "ports_next(%d) is %d", p,
	    ports_next(map, p));
	ATF_CHECK_EQ(ports_next(map, 65535), 0);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, port_numbers);
	ATF_TP_ADD_TC(tp, port_names);
	ATF_TP_ADD_TC(tp, port_errors);
	ATF_TP_ADD_TC(tp, lists);
	ATF_TP_ADD_TC(tp, duplicates);
	ATF_TP_ADD_TC(tp, list_errors);
	ATF_TP_ADD_TC(tp, range);
	ATF_TP_ADD_TC(tp, next);
	return (atf_no_error());
}
