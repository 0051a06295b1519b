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
 * The privileged parent, driven from outside: parent.c is linked in with
 * what it uses (priv.c, probe.c, match.c), and each case forks
 *
 *	the parent under test	parent_main() on one end of a socketpair,
 *				with raw sockets opened and privileges
 *				dropped as main() does, its stderr in a
 *				file;
 *	a fake child		the parent's own child (so that it can be
 *				reaped), which only waits for signals;
 *
 * while the test process plays the real child on the other end of the
 * socketpair.  The fake child reports its pid through a pipe (and a
 * SIGTERM, which the parent no longer sends: when it gives up, its exit
 * closes the socket, and that ends the real child).  It exits 3 on
 * SIGUSR1 and 0 on SIGUSR2, so the test decides what status the parent
 * must pass on.
 * Both carry an alarm, so nothing outlives a failed case for long.
 *
 * Packets are checked on the wire: a capture on "any" sees every
 * packet the parent sends, whatever its destination.
 *
 * By default the parent runs for root (real uid 0) and the fake child
 * keeps the parent's uid.  The user_* cases run the parent as a user
 * other than root would (real uid USER_UID, CAP_NET_RAW only), and the
 * kill_* cases give the fake child a uid of its own, as the real
 * child's _tcptraceroute, which the parent could not signal.
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <ifaddrs.h>

#include <atf-c.h>
#include <errno.h>
#include <fcntl.h>
#include <imsg.h>
#include <grp.h>
#include <pcap.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tcptraceroute.h"
#include "packet.h"

#define PARENT_ALARM	40	/* seconds: the parent under test */
#define FAKE_ALARM	30	/* seconds: the fake child */
#define WAIT_MS		10000	/* for any one answer or exit */
#define FAKE_TERM_EXIT	5	/* the fake child's status after SIGTERM */
#define ERRFILE		"parent.err"
#define USER_UID	4242	/* the "user" of the user_* cases */
#define USER_GID	4242
#define FAKE_UID	65534	/* the child's own uid in kill_* cases */
#define MAXSEEN		4096

struct harness {
	pid_t		 pid;		/* the parent under test */
	pid_t		 fake;		/* its (fake) child */
	int		 fd;		/* our end of the socketpair */
	int		 notify;	/* from the fake child */
	int		 eof;
	int		 reaped;
	int		 status;
	unsigned int	 ncapture;	/* IMSG_CAPTURE seen and skipped */
	struct imsgbuf	 ibuf;
};

struct seen {
	unsigned int	 ifindex;	/* 0: unknown (DLT_LINUX_SLL) */
	int		 family;
	union ttr_addr	 src;
	union ttr_addr	 dst;
	uint8_t		 ttl;
	uint8_t		 flags;
	uint16_t	 sport;
	uint16_t	 dport;
	uint16_t	 ipid;
	uint16_t	 len;		/* IP length, header included */
	uint32_t	 seq;
	uint32_t	 ack;
};

struct sniffer {
	pcap_t		*pcap;
	int		 dlt;
	int		 n;
	int		 bad;		/* frames we could not take apart */
	struct seen	 pkt[MAXSEEN];
};

static struct harness	*current;	/* for cleanup on failure */
static pid_t		 testpid;
static int		 fake_notify = -1;
static uint16_t		 port_base;
static int		 registered;
static uid_t		 run_uid = 0;		/* the parent's real uid */
static uid_t		 fake_uid = (uid_t)-1;	/* -1: as the parent */

/* ------------------------------------------------------------------ */
/* Processes. */

static void
cleanup(void)
{
	if (getpid() != testpid || current == NULL)
		return;
	if (!current->reaped && current->pid > 0) {
		kill(current->pid, SIGKILL);
		waitpid(current->pid, NULL, 0);
	}
	if (current->fake > 0)
		kill(current->fake, SIGKILL);
	current = NULL;
}

static void
fake_term(int sig)
{
	char c = 'T';

	(void)write(fake_notify, &c, 1);
	_exit(FAKE_TERM_EXIT);
}

static void
fake_usr1(int sig)
{
	_exit(3);
}

static void
fake_usr2(int sig)
{
	_exit(0);
}

__attribute__((__noreturn__))
static void
fake_child(int notify)
{
	struct sigaction sa;
	sigset_t set;
	uid_t uid;
	pid_t me;

	fake_notify = notify;
	uid = fake_uid != (uid_t)-1 ? fake_uid : run_uid;
	if (uid != 0 && (setgroups(0, NULL) == -1 ||
	    setresgid(uid, uid, uid) == -1 || setresuid(uid, uid, uid) == -1))
		_exit(96);
	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = fake_term;
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = fake_usr1;
	sigaction(SIGUSR1, &sa, NULL);
	sa.sa_handler = fake_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&set);
	sigprocmask(SIG_SETMASK, &set, NULL);
	alarm(FAKE_ALARM);
	/* Only now that the handlers are in place may the test signal us. */
	me = getpid();
	if (write(notify, &me, sizeof(me)) != sizeof(me))
		_exit(99);
	for (;;)
		pause();
}

static void
set_nonblock(int fd)
{
	int flags;

	if ((flags = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, flags | O_NONBLOCK) == -1)
		atf_tc_fail("fcntl: %s", strerror(errno));
}

static int
poll_in(int fd, int ms)
{
	struct pollfd pfd;
	int r;

	pfd.fd = fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	while ((r = poll(&pfd, 1, ms)) == -1 && errno == EINTR)
		;
	return r;
}

/* Fork the parent under test, which forks the fake child. */
static void
h_start(struct harness *h)
{
	int sv[2], np[2], errfd, raw4, raw6, err4, err6;
	pid_t fake;
	ssize_t n;

	memset(h, 0, sizeof(*h));
	testpid = getpid();
	signal(SIGPIPE, SIG_IGN);
	ATF_REQUIRE(socketpair(AF_UNIX, SOCK_STREAM, PF_UNSPEC, sv) == 0);
	set_nonblock(sv[0]);		/* the parent's end, as main() */
	ATF_REQUIRE(pipe(np) == 0);
	ATF_REQUIRE((errfd = open(ERRFILE, O_RDWR | O_CREAT | O_TRUNC,
	    0600)) != -1);
	fflush(NULL);

	switch (h->pid = fork()) {
	case -1:
		atf_tc_fail("fork: %s", strerror(errno));
	case 0:
		alarm(PARENT_ALARM);
		/* Another parent's socket would keep it from its EOF. */
		if (current != NULL && current != h) {
			close(current->fd);
			close(current->notify);
		}
		close(sv[1]);
		close(np[0]);
		switch (fake = fork()) {
		case -1:
			_exit(98);
		case 0:
			close(sv[0]);
			close(errfd);
			fake_child(np[1]);
		}
		close(np[1]);
		if (dup2(errfd, STDERR_FILENO) == -1)
			_exit(97);
		close(errfd);
		/* As main() does. */
		err4 = err6 = 0;
		if ((raw4 = socket(AF_INET, SOCK_RAW, IPPROTO_RAW)) == -1)
			err4 = errno;
		if ((raw6 = socket(AF_INET6, SOCK_RAW, IPPROTO_RAW)) == -1)
			err6 = errno;
		clearenv();
		pace_open(run_uid);
		priv_drop_parent(run_uid, run_uid == 0 ? 0 : USER_GID);
		parent_main(sv[0], run_uid, raw4, err4, raw6, err6, fake);
	}
	current = h;
	if (!registered) {
		atexit(cleanup);
		registered = 1;
	}
	close(sv[0]);
	close(np[1]);
	close(errfd);
	h->fd = sv[1];
	h->notify = np[0];
	ATF_REQUIRE_MSG(poll_in(h->notify, WAIT_MS) == 1,
	    "fake child did not start");
	n = read(h->notify, &h->fake, sizeof(h->fake));
	ATF_REQUIRE_MSG(n == sizeof(h->fake), "fake child pid: read %zd", n);
	ATF_REQUIRE(imsgbuf_init(&h->ibuf, h->fd) == 0);
}

/* Wait for the parent under test to exit; kill it if it does not. */
static int
h_wait(struct harness *h)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	pid_t r;
	int i;

	if (h->reaped)
		return h->status;
	for (i = 0; i < WAIT_MS / 10; i++) {
		if ((r = waitpid(h->pid, &h->status, WNOHANG)) == h->pid) {
			h->reaped = 1;
			return h->status;
		}
		if (r == -1 && errno != EINTR)
			atf_tc_fail("waitpid: %s", strerror(errno));
		nanosleep(&ts, NULL);
	}
	atf_tc_fail("the parent did not exit within %d ms", WAIT_MS);
}

static void
h_close(struct harness *h)
{
	if (h->fd != -1) {
		imsgbuf_clear(&h->ibuf);
		close(h->fd);
		h->fd = -1;
	}
}

