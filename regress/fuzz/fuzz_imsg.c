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
 * libFuzzer harness for the imsg reader: a hostile peer writes arbitrary
 * bytes, in arbitrary pieces, some with a descriptor attached, into one
 * end of a socket pair; the other end reads them with imsgbuf_read() and
 * takes them apart as parent.c and trace.c do.
 *
 * Input:
 *	byte 0		bit 0: the reader allows descriptor passing
 *			bits 1-2: the reader's maximum payload: the
 *			default, 100, 0, or 1 MiB (big enough to make the
 *			read buffer grow past its initial size)
 *			bit 3: read only when the socket is full or closed,
 *			rather than after every piece
 *			bit 4: a piece with a descriptor carries two (which
 *			no imsg writer sends)
 *	byte 1		n: n % 8 + 1 piece descriptors follow
 *	bytes 2..n+1	a piece: bit 7 attaches a descriptor (/dev/null)
 *			to it; bits 0-5 are its size less 1, counted in
 *			bytes, or with bit 6 set in 64 byte units
 *	the rest	the byte stream, cut into pieces by the descriptors
 *			in turn; after MAXWRITES pieces the rest goes in
 *			one (a system call per byte is all the time spent)
 *
 * Every message handed out is compared with the bytes that were written
 * for it, and so are its copies built by imsg_forward() and by
 * imsg_create() and imsg_add() piece by piece, which then travel back
 * over the pair with imsgbuf_write().  At the end no memory
 * (LeakSanitizer) and no descriptor may be left behind.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"
#include "tcptraceroute.h"

#define FD_MARK		0x80000000U
#define MAXPIECES	8
#define MAXWRITES	32
#define MAXFORWARD	16	/* forwarded messages queued at most */
#define BIGMAX		(1024 * 1024)
/* Descriptors a run may open besides those sent: the pair, spares. */
#define FDSLACK		4

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz_imsg: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The harness's model of the descriptors in flight.  A piece sent with
 * descriptors is SENT until the read that takes its first byte, which
 * gets them (the kernel hands them out with the first byte of their
 * sendmsg, and ends the read there); the reader then holds them for the
 * bytes of that read (QUEUED) until a message claims them or one past
 * them is taken (GONE).
 */
#define MAXFDPIECES	64
enum fdstate { FD_SENT, FD_QUEUED, FD_GONE };

struct fdpiece {
	uint64_t	 off;		/* first byte of the piece */
	uint64_t	 start, end;	/* bytes of the read that took it */
	int		 nfds;
	enum fdstate	 state;
};

struct run {
	const uint8_t	*stream;	/* what the peer wrote */
	size_t		 len;
	size_t		 written;
	size_t		 taken;		/* bytes handed out as messages */
	int		 fdpass;
	struct imsgbuf	 r;		/* the reader */
	struct imsgbuf	 fw;		/* where the reader forwards to */
	int		 peer;		/* the writer's end of the pair */
	int		 failed;	/* the reader gave up (errno) */
	struct fdpiece	 fdp[MAXFDPIECES];
	size_t		 nfdp;
};

static int	 nullfd = -1;
/* Descriptors open before the first run (libFuzzer's own): not ours. */
#define NOLDFDS		1024
static uint8_t	 oldfds[NOLDFDS];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	int fd;

	if ((nullfd = open("/dev/null", O_RDWR | O_CLOEXEC)) == -1)
		FAIL("/dev/null: %s", strerror(errno));
	for (fd = 0; fd < NOLDFDS; fd++)
		oldfds[fd] = fcntl(fd, F_GETFD) != -1;
	return (0);
}

static uint32_t
stream32(const struct run *run, size_t off)
{
	uint32_t v;

	memcpy(&v, run->stream + off, sizeof(v));
	return (v);
}

