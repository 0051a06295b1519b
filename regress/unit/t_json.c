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
 * json.c: the string escaping (every control character, quotes,
 * backslash, UTF-8 and bytes that are not), numbers, nesting, and whole
 * documents built from hand-made probe results, written into memory
 * streams and compared byte for byte.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <atf-c.h>

#include "tcptraceroute.h"

struct mem {
	FILE		*fp;
	char		*buf;
	size_t		 len;
};

static FILE *
mem_open(struct mem *m)
{
	memset(m, 0, sizeof(*m));
	ATF_REQUIRE((m->fp = open_memstream(&m->buf, &m->len)) != NULL);
	return (m->fp);
}

/* What was written; the caller frees it. */
static char *
mem_close(struct mem *m)
{
	ATF_REQUIRE(fclose(m->fp) == 0);
	return (m->buf);
}

/* len bytes of s as json_escape writes them. */
static char *
escaped(const char *s, size_t len)
{
	struct mem m;

	json_escape(mem_open(&m), s, len);
	return (mem_close(&m));
}

#define CHECK_ESC(in, want) do {					\
	char *got_ = escaped(in, sizeof(in) - 1);			\
	ATF_CHECK_STREQ_MSG(got_, want, "escaping %s", #in);		\
	free(got_);							\
} while (0)

ATF_TC_WITHOUT_HEAD(escape_controls);
ATF_TC_BODY(escape_controls, tc)
{
	char in[1], want[16], *got;
	int c;

	/* Every control character, NUL too, and DEL: \u00XX. */
	for (c = 0; c <= 0x7f; c++) {
		if (c >= 0x20 && c != 0x7f)
			continue;
		in[0] = (char)c;
		snprintf(want, sizeof(want), "\"\\u%04x\"", c);
		got = escaped(in, 1);
		ATF_CHECK_STREQ_MSG(got, want, "byte 0x%02x", c);
		free(got);
	}
	CHECK_ESC("a\nb\tc\r", "\"a\\u000ab\\u0009c\\u000d\"");
	CHECK_ESC("\033[31mred", "\"\\u001b[31mred\"");
}

ATF_TC_WITHOUT_HEAD(escape_quotes);
ATF_TC_BODY(escape_quotes, tc)
{
	CHECK_ESC("", "\"\"");
	CHECK_ESC("\"", "\"\\\"\"");
	CHECK_ESC("\\", "\"\\\\\"");
	CHECK_ESC("a\"b\\c", "\"a\\\"b\\\\c\"");
	CHECK_ESC("\\\"", "\"\\\\\\\"\"");
	/* The solidus needs no escape; printable ASCII goes as it is. */
	CHECK_ESC("a/b ~{}[]:,'", "\"a/b ~{}[]:,'\"");
}

ATF_TC_WITHOUT_HEAD(escape_utf8);
ATF_TC_BODY(escape_utf8, tc)
{
	/* Valid UTF-8 of every length, as \u escapes: pure ASCII out. */
	CHECK_ESC("\xc2\x80", "\"\\u0080\"");
	CHECK_ESC("caf\xc3\xa9", "\"caf\\u00e9\"");
	CHECK_ESC("\xdf\xbf", "\"\\u07ff\"");
	CHECK_ESC("\xe0\xa0\x80", "\"\\u0800\"");
	CHECK_ESC("\xe2\x82\xac", "\"\\u20ac\"");
	CHECK_ESC("\xed\x9f\xbf", "\"\\ud7ff\"");
	CHECK_ESC("\xee\x80\x80", "\"\\ue000\"");
	CHECK_ESC("\xef\xbf\xbf", "\"\\uffff\"");
	/* Beyond the BMP: a surrogate pair. */
	CHECK_ESC("\xf0\x90\x80\x80", "\"\\ud800\\udc00\"");
	CHECK_ESC("\xf0\x9f\x98\x80", "\"\\ud83d\\ude00\"");
	CHECK_ESC("\xf4\x8f\xbf\xbf", "\"\\udbff\\udfff\"");
	/* Right-to-left override: escaped, so it cannot turn a terminal. */
	CHECK_ESC("a\xe2\x80\xae" "b", "\"a\\u202eb\"");
}