/* All of the parent's stderr, NUL-terminated. */
static void
h_stderr(char *buf, size_t len)
{
	FILE *f;
	size_t n;

	ATF_REQUIRE((f = fopen(ERRFILE, "r")) != NULL);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/* ------------------------------------------------------------------ */
/* Messages. */

static int
h_send(struct harness *h, uint32_t type, const void *data, size_t len)
{
	if (imsg_compose(&h->ibuf, type, 0, 0, -1, data, len) == -1)
		atf_tc_fail("imsg_compose: %s", strerror(errno));
	return imsgbuf_flush(&h->ibuf);
}

/*
 * The next message other than IMSG_CAPTURE: 1, or 0 at end of file, or
 * -1 if none came in time.
 */
static int
h_recv(struct harness *h, struct imsg *imsg)
{
	ssize_t n;
	int r;

	for (;;) {
		if ((n = imsg_get(&h->ibuf, imsg)) == -1)
			atf_tc_fail("imsg_get: %s", strerror(errno));
		if (n > 0) {
			if (imsg_get_type(imsg) == IMSG_CAPTURE) {
				h->ncapture++;
				imsg_free(imsg);
				continue;
			}
			return 1;
		}
		if (h->eof)
			return 0;
		if ((r = poll_in(h->fd, WAIT_MS)) == 0)
			return -1;
		if (r == -1)
			atf_tc_fail("poll: %s", strerror(errno));
		if ((n = imsgbuf_read(&h->ibuf)) == -1) {
			if (errno == ECONNRESET) {
				h->eof = 1;
				continue;
			}
			if (errno == EAGAIN || errno == EINTR)
				continue;
			atf_tc_fail("imsg read: %s", strerror(errno));
		}
		if (n == 0)
			h->eof = 1;
	}
}

/* Require a message of this type with exactly len bytes. */
static void
h_expect(struct harness *h, uint32_t type, void *data, size_t len)
{
	struct imsg imsg;
	int r;

	r = h_recv(h, &imsg);
	ATF_REQUIRE_MSG(r != -1, "no answer of type %u in %d ms", type,
	    WAIT_MS);
	if (r == 0) {
		char buf[512];

		h_stderr(buf, sizeof(buf));
		atf_tc_fail("parent closed instead of answering type %u; "
		    "stderr: %s", type, buf);
	}
	ATF_REQUIRE_EQ_MSG(imsg_get_type(&imsg), type,
	    "got type %u, want %u", imsg_get_type(&imsg), type);
	ATF_REQUIRE_EQ_MSG(imsg_get_len(&imsg), len,
	    "type %u: %zu bytes, want %zu", type, imsg_get_len(&imsg), len);
	ATF_REQUIRE(imsg_get_data(&imsg, data, len) == 0);
	imsg_free(&imsg);
}

/* ------------------------------------------------------------------ */
/* Configurations and probes. */

static void
ports(void)
{
	/* Out of the way of other tests running at the same time. */
	if (port_base == 0)
		port_base = 20000 + (uint16_t)(getpid() % 20000) * 2;
}

static void
config4(struct ttr_config *c)
{
	ports();
	memset(c, 0, sizeof(*c));
	c->family = AF_INET;
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.1", &c->src.v4) == 1);
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.1", &c->dst.v4) == 1);
	strlcpy(c->ifname, "lo", sizeof(c->ifname));
	c->sport = port_base;
	c->nsport = 1;
	c->dport = port_base + 1;
	c->length = 40;
	c->window = 5840;
	c->tcpflags = TTR_SYN;
	c->first_ttl = 1;
	c->max_ttl = 30;
	c->maxprobes = 90;
}

static void
config6(struct ttr_config *c)
{
	config4(c);
	c->family = AF_INET6;
	memset(&c->src, 0, sizeof(c->src));
	memset(&c->dst, 0, sizeof(c->dst));
	ATF_REQUIRE(inet_pton(AF_INET6, "::1", &c->src.v6) == 1);
	ATF_REQUIRE(inet_pton(AF_INET6, "::1", &c->dst.v6) == 1);
	c->length = 60;
}

static struct ttr_probe
probe(const struct ttr_config *c, uint32_t index, uint8_t ttl)
{
	struct ttr_probe m;

	memset(&m, 0, sizeof(m));
	m.index = index;
	m.seq = 0x10000000 + index * SEQ_STRIDE;
	m.ack = 0x20000000 + index * SEQ_STRIDE;
	m.ipid = (uint16_t)(0x4000 + index);
	m.sport = c->sport;
	m.ttl = ttl;
	return m;
}

static int
lo_dlt(void)
{
	char errbuf[PCAP_ERRBUF_SIZE];
	pcap_t *pc;
	int dlt;

	if ((pc = pcap_open_live("lo", 64, 0, 100, errbuf)) == NULL)
		atf_tc_fail("pcap lo: %s", errbuf);
	dlt = pcap_datalink(pc);
	pcap_close(pc);
	return dlt;
}

/* Start a parent and have it accept this configuration. */
static void
h_ready(struct harness *h, const struct ttr_config *c)
{
	struct ttr_ready ready;

	h_start(h);
	ATF_REQUIRE(h_send(h, IMSG_CONFIG, c, sizeof(*c)) == 0);
	h_expect(h, IMSG_READY, &ready, sizeof(ready));
	ATF_REQUIRE_EQ_MSG(ready.dlt, lo_dlt(), "dlt %d, want %d",
	    ready.dlt, lo_dlt());
}

/* Send a probe and require its IMSG_SENT, error 0, stamped in time. */
static void
h_probe_ok(struct harness *h, const struct ttr_probe *m)
{
	struct ttr_sent sent;
	struct timeval before, after;
	int64_t t, t0, t1;

	gettimeofday(&before, NULL);
	ATF_REQUIRE(h_send(h, IMSG_PROBE, m, sizeof(*m)) == 0);
	h_expect(h, IMSG_SENT, &sent, sizeof(sent));
	gettimeofday(&after, NULL);
	ATF_REQUIRE_EQ_MSG(sent.index, m->index, "index %u, want %u",
	    sent.index, m->index);
	ATF_REQUIRE_EQ_MSG(sent.error, 0, "probe ttl %u: error %d (%s)",
	    m->ttl, sent.error, strerror(sent.error));
	ATF_REQUIRE_MSG(sent.usec >= 0 && sent.usec < 1000000,
	    "usec %jd", (intmax_t)sent.usec);
	t = sent.sec * 1000000 + sent.usec;
	t0 = (int64_t)before.tv_sec * 1000000 + before.tv_usec;
	t1 = (int64_t)after.tv_sec * 1000000 + after.tv_usec;
	ATF_REQUIRE_MSG(t >= t0 && t <= t1,
	    "timestamp %jd.%06jd outside [%jd.%06ld, %jd.%06ld]",
	    (intmax_t)sent.sec, (intmax_t)sent.usec,
	    (intmax_t)before.tv_sec, (long)before.tv_usec,
	    (intmax_t)after.tv_sec, (long)after.tv_usec);
}

/*
 * The parent must have given up: exit status 1, exactly one line on
 * stderr that starts with the program name and contains what, nothing
 * more on the socket, which is closed: the child learns of the end by
 * EOF, since the parent (CAP_NET_RAW only) may not signal its uid.
 */
static void
h_fatal(struct harness *h, const char *what)
{
	char buf[4096], prefix[128];
	struct imsg imsg;
	char *nl;
	int status, r;

	status = h_wait(h);
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "[%s] parent: status %#x, want exit 1; stderr: %s", what, status,
	    buf);
	snprintf(prefix, sizeof(prefix), "%s: ", getprogname());
	ATF_CHECK_MSG(strncmp(buf, prefix, strlen(prefix)) == 0,
	    "[%s] stderr does not start with \"%s\": \"%s\"", what, prefix,
	    buf);
	nl = strchr(buf, '\n');
	ATF_CHECK_MSG(nl != NULL && nl[1] == '\0',
	    "[%s] stderr is not exactly one line: \"%s\"", what, buf);
	ATF_CHECK_MSG(strstr(buf, what) != NULL,
	    "[%s] stderr does not say \"%s\": \"%s\"", what, what, buf);

	while ((r = h_recv(h, &imsg)) == 1) {
		ATF_CHECK_MSG(0, "[%s] unexpected answer of type %u", what,
		    imsg_get_type(&imsg));
		imsg_free(&imsg);
	}
	/* The closed socket is what ends the real child. */
	ATF_CHECK_MSG(r == 0, "[%s] socket not closed", what);
	h_close(h);
	close(h->notify);
	current = NULL;
}

/*
 * Read and drop what the parent has sent until it is quiet for a
 * moment.  Closing with unread data makes the parent's read fail with
 * ECONNRESET instead of end of file; child_unread tests that on its
 * own, so the other cases do not depend on when captures arrive.
 */
