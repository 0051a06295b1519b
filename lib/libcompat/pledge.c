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
 * pledge(2) for Linux, as a seccomp-BPF allow-list built with libseccomp.
 *
 * Every promise word maps to a set of system calls, some of them with
 * argument checks (socket domains and types, open(2) flags, fcntl(2)
 * commands, ioctl(2) requests, PROT_EXEC).  Anything else traps: the
 * kernel raises SIGSYS and our handler names the call on stderr and
 * ends the process with _exit(1).  Exiting, rather than dying of the
 * signal, matters to us: the other process of the pair sees an orderly
 * EOF on its imsg socket and the exit status says what happened.
 *
 * Differences from OpenBSD worth knowing:
 *
 *  - seccomp filters stack and every filter must allow a call, so a
 *    later pledge() can only narrow.  A promise dropped once is gone
 *    for good; asking for it again fails with EPERM (as on OpenBSD)
 *    and, should that bookkeeping ever be wrong, the older filter
 *    still traps the call.
 *  - execpromises must be NULL: filters survive execve(2), so there is
 *    no way to hand a fresh set to the new image.  "exec" is unknown,
 *    as are tmppath, tty, getpw and the other words we have no use
 *    for: they fail with EINVAL rather than quietly allow too much.
 *  - Without "proc", kill(2) and tgkill(2) may only name our own pid
 *    (raise(3), abort(3)); the pid is fixed when the filter is built,
 *    which is sound because without "proc" we cannot fork.
 *  - seccomp sees registers, not memory.  Paths are not checked (that
 *    is unveil's job) and neither is the address inside a sendmsg(2)
 *    msghdr nor the cmsg of SCM_RIGHTS, so "sendfd" and "recvfd" are
 *    accepted but add nothing: descriptor passing rides on sendmsg(2)
 *    and recvmsg(2), which "stdio" allows.  stdio's fstat allows
 *    newfstatat(2) and statx(2) with AT_EMPTY_PATH, which a caller
 *    could pair with a non-empty path to stat (never open) a file.
 *  - clone3(2) passes its flags in memory, so it fails with ENOSYS and
 *    glibc falls back to clone(2), whose flags we can inspect.
 *  - The filter covers every thread (SECCOMP_FILTER_FLAG_TSYNC).
 *  - Without "stdio" the handler cannot write(2) its message; the
 *    nested trap then kills the process with SIGSYS instead.  pledge()
 *    itself needs memory, so without "stdio" it cannot be called again.
 *  - The SIGSYS handler is ours for good: once pledged, rt_sigaction(2)
 *    may no longer change SIGSYS.
 *  - Narrower than OpenBSD where registers allow: inet and dns make
 *    TCP and UDP sockets only (protocol 0 or named, never MPTCP or
 *    SCTP), and setsockopt(2) takes only the few options listed in
 *    net_sockopts and raw_sockopts.  wait4(2) is stdio's, as on
 *    OpenBSD: a process that may not fork may still reap.
 *
 * Project-specific words "bpf" and "raw" are described in pledge.h.
 */

#ifndef __OpenBSD__

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include <netinet/in.h>
#include <netinet/tcp.h>

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "pledge.h"

#ifndef SYS_SECCOMP
#define SYS_SECCOMP	1	/* si_code of a seccomp trap */
#endif
#ifndef SOL_PACKET
#define SOL_PACKET	263
#endif

#define PLEDGE_STDIO	0x00000001U
#define PLEDGE_RPATH	0x00000002U
#define PLEDGE_WPATH	0x00000004U
#define PLEDGE_CPATH	0x00000008U
#define PLEDGE_FATTR	0x00000010U
#define PLEDGE_FLOCK	0x00000020U
#define PLEDGE_INET	0x00000040U
#define PLEDGE_DNS	0x00000080U
#define PLEDGE_UNIX	0x00000100U
#define PLEDGE_PROC	0x00000200U
#define PLEDGE_ID	0x00000400U
#define PLEDGE_SENDFD	0x00000800U
#define PLEDGE_RECVFD	0x00001000U
#define PLEDGE_UNVEIL	0x00002000U
#define PLEDGE_BPF	0x00004000U
#define PLEDGE_RAW	0x00008000U

static const struct {
	const char	*word;
	uint32_t	 bit;
} promise_words[] = {
	{ "stdio",	PLEDGE_STDIO },
	{ "rpath",	PLEDGE_RPATH },
	{ "wpath",	PLEDGE_WPATH },
	{ "cpath",	PLEDGE_CPATH },
	{ "fattr",	PLEDGE_FATTR },
	{ "flock",	PLEDGE_FLOCK },
	{ "inet",	PLEDGE_INET },
	{ "dns",	PLEDGE_DNS },
	{ "unix",	PLEDGE_UNIX },
	{ "proc",	PLEDGE_PROC },
	{ "id",		PLEDGE_ID },
	{ "sendfd",	PLEDGE_SENDFD },
	{ "recvfd",	PLEDGE_RECVFD },
	{ "unveil",	PLEDGE_UNVEIL },
	{ "bpf",	PLEDGE_BPF },
	{ "raw",	PLEDGE_RAW },
};

/*
 * Namespace flags clone(2) must not carry.  CLONE_NEWTIME is left out:
 * for clone(2) its bit is part of the exit signal (CSIGNAL).
 */
#define CLONE_NS_FLAGS	(CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | \
			CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | \
			CLONE_NEWNET)

