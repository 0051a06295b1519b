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
 * imsg over a socketpair, as the two halves of tcptraceroute use it.
 * Besides the round trips, these feed the reader what a compromised peer
 * could send (impossible lengths, descriptors nobody asked for) and check
 * that it fails cleanly and leaks no descriptor.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <atf-c.h>

#include "imsg.h"

#define MAXPAYLOAD	(MAX_IMSGSIZE - IMSG_HEADER_SIZE)

static void
mkpair(int sv[2])
{
	ATF_REQUIRE_MSG(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0,
	    "socketpair: %s", strerror(errno));
}

static void
set_nonblock(int fd)
{
	int	 flags;

	ATF_REQUIRE((flags = fcntl(fd, F_GETFL)) != -1);
	ATF_REQUIRE(fcntl(fd, F_SETFL, flags | O_NONBLOCK) != -1);
}

/* Open descriptors, to show that a test leaked none. */
static int
count_fds(void)
{
	DIR		*dir;
	struct dirent	*de;
	int		 n = 0;

	ATF_REQUIRE((dir = opendir("/proc/self/fd")) != NULL);
	while ((de = readdir(dir)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(dir);
	return (n);
}

static void
fill(unsigned char *p, size_t len, unsigned int seed)
{
	size_t	 i;

	for (i = 0; i < len; i++)
		p[i] = (unsigned char)(seed * 31 + i * 7 + (i >> 8));
}

static void
init_pair(int sv[2], struct imsgbuf *w, struct imsgbuf *r)
{
	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(w, sv[0]) == 0);
	ATF_REQUIRE(imsgbuf_init(r, sv[1]) == 0);
}

/* The next message on a blocking socket; fails the test on EOF or error. */
static ssize_t
get_one(struct imsgbuf *r, struct imsg *imsg)
{
	ssize_t	 n;
	int	 rv;

	for (;;) {
		n = imsg_get(r, imsg);
		if (n != 0)
			return (n);
		rv = imsgbuf_read(r);
		ATF_REQUIRE_MSG(rv == 1, "imsgbuf_read returned %d (%s)", rv,
		    rv == -1 ? strerror(errno) : "eof");
	}
}

/* Write raw bytes, as a peer that ignores the protocol would. */
static void
write_raw(int fd, const void *p, size_t len)
{
	ATF_REQUIRE_EQ(write(fd, p, len), (ssize_t)len);
}

static void
write_hdr(int fd, uint32_t type, uint32_t len)
{
	struct imsg_hdr	 hdr;

	memset(&hdr, 0, sizeof(hdr));
	hdr.type = type;
	hdr.len = len;
	write_raw(fd, &hdr, sizeof(hdr));
}

/* Send fd along with len bytes, outside imsg. */
static void
send_with_fd(int sock, const void *p, size_t len, int fd)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(sizeof(int))];
	} cmsgbuf;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct iovec	 iov;

	memset(&msg, 0, sizeof(msg));
	memset(&cmsgbuf, 0, sizeof(cmsgbuf));
	iov.iov_base = (void *)p;
	iov.iov_len = len;
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cmsgbuf.buf;
	msg.msg_controllen = sizeof(cmsgbuf.buf);
	cmsg = CMSG_FIRSTHDR(&msg);
	cmsg->cmsg_len = CMSG_LEN(sizeof(int));
	cmsg->cmsg_level = SOL_SOCKET;
	cmsg->cmsg_type = SCM_RIGHTS;
	memcpy(CMSG_DATA(cmsg), &fd, sizeof(int));
	ATF_REQUIRE_EQ(sendmsg(sock, &msg, 0), (ssize_t)len);
}

static void
wait_child(pid_t pid)
{
	int	 status;

	ATF_REQUIRE_EQ(waitpid(pid, &status, 0), pid);
	ATF_REQUIRE_MSG(WIFEXITED(status), "child did not exit");
	ATF_REQUIRE_EQ_MSG(WEXITSTATUS(status), 0, "child failed at step %d",
	    WEXITSTATUS(status));
}

