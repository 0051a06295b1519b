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
 * Command line parsing, into struct options.  This runs in the
 * unprivileged child only.  It never exits, and writes nothing but the
 * usage (options_usage) and one warning: an error comes back as
 * OPT_ERROR with its message in the caller's buffer (fail), so that the
 * unit tests can drive every one and child.c says it.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netdb.h>
#include <netinet/in.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"

#define DEFAULT_PORT	80
#define DEFAULT_SQUERIES 16
#define DEFAULT_RETRIES	2
#define SCAN_SQUERIES	64	/* --scan: ports in flight at once */
#define CONTROL_PORT	443	/* compared with, if no other port is */
#define CONTROL_PORT2	80	/* ... when 443 is the one traced */


enum {
	LOPT_DNAT = 256,
	LOPT_NODNAT,
	LOPT_NODNATSTRICT,
	LOPT_TRACKID,
	LOPT_TRACKPORT,
	LOPT_SELECT,
	LOPT_NOSELECT,
	LOPT_NOFILTER,
	LOPT_NOGETIF,
	LOPT_SIMQUERIES,
	LOPT_SENDWAIT,
	LOPT_RETRIES,
	LOPT_TCPFLAGS,
	LOPT_BACK,
	LOPT_PORTS,
	LOPT_SCAN,
	LOPT_FINDBLOCK,
	LOPT_PROXY,
	LOPT_NOPROXY,
	LOPT_ASN,
	LOPT_ASZONE,
	LOPT_PORT,
	LOPT_FWMARK,
	LOPT_DONTROUTE,
	LOPT_FLOWLABEL,
	LOPT_MTU,
	LOPT_MODULE,
	LOPT_ECMP
};

static const struct option longopts[] = {
	{ "help",		no_argument,	NULL,	'h' },
	{ "version",		no_argument,	NULL,	'v' },
	{ "dnat",		no_argument,	NULL,	LOPT_DNAT },
	{ "no-dnat",		no_argument,	NULL,	LOPT_NODNAT },
	{ "no-dnat-strict",	no_argument,	NULL,	LOPT_NODNATSTRICT },
	{ "track-id",		no_argument,	NULL,	LOPT_TRACKID },
	{ "track-ipid",		no_argument,	NULL,	LOPT_TRACKID },
	{ "track-port",		no_argument,	NULL,	LOPT_TRACKPORT },
	{ "select",		no_argument,	NULL,	LOPT_SELECT },
	{ "no-select",		no_argument,	NULL,	LOPT_NOSELECT },
	{ "no-filter",		no_argument,	NULL,	LOPT_NOFILTER },
	{ "no-getinterfaces",	no_argument,	NULL,	LOPT_NOGETIF },
	{ "sim-queries",	required_argument, NULL, LOPT_SIMQUERIES },
	{ "sendwait",		required_argument, NULL, LOPT_SENDWAIT },
	{ "retries",		required_argument, NULL, LOPT_RETRIES },
	{ "tcp-flags",		required_argument, NULL, LOPT_TCPFLAGS },
	{ "back",		no_argument,	NULL,	LOPT_BACK },
	{ "condensed",		no_argument,	NULL,	'c' },
	{ "range",		required_argument, NULL, 'r' },
	{ "ports",		required_argument, NULL, LOPT_PORTS },
	{ "scan",		no_argument,	NULL,	LOPT_SCAN },
	{ "find-block",		optional_argument, NULL, LOPT_FINDBLOCK },
	{ "detect-proxy",	optional_argument, NULL, LOPT_PROXY },
	{ "no-detect-proxy",	no_argument,	NULL,	LOPT_NOPROXY },
	{ "json",		no_argument,	NULL,	'j' },
	{ "extensions",		no_argument,	NULL,	'e' },
	{ "as-path-lookups",	no_argument,	NULL,	LOPT_ASN },
	{ "as-zone",		required_argument, NULL, LOPT_ASZONE },
	{ "fwmark",		required_argument, NULL, LOPT_FWMARK },
	{ "bypass-routing",	no_argument,	NULL,	LOPT_DONTROUTE },
	/* Linux traceroute's names for the letters both tools share. */
	{ "debug",		no_argument,	NULL,	'd' },
	{ "dont-fragment",	no_argument,	NULL,	'F' },
	{ "first",		required_argument, NULL, 'f' },
	{ "interface",		required_argument, NULL, 'i' },
	{ "max-hops",		required_argument, NULL, 'm' },
	{ "queries",		required_argument, NULL, 'q' },
	{ "source",		required_argument, NULL, 's' },
	{ "tos",		required_argument, NULL, 't' },
	{ "wait",		required_argument, NULL, 'w' },
	{ "options",		required_argument, NULL, 'O' },
	/* ... and for the ones 1.5 gives other meanings. */
	{ "port",		required_argument, NULL, LOPT_PORT },
	{ "sport",		required_argument, NULL, 'p' },
	{ "flowlabel",		required_argument, NULL, LOPT_FLOWLABEL },
	{ "mtu",		no_argument,	NULL,	LOPT_MTU },
	{ "icmp",		no_argument,	NULL,	'I' },
	{ "udp",		no_argument,	NULL,	'U' },
	{ "tcp",		no_argument,	NULL,	'T' },
	{ "module",		required_argument, NULL, LOPT_MODULE },
	{ "ecmp",		no_argument,	NULL,	LOPT_ECMP },
	{ "gateway",		required_argument, NULL, 'g' },
	{ NULL,			0,		NULL,	0 }
};

