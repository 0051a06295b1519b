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
 * Hop names from the hosts file, as gethostbyaddr(3) gives them to 1.5
 * and traceroute: an address's name is the first name on the first
 * line that has the address.  Which of the file and DNS is asked first
 * is the "hosts:" line of nsswitch.conf ("files dns" without one, as
 * the C library assumes); other sources there are not ours to ask.
 * Both files are read before the chroot; no I/O here but reading the
 * streams given, so the unit tests drive it.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"

static const char ws[] = " \t\r\n";

/* The next word of *pp, NULL at the end. */
static char *
word(char **pp)
{
	char *w;

	while ((w = strsep(pp, ws)) != NULL)
		if (*w != '\0')
			return (w);
	return (NULL);
}

/* The entries of a hosts file; 0, or -1 if out of memory. */
int
hosts_parse(FILE *fp, struct hosts_table *h)
{
	struct hosts_entry *e, *grown;
	char *line = NULL, *p, *addr, *name;
	size_t size = 0;
	union ttr_addr a;
	int family;

	memset(h, 0, sizeof(*h));
	while (getline(&line, &size, fp) != -1) {
		line[strcspn(line, "#")] = '\0';
		p = line;
		if ((addr = word(&p)) == NULL || (name = word(&p)) == NULL ||
		    strlen(name) > DNS_NAMELEN)
			continue;
		memset(&a, 0, sizeof(a));
		if (inet_pton(AF_INET, addr, &a.v4) == 1)
			family = AF_INET;
		else if (inet_pton(AF_INET6, addr, &a.v6) == 1)
			family = AF_INET6;
		else
			continue;
		/* The first line with the address names it. */
		if (hosts_lookup(h, family, &a) != NULL)
			continue;
		if (h->n == h->size) {
			if ((grown = reallocarray(h->e, h->size + 16,
			    sizeof(*h->e))) == NULL) {
				free(line);
				return (-1);
			}
			h->e = grown;
			h->size += 16;
		}
		e = &h->e[h->n++];
		e->family = family;
		e->addr = a;
		strlcpy(e->name, name, sizeof(e->name));
	}
	free(line);
	return (0);
}

const char *
hosts_lookup(const struct hosts_table *h, int family, const union ttr_addr *a)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (h->e[i].family == family && addr_eq(family, &h->e[i].addr,
		    a))
			return (h->e[i].name);
	return (NULL);
}

/*
 * The order of nsswitch.conf's "hosts:" line (fp NULL: no such file):
 * HOSTS_FILES or HOSTS_DNS alone, both in the order they come, or
 * HOSTS_NONE.  Actions ("[NOTFOUND=return]") and other sources are
 * passed over.
 */
int
hosts_order(FILE *fp)
{
	char *line = NULL, *p, *w;
	size_t size = 0;
	int order = HOSTS_FILES_DNS;

	if (fp == NULL)
		return (order);
	while (getline(&line, &size, fp) != -1) {
		line[strcspn(line, "#")] = '\0';
		p = line + strspn(line, ws);
		if (strncmp(p, "hosts:", 6) != 0)
			continue;
		p += 6;
		order = HOSTS_NONE;
		while ((w = word(&p)) != NULL) {
			if (strcmp(w, "files") == 0)
				order = order == HOSTS_DNS ? HOSTS_DNS_FILES :
				    order == HOSTS_NONE ? HOSTS_FILES : order;
			else if (strcmp(w, "dns") == 0)
				order = order == HOSTS_FILES ? HOSTS_FILES_DNS :
				    order == HOSTS_NONE ? HOSTS_DNS : order;
		}
	}
	free(line);
	return (order);
}
