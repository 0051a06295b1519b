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
 * Messages over a stream socket between the privileged and unprivileged
 * halves of a program.  Each side parses what the other sends, so the
 * reader treats every header as hostile: a length is checked against the
 * header size and the configured maximum before anything is allocated or
 * copied, and a descriptor is only handed out for a message that says it
 * carries one.
 *
 * On the wire a message is a struct imsg_hdr in host byte order followed
 * by its payload.  The top bit of hdr.len marks a message that came with
 * a descriptor; it is never part of the length.
 */

#ifndef __OpenBSD__

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/socket.h>
#include <sys/uio.h>

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imsg.h"

#define IMSG_ALLOW_FDPASS	0x01
#define IMSG_FD_MARK		0x80000000U

/*
 * The read buffer starts this big, enough for many default-sized
 * messages per read(2), and grows only for a single message that is
 * bigger and that the maximum allows.
 */
#define IMSG_RBUF_SIZE		65536

/*
 * A descriptor received and not yet claimed.  start and end are the
 * stream offsets of the bytes that came with it: the sender attaches a
 * descriptor to the first byte of its message, so the message that claims
 * it must begin in [start, end).
 */
struct imsg_fd {
	TAILQ_ENTRY(imsg_fd)	 entry;
	uint64_t		 start;
	uint64_t		 end;
	int			 fd;
};

static int	 imsg_rbuf_room(struct imsgbuf *);
static int	 imsg_take_fds(struct imsgbuf *, struct msghdr *, uint64_t,
		    uint64_t);
static void	 imsg_fd_drop(struct imsgbuf *, struct imsg_fd *);

int
imsgbuf_init(struct imsgbuf *imsgbuf, int fd)
{
	memset(imsgbuf, 0, sizeof(*imsgbuf));
	msgbuf_init(&imsgbuf->w);
	TAILQ_INIT(&imsgbuf->fds);
	if ((imsgbuf->r.buf = malloc(IMSG_RBUF_SIZE)) == NULL)
		return (-1);
	imsgbuf->r.size = imsgbuf->r.max = IMSG_RBUF_SIZE;
	imsgbuf->r.fd = -1;
	imsgbuf->fd = fd;
	imsgbuf->pid = getpid();
	imsgbuf->maxsize = MAX_IMSGSIZE;
	imsgbuf->flags = 0;
	return (0);
}

/* Without this, a peer that sends a descriptor breaks the connection. */
void
imsgbuf_allow_fdpass(struct imsgbuf *imsgbuf)
{
	imsgbuf->flags |= IMSG_ALLOW_FDPASS;
}

/*
 * max counts the payload only, as in OpenBSD.  The total must leave the
 * top bit of hdr.len free for the descriptor mark.
 */
int
imsgbuf_set_maxsize(struct imsgbuf *imsgbuf, uint32_t max)
{
	if (max > UINT32_MAX - IMSG_HEADER_SIZE) {
		errno = ERANGE;
		return (-1);
	}
	max += IMSG_HEADER_SIZE;
	if (max & IMSG_FD_MARK) {
		errno = EINVAL;
		return (-1);
	}
	imsgbuf->maxsize = max;
	return (0);
}

static void
imsg_fd_drop(struct imsgbuf *imsgbuf, struct imsg_fd *ifd)
{
	TAILQ_REMOVE(&imsgbuf->fds, ifd, entry);
	close(ifd->fd);
	free(ifd);
}

/*
 * Make room behind the unread bytes: move them to the front, and if they
 * begin with the header of a message too big for the buffer (but within
 * the maximum), grow the buffer to hold exactly that message.
 */
static int
imsg_rbuf_room(struct imsgbuf *imsgbuf)
{
	struct ibuf	*r = &imsgbuf->r;
	struct imsg_hdr	 hdr;
	unsigned char	*p;
	size_t		 left, len;

	left = ibuf_size(r);
	if (r->rpos > 0) {
		if (left > 0)
			memmove(r->buf, r->buf + r->rpos, left);
		r->rpos = 0;
		r->wpos = left;
	}
	if (left < IMSG_HEADER_SIZE)
		return (0);
	memcpy(&hdr, r->buf, sizeof(hdr));
	len = hdr.len & ~IMSG_FD_MARK;
	/* A bad length is left for imsg_get to report. */
	if (len <= r->size || len < IMSG_HEADER_SIZE || len > imsgbuf->maxsize)
		return (0);
	if ((p = realloc(r->buf, len)) == NULL)
		return (-1);
	r->buf = p;
	r->size = r->max = len;
	return (0);
}

/*
 * Queue the descriptor that came with the bytes [start, end) of the
 * stream.  Our sender passes one per sendmsg and the kernel never hands
 * out those of two sendmsgs in one recvmsg, so more than one, or a
 * truncated control message, means a peer that does not speak our
 * protocol: close whatever arrived and fail.
 */