static void
h_drain(struct harness *h)
{
	struct imsg imsg;
	ssize_t n;

	while (!h->eof && poll_in(h->fd, 150) == 1) {
		if ((n = imsgbuf_read(&h->ibuf)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			h->eof = 1;
		while (imsg_get(&h->ibuf, &imsg) > 0) {
			ATF_CHECK_EQ_MSG(imsg_get_type(&imsg), IMSG_CAPTURE,
			    "unexpected message of type %u",
			    imsg_get_type(&imsg));
			imsg_free(&imsg);
		}
	}
}

/* End a good run: the fake child exits 0, then "the child" hangs up. */
static void
h_end_ok(struct harness *h)
{
	char buf[4096];
	int status;

	h_drain(h);
	ATF_REQUIRE(kill(h->fake, SIGUSR2) == 0);
	h_close(h);
	status = h_wait(h);
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "parent: status %#x, want exit 0", status);
	ATF_CHECK_MSG(buf[0] == '\0', "unexpected stderr: \"%s\"", buf);
	close(h->notify);
	current = NULL;
}

/* A fresh parent, one message in INIT, which it must refuse. */
static void
init_refuses(uint32_t type, const void *data, size_t len, const char *what)
{
	struct harness h;

	h_start(&h);
	(void)h_send(&h, type, data, len);
	h_fatal(&h, what);
}

static void
config_refused(const struct ttr_config *c, const char *what)
{
	init_refuses(IMSG_CONFIG, c, sizeof(*c), what);
}

static void
config_accepted(const struct ttr_config *c)
{
	struct harness h;

	h_ready(&h, c);
	h_end_ok(&h);
}

/* A parent in RUN with this configuration, one message it must refuse. */
static void
run_refuses(const struct ttr_config *c, uint32_t type, const void *data,
    size_t len, const char *what)
{
	struct harness h;

	h_ready(&h, c);
	(void)h_send(&h, type, data, len);
	h_fatal(&h, what);
}

static void
probe_refused(const struct ttr_config *c, const struct ttr_probe *m,
    const char *what)
{
	run_refuses(c, IMSG_PROBE, m, sizeof(*m), what);
}

static void
probe_accepted(const struct ttr_config *c, const struct ttr_probe *m)
{
	struct harness h;

	h_ready(&h, c);
	h_probe_ok(&h, m);
	h_end_ok(&h);
}

/* ------------------------------------------------------------------ */
/* The wire. */

static void
sniff_start(struct sniffer *s, const struct ttr_config *c)
{
	char errbuf[PCAP_ERRBUF_SIZE], filter[128];
	struct bpf_program prog;

	memset(s, 0, sizeof(*s));
	if ((s->pcap = pcap_create("any", errbuf)) == NULL)
		atf_tc_fail("pcap any: %s", errbuf);
	if (pcap_set_snaplen(s->pcap, 256) != 0 ||
	    pcap_set_immediate_mode(s->pcap, 1) != 0 ||
	    pcap_set_buffer_size(s->pcap, 4 * 1024 * 1024) != 0 ||
	    pcap_activate(s->pcap) < 0)
		atf_tc_fail("pcap any: %s", pcap_geterr(s->pcap));
	ATF_REQUIRE(pcap_setnonblock(s->pcap, 1, errbuf) == 0);
	/* SLL2 names the interface; the older header does not. */
	(void)pcap_set_datalink(s->pcap, DLT_LINUX_SLL2);
	s->dlt = pcap_datalink(s->pcap);
	ATF_REQUIRE_MSG(s->dlt == DLT_LINUX_SLL || s->dlt == DLT_LINUX_SLL2,
	    "link type %d on any", s->dlt);
	/* Whatever leaves from our source ports, to wherever it goes. */
	snprintf(filter, sizeof(filter), "tcp and src portrange %u-%u",
	    c->sport, c->sport + c->nsport - 1);
	if (pcap_compile(s->pcap, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == -1 || pcap_setfilter(s->pcap, &prog) == -1)
		atf_tc_fail("pcap filter: %s", pcap_geterr(s->pcap));
	pcap_freecode(&prog);
}

static uint16_t
rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
sniffed(u_char *arg, const struct pcap_pkthdr *h, const u_char *bytes)
{
	struct sniffer *s = (struct sniffer *)arg;
	struct seen *e;
	const uint8_t *ip, *tcp;
	size_t off, len, hl;

	off = s->dlt == DLT_LINUX_SLL ? 16 : 20;
	if (h->caplen < off + 1 || s->n == MAXSEEN) {
		s->bad++;
		return;
	}
	ip = bytes + off;
	len = h->caplen - off;
	e = &s->pkt[s->n];
	memset(e, 0, sizeof(*e));
	if (s->dlt == DLT_LINUX_SLL2)
		e->ifindex = rd32(bytes + 4);
	switch (ip[0] >> 4) {
	case 4:
		hl = (size_t)(ip[0] & 0xf) * 4;
		if (len < hl + 20 || hl < 20 || ip[9] != IPPROTO_TCP) {
			s->bad++;
			return;
		}
		e->family = AF_INET;
		e->ttl = ip[8];
		e->ipid = rd16(ip + 4);
		e->len = rd16(ip + 2);
		memcpy(&e->src.v4, ip + 12, 4);
		memcpy(&e->dst.v4, ip + 16, 4);
		tcp = ip + hl;
		break;
	case 6:
		if (len < 40 + 20 || ip[6] != IPPROTO_TCP) {
			s->bad++;
			return;
		}
		e->family = AF_INET6;
		e->ttl = ip[7];
		e->len = (uint16_t)(40 + rd16(ip + 4));
		memcpy(&e->src.v6, ip + 8, 16);
		memcpy(&e->dst.v6, ip + 24, 16);
		tcp = ip + 40;
		break;
	default:
		s->bad++;
		return;
	}
	e->sport = rd16(tcp);
	e->dport = rd16(tcp + 2);
	e->seq = rd32(tcp + 4);
	e->ack = rd32(tcp + 8);
	e->flags = tcp[13];
	s->n++;
}

/* Collect what is there after the packets had time to arrive. */
static void
sniff_collect(struct sniffer *s)
{
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	int n;

	nanosleep(&ts, NULL);
	while ((n = pcap_dispatch(s->pcap, -1, sniffed, (u_char *)s)) > 0)
		;
	if (n == -1)
		atf_tc_fail("pcap: %s", pcap_geterr(s->pcap));
}

/* Every packet from our port is one of these probes, sent as configured. */
static void
check_wire(const struct sniffer *s, const struct ttr_config *c,
    const struct ttr_probe *m, int nm)
{
	char a[INET6_ADDRSTRLEN];
	const struct seen *e;
	unsigned int lo;
	size_t alen;
	int i, j, *count;

	ATF_REQUIRE((lo = if_nametoindex("lo")) != 0);
	alen = c->family == AF_INET ? 4 : 16;
	ATF_REQUIRE((count = calloc(nm + 1, sizeof(*count))) != NULL);
	ATF_CHECK_EQ_MSG(s->bad, 0, "%d frames not IP/TCP", s->bad);
	for (i = 0; i < s->n; i++) {
		e = &s->pkt[i];
		ATF_CHECK_EQ_MSG(e->family, c->family, "packet %d: family %d",
		    i, e->family);
		if (e->family != c->family)
			continue;
		ATF_CHECK_MSG(e->ifindex == 0 || e->ifindex == lo,
		    "packet %d seen on interface %u, not lo (%u)", i,
		    e->ifindex, lo);
		ATF_CHECK_MSG(memcmp(&e->dst, &c->dst, alen) == 0,
		    "packet %d went to %s", i,
		    inet_ntop(e->family, &e->dst, a, sizeof(a)));
		ATF_CHECK_MSG(memcmp(&e->src, &c->src, alen) == 0,
		    "packet %d came from %s", i,
		    inet_ntop(e->family, &e->src, a, sizeof(a)));
		ATF_CHECK_EQ_MSG(e->dport, c->dport, "packet %d: dport %u",
		    i, e->dport);
		ATF_CHECK_EQ_MSG(e->flags, c->tcpflags, "packet %d: flags "
		    "%#x", i, e->flags);
		for (j = 0; j < nm; j++)
			if (m[j].seq == e->seq)
				break;
		count[j]++;
		if (j == nm) {
			ATF_CHECK_MSG(0, "packet %d: seq %#x is no probe's", i,
			    e->seq);
			continue;
		}
		ATF_CHECK_EQ_MSG(e->ttl, m[j].ttl, "probe %d: ttl %u, want %u",
		    j, e->ttl, m[j].ttl);
		ATF_CHECK_EQ_MSG(e->sport, m[j].sport, "probe %d: sport %u",
		    j, e->sport);
		/* Zero without the ACK flag, as a TCP stack sends it. */
		ATF_CHECK_EQ_MSG(e->ack, c->tcpflags & TTR_ACK ? m[j].ack : 0,
		    "probe %d: ack %#x", j, e->ack);
		if (e->family == AF_INET)
			ATF_CHECK_EQ_MSG(e->ipid, m[j].ipid,
			    "probe %d: ip id %#x", j, e->ipid);
	}
	for (j = 0; j < nm; j++)
		ATF_CHECK_EQ_MSG(count[j], 1, "probe %d seen %d times", j,
		    count[j]);
	free(count);
}

/* ------------------------------------------------------------------ */
/* INIT. */

ATF_TC(config_ready);
ATF_TC_HEAD(config_ready, tc)
{
	atf_tc_set_md_var(tc, "descr", "A valid IPv4 configuration on lo "
	    "is answered with IMSG_READY and the capture's link type");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_ready, tc)
{
	struct ttr_config c;

	config4(&c);
	config_accepted(&c);
	/* -i lo: SO_BINDTODEVICE. */
	c.bindif = 1;
	config_accepted(&c);
}

ATF_TC(config_ready6);
ATF_TC_HEAD(config_ready6, tc)
{
	atf_tc_set_md_var(tc, "descr", "A valid IPv6 configuration on lo "
	    "is answered with IMSG_READY");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_ready6, tc)
{
	struct ttr_config c;

	config6(&c);
	config_accepted(&c);
}

ATF_TC(config_edges);
ATF_TC_HEAD(config_edges, tc)
{
	atf_tc_set_md_var(tc, "descr", "Configurations at the limits are "
	    "accepted");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_edges, tc)
{
	struct ttr_config c;

	config4(&c);
	c.length = TTR_MAXPACKET;
	config_accepted(&c);
	config4(&c);
	c.first_ttl = c.max_ttl = 255;
	c.maxprobes = TTR_MAXPROBES;
	config_accepted(&c);
	config4(&c);
	c.maxprobes = 1;
	c.nsport = 65535;
	c.dport = 65535;
	config_accepted(&c);
	config6(&c);
	c.flowlabel = 0xfffff;
	config_accepted(&c);
}

ATF_TC(config_gateways);
ATF_TC_HEAD(config_gateways, tc)
{
	atf_tc_set_md_var(tc, "descr", "-g: up to TTR_MAXGW IPv4 gateways, "
	    "none unspecified, multicast or broadcast, the option counted in "
	    "the length; refused for a user other than root");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_gateways, tc)
{
	struct ttr_config c;
	int i;

	config4(&c);
	c.ngw = 1;
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.1", &c.gw[0]) == 1);
	c.length = 48;
	config_accepted(&c);
	/* The LSRR option's 8 bytes are part of the smallest probe. */
	c.length = 47;
	config_refused(&c, "bad configuration");
	c.ngw = TTR_MAXGW;
	for (i = 0; i < TTR_MAXGW; i++)
		c.gw[i] = c.gw[0];
	c.length = 40 + 4 + 4 * TTR_MAXGW;
	config_accepted(&c);
	c.length = TTR_MAXPACKET;
	c.ngw = TTR_MAXGW + 1;
	config_refused(&c, "bad gateway count in configuration");
	c.ngw = 255;
	config_refused(&c, "bad gateway count in configuration");

	c.ngw = 2;
	ATF_REQUIRE(inet_pton(AF_INET, "0.0.0.0", &c.gw[1]) == 1);
	config_refused(&c, "bad gateway in configuration: unspecified");
	ATF_REQUIRE(inet_pton(AF_INET, "224.0.0.1", &c.gw[1]) == 1);
	config_refused(&c, "bad gateway in configuration: multicast");
	ATF_REQUIRE(inet_pton(AF_INET, "255.255.255.255", &c.gw[0]) == 1);
	config_refused(&c, "bad gateway in configuration: broadcast");

	/* IPv6 has no source route we send. */
	config6(&c);
	c.ngw = 1;
	config_refused(&c, "bad gateway count in configuration");

	/* Source routing may reach what is otherwise out of reach. */
	run_uid = USER_UID;
	config4(&c);
	c.ngw = 1;
	ATF_REQUIRE(inet_pton(AF_INET, "127.0.0.1", &c.gw[0]) == 1);
	c.length = 48;
	config_refused(&c, "source routing needs root");
}

ATF_TC(probe_before_config);
ATF_TC_HEAD(probe_before_config, tc)
{
	atf_tc_set_md_var(tc, "descr", "IMSG_PROBE in INIT ends the parent");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_before_config, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	m = probe(&c, 0, 1);
	init_refuses(IMSG_PROBE, &m, sizeof(m), "unexpected");
}

ATF_TC(unknown_type_init);
ATF_TC_HEAD(unknown_type_init, tc)
{
	atf_tc_set_md_var(tc, "descr", "Every type but IMSG_CONFIG ends "
	    "the parent in INIT");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(unknown_type_init, tc)
{
	const uint32_t types[] = { IMSG_NONE, IMSG_READY, IMSG_SENT,
	    IMSG_CAPTURE, 6, 99, 0xffffffff };
	struct ttr_config c;
	size_t i;

	config4(&c);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		/* Empty, and of the size a configuration would have. */
		init_refuses(types[i], NULL, 0, "unexpected");
		init_refuses(types[i], &c, sizeof(c), "unexpected");
	}
}

ATF_TC(config_size);
ATF_TC_HEAD(config_size, tc)
{
	atf_tc_set_md_var(tc, "descr", "IMSG_CONFIG must be exactly "
	    "sizeof(struct ttr_config)");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_size, tc)
{
	uint8_t buf[sizeof(struct ttr_config) + 1];
	struct ttr_config c;

	config4(&c);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &c, sizeof(c));
	init_refuses(IMSG_CONFIG, buf, sizeof(c) - 1, "size");
	init_refuses(IMSG_CONFIG, buf, sizeof(c) + 1, "size");
	init_refuses(IMSG_CONFIG, NULL, 0, "size");
}

ATF_TC(config_family);
ATF_TC_HEAD(config_family, tc)
{
	atf_tc_set_md_var(tc, "descr", "Only AF_INET and AF_INET6");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_family, tc)
{
	struct ttr_config c;

	config4(&c);
	c.family = 0;
	config_refused(&c, "family");
	c.family = AF_UNIX;
	config_refused(&c, "family");
	c.family = AF_PACKET;
	config_refused(&c, "family");
	c.family = -1;
	config_refused(&c, "family");
}

ATF_TC(config_ifname);
ATF_TC_HEAD(config_ifname, tc)
{
	atf_tc_set_md_var(tc, "descr", "The interface name must be "
	    "NUL-terminated and exist; unset, it is the route's");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_ifname, tc)
{
	struct ttr_config c;
	char buf[512];

	config4(&c);
	memset(c.ifname, 'a', sizeof(c.ifname));
	config_refused(&c, "interface");
	/* Nor may the message read past the array. */
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(strstr(buf, "aaaaaaaaaaaaaaaa") == NULL,
	    "the unterminated name was printed: %s", buf);
	config4(&c);
	strlcpy(c.ifname, "nosuch0", sizeof(c.ifname));
	config_refused(&c, "nosuch0");
	config4(&c);
	c.ifname[0] = '\0';
	config_accepted(&c);
	/* -i names the interface: it cannot be unset. */
	c.bindif = 1;
	config_refused(&c, "bad interface name");
}

ATF_TC(config_ttl);
ATF_TC_HEAD(config_ttl, tc)
{
	atf_tc_set_md_var(tc, "descr", "first_ttl 0 and max_ttl < first_ttl "
	    "are refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_ttl, tc)
{
	struct ttr_config c;

	config4(&c);
	c.first_ttl = 0;
	config_refused(&c, "configuration");
	config4(&c);
	c.first_ttl = 0;
	c.max_ttl = 0;
	config_refused(&c, "configuration");
	config4(&c);
	c.first_ttl = 5;
	c.max_ttl = 4;
	config_refused(&c, "configuration");
}

ATF_TC(config_length);
ATF_TC_HEAD(config_length, tc)
{
	atf_tc_set_md_var(tc, "descr", "The packet length must lie between "
	    "the headers and TTR_MAXPACKET");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_length, tc)
{
	struct ttr_config c;

	config4(&c);
	c.length = 39;
	config_refused(&c, "configuration");
	c.length = 0;
	config_refused(&c, "configuration");
	c.length = TTR_MAXPACKET + 1;
	config_refused(&c, "configuration");
	c.length = 65535;
	config_refused(&c, "configuration");
	config6(&c);
	c.length = 59;
	config_refused(&c, "configuration");
	c.length = TTR_MAXPACKET + 1;
	config_refused(&c, "configuration");
}

ATF_TC(probe_length);
ATF_TC_HEAD(probe_length, tc)
{
	atf_tc_set_md_var(tc, "descr", "A probe's own length, only with "
	    "--mtu, must lie between the headers and the configured length; "
	    "it is sent that long");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_length, tc)
{
	static const uint16_t lens[] = { 0, 1000, 999, 576, 41, 40 };
	struct ttr_probe m[6];
	struct ttr_config c;
	struct sniffer *s;
	struct harness h;
	int i, nm = 6;

	/* Only with --mtu. */
	config4(&c);
	c.length = 1000;
	m[0] = probe(&c, 0, 1);
	m[0].length = 999;
	probe_refused(&c, &m[0], "length");
	m[0].length = 0;
	probe_accepted(&c, &m[0]);
	c.mtudisc = 1;
	m[0].length = 1001;
	probe_refused(&c, &m[0], "length");
	m[0].length = 0xffff;
	probe_refused(&c, &m[0], "length");
	m[0].length = 39;
	probe_refused(&c, &m[0], "length");
	m[0].length = 1;
	probe_refused(&c, &m[0], "length");
	/* The headers include -O's options. */
	c.tcpopts = TCPOPT_MSS;
	c.mss = 1460;
	m[0].length = 43;
	probe_refused(&c, &m[0], "length");
	m[0].length = 44;
	probe_accepted(&c, &m[0]);
	config6(&c);
	c.length = 1280;
	c.mtudisc = 1;
	m[0] = probe(&c, 0, 1);
	m[0].length = 59;
	probe_refused(&c, &m[0], "length");
	m[0].length = 1281;
	probe_refused(&c, &m[0], "length");
	m[0].length = 60;
	probe_accepted(&c, &m[0]);

	/* On the wire, as long as asked; 0 as configured. */
	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);
	config4(&c);
	c.length = 1000;
	c.df = 1;
	c.mtudisc = 1;
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < nm; i++) {
		m[i] = probe(&c, (uint32_t)i, 1);
		m[i].length = lens[i];
		h_probe_ok(&h, &m[i]);
	}
	h_end_ok(&h);
	sniff_collect(s);
	ATF_REQUIRE_EQ_MSG(s->n, nm, "%d packets, want %d", s->n, nm);
	check_wire(s, &c, m, nm);
	for (i = 0; i < nm; i++)
		ATF_CHECK_EQ_MSG(s->pkt[i].len, lens[i] != 0 ? lens[i] : 1000,
		    "probe %d: %u bytes, want %u", i, s->pkt[i].len, lens[i]);
	pcap_close(s->pcap);
	free(s);

	/* mtudisc is a flag. */
	config4(&c);
	c.mtudisc = 2;
	config_refused(&c, "MTU");
}

ATF_TC(config_limits);
ATF_TC_HEAD(config_limits, tc)
{
	atf_tc_set_md_var(tc, "descr", "maxprobes, dport, nsport and the "
	    "flow label are range checked");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_limits, tc)
{
	struct ttr_config c;

	config4(&c);
	c.maxprobes = 0;
	config_refused(&c, "configuration");
	c.maxprobes = TTR_MAXSEND + 1;
	config_refused(&c, "configuration");
	c.maxprobes = 0xffffffff;
	config_refused(&c, "configuration");
	/* Port 0 is TCP's (as 1.5); UDP has none. */
	config4(&c);
	c.method = METHOD_UDP;
	c.dport = 0;
	config_refused(&c, "configuration");
	config4(&c);
	c.nsport = 0;
	config_refused(&c, "configuration");
	config6(&c);
	c.flowlabel = 0x100000;
	config_refused(&c, "configuration");
	config4(&c);
	c.setmark = 2;
	config_refused(&c, "configuration");
	config4(&c);
	c.dontroute = 2;
	config_refused(&c, "configuration");
	/* A port list must say as many ports as it has, dport first. */
	config4(&c);
	c.nports = 2;
	config_refused(&c, "port list");
	PORT_SET(c.dports, c.dport);
	config_refused(&c, "port list");
	PORT_SET(c.dports, c.dport - 1);
	config_refused(&c, "port list");
	PORT_SET(c.dports, 0);
	c.nports = 3;
	config_refused(&c, "port list");
}

ATF_TC(probe_dport);
ATF_TC_HEAD(probe_dport, tc)
{
	atf_tc_set_md_var(tc, "descr", "A probe goes only to a port of the "
	    "configuration's list");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_dport, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	m = probe(&c, 0, 1);
	m.dport = c.dport + 1;
	probe_refused(&c, &m, "destination port");
	m.dport = c.dport;
	probe_accepted(&c, &m);
	/* Ports dport and dport + 2: dport + 1 is not one of them. */
	c.nports = 2;
	PORT_SET(c.dports, c.dport);
	PORT_SET(c.dports, c.dport + 2);
	m.dport = c.dport + 2;
	probe_accepted(&c, &m);
	m.dport = c.dport + 1;
	probe_refused(&c, &m, "destination port");
}

/* ------------------------------------------------------------------ */
/* RUN. */

ATF_TC(probe_sent);
ATF_TC_HEAD(probe_sent, tc)
{
	atf_tc_set_md_var(tc, "descr", "A valid probe is answered with "
	    "IMSG_SENT: its index, error 0, a timestamp");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_sent, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct harness h;
	uint32_t i;

	config4(&c);
	h_ready(&h, &c);
	for (i = 0; i < 5; i++) {
		m = probe(&c, 1000 + i, (uint8_t)(1 + i));
		h_probe_ok(&h, &m);
	}
	h_end_ok(&h);

	config6(&c);
	h_ready(&h, &c);
	m = probe(&c, 77, 30);
	h_probe_ok(&h, &m);
	h_end_ok(&h);
}

ATF_TC(config_twice);
ATF_TC_HEAD(config_twice, tc)
{
	atf_tc_set_md_var(tc, "descr", "A second IMSG_CONFIG ends the "
	    "parent");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_twice, tc)
{
	struct ttr_config c;

	config4(&c);
	run_refuses(&c, IMSG_CONFIG, &c, sizeof(c), "unexpected");
}

ATF_TC(unknown_type_run);
ATF_TC_HEAD(unknown_type_run, tc)
{
	atf_tc_set_md_var(tc, "descr", "Every type but IMSG_PROBE ends "
	    "the parent in RUN");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(unknown_type_run, tc)
{
	const uint32_t types[] = { IMSG_NONE, IMSG_READY, IMSG_SENT,
	    IMSG_CAPTURE, 6, 99, 0xffffffff };
	struct ttr_config c;
	struct ttr_probe m;
	size_t i;

	config4(&c);
	m = probe(&c, 0, 1);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		run_refuses(&c, types[i], NULL, 0, "unexpected");
		run_refuses(&c, types[i], &m, sizeof(m), "unexpected");
	}
}

ATF_TC(probe_size);
ATF_TC_HEAD(probe_size, tc)
{
	atf_tc_set_md_var(tc, "descr", "IMSG_PROBE must be exactly "
	    "sizeof(struct ttr_probe)");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_size, tc)
{
	uint8_t buf[sizeof(struct ttr_probe) + 1];
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	m = probe(&c, 0, 1);
	memset(buf, 0, sizeof(buf));
	memcpy(buf, &m, sizeof(m));
	run_refuses(&c, IMSG_PROBE, buf, sizeof(m) - 1, "size");
	run_refuses(&c, IMSG_PROBE, buf, sizeof(m) + 1, "size");
	run_refuses(&c, IMSG_PROBE, NULL, 0, "size");
}

ATF_TC(probe_ttl);
ATF_TC_HEAD(probe_ttl, tc)
{
	atf_tc_set_md_var(tc, "descr", "The probe TTL must lie in "
	    "[first_ttl, max_ttl]");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_ttl, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	c.first_ttl = 3;
	c.max_ttl = 10;
	m = probe(&c, 0, 3);
	probe_accepted(&c, &m);
	m = probe(&c, 0, 10);
	probe_accepted(&c, &m);
	m = probe(&c, 0, 0);
	probe_refused(&c, &m, "TTL");
	m = probe(&c, 0, 2);
	probe_refused(&c, &m, "TTL");
	m = probe(&c, 0, 11);
	probe_refused(&c, &m, "TTL");
	m = probe(&c, 0, 255);
	probe_refused(&c, &m, "TTL");
	/* And with the first TTL 1. */
	config4(&c);
	c.max_ttl = 1;
	m = probe(&c, 0, 1);
	probe_accepted(&c, &m);
	m = probe(&c, 0, 2);
	probe_refused(&c, &m, "TTL");
}

ATF_TC(probe_sport_fixed);
ATF_TC_HEAD(probe_sport_fixed, tc)
{
	atf_tc_set_md_var(tc, "descr", "With nsport 1 the probe must use "
	    "cfg.sport");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_sport_fixed, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	m = probe(&c, 0, 1);
	m.sport = c.sport + 1;
	probe_refused(&c, &m, "source port");
	m.sport = c.sport - 1;
	probe_refused(&c, &m, "source port");
	m.sport = 0;
	probe_refused(&c, &m, "source port");
	m.sport = 65535;
	probe_refused(&c, &m, "source port");
}

ATF_TC(probe_sport_range);
ATF_TC_HEAD(probe_sport_range, tc)
{
	atf_tc_set_md_var(tc, "descr", "With --track-port the probe's port "
	    "must lie in [sport, sport + nsport), wrapping in 1024-65535");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_sport_range, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	c.sport = 40000;
	c.nsport = 10;
	m = probe(&c, 0, 1);
	m.sport = 40000;
	probe_accepted(&c, &m);
	m.sport = 40009;
	probe_accepted(&c, &m);
	m.sport = 40010;
	probe_refused(&c, &m, "source port");
	m.sport = 39999;
	probe_refused(&c, &m, "source port");
	m.sport = 0;
	probe_refused(&c, &m, "source port");

	/* The range wraps from 65535 to 1024, as match_plan's ports do. */
	c.sport = 65530;
	m.sport = 65535;
	probe_accepted(&c, &m);
	m.sport = 1024;
	probe_accepted(&c, &m);
	m.sport = 1027;
	probe_accepted(&c, &m);
	m.sport = 1028;
	probe_refused(&c, &m, "source port");
	m.sport = 1023;
	probe_refused(&c, &m, "source port");
	m.sport = 65529;
	probe_refused(&c, &m, "source port");
}

ATF_TC(probe_limit);
ATF_TC_HEAD(probe_limit, tc)
{
	atf_tc_set_md_var(tc, "descr", "Probe maxprobes + 1 ends the "
	    "parent with \"too many probes\"");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_limit, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct harness h;
	uint32_t i;

	config4(&c);
	c.maxprobes = 4;
	h_ready(&h, &c);
	for (i = 0; i < c.maxprobes; i++) {
		m = probe(&c, i, (uint8_t)(1 + i));
		h_probe_ok(&h, &m);
	}
	m = probe(&c, i, 1);
	(void)h_send(&h, IMSG_PROBE, &m, sizeof(m));
	h_fatal(&h, "too many probes");
}

ATF_TC(probe_flood);
ATF_TC_HEAD(probe_flood, tc)
{
	atf_tc_set_md_var(tc, "descr", "A flood of probes in one write: "
	    "exactly maxprobes reach the wire, then \"too many probes\"");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_flood, tc)
{
	struct ttr_probe m[200];
	struct ttr_config c;
	struct sniffer *s;
	struct harness h;
	struct imsg imsg;
	struct ttr_sent sent;
	uint32_t i, nsent = 0;
	int r;

	config4(&c);
	c.maxprobes = 7;
	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < 200; i++) {
		m[i] = probe(&c, i, (uint8_t)(1 + i % 30));
		if (imsg_compose(&h.ibuf, IMSG_PROBE, 0, 0, -1, &m[i],
		    sizeof(m[i])) == -1)
			atf_tc_fail("imsg_compose: %s", strerror(errno));
	}
	(void)imsgbuf_flush(&h.ibuf);

	/* Answers for the probes sent may or may not make it out. */
	while ((r = h_recv(&h, &imsg)) == 1) {
		ATF_CHECK_EQ_MSG(imsg_get_type(&imsg), IMSG_SENT,
		    "type %u", imsg_get_type(&imsg));
		if (imsg_get_type(&imsg) == IMSG_SENT &&
		    imsg_get_data(&imsg, &sent, sizeof(sent)) == 0) {
			ATF_CHECK_EQ(sent.index, nsent);
			ATF_CHECK_EQ(sent.error, 0);
			nsent++;
		}
		imsg_free(&imsg);
	}
	ATF_CHECK_MSG(nsent <= c.maxprobes, "%u IMSG_SENT", nsent);
	h_fatal(&h, "too many probes");

	sniff_collect(s);
	ATF_CHECK_EQ_MSG(s->n, (int)c.maxprobes, "%d probes on the wire, "
	    "want %u", s->n, c.maxprobes);
	check_wire(s, &c, m, (int)c.maxprobes);
	pcap_close(s->pcap);
	free(s);
}