/* s390 swaps the first two arguments of clone(2). */
#if defined(__s390__) || defined(__s390x__)
#define SCMP_CLONE_FLAGS(op, ...)	SCMP_A1(op, __VA_ARGS__)
#else
#define SCMP_CLONE_FLAGS(op, ...)	SCMP_A0(op, __VA_ARGS__)
#endif

/*
 * Names for the SIGSYS message.  The handler may not call into
 * libseccomp (it allocates), so names are looked up once, at the first
 * pledge(), for the native numbers base .. base + SYSNAME_MAX - 1.
 */
#define SYSNAME_MAX	1024
static const char	*sysname[SYSNAME_MAX];
static long		 sysname_base;
static uint32_t		 sysname_arch;

static char		 progname[64];
static uint32_t		 held = ~0U;	/* promises still allowed */
static int		 pledged;

struct filter {
	scmp_filter_ctx	 ctx;
	int		 error;		/* first failure, positive errno */
};

static size_t
append(char *buf, size_t off, size_t size, const char *s)
{
	while (*s != '\0' && off < size - 1)
		buf[off++] = *s++;
	buf[off] = '\0';
	return off;
}

/*
 * Runs in signal context: no stdio, no malloc, nothing but write(2)
 * and _exit(2), both of which "stdio" keeps allowed.
 */
static void
sigsys_handler(int sig, siginfo_t *si, void *uctx)
{
	char		 buf[256], num[24], *p;
	const char	*name = "?";
	unsigned long	 n;
	long		 nr;
	size_t		 off = 0;

	off = append(buf, off, sizeof(buf), "pledge: ");
	off = append(buf, off, sizeof(buf), progname);
	if (si->si_code != SYS_SECCOMP) {
		off = append(buf, off, sizeof(buf), ": unexpected SIGSYS\n");
		if (write(STDERR_FILENO, buf, off) == -1)
			_exit(1);
		_exit(1);
	}

	nr = si->si_syscall;
	if (si->si_arch == sysname_arch && nr >= sysname_base &&
	    nr - sysname_base < SYSNAME_MAX &&
	    sysname[nr - sysname_base] != NULL)
		name = sysname[nr - sysname_base];

	p = num + sizeof(num);
	*--p = '\0';
	n = nr < 0 ? -(unsigned long)nr : (unsigned long)nr;
	do {
		*--p = '0' + n % 10;
		n /= 10;
	} while (n != 0);
	if (nr < 0)
		*--p = '-';

	off = append(buf, off, sizeof(buf), ": syscall ");
	off = append(buf, off, sizeof(buf), name);
	off = append(buf, off, sizeof(buf), " (");
	off = append(buf, off, sizeof(buf), p);
	off = append(buf, off, sizeof(buf), ") not permitted\n");
	/* Nothing to do if it fails: we are on our way out. */
	if (write(STDERR_FILENO, buf, off) == -1)
		_exit(1);
	_exit(1);
}

static void
sysname_init(void)
{
	long	 nr;
	int	 i;

	sysname_arch = seccomp_arch_native();
	/*
	 * Native numbers start at 0 on most architectures but at 4000,
	 * 5000 or 6000 on the MIPS ABIs; read(2) is among the first
	 * everywhere, so round its number down.
	 */
	nr = seccomp_syscall_resolve_name("read");
	sysname_base = nr >= 0 ? nr - nr % 1000 : 0;
	for (i = 0; i < SYSNAME_MAX; i++)
		sysname[i] = seccomp_syscall_resolve_num_arch(sysname_arch,
		    sysname_base + i);
}