static int
imsg_take_fds(struct imsgbuf *imsgbuf, struct msghdr *msg, uint64_t start,
    uint64_t end)
{
	struct cmsghdr	*cmsg;
	struct imsg_fd	*ifd;
	size_t		 i, nfds;
	int		 error = 0, fd, taken = 0;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg != NULL;
	    cmsg = CMSG_NXTHDR(msg, cmsg)) {
		if (cmsg->cmsg_level != SOL_SOCKET ||
		    cmsg->cmsg_type != SCM_RIGHTS ||
		    cmsg->cmsg_len < CMSG_LEN(0))
			continue;
		nfds = (cmsg->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (i = 0; i < nfds; i++) {
			memcpy(&fd, CMSG_DATA(cmsg) + i * sizeof(int),
			    sizeof(fd));
			if (error != 0 || taken) {
				close(fd);
				if (error == 0)
					error = EBADMSG;
				continue;
			}
			if ((ifd = malloc(sizeof(*ifd))) == NULL) {
				error = errno;
				close(fd);
				continue;
			}
			ifd->fd = fd;
			ifd->start = start;
			ifd->end = end;
			TAILQ_INSERT_TAIL(&imsgbuf->fds, ifd, entry);
			taken = 1;
		}
	}
	/*
	 * Also set when fd passing is off (no control buffer) and the peer
	 * sent one anyway; the kernel has closed it for us then.
	 */
	if (error == 0 && (msg->msg_flags & MSG_CTRUNC))
		error = EBADMSG;
	if (error != 0) {
		errno = error;
		return (-1);
	}
	return (0);
}

/*
 * Read what the socket has.  Returns 1 when there may be new messages
 * (also when there was nothing to read on a non-blocking socket), 0 on
 * end of file, -1 on error; after an error the imsgbuf is good only for
 * imsgbuf_clear.
 */
int
imsgbuf_read(struct imsgbuf *imsgbuf)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct ibuf	*r = &imsgbuf->r;
	struct msghdr	 msg;
	struct iovec	 iov;
	uint64_t	 start;
	ssize_t		 n;

	if (r->buf == NULL) {
		errno = EINVAL;
		return (-1);
	}
	if (imsg_rbuf_room(imsgbuf) == -1)
		return (-1);
	/*
	 * Full, so it holds a whole message or a header imsg_get will
	 * refuse: the caller has to take those out first.
	 */
	if (r->wpos == r->size)
		return (1);

	memset(&msg, 0, sizeof(msg));
	iov.iov_base = r->buf + r->wpos;
	iov.iov_len = r->size - r->wpos;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (imsgbuf->flags & IMSG_ALLOW_FDPASS) {
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = sizeof(cmsgbuf.buf);
	}

	/* CLOEXEC: a received descriptor must not leak into an exec. */
	while ((n = recvmsg(imsgbuf->fd, &msg, MSG_CMSG_CLOEXEC)) == -1) {
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return (1);
		return (-1);
	}

	start = imsgbuf->roff + ibuf_size(r);
	r->wpos += n;
	if (imsg_take_fds(imsgbuf, &msg, start, start + n) == -1)
		return (-1);
	return (n == 0 ? 0 : 1);
}

int
imsgbuf_write(struct imsgbuf *imsgbuf)
{
	return (msgbuf_write(imsgbuf->fd, &imsgbuf->w));
}

/* Write until the queue is empty, waiting whenever the socket is full. */
int
imsgbuf_flush(struct imsgbuf *imsgbuf)
{
	struct pollfd	 pfd;

	while (imsgbuf_queuelen(imsgbuf) > 0) {
		if (imsgbuf_write(imsgbuf) == -1)
			return (-1);
		if (imsgbuf_queuelen(imsgbuf) == 0)
			break;
		pfd.fd = imsgbuf->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, -1) == -1 && errno != EINTR)
			return (-1);
	}
	return (0);
}

/* Free both directions; unsent and unclaimed descriptors are closed. */
void
imsgbuf_clear(struct imsgbuf *imsgbuf)
{
	struct imsg_fd	*ifd;

	msgbuf_clear(&imsgbuf->w);
	while ((ifd = TAILQ_FIRST(&imsgbuf->fds)) != NULL)
		imsg_fd_drop(imsgbuf, ifd);
	free(imsgbuf->r.buf);
	memset(&imsgbuf->r, 0, sizeof(imsgbuf->r));
	imsgbuf->r.fd = -1;
}

uint32_t
imsgbuf_queuelen(struct imsgbuf *imsgbuf)
{
	return (msgbuf_queuelen(&imsgbuf->w));
}