ATF_TC(wire);
ATF_TC_HEAD(wire, tc)
{
	atf_tc_set_md_var(tc, "descr", "Every packet the parent sends goes "
	    "to the configured destination and port, with the probe's TTL");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(wire, tc)
{
	struct ttr_probe m[12];
	struct ttr_config c;
	struct sniffer *s;
	struct harness h;
	int i, nm = 12;

	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);

	config4(&c);
	c.tcpflags = TTR_SYN | TTR_ECE | TTR_CWR;
	c.length = 100;
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < nm; i++) {
		m[i] = probe(&c, (uint32_t)i, (uint8_t)(1 + (i * 7) % 30));
		h_probe_ok(&h, &m[i]);
	}
	h_end_ok(&h);
	sniff_collect(s);
	ATF_CHECK_EQ_MSG(s->n, nm, "%d packets, want %d", s->n, nm);
	check_wire(s, &c, m, nm);
	pcap_close(s->pcap);

	/* --track-port style; the target's port stays out of the range. */
	config6(&c);
	c.sport = port_base + 2;
	c.nsport = 12;
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < nm; i++) {
		m[i] = probe(&c, (uint32_t)i, (uint8_t)(30 - i));
		m[i].sport = (uint16_t)(c.sport + i);
		h_probe_ok(&h, &m[i]);
	}
	h_end_ok(&h);
	sniff_collect(s);
	ATF_CHECK_EQ_MSG(s->n, nm, "%d packets, want %d", s->n, nm);
	check_wire(s, &c, m, nm);
	pcap_close(s->pcap);
	free(s);
}