ATF_TC(roundtrip);
ATF_TC_HEAD(roundtrip, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Messages of several types and sizes, empty and largest, "
	    "arrive intact and in order");
}
ATF_TC_BODY(roundtrip, tc)
{
	static const size_t sizes[] = { 0, 1, 3, 16, 100, 4096, MAXPAYLOAD };
	static unsigned char out[MAXPAYLOAD];
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	size_t		 i, n = sizeof(sizes) / sizeof(sizes[0]);
	int		 sv[2];

	init_pair(sv, &w, &r);
	for (i = 0; i < n; i++) {
		fill(out, sizes[i], i);
		ATF_REQUIRE_EQ(imsg_compose(&w, 100 + i, 7 * i,
		    i == 2 ? 4242 : 0, -1, out, sizes[i]), 1);
	}
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), n);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 0);

	for (i = 0; i < n; i++) {
		ATF_REQUIRE_EQ(get_one(&r, &imsg),
		    (ssize_t)(IMSG_HEADER_SIZE + sizes[i]));
		ATF_REQUIRE_EQ(imsg_get_type(&imsg), 100 + i);
		ATF_REQUIRE_EQ(imsg_get_id(&imsg), 7 * i);
		ATF_REQUIRE_EQ(imsg_get_pid(&imsg), i == 2 ? 4242 : getpid());
		ATF_REQUIRE_EQ(imsg_get_len(&imsg), sizes[i]);
		ATF_REQUIRE_EQ(IMSG_DATA_SIZE(imsg), sizes[i]);
		ATF_REQUIRE_EQ(imsg.hdr.len, IMSG_HEADER_SIZE + sizes[i]);
		ATF_REQUIRE_EQ(imsg_get_fd(&imsg), -1);
		if (sizes[i] == 0)
			ATF_REQUIRE(imsg.data == NULL);
		else {
			fill(out, sizes[i], i);
			ATF_REQUIRE(memcmp(imsg.data, out, sizes[i]) == 0);
		}
		imsg_free(&imsg);
	}
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(get_data_exact);
ATF_TC_HEAD(get_data_exact, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "imsg_get_data copies only into a struct of exactly the "
	    "payload's size");
}
ATF_TC_BODY(get_data_exact, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	uint64_t	 v = 0x0123456789abcdefULL, got = 0;
	uint32_t	 small = 0;
	unsigned char	 big[12];
	int		 sv[2];

	init_pair(sv, &w, &r);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, &v, sizeof(v)), 1);
	ATF_REQUIRE_EQ(imsg_compose(&w, 2, 0, 0, -1, NULL, 0), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);

	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE + 8);
	errno = 0;
	ATF_REQUIRE_ERRNO(EBADMSG,
	    imsg_get_data(&imsg, &small, sizeof(small)) == -1);
	ATF_REQUIRE_EQ(small, 0);
	ATF_REQUIRE_ERRNO(EBADMSG,
	    imsg_get_data(&imsg, big, sizeof(big)) == -1);
	ATF_REQUIRE_ERRNO(EINVAL, imsg_get_data(&imsg, &got, 0) == -1);
	ATF_REQUIRE_EQ(imsg_get_data(&imsg, &got, sizeof(got)), 0);
	ATF_REQUIRE_EQ(got, v);
	/* It copies and does not consume: a second look sees the same. */
	got = 0;
	ATF_REQUIRE_EQ(imsg_get_data(&imsg, &got, sizeof(got)), 0);
	ATF_REQUIRE_EQ(got, v);
	imsg_free(&imsg);

	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE);
	ATF_REQUIRE_ERRNO(EBADMSG,
	    imsg_get_data(&imsg, &small, sizeof(small)) == -1);
	imsg_free(&imsg);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(compose_too_big);
ATF_TC_HEAD(compose_too_big, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A message over the maximum is refused when composed, and "
	    "nothing is queued");
}
ATF_TC_BODY(compose_too_big, tc)
{
	static unsigned char data[MAX_IMSGSIZE + 1];
	struct imsgbuf	 w;
	struct ibuf	*wbuf;
	struct iovec	 iov[2];
	int		 sv[2];

	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(&w, sv[0]) == 0);
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_compose(&w, 1, 0, 0, -1, data, MAXPAYLOAD + 1) == -1);
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_compose(&w, 1, 0, 0, -1, data, SIZE_MAX) == -1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, data, MAXPAYLOAD), 1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 1);

	/* Growing a message piece by piece hits the same wall. */
	ATF_REQUIRE((wbuf = imsg_create(&w, 2, 0, 0, 10)) != NULL);
	ATF_REQUIRE_EQ(imsg_add(wbuf, data, MAXPAYLOAD - 1), MAXPAYLOAD - 1);
	ATF_REQUIRE_ERRNO(ERANGE, imsg_add(wbuf, data, 2) == -1);
	/* imsg_add freed wbuf on failure. */
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 1);

	/* And the pieces of composev, even if their sum would wrap. */
	iov[0].iov_base = data;
	iov[0].iov_len = 10;
	iov[1].iov_base = data;
	iov[1].iov_len = SIZE_MAX - 5;
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_composev(&w, 3, 0, 0, -1, iov, 2) == -1);
	iov[1].iov_len = MAXPAYLOAD - 10;
	ATF_REQUIRE_EQ(imsg_composev(&w, 3, 0, 0, -1, iov, 2), 1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 2);

	/* A smaller maximum is a payload limit, as on OpenBSD. */
	ATF_REQUIRE_EQ(imsgbuf_set_maxsize(&w, 100), 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 4, 0, 0, -1, data, 100), 1);
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_compose(&w, 4, 0, 0, -1, data, 101) == -1);
	ATF_REQUIRE_EQ(imsgbuf_set_maxsize(&w, 0), 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 5, 0, 0, -1, NULL, 0), 1);
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_compose(&w, 5, 0, 0, -1, data, 1) == -1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 4);

	/* No maximum that would reach into the descriptor mark. */
	ATF_REQUIRE_ERRNO(ERANGE, imsgbuf_set_maxsize(&w, UINT32_MAX) == -1);
	ATF_REQUIRE_ERRNO(EINVAL, imsgbuf_set_maxsize(&w, 0x80000000U) == -1);
	imsgbuf_clear(&w);
	close(sv[0]);
	close(sv[1]);
}

ATF_TC(recv_too_big);
ATF_TC_HEAD(recv_too_big, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A reader with a smaller maximum refuses a bigger message");
}
ATF_TC_BODY(recv_too_big, tc)
{
	static unsigned char data[200];
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	int		 sv[2];

	init_pair(sv, &w, &r);
	ATF_REQUIRE_EQ(imsgbuf_set_maxsize(&r, 100), 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, data, 100), 1);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, data, 101), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE + 100);
	imsg_free(&imsg);
	ATF_REQUIRE_ERRNO(ERANGE, imsg_get(&r, &imsg) == -1);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(create_add_close);
