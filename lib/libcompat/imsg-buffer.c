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
 * Byte buffers and the write queue under imsg.  Every length is checked
 * against what is left before it is used, so that a length that came
 * from the other process can never move a pointer out of its buffer.
 */

#ifndef __OpenBSD__

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <arpa/inet.h>

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"

/*
 * How many queued buffers one sendmsg(2) may gather.  Far below IOV_MAX;
 * more would only make the iovec array on the stack bigger.
 */
#define MSGBUF_IOVCNT	128

static int	 ibuf_grow(struct ibuf *, size_t);
static void	 msgbuf_dequeue(struct msgbuf *, struct ibuf *);
static void	 msgbuf_drain(struct msgbuf *, size_t);

/* A buffer of exactly len bytes. */
struct ibuf *
ibuf_open(size_t len)
{
	struct ibuf	*buf;

	if (len == 0) {
		errno = EINVAL;
		return (NULL);
	}
	if ((buf = calloc(1, sizeof(*buf))) == NULL)
		return (NULL);
	if ((buf->buf = calloc(len, 1)) == NULL) {
		free(buf);
		return (NULL);
	}
	buf->size = buf->max = len;
	buf->fd = -1;
	return (buf);
}

/* A buffer that starts with room for len bytes and may grow to max. */
struct ibuf *
ibuf_dynamic(size_t len, size_t max)
{
	struct ibuf	*buf;

	if (max == 0 || max < len) {
		errno = EINVAL;
		return (NULL);
	}
	if ((buf = calloc(1, sizeof(*buf))) == NULL)
		return (NULL);
	if (len > 0 && (buf->buf = calloc(len, 1)) == NULL) {
		free(buf);
		return (NULL);
	}
	buf->size = len;
	buf->max = max;
	buf->fd = -1;
	return (buf);
}

/*
 * Make room for len more bytes after wpos.  wpos <= max always holds,
 * so max - wpos cannot wrap, and the sum below cannot overflow.
 */
static int
ibuf_grow(struct ibuf *buf, size_t len)
{
	unsigned char	*p;
	size_t		 need, nsize;

	if (len > buf->max - buf->wpos) {
		errno = ERANGE;
		return (-1);
	}
	need = buf->wpos + len;
	if (need <= buf->size)
		return (0);

	/* Double, so that building a message piece by piece stays linear. */
	nsize = buf->size < buf->max / 2 ? buf->size * 2 : buf->max;
	if (nsize < need)
		nsize = need;
	if ((p = realloc(buf->buf, nsize)) == NULL)
		return (-1);
	/* Bytes past wpos may be handed out by ibuf_reserve: no stale data. */
	memset(p + buf->size, 0, nsize - buf->size);
	buf->buf = p;
	buf->size = nsize;
	return (0);
}

/* len zeroed bytes at the end of buf, for the caller to fill in. */
void *
ibuf_reserve(struct ibuf *buf, size_t len)
{
	void	*p;

	/* Zero bytes have no address to give in an empty buffer. */
	if (len == 0) {
		errno = EINVAL;
		return (NULL);
	}
	if (ibuf_grow(buf, len) == -1)
		return (NULL);
	p = buf->buf + buf->wpos;
	memset(p, 0, len);
	buf->wpos += len;
	return (p);
}

int
ibuf_add(struct ibuf *buf, const void *data, size_t len)
{
	void	*p;

	if (len == 0)
		return (0);
	if ((p = ibuf_reserve(buf, len)) == NULL)
		return (-1);
	memcpy(p, data, len);
	return (0);
}

int
ibuf_add_zero(struct ibuf *buf, size_t len)
{
	if (len == 0)
		return (0);
	return (ibuf_reserve(buf, len) == NULL ? -1 : 0);
}

/*
 * The ibuf_add_n* take a wide value, as OpenBSD's do, and refuse one
 * that does not fit rather than silently cutting it.
 */
int
ibuf_add_n8(struct ibuf *buf, uint64_t value)
{
	uint8_t	 v;

	if (value > UINT8_MAX) {
		errno = EINVAL;
		return (-1);
	}
	v = value;
	return (ibuf_add(buf, &v, sizeof(v)));
}