/*
 * Take the next whole message out of the read buffer.  Returns its size,
 * header included, 0 if no whole message is there yet, or -1 if the
 * header is impossible (ERANGE: longer than allowed; EBADMSG: shorter
 * than a header, or claims a descriptor that did not come).
 */
ssize_t
imsg_get(struct imsgbuf *imsgbuf, struct imsg *imsg)
{
	struct ibuf	*r = &imsgbuf->r, *buf;
	struct imsg_fd	*ifd;
	struct imsg_hdr	 hdr;
	size_t		 datalen, len;
	int		 fd = -1, hasfd;

	if (r->buf == NULL) {
		errno = EINVAL;
		return (-1);
	}
	if (ibuf_size(r) < IMSG_HEADER_SIZE)
		return (0);
	memcpy(&hdr, ibuf_data(r), sizeof(hdr));
	hasfd = (hdr.len & IMSG_FD_MARK) != 0;
	len = hdr.len & ~IMSG_FD_MARK;
	if (len < IMSG_HEADER_SIZE) {
		errno = EBADMSG;
		return (-1);
	}
	if (len > imsgbuf->maxsize) {
		errno = ERANGE;
		return (-1);
	}
	if (ibuf_size(r) < len)
		return (0);

	/*
	 * A descriptor whose bytes all lie before this message was sent
	 * with no message to claim it; close it rather than give it to a
	 * later message it does not belong to.
	 */
	while ((ifd = TAILQ_FIRST(&imsgbuf->fds)) != NULL &&
	    ifd->end <= imsgbuf->roff)
		imsg_fd_drop(imsgbuf, ifd);
	if (hasfd && (ifd == NULL || ifd->start > imsgbuf->roff)) {
		errno = EBADMSG;
		return (-1);
	}

	/* Allocate before taking the descriptor, so failure loses nothing. */
	datalen = len - IMSG_HEADER_SIZE;
	if ((buf = calloc(1, sizeof(*buf))) == NULL)
		return (-1);
	buf->fd = -1;
	if (datalen > 0) {
		if ((buf->buf = malloc(datalen)) == NULL) {
			free(buf);
			return (-1);
		}
		memcpy(buf->buf, (unsigned char *)ibuf_data(r) +
		    IMSG_HEADER_SIZE, datalen);
		buf->size = buf->max = buf->wpos = datalen;
	}
	if (hasfd) {
		fd = ifd->fd;
		TAILQ_REMOVE(&imsgbuf->fds, ifd, entry);
		free(ifd);
	}
	buf->fd = fd;

	r->rpos += len;
	imsgbuf->roff += len;
	if (r->rpos == r->wpos)
		r->rpos = r->wpos = 0;

	memset(imsg, 0, sizeof(*imsg));
	imsg->hdr = hdr;
	imsg->hdr.len = len;
	imsg->data = datalen > 0 ? buf->buf : NULL;
	imsg->buf = buf;
	return (len);
}

/*
 * Start a message of datalen bytes (a hint: imsg_add may go further, up
 * to the maximum).  A pid of 0 stands for our own.
 */
struct ibuf *
imsg_create(struct imsgbuf *imsgbuf, uint32_t type, uint32_t id, pid_t pid,
    size_t datalen)
{
	struct ibuf	*wbuf;
	struct imsg_hdr	 hdr;

	if (datalen > imsgbuf->maxsize - IMSG_HEADER_SIZE) {
		errno = ERANGE;
		return (NULL);
	}
	memset(&hdr, 0, sizeof(hdr));
	hdr.type = type;
	hdr.peerid = id;
	hdr.pid = pid == 0 ? imsgbuf->pid : pid;
	if ((wbuf = ibuf_dynamic(IMSG_HEADER_SIZE + datalen,
	    imsgbuf->maxsize)) == NULL)
		return (NULL);
	if (ibuf_add(wbuf, &hdr, sizeof(hdr)) == -1) {
		ibuf_free(wbuf);
		return (NULL);
	}
	return (wbuf);
}

/* Append to a message; on failure the message is freed, as in OpenBSD. */
int
imsg_add(struct ibuf *msg, const void *data, size_t datalen)
{
	if (msg == NULL)
		return (-1);
	if (ibuf_add(msg, data, datalen) == -1) {
		ibuf_free(msg);
		return (-1);
	}
	/* Cannot be cut: datalen fit below maxsize, which is below 2^31. */
	return ((int)datalen);
}

