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
 * The pledge(2) emulation and landlock_deny_all.  A sandbox cannot be undone, so
 * every case forks a child that sandboxes itself and then tries things;
 * the test process itself stays free and judges the child by its exit
 * status and what it wrote on stderr.
 *
 * Child exit status: 0 all went as expected, 1 killed by pledge (the
 * SIGSYS handler's _exit), 2 an expectation failed (reason on stderr),
 * 77 the case cannot run here (no landlock, no capture on lo; reason on
 * stderr).
 */

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <atf-c.h>
#include <errno.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <fcntl.h>
#include <pcap.h>
#include <poll.h>
#include <pthread.h>
#include <seccomp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pledge.h"

#define CHILD_TRAPPED	1
#define CHILD_FAILED	2
#define CHILD_SKIP	77

struct result {
	int	 status;
	char	 err[8192];
};

/* Child side: give up with a reason. */
static void __attribute__((noreturn, format(printf, 1, 2)))
cfail(const char *fmt, ...)
{
	char	 buf[512];
	va_list	 ap;
	int	 saved = errno, n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if ((size_t)n >= sizeof(buf))
		n = sizeof(buf) - 1;
	(void)write(STDERR_FILENO, buf, n);
	n = snprintf(buf, sizeof(buf), " (errno %d: %s)\n", saved,
	    strerror(saved));
	(void)write(STDERR_FILENO, buf, n);
	_exit(CHILD_FAILED);
}

#define CREQUIRE(cond)	do {						\
	if (!(cond))							\
		cfail("%s:%d: %s", __FILE__, __LINE__, #cond);		\
} while (0)

/* A call that must fail with a given errno, not trap. */
#define CFAILS(call, e)	do {						\
	errno = 0;							\
	if ((call) != -1 || errno != (e))				\
		cfail("%s:%d: %s did not fail with %s", __FILE__,	\
		    __LINE__, #call, #e);				\
} while (0)

static void
say(const char *s)
{
	(void)write(STDERR_FILENO, s, strlen(s));
}

/* Child side: the case cannot run here. */
static void __attribute__((noreturn))
cskip(const char *why)
{
	say(why);
	_exit(CHILD_SKIP);
}

/* Run fn(arg) in a child with stderr on a pipe; collect both. */
static void
run(void (*fn)(int), int arg, struct result *res)
{
	ssize_t	 n;
	size_t	 off = 0;
	pid_t	 pid;
	int	 p[2];

	ATF_REQUIRE(pipe(p) == 0);
	ATF_REQUIRE((pid = fork()) != -1);
	if (pid == 0) {
		close(p[0]);
		if (dup2(p[1], STDERR_FILENO) == -1)
			_exit(CHILD_FAILED);
		close(p[1]);
		/* A hung child fails the case instead of stalling it. */
		alarm(30);
		fn(arg);
		_exit(0);
	}
	close(p[1]);
	while (off < sizeof(res->err) - 1 &&
	    (n = read(p[0], res->err + off, sizeof(res->err) - 1 - off)) > 0)
		off += n;
	res->err[off] = '\0';
	close(p[0]);
	ATF_REQUIRE(waitpid(pid, &res->status, 0) == pid);
}

static void
skip_if_asked(const struct result *res)
{
	if (WIFEXITED(res->status) && WEXITSTATUS(res->status) == CHILD_SKIP)
		atf_tc_skip("%s", res->err);
}

static void
expect_ok(void (*fn)(int), int arg)
{
	struct result	 res;

	run(fn, arg, &res);
	skip_if_asked(&res);
	ATF_REQUIRE_MSG(WIFEXITED(res.status) && WEXITSTATUS(res.status) == 0,
	    "child status %#x, stderr: %s", res.status, res.err);
}

/*
 * The child must die by pledge in the named call, with exit status 1
 * and the handler's message; extra, if set, must have come out first.
 */
static void
expect_trap(void (*fn)(int), int arg, const char *call, const char *extra)
{
	struct result	 res;
	char		 want[256];
	int		 nr;

	nr = seccomp_syscall_resolve_name(call);
	ATF_REQUIRE_MSG(nr >= 0, "%s unknown on this architecture", call);
	snprintf(want, sizeof(want),
	    "pledge: %s: syscall %s (%d) not permitted\n",
	    program_invocation_short_name, call, nr);

	run(fn, arg, &res);
	skip_if_asked(&res);
	ATF_REQUIRE_MSG(WIFEXITED(res.status), "child status %#x, stderr: %s",
	    res.status, res.err);
	ATF_REQUIRE_MSG(WEXITSTATUS(res.status) == CHILD_TRAPPED,
	    "child exit %d, stderr: %s", WEXITSTATUS(res.status), res.err);
	ATF_REQUIRE_MSG(strstr(res.err, want) != NULL,
	    "expected \"%.*s\", stderr: %s", (int)strlen(want) - 1, want,
	    res.err);
	if (extra != NULL)
		ATF_REQUIRE_MSG(strstr(res.err, extra) != NULL &&
		    strstr(res.err, extra) < strstr(res.err, want),
		    "expected \"%s\" before the trap, stderr: %s", extra,
		    res.err);
}

static void
do_pledge(const char *promises)
{
	if (pledge(promises, NULL) == -1)
		cfail("pledge(\"%s\")", promises);
}

static void
write_file(const char *path, const char *text)
{
	int	 fd;

	ATF_REQUIRE((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644))
	    != -1);
	ATF_REQUIRE(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	ATF_REQUIRE(close(fd) == 0);
}

/* Child side: read path and compare with text. */
static void
read_expect(const char *path, const char *text)
{
	char	 buf[128];
	ssize_t	 n;
	int	 fd;

	if ((fd = open(path, O_RDONLY)) == -1)
		cfail("open %s", path);
	CREQUIRE((n = read(fd, buf, sizeof(buf) - 1)) >= 0);
	buf[n] = '\0';
	CREQUIRE(strcmp(buf, text) == 0);
	close(fd);
}

/* Child side: the number on a "Name:\t" line of /proc/self/status. */
static long
status_field(const char *name)
{
	char	 buf[8192], *p;
	ssize_t	 n;
	int	 fd;

	if ((fd = open("/proc/self/status", O_RDONLY)) == -1)
		cfail("open /proc/self/status");
	CREQUIRE((n = read(fd, buf, sizeof(buf) - 1)) > 0);
	buf[n] = '\0';
	close(fd);
	for (p = buf; p != NULL && *p != '\0'; p = strchr(p, '\n')) {
		if (*p == '\n')
			p++;
		if (strncmp(p, name, strlen(name)) == 0 &&
		    p[strlen(name)] == ':')
			return strtol(p + strlen(name) + 1, NULL, 10);
	}
	cfail("no %s in /proc/self/status", name);
}

/*
 * pledge
 */

static void
c_stdio_open(int arg)
{
	do_pledge("stdio");
	say("alive after pledge\n");
	open("/etc/passwd", O_RDONLY);
	cfail("open(2) survived pledge(\"stdio\")");
}

ATF_TC_WITHOUT_HEAD(pledge_stdio_open);
ATF_TC_BODY(pledge_stdio_open, tc)
{
	/* write(2) works, open(2) ends the process with a message. */
	expect_trap(c_stdio_open, 0, "openat", "alive after pledge\n");
}

static void
c_stdio_socket(int arg)
{
	do_pledge("stdio");
	socket(AF_INET, SOCK_DGRAM, 0);
	cfail("socket(2) survived pledge(\"stdio\")");
}

ATF_TC_WITHOUT_HEAD(pledge_stdio_socket);
ATF_TC_BODY(pledge_stdio_socket, tc)
{
	expect_trap(c_stdio_socket, 0, "socket", NULL);
}

static void
c_inet_ok(int arg)
{
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	int			 fd, on = 1;

	do_pledge("stdio inet");
	CREQUIRE((fd = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	CREQUIRE(setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on,
	    sizeof(on)) == 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CREQUIRE(bind(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CREQUIRE(getsockname(fd, (struct sockaddr *)&sin, &len) == 0);
	/* To ourselves: sendto with an address is inet's. */
	CREQUIRE(sendto(fd, "x", 1, 0, (struct sockaddr *)&sin,
	    sizeof(sin)) == 1);
	CREQUIRE(close(fd) == 0);
	CREQUIRE((fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK |
	    SOCK_CLOEXEC, 0)) != -1);
	CREQUIRE(close(fd) == 0);
	/* A kernel without IPv6 says so; it must not trap. */
	fd = socket(AF_INET6, SOCK_STREAM, 0);
	CREQUIRE(fd != -1 || errno == EAFNOSUPPORT);
}

static void
c_inet_denied(int arg)
{
	do_pledge("stdio inet");
	switch (arg) {
	case 0:
		socket(AF_PACKET, SOCK_RAW, htons(0x0003));
		break;
	case 1:
		socket(AF_UNIX, SOCK_STREAM, 0);
		break;
	case 2:
		socket(AF_INET, SOCK_RAW, IPPROTO_TCP);
		break;
	case 3:
		socket(AF_NETLINK, SOCK_RAW, 0);
		break;
	}
	cfail("socket(2) variant %d survived pledge(\"stdio inet\")", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_inet);
ATF_TC_BODY(pledge_inet, tc)
{
	int	 i;

	expect_ok(c_inet_ok, 0);
	for (i = 0; i < 4; i++)
		expect_trap(c_inet_denied, i, "socket", NULL);
}

static void
c_unix(int arg)
{
	int	 fd, sv[2];

	do_pledge(arg ? "stdio" : "stdio unix");
	/* socketpair(AF_UNIX) is stdio's, socket(AF_UNIX) unix's. */
	CREQUIRE(socketpair(AF_UNIX, SOCK_STREAM, 0, sv) == 0);
	CREQUIRE(write(sv[0], "x", 1) == 1);
	CREQUIRE((fd = socket(AF_UNIX, SOCK_DGRAM, 0)) != -1);
}

ATF_TC_WITHOUT_HEAD(pledge_unix);
ATF_TC_BODY(pledge_unix, tc)
{
	expect_ok(c_unix, 0);
	expect_trap(c_unix, 1, "socket", NULL);
}

static void
c_rpath(int arg)
{
	char	 buf[16];
	int	 fd;

	do_pledge("stdio rpath");
	switch (arg) {
	case 0:
		CREQUIRE((fd = open("/etc/passwd", O_RDONLY | O_CLOEXEC))
		    != -1);
		CREQUIRE(read(fd, buf, sizeof(buf)) > 0);
		CREQUIRE(close(fd) == 0);
		read_expect("existing", "data");
		return;
	case 1:
		open("created", O_WRONLY | O_CREAT, 0644);
		break;
	case 2:
		/* Read-only in name, but truncating. */
		open("existing", O_RDONLY | O_TRUNC);
		break;
	case 3:
		open("existing", O_RDWR);
		break;
	case 4:
		unlink("existing");
		break;
	}
	cfail("variant %d survived pledge(\"stdio rpath\")", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_rpath);
ATF_TC_BODY(pledge_rpath, tc)
{
	struct stat	 st;
	int		 i;

	write_file("existing", "data");
	expect_ok(c_rpath, 0);
	for (i = 1; i < 4; i++)
		expect_trap(c_rpath, i, "openat", NULL);
	expect_trap(c_rpath, 4, "unlink", NULL);
	ATF_CHECK(stat("created", &st) == -1 && errno == ENOENT);
	ATF_CHECK(stat("existing", &st) == 0 && st.st_size == 4);
}

static void
c_wpath_cpath(int arg)
{
	int	 fd;

	switch (arg) {
	case 0:
		do_pledge("stdio wpath cpath");
		CREQUIRE((fd = open("new", O_WRONLY | O_CREAT | O_TRUNC,
		    0644)) != -1);
		CREQUIRE(write(fd, "abc", 3) == 3);
		CREQUIRE(close(fd) == 0);
		CREQUIRE(mkdir("newdir", 0755) == 0);
		CREQUIRE(rmdir("newdir") == 0);
		return;
	case 1:
		/* Writing an existing file is not creating one. */
		do_pledge("stdio wpath");
		CREQUIRE((fd = open("new", O_WRONLY | O_TRUNC)) != -1);
		CREQUIRE(close(fd) == 0);
		open("other", O_WRONLY | O_CREAT, 0644);
		break;
	case 2:
		/* O_RDWR needs rpath as well. */
		do_pledge("stdio wpath cpath");
		open("new", O_RDWR);
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_wpath_cpath);
ATF_TC_BODY(pledge_wpath_cpath, tc)
{
	expect_ok(c_wpath_cpath, 0);
	expect_trap(c_wpath_cpath, 1, "openat", NULL);
	expect_trap(c_wpath_cpath, 2, "openat", NULL);
}

static void
c_unknown(int arg)
{
	long	 filters;
	int	 fd;

	filters = status_field("Seccomp_filters");
	CFAILS(pledge("stdio bogus", NULL), EINVAL);
	CFAILS(pledge("stdiox", NULL), EINVAL);
	CFAILS(pledge("stdio", "stdio"), EINVAL);
	CFAILS(pledge("exec stdio", NULL), EINVAL);
	/* OpenBSD: NULL promises leave things as they are. */
	CREQUIRE(pledge(NULL, NULL) == 0);
	/* Nothing was installed. */
	CREQUIRE(status_field("Seccomp_filters") == filters);
	CREQUIRE((fd = open("/etc/passwd", O_RDONLY)) != -1);
	CREQUIRE((fd = socket(AF_UNIX, SOCK_STREAM, 0)) != -1);
}

ATF_TC_WITHOUT_HEAD(pledge_unknown);
ATF_TC_BODY(pledge_unknown, tc)
{
	expect_ok(c_unknown, 0);
}

static void
c_narrow(int arg)
{
	int	 fd;

	do_pledge("stdio inet");
	CREQUIRE((fd = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	CREQUIRE(close(fd) == 0);
	do_pledge("stdio");
	say("narrowed\n");
	socket(AF_INET, SOCK_DGRAM, 0);
	cfail("socket(2) survived narrowing");
}

ATF_TC_WITHOUT_HEAD(pledge_narrow);
ATF_TC_BODY(pledge_narrow, tc)
{
	expect_trap(c_narrow, 0, "socket", "narrowed\n");
}

static void
c_widen(int arg)
{
	do_pledge("stdio");
	CFAILS(pledge("stdio inet", NULL), EPERM);
	/* Asking for less still works. */
	do_pledge("stdio");
	say("refused\n");
	socket(AF_INET, SOCK_DGRAM, 0);
	cfail("socket(2) survived after widening was refused");
}

ATF_TC_WITHOUT_HEAD(pledge_widen);
ATF_TC_BODY(pledge_widen, tc)
{
	expect_trap(c_widen, 0, "socket", "refused\n");
}

static void
c_status(int arg)
{
	long	 filters;

	/* Whoever runs us may have filters of its own: count ours. */
	filters = status_field("Seccomp_filters");
	do_pledge("stdio rpath");
	CREQUIRE(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1);
	CREQUIRE(prctl(PR_GET_SECCOMP, 0, 0, 0, 0) == 2);
	CREQUIRE(status_field("NoNewPrivs") == 1);
	CREQUIRE(status_field("Seccomp") == 2);
	CREQUIRE(status_field("Seccomp_filters") == filters + 1);
	do_pledge("stdio rpath");
	CREQUIRE(status_field("Seccomp_filters") == filters + 2);
}

ATF_TC_WITHOUT_HEAD(pledge_status);
ATF_TC_BODY(pledge_status, tc)
{
	expect_ok(c_status, 0);
}

static volatile sig_atomic_t	 got_usr1;

static void
on_usr1(int sig)
{
	got_usr1 = 1;
}

static void
c_signals(int arg)
{
	struct sigaction	 sa;

	do_pledge("stdio");
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	CREQUIRE(sigaction(SIGUSR1, &sa, NULL) == 0);
	CREQUIRE(raise(SIGUSR1) == 0);
	CREQUIRE(got_usr1);
	CREQUIRE(kill(getpid(), SIGUSR1) == 0);
	/* Looking at SIGSYS is fine, changing it is not. */
	CREQUIRE(sigaction(SIGSYS, NULL, &sa) == 0);
	switch (arg) {
	case 0:
		return;
	case 1:
		signal(SIGSYS, SIG_DFL);
		break;
	case 2:
		/* Our parent, the test program: not ours to signal. */
		kill(getppid(), 0);
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_signals);
ATF_TC_BODY(pledge_signals, tc)
{
	expect_ok(c_signals, 0);
	expect_trap(c_signals, 1, "rt_sigaction", NULL);
	expect_trap(c_signals, 2, "kill", NULL);
}

static void
c_memory(int arg)
{
	void	*p, *q;
	size_t	 len = 4096;

	do_pledge("stdio");
	CREQUIRE((p = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)) != MAP_FAILED);
	CREQUIRE(mprotect(p, len, PROT_READ) == 0);
	/* Large enough for malloc(3) to mmap it. */
	CREQUIRE((q = malloc(1 << 20)) != NULL);
	free(q);
	switch (arg) {
	case 0:
		return;
	case 1:
		mmap(NULL, len, PROT_READ | PROT_EXEC,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		break;
	case 2:
		mprotect(p, len, PROT_READ | PROT_EXEC);
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_memory);
ATF_TC_BODY(pledge_memory, tc)
{
	expect_ok(c_memory, 0);
	expect_trap(c_memory, 1, "mmap", NULL);
	expect_trap(c_memory, 2, "mprotect", NULL);
}

static void
c_fd_control(int arg)
{
	struct stat	 st;
	int		 p[2], n, on = 1;

	do_pledge("stdio");
	CREQUIRE(pipe2(p, O_CLOEXEC) == 0);
	CREQUIRE(fstat(p[0], &st) == 0 && S_ISFIFO(st.st_mode));
	CREQUIRE(fcntl(p[0], F_SETFL, fcntl(p[0], F_GETFL) | O_NONBLOCK)
	    == 0);
	CREQUIRE(fcntl(p[0], F_DUPFD_CLOEXEC, 10) >= 10);
	CREQUIRE(ioctl(p[0], FIONBIO, &on) == 0);
	CREQUIRE(write(p[1], "ab", 2) == 2);
	CREQUIRE(ioctl(p[0], FIONREAD, &n) == 0 && n == 2);
	CREQUIRE(lseek(p[0], 0, SEEK_CUR) == -1 && errno == ESPIPE);
	switch (arg) {
	case 0:
		return;
	case 1:
		fcntl(p[0], F_SETOWN, getpid());
		break;
	case 2:
		ioctl(p[0], FIOASYNC, &on);
		break;
	case 3:
		/* stdio's fstat is for descriptors, not paths. */
		stat("/etc/passwd", &st);
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_fd_control);
ATF_TC_BODY(pledge_fd_control, tc)
{
	expect_ok(c_fd_control, 0);
	expect_trap(c_fd_control, 1, "fcntl", NULL);
	expect_trap(c_fd_control, 2, "ioctl", NULL);
	expect_trap(c_fd_control, 3, "newfstatat", NULL);
}

static void
c_proc(int arg)
{
	pid_t	 pid;
	int	 status;

	do_pledge(arg ? "stdio" : "stdio proc");
	CREQUIRE((pid = fork()) != -1);
	if (pid == 0)
		_exit(7);
	CREQUIRE(waitpid(pid, &status, 0) == pid);
	CREQUIRE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
}

ATF_TC_WITHOUT_HEAD(pledge_proc);
ATF_TC_BODY(pledge_proc, tc)
{
	expect_ok(c_proc, 0);
	/* glibc's fork(3) is clone(2). */
	expect_trap(c_proc, 1, "clone", NULL);
}

static void *
thread_main(void *arg)
{
	return arg;
}

static void
c_thread(int arg)
{
	static int	 token;
	pthread_t	 t;
	void		*ret;

	do_pledge("stdio");
	CREQUIRE(pthread_create(&t, NULL, thread_main, &token) == 0);
	CREQUIRE(pthread_join(t, &ret) == 0 && ret == &token);
}

ATF_TC_WITHOUT_HEAD(pledge_thread);
ATF_TC_BODY(pledge_thread, tc)
{
	expect_ok(c_thread, 0);
}

static void
c_bpf_raw(int arg)
{
	struct sockaddr_in	 sin;
	int			 fd, ttl = 7;

	/* Opened while privileged, used after pledge. */
	CREQUIRE((fd = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	do_pledge(arg == 2 ? "stdio" : "stdio bpf raw");
	CREQUIRE(setsockopt(fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl))
	    == 0 || arg == 2);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons(9);
	switch (arg) {
	case 0:
		CREQUIRE(sendto(fd, "x", 1, 0, (struct sockaddr *)&sin,
		    sizeof(sin)) == 1);
		return;
	case 1:
		/* raw gives IP-level options, not socket-level ones. */
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &ttl, sizeof(ttl));
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(pledge_bpf_raw);
ATF_TC_BODY(pledge_bpf_raw, tc)
{
	expect_ok(c_bpf_raw, 0);
	expect_trap(c_bpf_raw, 1, "setsockopt", NULL);
	expect_trap(c_bpf_raw, 2, "setsockopt", NULL);
}

/*
 * libevent under pledge
 */

static void
on_timer(evutil_socket_t fd, short what, void *arg)
{
	int	*count = arg;

	(*count)++;
}

static void
c_libevent_timer(int arg)
{
	struct event_base	*base;
	struct event		*ev[3];
	struct timeval		 tv;
	int			 count = 0, i;

	do_pledge("stdio");
	CREQUIRE((base = event_base_new()) != NULL);
	CREQUIRE(strcmp(event_base_get_method(base), "epoll") == 0);
	for (i = 0; i < 3; i++) {
		CREQUIRE((ev[i] = evtimer_new(base, on_timer, &count))
		    != NULL);
		tv.tv_sec = 0;
		tv.tv_usec = 5000 * (i + 1);
		CREQUIRE(evtimer_add(ev[i], &tv) == 0);
	}
	CREQUIRE(event_base_dispatch(base) == 1);
	CREQUIRE(count == 3);
	for (i = 0; i < 3; i++)
		event_free(ev[i]);
	event_base_free(base);
}

ATF_TC_WITHOUT_HEAD(pledge_libevent_timer);
ATF_TC_BODY(pledge_libevent_timer, tc)
{
	expect_ok(c_libevent_timer, 0);
}

struct dnstest {
	struct event_base	*base;
	int			 server;	/* our fake name server */
	int			 queries;
	int			 result;
};

/* Answer every query with NXDOMAIN. */
static void
on_query(evutil_socket_t fd, short what, void *arg)
{
	struct dnstest		*t = arg;
	struct sockaddr_storage	 from;
	socklen_t		 len = sizeof(from);
	unsigned char		 buf[512];
	ssize_t			 n;

	if ((n = recvfrom(fd, buf, sizeof(buf), 0, (struct sockaddr *)&from,
	    &len)) < 12)
		return;
	t->queries++;
	buf[2] |= 0x80;				/* QR */
	buf[3] = (buf[3] & 0x70) | 0x80 | 3;	/* RA, NXDOMAIN */
	(void)sendto(fd, buf, n, 0, (struct sockaddr *)&from, len);
}

static void
on_answer(int result, char type, int count, int ttl, void *addrs, void *arg)
{
	struct dnstest	*t = arg;

	t->result = result;
	event_base_loopexit(t->base, NULL);
}

static void
c_libevent_dns(int arg)
{
	struct dnstest		 t;
	struct evdns_base	*dns;
	struct event		*ev;
	struct sockaddr_in	 sin;
	struct in_addr		 ina;
	socklen_t		 len = sizeof(sin);
	char			 ns[64];

	memset(&t, 0, sizeof(t));
	t.result = -1;
	/* The name server side is set up before the sandbox. */
	CREQUIRE((t.server = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CREQUIRE(bind(t.server, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CREQUIRE(getsockname(t.server, (struct sockaddr *)&sin, &len) == 0);
	snprintf(ns, sizeof(ns), "127.0.0.1:%u", ntohs(sin.sin_port));

	do_pledge(arg == 0 ? "stdio inet dns" : "stdio dns");
	CREQUIRE((t.base = event_base_new()) != NULL);
	/* No resolv.conf: the name server is given by hand. */
	CREQUIRE((dns = evdns_base_new(t.base, 0)) != NULL);
	CREQUIRE(evdns_base_set_option(dns, "timeout:", "2") == 0);
	CREQUIRE(evdns_base_set_option(dns, "attempts:", "1") == 0);
	CREQUIRE(evdns_base_nameserver_ip_add(dns, ns) == 0);
	CREQUIRE((ev = event_new(t.base, t.server, EV_READ | EV_PERSIST,
	    on_query, &t)) != NULL);
	CREQUIRE(event_add(ev, NULL) == 0);
	CREQUIRE(inet_pton(AF_INET, "192.0.2.1", &ina) == 1);
	CREQUIRE(evdns_base_resolve_reverse(dns, &ina, DNS_QUERY_NO_SEARCH,
	    on_answer, &t) != NULL);
	CREQUIRE(event_base_dispatch(t.base) != -1);
	CREQUIRE(t.queries == 1);
	CREQUIRE(t.result == DNS_ERR_NOTEXIST);
	event_free(ev);
	evdns_base_free(dns, 0);
	event_base_free(t.base);
}

ATF_TC_WITHOUT_HEAD(pledge_libevent_dns);
ATF_TC_BODY(pledge_libevent_dns, tc)
{
	expect_ok(c_libevent_dns, 0);
	expect_ok(c_libevent_dns, 1);
}

/*
 * libpcap on a capture handle opened before the sandbox, the way the
 * privileged process reads ICMP and TCP replies.
 */
static void
c_pcap(int arg)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program	 prog;
	struct pcap_pkthdr	*hdr;
	struct pcap_stat	 ps;
	struct pollfd		 pfd;
	struct sockaddr_in	 sin;
	socklen_t		 len = sizeof(sin);
	const u_char		*pkt;
	pcap_t			*p;
	int			 rx, tx, i, rc, seen = 0;
	char			 filter[64];

	if ((p = pcap_create("lo", errbuf)) == NULL)
		cskip(errbuf);
	CREQUIRE(pcap_set_snaplen(p, 256) == 0);
	CREQUIRE(pcap_set_immediate_mode(p, 1) == 0);
	CREQUIRE(pcap_set_timeout(p, 100) == 0);
	if (pcap_activate(p) < 0)
		cskip(pcap_geterr(p));

	CREQUIRE((rx = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	CREQUIRE(bind(rx, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	CREQUIRE(getsockname(rx, (struct sockaddr *)&sin, &len) == 0);
	CREQUIRE((tx = socket(AF_INET, SOCK_DGRAM, 0)) != -1);
	CREQUIRE(connect(tx, (struct sockaddr *)&sin, sizeof(sin)) == 0);
	snprintf(filter, sizeof(filter), "udp dst port %u",
	    ntohs(sin.sin_port));
	CREQUIRE(pcap_compile(p, &prog, filter, 1,
	    PCAP_NETMASK_UNKNOWN) == 0);

	do_pledge("stdio bpf");
	/* A filter swap goes through setsockopt(SOL_SOCKET). */
	if (pcap_setfilter(p, &prog) != 0)
		cfail("pcap_setfilter: %s", pcap_geterr(p));
	/*
	 * Non-blocking, as under an event loop: in blocking mode a
	 * TPACKET_V3 handle waits for a packet however long it takes.
	 */
	CREQUIRE(pcap_setnonblock(p, 1, errbuf) == 0);
	pfd.fd = pcap_get_selectable_fd(p);
	pfd.events = POLLIN;
	/* Connected: send(2) is sendto(2) without an address. */
	for (i = 0; i < 20 && !seen; i++) {
		CREQUIRE(send(tx, "probe", 5, 0) == 5);
		CREQUIRE(poll(&pfd, 1, 100) != -1);
		while ((rc = pcap_next_ex(p, &hdr, &pkt)) == 1)
			if (hdr->caplen >= 5 &&
			    memcmp(pkt + hdr->caplen - 5, "probe", 5) == 0)
				seen = 1;
		CREQUIRE(rc == 0);
	}
	CREQUIRE(seen);
	CREQUIRE(pcap_stats(p, &ps) == 0);
	if (arg == 1) {
		/* bpf does not make new sockets. */
		socket(AF_PACKET, SOCK_RAW, htons(0x0003));
		cfail("socket(AF_PACKET) survived pledge(\"stdio bpf\")");
	}
	pcap_close(p);
}

static void
c_pcap_nobpf(int arg)
{
	char			 errbuf[PCAP_ERRBUF_SIZE];
	struct bpf_program	 prog;
	pcap_t			*p;

	if ((p = pcap_create("lo", errbuf)) == NULL)
		cskip(errbuf);
	if (pcap_activate(p) < 0)
		cskip(pcap_geterr(p));
	CREQUIRE(pcap_compile(p, &prog, "udp", 1, PCAP_NETMASK_UNKNOWN)
	    == 0);
	do_pledge("stdio");
	pcap_setfilter(p, &prog);
	cfail("pcap_setfilter survived pledge(\"stdio\")");
}

ATF_TC_WITHOUT_HEAD(pledge_bpf_pcap);
ATF_TC_BODY(pledge_bpf_pcap, tc)
{
	expect_ok(c_pcap, 0);
	expect_trap(c_pcap, 1, "socket", NULL);
	expect_trap(c_pcap_nobpf, 0, "setsockopt", NULL);
}

/*
 * landlock
 */

static void
ll_deny_all(void)
{
	if (landlock_deny_all() == -1) {
		if (errno == ENOSYS)
			cskip("landlock unavailable");
		cfail("landlock_deny_all");
	}
}

static void
c_deny_all(int arg)
{
	char	 buf[16];
	int	 fd;

	CREQUIRE((fd = open("/etc/passwd", O_RDONLY)) != -1);
	ll_deny_all();
	CFAILS(open("/etc/passwd", O_RDONLY), EACCES);
	CFAILS(open("file", O_RDONLY), EACCES);
	CFAILS(open("new", O_WRONLY | O_CREAT, 0644), EACCES);
	CFAILS(mkdir("newdir", 0755), EACCES);
	/* What was open stays usable. */
	CREQUIRE(read(fd, buf, sizeof(buf)) > 0);
	/* Narrowing again is allowed and harmless. */
	CREQUIRE(landlock_deny_all() == 0);
}

ATF_TC_WITHOUT_HEAD(landlock_deny_all);
ATF_TC_BODY(landlock_deny_all, tc)
{
	struct stat	 st;

	write_file("file", "data");
	expect_ok(c_deny_all, 0);
	ATF_CHECK(stat("new", &st) == -1 && errno == ENOENT);
}

/*
 * Both, the way the unprivileged process uses them.
 */

static void
c_combined(int arg)
{
	switch (arg) {
	case 0:
		ll_deny_all();
		do_pledge("stdio");
		say("sandboxed\n");
		open("/etc/passwd", O_RDONLY);
		break;
	case 1:
		/* landlock after pledge needs the unveil promise... */
		do_pledge("stdio rpath unveil");
		ll_deny_all();
		CFAILS(open("/etc/passwd", O_RDONLY), EACCES);
		return;
	case 2:
		/* ...without it, landlock is out of reach. */
		do_pledge("stdio rpath");
		landlock_deny_all();
		break;
	}
	cfail("variant %d survived", arg);
}

ATF_TC_WITHOUT_HEAD(sandbox_combined);
ATF_TC_BODY(sandbox_combined, tc)
{
	expect_trap(c_combined, 0, "openat", "sandboxed\n");
	expect_ok(c_combined, 1);
	expect_trap(c_combined, 2, "landlock_create_ruleset", NULL);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, pledge_stdio_open);
	ATF_TP_ADD_TC(tp, pledge_stdio_socket);
	ATF_TP_ADD_TC(tp, pledge_inet);
	ATF_TP_ADD_TC(tp, pledge_unix);
	ATF_TP_ADD_TC(tp, pledge_rpath);
	ATF_TP_ADD_TC(tp, pledge_wpath_cpath);
	ATF_TP_ADD_TC(tp, pledge_unknown);
	ATF_TP_ADD_TC(tp, pledge_narrow);
	ATF_TP_ADD_TC(tp, pledge_widen);
	ATF_TP_ADD_TC(tp, pledge_status);
	ATF_TP_ADD_TC(tp, pledge_signals);
	ATF_TP_ADD_TC(tp, pledge_memory);
	ATF_TP_ADD_TC(tp, pledge_fd_control);
	ATF_TP_ADD_TC(tp, pledge_proc);
	ATF_TP_ADD_TC(tp, pledge_thread);
	ATF_TP_ADD_TC(tp, pledge_bpf_raw);
	ATF_TP_ADD_TC(tp, pledge_bpf_pcap);
	ATF_TP_ADD_TC(tp, pledge_libevent_timer);
	ATF_TP_ADD_TC(tp, pledge_libevent_dns);
	ATF_TP_ADD_TC(tp, landlock_deny_all);
	ATF_TP_ADD_TC(tp, sandbox_combined);

	return atf_no_error();
}
