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
 * gen_imsg dir: write the seed corpus of fuzz_imsg.  The messages are
 * built with the real imsg_compose() and taken from the write queue as
 * msgbuf_write() would send them, so the seeds are the conversations
 * parent.c and trace.c have, plus a few a broken peer would start.  Each
 * seed is framed as fuzz_imsg.c reads its input: a flags byte, the piece
 * descriptors, the stream.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <err.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"
#include "tcptraceroute.h"

#define F_FDPASS	0x01
#define F_MAX100	0x02
#define F_MAX0		0x04
#define F_MAXBIG	0x06
#define F_LAZY		0x08
#define F_TWOFDS	0x10
#define PIECE_FD	0x80
#define MAXPIECES	8

struct seed {
	uint8_t		 stream[65536];
	size_t		 len;
	uint8_t		 pieces[MAXPIECES];
	size_t		 npieces;
};

static const char	*dir;
static struct imsgbuf	 w;

/* A piece of exactly len bytes, if there is a code for it. */
static int
piece_code(size_t len, uint8_t *code)
{
	if (len >= 1 && len <= 64) {
		*code = (uint8_t)(len - 1);
		return (0);
	}
	if (len % 64 == 0 && len / 64 <= 64) {
		*code = (uint8_t)(0x40 | (len / 64 - 1));
		return (0);
	}
	return (-1);
}

/*
 * Pieces for one message: its size exactly, or a multiple of 64 and the
 * rest.  A descriptor goes with the first, as msgbuf_write() sends it.
 */
static void
add_pieces(struct seed *s, size_t len, int withfd)
{
	uint8_t code;

	if (len > 64 * 64) {
		/* The largest piece there is, and the rest. */
		add_pieces(s, 64 * 64, withfd);
		add_pieces(s, len - 64 * 64, 0);
		return;
	}
	if (piece_code(len, &code) == -1) {
		if (len < 64 || piece_code(len - len % 64, &code) == -1)
			errx(1, "no pieces for %zu bytes", len);
		add_pieces(s, len - len % 64, withfd);
		add_pieces(s, len % 64, 0);
		return;
	}
	/* fuzz_imsg cycles through what there is; the rest goes as it may. */
	if (s->npieces == MAXPIECES)
		return;
	s->pieces[s->npieces++] = code | (withfd ? PIECE_FD : 0);
}

/* Move what imsg queued to the seed, in pieces along its messages. */
static void
take_queue(struct seed *s, int onepiece)
{
	struct ibuf *buf;

	while ((buf = TAILQ_FIRST(&w.w.bufs)) != NULL) {
		if (s->len + ibuf_size(buf) > sizeof(s->stream))
			errx(1, "seed too big");
		if (!onepiece)
			add_pieces(s, ibuf_size(buf), buf->fd != -1);
		memcpy(s->stream + s->len, ibuf_data(buf), ibuf_size(buf));
		s->len += ibuf_size(buf);
		TAILQ_REMOVE(&w.w.bufs, buf, entry);
		w.w.queued--;
		ibuf_free(buf);
	}
}

static void
put(struct seed *s, uint32_t type, const void *data, size_t len, int withfd)
{
	int fd = -1;

	if (withfd && (fd = open("/dev/null", O_RDONLY)) == -1)
		err(1, "/dev/null");
	if (imsg_compose(&w, type, 0, 0, fd, data, len) == -1)
		err(1, "imsg_compose");
}

static void
raw(struct seed *s, const void *p, size_t len)
{
	if (s->len + len > sizeof(s->stream))
		errx(1, "seed too big");
	memcpy(s->stream + s->len, p, len);
	s->len += len;
}

static void
hdr(struct seed *s, uint32_t type, uint32_t len)
{
	struct imsg_hdr h;

	memset(&h, 0, sizeof(h));
	h.type = type;
	h.len = len;
	h.pid = 4242;
	raw(s, &h, sizeof(h));
}