/* ------------------------------------------------------------------ */
/* The child's end. */

ATF_TC(child_status);
ATF_TC_HEAD(child_status, tc)
{
	atf_tc_set_md_var(tc, "descr", "When the child hangs up the parent "
	    "exits with the child's exit status");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(child_status, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct harness h;
	char buf[512];
	int status;

	/* In INIT, before any configuration. */
	h_start(&h);
	ATF_REQUIRE(kill(h.fake, SIGUSR1) == 0);
	h_close(&h);
	status = h_wait(&h);
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "INIT: status %#x, want exit 3; stderr: %s", status, buf);
	ATF_CHECK_MSG(buf[0] == '\0', "INIT: stderr: %s", buf);
	close(h.notify);
	current = NULL;

	/* In RUN, after a probe. */
	config4(&c);
	h_ready(&h, &c);
	m = probe(&c, 0, 1);
	h_probe_ok(&h, &m);
	h_drain(&h);
	ATF_REQUIRE(kill(h.fake, SIGUSR1) == 0);
	h_close(&h);
	status = h_wait(&h);
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "RUN: status %#x, want exit 3; stderr: %s", status, buf);
	ATF_CHECK_MSG(buf[0] == '\0', "RUN: stderr: %s", buf);
	close(h.notify);
	current = NULL;

	/* Hanging up first: the parent waits for the child to finish. */
	h_ready(&h, &c);
	h_drain(&h);
	h_close(&h);
	usleep(200 * 1000);
	ATF_CHECK_MSG(waitpid(h.pid, &status, WNOHANG) == 0,
	    "the parent exited before its child");
	ATF_REQUIRE(kill(h.fake, SIGUSR1) == 0);
	status = h_wait(&h);
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "hang-up first: status %#x, want exit 3", status);
	close(h.notify);
	current = NULL;
}

ATF_TC(child_killed);
ATF_TC_HEAD(child_killed, tc)
{
	atf_tc_set_md_var(tc, "descr", "A child killed by a signal makes "
	    "the parent exit 1");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(child_killed, tc)
{
	struct ttr_config c;
	struct harness h;
	int status;

	h_start(&h);
	ATF_REQUIRE(kill(h.fake, SIGKILL) == 0);
	h_close(&h);
	status = h_wait(&h);
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "INIT: status %#x, want exit 1", status);
	close(h.notify);
	current = NULL;

	config4(&c);
	h_ready(&h, &c);
	h_drain(&h);
	ATF_REQUIRE(kill(h.fake, SIGKILL) == 0);
	h_close(&h);
	status = h_wait(&h);
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "RUN: status %#x, want exit 1", status);
	close(h.notify);
	current = NULL;
}

ATF_TC(parent_signalled);
ATF_TC_HEAD(parent_signalled, tc)
{
	atf_tc_set_md_var(tc, "descr", "SIGTERM to the parent closes the "
	    "child's socket and, once the child has gone, kills it");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(parent_signalled, tc)
{
	struct ttr_config c;
	struct harness h;
	int status;

	config4(&c);
	h_ready(&h, &c);
	ATF_REQUIRE(kill(h.pid, SIGTERM) == 0);
	h_drain(&h);
	ATF_CHECK_MSG(h.eof, "the child's socket was not closed");
	h_close(&h);
	status = h_wait(&h);
	ATF_CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	    "status %#x, want death by SIGTERM", status);
	close(h.notify);
	current = NULL;
}