static int
parse_promises(const char *promises, uint32_t *bits)
{
	const char	*p = promises;
	size_t		 len, i;

	*bits = 0;
	for (;;) {
		p += strspn(p, " ");
		if (*p == '\0')
			return 0;
		len = strcspn(p, " ");
		for (i = 0; i < sizeof(promise_words) /
		    sizeof(promise_words[0]); i++) {
			if (strlen(promise_words[i].word) == len &&
			    strncmp(promise_words[i].word, p, len) == 0)
				break;
		}
		if (i == sizeof(promise_words) / sizeof(promise_words[0]))
			return -1;
		*bits |= promise_words[i].bit;
		p += len;
	}
}

/*
 * Add one rule.  Names unknown to libseccomp are skipped, and libseccomp
 * itself drops calls the native architecture lacks (open on arm64, mmap2
 * on x86_64), so one list serves every architecture.
 */
static void
rule(struct filter *f, uint32_t action, const char *name, unsigned int argc,
    const struct scmp_arg_cmp *cmp)
{
	int	 nr, rc;

	if (f->error != 0)
		return;
	if ((nr = seccomp_syscall_resolve_name(name)) == __NR_SCMP_ERROR)
		return;
	if ((rc = seccomp_rule_add_array(f->ctx, action, nr, argc, cmp)) < 0)
		f->error = -rc;
}

static void
allow(struct filter *f, const char *name)
{
	rule(f, SCMP_ACT_ALLOW, name, 0, NULL);
}

static void
allow_list(struct filter *f, const char *const *names)
{
	for (; *names != NULL; names++)
		allow(f, *names);
}

static void
allow1(struct filter *f, const char *name, struct scmp_arg_cmp c0)
{
	rule(f, SCMP_ACT_ALLOW, name, 1, &c0);
}

static void
allow2(struct filter *f, const char *name, struct scmp_arg_cmp c0,
    struct scmp_arg_cmp c1)
{
	struct scmp_arg_cmp	 cmp[2] = { c0, c1 };

	rule(f, SCMP_ACT_ALLOW, name, 2, cmp);
}

/* What every pledge keeps, as OpenBSD keeps _exit and sigreturn. */
static const char *const always_calls[] = {
	"exit", "exit_group", "rt_sigreturn", "sigreturn", "restart_syscall",
	/* Further pledge() calls: each new filter only narrows. */
	"seccomp",
	NULL
};

static const char *const stdio_calls[] = {
	"read", "write", "readv", "writev", "pread64", "pwrite64",
	"preadv", "pwritev", "preadv2", "pwritev2",
	"close", "close_range", "dup", "dup2", "dup3",
	"fstat", "fstat64", "lseek", "_llseek",
	"fsync", "fdatasync", "ftruncate", "ftruncate64",
	"clock_gettime", "clock_gettime64", "clock_getres",
	"clock_getres_time64", "gettimeofday", "time",
	"nanosleep", "clock_nanosleep", "clock_nanosleep_time64",
	"getitimer", "setitimer", "alarm",
	"getpid", "getppid", "gettid", "getpgrp",
	"getuid", "geteuid", "getgid", "getegid", "getresuid", "getresgid",
	"getgroups", "getuid32", "geteuid32", "getgid32", "getegid32",
	"getresuid32", "getresgid32", "getgroups32",
	"getrandom",
	"rt_sigprocmask", "sigaltstack", "rt_sigpending", "rt_sigsuspend",
	"rt_sigtimedwait", "rt_sigtimedwait_time64",
	"epoll_create", "epoll_create1", "epoll_ctl", "epoll_wait",
	"epoll_pwait", "epoll_pwait2",
	"poll", "ppoll", "ppoll_time64", "select", "_newselect", "pselect6",
	"pselect6_time64",
	"pipe", "pipe2",
	/*
	 * On descriptors already open; the address inside a msghdr is out
	 * of reach, sendto(2) with an address is checked below.
	 */
	"sendmsg", "recvmsg", "sendmmsg", "recvmmsg", "recvmmsg_time64",
	"recvfrom", "getsockopt", "getsockname", "getpeername", "shutdown",
	"eventfd", "eventfd2", "timerfd_create", "timerfd_settime",
	"timerfd_gettime", "timerfd_settime64", "timerfd_gettime64",
	"futex", "futex_time64", "futex_waitv", "set_robust_list",
	"get_robust_list", "rseq",
	"brk", "munmap", "mremap", "madvise", "msync",
	"umask", "getrusage", "getrlimit", "ugetrlimit",
	"sched_yield", "sched_getaffinity", "getcpu", "uname", "sysinfo",
	/* Reaping a child, as OpenBSD's stdio: making one is proc's. */
	"wait4", "waitid", "waitpid",
	NULL
};