ATF_TC_HEAD(create_add_close, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "imsg_create/imsg_add/imsg_close, imsg_composev and imsg_forward "
	    "build the same messages; ibuf_get takes them apart");
}
ATF_TC_BODY(create_add_close, tc)
{
	struct imsgbuf	 w, r, w2, r2;
	struct imsg	 imsg, fwd;
	struct ibuf	*wbuf, view;
	struct iovec	 iov[3];
	uint32_t	 v32;
	uint16_t	 v16;
	uint8_t		 v8;
	char		 s[16];
	int		 sv[2], sv2[2];

	init_pair(sv, &w, &r);
	ATF_REQUIRE((wbuf = imsg_create(&w, 9, 1, 0, 2)) != NULL);
	ATF_REQUIRE_EQ(imsg_add(wbuf, "abc", 3), 3);
	ATF_REQUIRE_EQ(imsg_add(wbuf, NULL, 0), 0);
	ATF_REQUIRE_EQ(ibuf_add_n32(wbuf, 0xdeadbeef), 0);
	ATF_REQUIRE_EQ(ibuf_add_n16(wbuf, 0x1234), 0);
	ATF_REQUIRE_EQ(ibuf_add_n8(wbuf, 0x56), 0);
	imsg_close(&w, wbuf);

	iov[0].iov_base = "ab";
	iov[0].iov_len = 2;
	iov[1].iov_base = NULL;
	iov[1].iov_len = 0;
	iov[2].iov_base = "cdef";
	iov[2].iov_len = 4;
	ATF_REQUIRE_EQ(imsg_composev(&w, 10, 2, 0, -1, iov, 3), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);

	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE + 10);
	ATF_REQUIRE_EQ(imsg_get_type(&imsg), 9);
	ATF_REQUIRE_EQ(imsg_get_ibuf(&imsg, &view), 0);
	ATF_REQUIRE_EQ(ibuf_size(&view), 10);
	ATF_REQUIRE_EQ(ibuf_get(&view, s, 3), 0);
	ATF_REQUIRE(memcmp(s, "abc", 3) == 0);
	ATF_REQUIRE_EQ(ibuf_get_n32(&view, &v32), 0);
	ATF_REQUIRE_EQ(v32, 0xdeadbeef);
	ATF_REQUIRE_EQ(ibuf_get_n16(&view, &v16), 0);
	ATF_REQUIRE_EQ(v16, 0x1234);
	ATF_REQUIRE_EQ(ibuf_get_n8(&view, &v8), 0);
	ATF_REQUIRE_EQ(v8, 0x56);
	ATF_REQUIRE_EQ(ibuf_size(&view), 0);
	ATF_REQUIRE_ERRNO(EBADMSG, ibuf_get_n8(&view, &v8) == -1);
	/* The view did not consume the message itself. */
	ATF_REQUIRE_EQ(imsg_get_len(&imsg), 10);

	/* Forward it over a second pair: same header, same payload. */
	mkpair(sv2);
	ATF_REQUIRE(imsgbuf_init(&w2, sv2[0]) == 0);
	ATF_REQUIRE(imsgbuf_init(&r2, sv2[1]) == 0);
	ATF_REQUIRE_EQ(imsg_forward(&w2, &imsg), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w2), 0);
	ATF_REQUIRE_EQ(get_one(&r2, &fwd), IMSG_HEADER_SIZE + 10);
	ATF_REQUIRE_EQ(imsg_get_type(&fwd), 9);
	ATF_REQUIRE_EQ(imsg_get_id(&fwd), 1);
	ATF_REQUIRE_EQ(imsg_get_pid(&fwd), getpid());
	ATF_REQUIRE(memcmp(fwd.data, imsg.data, 10) == 0);
	imsg_free(&fwd);
	imsg_free(&imsg);

	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE + 6);
	ATF_REQUIRE_EQ(imsg_get_type(&imsg), 10);
	ATF_REQUIRE_EQ(imsg_get_id(&imsg), 2);
	ATF_REQUIRE(memcmp(imsg.data, "abcdef", 6) == 0);
	imsg_free(&imsg);

	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
	imsgbuf_clear(&w2);
	imsgbuf_clear(&r2);
}

ATF_TC(ibuf_basic);
ATF_TC_HEAD(ibuf_basic, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "ibuf bounds: growth stops at max, reads stop at the end");
}
ATF_TC_BODY(ibuf_basic, tc)
{
	struct ibuf	*buf, view;
	unsigned char	 raw[4] = { 1, 2, 3, 4 }, *p;
	uint32_t	 v32;
	uint16_t	 v16;

	ATF_REQUIRE_ERRNO(EINVAL, ibuf_open(0) == NULL);
	ATF_REQUIRE_ERRNO(EINVAL, ibuf_dynamic(10, 4) == NULL);
	ATF_REQUIRE_ERRNO(EINVAL, ibuf_dynamic(0, 0) == NULL);

	ATF_REQUIRE((buf = ibuf_dynamic(0, 10)) != NULL);
	ATF_REQUIRE_EQ(ibuf_size(buf), 0);
	ATF_REQUIRE(ibuf_data(buf) == NULL);
	ATF_REQUIRE_EQ(ibuf_add(buf, "12345678", 8), 0);
	ATF_REQUIRE_EQ(ibuf_size(buf), 8);
	ATF_REQUIRE_EQ(ibuf_left(buf), 2);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_add(buf, "abc", 3) == -1);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_add(buf, "abc", SIZE_MAX) == -1);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_reserve(buf, SIZE_MAX) == NULL);
	ATF_REQUIRE_EQ(ibuf_size(buf), 8);
	ATF_REQUIRE_ERRNO(EINVAL, ibuf_add_n16(buf, 0x10000) == -1);
	ATF_REQUIRE_EQ(ibuf_add_n16(buf, 0xbeef), 0);
	ATF_REQUIRE_EQ(ibuf_left(buf), 0);
	p = ibuf_data(buf);
	ATF_REQUIRE(memcmp(p, "12345678\xbe\xef", 10) == 0);

	ATF_REQUIRE_EQ(ibuf_set(buf, 2, "xy", 2), 0);
	ATF_REQUIRE(memcmp(p, "12xy5678", 8) == 0);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_seek(buf, 9, 2) == NULL);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_seek(buf, SIZE_MAX, 2) == NULL);
	ATF_REQUIRE(ibuf_seek(buf, 8, 2) == p + 8);

	ATF_REQUIRE_EQ(ibuf_skip(buf, 8), 0);
	ATF_REQUIRE_EQ(ibuf_get_n16(buf, &v16), 0);
	ATF_REQUIRE_EQ(v16, 0xbeef);
	ATF_REQUIRE_ERRNO(EBADMSG, ibuf_skip(buf, 1) == -1);
	ibuf_free(buf);
	ibuf_free(NULL);

	ATF_REQUIRE((buf = ibuf_open(4)) != NULL);
	ATF_REQUIRE((p = ibuf_reserve(buf, 4)) != NULL);
	ATF_REQUIRE(p[0] == 0 && p[3] == 0);
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_add_zero(buf, 1) == -1);
	ibuf_free(buf);

	/* A view is read-only and ends where the data ends. */
	ibuf_from_buffer(&view, raw, sizeof(raw));
	ATF_REQUIRE_ERRNO(ERANGE, ibuf_add(&view, "x", 1) == -1);
	ATF_REQUIRE_EQ(ibuf_get_n32(&view, &v32), 0);
	ATF_REQUIRE_EQ(v32, 0x01020304);
	ATF_REQUIRE_ERRNO(EBADMSG, ibuf_get_n32(&view, &v32) == -1);
}