/* Take apart a payload the way a careful reader of unknown data would. */
static void
walk_ibuf(struct ibuf *ib)
{
	uint32_t v32;
	uint16_t v16;
	uint8_t v8, sel, tmp[64];
	size_t before, want;

	while (ibuf_size(ib) > 0) {
		before = ibuf_size(ib);
		if (ibuf_get_n8(ib, &sel) == -1)
			FAIL("ibuf_get_n8 failed with %zu left", before);
		switch (sel & 0x07) {
		case 0:
			(void)ibuf_get_n8(ib, &v8);
			break;
		case 1:
			(void)ibuf_get_n16(ib, &v16);
			break;
		case 2:
			(void)ibuf_get_n32(ib, &v32);
			break;
		case 3:
			want = (sel >> 3) % sizeof(tmp);
			if (ibuf_get(ib, tmp, want) == 0)
				break;
			if (errno != EBADMSG || want <= before - 1)
				FAIL("ibuf_get(%zu) of %zu", want, before - 1);
			break;
		case 4:
			want = sel >> 3;
			if (ibuf_skip(ib, want) == -1 && want <= before - 1)
				FAIL("ibuf_skip(%zu) of %zu", want, before - 1);
			break;
		case 5:
			/* All or nothing: too much must take nothing. */
			if (ibuf_get(ib, tmp, before) != -1)
				FAIL("ibuf_get past the end");
			if (ibuf_size(ib) != before - 1)
				FAIL("a failed ibuf_get moved");
			break;
		default:
			want = sel >> 3;
			if (ibuf_seek(ib, 0, want) == NULL && want <= before - 1)
				FAIL("ibuf_seek(0, %zu) of %zu", want,
				    before - 1);
			break;
		}
		if (ibuf_size(ib) >= before)
			FAIL("ibuf walk made no progress");
	}
	/* Nothing is left; any read must fail and take nothing. */
	if (ibuf_get_n8(ib, &v8) != -1 || ibuf_size(ib) != 0)
		FAIL("ibuf_get_n8 on an empty buffer");
}

/* What trace.c does with an IMSG_CAPTURE. */
static void
take_capture(struct imsg *imsg)
{
	struct ttr_capture c;
	struct ibuf ib;
	const uint8_t *pkt;
	size_t len, i;
	unsigned int sum = 0;

	if (imsg_get_ibuf(imsg, &ib) == -1)
		FAIL("imsg_get_ibuf");
	if (ibuf_get(&ib, &c, sizeof(c)) == -1)
		return;
	len = ibuf_size(&ib);
	if (len != c.caplen || len > TTR_SNAPLEN)
		return;
	pkt = ibuf_data(&ib);
	/* Touch every byte, so that ASan sees a payload that is short. */
	for (i = 0; i < len; i++)
		sum += pkt[i];
	(void)sum;
}

/* imsg_get_data() succeeds exactly for the right size. */
static void
take_fixed(struct imsg *imsg, size_t size)
{
	union {
		struct ttr_config	c;
		struct ttr_ready	r;
		struct ttr_probe	p;
		struct ttr_sent		s;
	} u;
	size_t len = imsg_get_len(imsg);

	if (imsg_get_data(imsg, &u, size) == 0) {
		if (len != size)
			FAIL("imsg_get_data(%zu) of %zu bytes", size, len);
		if (memcmp(&u, imsg->data, size) != 0)
			FAIL("imsg_get_data copied the wrong bytes");
	} else if (len == size || errno != EBADMSG)
		FAIL("imsg_get_data(%zu) of %zu bytes: %s", size, len,
		    strerror(errno));
	if (imsg_get_data(imsg, &u, 0) != -1 || errno != EINVAL)
		FAIL("imsg_get_data of 0 bytes");
}

/*
 * Send the forwarded messages back over the pair (they go the other
 * way), as imsgbuf_write() does, and read them raw: the bytes must be
 * the queued messages in order.
 */