static const char optstring[] =
    "46AcdEeFf:g:hIi:jl:M:m:NnO:P:p:q:r:Ss:Tt:UVvw:z:";

/*
 * The destination port: a port_parse port, or 0, which 1.5 traces to
 * (a closed port everywhere; in a list it would mean none).
 */
static int
dest_port(const char *arg, int *res, char *errbuf, size_t errlen)
{
	const char *errstr;

	if (arg[0] < '0' || arg[0] > '9')
		return (port_parse(arg, res, errbuf, errlen));
	*res = (int)strtonum(arg, 0, 65535, &errstr);
	if (errstr != NULL) {
		fail(errbuf, errlen, "invalid port: %s (0 to 65535)", arg);
		return (-1);
	}
	return (0);
}

/*
 * -g gateway,...: at most TTR_MAXGW names, none empty.  The child
 * resolves them (in the destination's family) once the target is known.
 */
static int
gateways(const char *arg, struct options *o, char *errbuf, size_t errlen)
{
	const char *p;
	int n = 1;

	for (p = arg; *p != '\0'; p++)
		if (*p == ',')
			n++;
	if (arg[0] == '\0' || arg[0] == ',' || p[-1] == ',' ||
	    strstr(arg, ",,") != NULL) {
		fail(errbuf, errlen, "empty gateway in -g: %s", arg);
		return (-1);
	}
	if (n > TTR_MAXGW) {
		fail(errbuf, errlen, "too many gateways: %d (at most %d)", n,
		    TTR_MAXGW);
		return (-1);
	}
	o->gateways = arg;
	o->ngw = n;
	return (0);
}

/* The message of a bad command line, in errbuf; ports.c's too. */
enum opt_result
fail(char *errbuf, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(errbuf, errlen, fmt, ap);
	va_end(ap);
	return (OPT_ERROR);
}

/* strtonum with the message every numeric option shares: the range. */
static int
number(const char *arg, long long lo, long long hi, const char *what,
    int *res, char *errbuf, size_t errlen)
{
	const char *errstr;
	long long n;

	n = strtonum(arg, lo, hi, &errstr);
	if (errstr != NULL) {
		fail(errbuf, errlen, "invalid %s: %s (%lld to %lld)", what, arg,
		    lo, hi);
		return (-1);
	}
	*res = (int)n;
	return (0);
}

/*
 * A decimal with up to three places ("3", "0.5", ".25"), in thousandths,
 * at most max thousandths.  Each part goes through strtonum.
 */