ATF_TC(fd_passing);
ATF_TC_HEAD(fd_passing, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A pipe end passed with a message works on the other side");
}
ATF_TC_BODY(fd_passing, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	char		 got[8];
	int		 sv[2], p[2], fd, before;

	before = count_fds();
	init_pair(sv, &w, &r);
	imsgbuf_allow_fdpass(&r);
	ATF_REQUIRE(pipe(p) == 0);

	/* Send the read end; the queue owns it from now on. */
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, p[0], "x", 1), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);

	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE + 1);
	ATF_REQUIRE_EQ(imsg.hdr.len, IMSG_HEADER_SIZE + 1);
	ATF_REQUIRE_EQ(imsg_get_len(&imsg), 1);
	ATF_REQUIRE((fd = imsg_get_fd(&imsg)) >= 0);
	ATF_REQUIRE_EQ(imsg_get_fd(&imsg), -1);	/* only once */
	ATF_REQUIRE(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	imsg_free(&imsg);

	write_raw(p[1], "hello", 5);
	ATF_REQUIRE_EQ(read(fd, got, sizeof(got)), 5);
	ATF_REQUIRE(memcmp(got, "hello", 5) == 0);
	close(fd);
	close(p[1]);

	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
	/* The sender closed its copy of p[0] after sending it. */
	ATF_REQUIRE_EQ(count_fds(), before);
}

ATF_TC(fd_passing_order);
ATF_TC_HEAD(fd_passing_order, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Each descriptor goes to its own message, also when several "
	    "messages and descriptors arrive in one read");
}
ATF_TC_BODY(fd_passing_order, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	char		 c;
	int		 sv[2], p[4][2], fd, i, k, before;

	before = count_fds();
	init_pair(sv, &w, &r);
	imsgbuf_allow_fdpass(&r);
	/* Messages 0, 2, 3 and 5 carry a pipe each; 1 and 4 none. */
	for (i = 0, k = 0; i < 6; i++) {
		if (i == 1 || i == 4) {
			ATF_REQUIRE_EQ(imsg_compose(&w, i, 0, 0, -1, &i,
			    sizeof(i)), 1);
			continue;
		}
		ATF_REQUIRE(pipe(p[k]) == 0);
		c = 'a' + k;
		write_raw(p[k][1], &c, 1);
		close(p[k][1]);
		ATF_REQUIRE_EQ(imsg_compose(&w, i, 0, 0, p[k][0], &i,
		    sizeof(i)), 1);
		k++;
	}
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);

	for (i = 0, k = 0; i < 6; i++) {
		ATF_REQUIRE_EQ(get_one(&r, &imsg),
		    (ssize_t)(IMSG_HEADER_SIZE + sizeof(i)));
		ATF_REQUIRE_EQ(imsg_get_type(&imsg), (uint32_t)i);
		fd = imsg_get_fd(&imsg);
		if (i == 1 || i == 4) {
			ATF_REQUIRE_EQ(fd, -1);
		} else {
			ATF_REQUIRE(fd >= 0);
			ATF_REQUIRE_EQ(read(fd, &c, 1), 1);
			ATF_REQUIRE_EQ(c, 'a' + k);
			/* EOF: the writer end was closed, nobody holds it. */
			ATF_REQUIRE_EQ(read(fd, &c, 1), 0);
			close(fd);
			k++;
		}
		imsg_free(&imsg);
	}
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
	ATF_REQUIRE_EQ(count_fds(), before);
}