ATF_TC(child_unread);
ATF_TC_HEAD(child_unread, tc)
{
	atf_tc_set_md_var(tc, "descr", "A child that exits with captures "
	    "still unread is a hang-up like any other: the parent exits "
	    "with the child's status, silently");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(child_unread, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct harness h;
	struct timespec ts = { 0, 300 * 1000 * 1000 };
	char buf[512];
	int status, pending = 0;

	config4(&c);
	h_ready(&h, &c);
	m = probe(&c, 0, 1);
	h_probe_ok(&h, &m);
	/* Leave its IMSG_SENT and what is captured unread. */
	m = probe(&c, 1, 2);
	ATF_REQUIRE(h_send(&h, IMSG_PROBE, &m, sizeof(m)) == 0);
	nanosleep(&ts, NULL);
	ATF_REQUIRE(ioctl(h.fd, FIONREAD, &pending) == 0);
	ATF_REQUIRE_MSG(pending > 0, "nothing unread: the case tests "
	    "nothing");
	ATF_REQUIRE(kill(h.fake, SIGUSR1) == 0);
	h_close(&h);
	status = h_wait(&h);
	h_stderr(buf, sizeof(buf));
	ATF_CHECK_MSG(WIFEXITED(status) && WEXITSTATUS(status) == 3,
	    "status %#x, want exit 3; stderr: %s", status, buf);
	ATF_CHECK_MSG(buf[0] == '\0', "stderr: %s", buf);
	close(h.notify);
	current = NULL;
}

/* ------------------------------------------------------------------ */
/* The fake child with a uid of its own, as the real one. */

/* A fatal error must still reach a child of another uid: by EOF. */
static void
kill_reaches(const char *who)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct harness h;
	int status;

	/* Refused in INIT: h_fatal checks that the socket closes. */
	config4(&c);
	m = probe(&c, 0, 1);
	init_refuses(IMSG_PROBE, &m, sizeof(m), "unexpected");

	/* Refused in RUN, after pledge. */
	m.ttl = 0;
	probe_refused(&c, &m, "TTL");

	/* SIGTERM to the parent closes the child's socket. */
	h_ready(&h, &c);
	ATF_REQUIRE(kill(h.pid, SIGTERM) == 0);
	h_drain(&h);
	ATF_CHECK_MSG(h.eof, "%s: the child's socket was not closed", who);
	h_close(&h);
	status = h_wait(&h);
	ATF_CHECK_MSG(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	    "status %#x, want death by SIGTERM", status);
	close(h.notify);
	current = NULL;
}