static int
decimal(const char *arg, long long max, int *res)
{
	char ipart[16], fpart[4] = "000";
	const char *dot, *errstr;
	long long whole, frac = 0;
	size_t ilen, flen;

	dot = strchr(arg, '.');
	ilen = dot != NULL ? (size_t)(dot - arg) : strlen(arg);
	flen = dot != NULL ? strlen(dot + 1) : 0;
	if (ilen >= sizeof(ipart) || flen > 3 || (ilen == 0 && flen == 0) ||
	    (dot != NULL && flen == 0))
		return (-1);
	if (ilen == 0)
		strlcpy(ipart, "0", sizeof(ipart));
	else {
		memcpy(ipart, arg, ilen);
		ipart[ilen] = '\0';
	}
	if (ipart[0] < '0' || ipart[0] > '9')
		return (-1);
	whole = strtonum(ipart, 0, max / 1000, &errstr);
	if (errstr != NULL)
		return (-1);
	if (flen > 0) {
		/* fpart was "000": "0.5" reads as 500. */
		memcpy(fpart, dot + 1, flen);
		if (fpart[0] < '0' || fpart[0] > '9')
			return (-1);
		frac = strtonum(fpart, 0, 999, &errstr);
		if (errstr != NULL)
			return (-1);
	}
	if (whole * 1000 + frac > max)
		return (-1);
	*res = (int)(whole * 1000 + frac);
	return (0);
}

/*
 * -w: "max" alone is a fixed wait, as 1.5 had; "max,here[,near]" (as
 * Linux traceroute) also gives a probe up once this hop answered within
 * here x its RTT, or a later hop within near x its RTT.
 */
static int
waittime(const char *arg, struct options *o, char *errbuf, size_t errlen)
{
	char buf[64], *p, *f[3];
	int i, n = 0;

	if (strlcpy(buf, arg, sizeof(buf)) >= sizeof(buf))
		goto bad;
	for (p = buf; n < 3 && (f[n] = strsep(&p, ",")) != NULL; n++)
		;
	if (p != NULL)
		goto bad;
	if (decimal(f[0], 3600 * 1000, &o->waitms) == -1 || o->waitms == 0)
		goto bad;
	/* A factor left out keeps Linux traceroute's default, 3 or 10. */
	o->adaptive = n > 1;
	o->here = o->adaptive ? 3000 : 0;
	o->near = o->adaptive ? 10000 : 0;
	for (i = 1; i < n; i++)
		if (decimal(f[i], 1000 * 1000, i == 1 ? &o->here :
		    &o->near) == -1)
			goto bad;
	return (0);
bad:
	fail(errbuf, errlen, "invalid wait time: %s (0.001 to 3600 s)", arg);
	return (-1);
}

/* -z: seconds, or milliseconds when above 10, as Linux traceroute. */
static int
sendwait(const char *arg, int *us, char *errbuf, size_t errlen)
{
	int v;

	if (decimal(arg, 10 * 1000 * 1000, &v) == -1)
		goto bad;
	if (v > 10 * 1000) {
		if (v % 1000 != 0 || v / 1000 > 10 * 1000)
			goto bad;
		*us = v;		/* v/1000 milliseconds */
	} else
		*us = v * 1000;		/* v thousandths of a second */
	return (0);
bad:
	fail(errbuf, errlen, "invalid send wait: %s (0 to 10 s, 11 to 10000 ms)",
	    arg);
	return (-1);
}

/*
 * tracetcp's target forms: "host:port", "host:service" and
 * "[address]:port".  An IPv6 address without brackets has several
 * colons and no port.  Returns 1 when a port was split off.
 */
static int
split_target(struct options *o, const char *arg, char *errbuf, size_t errlen)
{
	const char *colon, *end;
	size_t len;

	if (arg[0] == '[') {
		if ((end = strchr(arg, ']')) == NULL ||
		    (end[1] != '\0' && end[1] != ':') || end == arg + 1) {
			fail(errbuf, errlen, "bad target: %s", arg);
			return (-1);
		}
		len = (size_t)(end - arg - 1);
		colon = end[1] == ':' ? end + 1 : NULL;
		arg++;
	} else {
		if ((colon = strchr(arg, ':')) == NULL ||
		    strchr(colon + 1, ':') != NULL) {
			o->host = arg;
			return (0);
		}
		len = (size_t)(colon - arg);
	}
	if (len == 0 || len >= sizeof(o->hostbuf) ||
	    (colon != NULL && (colon[1] == '\0' ||
	    strlen(colon + 1) >= sizeof(o->portbuf)))) {
		fail(errbuf, errlen, "bad target: %s", arg);
		return (-1);
	}
	memcpy(o->hostbuf, arg, len);
	o->hostbuf[len] = '\0';
	o->host = o->hostbuf;
	if (colon == NULL)
		return (0);
	strlcpy(o->portbuf, colon + 1, sizeof(o->portbuf));
	o->portname = o->portbuf;
	if (dest_port(o->portbuf, &o->dport, errbuf, errlen) == -1)
		return (-1);
	return (1);
}