ATF_TC(fd_no_leak);
ATF_TC_HEAD(fd_no_leak, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Unclaimed, unsent and stray descriptors are all closed");
}
ATF_TC_BODY(fd_no_leak, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	struct imsg_hdr	 hdr;
	int		 sv[2], p[2], before, fd;

	before = count_fds();
	init_pair(sv, &w, &r);
	imsgbuf_allow_fdpass(&r);

	/* Received but never claimed: imsg_free closes it. */
	ATF_REQUIRE(pipe(p) == 0);
	close(p[1]);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, p[0], NULL, 0), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE);
	imsg_free(&imsg);

	/*
	 * A stray: a descriptor sent with a message that does not claim
	 * one.  It is closed, and the next message that does carry one
	 * gets its own, not the stray.
	 */
	ATF_REQUIRE(pipe(p) == 0);
	memset(&hdr, 0, sizeof(hdr));
	hdr.type = 2;
	hdr.len = IMSG_HEADER_SIZE;
	send_with_fd(sv[0], &hdr, sizeof(hdr), p[0]);
	close(p[0]);
	close(p[1]);
	ATF_REQUIRE(pipe(p) == 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 3, 0, 0, p[0], NULL, 0), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE);
	ATF_REQUIRE_EQ(imsg_get_type(&imsg), 2);
	ATF_REQUIRE_EQ(imsg_get_fd(&imsg), -1);
	imsg_free(&imsg);
	ATF_REQUIRE_EQ(get_one(&r, &imsg), IMSG_HEADER_SIZE);
	ATF_REQUIRE_EQ(imsg_get_type(&imsg), 3);
	ATF_REQUIRE((fd = imsg_get_fd(&imsg)) >= 0);
	imsg_free(&imsg);
	/* It is the second pipe: its writer is still open here. */
	write_raw(p[1], "z", 1);
	close(p[1]);
	ATF_REQUIRE_EQ(read(fd, &hdr, sizeof(hdr)), 1);
	close(fd);

	/* Queued and never sent: imsgbuf_clear closes it. */
	ATF_REQUIRE(pipe(p) == 0);
	close(p[1]);
	ATF_REQUIRE_EQ(imsg_compose(&w, 4, 0, 0, p[0], NULL, 0), 1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 1);

	/* Received, its message incomplete: imsgbuf_clear closes it too. */
	ATF_REQUIRE(pipe(p) == 0);
	close(p[1]);
	hdr.type = 5;
	hdr.len = (IMSG_HEADER_SIZE + 4) | 0x80000000U;
	send_with_fd(sv[0], &hdr, sizeof(hdr), p[0]);
	close(p[0]);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);

	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
	ATF_REQUIRE_EQ(count_fds(), before);
}

ATF_TC(fd_refused);
ATF_TC_HEAD(fd_refused, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A reader that did not allow fd passing fails on a descriptor "
	    "and does not keep it");
}
ATF_TC_BODY(fd_refused, tc)
{
	struct imsgbuf	 w, r;
	int		 sv[2], p[2], before;

	before = count_fds();
	init_pair(sv, &w, &r);
	ATF_REQUIRE(pipe(p) == 0);
	close(p[1]);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, p[0], "x", 1), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_ERRNO(EBADMSG, imsgbuf_read(&r) == -1);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
	ATF_REQUIRE_EQ(count_fds(), before);
}

ATF_TC(fd_too_many);
ATF_TC_HEAD(fd_too_many, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Two or three descriptors in one sendmsg are a protocol error; "
	    "all of them are closed");
}
ATF_TC_BODY(fd_too_many, tc)
{
	union {
		struct cmsghdr	hdr;
		char		buf[CMSG_SPACE(3 * sizeof(int))];
	} cmsgbuf;
	struct imsgbuf	 r;
	struct imsg_hdr	 hdr;
	struct msghdr	 msg;
	struct cmsghdr	*cmsg;
	struct iovec	 iov;
	int		 sv[2], fds[3], before, i, nfds;

	before = count_fds();
	for (nfds = 2; nfds <= 3; nfds++) {
		mkpair(sv);
		ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
		imsgbuf_allow_fdpass(&r);
		for (i = 0; i < nfds; i++)
			ATF_REQUIRE((fds[i] = dup(0)) != -1);

		memset(&hdr, 0, sizeof(hdr));
		hdr.len = IMSG_HEADER_SIZE | 0x80000000U;
		memset(&msg, 0, sizeof(msg));
		memset(&cmsgbuf, 0, sizeof(cmsgbuf));
		iov.iov_base = &hdr;
		iov.iov_len = sizeof(hdr);
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cmsgbuf.buf;
		msg.msg_controllen = CMSG_SPACE(nfds * sizeof(int));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_len = CMSG_LEN(nfds * sizeof(int));
		cmsg->cmsg_level = SOL_SOCKET;
		cmsg->cmsg_type = SCM_RIGHTS;
		memcpy(CMSG_DATA(cmsg), fds, nfds * sizeof(int));
		ATF_REQUIRE_EQ(sendmsg(sv[0], &msg, 0), (ssize_t)sizeof(hdr));
		for (i = 0; i < nfds; i++)
			close(fds[i]);

		ATF_REQUIRE_ERRNO(EBADMSG, imsgbuf_read(&r) == -1);
		imsgbuf_clear(&r);
		close(sv[0]);
		close(sv[1]);
		ATF_REQUIRE_EQ_MSG(count_fds(), before, "%d descriptors",
		    nfds);
	}
}

/* Three messages, one of them spanning many reads, as raw wire bytes. */
static size_t
wire_bytes(unsigned char *out, size_t outlen)
{
	static unsigned char payload[300];
	struct imsgbuf	 w;
	ssize_t		 n;
	size_t		 len = 0;
	int		 sv[2];

	fill(payload, sizeof(payload), 3);
	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(&w, sv[0]) == 0);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, NULL, 0), 1);
	ATF_REQUIRE_EQ(imsg_compose(&w, 2, 0, 0, -1, payload, 37), 1);
	ATF_REQUIRE_EQ(imsg_compose(&w, 3, 0, 0, -1, payload, 300), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	imsgbuf_clear(&w);
	close(sv[0]);
	while ((n = read(sv[1], out + len, outlen - len)) > 0)
		len += n;
	ATF_REQUIRE_EQ(n, 0);
	close(sv[1]);
	ATF_REQUIRE_EQ(len, 3 * IMSG_HEADER_SIZE + 37 + 300);
	return (len);
}

