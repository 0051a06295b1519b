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
 * -j: the trace as one JSON document (RFC 8259), shaped like a RIPE
 * Atlas traceroute result where the two overlap.  A small writer, not a
 * library: it only ever writes, it needs nothing from the sandbox but
 * memory, and it turns any bytes into pure ASCII JSON (valid UTF-8 as
 * \u escapes, anything else as U+FFFD), so no name from the network
 * reaches a terminal or a parser raw.  Numbers are formatted by hand,
 * never through the locale.
 *
 * The document is built in memory and written out in one piece at the
 * end, so that a trace cut short by an error leaves no half a document
 * on standard output.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tcptraceroute.h"

static void
json_sep(struct json *j, const char *key)
{
	if (j->depth > 0) {
		if (!j->first[j->depth - 1])
			fputc(',', j->fp);
		j->first[j->depth - 1] = 0;
	}
	if (key != NULL) {
		json_escape(j->fp, key, strlen(key));
		fputc(':', j->fp);
	}
}

void
json_init(struct json *j, FILE *fp)
{
	memset(j, 0, sizeof(*j));
	j->fp = fp;
}

/*
 * A valid UTF-8 sequence at s (at most len bytes): its length, and the
 * code point in *cp; 0 if the bytes are not one (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF).
 */
static size_t
utf8_seq(const unsigned char *s, size_t len, unsigned int *cp)
{
	unsigned int lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		*cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		*cp = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;
		else if (s[0] == 0xed)
			hi = 0x9f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		*cp = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;
		else if (s[0] == 0xf4)
			hi = 0x8f;
	} else
		return (0);
	if (len < n)
		return (0);
	for (i = 1; i < n; i++) {
		/* Only the second byte has the narrower range. */
		if (s[i] < (i == 1 ? lo : 0x80) || s[i] > (i == 1 ? hi : 0xbf))
			return (0);
		*cp = *cp << 6 | (s[i] & 0x3f);
	}
	return (n);
}

/* The bytes s[0 .. len) as a JSON string, quotes included, in ASCII. */
void
json_escape(FILE *fp, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned int cp;
	size_t i, n;

	fputc('"', fp);
	for (i = 0; i < len; i += n) {
		n = 1;
		if (s[i] == '"' || s[i] == '\\')
			fprintf(fp, "\\%c", s[i]);
		else if (s[i] < 0x20 || s[i] == 0x7f)
			fprintf(fp, "\\u%04x", s[i]);
		else if (s[i] < 0x80)
			fputc(s[i], fp);
		else if ((n = utf8_seq(s + i, len - i, &cp)) == 0) {
			/* Not UTF-8: one replacement character a byte. */
			n = 1;
			fputs("\\ufffd", fp);
		} else if (cp > 0xffff) {
			cp -= 0x10000;
			fprintf(fp, "\\u%04x\\u%04x", 0xd800 + (cp >> 10),
			    0xdc00 + (cp & 0x3ff));
		} else
			fprintf(fp, "\\u%04x", cp);
	}
	fputc('"', fp);
}

static void
json_open(struct json *j, const char *key, char open, char close)
{
	if (j->depth >= JSON_MAXDEPTH)
		errx(1, "json: nested too deep");
	json_sep(j, key);
	fputc(open, j->fp);
	j->close[j->depth] = close;
	j->first[j->depth++] = 1;
}

void
json_object(struct json *j, const char *key)
{
	json_open(j, key, '{', '}');
}

void
json_array(struct json *j, const char *key)
{
	json_open(j, key, '[', ']');
}

/* Close the innermost object or array. */
void
json_close(struct json *j)
{
	if (j->depth == 0)
		errx(1, "json: nothing to close");
	fputc(j->close[--j->depth], j->fp);
}

void
json_string(struct json *j, const char *key, const char *s)
{
	json_sep(j, key);
	json_escape(j->fp, s, strlen(s));
}

void
json_int(struct json *j, const char *key, long long v)
{
	json_sep(j, key);
	fprintf(j->fp, "%lld", v);
}