static void
flush_forward(struct run *run)
{
	struct ibuf *q;
	uint8_t *want, *got;
	size_t total = 0, have = 0;
	ssize_t n;

	TAILQ_FOREACH(q, &run->fw.w.bufs, entry)
		total += ibuf_size(q);
	if (total == 0)
		return;
	if ((want = malloc(total)) == NULL || (got = malloc(total)) == NULL)
		FAIL("malloc");
	TAILQ_FOREACH(q, &run->fw.w.bufs, entry) {
		memcpy(want + have, ibuf_data(q), ibuf_size(q));
		have += ibuf_size(q);
	}
	for (have = 0; have < total; ) {
		if (imsgbuf_write(&run->fw) == -1)
			FAIL("imsgbuf_write: %s", strerror(errno));
		if ((n = read(run->peer, got + have, total - have)) == -1) {
			if (errno != EAGAIN)
				FAIL("read: %s", strerror(errno));
			if (imsgbuf_queuelen(&run->fw) == 0)
				FAIL("imsgbuf_write lost %zu bytes",
				    total - have);
			continue;
		}
		if (n == 0)
			FAIL("EOF on the forward direction");
		have += (size_t)n;
	}
	if (imsgbuf_queuelen(&run->fw) != 0)
		FAIL("imsgbuf_write sent all but kept %u",
		    imsgbuf_queuelen(&run->fw));
	if (memcmp(want, got, total) != 0)
		FAIL("imsgbuf_write sent other bytes");
	free(want);
	free(got);
}

/* The copy imsg_forward() queued must be the message again, no fd. */
static void
check_forward(struct run *run, struct imsg *imsg, size_t len)
{
	struct imsg_hdr hdr;
	struct ibuf *q;
	uint32_t before = imsgbuf_queuelen(&run->fw);

	if (imsg_forward(&run->fw, imsg) == -1) {
		if (len <= run->fw.maxsize || errno != ERANGE)
			FAIL("imsg_forward of %zu bytes: %s", len,
			    strerror(errno));
		return;
	}
	if (len > run->fw.maxsize)
		FAIL("imsg_forward of %zu bytes > %u", len, run->fw.maxsize);
	if (imsgbuf_queuelen(&run->fw) != before + 1)
		FAIL("imsg_forward queued %u", imsgbuf_queuelen(&run->fw) -
		    before);
	/* The head's struct has no name for TAILQ_LAST: walk to the end. */
	TAILQ_FOREACH(q, &run->fw.w.bufs, entry)
		if (TAILQ_NEXT(q, entry) == NULL)
			break;
	if (q == NULL)
		FAIL("imsg_forward queued nothing");
	if (ibuf_size(q) != len || q->fd != -1)
		FAIL("forwarded %zu bytes for %zu", ibuf_size(q), len);
	memcpy(&hdr, ibuf_data(q), sizeof(hdr));
	/* As in OpenBSD, a pid of 0 becomes the forwarder's. */
	if (hdr.type != imsg->hdr.type || hdr.len != len ||
	    hdr.peerid != imsg->hdr.peerid || hdr.pid != (imsg->hdr.pid != 0 ?
	    imsg->hdr.pid : (uint32_t)run->fw.pid))
		FAIL("forwarded header differs");
	if (len > IMSG_HEADER_SIZE && memcmp((uint8_t *)ibuf_data(q) +
	    IMSG_HEADER_SIZE, imsg->data, len - IMSG_HEADER_SIZE) != 0)
		FAIL("forwarded payload differs");
	if (imsgbuf_queuelen(&run->fw) >= MAXFORWARD)
		flush_forward(run);
}

/*
 * Build the message again from a size hint of 0, adding the payload in
 * pieces of 1, 2, 4 ... bytes, so that the buffer grows many times; it
 * must come out as the message, or fail when too big for fw.
 */