static void
check_wire_msg(struct imsg *imsg, int i)
{
	static const size_t sizes[] = { 0, 37, 300 };
	unsigned char	 payload[300];

	fill(payload, sizeof(payload), 3);
	ATF_REQUIRE_EQ(imsg_get_type(imsg), (uint32_t)i + 1);
	ATF_REQUIRE_EQ(imsg_get_len(imsg), sizes[i]);
	if (sizes[i] > 0)
		ATF_REQUIRE(memcmp(imsg->data, payload, sizes[i]) == 0);
}

ATF_TC(short_reads);
ATF_TC_HEAD(short_reads, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Messages arriving in pieces of 1 to 7 bytes, split anywhere, "
	    "header included, are assembled");
}
ATF_TC_BODY(short_reads, tc)
{
	unsigned char	 wire[512];
	struct imsgbuf	 r;
	struct imsg	 imsg;
	size_t		 len, off = 0, chunk = 1;
	ssize_t		 n;
	int		 sv[2], got = 0;

	len = wire_bytes(wire, sizeof(wire));
	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
	while (off < len) {
		if (chunk > len - off)
			chunk = len - off;
		write_raw(sv[0], wire + off, chunk);
		off += chunk;
		chunk = chunk % 7 + 1;
		ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
		while ((n = imsg_get(&r, &imsg)) > 0) {
			check_wire_msg(&imsg, got);
			imsg_free(&imsg);
			got++;
		}
		ATF_REQUIRE_EQ(n, 0);
		/* A message is complete exactly when its last byte is in. */
		ATF_REQUIRE_EQ(got, off >= len ? 3 :
		    off >= 2 * IMSG_HEADER_SIZE + 37 ? 2 :
		    off >= IMSG_HEADER_SIZE ? 1 : 0);
	}
	ATF_REQUIRE_EQ(got, 3);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
}

ATF_TC(short_reads_fork);
ATF_TC_HEAD(short_reads_fork, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A forked writer sends the messages byte by byte, in step with "
	    "the reader; no message shows before its last byte");
}
ATF_TC_BODY(short_reads_fork, tc)
{
	unsigned char	 wire[512];
	struct imsgbuf	 r;
	struct imsg	 imsg;
	size_t		 len, off;
	ssize_t		 n;
	pid_t		 pid;
	char		 ack = 0;
	int		 sv[2], step[2], got = 0, expect;

	len = wire_bytes(wire, sizeof(wire));
	mkpair(sv);
	ATF_REQUIRE(pipe(step) == 0);
	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		close(sv[1]);
		close(step[1]);
		/* One byte, then wait until the reader has seen it. */
		for (off = 0; off < len; off++) {
			if (write(sv[0], wire + off, 1) != 1)
				_exit(1);
			if (read(step[0], &ack, 1) != 1)
				_exit(2);
		}
		_exit(0);
	}
	close(sv[0]);
	close(step[0]);
	ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
	for (off = 1; off <= len; off++) {
		ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
		while ((n = imsg_get(&r, &imsg)) > 0) {
			check_wire_msg(&imsg, got);
			imsg_free(&imsg);
			got++;
		}
		ATF_REQUIRE_EQ(n, 0);
		expect = off == len ? 3 :
		    off >= 2 * IMSG_HEADER_SIZE + 37 ? 2 :
		    off >= IMSG_HEADER_SIZE ? 1 : 0;
		ATF_REQUIRE_EQ_MSG(got, expect, "after byte %zu", off);
		write_raw(step[1], &ack, 1);
	}
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 0);
	wait_child(pid);
	imsgbuf_clear(&r);
	close(sv[1]);
	close(step[1]);
}

ATF_TC(many_in_one_read);
ATF_TC_HEAD(many_in_one_read, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "500 messages taken in by a single read all come out of imsg_get");
}
ATF_TC_BODY(many_in_one_read, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	uint32_t	 i, v;
	int		 sv[2];

	init_pair(sv, &w, &r);
	for (i = 0; i < 500; i++)
		ATF_REQUIRE_EQ(imsg_compose(&w, 1, i, 0, -1, &i,
		    sizeof(i)), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	for (i = 0; i < 500; i++) {
		ATF_REQUIRE_EQ_MSG(imsg_get(&r, &imsg),
		    IMSG_HEADER_SIZE + sizeof(v), "message %u", i);
		ATF_REQUIRE_EQ(imsg_get_id(&imsg), i);
		ATF_REQUIRE_EQ(imsg_get_data(&imsg, &v, sizeof(v)), 0);
		ATF_REQUIRE_EQ(v, i);
		imsg_free(&imsg);
	}
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(read_full_buffer);
ATF_TC_HEAD(read_full_buffer, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Reading again into a full buffer is neither EOF nor an error; "
	    "the messages come out once the caller takes them");
}
ATF_TC_BODY(read_full_buffer, tc)
{
	static unsigned char out[1000];
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	uint32_t	 i, nmsg = 100;	/* about 100 KB, more than a read */
	ssize_t		 n;
	int		 sv[2], rv;

	init_pair(sv, &w, &r);
	set_nonblock(sv[1]);
	for (i = 0; i < nmsg; i++)
		ATF_REQUIRE_EQ(imsg_compose(&w, 1, i, 0, -1, out,
		    sizeof(out)), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	imsgbuf_clear(&w);
	close(sv[0]);

	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	for (i = 0; i < nmsg; i++) {
		while ((n = imsg_get(&r, &imsg)) == 0)
			ATF_REQUIRE_EQ_MSG(rv = imsgbuf_read(&r), 1,
			    "read %d before message %u", rv, i);
		ATF_REQUIRE_EQ(n, (ssize_t)(IMSG_HEADER_SIZE + sizeof(out)));
		ATF_REQUIRE_EQ(imsg_get_id(&imsg), i);
		imsg_free(&imsg);
	}
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 0);
	imsgbuf_clear(&r);
	close(sv[1]);
}

ATF_TC(eof);
ATF_TC_HEAD(eof, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "imsgbuf_read returns 0 once the peer is gone and its last "
	    "message has been read");
}
ATF_TC_BODY(eof, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	int		 sv[2];

	init_pair(sv, &w, &r);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, "last", 4), 1);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	imsgbuf_clear(&w);
	close(sv[0]);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), IMSG_HEADER_SIZE + 4);
	imsg_free(&imsg);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 0);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	imsgbuf_clear(&r);
}