static const unsigned long stdio_fcntl[] = {
	F_DUPFD, F_DUPFD_CLOEXEC, F_GETFD, F_SETFD, F_GETFL, F_SETFL
};

static const unsigned long flock_fcntl[] = {
	F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW
};

/* What isatty(3), libevent and libpcap ask of a descriptor. */
static const unsigned long stdio_ioctl[] = {
	FIONREAD, FIONBIO, FIOCLEX, FIONCLEX, TIOCGWINSZ, TCGETS
};

static const char *const rpath_calls[] = {
	"stat", "lstat", "stat64", "lstat64", "newfstatat", "fstatat64",
	"statx", "readlink", "readlinkat", "getcwd",
	"access", "faccessat", "faccessat2", "getdents", "getdents64",
	"chdir", "fchdir", "statfs", "fstatfs", "statfs64", "fstatfs64",
	NULL
};

static const char *const wpath_calls[] = {
	"truncate", "truncate64",
	NULL
};

static const char *const cpath_calls[] = {
	"mkdir", "mkdirat", "rmdir", "unlink", "unlinkat",
	"rename", "renameat", "renameat2", "link", "linkat",
	"symlink", "symlinkat",
	NULL
};

static const char *const fattr_calls[] = {
	"chmod", "fchmod", "fchmodat", "fchmodat2",
	"chown", "fchown", "fchownat", "lchown",
	"chown32", "fchown32", "lchown32",
	"utime", "utimes", "futimesat", "utimensat", "utimensat_time64",
	NULL
};

static const char *const net_calls[] = {
	"connect", "bind", "getsockname", "getpeername",
	"sendto", "recvfrom", "sendmsg", "recvmsg", "sendmmsg", "recvmmsg",
	"recvmmsg_time64",
	NULL
};

static const char *const listen_calls[] = {
	"listen", "accept", "accept4",
	NULL
};

static const char *const proc_calls[] = {
	"fork", "vfork", "wait4", "waitid", "waitpid",
	"kill", "tgkill", "tkill",
	"setpgid", "getpgid", "getpgrp", "setsid", "getsid",
	"setpriority", "getpriority",
	NULL
};

static const char *const id_calls[] = {
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setgroups", "setfsuid", "setfsgid",
	"setuid32", "setgid32", "setreuid32", "setregid32", "setresuid32",
	"setresgid32", "setgroups32", "setfsuid32", "setfsgid32",
	"capget", "capset", "chroot",
	NULL
};

static const unsigned long id_prctl[] = {
	PR_CAPBSET_READ, PR_CAPBSET_DROP, PR_CAP_AMBIENT,
	PR_GET_KEEPCAPS, PR_SET_KEEPCAPS, PR_GET_SECUREBITS, PR_SET_SECUREBITS
};

static const char *const unveil_calls[] = {
	"landlock_create_ruleset", "landlock_add_rule",
	"landlock_restrict_self",
	NULL
};

static void
allow_values(struct filter *f, const char *name, unsigned int arg,
    const unsigned long *v, size_t n)
{
	struct scmp_arg_cmp	 c;
	size_t			 i;

	/*
	 * The kernel takes an int or unsigned int here: compare the low
	 * 32 bits only, so that a sign-extended register still matches.
	 */
	c.arg = arg;
	c.op = SCMP_CMP_MASKED_EQ;
	c.datum_a = 0xffffffffUL;
	for (i = 0; i < n; i++) {
		c.datum_b = v[i];
		allow1(f, name, c);
	}
}

static void
allow3(struct filter *f, const char *name, struct scmp_arg_cmp c0,
    struct scmp_arg_cmp c1, struct scmp_arg_cmp c2)
{
	struct scmp_arg_cmp	 cmp[3] = { c0, c1, c2 };

	rule(f, SCMP_ACT_ALLOW, name, 3, cmp);
}