ATF_TC(kill_child_root);
ATF_TC_HEAD(kill_child_root, tc)
{
	atf_tc_set_md_var(tc, "descr", "Run by root, the parent still ends "
	    "a child that runs as another user: its socket closes");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(kill_child_root, tc)
{
	fake_uid = FAKE_UID;
	kill_reaches("root");
}

ATF_TC(kill_child_user);
ATF_TC_HEAD(kill_child_user, tc)
{
	atf_tc_set_md_var(tc, "descr", "Run by a user, the parent still "
	    "ends a child that runs as another user: its socket closes");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(kill_child_user, tc)
{
	run_uid = USER_UID;
	fake_uid = FAKE_UID;
	kill_reaches("user");
}

/* ------------------------------------------------------------------ */
/* Users other than root. */

/* An address of an up interface other than lo, or 0. */
static int
other_address(struct in_addr *a)
{
	struct ifaddrs *ifap, *ifa;
	int found = 0;

	if (getifaddrs(&ifap) == -1)
		return 0;
	for (ifa = ifap; ifa != NULL; ifa = ifa->ifa_next)
		if (ifa->ifa_addr != NULL &&
		    ifa->ifa_addr->sa_family == AF_INET &&
		    (ifa->ifa_flags & IFF_UP) &&
		    (ifa->ifa_flags & IFF_LOOPBACK) == 0) {
			*a = ((struct sockaddr_in *)ifa->ifa_addr)->sin_addr;
			found = 1;
			break;
		}
	freeifaddrs(ifap);
	return found;
}

ATF_TC(user_config);
ATF_TC_HEAD(user_config, tc)
{
	atf_tc_set_md_var(tc, "descr", "For a user other than root the "
	    "parent limits probes and source port, and wants the source "
	    "address on an up interface");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(user_config, tc)
{
	struct ttr_config c;
	struct in_addr other;

	run_uid = USER_UID;
	config4(&c);
	config_accepted(&c);
	config6(&c);
	config_accepted(&c);

	config4(&c);
	c.maxprobes = USER_MAXSENT;
	config_accepted(&c);
	c.maxprobes = USER_MAXSENT + 1;
	config_refused(&c, "too many probes");
	c.maxprobes = TTR_MAXPROBES;
	config_refused(&c, "too many probes");

	config4(&c);
	c.sport = USER_MINPORT;
	config_accepted(&c);
	c.sport = USER_MINPORT - 1;
	config_refused(&c, "needs root");
	/* Any port the parent can hold. */
	c.sport = 0;
	config_accepted(&c);

	/* Not an address of this host. */
	config4(&c);
	ATF_REQUIRE(inet_pton(AF_INET, "198.51.100.99", &c.src.v4) == 1);
	config_refused(&c, "source address");
	config6(&c);
	ATF_REQUIRE(inet_pton(AF_INET6, "2001:db8::99", &c.src.v6) == 1);
	config_refused(&c, "source address");

	/* An address of this host, but not of the interface given. */
	if (other_address(&other)) {
		config4(&c);
		c.src.v4 = other;
		config_accepted(&c);
		c.bindif = 1;
		config_refused(&c, "source address");
	}
}

/* The IMSG_SENT of n probes sent in one write, in microseconds. */
static void
user_burst(struct harness *h, const struct ttr_config *c, int n,
    int64_t *t)
{
	struct ttr_probe m;
	struct ttr_sent sent;
	int i;

	for (i = 0; i < n; i++) {
		m = probe(c, (uint32_t)i, (uint8_t)(1 + i % 30));
		if (imsg_compose(&h->ibuf, IMSG_PROBE, 0, 0, -1, &m,
		    sizeof(m)) == -1)
			atf_tc_fail("imsg_compose: %s", strerror(errno));
	}
	ATF_REQUIRE(imsgbuf_flush(&h->ibuf) == 0);
	for (i = 0; i < n; i++) {
		h_expect(h, IMSG_SENT, &sent, sizeof(sent));
		ATF_REQUIRE_EQ_MSG(sent.index, (uint32_t)i, "index %u, want %d",
		    sent.index, i);
		ATF_REQUIRE_EQ_MSG(sent.error, 0, "probe %d: error %d", i,
		    sent.error);
		t[i] = sent.sec * 1000000 + sent.usec;
	}
}

/*
 * Token bucket conformance: no window holds more than a burst of
 * PACE_SLACK plus what USER_PPS allows.  parent.c's burst is 10.
 */
#define PACE_SLACK	12

ATF_TC(user_pacing);
ATF_TC_HEAD(user_pacing, tc)
{
	atf_tc_set_md_var(tc, "descr", "For a user other than root probes "
	    "leave at no more than USER_PPS, after a small burst");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(user_pacing, tc)
{
	struct ttr_config c;
	struct harness h;
	int64_t t[60];
	int i, j, n = 60;
	double span, allowed;

	run_uid = USER_UID;
	config4(&c);
	c.maxprobes = (uint32_t)n;
	h_ready(&h, &c);
	user_burst(&h, &c, n, t);
	h_end_ok(&h);
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			span = (double)(t[j] - t[i]) / 1e6;
			allowed = PACE_SLACK + span * USER_PPS + 1;
			ATF_REQUIRE_MSG(j - i + 1 <= allowed,
			    "probes %d..%d left within %.3f s: %d > %.1f",
			    i, j, span, j - i + 1, allowed);
		}
}

ATF_TC(user_flood);
ATF_TC_HEAD(user_flood, tc)
{
	atf_tc_set_md_var(tc, "descr", "For a user other than root a flood "
	    "of probes ends the parent without breaking the pace");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(user_flood, tc)
{
	struct ttr_config c;
	struct sniffer *s;
	struct harness h;
	struct ttr_probe m;
	struct imsg imsg;
	int i;

	run_uid = USER_UID;
	config4(&c);
	c.maxprobes = USER_MAXSENT;
	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < USER_MAXSENT; i++) {
		m = probe(&c, (uint32_t)i, (uint8_t)(1 + i % 30));
		if (imsg_compose(&h.ibuf, IMSG_PROBE, 0, 0, -1, &m,
		    sizeof(m)) == -1)
			atf_tc_fail("imsg_compose: %s", strerror(errno));
	}
	(void)imsgbuf_flush(&h.ibuf);
	while (h_recv(&h, &imsg) == 1)
		imsg_free(&imsg);
	h_fatal(&h, "flood");
	sniff_collect(s);
	ATF_CHECK_MSG(s->n <= PACE_SLACK + 1, "%d probes on the wire at "
	    "once", s->n);
	pcap_close(s->pcap);
	free(s);
}

ATF_TC(config_method);
ATF_TC_HEAD(config_method, tc)
{
	atf_tc_set_md_var(tc, "descr", "The probe method is range checked, "
	    "and ICMP and UDP get their own port, length and probe limits");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(config_method, tc)
{
	struct ttr_config c;

	config4(&c);
	c.method = METHOD_UDP + 1;
	config_refused(&c, "probe method");
	c.method = 255;
	config_refused(&c, "probe method");

	/* ICMP: no port; the headers are its smallest probe. */
	config4(&c);
	c.method = METHOD_ICMP;
	config_refused(&c, "probe method");
	c.dport = 0;
	c.length = 28;
	config_accepted(&c);
	c.length = 27;
	config_refused(&c, "configuration");
	c.length = 28;
	c.maxprobes = METHOD_MAXSEQ + 1;
	config_refused(&c, "probe method");
	config6(&c);
	c.method = METHOD_ICMP;
	c.dport = 0;
	c.length = 48;
	config_accepted(&c);

	/* UDP: one port, never 0, and a word for the checksum. */
	config6(&c);
	c.method = METHOD_UDP;
	c.length = 50;
	config_accepted(&c);
	c.length = 49;
	config_refused(&c, "configuration");
	c.length = 50;
	c.dport = 0;
	config_refused(&c, "probe method");
	config4(&c);
	c.method = METHOD_UDP;
	c.nports = 2;
	PORT_SET(c.dports, c.dport);
	PORT_SET(c.dports, c.dport + 1);
	config_refused(&c, "probe method");
}

ATF_TC(probe_method_seq);
ATF_TC_HEAD(probe_method_seq, tc)
{
	atf_tc_set_md_var(tc, "descr", "An ICMP or UDP probe's sequence "
	    "number is 1 .. 65534, as it goes out in 16 bits");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(probe_method_seq, tc)
{
	struct ttr_config c;
	struct ttr_probe m;

	config4(&c);
	c.method = METHOD_ICMP;
	c.dport = 0;
	c.length = 28;
	m = probe(&c, 0, 1);
	m.seq = 1;
	probe_accepted(&c, &m);
	m.seq = METHOD_MAXSEQ;
	probe_accepted(&c, &m);
	m.seq = 0;
	probe_refused(&c, &m, "sequence");
	m.seq = METHOD_MAXSEQ + 1;
	probe_refused(&c, &m, "sequence");
	m.seq = 0x10001;
	probe_refused(&c, &m, "sequence");
	config6(&c);
	c.method = METHOD_UDP;
	c.length = 50;
	m = probe(&c, 0, 1);
	m.seq = 7;
	probe_accepted(&c, &m);
	m.seq = 0xffff;
	probe_refused(&c, &m, "sequence");
}

/* ------------------------------------------------------------------ */
/*
 * A compromised child, run by a user other than root: each attack of
 * issue 11 is refused with one fatal line and nothing on the wire,
 * beside an honest control that still traces.
 */

#define VICTIM_PORTS	4

/* A victim's live TCP connection on lo: its two ends' ports. */
struct victim {
	int		 lfd;
	int		 cfd;
	int		 afd;
	uint16_t	 lport;		/* the listener's, the accepted end's */
	uint16_t	 cport;		/* the connecting end's */
};

static void
victim_start(struct victim *v)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ATF_REQUIRE((v->lfd = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(bind(v->lfd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	ATF_REQUIRE(listen(v->lfd, 1) == 0);
	ATF_REQUIRE(getsockname(v->lfd, (struct sockaddr *)&sin, &len) == 0);
	v->lport = ntohs(sin.sin_port);
	ATF_REQUIRE((v->cfd = socket(AF_INET, SOCK_STREAM, 0)) != -1);
	ATF_REQUIRE(connect(v->cfd, (struct sockaddr *)&sin,
	    sizeof(sin)) == 0);
	ATF_REQUIRE((v->afd = accept(v->lfd, NULL, NULL)) != -1);
	len = sizeof(sin);
	ATF_REQUIRE(getsockname(v->cfd, (struct sockaddr *)&sin, &len) == 0);
	v->cport = ntohs(sin.sin_port);
}

/* Still connected: no RST reached either end. */
static void
victim_check(struct victim *v)
{
	char c = 'x';

	ATF_CHECK_MSG(write(v->cfd, &c, 1) == 1 && read(v->afd, &c, 1) == 1,
	    "the victim's connection broke: %s", strerror(errno));
	close(v->afd);
	close(v->cfd);
	close(v->lfd);
}

/* Packets on the wire from or to a port, any interface. */
static void
sniff_port(struct sniffer *s, uint16_t port)
{
	struct ttr_config c;

	memset(&c, 0, sizeof(c));
	c.sport = port;
	c.nsport = 1;
	sniff_start(s, &c);
}

/* The config a user's honest child sends for a trace on lo. */
static void
user_config4(struct ttr_config *c)
{
	run_uid = USER_UID;
	config4(c);
}

/* Refused with what, and not one packet from port on the wire. */
static void
hostile_refused(const struct ttr_config *c, uint16_t port, const char *what)
{
	struct sniffer *s;
	struct ttr_probe m;
	struct harness h;

	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);
	sniff_port(s, port);
	h_start(&h);
	(void)h_send(&h, IMSG_CONFIG, c, sizeof(*c));
	/* The probes a lying child would send next, if it could. */
	m = probe(c, 0, 1);
	m.sport = port;
	(void)h_send(&h, IMSG_PROBE, &m, sizeof(m));
	h_fatal(&h, what);
	sniff_collect(s);
	ATF_CHECK_EQ_MSG(s->n, 0, "[%s] %d packets from port %u on the wire",
	    what, s->n, port);
	pcap_close(s->pcap);
	free(s);
}

ATF_TC(hostile_control);
ATF_TC_HEAD(hostile_control, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's honest trace on lo still "
	    "goes out: from the port the parent holds, as configured");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_control, tc)
{
	struct ttr_config c;
	struct ttr_probe m[3];
	struct sniffer *s;
	struct harness h;
	int i;

	user_config4(&c);
	ATF_REQUIRE((s = malloc(sizeof(*s))) != NULL);
	sniff_start(s, &c);
	h_ready(&h, &c);
	for (i = 0; i < 3; i++) {
		m[i] = probe(&c, (uint32_t)i, (uint8_t)(1 + i));
		h_probe_ok(&h, &m[i]);
	}
	h_end_ok(&h);
	sniff_collect(s);
	ATF_CHECK_EQ_MSG(s->n, 3, "%d packets, want 3", s->n);
	check_wire(s, &c, m, 3);
	pcap_close(s->pcap);
	free(s);
}

ATF_TC(hostile_any);
ATF_TC_HEAD(hostile_any, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's capture on \"any\", or on "
	    "a device that is no interface of the trace, is refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_any, tc)
{
	struct ttr_config c;

	user_config4(&c);
	strlcpy(c.ifname, "any", sizeof(c.ifname));
	hostile_refused(&c, c.sport, "does not carry the trace");
	/* pcap_create(3) would connect to the system bus for this one. */
	strlcpy(c.ifname, "dbus-system", sizeof(c.ifname));
	hostile_refused(&c, c.sport, "does not carry the trace");
}

ATF_TC(hostile_nofilter);
ATF_TC_HEAD(hostile_nofilter, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's --no-filter is refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_nofilter, tc)
{
	struct ttr_config c;

	user_config4(&c);
	c.nofilter = 1;
	hostile_refused(&c, c.sport, "--no-filter needs root");
}

ATF_TC(hostile_rst);
ATF_TC_HEAD(hostile_rst, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's RST probes are refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_rst, tc)
{
	struct ttr_config c;

	user_config4(&c);
	c.tcpflags = TTR_RST;
	hostile_refused(&c, c.sport, "RST probes need root");
	c.tcpflags = TTR_RST | TTR_ACK;
	hostile_refused(&c, c.sport, "RST probes need root");
}

ATF_TC(hostile_victim_port);
ATF_TC_HEAD(hostile_victim_port, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's probes from a port of "
	    "another's live connection are refused, with -P too, and the "
	    "connection lives on");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_victim_port, tc)
{
	struct ttr_config c;
	struct victim v;

	victim_start(&v);
	user_config4(&c);
	c.dport = v.lport;
	c.sport = v.cport;
	c.tcpflags = TTR_ACK | TTR_PSH;
	c.length = 56;
	hostile_refused(&c, v.cport, "already in use");
	c.forceport = 1;
	hostile_refused(&c, v.cport, "in use");
	victim_check(&v);
}

ATF_TC(hostile_port_range);
ATF_TC_HEAD(hostile_port_range, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's range of source ports, or "
	    "spare port, must be ports the parent can hold: one in a live "
	    "connection is refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_port_range, tc)
{
	struct ttr_config c;
	struct victim v;

	victim_start(&v);
	user_config4(&c);
	c.dport = v.lport;
	/* --track-port over the victim's port. */
	c.sport = (uint16_t)(v.cport - 2);
	c.nsport = VICTIM_PORTS;
	hostile_refused(&c, v.cport, "cannot hold");
	/* A spare port the child names: the parent picks them. */
	user_config4(&c);
	c.dport = v.lport;
	c.nrports = 1;
	c.rports[0] = v.cport;
	hostile_refused(&c, v.cport, "bad spare ports");
	victim_check(&v);
}

ATF_TC(hostile_loopback_src);
ATF_TC_HEAD(hostile_loopback_src, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's loopback source address "
	    "to a destination elsewhere is refused");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_loopback_src, tc)
{
	struct ttr_config c;

	user_config4(&c);
	ATF_REQUIRE(inet_pton(AF_INET, "198.18.0.1", &c.dst.v4) == 1);
	hostile_refused(&c, c.sport, "loopback source address");
}

/* ------------------------------------------------------------------ */
/* What the parent captures for a user. */

static int raw_fd = -1;

/* A TCP segment or an ICMP error quoting one, sent on lo. */
static void
inject(int icmp, uint16_t sport, uint16_t dport, size_t paylen)
{
	uint8_t pkt[1500], *ip, *t;
	struct sockaddr_in sin;
	size_t tl, off;
	uint32_t sum;

	if (raw_fd == -1)
		ATF_REQUIRE((raw_fd = socket(AF_INET, SOCK_RAW,
		    IPPROTO_RAW)) != -1);
	ATF_REQUIRE(paylen <= 1400);
	memset(pkt, 0, sizeof(pkt));
	off = icmp ? 20 + 8 : 0;	/* the quote after an ICMP header */
	ip = pkt + off;
	tl = 20 + 20 + (icmp ? 0 : paylen);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(tl >> 8);
	ip[3] = (uint8_t)tl;
	ip[8] = 64;
	ip[9] = IPPROTO_TCP;
	ip[12] = ip[16] = 127;
	ip[15] = ip[19] = 1;
	t = ip + 20;
	t[0] = (uint8_t)(sport >> 8);
	t[1] = (uint8_t)sport;
	t[2] = (uint8_t)(dport >> 8);
	t[3] = (uint8_t)dport;
	t[12] = 0x50;
	t[13] = TTR_SYN | TTR_ACK;
	sum = htons(IPPROTO_TCP) + htons((uint16_t)(tl - 20)) +
	    htons(0x7f00) + htons(1) + htons(0x7f00) + htons(1);
	t[16] = t[17] = 0;
	memcpy(t + 16, &(uint16_t){ in_cksum(t, tl - 20, sum) }, 2);
	memcpy(ip + 10, &(uint16_t){ in_cksum(ip, 20, 0) }, 2);
	if (icmp) {
		/* Time exceeded from 127.0.0.1, quoting the segment. */
		ip = pkt;
		tl = 20 + 8 + 40;
		ip[0] = 0x45;
		ip[2] = (uint8_t)(tl >> 8);
		ip[3] = (uint8_t)tl;
		ip[8] = 64;
		ip[9] = IPPROTO_ICMP;
		ip[12] = ip[16] = 127;
		ip[15] = ip[19] = 1;
		ip[20] = 11;
		memcpy(ip + 22, &(uint16_t){ in_cksum(ip + 20, tl - 20, 0) },
		    2);
		memcpy(ip + 10, &(uint16_t){ in_cksum(ip, 20, 0) }, 2);
	}
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ATF_REQUIRE(sendto(raw_fd, pkt, tl, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == (ssize_t)tl);
}

struct capseen {
	unsigned int	 n;
	unsigned int	 tcp[2];	/* to our port, to the victim's */
	unsigned int	 icmp[2];	/* quoting ours, the victim's */
	uint32_t	 dropped;	/* the last capture's count */
};

/* The captures that come within ms: to (or quoting) port or victim. */
static void
collect(struct harness *h, int ms, uint16_t port, uint16_t victim,
    struct capseen *cs)
{
	struct imsg imsg;
	struct ttr_capture cap;
	struct ibuf ib;
	const uint8_t *ip;
	uint16_t p;
	ssize_t n;

	memset(cs, 0, sizeof(*cs));
	while (!h->eof && poll_in(h->fd, ms) == 1) {
		if ((n = imsgbuf_read(&h->ibuf)) == -1) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			break;
		}
		if (n == 0)
			h->eof = 1;
		while (imsg_get(&h->ibuf, &imsg) > 0) {
			if (imsg_get_type(&imsg) != IMSG_CAPTURE ||
			    imsg_get_ibuf(&imsg, &ib) == -1 ||
			    ibuf_get(&ib, &cap, sizeof(cap)) == -1 ||
			    ibuf_size(&ib) < 14 + 24) {
				imsg_free(&imsg);
				continue;
			}
			cs->n++;
			cs->dropped = cap.dropped;
			ip = (const uint8_t *)ibuf_data(&ib) + 14;
			if (ip[9] == IPPROTO_TCP) {
				p = rd16(ip + 22);
				cs->tcp[0] += p == port;
				cs->tcp[1] += p == victim;
			} else if (ip[9] == IPPROTO_ICMP &&
			    ibuf_size(&ib) >= 14 + 50) {
				p = rd16(ip + 48);
				cs->icmp[0] += p == port;
				cs->icmp[1] += p == victim;
			}
			imsg_free(&imsg);
		}
	}
}

ATF_TC(hostile_sniff);
ATF_TC_HEAD(hostile_sniff, tc)
{
	atf_tc_set_md_var(tc, "descr", "A user's capture passes only the "
	    "trace's own flow: segments to its port and ICMP errors quoting "
	    "it, not another's segments to the same host and port");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(hostile_sniff, tc)
{
	struct ttr_config c;
	struct capseen cs;
	struct harness h;
	struct victim v;

	victim_start(&v);
	user_config4(&c);
	c.dport = v.lport;
	h_ready(&h, &c);
	/* From the destination's port: to ours, and to the victim's. */
	inject(0, v.lport, c.sport, 0);
	inject(0, v.lport, v.cport, 0);
	inject(1, c.sport, v.lport, 0);
	inject(1, v.cport, v.lport, 0);
	collect(&h, 300, c.sport, v.cport, &cs);
	ATF_CHECK_EQ_MSG(cs.tcp[0], 1, "%u segments to our port", cs.tcp[0]);
	ATF_CHECK_EQ_MSG(cs.icmp[0], 1, "%u errors quoting our port",
	    cs.icmp[0]);
	ATF_CHECK_EQ_MSG(cs.tcp[1], 0, "%u of the victim's segments passed",
	    cs.tcp[1]);
	ATF_CHECK_EQ_MSG(cs.icmp[1], 0, "%u errors quoting the victim's "
	    "port passed", cs.icmp[1]);
	ATF_REQUIRE(kill(h.fake, SIGUSR2) == 0);
	h_close(&h);
	(void)h_wait(&h);
	close(h.notify);
	current = NULL;
	victim_check(&v);
}

/* The high-water mark of a process's resident memory, in KiB. */
static long
vm_hwm(pid_t pid)
{
	char path[64], line[256];
	long kb = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	ATF_REQUIRE((f = fopen(path, "r")) != NULL);
	while (fgets(line, sizeof(line), f) != NULL)
		if (sscanf(line, "VmHWM: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

#define FLOOD		20000	/* segments of 1400 bytes: 28 MB */

ATF_TC(hostile_queue);
ATF_TC_HEAD(hostile_queue, tc)
{
	atf_tc_set_md_var(tc, "descr", "A flood of captures for a child "
	    "that does not read: the parent's queue stays bounded, and the "
	    "captures it dropped are counted");
	atf_tc_set_md_var(tc, "require.user", "root");
	atf_tc_set_md_var(tc, "timeout", "120");
}
ATF_TC_BODY(hostile_queue, tc)
{
	struct ttr_config c;
	struct capseen cs;
	struct harness h;
	long before, after;
	unsigned int n;
	int i;

	user_config4(&c);
	h_ready(&h, &c);
	before = vm_hwm(h.pid);
	for (i = 0; i < FLOOD; i++) {
		inject(0, c.dport, c.sport, 1400);
		/* Let the parent read its ring, as a steady flood would. */
		if (i % 100 == 99)
			usleep(2000);
	}
	usleep(300 * 1000);
	after = vm_hwm(h.pid);
	ATF_CHECK_MSG(after - before < 8 * 1024, "the parent grew from %ld "
	    "to %ld KiB", before, after);
	collect(&h, 300, c.sport, 0, &cs);
	ATF_CHECK_MSG(cs.n <= TTR_CAPQUEUE + 1024, "%u captures queued",
	    cs.n);
	/* The next capture, queued once there is room, tells the drops. */
	inject(0, c.dport, c.sport, 0);
	n = cs.n;
	collect(&h, 300, c.sport, 0, &cs);
	ATF_CHECK_MSG(cs.n > 0 && cs.dropped > 0 && n + cs.dropped <= 2 * FLOOD,
	    "%u captures, then %u with %u dropped", n, cs.n, cs.dropped);
	ATF_REQUIRE(kill(h.fake, SIGUSR2) == 0);
	h_close(&h);
	(void)h_wait(&h);
	close(h.notify);
	current = NULL;
}

ATF_TC(user_pacing_shared);
ATF_TC_HEAD(user_pacing_shared, tc)
{
	atf_tc_set_md_var(tc, "descr", "Two runs of one user share "
	    "USER_PPS: together they send no faster than one");
	atf_tc_set_md_var(tc, "require.user", "root");
}
ATF_TC_BODY(user_pacing_shared, tc)
{
	struct ttr_config c;
	struct ttr_probe m;
	struct ttr_sent sent;
	struct harness h[2];
	int64_t t[80], x;
	int i, j, k, n = 40;
	double span, allowed;

	run_uid = USER_UID;
	for (k = 0; k < 2; k++) {
		config4(&c);
		c.sport = (uint16_t)(port_base + 10 + k);
		c.maxprobes = (uint32_t)n;
		h_ready(&h[k], &c);
	}
	current = NULL;		/* cleanup would know of the last only */
	for (k = 0; k < 2; k++) {
		for (i = 0; i < n; i++) {
			m = probe(&c, (uint32_t)i, (uint8_t)(1 + i % 30));
			m.sport = (uint16_t)(port_base + 10 + k);
			ATF_REQUIRE(imsg_compose(&h[k].ibuf, IMSG_PROBE, 0, 0,
			    -1, &m, sizeof(m)) != -1);
		}
		ATF_REQUIRE(imsgbuf_flush(&h[k].ibuf) == 0);
	}
	for (k = 0; k < 2; k++)
		for (i = 0; i < n; i++) {
			h_expect(&h[k], IMSG_SENT, &sent, sizeof(sent));
			ATF_REQUIRE_EQ(sent.error, 0);
			t[k * n + i] = sent.sec * 1000000 + sent.usec;
		}
	for (k = 0; k < 2; k++) {
		current = &h[k];
		h_end_ok(&h[k]);
	}
	for (i = 1; i < 2 * n; i++)
		for (j = i; j > 0 && t[j - 1] > t[j]; j--) {
			x = t[j];
			t[j] = t[j - 1];
			t[j - 1] = x;
		}
	for (i = 0; i < 2 * n; i++)
		for (j = i + 1; j < 2 * n; j++) {
			span = (double)(t[j] - t[i]) / 1e6;
			allowed = PACE_SLACK + span * USER_PPS + 1;
			ATF_REQUIRE_MSG(j - i + 1 <= allowed,
			    "probes %d..%d of both left within %.3f s: "
			    "%d > %.1f", i, j, span, j - i + 1, allowed);
		}
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, hostile_control);
	ATF_TP_ADD_TC(tp, hostile_any);
	ATF_TP_ADD_TC(tp, hostile_nofilter);
	ATF_TP_ADD_TC(tp, hostile_rst);
	ATF_TP_ADD_TC(tp, hostile_victim_port);
	ATF_TP_ADD_TC(tp, hostile_port_range);
	ATF_TP_ADD_TC(tp, hostile_loopback_src);
	ATF_TP_ADD_TC(tp, hostile_sniff);
	ATF_TP_ADD_TC(tp, hostile_queue);
	ATF_TP_ADD_TC(tp, user_pacing_shared);
	ATF_TP_ADD_TC(tp, config_gateways);
	ATF_TP_ADD_TC(tp, config_ready);
	ATF_TP_ADD_TC(tp, config_ready6);
	ATF_TP_ADD_TC(tp, config_edges);
	ATF_TP_ADD_TC(tp, probe_before_config);
	ATF_TP_ADD_TC(tp, unknown_type_init);
	ATF_TP_ADD_TC(tp, config_size);
	ATF_TP_ADD_TC(tp, config_family);
	ATF_TP_ADD_TC(tp, config_ifname);
	ATF_TP_ADD_TC(tp, config_ttl);
	ATF_TP_ADD_TC(tp, config_length);
	ATF_TP_ADD_TC(tp, config_limits);
	ATF_TP_ADD_TC(tp, probe_sent);
	ATF_TP_ADD_TC(tp, config_twice);
	ATF_TP_ADD_TC(tp, unknown_type_run);
	ATF_TP_ADD_TC(tp, probe_size);
	ATF_TP_ADD_TC(tp, probe_ttl);
	ATF_TP_ADD_TC(tp, probe_sport_fixed);
	ATF_TP_ADD_TC(tp, probe_dport);
	ATF_TP_ADD_TC(tp, probe_sport_range);
	ATF_TP_ADD_TC(tp, probe_limit);
	ATF_TP_ADD_TC(tp, probe_length);
	ATF_TP_ADD_TC(tp, probe_flood);
	ATF_TP_ADD_TC(tp, wire);
	ATF_TP_ADD_TC(tp, child_status);
	ATF_TP_ADD_TC(tp, child_killed);
	ATF_TP_ADD_TC(tp, parent_signalled);
	ATF_TP_ADD_TC(tp, child_unread);
	ATF_TP_ADD_TC(tp, kill_child_root);
	ATF_TP_ADD_TC(tp, kill_child_user);
	ATF_TP_ADD_TC(tp, user_config);
	ATF_TP_ADD_TC(tp, user_pacing);
	ATF_TP_ADD_TC(tp, user_flood);
	ATF_TP_ADD_TC(tp, config_method);
	ATF_TP_ADD_TC(tp, probe_method_seq);
	return atf_no_error();
}