/* Fill in the length and queue the message; the queue now owns it. */
void
imsg_close(struct imsgbuf *imsgbuf, struct ibuf *msg)
{
	uint32_t	 len;

	if (msg == NULL)
		return;
	len = ibuf_size(msg);
	if (msg->fd != -1)
		len |= IMSG_FD_MARK;
	if (ibuf_set(msg, offsetof(struct imsg_hdr, len), &len,
	    sizeof(len)) == -1) {
		/* Not from imsg_create: no header to fill in. */
		ibuf_free(msg);
		return;
	}
	ibuf_close(&imsgbuf->w, msg);
}

/*
 * Queue one message.  fd, if not -1, goes with it and is closed here once
 * sent.  On failure fd stays the caller's, as with the native imsg, so
 * that one program behaves the same on both.
 */
int
imsg_compose(struct imsgbuf *imsgbuf, uint32_t type, uint32_t id, pid_t pid,
    int fd, const void *data, size_t datalen)
{
	struct ibuf	*wbuf;

	if ((wbuf = imsg_create(imsgbuf, type, id, pid, datalen)) == NULL)
		return (-1);
	if (imsg_add(wbuf, data, datalen) == -1)
		return (-1);
	ibuf_fd_set(wbuf, fd);
	imsg_close(imsgbuf, wbuf);
	return (1);
}

int
imsg_composev(struct imsgbuf *imsgbuf, uint32_t type, uint32_t id, pid_t pid,
    int fd, const struct iovec *iov, int iovcnt)
{
	struct ibuf	*wbuf;
	size_t		 datalen = 0;
	int		 i;

	if (iovcnt < 0) {
		errno = EINVAL;
		return (-1);
	}
	/* Sum without wrapping: stop as soon as the total is too big. */
	for (i = 0; i < iovcnt; i++) {
		if (iov[i].iov_len > imsgbuf->maxsize - IMSG_HEADER_SIZE -
		    datalen) {
			errno = ERANGE;
			return (-1);
		}
		datalen += iov[i].iov_len;
	}
	if ((wbuf = imsg_create(imsgbuf, type, id, pid, datalen)) == NULL)
		return (-1);
	for (i = 0; i < iovcnt; i++)
		if (imsg_add(wbuf, iov[i].iov_base, iov[i].iov_len) == -1)
			return (-1);
	ibuf_fd_set(wbuf, fd);
	imsg_close(imsgbuf, wbuf);
	return (1);
}

/* Pass a received message on unchanged, except for its descriptor. */
int
imsg_forward(struct imsgbuf *imsgbuf, struct imsg *msg)
{
	struct ibuf	*wbuf;
	struct ibuf	 payload;

	imsg_get_ibuf(msg, &payload);
	if ((wbuf = imsg_create(imsgbuf, msg->hdr.type, msg->hdr.peerid,
	    msg->hdr.pid, ibuf_size(&payload))) == NULL)
		return (-1);
	if (imsg_add(wbuf, ibuf_data(&payload), ibuf_size(&payload)) == -1)
		return (-1);
	imsg_close(imsgbuf, wbuf);
	return (1);
}

uint32_t
imsg_get_type(struct imsg *imsg)
{
	return (imsg->hdr.type);
}

uint32_t
imsg_get_id(struct imsg *imsg)
{
	return (imsg->hdr.peerid);
}

pid_t
imsg_get_pid(struct imsg *imsg)
{
	return (imsg->hdr.pid);
}

size_t
imsg_get_len(struct imsg *imsg)
{
	if (imsg->buf == NULL)
		return (0);
	return (ibuf_size(imsg->buf));
}

/*
 * Copy the payload into a struct of exactly its size.  Anything else is
 * a malformed message (EBADMSG); asking for zero bytes is the caller's
 * mistake (EINVAL), as in OpenBSD.
 */
int
imsg_get_data(struct imsg *imsg, void *data, size_t len)
{
	if (len == 0) {
		errno = EINVAL;
		return (-1);
	}
	if (imsg_get_len(imsg) != len) {
		errno = EBADMSG;
		return (-1);
	}
	memcpy(data, ibuf_data(imsg->buf), len);
	return (0);
}

/* A read-only view of the payload, to take apart with ibuf_get*. */
int
imsg_get_ibuf(struct imsg *imsg, struct ibuf *ibuf)
{
	if (imsg->buf == NULL)
		ibuf_from_buffer(ibuf, NULL, 0);
	else
		ibuf_from_ibuf(ibuf, imsg->buf);
	return (0);
}

/* The descriptor that came with the message, now the caller's; or -1. */
int
imsg_get_fd(struct imsg *imsg)
{
	if (imsg->buf == NULL)
		return (-1);
	return (ibuf_fd_get(imsg->buf));
}

/* Also closes a descriptor that nobody took with imsg_get_fd. */
void
imsg_free(struct imsg *imsg)
{
	ibuf_free(imsg->buf);
	imsg->buf = NULL;
	imsg->data = NULL;
}

#endif /* !__OpenBSD__ */