ATF_TC_WITHOUT_HEAD(escape_invalid);
ATF_TC_BODY(escape_invalid, tc)
{
	/* Each byte that does not start a valid sequence: U+FFFD. */
	CHECK_ESC("\x80", "\"\\ufffd\"");
	CHECK_ESC("\xbf", "\"\\ufffd\"");
	CHECK_ESC("\xff", "\"\\ufffd\"");
	CHECK_ESC("\xfe\xff", "\"\\ufffd\\ufffd\"");
	/* Overlong forms. */
	CHECK_ESC("\xc0\xaf", "\"\\ufffd\\ufffd\"");
	CHECK_ESC("\xc1\xbf", "\"\\ufffd\\ufffd\"");
	CHECK_ESC("\xe0\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_ESC("\xf0\x80\x80\xaf", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* UTF-16 surrogates, and beyond U+10FFFF. */
	CHECK_ESC("\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_ESC("\xed\xbf\xbf", "\"\\ufffd\\ufffd\\ufffd\"");
	CHECK_ESC("\xf4\x90\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	CHECK_ESC("\xf5\x80\x80\x80", "\"\\ufffd\\ufffd\\ufffd\\ufffd\"");
	/* Cut short: by the end, or by an ASCII byte, which survives. */
	CHECK_ESC("a\xc3", "\"a\\ufffd\"");
	CHECK_ESC("\xe2\x82", "\"\\ufffd\\ufffd\"");
	CHECK_ESC("\xe2\x82z", "\"\\ufffd\\ufffdz\"");
	CHECK_ESC("\xf0\x9f\x98\"", "\"\\ufffd\\ufffd\\ufffd\\\"\"");
	/* A valid sequence right after an invalid byte is kept. */
	CHECK_ESC("\xff\xc3\xa9", "\"\\ufffd\\u00e9\"");
}

/* Whatever the bytes, the result is printable ASCII and quoted. */
ATF_TC_WITHOUT_HEAD(escape_any_bytes);
ATF_TC_BODY(escape_any_bytes, tc)
{
	char in[512], *got;
	size_t i, n;
	int a, b;

	for (a = 0; a < 256; a++)
		for (b = 0; b < 256; b += 17) {
			in[0] = (char)a;
			in[1] = (char)b;
			in[2] = (char)(a ^ b);
			got = escaped(in, 3);
			n = strlen(got);
			ATF_REQUIRE(n >= 2 && got[0] == '"' &&
			    got[n - 1] == '"');
			for (i = 0; i < n; i++)
				ATF_REQUIRE_MSG(got[i] >= 0x20 && got[i] < 0x7f,
				    "bytes %02x %02x", a, b);
			/* No unescaped quote inside. */
			for (i = 1; i + 1 < n; i++)
				if (got[i] == '\\')
					i++;
				else
					ATF_REQUIRE(got[i] != '"');
			ATF_REQUIRE(i == n - 1);
			free(got);
		}
}

/* Values written by fn into a fresh top-level array. */
static char *
in_array(void (*fn)(struct json *))
{
	struct json j;
	struct mem m;

	json_init(&j, mem_open(&m));
	json_array(&j, NULL);
	fn(&j);
	json_close(&j);
	ATF_CHECK_EQ(j.depth, 0);
	return (mem_close(&m));
}

static void
numbers(struct json *j)
{
	json_ms(j, NULL, 0.0);
	json_ms(j, NULL, 0.0004);
	json_ms(j, NULL, 0.034);
	json_ms(j, NULL, 1.23456);
	json_ms(j, NULL, 12.3456);
	json_ms(j, NULL, 999.9996);
	json_ms(j, NULL, 3000.0);
	json_ms(j, NULL, -1.5);
	json_ms(j, NULL, -0.0001);
	json_ms(j, NULL, NAN);
	json_ms(j, NULL, INFINITY);
	json_ms(j, NULL, -INFINITY);
	json_int(j, NULL, 0);
	json_int(j, NULL, -7);
	json_int(j, NULL, 65535);
	json_int(j, NULL, LLONG_MAX);
	json_int(j, NULL, LLONG_MIN);
	json_bool(j, NULL, 1);
	json_bool(j, NULL, 0);
	json_bool(j, NULL, 42);
}

ATF_TC_WITHOUT_HEAD(numbers);
ATF_TC_BODY(numbers, tc)
{
	char *got;

	got = in_array(numbers);
	ATF_CHECK_STREQ(got, "[0.000,0.000,0.034,1.235,12.346,1000.000,"
	    "3000.000,-1.500,0.000,null,null,null,0,-7,65535,"
	    "9223372036854775807,-9223372036854775808,true,false,true]");
	free(got);
}

static void
nesting(struct json *j)
{
	json_object(j, NULL);
	json_array(j, "a");
	json_int(j, NULL, 1);
	json_object(j, NULL);
	json_array(j, "b");
	json_close(j);
	json_close(j);
	json_array(j, NULL);
	json_close(j);
	json_string(j, NULL, "s");
	json_close(j);
	json_object(j, "c");
	json_close(j);
	json_string(j, "k\"ey", "v\n");
	json_close(j);
	json_object(j, NULL);
	json_close(j);
}

ATF_TC_WITHOUT_HEAD(nesting);
ATF_TC_BODY(nesting, tc)
{
	char *got;

	got = in_array(nesting);
	ATF_CHECK_STREQ(got, "[{\"a\":[1,{\"b\":[]},[],\"s\"],\"c\":{},"
	    "\"k\\\"ey\":\"v\\u000a\"},{}]");
	free(got);
}

ATF_TC_WITHOUT_HEAD(too_deep);
ATF_TC_BODY(too_deep, tc)
{
	struct json j;
	struct mem m;
	int i;

	json_init(&j, mem_open(&m));
	for (i = 0; i < JSON_MAXDEPTH; i++)
		json_array(&j, NULL);
	ATF_CHECK_EQ(j.depth, JSON_MAXDEPTH);
	atf_tc_expect_exit(1, "one level more ends the program");
	json_array(&j, NULL);
}

/* A trace's fixed parts, as child.c and options.c would leave them. */
static void
setup(struct options *o, struct ttr_config *cfg, int family,
    const char *src, const char *dst, const char *host)
{
	memset(o, 0, sizeof(*o));
	memset(cfg, 0, sizeof(*cfg));
	o->host = host;
	o->first_ttl = 1;
	o->max_ttl = 30;
	o->nqueries = 3;
	cfg->family = family;
	ATF_REQUIRE(inet_pton(family, src, &cfg->src) == 1);
	ATF_REQUIRE(inet_pton(family, dst, &cfg->dst) == 1);
	cfg->sport = 41213;
	cfg->dport = 80;
	cfg->length = family == AF_INET ? 40 : 60;
}

/*
 * A probe's result as print_ready hands it over: addr NULL for one
 * that timed out.
 */
static void
answer(struct hop_result *r, struct probe *p, int family, int ttl, int q,
    const char *addr, double rtt)
{
	memset(r, 0, sizeof(*r));
	memset(p, 0, sizeof(*p));
	r->ttl = ttl;
	r->q = q;
	r->family = family;
	p->ttl = (uint8_t)ttl;
	p->q = (uint8_t)q;
	p->sport = 41213;
	if (addr == NULL)
		return;
	r->answered = 1;
	ATF_REQUIRE(inet_pton(family, addr, &r->addr) == 1);
	r->rtt = rtt;
	p->from = r->addr;
	p->state = PROBE_ANSWERED;
	p->kind = REPLY_TIMXCEED;
	p->icmp_type = family == AF_INET ? 11 : 3;
	p->rttl = (uint8_t)(65 - ttl);
	p->rsize = family == AF_INET ? 56 : 108;
}

static void
tcp(struct hop_result *r, struct probe *p, uint8_t flags)
{
	p->kind = REPLY_TCP;
	p->icmp_type = 0;
	p->tcpflags = flags;
	p->rsize = r->family == AF_INET ? 40 : 60;
	output_tcpstate(flags, r->state, sizeof(r->state));
}

static void
unreach(struct hop_result *r, struct probe *p, uint8_t type, uint8_t code)
{
	p->kind = REPLY_UNREACH;
	p->icmp_type = type;
	p->icmp_code = code;
	output_unreach(r->family, type, code, r->annot, sizeof(r->annot));
}

/* The finished document, as json_end writes it. */
static char *
finish(struct json *j, int reached)
{
	struct mem m;

	ATF_REQUIRE(json_end(j, reached, 1700000002, mem_open(&m)) == 0);
	return (mem_close(&m));
}

ATF_TC_WITHOUT_HEAD(document4);
ATF_TC_BODY(document4, tc)
{
	struct options o;
	struct ttr_config cfg;
	struct hop_result r;
	struct probe p;
	struct json j;
	char *got;

	setup(&o, &cfg, AF_INET, "192.0.2.1", "198.51.100.80",
	    "www.example.com");
	json_start(&j, &o, &cfg, cfg.dport, 1700000000);
	/* Hop 1: a named router; the name equal to the address is left out. */
	answer(&r, &p, AF_INET, 1, 1, "192.0.2.254", 0.2114);
	r.name = "gw.example.com";
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 1, 2, "192.0.2.254", 0.25);
	r.name = "192.0.2.254";
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 1, 3, NULL, 0);
	json_probe(&j, &r, &p);
	/* Hop 2: silent. */
	answer(&r, &p, AF_INET, 2, 1, NULL, 0);
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 2, 2, NULL, 0);
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 2, 3, NULL, 0);
	json_probe(&j, &r, &p);
	/* Hop 3: DNAT seen, --back, an answer after the adaptive wait. */
	answer(&r, &p, AF_INET, 3, 1, "203.0.113.9", 10.0);
	r.dnat = 1;
	ATF_REQUIRE(inet_pton(AF_INET, "198.51.100.81", &r.dnat_addr) == 1);
	r.dnat_port = 8080;
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 3, 2, "203.0.113.9", 10.5);
	r.back = 5;
	p.late = 1;
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 3, 3, "203.0.113.10", 11.0);
	p.sport = 41214;
	json_probe(&j, &r, &p);
	/* Hop 4: the destination, open (ECN), closed, and -O info. */
	answer(&r, &p, AF_INET, 4, 1, "198.51.100.80", 20.0);
	r.name = "www.example.com";
	tcp(&r, &p, TTR_SYN|TTR_ACK|TTR_ECE);
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 4, 2, "198.51.100.80", 20.0);
	tcp(&r, &p, TTR_RST|TTR_ACK);
	json_probe(&j, &r, &p);
	answer(&r, &p, AF_INET, 4, 3, "198.51.100.80", 20.0);
	tcp(&r, &p, TTR_FIN|TTR_PSH|TTR_URG|TTR_CWR);
	output_tcpflags(p.tcpflags, r.annot, sizeof(r.annot));
	json_probe(&j, &r, &p);
	got = finish(&j, 1);
	ATF_CHECK_STREQ(got,
	    "{\"type\":\"traceroute\",\"proto\":\"TCP\",\"af\":4,"
	    "\"src_addr\":\"192.0.2.1\",\"dst_addr\":\"198.51.100.80\","
	    "\"dst_name\":\"www.example.com\",\"sport\":41213,\"dport\":80,"
	    "\"size\":40,\"first_ttl\":1,\"max_ttl\":30,\"queries\":3,"
	    "\"timestamp\":1700000000,\"result\":["
	    "{\"hop\":1,\"result\":["
	    "{\"from\":\"192.0.2.254\",\"name\":\"gw.example.com\","
	    "\"rtt\":0.211,\"size\":56,\"ttl\":64,\"sport\":41213,"
	    "\"icmp_type\":11,\"icmp_code\":0},"
	    "{\"from\":\"192.0.2.254\",\"rtt\":0.250,\"size\":56,\"ttl\":64,"
	    "\"sport\":41213,\"icmp_type\":11,\"icmp_code\":0},"
	    "{\"x\":\"*\"}]},"
	    "{\"hop\":2,\"result\":[{\"x\":\"*\"},{\"x\":\"*\"},{\"x\":\"*\"}]},"
	    "{\"hop\":3,\"result\":["
	    "{\"from\":\"203.0.113.9\",\"rtt\":10.000,\"size\":56,\"ttl\":62,"
	    "\"sport\":41213,\"icmp_type\":11,\"icmp_code\":0,"
	    "\"dnat_addr\":\"198.51.100.81\",\"dnat_port\":8080},"
	    "{\"from\":\"203.0.113.9\",\"rtt\":10.500,\"size\":56,\"ttl\":62,"
	    "\"sport\":41213,\"icmp_type\":11,\"icmp_code\":0,\"back\":5,"
	    "\"after_wait\":true},"
	    "{\"from\":\"203.0.113.10\",\"rtt\":11.000,\"size\":56,\"ttl\":62,"
	    "\"sport\":41214,\"icmp_type\":11,\"icmp_code\":0}]},"
	    "{\"hop\":4,\"result\":["
	    "{\"from\":\"198.51.100.80\",\"name\":\"www.example.com\","
	    "\"rtt\":20.000,\"size\":40,\"ttl\":61,\"sport\":41213,"
	    "\"flags\":\"SAE\",\"state\":\"open\",\"ecn\":true},"
	    "{\"from\":\"198.51.100.80\",\"rtt\":20.000,\"size\":40,\"ttl\":61,"
	    "\"sport\":41213,\"flags\":\"RA\",\"state\":\"closed\"},"
	    "{\"from\":\"198.51.100.80\",\"rtt\":20.000,\"size\":40,\"ttl\":61,"
	    "\"sport\":41213,\"flags\":\"FPUC\",\"state\":\"unknown\","
	    "\"annotation\":\"<fin,psh,urg,cwr>\"}]}],"
	    "\"endtime\":1700000002,\"reached\":true}\n");
	free(got);
}