static void
save(const char *name, uint8_t flags, struct seed *s)
{
	char path[1024];
	FILE *fp;
	uint8_t n;

	if (s->npieces == 0) {
		/* Everything in pieces of 4096. */
		s->pieces[0] = 0x7f;
		s->npieces = 1;
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((fp = fopen(path, "w")) == NULL)
		err(1, "%s", path);
	n = (uint8_t)(s->npieces - 1);
	if (fwrite(&flags, 1, 1, fp) != 1 || fwrite(&n, 1, 1, fp) != 1 ||
	    fwrite(s->pieces, 1, s->npieces, fp) != s->npieces ||
	    fwrite(s->stream, 1, s->len, fp) != s->len || fclose(fp) == EOF)
		err(1, "%s", path);
	memset(s, 0, sizeof(*s));
}

static void
config(struct ttr_config *c)
{
	memset(c, 0, sizeof(*c));
	c->family = AF_INET;
	inet_pton(AF_INET, "192.0.2.1", &c->src.v4);
	inet_pton(AF_INET, "198.51.100.7", &c->dst.v4);
	strlcpy(c->ifname, "eth0", sizeof(c->ifname));
	c->sport = 40000;
	c->nsport = 1;
	c->dport = 80;
	c->length = 40;
	c->window = 5840;
	c->tcpflags = TTR_SYN;
	c->first_ttl = 1;
	c->max_ttl = 30;
	c->maxprobes = 90;
}

/* A captured time exceeded, IPv4 over Ethernet, as bytes. */
static size_t
packet(uint8_t *p)
{
	static const uint8_t pkt[] = {
	    /* Ethernet */
	    0x02, 0, 0, 0, 0, 1, 0x02, 0, 0, 0, 0, 2, 0x08, 0x00,
	    /* IPv4 203.0.113.1 -> 192.0.2.1, ICMP */
	    0x45, 0, 0, 56, 0, 0, 0, 0, 64, 1, 0, 0,
	    203, 0, 113, 1, 192, 0, 2, 1,
	    /* time exceeded */
	    11, 0, 0, 0, 0, 0, 0, 0,
	    /* quoted IPv4 192.0.2.1 -> 198.51.100.7, TCP */
	    0x45, 0, 0, 40, 0x12, 0x34, 0x40, 0, 1, 6, 0, 0,
	    192, 0, 2, 1, 198, 51, 100, 7,
	    /* quoted TCP 40000 -> 80, seq */
	    0x9c, 0x40, 0, 80, 0x10, 0, 0, 0
	};

	memcpy(p, pkt, sizeof(pkt));
	return (sizeof(pkt));
}

/* A struct ttr_capture and its bytes, as parent.c sends it. */
static void
capture(struct seed *s, int withfd)
{
	struct ttr_capture c;
	struct ibuf *buf;
	uint8_t pkt[128];
	size_t len;
	int fd = -1;

	len = packet(pkt);
	memset(&c, 0, sizeof(c));
	c.sec = 1700000000;
	c.usec = 123456;
	c.caplen = c.len = (uint32_t)len;
	if ((buf = imsg_create(&w, IMSG_CAPTURE, 0, 0, sizeof(c) + len)) ==
	    NULL || imsg_add(buf, &c, sizeof(c)) == -1 ||
	    imsg_add(buf, pkt, len) == -1)
		err(1, "imsg_create");
	if (withfd && (fd = open("/dev/null", O_RDONLY)) == -1)
		err(1, "/dev/null");
	ibuf_fd_set(buf, fd);
	imsg_close(&w, buf);
}

int
main(int argc, char *argv[])
{
	static struct seed s;
	struct ttr_config cfg;
	struct ttr_ready ready;
	struct ttr_probe probe;
	struct ttr_sent sent;
	struct ibuf *buf;
	uint8_t big[2048];
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: gen_imsg dir\n");
		return (1);
	}
	dir = argv[1];
	if (imsgbuf_init(&w, -1) == -1)
		err(1, "imsgbuf_init");
	w.pid = 4242;	/* the same seeds on every run */

	/* The child's side: its configuration, then probes. */
	config(&cfg);
	put(&s, IMSG_CONFIG, &cfg, sizeof(cfg), 0);
	take_queue(&s, 0);
	save("config", 0, &s);

	config(&cfg);
	cfg.family = AF_INET6;
	inet_pton(AF_INET6, "2001:db8::1", &cfg.src.v6);
	inet_pton(AF_INET6, "2001:db8:ffff::7", &cfg.dst.v6);
	cfg.flowlabel = 0x12345;
	put(&s, IMSG_CONFIG, &cfg, sizeof(cfg), 0);
	for (i = 0; i < 6; i++) {
		memset(&probe, 0, sizeof(probe));
		probe.index = i;
		probe.seq = 0xffffc000U + i * SEQ_STRIDE;
		probe.ipid = (uint16_t)(65531 + i);
		probe.sport = 40000;
		probe.ttl = (uint8_t)(1 + i / 3);
		put(&s, IMSG_PROBE, &probe, sizeof(probe), 0);
	}
	take_queue(&s, 0);
	save("config-probes-v6", F_LAZY, &s);

	/* The parent's side: ready, sent, captures. */
	memset(&ready, 0, sizeof(ready));
	ready.dlt = 1;
	put(&s, IMSG_READY, &ready, sizeof(ready), 0);
	for (i = 0; i < 2; i++) {
		memset(&sent, 0, sizeof(sent));
		sent.index = i;
		sent.sec = 1700000000;
		sent.usec = 1000 * i;
		put(&s, IMSG_SENT, &sent, sizeof(sent), 0);
		capture(&s, 0);
	}
	take_queue(&s, 0);
	save("ready-sent-capture", 0, &s);

	/* All in one piece, and one byte at a time. */
	put(&s, IMSG_READY, &ready, sizeof(ready), 0);
	put(&s, IMSG_SENT, &sent, sizeof(sent), 0);
	capture(&s, 0);
	take_queue(&s, 1);
	save("one-piece", F_LAZY, &s);
	put(&s, IMSG_SENT, &sent, sizeof(sent), 0);
	put(&s, IMSG_PROBE, &probe, sizeof(probe), 0);
	take_queue(&s, 1);
	s.pieces[0] = 0x00;
	s.npieces = 1;
	save("byte-by-byte", 0, &s);

	/* Descriptors: claimed (odd type), left to imsg_free (even). */
	put(&s, IMSG_CONFIG, &cfg, sizeof(cfg), 1);
	put(&s, IMSG_READY, &ready, sizeof(ready), 0);
	capture(&s, 1);
	put(&s, 7, NULL, 0, 1);
	take_queue(&s, 0);
	save("fds", F_FDPASS, &s);
	put(&s, IMSG_CONFIG, &cfg, sizeof(cfg), 1);
	put(&s, IMSG_SENT, &sent, sizeof(sent), 0);
	take_queue(&s, 0);
	save("fds-refused", 0, &s);
	put(&s, IMSG_READY, &ready, sizeof(ready), 1);
	take_queue(&s, 0);
	save("fds-two", F_FDPASS | F_TWOFDS, &s);
	/* A descriptor no message claims, and a claim with none. */
	put(&s, IMSG_READY, &ready, sizeof(ready), 0);
	take_queue(&s, 0);
	s.pieces[0] |= PIECE_FD;
	put(&s, IMSG_SENT, &sent, sizeof(sent), 0);
	take_queue(&s, 0);
	save("fd-unclaimed", F_FDPASS, &s);
	put(&s, IMSG_READY, &ready, sizeof(ready), 1);
	take_queue(&s, 0);
	s.pieces[0] &= ~PIECE_FD;
	save("fd-missing", F_FDPASS, &s);

	/* Payloads taken apart field by field, and an empty one. */
	if ((buf = imsg_create(&w, 9, 1, 0, 16)) == NULL ||
	    ibuf_add_n8(buf, 0x12) == -1 || ibuf_add_n16(buf, 0x3456) == -1 ||
	    ibuf_add_n32(buf, 0x789abcde) == -1 ||
	    ibuf_add_zero(buf, 9) == -1)
		err(1, "imsg_create");
	imsg_close(&w, buf);
	put(&s, 10, NULL, 0, 0);
	put(&s, 11, "walk me byte by byte", 20, 0);
	take_queue(&s, 0);
	save("fields", 0, &s);

	/* Wrong sizes for the fixed structs. */
	put(&s, IMSG_CONFIG, &cfg, sizeof(cfg) - 1, 0);
	/* (cfg is the bigger struct: any bytes will do.) */
	put(&s, IMSG_PROBE, &cfg, sizeof(probe) + 1, 0);
	put(&s, IMSG_SENT, NULL, 0, 0);
	take_queue(&s, 0);
	save("wrong-sizes", 0, &s);

	/* Bigger than the default maximum, with the big one set. */
	memset(big, 0x5a, sizeof(big));
	if (imsgbuf_set_maxsize(&w, 1024 * 1024) == -1)
		err(1, "imsgbuf_set_maxsize");
	put(&s, 12, big, sizeof(big), 0);
	take_queue(&s, 0);
	save("big", F_MAXBIG, &s);
	put(&s, 12, big, 200, 0);
	take_queue(&s, 0);
	save("over-100", F_MAX100, &s);
	put(&s, 13, NULL, 0, 0);
	put(&s, 13, big, 1, 0);
	take_queue(&s, 0);
	save("over-0", F_MAX0, &s);

	/* Headers no honest peer writes. */
	hdr(&s, IMSG_READY, 8);
	save("len-short", 0, &s);
	hdr(&s, IMSG_READY, MAX_IMSGSIZE + 1);
	save("len-long", 0, &s);
	hdr(&s, IMSG_READY, 200000);
	save("len-grow", F_MAXBIG, &s);
	hdr(&s, IMSG_CAPTURE, 1000);
	raw(&s, big, 100);
	save("truncated", 0, &s);
	hdr(&s, IMSG_READY, 0xffffffffU);
	save("len-all-ones", F_FDPASS, &s);
	hdr(&s, IMSG_READY, 0x80000000U | 16);
	save("mark-no-fd", F_FDPASS, &s);

	imsgbuf_clear(&w);
	return (0);
}