void
json_bool(struct json *j, const char *key, int v)
{
	json_sep(j, key);
	fputs(v ? "true" : "false", j->fp);
}

/*
 * Milliseconds with three decimals, rounded half away from zero, in
 * integer arithmetic: no locale can turn the point into a comma.
 * JSON has no NaN or infinity; what is not a number is null.
 */
void
json_ms(struct json *j, const char *key, double ms)
{
	long long us;
	double v;

	json_sep(j, key);
	v = ms < 0 ? -ms : ms;
	if (!(v < 1e15)) {
		fputs("null", j->fp);
		return;
	}
	us = (long long)(v * 1000.0 + 0.5);
	fprintf(j->fp, "%s%lld.%03lld", ms < 0 && us != 0 ? "-" : "",
	    us / 1000, us % 1000);
}

static void
json_addr(struct json *j, const char *key, int family,
    const union ttr_addr *a)
{
	char buf[INET6_ADDRSTRLEN];

	json_string(j, key, addr_ntop(family, a, buf, sizeof(buf)));
}

/* The document's head, before the first hop. */
void
json_start(struct json *j, const struct options *o,
    const struct ttr_config *cfg, uint16_t dport, time_t start)
{
	FILE *doc;

	json_init(j, NULL);
	if ((doc = open_memstream(&j->buf, &j->len)) == NULL)
		err(1, "open_memstream");
	j->fp = j->doc = doc;
	json_object(j, NULL);
	json_string(j, "type", "traceroute");
	json_string(j, "proto", cfg->method == METHOD_ICMP ? "ICMP" :
	    cfg->method == METHOD_UDP ? "UDP" : "TCP");
	json_int(j, "af", cfg->family == AF_INET ? 4 : 6);
	json_addr(j, "src_addr", cfg->family, &cfg->src);
	json_addr(j, "dst_addr", cfg->family, &cfg->dst);
	json_string(j, "dst_name", o->host);
	json_int(j, "sport", cfg->sport);
	if (cfg->method != METHOD_ICMP)
		json_int(j, "dport", dport);
	json_int(j, "size", cfg->length);
	json_int(j, "first_ttl", o->first_ttl);
	json_int(j, "max_ttl", o->max_ttl);
	json_int(j, "queries", o->nqueries);
	json_int(j, "timestamp", (long long)start);
	json_array(j, "result");
}

/* TCP flags as letters, in the order of their bits: SYN|ACK is "SA". */
static void
json_tcpflags(struct json *j, uint8_t flags)
{
	static const char letters[] = "FSRPAUEC";
	char buf[9];
	size_t i, n = 0;

	for (i = 0; i < 8; i++)
		if (flags & (1 << i))
			buf[n++] = letters[i];
	buf[n] = '\0';
	json_string(j, "flags", buf);
}

/*
 * -e's objects as Atlas's "icmpext": each object's class and type, an
 * MPLS stack decoded, any other object's first bytes in hex.
 */
static void
json_icmpext(struct json *j, const struct icmp_ext *e)
{
	const struct ext_obj *o;
	const struct mpls_entry *m;
	char hex[EXT_OBJDATA * 2 + 1];
	size_t k, n;
	int i;

	json_object(j, "icmpext");
	json_int(j, "version", 2);
	json_array(j, "obj");
	for (i = 0; i < e->nobj; i++) {
		o = &e->obj[i];
		json_object(j, NULL);
		json_int(j, "class", o->class);
		json_int(j, "type", o->ctype);
		if (e->mplsobj == i + 1) {
			json_array(j, "mpls");
			for (k = 0; k < e->nmpls; k++) {
				m = &e->mpls[k];
				json_object(j, NULL);
				json_int(j, "label", m->label);
				json_int(j, "exp", m->exp);
				json_int(j, "s", m->s);
				json_int(j, "ttl", m->ttl);
				json_close(j);
			}
			json_close(j);
		} else {
			n = o->len < EXT_OBJDATA ? o->len : EXT_OBJDATA;
			for (k = 0; k < n; k++)
				snprintf(hex + 2 * k, 3, "%02x", o->data[k]);
			hex[2 * n] = '\0';
			json_string(j, "hex", hex);
		}
		json_close(j);
	}
	json_close(j);
	json_close(j);
}