ATF_TC_WITHOUT_HEAD(document6);
ATF_TC_BODY(document6, tc)
{
	struct options o;
	struct ttr_config cfg;
	struct hop_result r;
	struct probe p;
	struct json j;
	char *got;

	/* A target name with bytes that need escaping, as typed. */
	setup(&o, &cfg, AF_INET6, "2001:db8::1", "2001:db8:6::2",
	    "h\"\\\x01\xff\xc3\xa9");
	o.first_ttl = 5;
	o.max_ttl = 6;
	o.nqueries = 1;
	json_start(&j, &o, &cfg, cfg.dport, 1700000000);
	/* A name from the network as strnvis left it, a backslash in it. */
	answer(&r, &p, AF_INET6, 5, 1, "2001:db8:5::2", 1.0);
	r.name = "r5\\033.example";
	unreach(&r, &p, 1, 1);
	json_probe(&j, &r, &p);
	/* A code without a letter: err is the number. */
	answer(&r, &p, AF_INET6, 6, 1, "2001:db8:6::2", 2.0);
	unreach(&r, &p, 1, 7);
	json_probe(&j, &r, &p);
	got = finish(&j, 1);
	ATF_CHECK_STREQ(got,
	    "{\"type\":\"traceroute\",\"proto\":\"TCP\",\"af\":6,"
	    "\"src_addr\":\"2001:db8::1\",\"dst_addr\":\"2001:db8:6::2\","
	    "\"dst_name\":\"h\\\"\\\\\\u0001\\ufffd\\u00e9\","
	    "\"sport\":41213,\"dport\":80,\"size\":60,\"first_ttl\":5,"
	    "\"max_ttl\":6,\"queries\":1,\"timestamp\":1700000000,\"result\":["
	    "{\"hop\":5,\"result\":[{\"from\":\"2001:db8:5::2\","
	    "\"name\":\"r5\\\\033.example\",\"rtt\":1.000,\"size\":108,"
	    "\"ttl\":60,\"sport\":41213,\"icmp_type\":1,\"icmp_code\":1,"
	    "\"err\":\"A\",\"annotation\":\"!A\"}]},"
	    "{\"hop\":6,\"result\":[{\"from\":\"2001:db8:6::2\",\"rtt\":2.000,"
	    "\"size\":108,\"ttl\":59,\"sport\":41213,\"icmp_type\":1,"
	    "\"icmp_code\":7,\"err\":7,\"annotation\":\"!<7>\"}]}],"
	    "\"endtime\":1700000002,\"reached\":true}\n");
	free(got);
}

