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
 * hosts.c: names from a hosts file, and nsswitch.conf's order of the
 * file and DNS.  The files are given as strings (fmemopen).
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

static struct hosts_table
table(const char *text)
{
	struct hosts_table h;
	FILE *fp;

	ATF_REQUIRE((fp = fmemopen((void *)text, strlen(text), "r")) != NULL);
	ATF_REQUIRE_EQ(hosts_parse(fp, &h), 0);
	fclose(fp);
	return (h);
}

static const char *
name(const struct hosts_table *h, const char *addr)
{
	union ttr_addr a;
	int family = strchr(addr, ':') != NULL ? AF_INET6 : AF_INET;

	memset(&a, 0, sizeof(a));
	ATF_REQUIRE(inet_pton(family, addr, &a) == 1);
	return (hosts_lookup(h, family, &a));
}

static int
order(const char *text)
{
	FILE *fp;
	int o;

	ATF_REQUIRE((fp = fmemopen((void *)text, strlen(text), "r")) != NULL);
	o = hosts_order(fp);
	fclose(fp);
	return (o);
}

ATF_TC_WITHOUT_HEAD(first_name);
ATF_TC_BODY(first_name, tc)
{
	struct hosts_table h = table(
	    "# comment 192.0.2.9 commented\n"
	    "127.0.0.1\tlocalhost\n"
	    "  192.0.2.1   router.example  router # the router\n"
	    "192.0.2.1 second.example\n"
	    "::1 localhost ip6-localhost\n"
	    "2001:db8::1 six.example\n"
	    "192.0.2.2\n"
	    "bogus name\n"
	    "192.0.2.3 three.example");

	ATF_CHECK_STREQ(name(&h, "127.0.0.1"), "localhost");
	/* The first name on the first line with the address. */
	ATF_CHECK_STREQ(name(&h, "192.0.2.1"), "router.example");
	ATF_CHECK_STREQ(name(&h, "::1"), "localhost");
	ATF_CHECK_STREQ(name(&h, "2001:db8::1"), "six.example");
	/* No name; a comment; the last line without a newline. */
	ATF_CHECK(name(&h, "192.0.2.2") == NULL);
	ATF_CHECK(name(&h, "192.0.2.9") == NULL);
	ATF_CHECK_STREQ(name(&h, "192.0.2.3"), "three.example");
	/* Families apart: 0.0.0.1 is not ::1. */
	ATF_CHECK(name(&h, "0.0.0.1") == NULL);
	ATF_CHECK_EQ(h.n, 5);
}

ATF_TC_WITHOUT_HEAD(long_name);
ATF_TC_BODY(long_name, tc)
{
	char text[600];
	struct hosts_table h;

	/* A name longer than DNS allows is passed over. */
	memset(text, 'a', sizeof(text));
	memcpy(text, "192.0.2.1 ", 10);
	text[10 + DNS_NAMELEN + 1] = '\0';
	h = table(text);
	ATF_CHECK(name(&h, "192.0.2.1") == NULL);
	text[10 + DNS_NAMELEN] = '\0';
	h = table(text);
	ATF_CHECK(name(&h, "192.0.2.1") != NULL);
}

ATF_TC_WITHOUT_HEAD(nsswitch);
ATF_TC_BODY(nsswitch, tc)
{
	ATF_CHECK_EQ(hosts_order(NULL), HOSTS_FILES_DNS);
	ATF_CHECK_EQ(order("passwd: files\n"), HOSTS_FILES_DNS);
	ATF_CHECK_EQ(order("hosts:          files dns\n"), HOSTS_FILES_DNS);
	ATF_CHECK_EQ(order("hosts: files mdns4_minimal [NOTFOUND=return] "
	    "dns myhostname\n"), HOSTS_FILES_DNS);
	ATF_CHECK_EQ(order("hosts: dns files\n"), HOSTS_DNS_FILES);
	ATF_CHECK_EQ(order("hosts: files\n"), HOSTS_FILES);
	ATF_CHECK_EQ(order("# hosts: dns\nhosts:\tdns\n"), HOSTS_DNS);
	ATF_CHECK_EQ(order("hosts: myhostname\n"), HOSTS_NONE);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, first_name);
	ATF_TP_ADD_TC(tp, long_name);
	ATF_TP_ADD_TC(tp, nsswitch);
	return (atf_no_error());
}