/*
 * socket(2) for AF_INET and AF_INET6: TCP over SOCK_STREAM, UDP over
 * SOCK_DGRAM, by protocol 0 or by name; nothing else (no MPTCP, SCTP,
 * raw or packet sockets).
 */
static void
allow_inet_socket(struct filter *f)
{
	static const int	 af[] = { AF_INET, AF_INET6 };
	static const struct {
		int	 type;
		int	 proto;
	} tp[] = {
		{ SOCK_STREAM, 0 }, { SOCK_STREAM, IPPROTO_TCP },
		{ SOCK_DGRAM, 0 }, { SOCK_DGRAM, IPPROTO_UDP }
	};
	size_t			 i, j;

	for (i = 0; i < 2; i++)
		for (j = 0; j < sizeof(tp) / sizeof(tp[0]); j++)
			/* The type may carry SOCK_NONBLOCK, SOCK_CLOEXEC. */
			allow3(f, "socket", SCMP_A0(SCMP_CMP_EQ, af[i]),
			    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xf, tp[j].type),
			    SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffUL,
			    tp[j].proto));
}

struct sockopt {
	int	 level;
	int	 name;
};

/* Options the sockets of inet, dns and unix may set, and no others. */
static const struct sockopt net_sockopts[] = {
	{ SOL_SOCKET, SO_REUSEADDR }, { SOL_SOCKET, SO_KEEPALIVE },
	{ SOL_SOCKET, SO_RCVBUF }, { SOL_SOCKET, SO_SNDBUF },
	{ IPPROTO_TCP, TCP_NODELAY }, { IPPROTO_IPV6, IPV6_V6ONLY }
};

/* raw's: what a probe's IP header may vary, on a socket opened before. */
static const struct sockopt raw_sockopts[] = {
	{ IPPROTO_IP, IP_TTL }, { IPPROTO_IP, IP_TOS },
	{ IPPROTO_IP, IP_MTU_DISCOVER },
	{ IPPROTO_IPV6, IPV6_UNICAST_HOPS }, { IPPROTO_IPV6, IPV6_TCLASS },
	{ IPPROTO_IPV6, IPV6_MTU_DISCOVER }
};

static void
allow_sockopts(struct filter *f, const struct sockopt *o, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		allow2(f, "setsockopt",
		    SCMP_A1(SCMP_CMP_MASKED_EQ, 0xffffffffUL, o[i].level),
		    SCMP_A2(SCMP_CMP_MASKED_EQ, 0xffffffffUL, o[i].name));
}

/*
 * open(2), openat(2) and creat(2) by flags.  Reading needs rpath,
 * writing or O_TRUNC wpath, O_CREAT or O_TMPFILE cpath; O_RDWR needs
 * both rpath and wpath, as on OpenBSD.  For each access mode that the
 * promises cover, the flags the promises do not cover must be clear.
 */
static void
allow_open(struct filter *f, uint32_t p)
{
	static const unsigned long	 acc[] = { O_RDONLY, O_WRONLY, O_RDWR };
	unsigned long			 mask;
	size_t				 i;
	int				 r, w;

	for (i = 0; i < 3; i++) {
		r = acc[i] != O_WRONLY;
		w = acc[i] != O_RDONLY;
		if ((r && !(p & PLEDGE_RPATH)) || (w && !(p & PLEDGE_WPATH)))
			continue;
		mask = O_ACCMODE;
		if (!(p & PLEDGE_WPATH))
			mask |= O_TRUNC;
		if (!(p & PLEDGE_CPATH))
			mask |= O_CREAT | (O_TMPFILE & ~O_DIRECTORY);
		allow1(f, "open", SCMP_A1(SCMP_CMP_MASKED_EQ, mask, acc[i]));
		allow1(f, "openat", SCMP_A2(SCMP_CMP_MASKED_EQ, mask, acc[i]));
	}
	if ((p & PLEDGE_CPATH) && (p & PLEDGE_WPATH))
		allow(f, "creat");
}

