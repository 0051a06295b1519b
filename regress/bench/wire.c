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
 * wire: cables with a known length.  Joins two TAP devices, each
 * possibly in its own network namespace, and carries every Ethernet
 * frame read from one to the other after a fixed one-way delay, with
 * optional random loss.  The kernel here has no netem, so the
 * benchmark builds its slow links from this.  More pairs of devices
 * make more cables, all served by this one process:
 *
 *	wire [-vW] [-d delay_ms] [-L logfile] [-l loss_pct] [-q frames]
 *	    [-R rtprio] [-S spin_us] [-s seed] [-T seconds]
 *	    ifname[@netns] ifname[@netns] ...
 *
 * One process for a whole path, rather than one per link, is what makes
 * the delay exact: writing a frame into a TAP device runs the receiving
 * namespace's stack (a router forwarding it, or answering with an ICMP
 * error) inside that write(2), so the frame it forwards is already
 * waiting on the next device when the write returns, and is stamped
 * without any wake-up latency (see "Frames made inside a write").
 *
 * netns is a name under /run/netns (as made by "ip netns add") or a
 * path.  A TAP device that exists (ip tuntap add ... mode tap) is
 * attached, so its addresses and routes survive a restart of the wire;
 * one that does not is created, and goes away when the wire exits.
 *
 * The timer queue: one FIFO per direction of each cable.  The delay is
 * the same for every frame, so arrival order is deadline order and the
 * head of each FIFO is its earliest deadline.  ppoll(2) sleeps
 * until spin_us before the earliest head (nanosecond timeout, timer
 * slack cut to 1 ns) or until a frame or a signal arrives, then polls
 * without sleeping until the deadline: on a virtual machine a timed
 * sleep often ends some hundred microseconds late, and that error
 * would add up over the links of a path.  With -R the wire runs at
 * SCHED_FIFO priority rtprio, so that the programs it carries frames
 * for do not delay it either; it spins at most spin_us per deadline,
 * and only while it has used less than 800 ms of CPU time in the last
 * second (then it only sleeps): under the 950 ms a second after which
 * the kernel would stop it for the rest of the second, and the other
 * programs on its CPU still run.
 *
 * Where a virtual CPU that halts when idle is slow to come back (a
 * timed wake-up on the 2-CPU Firecracker guest this was written on
 * often ends 1 to 14 ms late, while a busy CPU sees such gaps only a
 * few times a second), -W keeps the wire's CPU from halting while
 * frames are on their way: the wire stays on one CPU, and a second
 * thread spins there at SCHED_IDLE, so every other program still gets
 * that CPU before it does.  (A spin_us as long as the delay does the
 * same at SCHED_FIFO, but takes the CPU from the programs measured.)
 *
 * Frames made inside a write: after each write the wire reads at once
 * every device of the namespace it wrote into, and a frame that the
 * write made (forwarded, or answered) starts its next cable's delay at
 * the moment the write began, not when the wire next gets round to
 * polling: the routers forward in no time, and a path of k cables is
 * k times the delay long, not that plus k times a write's 20-50 us.
 * Due frames leave in deadline order across all cables.
 *
 * What a frame really got: with -L the wire writes one line per frame
 * it forwards,
 *
 *	cable dir arrived released ttl src dst ipid proto fields...
 *
 * cable counts the pairs from 1, dir is 0 for a frame read from the
 * first device of the pair and 1 for the other, arrived (as above, for
 * a frame a write made) and released are CLOCK_MONOTONIC ns (so
 * released - arrived is the delay the frame actually got: timed sleeps
 * that end late, and a virtual CPU that the host takes away for
 * milliseconds, both show up there), and fields name the frame: for TCP
 * "sport dport seq ack flags", for an ICMP error "type code" and the
 * quoted datagram's "src dst ipid proto sport dport seq", fields it
 * lacks as "-".  Lines are flushed whenever the wire goes to sleep for
 * a millisecond or more, and at least every 10 ms.
 *
 * "ready" is printed on stdout once every device is attached.  SIGTERM,
 * SIGINT or SIGHUP, or the end of the -T run time, ends the wire; it
 * then prints its counters on stderr.
 */

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/types.h>

#include <linux/if.h>
#include <linux/if_tun.h>

#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define FRAME_MAX	65536		/* largest frame a TAP hands us */
#define NSEC		1000000000LL

struct frame {
	int64_t		 arrived;	/* CLOCK_MONOTONIC, ns */
	int64_t		 due;
	size_t		 len;
	unsigned char	*data;
};