/* -r START END: tracetcp's range, END the word after START. */
static int
range(int argc, char *argv[], struct options *o, char *errbuf,
    size_t errlen)
{
	int lo, hi;

	if (optind >= argc || argv[optind][0] == '-') {
		fail(errbuf, errlen, "-r needs a first and a last port");
		return (-1);
	}
	if (port_parse(optarg, &lo, errbuf, errlen) == -1 ||
	    port_parse(argv[optind], &hi, errbuf, errlen) == -1 ||
	    ports_range(lo, hi, o->portmap, &o->nports, errbuf,
	    errlen) == -1)
		return (-1);
	optind++;
	return (0);
}

/* --find-block[=PORT], --detect-proxy[=PORT]: the control port. */
static int
control(const char *arg, struct options *o, char *errbuf, size_t errlen)
{
	if (arg == NULL)
		return (0);
	return (port_parse(arg, &o->control, errbuf, errlen));
}

/* What is wrong with a long option getopt_long refused. */
static enum opt_result
long_error(const char *arg, char *errbuf, size_t errlen)
{
	const struct option *lo;
	size_t len = strcspn(arg + 2, "=");

	for (lo = longopts; lo->name != NULL; lo++) {
		if (strlen(lo->name) != len ||
		    strncmp(lo->name, arg + 2, len) != 0)
			continue;
		if (lo->has_arg == required_argument && arg[2 + len] == '\0')
			return (fail(errbuf, errlen, "option requires an "
			    "argument: --%s", lo->name));
		break;
	}
	return (fail(errbuf, errlen, "unknown option: %s", arg));
}

/*
 * --ecmp: MDA_MAXPROBES probe slots a hop, each from a source port of
 * its own, so the probe count and the source port are its to choose.
 */
static enum opt_result
ecmp(struct options *o, char *errbuf, size_t errlen)
{
	const char *other = NULL;

	if (o->nqueries_set)
		other = "-q";
	else if (o->sport != 0)
		other = o->forceport ? "-P" : "-p";
	else if (o->track == TRACK_PORT)
		other = "--track-port";
	else if (o->condensed)
		other = "-c";
	else if (o->scan)
		other = "--scan";
	if (other != NULL)
		return (fail(errbuf, errlen, "--ecmp and %s cannot be used "
		    "together", other));
	o->nqueries = MDA_MAXPROBES;
	return (OPT_OK);
}

/*
 * The ports, once the operands are known: a set replaces the single
 * port; comparing needs a second port, the control.
 */
static enum opt_result
plan_ports(struct options *o, int portgiven, char *errbuf, size_t errlen)
{
	long long n;
	int each;

	if (o->nports > 0 && portgiven)
		return (fail(errbuf, errlen, "port given twice: %s and a "
		    "port list", o->portname));
	if (o->dport == 0 && o->nports == 0 && (o->findblock ||
	    o->proxy == 1 || o->method == METHOD_UDP))
		return (fail(errbuf, errlen, "port 0 cannot be %s",
		    o->method == METHOD_UDP ? "probed with UDP" :
		    "compared with another"));
	if ((o->findblock || o->proxy == 1) && o->nports < 2) {
		if (o->nports == 1)
			o->dport = ports_next(o->portmap, 0);
		if (o->control == 0)
			o->control = o->dport == CONTROL_PORT ?
			    CONTROL_PORT2 : CONTROL_PORT;
		memset(o->portmap, 0, sizeof(o->portmap));
		o->nports = 0;
		if (ports_range(o->dport, o->dport, o->portmap, &o->nports,
		    errbuf, errlen) == -1 ||
		    ports_range(o->control, o->control, o->portmap,
		    &o->nports, errbuf, errlen) == -1)
			return (OPT_ERROR);
	}
	if (o->nports > 0)
		o->dport = ports_next(o->portmap, 0);
	if (o->nports == 1)
		o->nports = 0;
	/* Several ports are compared unless told not to. */
	if (o->proxy == -1)
		o->proxy = o->nports > 1;
	if (o->nports > 1)
		o->findblock = 1;
	if (o->scan) {
		o->first_ttl = o->max_ttl;
		if (!o->nqueries_set)
			o->nqueries = 1;
		if (!o->squeries_set)
			o->squeries = SCAN_SQUERIES;
	}
	each = (o->max_ttl - o->first_ttl + 1) * o->nqueries;
	n = (long long)each * (o->nports > 1 ? o->nports : 1);
	if (n > TTR_MAXSEND / 2)
		return (fail(errbuf, errlen, "too many probes: %lld (at most "
		    "%d)", n, TTR_MAXSEND / 2));
	return (OPT_OK);
}

