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
 * --ecmp: how many probes a hop needs, and the line that lists the
 * routers they found.  The stopping rule is the Multipath Detection
 * Algorithm's (Augustin, Friedman and Teixeira): once k next hops have
 * answered, a hop is done when n_k probes in all showed no other.  If
 * a (k+1)th next hop took an even share of the flows, n probes would
 * all miss one of the k+1 with probability at most (k+1) (k/(k+1))^n;
 * n_k is the least n that makes it MDA_ALPHA, 5%: 6, 11, 16, 21, 27,
 * 33, ... for k = 1, 2, 3, ...  No timing, no I/O but the line.
 */

#include <sys/types.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "tcptraceroute.h"

/* n_k: probes that must show nothing new once k next hops answered. */
int
mda_probes(int k)
{
	double miss;
	int n;

	if (k < 1)
		k = 1;
	miss = k + 1;
	for (n = 0; miss > MDA_ALPHA && n < MDA_MAXRULE; n++)
		miss *= (double)k / (k + 1);
	return (n);
}

/*
 * Is a hop done after n probes settled (answered or given up) and k
 * distinct next hops answered them?  A hop that answered nothing is
 * given up as one router's would be, after n_1 probes.  max bounds it.
 */
int
mda_done(int k, int n, int max)
{
	return (n >= max || n >= mda_probes(k));
}

/* Start a hop's line afresh. */
void
mda_hop_init(struct mda_hop *h, int family, int ttl)
{
	memset(h, 0, sizeof(*h));
	h->family = family;
	h->ttl = ttl;
}

/* One probe of the hop; the silent ones are counted together. */
void
mda_hop_add(struct mda_hop *h, const struct hop_result *r)
{
	struct mda_router *m;
	int i;

	if (r->ttl != h->ttl)
		mda_hop_init(h, r->family, r->ttl);
	h->nprobes++;
	for (i = 0; i < h->nrouters; i++) {
		m = &h->router[i];
		if (m->answered == r->answered && (!r->answered ||
		    addr_eq(h->family, &m->addr, &r->addr)))
			break;
	}
	if (i == h->nrouters) {
		if (h->nrouters == MDA_MAXPROBES)
			return;
		m = &h->router[h->nrouters++];
		m->answered = r->answered;
		if (r->answered) {
			m->addr = r->addr;
			if (r->name != NULL)
				strlcpy(m->name, r->name, sizeof(m->name));
			if (r->asn != NULL)
				strlcpy(m->asn, r->asn, sizeof(m->asn));
			strlcpy(m->state, r->state, sizeof(m->state));
			strlcpy(m->annot, r->annot, sizeof(m->annot));
		}
	}
	h->router[i].count++;
}

static void
router_print(const struct mda_hop *h, const struct mda_router *m, FILE *fp)
{
	char num[INET6_ADDRSTRLEN];

	fputs("  ", fp);
	if (!m->answered)
		fputc('*', fp);
	else {
		addr_ntop(h->family, &m->addr, num, sizeof(num));
		if (m->name[0] != '\0' && strcmp(m->name, num) != 0)
			fprintf(fp, "%s (%s)", m->name, num);
		else
			fputs(num, fp);
		if (m->asn[0] != '\0')
			fprintf(fp, " [%s]", m->asn);
		if (m->state[0] != '\0')
			fprintf(fp, " [%s]", m->state);
		if (m->annot[0] != '\0')
			fprintf(fp, " %s", m->annot);
	}
	fprintf(fp, " %d/%d", m->count, h->nprobes);
}

/*
 * The hop's line: each router that answered, in the order they first
 * did, with how many of the hop's probes it answered, and the silent
 * probes last as "*":
 *
 *	 2  198.18.2.2 6/11  198.18.3.2 5/11
 *
 * Nothing for a hop no probe was sent to.  The hop is emptied.
 */
void
mda_hop_print(struct mda_hop *h, FILE *fp)
{
	int i;

	if (h->nprobes == 0)
		return;
	fprintf(fp, "%2d", h->ttl);
	for (i = 0; i < h->nrouters; i++)
		if (h->router[i].answered)
			router_print(h, &h->router[i], fp);
	for (i = 0; i < h->nrouters; i++)
		if (!h->router[i].answered)
			router_print(h, &h->router[i], fp);
	fputc('\n', fp);
	fflush(fp);
	mda_hop_init(h, h->family, 0);
}
