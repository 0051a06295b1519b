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
 * Reverse DNS, asynchronous on libevent, so that a slow name server
 * delays when a line is printed, never a probe or its timestamp.
 *
 * This is a small stub resolver of its own rather than libevent's
 * evdns: evdns (2.1) keeps a PTR name in a char[HOST_NAME_MAX], 64
 * bytes on glibc, and fails the whole answer for a longer name, where
 * tcptraceroute 1.5 (gethostbyaddr) printed names up to 255.  It asks
 * PTR questions, and with --as-path-lookups TXT questions to an origin
 * zone (Team Cymru's layout) alongside them, with the same servers,
 * timeouts, attempts and cache; the messages are built and parsed in
 * dns.c.
 *
 * resolve_init reads resolv.conf (nameserver, and the timeout: and
 * attempts: options) and opens a connected UDP socket to each server,
 * before the chroot and the sandbox: afterwards nothing opens a file
 * or a socket, it only sends and receives on those.  A query goes to
 * the servers in turn, attempts times round, a timeout each.  An answer
 * counts only if it comes on the socket the query was sent on (so from
 * that server: the socket is connected), carries the query's random ID
 * and repeats its question; anything else is dropped and the query
 * waits on.
 *
 * Names come from the network: they are escaped with strnvis before
 * anybody prints them, white space and backslashes included, so that
 * no name can end a line or fake one.  Of a TXT answer only the AS
 * numbers are kept, printed by us as digits.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <netinet/in.h>
#include <err.h>
#include <errno.h>
#include <event2/event.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <vis.h>

#include "tcptraceroute.h"

#define NAME_MAX_PRINT	(4 * 255 + 1)	/* a vis-escaped DNS name */

#define RES_CONF	"/etc/resolv.conf"
#define RES_HOSTS	"/etc/hosts"
#define RES_NSSWITCH	"/etc/nsswitch.conf"
#define RES_MAXNS	3	/* as glibc's MAXNS */
#define RES_TIMEOUT	2	/* seconds a try waits, unless told */
#define RES_ATTEMPTS	2	/* rounds of the servers, unless told */
#define RES_MAXTIMEOUT	30	/* glibc's caps on both */
#define RES_MAXATTEMPTS	5
#define RES_BURST	64	/* datagrams read at one wakeup */

struct server {
	int			 fd;
	struct sockaddr_storage	 ss;		/* for TCP */
	socklen_t		 sslen;
	struct event		*ev;
	int			 waiting;	/* lookups sent here */
};

struct rname {
	LIST_ENTRY(rname)	 entry;
	uint16_t		 type;		/* DNS_T_PTR, DNS_T_TXT */
	int			 family;
	union ttr_addr		 addr;
	int			 done;
	char			*name;		/* or the ASes, for TXT */
	/* while the lookup runs */
	TAILQ_ENTRY(rname)	 pending;
	struct event		*timer;
	char			 qname[DNS_NAMELEN];
	uint16_t		 id;
	int			 tries;		/* sent so far */
	int			 ns;		/* server of the last try */
	/* a truncated answer, asked again over TCP */
	int			 tcpfd;		/* -1: none */
	struct event		*tcpev;
	uint8_t			*tcpbuf;	/* length, message */
	size_t			 tcplen;	/* to send, or to read */
	size_t			 tcpoff;
	int			 tcpreading;
};

static LIST_HEAD(, rname) names = LIST_HEAD_INITIALIZER(names);
static TAILQ_HEAD(, rname) pending = TAILQ_HEAD_INITIALIZER(pending);
static struct server servers[RES_MAXNS];
static int nservers;
static int timeout = RES_TIMEOUT;
static int attempts = RES_ATTEMPTS;
static struct event_base *evbase;
static void (*resolved_cb)(void *);
static void *resolved_arg;

static struct hosts_table hosts;
static int order = HOSTS_FILES_DNS;

static void	 server_read(int, short, void *);
static void	 try_timeout(int, short, void *);
static void	 finish(struct rname *, const char *);
static void	 set_name(struct rname *, const char *, int);

/*
 * A "nameserver" address: a socket connected to its port 53.  -1 if it
 * is no address; 0 if it is, even if no socket could be had for it.
 */
static int
server_add(const char *addr)
{
	struct addrinfo hints, *res;
	struct server *s = &servers[nservers];
	int fd;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_DGRAM;
	hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
	if (getaddrinfo(addr, "53", &hints, &res) != 0)
		return (-1);
	fd = socket(res->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
	    0);
	if (fd == -1 || connect(fd, res->ai_addr, res->ai_addrlen) == -1) {
		if (fd != -1)
			close(fd);
		freeaddrinfo(res);
		return (0);
	}
	memcpy(&s->ss, res->ai_addr, res->ai_addrlen);
	s->sslen = res->ai_addrlen;
	freeaddrinfo(res);
	if ((s->ev = event_new(evbase, fd, EV_READ | EV_PERSIST, server_read,
	    s)) == NULL) {
		close(fd);
		return (0);
	}
	s->fd = fd;
	s->waiting = 0;
	nservers++;
	return (0);
}

/* "timeout:N" or "attempts:N" from an options line; others ignored. */
static void
option(const char *opt)
{
	const char *errstr;
	int v;

	if (strncmp(opt, "timeout:", 8) == 0) {
		v = strtonum(opt + 8, 0, INT_MAX, &errstr);
		if (errstr == NULL)
			timeout = v < 1 ? 1 : v > RES_MAXTIMEOUT ?
			    RES_MAXTIMEOUT : v;
	} else if (strncmp(opt, "attempts:", 9) == 0) {
		v = strtonum(opt + 9, 0, INT_MAX, &errstr);
		if (errstr == NULL)
			attempts = v < 1 ? 1 : v > RES_MAXATTEMPTS ?
			    RES_MAXATTEMPTS : v;
	}
}

int
resolve_init(struct event_base *base, void (*cb)(void *), void *arg)
{
	static const char ws[] = " \t\r\n";
	FILE *f;
	char *line = NULL, *p, *word;
	size_t size = 0;
	int listed = 0;

	evbase = base;
	resolved_cb = cb;
	resolved_arg = arg;
	/* Names as the system finds them: the hosts file, then DNS. */
	f = fopen(RES_NSSWITCH, "re");
	order = hosts_order(f);
	if (f != NULL)
		fclose(f);
	if (order != HOSTS_DNS && (f = fopen(RES_HOSTS, "re")) != NULL) {
		if (hosts_parse(f, &hosts) == -1)
			err(1, NULL);
		fclose(f);
	}
	if (order == HOSTS_FILES || order == HOSTS_NONE)
		return (0);
	if ((f = fopen(RES_CONF, "re")) != NULL) {
		while (getline(&line, &size, f) != -1) {
			p = line;
			if ((word = strsep(&p, ws)) == NULL ||
			    *word == '#' || *word == ';')
				continue;
			if (strcmp(word, "nameserver") == 0) {
				while ((word = strsep(&p, ws)) != NULL &&
				    *word == '\0')
					continue;
				if (word != NULL && listed < RES_MAXNS &&
				    server_add(word) == 0)
					listed++;
			} else if (strcmp(word, "options") == 0) {
				while ((word = strsep(&p, ws)) != NULL)
					if (*word != '\0')
						option(word);
			}
		}
		free(line);
		fclose(f);
	}
	/* No server listed: the local one, as the C library assumes. */
	if (listed == 0)
		server_add("127.0.0.1");
	return (nservers > 0 || hosts.n > 0 ? 0 : -1);
}

static struct rname *
lookup(uint16_t type, int family, const union ttr_addr *a)
{
	struct rname *n;

	LIST_FOREACH(n, &names, entry)
		if (n->type == type && n->family == family &&
		    memcmp(&n->addr, a, family == AF_INET ? sizeof(a->v4) :
		    sizeof(a->v6)) == 0)
			return (n);
	return (NULL);
}

/* The server's socket is read only while some lookup waits on it. */
static void
server_wait(struct server *s, int on)
{
	if (on) {
		if (s->waiting++ == 0 && event_add(s->ev, NULL) == -1)
			errx(1, "event_add");
	} else {
		if (--s->waiting == 0)
			event_del(s->ev);
	}
}

/*
 * An error on a server's socket, from an ICMP error to an earlier query
 * (port or host unreachable): nobody answers there, so the lookups
 * waiting on it go on to their next try at once.  Only a full buffer or
 * an interrupted call says nothing about the server.
 */
static void
server_error(struct server *s, int error)
{
	static const struct timeval now = { 0, 0 };
	struct rname *n;

	if (error == EAGAIN || error == EWOULDBLOCK || error == EINTR ||
	    error == ENOBUFS)
		return;
	TAILQ_FOREACH(n, &pending, pending)
		if (&servers[n->ns] == s && evtimer_add(n->timer, &now) == -1)
			errx(1, "evtimer_add");
}

/* The next try: to the next server, then a timeout. */
static void
try_send(struct rname *n)
{
	uint8_t q[DNS_QUERYLEN];
	struct timeval tv;
	struct server *s;
	int len;

	if (n->tries > 0)
		server_wait(&servers[n->ns], 0);
	n->ns = n->tries++ % nservers;
	s = &servers[n->ns];
	server_wait(s, 1);
	tv.tv_sec = timeout;
	tv.tv_usec = 0;
	if (evtimer_add(n->timer, &tv) == -1)
		errx(1, "evtimer_add");
	if ((len = dns_build_query(n->id, n->qname, n->type, q,
	    sizeof(q))) == -1)
		return;
	/* The error may be an earlier query's, and still says it all. */
	if (send(s->fd, q, len, 0) == -1)
		server_error(s, errno);
}

static void
tcp_close(struct rname *n)
{
	if (n->tcpfd == -1)
		return;
	event_free(n->tcpev);
	close(n->tcpfd);
	free(n->tcpbuf);
	n->tcpfd = -1;
	n->tcpev = NULL;
	n->tcpbuf = NULL;
}

/*
 * The query over TCP (RFC 7766): the message after its length, and
 * the answer read the same way, on a connection of its own.
 */
static void
tcp_io(int fd, short event, void *arg)
{
	struct rname *n = arg;
	char name[DNS_TXTLEN];
	ssize_t len;
	int r;

	if (!n->tcpreading) {
		len = send(fd, n->tcpbuf + n->tcpoff, n->tcplen - n->tcpoff,
		    MSG_NOSIGNAL);
		if (len == -1 && (errno == EAGAIN || errno == EINTR))
			return;
		if (len <= 0) {
			finish(n, NULL);
			return;
		}
		if ((n->tcpoff += len) < n->tcplen)
			return;
		n->tcpreading = 1;
		n->tcpoff = 0;
		n->tcplen = 2;
		event_del(n->tcpev);
		event_assign(n->tcpev, evbase, fd, EV_READ | EV_PERSIST,
		    tcp_io, n);
		if (event_add(n->tcpev, NULL) == -1)
			errx(1, "event_add");
		return;
	}
	len = recv(fd, n->tcpbuf + n->tcpoff, n->tcplen - n->tcpoff, 0);
	if (len == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (len <= 0) {
		finish(n, NULL);
		return;
	}
	n->tcpoff += len;
	if (n->tcplen == 2 && n->tcpoff == 2)
		n->tcplen = 2 + (n->tcpbuf[0] << 8 | n->tcpbuf[1]);
	if (n->tcpoff < n->tcplen)
		return;
	r = dns_parse_answer(n->tcpbuf + 2, n->tcplen - 2, n->id, n->qname,
	    n->type, name, sizeof(name));
	finish(n, r == 1 ? name : NULL);
}

/* A truncated answer: the same question to the same server over TCP. */
static void
tcp_start(struct rname *n)
{
	struct server *s = &servers[n->ns];
	struct timeval tv;
	int len;

	if ((n->tcpbuf = malloc(2 + 65535)) == NULL)
		err(1, NULL);
	if ((len = dns_build_query(n->id, n->qname, n->type, n->tcpbuf + 2,
	    DNS_QUERYLEN)) == -1 ||
	    (n->tcpfd = socket(s->ss.ss_family, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) == -1 ||
	    (connect(n->tcpfd, (struct sockaddr *)&s->ss, s->sslen) == -1 &&
	    errno != EINPROGRESS)) {
		if (n->tcpfd != -1)
			close(n->tcpfd);
		n->tcpfd = -1;
		free(n->tcpbuf);
		n->tcpbuf = NULL;
		finish(n, NULL);
		return;
	}
	n->tcpbuf[0] = (uint8_t)(len >> 8);
	n->tcpbuf[1] = (uint8_t)len;
	n->tcplen = 2 + (size_t)len;
	n->tcpoff = 0;
	n->tcpreading = 0;
	if ((n->tcpev = event_new(evbase, n->tcpfd, EV_WRITE | EV_PERSIST,
	    tcp_io, n)) == NULL || event_add(n->tcpev, NULL) == -1)
		errx(1, "event_new");
	/* One more timeout for it, then no name. */
	tv.tv_sec = timeout;
	tv.tv_usec = 0;
	if (evtimer_add(n->timer, &tv) == -1)
		errx(1, "evtimer_add");
}

/* The lookup is over, with a name or none: tell trace.c. */
static void
finish(struct rname *n, const char *name)
{
	tcp_close(n);
	server_wait(&servers[n->ns], 0);
	event_free(n->timer);
	n->timer = NULL;
	TAILQ_REMOVE(&pending, n, pending);
	set_name(n, name, 1);
}

/*
 * The lookup has its answer (name NULL: none); notify: tell trace.c,
 * which otherwise asked just now and looks again itself.
 */
static void
set_name(struct rname *n, const char *name, int notify)
{
	n->done = 1;
	/* DNS first, then the hosts file. */
	if ((name == NULL || name[0] == '\0') && n->type == DNS_T_PTR &&
	    order == HOSTS_DNS_FILES)
		name = hosts_lookup(&hosts, n->family, &n->addr);
	if (name != NULL && name[0] != '\0' && n->type == DNS_T_TXT) {
		if ((n->name = malloc(DNS_ASNLEN)) == NULL)
			err(1, NULL);
		if (!dns_txt_asn(name, n->name, DNS_ASNLEN)) {
			free(n->name);
			n->name = NULL;
		}
	} else if (name != NULL && name[0] != '\0') {
		if ((n->name = malloc(NAME_MAX_PRINT)) == NULL)
			err(1, NULL);
		strnvis(n->name, name, NAME_MAX_PRINT, VIS_OCTAL | VIS_WHITE);
	}
	if (notify && resolved_cb != NULL)
		resolved_cb(resolved_arg);
}

static void
try_timeout(int fd, short event, void *arg)
{
	struct rname *n = arg;

	if (n->tcpfd != -1)
		finish(n, NULL);
	else if (n->tries < nservers * attempts)
		try_send(n);
	else
		finish(n, NULL);
}

/* The lookup this datagram answers, if any, is over. */
static void
answer(struct server *s, const uint8_t *msg, size_t len)
{
	struct rname *n;
	char name[DNS_TXTLEN];
	int r;

	if (len < 2)
		return;
	TAILQ_FOREACH(n, &pending, pending) {
		if (&servers[n->ns] != s || n->id != (msg[0] << 8 | msg[1]))
			continue;
		r = dns_parse_answer(msg, len, n->id, n->qname, n->type,
		    name, sizeof(name));
		if (r == DNS_FOREIGN || n->tcpfd != -1)
			continue;
		if (r == DNS_TRUNCATED)
			tcp_start(n);
		else
			finish(n, r == 1 ? name : NULL);
		return;
	}
}

static void
server_read(int fd, short event, void *arg)
{
	static uint8_t msg[65536];
	struct server *s = arg;
	ssize_t len;
	int i;

	for (i = 0; i < RES_BURST; i++) {
		if ((len = recv(fd, msg, sizeof(msg), 0)) == -1) {
			server_error(s, errno);
			return;
		}
		answer(s, msg, len);
	}
}

/*
 * Start a lookup of type for an address unless one was made; no-op
 * without a resolver.  zone: for TXT, the origin zone (NULL: Team
 * Cymru's).
 */
static void
start(uint16_t type, int family, const union ttr_addr *a, const char *zone)
{
	struct rname *n;
	const char *name = NULL;
	int r;

	if (lookup(type, family, a) != NULL)
		return;
	if (type == DNS_T_PTR && order != HOSTS_DNS)
		name = hosts_lookup(&hosts, family, a);
	/* Neither the hosts file nor a server to ask: no name. */
	if (name == NULL && nservers == 0)
		return;
	if ((n = calloc(1, sizeof(*n))) == NULL)
		err(1, NULL);
	n->type = type;
	n->family = family;
	n->tcpfd = -1;
	if (family == AF_INET)
		n->addr.v4 = a->v4;
	else
		n->addr.v6 = a->v6;
	LIST_INSERT_HEAD(&names, n, entry);
	/* The hosts file first, or alone. */
	if (name != NULL && order != HOSTS_DNS_FILES) {
		set_name(n, name, 0);
		return;
	}
	if (nservers == 0 || (type == DNS_T_PTR && order == HOSTS_FILES)) {
		set_name(n, NULL, 0);
		return;
	}
	if (type == DNS_T_TXT)
		r = dns_asn_qname(family, a, zone, n->qname, sizeof(n->qname));
	else
		r = dns_ptr_qname(family, a, n->qname, sizeof(n->qname));
	if (r == -1) {
		n->done = 1;
		return;
	}
	if ((n->timer = evtimer_new(evbase, try_timeout, n)) == NULL)
		errx(1, "evtimer_new");
	n->id = arc4random() & 0xffff;
	TAILQ_INSERT_TAIL(&pending, n, pending);
	try_send(n);
}

/* 1 and the answer (NULL: none) once known, 0 while the lookup runs. */
static int
get(uint16_t type, int family, const union ttr_addr *a, const char **res)
{
	struct rname *n;

	*res = NULL;
	if ((n = lookup(type, family, a)) == NULL)
		return (1);
	if (!n->done)
		return (0);
	*res = n->name;
	return (1);
}

void
resolve_start(int family, const union ttr_addr *a)
{
	start(DNS_T_PTR, family, a, NULL);
}

/*
 * 1 and the name (NULL: none) once known, 0 while the lookup runs.
 * An address never asked about has no name.
 */
int
resolve_get(int family, const union ttr_addr *a, const char **name)
{
	return (get(DNS_T_PTR, family, a, name));
}

/* --as-path-lookups: the origin AS of an address, from zone's TXT. */
void
resolve_asn_start(int family, const union ttr_addr *a, const char *zone)
{
	start(DNS_T_TXT, family, a, zone);
}

/* As resolve_get: the ASes, "AS15169" or "AS64500/AS64501". */
int
resolve_asn_get(int family, const union ttr_addr *a, const char **as)
{
	return (get(DNS_T_TXT, family, a, as));
}