/*
 * -M, Linux traceroute's method names that we have.  Its "default", UDP
 * to a port one higher for each probe, is refused rather than traced
 * to one port in its name: the two see different firewalls.
 */
static enum opt_result
method_parse(const char *arg, struct options *o, char *errbuf,
    size_t errlen)
{
	if (strcmp(arg, "tcp") == 0)
		o->method = METHOD_TCP;
	else if (strcmp(arg, "icmp") == 0)
		o->method = METHOD_ICMP;
	else if (strcmp(arg, "udp") == 0)
		o->method = METHOD_UDP;
	else if (strcmp(arg, "default") == 0)
		return (fail(errbuf, errlen, "method default (UDP to a port "
		    "one higher each probe) is not supported; use udp"));
	else
		return (fail(errbuf, errlen, "unknown method: %s (tcp, icmp "
		    "or udp)", arg));
	return (OPT_OK);
}

/*
 * -I and -U send no TCP: refuse what only TCP probes have, and give
 * -U its port (Linux's 53 unless one is given), -I none.
 */
static enum opt_result
method_check(struct options *o, int portgiven, char *errbuf, size_t errlen)
{
	const char *tcponly = NULL;

	if (o->method == METHOD_TCP)
		return (OPT_OK);
	if (o->syn)
		tcponly = "-S";
	else if (o->ack)
		tcponly = "-A";
	else if (o->ecn)
		tcponly = "-E";
	else if (o->tcpflags != -1 || o->tcpopts != 0 || o->sysctl ||
	    o->info || o->mss != 0)
		tcponly = "-O";
	else if (o->nports > 0)
		tcponly = "a port list";
	else if (o->scan)
		tcponly = "--scan";
	else if (o->findblock)
		tcponly = "--find-block";
	else if (o->proxy == 1)
		tcponly = "--detect-proxy";
	if (tcponly != NULL)
		return (fail(errbuf, errlen, "%s needs TCP probes, not %s",
		    tcponly, o->method == METHOD_ICMP ? "ICMP" : "UDP"));
	if (o->method == METHOD_ICMP && portgiven)
		return (fail(errbuf, errlen, "ICMP probes have no port: %s",
		    o->portname));
	if (o->method == METHOD_UDP && !portgiven)
		o->dport = METHOD_UDP_PORT;
	return (OPT_OK);
}

/*
 * -O, Linux traceroute's TCP method options, comma separated: flag
 * names (the first replaces the default SYN), flags=NUM, ecn, sack,
 * timestamps, window_scaling, mss=NUM, sysctl, info.
 */