ATF_TC(eagain);
ATF_TC_HEAD(eagain, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Nothing to read on a non-blocking socket is not an error");
}
ATF_TC_BODY(eagain, tc)
{
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	int		 sv[2];

	init_pair(sv, &w, &r);
	set_nonblock(sv[1]);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	/* Half a header, then still nothing. */
	write_raw(sv[0], "12345678", 8);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_EQ(imsg_get(&r, &imsg), 0);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(forged_short_len);
ATF_TC_HEAD(forged_short_len, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A header whose length is below the header size is refused");
}
ATF_TC_BODY(forged_short_len, tc)
{
	static const uint32_t lens[] = { 0, 1, IMSG_HEADER_SIZE - 1,
	    0x80000000U | 4 };
	struct imsgbuf	 r;
	struct imsg	 imsg;
	size_t		 i;
	int		 sv[2];

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		mkpair(sv);
		ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
		imsgbuf_allow_fdpass(&r);
		write_hdr(sv[0], 1, lens[i]);
		write_raw(sv[0], "padding-padding-", 16);
		ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
		ATF_REQUIRE_ERRNO(EBADMSG, imsg_get(&r, &imsg) == -1);
		/* And it stays refused: nothing was consumed. */
		ATF_REQUIRE_ERRNO(EBADMSG, imsg_get(&r, &imsg) == -1);
		imsgbuf_clear(&r);
		close(sv[0]);
		close(sv[1]);
	}
}

ATF_TC(forged_huge_len);
ATF_TC_HEAD(forged_huge_len, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A header whose length is over the maximum is refused before "
	    "anything is allocated for it");
}
ATF_TC_BODY(forged_huge_len, tc)
{
	static const uint32_t lens[] = { MAX_IMSGSIZE + 1, 0x7fffffffU,
	    0x80000000U | (MAX_IMSGSIZE + 1), 0xffffffffU };
	struct imsgbuf	 r;
	struct imsg	 imsg;
	size_t		 i;
	int		 sv[2], k;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		mkpair(sv);
		ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
		imsgbuf_allow_fdpass(&r);
		write_hdr(sv[0], 1, lens[i]);
		write_raw(sv[0], "some bytes", 10);
		ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
		ATF_REQUIRE_ERRNO(ERANGE, imsg_get(&r, &imsg) == -1);
		/* Reading on neither grows the buffer nor gets a message. */
		set_nonblock(sv[1]);
		for (k = 0; k < 3; k++) {
			ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
			ATF_REQUIRE_ERRNO(ERANGE, imsg_get(&r, &imsg) == -1);
		}
		/* r.r is our read buffer: the bogus length did not grow it. */
		ATF_REQUIRE(r.r.size <= 65536);
		imsgbuf_clear(&r);
		close(sv[0]);
		close(sv[1]);
	}
}

ATF_TC(forged_fd_mark);
ATF_TC_HEAD(forged_fd_mark, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "A message that claims a descriptor that never came is refused");
}
ATF_TC_BODY(forged_fd_mark, tc)
{
	struct imsgbuf	 r;
	struct imsg	 imsg;
	int		 sv[2];

	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(&r, sv[1]) == 0);
	imsgbuf_allow_fdpass(&r);
	write_hdr(sv[0], 1, 0x80000000U | IMSG_HEADER_SIZE);
	ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
	ATF_REQUIRE_ERRNO(EBADMSG, imsg_get(&r, &imsg) == -1);
	imsgbuf_clear(&r);
	close(sv[0]);
	close(sv[1]);
}

ATF_TC(large_message);
ATF_TC_HEAD(large_message, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "With a raised maximum, a message bigger than the read buffer "
	    "still arrives whole");
}
ATF_TC_BODY(large_message, tc)
{
	static unsigned char out[200000];
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	ssize_t		 n = 0;
	int		 sv[2], rounds;

	init_pair(sv, &w, &r);
	ATF_REQUIRE_EQ(imsgbuf_set_maxsize(&w, sizeof(out)), 0);
	ATF_REQUIRE_EQ(imsgbuf_set_maxsize(&r, sizeof(out)), 0);
	set_nonblock(sv[0]);
	set_nonblock(sv[1]);
	fill(out, sizeof(out), 5);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, out, sizeof(out)), 1);
	ATF_REQUIRE_ERRNO(ERANGE,
	    imsg_compose(&w, 1, 0, 0, -1, out, sizeof(out) + 1) == -1);
	for (rounds = 0; rounds < 100000 && n == 0; rounds++) {
		ATF_REQUIRE_EQ(imsgbuf_write(&w), 0);
		ATF_REQUIRE_EQ(imsgbuf_read(&r), 1);
		ATF_REQUIRE((n = imsg_get(&r, &imsg)) != -1);
	}
	ATF_REQUIRE_EQ(n, (ssize_t)(IMSG_HEADER_SIZE + sizeof(out)));
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 0);
	ATF_REQUIRE_EQ(imsg_get_len(&imsg), sizeof(out));
	ATF_REQUIRE(memcmp(imsg.data, out, sizeof(out)) == 0);
	imsg_free(&imsg);
	imsgbuf_clear(&w);
	imsgbuf_clear(&r);
}