static void
check_rebuild(struct run *run, struct imsg *imsg, size_t len)
{
	struct imsg_hdr hdr;
	struct ibuf *b;
	const uint8_t *data = imsg->data;
	size_t off, step, datalen = len - IMSG_HEADER_SIZE;
	int rv;

	if ((b = imsg_create(&run->fw, imsg->hdr.type, imsg->hdr.peerid,
	    imsg->hdr.pid, 0)) == NULL)
		FAIL("imsg_create: %s", strerror(errno));
	for (off = 0, step = 1; off < datalen; off += step, step *= 2) {
		if (step > datalen - off)
			step = datalen - off;
		if ((rv = imsg_add(b, data + off, step)) == -1) {
			/* The message is freed: no leak, no queue entry. */
			if (errno != ERANGE || len <= run->fw.maxsize)
				FAIL("imsg_add at %zu of %zu: %s", off,
				    datalen, strerror(errno));
			return;
		}
		if ((size_t)rv != step)
			FAIL("imsg_add returned %d for %zu", rv, step);
	}
	if (len > run->fw.maxsize)
		FAIL("imsg_add built %zu bytes > %u", len, run->fw.maxsize);
	if (ibuf_size(b) != len)
		FAIL("rebuilt %zu bytes of %zu", ibuf_size(b), len);
	imsg_close(&run->fw, b);
	memcpy(&hdr, ibuf_data(b), sizeof(hdr));
	if (hdr.len != len || hdr.type != imsg->hdr.type ||
	    (datalen > 0 && memcmp((uint8_t *)ibuf_data(b) +
	    IMSG_HEADER_SIZE, data, datalen) != 0))
		FAIL("rebuilt message differs");
	if (imsgbuf_queuelen(&run->fw) >= MAXFORWARD)
		flush_forward(run);
}

/* One message: it must be the next one in the stream, intact. */
static void
take(struct run *run, struct imsg *imsg, ssize_t n)
{
	struct ibuf ib;
	size_t len, off = run->taken;
	uint32_t wlen;
	int fd, flags;

	if (n < (ssize_t)IMSG_HEADER_SIZE || (size_t)n > run->r.maxsize)
		FAIL("imsg_get returned %zd", n);
	len = (size_t)n;
	if (off + len > run->written)
		FAIL("message at %zu of %zu bytes, but %zu written", off, len,
		    run->written);
	wlen = stream32(run, off + offsetof(struct imsg_hdr, len));
	if (imsg->hdr.type != stream32(run, off) || imsg->hdr.len != len ||
	    (wlen & ~FD_MARK) != len ||
	    imsg->hdr.peerid != stream32(run, off + 8) ||
	    imsg->hdr.pid != stream32(run, off + 12))
		FAIL("message at %zu: header differs from the stream", off);
	if (imsg_get_type(imsg) != imsg->hdr.type ||
	    imsg_get_id(imsg) != imsg->hdr.peerid ||
	    (uint32_t)imsg_get_pid(imsg) != imsg->hdr.pid)
		FAIL("imsg_get_* differ from the header");
	if (imsg_get_len(imsg) != len - IMSG_HEADER_SIZE)
		FAIL("imsg_get_len %zu for %zu", imsg_get_len(imsg), len);
	if ((imsg->data == NULL) != (len == IMSG_HEADER_SIZE))
		FAIL("data pointer for a payload of %zu",
		    len - IMSG_HEADER_SIZE);
	if (len > IMSG_HEADER_SIZE && memcmp(imsg->data,
	    run->stream + off + IMSG_HEADER_SIZE, len - IMSG_HEADER_SIZE) != 0)
		FAIL("message at %zu: payload differs from the stream", off);
	run->taken += len;

	/* A descriptor comes with exactly the messages marked for one. */
	if ((wlen & FD_MARK) != 0) {
		if (!run->fdpass || !ibuf_fd_avail(imsg->buf))
			FAIL("a marked message without its descriptor");
		/* Claim one in two; imsg_free must close the others. */
		if (imsg->hdr.type & 1) {
			if ((fd = imsg_get_fd(imsg)) == -1)
				FAIL("imsg_get_fd lost the descriptor");
			if ((flags = fcntl(fd, F_GETFD)) == -1 ||
			    !(flags & FD_CLOEXEC))
				FAIL("received descriptor not close-on-exec");
			close(fd);
			if (imsg_get_fd(imsg) != -1)
				FAIL("imsg_get_fd gave the descriptor twice");
		}
	} else if (imsg_get_fd(imsg) != -1)
		FAIL("an unmarked message with a descriptor");

	switch (imsg_get_type(imsg)) {
	case IMSG_CONFIG:
		take_fixed(imsg, sizeof(struct ttr_config));
		break;
	case IMSG_READY:
		take_fixed(imsg, sizeof(struct ttr_ready));
		break;
	case IMSG_PROBE:
		take_fixed(imsg, sizeof(struct ttr_probe));
		break;
	case IMSG_SENT:
		take_fixed(imsg, sizeof(struct ttr_sent));
		break;
	case IMSG_CAPTURE:
		take_capture(imsg);
		break;
	default:
		if (imsg_get_ibuf(imsg, &ib) == -1)
			FAIL("imsg_get_ibuf");
		if (ibuf_size(&ib) != len - IMSG_HEADER_SIZE)
			FAIL("imsg_get_ibuf of %zu for %zu", ibuf_size(&ib),
			    len);
		walk_ibuf(&ib);
		/* A view: taking it apart leaves the message whole. */
		if (imsg_get_len(imsg) != len - IMSG_HEADER_SIZE)
			FAIL("walking the view changed the message");
		break;
	}
	check_forward(run, imsg, len);
	check_rebuild(run, imsg, len);
	imsg_free(imsg);
	if (imsg->buf != NULL || imsg->data != NULL)
		FAIL("imsg_free left pointers");
}