static int
tcp_options(const char *arg, struct options *o, char *errbuf, size_t errlen)
{
	static const char *flagnames[] = {
		"fin", "syn", "rst", "psh", "ack", "urg", "ece", "cwr"
	};
	char buf[256], *p, *w;
	size_t i;
	int n;

	if (strlcpy(buf, arg, sizeof(buf)) >= sizeof(buf) || buf[0] == '\0')
		goto bad;
	for (p = buf; (w = strsep(&p, ",")) != NULL; ) {
		for (i = 0; i < sizeof(flagnames) / sizeof(flagnames[0]); i++)
			if (strcmp(w, flagnames[i]) == 0)
				break;
		if (i < sizeof(flagnames) / sizeof(flagnames[0])) {
			o->tcpflags = (o->tcpflags == -1 ? 0 : o->tcpflags) |
			    1 << i;
		} else if (strncmp(w, "flags=", 6) == 0) {
			if (number(w + 6, 0, 255, "TCP flags", &n, errbuf,
			    errlen) == -1)
				return (-1);
			o->tcpflags = n;
		} else if (strcmp(w, "ecn") == 0)
			o->ecn = 1;
		else if (strcmp(w, "sack") == 0)
			o->tcpopts |= TCPOPT_SACK;
		else if (strcmp(w, "timestamps") == 0)
			o->tcpopts |= TCPOPT_TS;
		else if (strcmp(w, "window_scaling") == 0)
			o->tcpopts |= TCPOPT_WSCALE;
		else if (strncmp(w, "mss=", 4) == 0) {
			if (number(w + 4, 1, 65535, "MSS", &o->mss, errbuf,
			    errlen) == -1)
				return (-1);
			o->tcpopts |= TCPOPT_MSS;
		} else if (strcmp(w, "sysctl") == 0)
			o->sysctl = 1;
		else if (strcmp(w, "info") == 0)
			o->info = 1;
		else {
			fail(errbuf, errlen, "unknown TCP option: %s", w);
			return (-1);
		}
	}
	return (0);
bad:
	fail(errbuf, errlen, "invalid TCP options: %s", arg);
	return (-1);
}

/*
 * --as-zone: a domain name of letters, digits, '-' and '_', labels of 1
 * to 63, a final dot allowed, short enough that the 64 characters of a
 * reversed IPv6 address fit before it in a name of 253.
 */