int
ibuf_add_n16(struct ibuf *buf, uint64_t value)
{
	uint16_t	 v;

	if (value > UINT16_MAX) {
		errno = EINVAL;
		return (-1);
	}
	v = htons(value);
	return (ibuf_add(buf, &v, sizeof(v)));
}

int
ibuf_add_n32(struct ibuf *buf, uint64_t value)
{
	uint32_t	 v;

	if (value > UINT32_MAX) {
		errno = EINVAL;
		return (-1);
	}
	v = htonl(value);
	return (ibuf_add(buf, &v, sizeof(v)));
}

/* len bytes at offset pos of the unread part of buf. */
void *
ibuf_seek(struct ibuf *buf, size_t pos, size_t len)
{
	if (buf->buf == NULL || pos > ibuf_size(buf) ||
	    len > ibuf_size(buf) - pos) {
		errno = ERANGE;
		return (NULL);
	}
	return (buf->buf + buf->rpos + pos);
}

/* Overwrite bytes already written, e.g. a length known only at the end. */
int
ibuf_set(struct ibuf *buf, size_t pos, const void *data, size_t len)
{
	void	*p;

	if (len == 0)
		return (0);
	if ((p = ibuf_seek(buf, pos, len)) == NULL)
		return (-1);
	memcpy(p, data, len);
	return (0);
}

void *
ibuf_data(const struct ibuf *buf)
{
	if (buf->buf == NULL)
		return (NULL);
	return (buf->buf + buf->rpos);
}

size_t
ibuf_size(const struct ibuf *buf)
{
	return (buf->wpos - buf->rpos);
}

size_t
ibuf_left(const struct ibuf *buf)
{
	return (buf->max - buf->wpos);
}

/* Take len bytes from the front; all of them or nothing. */
int
ibuf_get(struct ibuf *buf, void *data, size_t len)
{
	if (len > ibuf_size(buf)) {
		errno = EBADMSG;
		return (-1);
	}
	if (len == 0)
		return (0);
	memcpy(data, buf->buf + buf->rpos, len);
	buf->rpos += len;
	return (0);
}

int
ibuf_get_n8(struct ibuf *buf, uint8_t *value)
{
	return (ibuf_get(buf, value, sizeof(*value)));
}

int
ibuf_get_n16(struct ibuf *buf, uint16_t *value)
{
	uint16_t	 v;

	if (ibuf_get(buf, &v, sizeof(v)) == -1)
		return (-1);
	*value = ntohs(v);
	return (0);
}

int
ibuf_get_n32(struct ibuf *buf, uint32_t *value)
{
	uint32_t	 v;

	if (ibuf_get(buf, &v, sizeof(v)) == -1)
		return (-1);
	*value = ntohl(v);
	return (0);
}

int
ibuf_skip(struct ibuf *buf, size_t len)
{
	if (len > ibuf_size(buf)) {
		errno = EBADMSG;
		return (-1);
	}
	buf->rpos += len;
	return (0);
}

/*
 * A read-only view of len bytes at data, to take apart with ibuf_get.
 * max == wpos, so nothing can be added to it; it is never freed.
 */
void
ibuf_from_buffer(struct ibuf *buf, void *data, size_t len)
{
	memset(buf, 0, sizeof(*buf));
	buf->buf = data;
	buf->size = buf->max = buf->wpos = len;
	buf->fd = -1;
}

/* A view of what is left to read in from; from keeps its descriptor. */
void
ibuf_from_ibuf(struct ibuf *to, const struct ibuf *from)
{
	ibuf_from_buffer(to, ibuf_data(from), ibuf_size(from));
}

/* Attach fd to buf, which then owns it. */
void
ibuf_fd_set(struct ibuf *buf, int fd)
{
	if (buf->fd != -1)
		close(buf->fd);
	buf->fd = fd < 0 ? -1 : fd;
}

/* Hand the descriptor over to the caller, who must close it. */
int
ibuf_fd_get(struct ibuf *buf)
{
	int	 fd;

	fd = buf->fd;
	buf->fd = -1;
	return (fd);
}