/* One end of the wire and the frames read from it, bound for the other. */
struct side {
	const char	*spec;		/* ifname[@netns] as given */
	const char	*ns;		/* netns part of spec, or NULL */
	int		 fd;
	struct frame	*q;		/* ring of qcap frames */
	size_t		 qhead, qlen;
	unsigned long	 nread, nsent, nlost, nfull, nerr;
	int64_t		 late, latemax;	/* ns past due when written */
};

/* The other end of side i's cable. */
#define PEER(i)		((i) ^ 1)

static volatile sig_atomic_t quit;
static atomic_int queued;		/* frames are on their way */
static size_t qcap = 1024;
static uint64_t rng;
static FILE *wlog;
/* Where the time goes: writes, and the wake-ups from timed sleeps. */
static int64_t wrmax, wakemax;
static unsigned long wrslow, wakeslow;

static void __attribute__((noreturn))
usage(void)
{
	fprintf(stderr, "usage: wire [-vW] [-d delay_ms] [-L logfile] "
	    "[-l loss_pct] [-q frames]\n"
	    "\t[-R rtprio] [-S spin_us] [-s seed] [-T seconds]\n"
	    "\tifname[@netns] ifname[@netns] ...\n");
	exit(1);
}

static void
onsignal(int sig)
{
	quit = sig;
}

/* The time on clock id, ns. */
static int64_t
clock_ns(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) == -1)
		err(1, "clock_gettime");
	return ((int64_t)ts.tv_sec * NSEC + ts.tv_nsec);
}

#define now_ns()	clock_ns(CLOCK_MONOTONIC)
#define cpu_ns()	clock_ns(CLOCK_PROCESS_CPUTIME_ID)

/*
 * The CPU time used in the last second, kept in SLOTS slots of 10 ms:
 * add cpu ns used up to now, and return the sum.
 */
#define SLOTS		100
#define SLOT_NS		(NSEC / SLOTS)
#define SPIN_MAX	(NSEC / 10 * 8)
static int64_t
busy(int64_t now, int64_t cpu)
{
	static int64_t slot[SLOTS], sum, cur = -1;
	int64_t idx;

	idx = now / SLOT_NS;
	if (cur == -1 || idx - cur >= SLOTS) {
		memset(slot, 0, sizeof(slot));
		sum = 0;
	} else
		while (cur < idx) {
			cur++;
			sum -= slot[cur % SLOTS];
			slot[cur % SLOTS] = 0;
		}
	cur = idx;
	slot[idx % SLOTS] += cpu;
	sum += cpu;
	return (sum);
}

/* A spinning CPU's hint to the core that it is only waiting. */
static inline void
relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/*
 * -W: spin at SCHED_IDLE on the wire's CPU while frames are queued, so
 * that the CPU never halts then (any other program still runs before
 * this thread does), and look again each millisecond otherwise.
 */
static void *
awake(void *arg)
{
	struct sched_param sp;
	struct timespec ms = { 0, 1000000 };

	memset(&sp, 0, sizeof(sp));
	if (sched_setscheduler(0, SCHED_IDLE, &sp) == -1)
		warn("SCHED_IDLE");
	for (;;) {
		while (atomic_load_explicit(&queued, memory_order_relaxed))
			relax();
		nanosleep(&ms, NULL);
	}
	return (NULL);
}

/* A number in [lo, hi], or exit with a message naming the option. */
static double
number(const char *s, double lo, double hi, const char *what)
{
	char *end;
	double d;

	errno = 0;
	d = strtod(s, &end);
	if (s[0] == '\0' || *end != '\0' || errno != 0 || d != d)
		errx(1, "%s is not a number: %s", what, s);
	if (d < lo || d > hi)
		errx(1, "%s out of range [%g, %g]: %s", what, lo, hi, s);
	return (d);
}

/* xorshift64*: reproducible loss for a given seed. */
static double
uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return ((double)((rng * 2685821657736338717ULL) >> 11) /
	    (double)(1ULL << 53));
}

static void
enter_netns(const char *ns)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(ns, '/') != NULL)
		snprintf(path, sizeof(path), "%s", ns);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", ns);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		err(1, "%s", path);
	if (setns(fd, CLONE_NEWNET) == -1)
		err(1, "setns %s", path);
	close(fd);
}

/*
 * Attach to TAP device "ifname[@netns]".  TUNSETIFF binds the device
 * of that name in the namespace the caller is in at that moment, so
 * step into the device's namespace first and back out after.
 */