ATF_TC(flush_nonblocking);
ATF_TC_HEAD(flush_nonblocking, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "imsgbuf_write stops at a full non-blocking socket with the "
	    "rest queued; imsgbuf_flush finishes once the peer drains");
}
ATF_TC_BODY(flush_nonblocking, tc)
{
	static unsigned char out[MAXPAYLOAD];
	struct imsgbuf	 w, r;
	struct imsg	 imsg;
	uint32_t	 i, nmsg = 64;
	pid_t		 pid;
	int		 sv[2], sz = 4096;

	mkpair(sv);
	ATF_REQUIRE(setsockopt(sv[0], SOL_SOCKET, SO_SNDBUF, &sz,
	    sizeof(sz)) == 0);
	set_nonblock(sv[0]);
	ATF_REQUIRE(imsgbuf_init(&w, sv[0]) == 0);
	for (i = 0; i < nmsg; i++) {
		fill(out, sizeof(out), i);
		ATF_REQUIRE_EQ(imsg_compose(&w, 1, i, 0, -1, out,
		    sizeof(out)), 1);
	}
	/* Nobody reads yet: the socket fills and the rest stays queued. */
	ATF_REQUIRE_EQ(imsgbuf_write(&w), 0);
	ATF_REQUIRE_EQ(imsgbuf_write(&w), 0);
	ATF_REQUIRE(imsgbuf_queuelen(&w) > 0);

	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		/* A slow reader that checks every message. */
		close(sv[0]);
		if (imsgbuf_init(&r, sv[1]) == -1)
			_exit(1);
		for (i = 0; i < nmsg; i++) {
			ssize_t n;

			while ((n = imsg_get(&r, &imsg)) == 0) {
				usleep(1000);
				if (imsgbuf_read(&r) != 1)
					_exit(2);
			}
			if (n != (ssize_t)(IMSG_HEADER_SIZE + sizeof(out)))
				_exit(3);
			fill(out, sizeof(out), i);
			if (imsg_get_id(&imsg) != i ||
			    memcmp(imsg.data, out, sizeof(out)) != 0)
				_exit(4);
			imsg_free(&imsg);
		}
		if (imsgbuf_read(&r) != 0)
			_exit(5);
		_exit(0);
	}
	close(sv[1]);
	ATF_REQUIRE_EQ(imsgbuf_flush(&w), 0);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 0);
	imsgbuf_clear(&w);
	close(sv[0]);
	wait_child(pid);
}

ATF_TC(write_epipe);
ATF_TC_HEAD(write_epipe, tc)
{
	atf_tc_set_md_var(tc, "descr",
	    "Writing to a closed peer is EPIPE, not a SIGPIPE");
}
ATF_TC_BODY(write_epipe, tc)
{
	struct imsgbuf	 w;
	int		 sv[2];

	/* Default disposition, so a SIGPIPE would kill the test. */
	signal(SIGPIPE, SIG_DFL);
	mkpair(sv);
	ATF_REQUIRE(imsgbuf_init(&w, sv[0]) == 0);
	close(sv[1]);
	ATF_REQUIRE_EQ(imsg_compose(&w, 1, 0, 0, -1, "x", 1), 1);
	ATF_REQUIRE_ERRNO(EPIPE, imsgbuf_write(&w) == -1);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 1);
	ATF_REQUIRE_ERRNO(EPIPE, imsgbuf_flush(&w) == -1);
	imsgbuf_clear(&w);
	ATF_REQUIRE_EQ(imsgbuf_queuelen(&w), 0);
	close(sv[0]);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, roundtrip);
	ATF_TP_ADD_TC(tp, get_data_exact);
	ATF_TP_ADD_TC(tp, compose_too_big);
	ATF_TP_ADD_TC(tp, recv_too_big);
	ATF_TP_ADD_TC(tp, create_add_close);
	ATF_TP_ADD_TC(tp, ibuf_basic);
	ATF_TP_ADD_TC(tp, fd_passing);
	ATF_TP_ADD_TC(tp, fd_passing_order);
	ATF_TP_ADD_TC(tp, fd_no_leak);
	ATF_TP_ADD_TC(tp, fd_refused);
	ATF_TP_ADD_TC(tp, fd_too_many);
	ATF_TP_ADD_TC(tp, short_reads);
	ATF_TP_ADD_TC(tp, short_reads_fork);
	ATF_TP_ADD_TC(tp, many_in_one_read);
	ATF_TP_ADD_TC(tp, read_full_buffer);
	ATF_TP_ADD_TC(tp, eof);
	ATF_TP_ADD_TC(tp, eagain);
	ATF_TP_ADD_TC(tp, forged_short_len);
	ATF_TP_ADD_TC(tp, forged_huge_len);
	ATF_TP_ADD_TC(tp, forged_fd_mark);
	ATF_TP_ADD_TC(tp, large_message);
	ATF_TP_ADD_TC(tp, flush_nonblocking);
	ATF_TP_ADD_TC(tp, write_epipe);
	return (atf_no_error());
}