static uint64_t	seen(struct run *);

/*
 * What imsg_get() must do next, from the stream and the model: the
 * length of the message it hands out, 0 if there is no whole one yet,
 * or -1 with the errno it must fail with.  The model's descriptors
 * move as the reader's do: those whose bytes are all before the
 * message are closed, and a marked message claims the first one left
 * if its bytes began no later than the message.
 */
static ssize_t
expect_get(struct run *run, int *errp, int *claims)
{
	struct fdpiece *f, *first = NULL;
	uint64_t avail = seen(run) - run->taken;
	uint32_t wlen;
	size_t i, len;

	*claims = 0;
	if (avail < IMSG_HEADER_SIZE)
		return (0);
	wlen = stream32(run, run->taken + offsetof(struct imsg_hdr, len));
	len = wlen & ~FD_MARK;
	if (len < IMSG_HEADER_SIZE) {
		*errp = EBADMSG;
		return (-1);
	}
	if (len > run->r.maxsize) {
		*errp = ERANGE;
		return (-1);
	}
	if (avail < len)
		return (0);
	for (i = 0; i < run->nfdp; i++) {
		f = &run->fdp[i];
		if (f->state != FD_QUEUED)
			continue;
		if (f->end <= run->taken)
			f->state = FD_GONE;
		else if (first == NULL)
			first = f;
	}
	if (wlen & FD_MARK) {
		if (first == NULL || first->start > run->taken) {
			*errp = EBADMSG;
			return (-1);
		}
		first->state = FD_GONE;
		*claims = 1;
	}
	return ((ssize_t)len);
}

/* Take every whole message; 0 when there are none, -1 after an error. */
static int
drain(struct run *run)
{
	struct imsg imsg;
	ssize_t n, want;
	int err = 0, claims;

	for (;;) {
		want = expect_get(run, &err, &claims);
		if ((n = imsg_get(&run->r, &imsg)) == -1) {
			if (want != -1 || errno != err)
				FAIL("imsg_get at %zu: -1 (%s), want %zd (%s)",
				    run->taken, strerror(errno), want,
				    want == -1 ? strerror(err) : "");
			run->failed = errno;
			return (-1);
		}
		if (n != want)
			FAIL("imsg_get at %zu: %zd, want %zd%s%s", run->taken,
			    n, want, want == -1 ? " ": "",
			    want == -1 ? strerror(err) : "");
		if (n == 0)
			return (0);
		if (claims != ibuf_fd_avail(imsg.buf))
			FAIL("message at %zu: descriptor %d, want %d",
			    run->taken, ibuf_fd_avail(imsg.buf), claims);
		take(run, &imsg, n);
	}
}