static int
open_tap(const char *spec, int homens)
{
	struct ifreq ifr;
	char name[IFNAMSIZ + 1];
	const char *at;
	size_t n;
	int fd;

	at = strchr(spec, '@');
	n = at != NULL ? (size_t)(at - spec) : strlen(spec);
	if (n == 0 || n >= IFNAMSIZ)
		errx(1, "bad interface name: %s", spec);
	memcpy(name, spec, n);
	name[n] = '\0';
	if (at != NULL)
		enter_netns(at + 1);

	if ((fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC)) == -1)
		err(1, "/dev/net/tun");
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
	memcpy(ifr.ifr_name, name, n);
	if (ioctl(fd, TUNSETIFF, &ifr) == -1)
		err(1, "TUNSETIFF %s", spec);

	if (at != NULL && setns(homens, CLONE_NEWNET) == -1)
		err(1, "setns back");
	return (fd);
}

/*
 * Read every frame waiting on s and queue it, due delay ns after it
 * arrived: at since if that is not 0, else now.
 */
static void
take(struct side *s, int64_t delay, double loss, int64_t since)
{
	static unsigned char buf[FRAME_MAX];
	struct frame *f;
	ssize_t r;
	int64_t t;

	for (;;) {
		r = read(s->fd, buf, sizeof(buf));
		if (r == -1) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN)
				s->nerr++;
			return;
		}
		if (r == 0)
			return;
		t = since != 0 ? since : now_ns();
		s->nread++;
		if (loss > 0 && uniform() * 100.0 < loss) {
			s->nlost++;
			continue;
		}
		if (s->qlen == qcap) {
			s->nfull++;
			continue;
		}
		f = &s->q[(s->qhead + s->qlen) % qcap];
		if ((f->data = malloc((size_t)r)) == NULL)
			err(1, "malloc");
		memcpy(f->data, buf, (size_t)r);
		f->len = (size_t)r;
		f->arrived = t;
		f->due = t + delay;
		s->qlen++;
	}
}

static uint32_t
get32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

static unsigned int
get16(const unsigned char *p)
{
	return ((unsigned int)p[0] << 8 | p[1]);
}

static void
addr4(char *buf, size_t sz, const unsigned char *p)
{
	snprintf(buf, sz, "%u.%u.%u.%u", p[0], p[1], p[2], p[3]);
}

/*
 * "src dst ipid proto" of the IPv4 header at p (len bytes, which may
 * be cut short, as in an ICMP quote), then the transport fields that
 * are there: TCP "sport dport seq", with "ack flags" when full is set.
 * Returns the header length, or 0 if p holds no IPv4 header.
 */
static size_t
ip4fields(FILE *fp, const unsigned char *p, size_t len, int full)
{
	char src[16], dst[16];
	const unsigned char *t;
	size_t hl, tl;

	if (len < 20 || p[0] >> 4 != 4)
		return (0);
	hl = (size_t)(p[0] & 0x0f) * 4;
	if (hl < 20 || hl > len)
		return (0);
	addr4(src, sizeof(src), p + 12);
	addr4(dst, sizeof(dst), p + 16);
	fprintf(fp, " %s %s %u %u", src, dst, get16(p + 4), p[9]);
	t = p + hl;
	tl = len - hl;
	if (p[9] == 6 && tl >= 8) {
		fprintf(fp, " %u %u %u", get16(t), get16(t + 2), get32(t + 4));
		if (full && tl >= 14)
			fprintf(fp, " %u %u", get32(t + 8), t[13]);
		else if (full)
			fprintf(fp, " - -");
	} else if (p[9] == 6)
		fprintf(fp, full ? " - - - - -" : " - - -");
	return (hl);
}

/* One line of the -L log for the frame f that left side i. */
static void
logframe(int i, const struct frame *f, int64_t released)
{
	const unsigned char *p, *t;
	size_t hl, len;

	fprintf(wlog, "%d %d %lld %lld", i / 2 + 1, i % 2,
	    (long long)f->arrived, (long long)released);
	if (f->len < 14 + 20 || get16(f->data + 12) != 0x0800) {
		fprintf(wlog, " - -\n");
		return;
	}
	p = f->data + 14;
	len = f->len - 14;
	fprintf(wlog, " %u", p[8]);
	if ((hl = ip4fields(wlog, p, len, 1)) == 0) {
		fprintf(wlog, " -\n");
		return;
	}
	t = p + hl;
	if (p[9] == 1 && len - hl >= 8 && (t[0] == 3 || t[0] == 11)) {
		fprintf(wlog, " %u %u", t[0], t[1]);
		if (ip4fields(wlog, t + 8, len - hl - 8, 0) == 0)
			fprintf(wlog, " -");
	}
	fputc('\n', wlog);
}

