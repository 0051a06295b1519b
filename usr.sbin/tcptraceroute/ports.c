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
 * Ports: one by number or service name, and the sets that tracetcp's
 * -r START END and --ports 22,80,130-140 name.  A set is a bitmap, so a
 * port named twice is traced once, and the ports go in ascending order.
 */

#include <sys/types.h>

#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"

/* A port by number (1-65535) or by its name in the services file. */
int
port_parse(const char *arg, int *res, char *errbuf, size_t errlen)
{
	struct servent *se;
	const char *errstr;
	long long v;

	if (arg[0] >= '0' && arg[0] <= '9') {
		v = strtonum(arg, 1, 65535, &errstr);
		if (errstr != NULL) {
			fail(errbuf, errlen, "invalid port: %s (1 to 65535)",
			    arg);
			return (-1);
		}
		*res = (int)v;
		return (0);
	}
	if (arg[0] == '\0' || (se = getservbyname(arg, "tcp")) == NULL) {
		fail(errbuf, errlen, "unknown port: %s", arg);
		return (-1);
	}
	*res = ntohs(se->s_port);
	return (0);
}

/* Add lo..hi to the set; n counts the ports in it. */
int
ports_range(int lo, int hi, uint8_t *map, int *n, char *errbuf,
    size_t errlen)
{
	int p;

	if (lo > hi) {
		fail(errbuf, errlen, "bad port range: %d-%d", lo, hi);
		return (-1);
	}
	for (p = lo; p <= hi; p++)
		if (!PORT_ISSET(map, p)) {
			PORT_SET(map, p);
			(*n)++;
		}
	return (0);
}

/* "22,80,130-140,https": ports and ranges, comma separated. */
int
ports_parse(const char *list, uint8_t *map, int *n, char *errbuf,
    size_t errlen)
{
	char buf[1024], *p, *w, *dash;
	int lo, hi;

	if (list[0] == '\0' ||
	    strlcpy(buf, list, sizeof(buf)) >= sizeof(buf)) {
		fail(errbuf, errlen, "bad port list: %.64s%s", list,
		    strlen(list) > 64 ? "..." : "");
		return (-1);
	}
	for (p = buf; (w = strsep(&p, ",")) != NULL; ) {
		if (*w == '\0') {
			fail(errbuf, errlen, "bad port list: %s", list);
			return (-1);
		}
		/* A service name may have a dash; a range starts a digit. */
		dash = w[0] >= '0' && w[0] <= '9' ? strchr(w, '-') : NULL;
		if (dash != NULL)
			*dash++ = '\0';
		if (port_parse(w, &lo, errbuf, errlen) == -1)
			return (-1);
		hi = lo;
		if (dash != NULL && port_parse(dash, &hi, errbuf,
		    errlen) == -1)
			return (-1);
		if (ports_range(lo, hi, map, n, errbuf, errlen) == -1)
			return (-1);
	}
	return (0);
}

/* The first port in the set above after, 0 if none. */
int
ports_next(const uint8_t *map, int after)
{
	int p;

	for (p = after + 1; p <= 65535; p++) {
		/* Skip empty bytes whole. */
		if ((p & 7) == 0 && map[p >> 3] == 0) {
			p += 7;
			continue;
		}
		if (PORT_ISSET(map, p))
			return (p);
	}
	return (0);
}