/*
 * One imsgbuf_read and whatever it brought; -1 on error, 0 on EOF.  A
 * read that takes the first byte of a piece sent with descriptors gets
 * them; it must fail if the reader does not take descriptors, or if
 * there are two.
 */
static int
read_some(struct run *run)
{
	struct fdpiece *f = NULL;
	uint64_t before = seen(run);
	size_t i;
	int rv;

	rv = imsgbuf_read(&run->r);
	for (i = 0; i < run->nfdp; i++)
		if (run->fdp[i].state == FD_SENT &&
		    run->fdp[i].off >= before && run->fdp[i].off < seen(run)) {
			if (f != NULL)
				FAIL("one read took the descriptors of two "
				    "sendmsgs");
			f = &run->fdp[i];
		}
	if (f != NULL) {
		f->start = before;
		f->end = seen(run);
		f->state = FD_QUEUED;
	}
	if (rv == -1) {
		if (errno != EBADMSG || f == NULL ||
		    (run->fdpass && f->nfds == 1))
			FAIL("imsgbuf_read at %llu: %s",
			    (unsigned long long)before, strerror(errno));
		f->state = FD_GONE;
		run->failed = errno;
		return (-1);
	}
	if (f != NULL && (!run->fdpass || f->nfds != 1))
		FAIL("imsgbuf_read at %llu took %d descriptors%s",
		    (unsigned long long)before, f->nfds,
		    run->fdpass ? "" : " while refusing them");
	if (rv != 0 && rv != 1)
		FAIL("imsgbuf_read returned %d", rv);
	if (drain(run) == -1)
		return (-1);
	return (rv);
}

/* Bytes the reader has seen: handed out, plus still buffered. */
static uint64_t
seen(struct run *run)
{
	return (run->r.roff + ibuf_size(&run->r.r));
}

/* Name the descriptor a run left behind, and fail. */
static void
leaked(int fd, int lowfd)
{
	char path[64], target[256];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if ((n = readlink(path, target, sizeof(target) - 1)) == -1)
		n = 0;
	target[n] = '\0';
	FAIL("descriptor %d (%s) left open (first new one %d)", fd,
	    n > 0 ? target : "?", lowfd);
}