/* Are a and b devices of the same namespace? */
static int
samens(const struct side *a, const struct side *b)
{
	if (a->ns == NULL || b->ns == NULL)
		return (a->ns == b->ns);
	return (strcmp(a->ns, b->ns) == 0);
}

/*
 * Write the frames due by now, earliest first across every cable.
 * After each write, read the devices of the namespace written into:
 * whatever the write made there arrived when the write began.
 */
static void
give(struct side *side, int n, int64_t delay, double loss)
{
	struct frame *f;
	struct side *s, *o;
	ssize_t r;
	int64_t now, t;
	int best, i, j;

	for (;;) {
		now = now_ns();
		best = -1;
		for (i = 0; i < n; i++)
			if (side[i].qlen > 0 &&
			    side[i].q[side[i].qhead].due <= now &&
			    (best == -1 || side[i].q[side[i].qhead].due <
			    side[best].q[side[best].qhead].due))
				best = i;
		if (best == -1)
			return;
		s = &side[best];
		o = &side[PEER(best)];
		f = &s->q[s->qhead];
		now = now_ns();
		r = write(o->fd, f->data, f->len);
		t = now_ns() - now;
		if (t > wrmax)
			wrmax = t;
		if (t > 1000000)
			wrslow++;
		if (r == (ssize_t)f->len) {
			s->nsent++;
			s->late += now - f->due;
			if (now - f->due > s->latemax)
				s->latemax = now - f->due;
			if (wlog != NULL)
				logframe(best, f, now);
		} else
			s->nerr++;
		free(f->data);
		s->qhead = (s->qhead + 1) % qcap;
		s->qlen--;
		for (j = 0; j < n; j++)
			if (samens(o, &side[j]))
				take(&side[j], delay, loss, now);
	}
}

