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
 * imsg(3) for systems that lack it.  The names and semantics follow the
 * current OpenBSD interface (imsgbuf_init, imsgbuf_read/write/flush,
 * imsg_get_*), so that the same program builds against the native
 * <imsg.h> on OpenBSD, where this header steps aside.
 *
 * Where this one is stricter than the native one, it is so because each
 * side of tcptraceroute parses what the other sends: received
 * descriptors are close-on-exec; a read that brings more than one
 * descriptor, or a descriptor while fd passing is off, fails (EBADMSG)
 * and closes them; a descriptor that no message announces is closed
 * instead of being handed to a later message.  The wire format is
 * private to this implementation; both ends must use it.
 */

#include <sys/types.h>
#include <sys/queue.h>
#include <sys/uio.h>

#include <stddef.h>
#include <stdint.h>

#ifdef __OpenBSD__
#include_next <imsg.h>
#else

#ifndef LIBCOMPAT_IMSG_H
#define LIBCOMPAT_IMSG_H

#define IMSG_HEADER_SIZE	sizeof(struct imsg_hdr)
#define MAX_IMSGSIZE		16384

/*
 * A byte buffer.  Bytes [0, wpos) are written, [rpos, wpos) are not yet
 * read (or, in a write queue, not yet sent).  size is what is allocated,
 * max is how far a dynamic buffer may grow.  fd is a descriptor that
 * travels with the buffer, -1 if none; the buffer owns it.
 */
struct ibuf {
	TAILQ_ENTRY(ibuf)	 entry;
	unsigned char		*buf;
	size_t			 size;
	size_t			 max;
	size_t			 wpos;
	size_t			 rpos;
	int			 fd;
};

/* A queue of buffers waiting to be written. */
struct msgbuf {
	TAILQ_HEAD(, ibuf)	 bufs;
	uint32_t		 queued;
};

struct imsg_fd;			/* private to imsg.c */

struct imsgbuf {
	struct msgbuf		 w;	/* messages to write */
	struct ibuf		 r;	/* bytes read, not yet handed out */
	TAILQ_HEAD(, imsg_fd)	 fds;	/* received, not yet claimed */
	uint64_t		 roff;	/* stream offset of r's unread part */
	int			 fd;
	pid_t			 pid;
	uint32_t		 maxsize;	/* header included */
	int			 flags;
};

/* len counts the header; the data, if any, follows it. */
struct imsg_hdr {
	uint32_t	 type;
	uint32_t	 len;
	uint32_t	 peerid;
	uint32_t	 pid;
};

struct imsg {
	struct imsg_hdr	 hdr;
	void		*data;		/* the payload, NULL if empty */
	struct ibuf	*buf;
};

/* For code written against the older interface. */
#define IMSG_DATA_SIZE(imsg)	((imsg).hdr.len - IMSG_HEADER_SIZE)

/* imsg-buffer.c */
struct ibuf	*ibuf_open(size_t);
struct ibuf	*ibuf_dynamic(size_t, size_t);
int		 ibuf_add(struct ibuf *, const void *, size_t);
int		 ibuf_add_zero(struct ibuf *, size_t);
int		 ibuf_add_n8(struct ibuf *, uint64_t);
int		 ibuf_add_n16(struct ibuf *, uint64_t);
int		 ibuf_add_n32(struct ibuf *, uint64_t);
void		*ibuf_reserve(struct ibuf *, size_t);
void		*ibuf_seek(struct ibuf *, size_t, size_t);
int		 ibuf_set(struct ibuf *, size_t, const void *, size_t);
void		*ibuf_data(const struct ibuf *);
size_t		 ibuf_size(const struct ibuf *);
size_t		 ibuf_left(const struct ibuf *);
int		 ibuf_get(struct ibuf *, void *, size_t);
int		 ibuf_get_n8(struct ibuf *, uint8_t *);
int		 ibuf_get_n16(struct ibuf *, uint16_t *);
int		 ibuf_get_n32(struct ibuf *, uint32_t *);
int		 ibuf_skip(struct ibuf *, size_t);
void		 ibuf_from_buffer(struct ibuf *, void *, size_t);
void		 ibuf_from_ibuf(struct ibuf *, const struct ibuf *);
void		 ibuf_fd_set(struct ibuf *, int);
int		 ibuf_fd_get(struct ibuf *);
int		 ibuf_fd_avail(const struct ibuf *);
void		 ibuf_free(struct ibuf *);
void		 ibuf_close(struct msgbuf *, struct ibuf *);

/* The write queue; imsg.c uses these, programs use imsgbuf_*. */
void		 msgbuf_init(struct msgbuf *);
void		 msgbuf_clear(struct msgbuf *);
uint32_t	 msgbuf_queuelen(const struct msgbuf *);
int		 msgbuf_write(int, struct msgbuf *);

/* imsg.c */
int		 imsgbuf_init(struct imsgbuf *, int);
void		 imsgbuf_allow_fdpass(struct imsgbuf *);
int		 imsgbuf_set_maxsize(struct imsgbuf *, uint32_t);
int		 imsgbuf_read(struct imsgbuf *);
int		 imsgbuf_write(struct imsgbuf *);
int		 imsgbuf_flush(struct imsgbuf *);
void		 imsgbuf_clear(struct imsgbuf *);
uint32_t	 imsgbuf_queuelen(struct imsgbuf *);

ssize_t		 imsg_get(struct imsgbuf *, struct imsg *);
int		 imsg_compose(struct imsgbuf *, uint32_t, uint32_t, pid_t, int,
		    const void *, size_t);
int		 imsg_composev(struct imsgbuf *, uint32_t, uint32_t, pid_t,
		    int, const struct iovec *, int);
struct ibuf	*imsg_create(struct imsgbuf *, uint32_t, uint32_t, pid_t,
		    size_t);
int		 imsg_add(struct ibuf *, const void *, size_t);
void		 imsg_close(struct imsgbuf *, struct ibuf *);
int		 imsg_forward(struct imsgbuf *, struct imsg *);

uint32_t	 imsg_get_type(struct imsg *);
uint32_t	 imsg_get_id(struct imsg *);
pid_t		 imsg_get_pid(struct imsg *);
size_t		 imsg_get_len(struct imsg *);
int		 imsg_get_data(struct imsg *, void *, size_t);
int		 imsg_get_ibuf(struct imsg *, struct ibuf *);
int		 imsg_get_fd(struct imsg *);
void		 imsg_free(struct imsg *);

#endif /* LIBCOMPAT_IMSG_H */
#endif /* __OpenBSD__ */