int
ibuf_fd_avail(const struct ibuf *buf)
{
	return (buf->fd != -1);
}

void
ibuf_free(struct ibuf *buf)
{
	int	 saved_errno;

	if (buf == NULL)
		return;
	/* Callers free on error paths: keep the errno they are reporting. */
	saved_errno = errno;
	if (buf->fd != -1)
		close(buf->fd);
	free(buf->buf);
	free(buf);
	errno = saved_errno;
}

/* Queue a finished buffer for writing; the queue now owns it. */
void
ibuf_close(struct msgbuf *msgbuf, struct ibuf *buf)
{
	TAILQ_INSERT_TAIL(&msgbuf->bufs, buf, entry);
	msgbuf->queued++;
}

void
msgbuf_init(struct msgbuf *msgbuf)
{
	TAILQ_INIT(&msgbuf->bufs);
	msgbuf->queued = 0;
}

static void
msgbuf_dequeue(struct msgbuf *msgbuf, struct ibuf *buf)
{
	TAILQ_REMOVE(&msgbuf->bufs, buf, entry);
	msgbuf->queued--;
	ibuf_free(buf);
}

/* Drop everything queued, closing the descriptors that were never sent. */
void
msgbuf_clear(struct msgbuf *msgbuf)
{
	struct ibuf	*buf;

	while ((buf = TAILQ_FIRST(&msgbuf->bufs)) != NULL)
		msgbuf_dequeue(msgbuf, buf);
}

uint32_t
msgbuf_queuelen(const struct msgbuf *msgbuf)
{
	return (msgbuf->queued);
}

/* Account for n bytes sent: free whole buffers, advance into a partial one. */
static void
msgbuf_drain(struct msgbuf *msgbuf, size_t n)
{
	struct ibuf	*buf;

	while (n > 0 && (buf = TAILQ_FIRST(&msgbuf->bufs)) != NULL) {
		if (n >= ibuf_size(buf)) {
			n -= ibuf_size(buf);
			msgbuf_dequeue(msgbuf, buf);
		} else {
			buf->rpos += n;
			n = 0;
		}
	}
}

/*
 * Send as much of the queue as the socket takes.  A buffer that carries a
 * descriptor always starts a sendmsg of its own, with the descriptor
 * attached: the kernel then delivers the descriptor with the first byte of
 * that buffer, which is what lets the reader tie it to its message.
 * Returns 0 when the socket is full too (EAGAIN), -1 on a real error.
 */
int
msgbuf_write(int fd, struct msgbuf *msgbuf)
{
	struct iovec	 iov[MSGBUF_IOVCNT];
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct ibuf	*buf, *fdbuf = NULL;
	ssize_t		 n;
	int		 iovcnt = 0;

	TAILQ_FOREACH(buf, &msgbuf->bufs, entry) {
		if (iovcnt == MSGBUF_IOVCNT)
			break;
		if (iovcnt > 0 && buf->fd != -1)
			break;
		iov[iovcnt].iov_base = ibuf_data(buf);
		iov[iovcnt].iov_len = ibuf_size(buf);
		iovcnt++;
		if (buf->fd != -1)
			fdbuf = buf;
	}
	if (iovcnt == 0)
		return (0);

	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = iov;
	msg.msg_iovlen = iovcnt;
	if (fdbuf != NULL) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = sizeof(cmsgbuf.buf);
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_len = CMSG_LEN(sizeof(int));
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(cmsg), &fdbuf->fd, sizeof(int));
	}

	/* MSG_NOSIGNAL: a vanished peer is an EPIPE to report, no SIGPIPE. */
	while ((n = sendmsg(fd, &msg, MSG_NOSIGNAL)) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == ENOBUFS)
			return (0);
		return (-1);
	}

	/* Even a partial send took the descriptor along: ours is a copy. */
	if (fdbuf != NULL) {
		close(fdbuf->fd);
		fdbuf->fd = -1;
	}
	msgbuf_drain(msgbuf, n);
	return (0);
}

#endif /* !__OpenBSD__ */