/* Write one piece, with nfds descriptors (0-2); bytes written. */
static ssize_t
put(int fd, const uint8_t *p, size_t len, int nfds)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(2 * sizeof(int))];
	} cmsgbuf;
	int fds[2];
	struct msghdr msg;
	struct cmsghdr *cmsg;
	struct iovec iov;
	ssize_t n;

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = (void *)p;
	iov.iov_len = len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (nfds > 0) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		fds[0] = fds[1] = nullfd;
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
	}
	while ((n = sendmsg(fd, &msg, MSG_NOSIGNAL)) == -1) {
		if (errno == EINTR)
			continue;
		/* Full, or too many descriptors in flight: wait. */
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ETOOMANYREFS)
			return (0);
		FAIL("sendmsg: %s", strerror(errno));
	}
	return (n);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint32_t maxes[] = { MAX_IMSGSIZE - IMSG_HEADER_SIZE,
	    100, 0, BIGMAX };
	struct run run;
	const uint8_t *pieces;
	size_t npieces, i, plen, off;
	ssize_t n;
	uint64_t last, lastoff;
	int sv[2], lowfd, fd, eager, rv, perpiece, withfds, nfds = 0;

	if (size < 2)
		return (0);
	npieces = data[1] % MAXPIECES + 1;
	if (size < 2 + npieces)
		return (0);
	pieces = data + 2;

	/* Where new descriptors start; all of them must be closed again. */
	if ((lowfd = dup(nullfd)) == -1)
		FAIL("dup: %s", strerror(errno));
	close(lowfd);

	memset(&run, 0, sizeof(run));
	run.len = size - 2 - npieces;
	/* Exactly the stream, so that a comparison past it is caught. */
	if ((run.stream = malloc(run.len ? run.len : 1)) == NULL)
		return (0);
	memcpy((void *)run.stream, data + 2 + npieces, run.len);
	run.fdpass = data[0] & 0x01;
	eager = !(data[0] & 0x08);
	perpiece = (data[0] & 0x10) ? 2 : 1;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == -1)
		FAIL("socketpair: %s", strerror(errno));
	run.peer = sv[0];
	if (fcntl(sv[0], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(sv[1], F_SETFL, O_NONBLOCK) == -1)
		FAIL("fcntl: %s", strerror(errno));
	if (imsgbuf_init(&run.r, sv[1]) == -1 ||
	    imsgbuf_init(&run.fw, sv[1]) == -1)
		FAIL("imsgbuf_init: %s", strerror(errno));
	if (run.fdpass)
		imsgbuf_allow_fdpass(&run.r);
	if (imsgbuf_set_maxsize(&run.r, maxes[(data[0] >> 1) & 0x03]) == -1)
		FAIL("imsgbuf_set_maxsize: %s", strerror(errno));

	/* The peer writes its pieces; the reader keeps up, or not. */
	for (i = 0, off = 0; off < run.len && !run.failed; i++) {
		plen = pieces[i % npieces] & 0x3f;
		plen = (pieces[i % npieces] & 0x40) ? (plen + 1) * 64 :
		    plen + 1;
		if (plen > run.len - off || i >= MAXWRITES)
			plen = run.len - off;
		withfds = (pieces[i % npieces] & 0x80) &&
		    run.nfdp < MAXFDPIECES ? perpiece : 0;
		while ((n = put(sv[0], run.stream + off, plen,
		    withfds)) == 0) {
			/* The socket is full: the reader must make room. */
			last = seen(&run);
			if (read_some(&run) == -1)
				break;
			if (seen(&run) == last)
				FAIL("socket full, reader stuck at %llu",
				    (unsigned long long)last);
		}
		if (run.failed)
			break;
		if (withfds) {
			run.fdp[run.nfdp].off = off;
			run.fdp[run.nfdp].nfds = withfds;
			run.fdp[run.nfdp].state = FD_SENT;
			run.nfdp++;
			nfds += withfds;
		}
		off += (size_t)n;
		run.written = off;
		if (eager && read_some(&run) == -1)
			break;
	}

	/* The peer is done: read to the end of the stream. */
	shutdown(sv[0], SHUT_WR);
	while (!run.failed) {
		last = seen(&run);
		lastoff = run.r.roff;
		if ((rv = read_some(&run)) == -1)
			break;
		if (rv == 0)
			break;
		if (seen(&run) == last && run.r.roff == lastoff)
			FAIL("reader stuck at %llu of %zu",
			    (unsigned long long)last, run.len);
	}

	if (!run.failed) {
		/*
		 * At EOF all was read, and what is left over is no whole
		 * message: a header that wants more than came.
		 */
		if (seen(&run) != run.written || run.taken != run.r.roff)
			FAIL("read %llu of %zu bytes",
			    (unsigned long long)seen(&run), run.written);
		off = run.taken;
		if (run.written - off >= IMSG_HEADER_SIZE &&
		    (stream32(&run, off + 4) & ~FD_MARK) <= run.written - off)
			FAIL("a whole message left at %zu", off);
	}

	flush_forward(&run);
	imsgbuf_clear(&run.r);
	imsgbuf_clear(&run.fw);
	close(sv[0]);
	close(sv[1]);
	free((void *)run.stream);

	/* Every descriptor the run got is closed. */
	for (fd = lowfd; fd < lowfd + FDSLACK + nfds; fd++)
		if ((fd >= NOLDFDS || !oldfds[fd]) &&
		    fcntl(fd, F_GETFD) != -1)
			leaked(fd, lowfd);
	return (0);
}