static void
build(struct filter *f, uint32_t p)
{
	allow_list(f, always_calls);
	allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_SET_NO_NEW_PRIVS));
	allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_GET_NO_NEW_PRIVS));
	allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_SET_SECCOMP));
	allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_GET_SECCOMP));

	if (p & PLEDGE_STDIO) {
		allow_list(f, stdio_calls);
		/* Our SIGSYS handler stays; other signals are free. */
		allow1(f, "rt_sigaction", SCMP_A0(SCMP_CMP_NE, SIGSYS));
		allow2(f, "rt_sigaction", SCMP_A0(SCMP_CMP_EQ, SIGSYS),
		    SCMP_A1(SCMP_CMP_EQ, 0));
		/* No new executable memory. */
		allow1(f, "mmap", SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		allow1(f, "mmap2", SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		allow1(f, "mprotect",
		    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		allow1(f, "pkey_mprotect",
		    SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
		/* glibc's fstat(3) is fstatat(fd, "", st, AT_EMPTY_PATH). */
		allow1(f, "newfstatat", SCMP_A3(SCMP_CMP_MASKED_EQ,
		    AT_EMPTY_PATH, AT_EMPTY_PATH));
		allow1(f, "fstatat64", SCMP_A3(SCMP_CMP_MASKED_EQ,
		    AT_EMPTY_PATH, AT_EMPTY_PATH));
		allow1(f, "statx", SCMP_A2(SCMP_CMP_MASKED_EQ,
		    AT_EMPTY_PATH, AT_EMPTY_PATH));
		allow_values(f, "fcntl", 1, stdio_fcntl,
		    sizeof(stdio_fcntl) / sizeof(stdio_fcntl[0]));
		allow_values(f, "fcntl64", 1, stdio_fcntl,
		    sizeof(stdio_fcntl) / sizeof(stdio_fcntl[0]));
		allow_values(f, "ioctl", 1, stdio_ioctl,
		    sizeof(stdio_ioctl) / sizeof(stdio_ioctl[0]));
		allow1(f, "socketpair", SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
		/* Connected sockets only; an address needs inet or dns. */
		allow1(f, "sendto", SCMP_A4(SCMP_CMP_EQ, 0));
		/* Read limits, never raise them. */
		allow1(f, "prlimit64", SCMP_A2(SCMP_CMP_EQ, 0));
		/*
		 * raise(3) and abort(3).  Without "proc" there is no
		 * fork, so our pid stays ours.
		 */
		allow1(f, "kill", SCMP_A0(SCMP_CMP_EQ, getpid()));
		allow1(f, "tgkill", SCMP_A0(SCMP_CMP_EQ, getpid()));
		/* Threads, as OpenBSD's stdio allows __tfork. */
		allow1(f, "clone", SCMP_CLONE_FLAGS(SCMP_CMP_MASKED_EQ,
		    CLONE_THREAD | CLONE_NS_FLAGS, CLONE_THREAD));
	}
	if (p & (PLEDGE_STDIO | PLEDGE_PROC))
		rule(f, SCMP_ACT_ERRNO(ENOSYS), "clone3", 0, NULL);

	if (p & (PLEDGE_RPATH | PLEDGE_WPATH | PLEDGE_CPATH))
		allow_open(f, p);
	if (p & PLEDGE_RPATH)
		allow_list(f, rpath_calls);
	if (p & PLEDGE_WPATH)
		allow_list(f, wpath_calls);
	if (p & PLEDGE_CPATH)
		allow_list(f, cpath_calls);
	if (p & PLEDGE_FATTR)
		allow_list(f, fattr_calls);
	if (p & PLEDGE_FLOCK) {
		allow(f, "flock");
		allow_values(f, "fcntl", 1, flock_fcntl,
		    sizeof(flock_fcntl) / sizeof(flock_fcntl[0]));
		allow_values(f, "fcntl64", 1, flock_fcntl,
		    sizeof(flock_fcntl) / sizeof(flock_fcntl[0]));
	}

	/*
	 * dns is inet without listen(2) and accept(2): what evdns does with
	 * its sockets.  Reading resolv.conf or hosts takes rpath, and
	 * getaddrinfo(3) with AI_ADDRCONFIG would want a netlink socket,
	 * which neither allows.
	 */
	if (p & (PLEDGE_INET | PLEDGE_DNS)) {
		allow_inet_socket(f);
		allow_list(f, net_calls);
	}
	if (p & PLEDGE_UNIX) {
		allow1(f, "socket", SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
		allow(f, "socketpair");
		allow_list(f, net_calls);
	}
	if (p & (PLEDGE_INET | PLEDGE_DNS | PLEDGE_UNIX))
		allow_sockopts(f, net_sockopts,
		    sizeof(net_sockopts) / sizeof(net_sockopts[0]));
	if (p & (PLEDGE_INET | PLEDGE_UNIX))
		allow_list(f, listen_calls);

	if (p & PLEDGE_PROC) {
		allow_list(f, proc_calls);
		allow1(f, "clone", SCMP_CLONE_FLAGS(SCMP_CMP_MASKED_EQ,
		    CLONE_NS_FLAGS, 0));
		allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_SET_NAME));
		allow1(f, "prctl", SCMP_A0(SCMP_CMP_EQ, PR_GET_NAME));
	}
	if (p & PLEDGE_ID) {
		allow_list(f, id_calls);
		allow_values(f, "prctl", 0, id_prctl,
		    sizeof(id_prctl) / sizeof(id_prctl[0]));
	}
	if (p & PLEDGE_UNVEIL) {
		allow_list(f, unveil_calls);
		/* unveil(2) holds what it is given open with O_PATH. */
		allow1(f, "open", SCMP_A1(SCMP_CMP_MASKED_EQ, O_PATH, O_PATH));
		allow1(f, "openat",
		    SCMP_A2(SCMP_CMP_MASKED_EQ, O_PATH, O_PATH));
	}

	/*
	 * libpcap on an AF_PACKET socket opened before: reading is poll(2),
	 * recvfrom(2) and getsockopt(2), all in stdio, and the TPACKET_V3
	 * ring is plain memory.  What is left is the SOL_PACKET options and
	 * pcap_setfilter(3), which swaps the socket filter.
	 */
	if (p & PLEDGE_BPF) {
		allow1(f, "setsockopt", SCMP_A1(SCMP_CMP_EQ, SOL_PACKET));
		allow2(f, "setsockopt", SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
		    SCMP_A2(SCMP_CMP_EQ, SO_ATTACH_FILTER));
		allow2(f, "setsockopt", SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
		    SCMP_A2(SCMP_CMP_EQ, SO_DETACH_FILTER));
		allow2(f, "setsockopt", SCMP_A1(SCMP_CMP_EQ, SOL_SOCKET),
		    SCMP_A2(SCMP_CMP_EQ, SO_LOCK_FILTER));
	}
	/* Probes on a raw socket opened before: TTL, hop limit, and so on. */
	if (p & PLEDGE_RAW) {
		allow(f, "sendto");
		allow(f, "sendmsg");
		allow_sockopts(f, raw_sockopts,
		    sizeof(raw_sockopts) / sizeof(raw_sockopts[0]));
	}
}

static int
first_pledge(void)
{
	struct sigaction	 sa;
	const char		*name = program_invocation_short_name;

	if (name == NULL || *name == '\0')
		name = "?";
	strncpy(progname, name, sizeof(progname) - 1);
	sysname_init();

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = sigsys_handler;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	return sigaction(SIGSYS, &sa, NULL);
}

int
pledge(const char *promises, const char *execpromises)
{
	struct filter	 f;
	uint32_t	 want;
	int		 rc;

	if (execpromises != NULL) {
		errno = EINVAL;
		return -1;
	}
	/* OpenBSD: NULL leaves the promises as they are. */
	if (promises == NULL)
		return 0;
	if (parse_promises(promises, &want) == -1) {
		errno = EINVAL;
		return -1;
	}
	if ((want & ~held) != 0) {
		errno = EPERM;
		return -1;
	}

	/*
	 * The handler must be in place before the first filter: once a
	 * filter is in, rt_sigaction(2) may no longer touch SIGSYS.
	 */
	if (!pledged && first_pledge() == -1)
		return -1;
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == -1)
		return -1;

	if ((f.ctx = seccomp_init(SCMP_ACT_TRAP)) == NULL) {
		errno = ENOMEM;
		return -1;
	}
	f.error = 0;
	/* Calls through another ABI (int 0x80, x32) trap as well. */
	if ((rc = seccomp_attr_set(f.ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_TRAP)) < 0 ||
	    (rc = seccomp_attr_set(f.ctx, SCMP_FLTATR_CTL_TSYNC, 1)) < 0)
		f.error = -rc;
	build(&f, want);
	if (f.error == 0 && (rc = seccomp_load(f.ctx)) < 0)
		f.error = -rc;
	seccomp_release(f.ctx);
	if (f.error != 0) {
		errno = f.error;
		return -1;
	}

	held = want;
	pledged = 1;
	return 0;
}

#endif /* !__OpenBSD__ */