/* Nothing printed yet (an interrupt at once): still a whole document. */
ATF_TC_WITHOUT_HEAD(document_empty);
ATF_TC_BODY(document_empty, tc)
{
	struct options o;
	struct ttr_config cfg;
	struct json j;
	char *got;

	setup(&o, &cfg, AF_INET, "192.0.2.1", "192.0.2.2", "192.0.2.2");
	json_start(&j, &o, &cfg, cfg.dport, 5);
	got = finish(&j, 0);
	ATF_CHECK_STREQ(got,
	    "{\"type\":\"traceroute\",\"proto\":\"TCP\",\"af\":4,"
	    "\"src_addr\":\"192.0.2.1\",\"dst_addr\":\"192.0.2.2\","
	    "\"dst_name\":\"192.0.2.2\",\"sport\":41213,\"dport\":80,"
	    "\"size\":40,\"first_ttl\":1,\"max_ttl\":30,\"queries\":3,"
	    "\"timestamp\":5,\"result\":[],\"endtime\":1700000002,"
	    "\"reached\":false}\n");
	free(got);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, escape_controls);
	ATF_TP_ADD_TC(tp, escape_quotes);
	ATF_TP_ADD_TC(tp, escape_utf8);
	ATF_TP_ADD_TC(tp, escape_invalid);
	ATF_TP_ADD_TC(tp, escape_any_bytes);
	ATF_TP_ADD_TC(tp, numbers);
	ATF_TP_ADD_TC(tp, nesting);
	ATF_TP_ADD_TC(tp, too_deep);
	ATF_TP_ADD_TC(tp, document4);
	ATF_TP_ADD_TC(tp, document6);
	ATF_TP_ADD_TC(tp, document_empty);
	return (atf_no_error());
}