/*
 * One probe's result, fed in order as output_probe is: its hop line's
 * fields, and from the probe what the line does not show.
 */
void
json_probe(struct json *j, const struct hop_result *r, const struct probe *p)
{
	char num[INET6_ADDRSTRLEN], state[sizeof(r->state)];
	size_t n;

	if (r->ttl != j->lastttl) {
		if (j->lastttl != 0) {
			json_close(j);
			json_close(j);
		}
		json_object(j, NULL);
		json_int(j, "hop", r->ttl);
		json_array(j, "result");
		j->lastttl = r->ttl;
	}
	json_object(j, NULL);
	if (!r->answered) {
		json_string(j, "x", "*");
		json_close(j);
		return;
	}
	json_string(j, "from", addr_ntop(r->family, &r->addr, num,
	    sizeof(num)));
	if (r->name != NULL && r->name[0] != '\0' && strcmp(r->name, num) != 0)
		json_string(j, "name", r->name);
	json_ms(j, "rtt", r->rtt);
	json_int(j, "size", p->rsize);
	json_int(j, "ttl", p->rttl);
	json_int(j, "sport", p->sport);
	if (p->kind == REPLY_TCP) {
		json_tcpflags(j, p->tcpflags);
		/* The hop line's "[open, ecn]" as "open" and ecn. */
		n = strcspn(r->state, ",");
		snprintf(state, sizeof(state), "%.*s", (int)n, r->state);
		json_string(j, "state", state);
		if (strcmp(r->state, "open, ecn") == 0)
			json_bool(j, "ecn", 1);
	} else {
		json_int(j, "icmp_type", p->icmp_type);
		json_int(j, "icmp_code", p->icmp_code);
		/* "!A" is Atlas's "A"; a code without a letter, a number. */
		if (r->annot[0] == '!' && r->annot[1] == '<')
			json_int(j, "err", p->icmp_code);
		else if (r->annot[0] == '!')
			json_string(j, "err", r->annot + 1);
	}
	if (r->annot[0] != '\0')
		json_string(j, "annotation", r->annot);
	if (r->back != 0)
		json_int(j, "back", r->back);
	if (r->mtu != 0)
		json_int(j, "mtu", r->mtu);
	if (r->dnat) {
		json_addr(j, "dnat_addr", r->family, &r->dnat_addr);
		if (r->dnat_port != 0)
			json_int(j, "dnat_port", r->dnat_port);
	}
	if (p->late)
		json_bool(j, "after_wait", 1);
	if (p->ext.nobj > 0)
		json_icmpext(j, &p->ext);
	if (r->asn != NULL && strcmp(r->asn, "*") != 0)
		json_string(j, "as", r->asn);
	/*
	 * More per-probe fields go here, one line each, e.g. MPLS labels
	 * as Atlas's "icmpext" object, the AS number as "as"; and in
	 * regress/net/trace.schema.json and the man page's JSON OUTPUT.
	 */
	json_close(j);
}

/* Close the document and write it to fp in one piece. */
int
json_end(struct json *j, int reached, time_t end, FILE *fp)
{
	if (j->lastttl != 0) {
		json_close(j);
		json_close(j);
	}
	json_close(j);
	json_int(j, "endtime", (long long)end);
	json_bool(j, "reached", reached);
	json_close(j);
	fputc('\n', j->fp);
	if (fclose(j->doc) == EOF)
		err(1, "json");
	j->doc = NULL;
	if (fwrite(j->buf, 1, j->len, fp) != j->len || fflush(fp) == EOF) {
		free(j->buf);
		return (-1);
	}
	free(j->buf);
	j->buf = NULL;
	return (0);
}