int
main(int argc, char *argv[])
{
	struct side *side;
	struct pollfd *pfd;
	struct sigaction sa;
	struct timespec ts;
	sigset_t block, waitmask;
	double delay_ms = 0, loss = 0, runtime = 3600, spin_us = 500;
	int64_t delay, end, flushed, late, next, now, spin, wait;
	int64_t cpu, lastcpu;
	struct sched_param sp;
	ssize_t r;
	const char *logpath = NULL;
	int ch, homens, i, n, rtprio = 0, verbose = 0, wake = 0;
	pthread_t th;
	cpu_set_t cpus;

	rng = 0x9e3779b97f4a7c15ULL;
	while ((ch = getopt(argc, argv, "d:L:l:q:R:S:s:T:vW")) != -1) {
		switch (ch) {
		case 'd':
			delay_ms = number(optarg, 0, 10000, "delay");
			break;
		case 'L':
			logpath = optarg;
			break;
		case 'l':
			loss = number(optarg, 0, 100, "loss");
			break;
		case 'q':
			qcap = (size_t)number(optarg, 1, 1 << 20, "queue");
			break;
		case 'R':
			rtprio = (int)number(optarg, 1, 99, "rtprio");
			break;
		case 'S':
			spin_us = number(optarg, 0, 100000, "spin");
			break;
		case 's':
			rng ^= (uint64_t)number(optarg, 0, 1e15, "seed");
			if (rng == 0)
				rng = 1;
			break;
		case 'T':
			runtime = number(optarg, 0.001, 86400, "run time");
			break;
		case 'v':
			verbose = 1;
			break;
		case 'W':
			wake = 1;
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 2 || argc % 2 != 0 || argc > 256)
		usage();
	n = argc;
	delay = (int64_t)(delay_ms * 1e6 + 0.5);
	spin = (int64_t)(spin_us * 1e3 + 0.5);

	/* Wake-ups on time: the default 50 us slack would add up per hop. */
	if (prctl(PR_SET_TIMERSLACK, 1UL, 0, 0, 0) == -1)
		warn("PR_SET_TIMERSLACK");
	if (rtprio > 0) {
		memset(&sp, 0, sizeof(sp));
		sp.sched_priority = rtprio;
		if (sched_setscheduler(0, SCHED_FIFO, &sp) == -1)
			warn("SCHED_FIFO");
	}

	/* Signals arrive only inside ppoll, so none is lost between checks. */
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGHUP);
	if (sigprocmask(SIG_BLOCK, &block, &waitmask) == -1)
		err(1, "sigprocmask");
	sigdelset(&waitmask, SIGTERM);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGHUP);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = onsignal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);

	if (logpath != NULL) {
		if ((wlog = fopen(logpath, "w")) == NULL)
			err(1, "%s", logpath);
		if (setvbuf(wlog, NULL, _IOFBF, 1 << 20) != 0)
			errx(1, "setvbuf");
	}

	if ((side = calloc(n, sizeof(*side))) == NULL ||
	    (pfd = calloc(n, sizeof(*pfd))) == NULL)
		err(1, "calloc");
	if ((homens = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC)) == -1)
		err(1, "/proc/self/ns/net");
	for (i = 0; i < n; i++) {
		side[i].spec = argv[i];
		if ((side[i].ns = strchr(argv[i], '@')) != NULL)
			side[i].ns++;
		side[i].fd = open_tap(argv[i], homens);
		if ((side[i].q = calloc(qcap, sizeof(struct frame))) == NULL)
			err(1, "calloc");
		pfd[i].fd = side[i].fd;
		pfd[i].events = POLLIN;
	}
	close(homens);
	if (wake) {
		/* Both threads on one CPU: the one that must not halt. */
		CPU_ZERO(&cpus);
		CPU_SET(sched_getcpu(), &cpus);
		if (sched_setaffinity(0, sizeof(cpus), &cpus) == -1)
			err(1, "sched_setaffinity");
		if ((errno = pthread_create(&th, NULL, awake, NULL)) != 0)
			err(1, "pthread_create");
	}
	printf("ready\n");
	fflush(stdout);

	flushed = now_ns();
	lastcpu = cpu_ns();
	end = flushed + (int64_t)(runtime * 1e9);
	while (!quit) {
		give(side, n, delay, loss);
		now = now_ns();
		if (now >= end)
			break;

		next = end;
		for (i = 0; i < n; i++)
			if (side[i].qlen > 0 &&
			    side[i].q[side[i].qhead].due < next)
				next = side[i].q[side[i].qhead].due;
		atomic_store_explicit(&queued, next < end, memory_order_relaxed);
		/* Write the log out when nothing is due soon, or each 10 ms. */
		if (wlog != NULL && (next - now - spin >= 1000000 ||
		    now - flushed >= 10000000)) {
			if (fflush(wlog) == EOF)
				err(1, "%s", logpath);
			flushed = now;
		}
		/*
		 * Sleep until spin before the deadline, then only poll, as
		 * long as the last second's CPU time is under 800 ms.
		 */
		now = now_ns();
		cpu = cpu_ns();
		wait = next - now;
		if (busy(now, cpu - lastcpu) < SPIN_MAX)
			wait -= spin;
		lastcpu = cpu;
		if (wait < 0)
			wait = 0;
		ts.tv_sec = wait / NSEC;
		ts.tv_nsec = wait % NSEC;
		r = ppoll(pfd, n, &ts, &waitmask);
		if (r == 0 && wait > 0) {
			/* Timed out: how late, after the time asked for? */
			late = now_ns() - (now + wait);
			if (late > wakemax)
				wakemax = late;
			if (late > 1000000)
				wakeslow++;
		}
		if (r == -1) {
			if (errno == EINTR)
				continue;
			err(1, "ppoll");
		}
		for (i = 0; i < n; i++) {
			if (pfd[i].revents & (POLLERR | POLLNVAL))
				errx(1, "%s: device error", side[i].spec);
			if (pfd[i].revents & POLLIN)
				take(&side[i], delay, loss, 0);
		}
	}

	if (verbose || quit == 0)
		fprintf(stderr, "wire: %lu writes over 1 ms, the longest %.1f us; "
		    "%lu timed wake-ups over 1 ms late, the latest %.1f us\n",
		    wrslow, (double)wrmax / 1e3, wakeslow,
		    (double)wakemax / 1e3);
	if (verbose || quit == 0)
		for (i = 0; i < n; i++)
			fprintf(stderr, "wire: %s -> %s: %lu read, %lu sent, "
			    "%lu lost, %lu queue full, %lu errors; late by "
			    "%.1f us on average, %.1f us at most\n",
			    side[i].spec, side[PEER(i)].spec, side[i].nread,
			    side[i].nsent, side[i].nlost, side[i].nfull,
			    side[i].nerr, side[i].nsent ? (double)side[i].late /
			    side[i].nsent / 1e3 : 0.0,
			    (double)side[i].latemax / 1e3);
	if (wlog != NULL && fclose(wlog) == EOF)
		err(1, "%s", logpath);
	return (0);
}