static int
zone_ok(const char *z)
{
	size_t len = strlen(z), l;

	if (len > 0 && z[len - 1] == '.')
		len--;
	if (len == 0 || len > 253 - 64)
		return (0);
	for (;;) {
		l = strspn(z, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");
		if (l == 0 || l > 63)
			return (0);
		if (l == len)
			return (1);
		if (z[l] != '.')
			return (0);
		z += l + 1;
		len -= l + 1;
	}
}

enum opt_result
options_parse(int argc, char *argv[], struct options *o, char *errbuf,
    size_t errlen)
{
	enum opt_result ret;
	const char *p, *errstr;
	char given[sizeof(o->portbuf)];
	long long mark;
	int ch, n, portopt = 0;

	memset(o, 0, sizeof(*o));
	o->family = AF_UNSPEC;
	o->first_ttl = 1;
	o->max_ttl = 30;
	o->nqueries = 3;
	/*
	 * 1.5's 3 s, given up early as later hops answer (see waittime):
	 * a router answers before the next hop does, so three times the
	 * next hop's RTT (at least SCHED_FLOOR_MS) is ample.
	 */
	o->waitms = 3000;
	o->adaptive = 1;
	o->here = 3000;
	o->near = 3000;
	o->retries = DEFAULT_RETRIES;
	o->tcpflags = -1;
	o->dport = DEFAULT_PORT;
	o->squeries = DEFAULT_SQUERIES;
	o->dnat = DNAT_SILENT;
	o->track = TRACK_ID;
	o->proxy = -1;
	errbuf[0] = '\0';

	/* Callers may parse twice (tests); start getopt afresh. */
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, optstring, longopts,
	    NULL)) != -1) {
		switch (ch) {
		case '4':
			o->family = AF_INET;
			break;
		case '6':
			o->family = AF_INET6;
			break;
		case 'A':
			o->ack = 1;
			break;
		case 'c':
			o->condensed = 1;
			break;
		case 'd':
			o->debug++;
			break;
		case 'E':
			o->ecn = 1;
			break;
		case 'e':
			o->extensions = 1;
			break;
		case 'F':
			o->df = 1;
			break;
		case 'g':
			if (gateways(optarg, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'f':
			if (number(optarg, 1, 255, "first ttl", &o->first_ttl,
			    errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'I':
			o->method = METHOD_ICMP;
			break;
		case 'T':
			o->method = METHOD_TCP;
			break;
		case 'U':
			o->method = METHOD_UDP;
			break;
		case 'M':
		case LOPT_MODULE:
			if (method_parse(optarg, o, errbuf, errlen) != OPT_OK)
				return (OPT_ERROR);
			break;
		case 'h':
			return (OPT_HELP);
		case 'i':
			if (strlen(optarg) >= IF_NAMESIZE || optarg[0] == '\0')
				return (fail(errbuf, errlen,
				    "unknown interface: %s", optarg));
			o->ifname = optarg;
			break;
		case 'j':
			o->json = 1;
			break;
		case 'l':
			if (number(optarg, 0, TTR_MAXPACKET, "packet length",
			    &o->length, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'm':
			if (number(optarg, 1, 255, "max ttl", &o->max_ttl,
			    errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'N':
			o->numeric = -1;
			break;
		case 'n':
			o->numeric = 1;
			break;
		case 'P':
		case 'p':
			/* 0, as in 1.5: the kernel chooses. */
			if (number(optarg, 0, 65535, "source port", &o->sport,
			    errbuf, errlen) == -1)
				return (OPT_ERROR);
			o->forceport = ch == 'P' && o->sport != 0;
			break;
		case 'q':
			if (number(optarg, 1, 10, "number of queries",
			    &o->nqueries, errbuf, errlen) == -1)
				return (OPT_ERROR);
			o->nqueries_set = 1;
			break;
		case 'r':
			if (range(argc, argv, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_PORTS:
			if (ports_parse(optarg, o->portmap, &o->nports, errbuf,
			    errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_SCAN:
			o->scan = 1;
			break;
		case LOPT_FINDBLOCK:
			o->findblock = 1;
			if (control(optarg, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_PROXY:
			o->proxy = 1;
			if (control(optarg, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_NOPROXY:
			o->proxy = 0;
			break;
		case 'S':
			o->syn = 1;
			break;
		case 's':
			o->srcaddr = optarg;
			break;
		case 't':
			if (number(optarg, 0, 255, "tos", &o->tos, errbuf,
			    errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'V':
		case 'v':
			return (OPT_VERSION);
		case LOPT_PORT:
			/* Linux's -p: the port, as after the host. */
			if (strlcpy(o->portbuf, optarg, sizeof(o->portbuf)) >=
			    sizeof(o->portbuf))
				return (fail(errbuf, errlen, "unknown port: %s",
				    optarg));
			o->portname = o->portbuf;
			if (dest_port(o->portbuf, &o->dport, errbuf,
			    errlen) == -1)
				return (OPT_ERROR);
			portopt = 1;
			break;
		case LOPT_DONTROUTE:
			o->dontroute = 1;
			break;
		case LOPT_FWMARK:
			mark = strtonum(optarg, 0, UINT32_MAX, &errstr);
			if (errstr != NULL)
				return (fail(errbuf, errlen,
				    "invalid firewall mark: %s", optarg));
			o->fwmark = (uint32_t)mark;
			o->fwmark_set = 1;
			break;
		case 'w':
			if (waittime(optarg, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case 'z':
		case LOPT_SENDWAIT:
			if (sendwait(optarg, &o->sendwait, errbuf,
			    errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_SIMQUERIES:
			if (number(optarg, 1, 255, "number of simultaneous "
			    "queries", &o->squeries, errbuf, errlen) == -1)
				return (OPT_ERROR);
			o->squeries_set = 1;
			break;
		case 'O':
		case LOPT_TCPFLAGS:
			if (tcp_options(optarg, o, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_BACK:
			o->back = 1;
			break;
		case LOPT_ASN:
			o->asn = 1;
			break;
		case LOPT_ASZONE:
			if (!zone_ok(optarg))
				return (fail(errbuf, errlen,
				    "invalid AS zone: %s", optarg));
			o->aszone = optarg;
			break;
		case LOPT_FLOWLABEL:
			if (number(optarg, 0, 0xfffff, "flow label",
			    &o->flowlabel, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_MTU:
			o->mtu = 1;
			break;
		case LOPT_ECMP:
			o->ecmp = 1;
			break;
		case LOPT_RETRIES:
			if (number(optarg, 0, 5, "number of retries",
			    &o->retries, errbuf, errlen) == -1)
				return (OPT_ERROR);
			break;
		case LOPT_DNAT:
			o->dnat = DNAT_REPORT;
			break;
		case LOPT_NODNAT:
			o->dnat = DNAT_SILENT;
			break;
		case LOPT_NODNATSTRICT:
			o->dnat = DNAT_STRICT;
			break;
		case LOPT_TRACKID:
			o->track = TRACK_ID;
			o->track_set = 1;
			break;
		case LOPT_TRACKPORT:
			o->track = TRACK_PORT;
			o->track_set = 1;
			break;
		case LOPT_SELECT:
			o->noselect = 0;
			break;
		case LOPT_NOSELECT:
			o->noselect = 1;
			break;
		case LOPT_NOFILTER:
			o->nofilter = 1;
			break;
		case LOPT_NOGETIF:
			o->nogetinterfaces = 1;
			break;
		case ':':
		case '?':
		default:
			/*
			 * A long option without the argument it needs, or
			 * given one it does not take, or unknown.
			 */
			if (strncmp(argv[optind - 1], "--", 2) == 0)
				return (long_error(argv[optind - 1], errbuf,
				    errlen));
			if (optopt != 0 && optopt != ':' && optopt < 256 &&
			    (p = strchr(optstring, optopt)) != NULL &&
			    p[1] == ':')
				return (fail(errbuf, errlen,
				    "option requires an argument: -%c",
				    optopt));
			if (optopt != 0 && optopt < 256)
				return (fail(errbuf, errlen,
				    "unknown option: -%c", optopt));
			return (fail(errbuf, errlen, "unknown option: %s",
			    argv[optind - 1]));
		}
	}
	argc -= optind;
	argv += optind;
	if (o->ecmp && (ret = ecmp(o, errbuf, errlen)) != OPT_OK)
		return (ret);

	switch (argc) {
	case 3:
		if (number(argv[2], 0, TTR_MAXPACKET, "packet length",
		    &o->length, errbuf, errlen) == -1)
			return (OPT_ERROR);
		FALLTHROUGH;
	case 2:
		if (portopt)
			return (fail(errbuf, errlen, "port given twice: %s "
			    "and %s", o->portbuf, argv[1]));
		o->portname = argv[1];
		if (dest_port(argv[1], &o->dport, errbuf, errlen) == -1)
			return (OPT_ERROR);
		FALLTHROUGH;
	case 1:
		if (argv[0][0] == '\0')
			return (fail(errbuf, errlen, "unknown host: \"\""));
		strlcpy(given, o->portbuf, sizeof(given));
		switch (split_target(o, argv[0], errbuf, errlen)) {
		case -1:
			return (OPT_ERROR);
		case 1:
			if (argc > 1 || portopt)
				return (fail(errbuf, errlen,
				    "port given twice: %s and %s", o->portbuf,
				    argc > 1 ? argv[1] : given));
			break;
		}
		break;
	default:
		return (OPT_USAGE);
	}

	if (o->ngw > 0 && o->family == AF_INET6)
		return (fail(errbuf, errlen, "-g is IPv4 only: the type 0 "
		    "routing header is deprecated (RFC 5095)"));
	if (o->first_ttl > o->max_ttl)
		return (fail(errbuf, errlen,
		    "first ttl (%d) is greater than max ttl (%d)",
		    o->first_ttl, o->max_ttl));
	if ((ret = method_check(o, argc > 1 || o->portname != NULL, errbuf,
	    errlen)) != OPT_OK)
		return (ret);
	if ((ret = plan_ports(o, argc > 1 || o->portname != NULL, errbuf,
	    errlen)) != OPT_OK)
		return (ret);
	if (!o->syn && !o->ack && o->tcpflags == -1)
		o->syn = 1;
	/*
	 * --mtu implies -F and one probe at a time, as in Linux
	 * traceroute: what one probe learns sizes the next.
	 */
	if (o->mtu) {
		o->df = 1;
		o->squeries = 1;
	}
	/* A fixed source port cannot also change with every probe. */
	if (o->sport != 0 && o->track == TRACK_PORT) {
		o->track = TRACK_ID;
		fprintf(stderr, "Warning: --track-id implied by specifying "
		    "the local source port\n");
	}
	n = (o->max_ttl - o->first_ttl + 1) * o->nqueries;
	if (n > TTR_MAXPROBES)
		return (fail(errbuf, errlen, "too many probes: %d", n));
	return (OPT_OK);
}
