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
 * libFuzzer harness for the child's view of a captured packet: what
 * handle_capture() in trace.c does with the bytes of an IMSG_CAPTURE.
 *
 * Input:
 *	byte 0		bits 0-2: link type (see dlts[] below)
 *			bit 3: no maximum wait (m->maxwaitms 0)
 *			bit 4: the reply comes LATE_MS after RECV_SEC
 *	byte 1		match context (see ctx_setup())
 *	byte 2		the probes' TCP flags (-O flags=NUM: any)
 *	bytes 3..	the captured packet
 *
 * The packet is copied into a buffer of exactly its length, so that
 * AddressSanitizer reports a read one byte past the capture.  A packet
 * that parses goes on to match_outgoing() and match_reply() against a
 * planned probe table, and a reply that matches is turned into a hop
 * line as trace.c would print it; the result of each step is checked
 * against what it promises.
 *
 * The addresses and numbers below are the ones gen_corpus.py builds its
 * replies for; change both together.
 */

#include <sys/types.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcptraceroute.h"
#include "packet.h"

#define SRC4		"192.0.2.1"
#define DST4		"198.51.100.7"
#define SRC6		"2001:db8::1"
#define DST6		"2001:db8:ffff::7"
#define DPORT		80
#define NTTL		5
#define NQ		3
#define NPROBES		(NTTL * NQ)
#define FIRST_TTL	1
/* Near the top of their ranges, so that the sums wrap. */
#define ISN		0xffffc000U	/* probe 4's seq is 0 */
#define ACKBASE		0xffffe001U
#define IDBASE		65530		/* probe 5's IP ID wraps to 1 */
#define SPORT		65530		/* --track-port ports wrap to 1024 */
#define HDRLEN		3		/* input bytes before the packet */
#define PAYLOAD		12		/* with -l: 52 (IPv4) or 72 (IPv6) */
#define SENT_SEC	1000		/* probe i left at SENT_SEC + i ms */
#define RECV_SEC	1001		/* when the reply was captured */
#define LATE_MS		5000		/* or this much later */
#define MAXWAITMS	3000		/* -w: later replies are late */
/* Probes 0 .. P_LEFTLATE - 1 are in flight, the rest as named. */
#define P_LEFTLATE	8		/* sent after the reply came */
#define P_ANSWERED	9
#define P_EXPIRED	10		/* given up early, still in time */
#define P_PRINTED	11		/* given up, its line printed */
#define P_UNSTAMPED	12		/* given up, no send time known */
#define P_OLD		13		/* given up, sent 10 s ago */
#define P_UNSENT	14

/* Build with -DFUZZ_DEBUG to see what each input came to. */
#ifdef FUZZ_DEBUG
#define DEBUG(...)	fprintf(stderr, "fuzz_reply: " __VA_ARGS__)
#else
#define DEBUG(...)	do { } while (0)
#endif

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz_reply: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

int	LLVMFuzzerInitialize(int *, char ***);
int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const int dlts[] = {
	DLT_EN10MB, DLT_LINUX_SLL, DLT_LINUX_SLL2, DLT_RAW,
	DLT_NULL, DLT_LOOP, DLT_IPV4, DLT_IPV6
};
#define NDLTS	(sizeof(dlts) / sizeof(dlts[0]))

static union ttr_addr	 src4, dst4, src6, dst6;
static struct probe	 probes[NPROBES];
static FILE		*devnull;

static int
all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i] != 0)
			return (0);
	return (1);
}

/* Is ts no more than ms after from (or before it)?  As match.c means. */
static int
in_time(const struct timeval *ts, const struct timeval *from, int ms)
{
	int64_t d;

	d = ((int64_t)ts->tv_sec - from->tv_sec) * 1000000 +
	    ((int64_t)ts->tv_usec - from->tv_usec);
	return (d <= (int64_t)ms * 1000);
}

/*
 * The context byte:
 *	bit 0		family: 0 IPv4, 1 IPv6
 *	bits 1-2	track: ID, PORT, SEQ (3 reads as ID)
 *	bits 3-4	dnat: SILENT, REPORT, STRICT (3 reads as SILENT)
 *	bits 5-6	TCP payload bytes per probe: 0, PAYLOAD, 1, 1460
 *	bit 7		-O info: the hop line shows the reply's flags
 * The table is planned as trace_run() plans it, with probes in every
 * state (see P_* above).
 */
static void
ctx_setup(struct match_ctx *m, uint8_t sel, uint8_t tcpflags, int maxwaitms,
    int method)
{
	static const uint16_t payloads[] = { 0, PAYLOAD, 1, 1460 };
	int i, nsport;

	memset(m, 0, sizeof(*m));
	m->family = (sel & 0x01) ? AF_INET6 : AF_INET;
	m->src = m->family == AF_INET ? src4 : src6;
	m->dst = m->family == AF_INET ? dst4 : dst6;
	m->dport = DPORT;
	m->method = method;
	m->track = (enum track)(((sel >> 1) & 0x03) % 3);
	m->dnat = (enum dnat_mode)(((sel >> 3) & 0x03) % 3);
	m->tcpflags = tcpflags;
	m->payload = payloads[(sel >> 5) & 0x03];
	m->length = (uint16_t)(40 + m->payload);
	m->isn = ISN;
	m->ackbase = ACKBASE;
	m->probes = probes;
	m->nprobes = NPROBES;
	m->maxwaitms = maxwaitms;
	/* As child.c: only --track-port gives every probe its own port. */
	nsport = m->track == TRACK_PORT ? NPROBES : 1;
	for (i = 0; i < NPROBES; i++) {
		match_plan(m, i, IDBASE, SPORT, nsport, FIRST_TTL, NQ);
		probes[i].state = PROBE_SENT;
		probes[i].sent.tv_sec = SENT_SEC;
		probes[i].sent.tv_usec = i * 1000;
		/* --mtu: every third probe shorter, by 1 to all its data. */
		if (m->payload != 0 && i % 3 == 1)
			probes[i].length = (uint16_t)(m->length - 1 -
			    i % m->payload);
	}
	probes[P_LEFTLATE].sent.tv_sec = RECV_SEC + 1;
	probes[P_ANSWERED].state = PROBE_ANSWERED;
	probes[P_EXPIRED].state = PROBE_EXPIRED;
	probes[P_PRINTED].state = PROBE_EXPIRED;
	probes[P_PRINTED].printed = 1;
	probes[P_UNSTAMPED].state = PROBE_EXPIRED;
	probes[P_UNSTAMPED].sent.tv_sec = 0;
	probes[P_UNSTAMPED].sent.tv_usec = 0;
	probes[P_OLD].state = PROBE_EXPIRED;
	probes[P_OLD].sent.tv_sec = RECV_SEC - 10;
	probes[P_UNSENT].state = PROBE_UNSENT;
	memset(&probes[P_UNSENT].sent, 0, sizeof(probes[P_UNSENT].sent));
}

/* What match_plan() promises, checked once for every context. */
static void
check_plan(void)
{
	struct match_ctx m;
	int sel, i, j;

	for (sel = 0; sel < 256 * 3; sel++) {
		ctx_setup(&m, (uint8_t)sel, TTR_SYN, MAXWAITMS, sel / 256);
		for (i = 0; i < NPROBES; i++) {
			if (m.method != METHOD_TCP && (probes[i].seq == 0 ||
			    probes[i].seq > METHOD_MAXSEQ))
				FAIL("plan: probe %d seq %u", i,
				    probes[i].seq);
			if (probes[i].ipid == 0)
				FAIL("plan: probe %d has IP ID 0", i);
			if (probes[i].ttl != FIRST_TTL + i / NQ ||
			    probes[i].q != i % NQ + 1)
				FAIL("plan: probe %d ttl %u q %u", i,
				    probes[i].ttl, probes[i].q);
			if (m.track == TRACK_PORT && probes[i].sport < 1024)
				FAIL("plan: probe %d port %u", i,
				    probes[i].sport);
			for (j = 0; j < i; j++) {
				if (probes[i].seq == probes[j].seq)
					FAIL("plan: probes %d, %d same seq",
					    j, i);
				if (m.track == TRACK_PORT &&
				    probes[i].sport == probes[j].sport)
					FAIL("plan: probes %d, %d same port",
					    j, i);
			}
		}
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	if (inet_pton(AF_INET, SRC4, &src4) != 1 ||
	    inet_pton(AF_INET, DST4, &dst4) != 1 ||
	    inet_pton(AF_INET6, SRC6, &src6) != 1 ||
	    inet_pton(AF_INET6, DST6, &dst6) != 1)
		FAIL("inet_pton");
	if ((devnull = fopen("/dev/null", "w")) == NULL)
		FAIL("/dev/null");
	check_plan();
	return (0);
}

/* RFC 4884 objects: within their bounds, the MPLS stack from its object. */
static void
check_ext(const struct reply *r)
{
	const struct icmp_ext *e = &r->ext;
	const struct ext_obj *o;
	size_t n, i;

	if (e->nobj == 0) {
		if (!all_zero(e, sizeof(*e)))
			FAIL("ext: no objects, but not all zero");
		return;
	}
	if (!(r->kind == REPLY_TIMXCEED || r->kind == REPLY_UNREACH ||
	    (r->family == AF_INET && r->kind == REPLY_TOOBIG) ||
	    (r->family == AF_INET && r->icmp_type == ICMP_PARAMPROB)))
		FAIL("ext: objects in kind %d type %u", r->kind, r->icmp_type);
	if (e->nobj > EXT_MAXOBJ || e->mplsobj > e->nobj ||
	    (e->moreobj && e->nobj != EXT_MAXOBJ))
		FAIL("ext: %u objects, MPLS in %u", e->nobj, e->mplsobj);
	for (i = 0; i < e->nobj; i++)
		if (e->obj[i].len % 4 != 0)
			FAIL("ext: object %zu of %u bytes", i, e->obj[i].len);
	if (e->mplsobj == 0) {
		if (e->nmpls != 0 || e->moremls != 0)
			FAIL("ext: MPLS entries without their object");
		return;
	}
	o = &e->obj[e->mplsobj - 1];
	n = o->len / 4;
	if (o->class != EXT_MPLS_CLASS || o->ctype != EXT_MPLS_CTYPE ||
	    n == 0 || e->nmpls != (n < EXT_MAXLABELS ? n : EXT_MAXLABELS) ||
	    e->moremls != (n > EXT_MAXLABELS))
		FAIL("ext: %u entries from a %u/%u object of %u bytes",
		    e->nmpls, o->class, o->ctype, o->len);
	for (i = 0; i < e->nmpls; i++)
		if (e->mpls[i].label > 0xfffff || e->mpls[i].exp > 7 ||
		    e->mpls[i].s > 1)
			FAIL("ext: MPLS entry %zu out of range", i);
}

/* What reply_parse() promises about a packet it took. */
static void
check_reply(int dlt, const struct reply *r)
{
	if (r->family != AF_INET && r->family != AF_INET6)
		FAIL("parsed: family %d", r->family);
	if (dlt == DLT_IPV4 && r->family != AF_INET)
		FAIL("parsed: DLT_IPV4 gave family %d", r->family);
	if (dlt == DLT_IPV6 && r->family != AF_INET6)
		FAIL("parsed: DLT_IPV6 gave family %d", r->family);
	switch (r->kind) {
	case REPLY_TCP:
		if (r->icmp_type != 0 || r->icmp_code != 0 || r->mtu != 0 ||
		    !all_zero(&r->qsrc, sizeof(r->qsrc)) ||
		    !all_zero(&r->qdst, sizeof(r->qdst)) || r->qipid != 0 ||
		    r->qttl != 0 || r->qflowlabel != 0)
			FAIL("parsed: TCP with ICMP fields");
		break;
	case REPLY_TIMXCEED:
		if (r->icmp_type != (r->family == AF_INET ? ICMP_TIMXCEED :
		    ICMP6_TIME_EXCEEDED))
			FAIL("parsed: time exceeded of type %u",
			    r->icmp_type);
		break;
	case REPLY_UNREACH:
		if (r->icmp_type != (r->family == AF_INET ? ICMP_UNREACH :
		    ICMP6_DST_UNREACH) || (r->family == AF_INET &&
		    r->icmp_code == ICMP_UNREACH_NEEDFRAG))
			FAIL("parsed: unreachable of type %u code %u",
			    r->icmp_type, r->icmp_code);
		break;
	case REPLY_TOOBIG:
		if (r->family == AF_INET ? (r->icmp_type != ICMP_UNREACH ||
		    r->icmp_code != ICMP_UNREACH_NEEDFRAG) :
		    r->icmp_type != ICMP6_PACKET_TOO_BIG)
			FAIL("parsed: too big of type %u code %u",
			    r->icmp_type, r->icmp_code);
		break;
	case REPLY_ECHO:
		if (r->icmp_type != (r->family == AF_INET ? ICMP_ECHOREPLY :
		    ICMP6_ECHO_REPLY) &&
		    r->icmp_type != (r->family == AF_INET ? ICMP_ECHO :
		    ICMP6_ECHO_REQUEST))
			FAIL("parsed: echo of type %u", r->icmp_type);
		FALLTHROUGH;
	case REPLY_UDP:
		if (r->qproto != 0 || r->mtu != 0 || r->qipid != 0 ||
		    !all_zero(&r->qsrc, sizeof(r->qsrc)) ||
		    r->ext.nobj != 0)
			FAIL("parsed: echo or UDP with a quote");
		break;
	case REPLY_ICMP:
		if (r->family == AF_INET &&
		    r->icmp_type != ICMP_SOURCEQUENCH &&
		    r->icmp_type != ICMP_REDIRECT &&
		    r->icmp_type != ICMP_PARAMPROB)
			FAIL("parsed: other ICMP of type %u", r->icmp_type);
		if (r->family == AF_INET6 && r->icmp_type != ICMP6_PARAM_PROB)
			FAIL("parsed: other ICMPv6 of type %u", r->icmp_type);
		break;
	default:
		FAIL("parsed: kind %d", r->kind);
	}
	if (r->kind == REPLY_TIMXCEED || r->kind == REPLY_UNREACH ||
	    r->kind == REPLY_TOOBIG || r->kind == REPLY_ICMP) {
		if (r->qproto != 6 && r->qproto != 17 &&
		    r->qproto != (r->family == AF_INET ? 1 : 58))
			FAIL("parsed: quote of protocol %u", r->qproto);
	}
	if (r->kind != REPLY_TCP) {
		if (r->ack != 0 || r->flags != 0)
			FAIL("parsed: ICMP with TCP-only fields");
		if (r->family == AF_INET6 && r->qipid != 0)
			FAIL("parsed: IPv6 quote with an IP ID");
		if (r->family == AF_INET && r->qflowlabel != 0)
			FAIL("parsed: IPv4 quote with a flow label");
		if (r->qflowlabel > 0xfffff)
			FAIL("parsed: flow label %#x", r->qflowlabel);
	}
	check_ext(r);
	if (r->mtu != 0 && r->kind != REPLY_TOOBIG)
		FAIL("parsed: mtu %u from type %u code %u", r->mtu,
		    r->icmp_type, r->icmp_code);
}

/* Our own probe: the one whose seq and port the segment carries. */
static void
check_outgoing(const struct match_ctx *m, const struct reply *r, int i)
{
	if (i < 0 || i >= m->nprobes)
		FAIL("outgoing: index %d", i);
	if (!(m->method == METHOD_TCP && r->kind == REPLY_TCP &&
	    r->seq == probes[i].seq && r->sport == probes[i].sport &&
	    r->dport == m->dport) &&
	    !(m->method == METHOD_ICMP && r->kind == REPLY_ECHO &&
	    r->echo_seq == probes[i].seq && r->echo_id == probes[i].sport) &&
	    !(m->method == METHOD_UDP && r->kind == REPLY_UDP &&
	    r->udp_sum == probes[i].seq && r->sport == probes[i].sport &&
	    r->dport == m->dport))
		FAIL("outgoing: probe %d does not fit the packet", i);
	if (!addr_eq(m->family, &r->src, &m->src) ||
	    !addr_eq(m->family, &r->dst, &m->dst))
		FAIL("outgoing: probe %d does not fit the segment", i);
}

/*
 * Is the quoted UDP checksum probe p's (its sequence number), after the
 * rewrite of destination and port the quote shows?  Worked out forward,
 * byte by byte: the checksum goes down by what the rest goes up.
 */
static int
natted(const struct match_ctx *m, const struct reply *r,
    const struct probe *p)
{
	const uint8_t *a = m->family == AF_INET ?
	    (const uint8_t *)&m->dst.v4 : m->dst.v6.s6_addr;
	const uint8_t *b = m->family == AF_INET ?
	    (const uint8_t *)&r->qdst.v4 : r->qdst.v6.s6_addr;
	size_t i, n = m->family == AF_INET ? 4 : 16;
	int64_t d = (int64_t)r->dport - m->dport;

	for (i = 0; i < n; i++)
		d += (int64_t)(b[i] - a[i]) * (i % 2 == 0 ? 256 : 1);
	d = ((int64_t)p->seq - d) % 0xffff;
	if (d <= 0)
		d += 0xffff;
	return (r->udp_sum == d || (d == 0xffff && r->udp_sum == 0));
}

/* Does the ICMP error's quote name probe p, in the method's terms? */
static int
quotes(const struct match_ctx *m, const struct reply *r,
    const struct probe *p)
{
	switch (m->method) {
	case METHOD_ICMP:
		return (r->qproto == (m->family == AF_INET ? 1 : 58) &&
		    r->echo_seq == p->seq && r->echo_id == p->sport);
	case METHOD_UDP:
		return (r->qproto == 17 && r->sport == p->sport &&
		    natted(m, r, p));
	}
	return (r->qproto == 6 && r->seq == p->seq && r->sport == p->sport);
}

/*
 * The matcher's claim, checked the long way round: the reply carries
 * the identity of probe i, as the rules in match.c state them.
 */
static void
check_match(const struct match_ctx *m, const struct reply *r, int i,
    uint8_t oldstate, const struct timeval *ts)
{
	const struct probe *p;
	uint32_t want;

	if (i < 0 || i >= m->nprobes)
		FAIL("match: index %d", i);
	p = &probes[i];
	/*
	 * In flight; or given up early by the adaptive wait, but in time
	 * for -w max and for its line, when it is marked late.
	 */
	if (oldstate == PROBE_EXPIRED) {
		if (p->printed || m->maxwaitms == 0 || p->sent.tv_sec == 0 ||
		    !in_time(ts, &p->sent, m->maxwaitms))
			FAIL("match: probe %d was given up for good", i);
		if (!p->late)
			FAIL("match: expired probe %d not marked late", i);
	} else if (oldstate != PROBE_SENT)
		FAIL("match: probe %d was in state %u", i, oldstate);
	else if (p->late)
		FAIL("match: probe %d in flight marked late", i);
	if (timercmp(ts, &p->sent, <))
		FAIL("match: probe %d answered before it left", i);
	if (p->state != PROBE_ANSWERED || p->kind != r->kind ||
	    timercmp(&p->recv, ts, !=) ||
	    !addr_eq(m->family, &p->from, &r->src) ||
	    memcmp(&p->ext, &r->ext, sizeof(p->ext)) != 0)
		FAIL("match: probe %d not recorded", i);
	if (r->family != m->family || !addr_eq(m->family, &r->dst, &m->src))
		FAIL("match: reply not to us");
	if (r->kind == REPLY_ECHO) {
		if (m->method != METHOD_ICMP ||
		    !addr_eq(m->family, &r->src, &m->dst) ||
		    r->icmp_type != (m->family == AF_INET ? 0 : 129) ||
		    r->echo_seq != p->seq || r->echo_id != p->sport)
			FAIL("match: echo reply for another probe than %d", i);
	} else if (r->kind == REPLY_TCP) {
		if (m->method != METHOD_TCP ||
		    !addr_eq(m->family, &r->src, &m->dst) ||
		    r->sport != m->dport || r->dport != p->sport)
			FAIL("match: TCP from elsewhere for probe %d", i);
		if (r->flags & TTR_ACK) {
			/*
			 * Past the data, the SYN and the FIN; or past the
			 * SYN only, its data left unacknowledged.
			 */
			want = p->seq + (p->length != 0 ? p->length -
			    (m->length - m->payload) : m->payload) +
			    ((m->tcpflags & TTR_SYN) ? 1 : 0) +
			    ((m->tcpflags & TTR_FIN) ? 1 : 0);
			if (r->ack != want && !((m->tcpflags & TTR_SYN) &&
			    m->payload != 0 && r->ack == p->seq + 1))
				FAIL("match: ack %#x for seq %#x", r->ack,
				    p->seq);
		} else if (!(r->flags & TTR_RST) ||
		    !(m->tcpflags & TTR_ACK) || r->seq != p->ack)
			FAIL("match: RST seq %#x for ack %#x", r->seq, p->ack);
		if (p->tcpflags != r->flags || p->dnat)
			FAIL("match: TCP recorded wrong");
	} else {
		if (!addr_eq(m->family, &r->qsrc, &m->src) ||
		    !quotes(m, r, p))
			FAIL("match: quote of another probe than %d", i);
		if (m->family == AF_INET && m->track == TRACK_ID &&
		    r->qipid != p->ipid)
			FAIL("match: IP ID %u for probe %d", r->qipid, i);
		if (m->dnat == DNAT_STRICT && ((m->method != METHOD_ICMP &&
		    r->dport != m->dport) ||
		    !addr_eq(m->family, &r->qdst, &m->dst)))
			FAIL("match: strict took a translated quote");
		if (p->icmp_type != r->icmp_type ||
		    p->icmp_code != r->icmp_code || p->tcpflags != 0)
			FAIL("match: ICMP recorded wrong");
		if (p->dnat != (m->dnat == DNAT_REPORT &&
		    ((m->method != METHOD_ICMP && r->dport != m->dport) ||
		    !addr_eq(m->family, &r->qdst, &m->dst))))
			FAIL("match: DNAT %u recorded wrong", p->dnat);
		if (p->dnat && p->dnat_port != (m->method != METHOD_ICMP &&
		    r->dport != m->dport ? r->dport : 0))
			FAIL("match: DNAT port %u", p->dnat_port);
	}
}

/* The hop line for a matched probe, built as print_ready() does. */
static void
print_hop(const struct match_ctx *m, const struct probe *p, int info)
{
	struct output out;
	struct hop_result hr;
	char buf[sizeof(hr.annot)], ext[EXT_STRLEN];

	output_init(&out, m->family, NQ);
	memset(&hr, 0, sizeof(hr));
	hr.ttl = p->ttl;
	hr.q = p->q;
	hr.family = m->family;
	hr.answered = 1;
	hr.addr = p->from;
	hr.rtt = (double)(p->recv.tv_sec - p->sent.tv_sec) * 1000.0 +
	    (double)(p->recv.tv_usec - p->sent.tv_usec) / 1000.0;
	if (p->kind == REPLY_ECHO)
		;	/* a plain hop */
	else if (p->kind == REPLY_TCP) {
		output_tcpstate(p->tcpflags, hr.state, sizeof(hr.state));
		if (info)
			output_tcpflags(p->tcpflags, hr.annot,
			    sizeof(hr.annot));
	} else if (p->kind == REPLY_UNREACH || p->kind == REPLY_TOOBIG)
		output_unreach(m->family, p->icmp_type, p->icmp_code,
		    hr.annot, sizeof(hr.annot));
	else
		strlcpy(hr.annot, "-- Unexpected ICMP", sizeof(hr.annot));
	if (p->dnat) {
		hr.dnat = 1;
		hr.dnat_addr = p->dnat_addr;
		hr.dnat_port = p->dnat_port;
	}
	/* -e: the longest there can be fits EXT_STRLEN, with room. */
	if (p->ext.nobj > 0) {
		hr.ext = &p->ext;
		output_ext(&p->ext, ext, sizeof(ext));
		if (strlen(ext) >= sizeof(ext) - 1)
			FAIL("print: extensions cut: %s", ext);
		output_ext(&p->ext, buf, 9);
	}
	if (strnlen(hr.state, sizeof(hr.state)) == sizeof(hr.state) ||
	    strnlen(hr.annot, sizeof(hr.annot)) == sizeof(hr.annot))
		FAIL("print: unterminated state or annotation");
	output_probe(&out, &hr, devnull);
	/* A short buffer must be cut, not overrun. */
	output_unreach(m->family, p->icmp_type, p->icmp_code, buf, 3);
	output_tcpstate(p->tcpflags, buf, 5);
	output_tcpflags(p->tcpflags, buf, 7);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct match_ctx m;
	struct reply r, again;
	struct timeval ts;
	uint8_t *pkt, oldstate[NPROBES];
	size_t len;
	int dlt, rv, i, j;

	if (size < HDRLEN)
		return (0);
	dlt = dlts[data[0] & (NDLTS - 1)];
	len = size - HDRLEN;
	/* Exactly the capture: one byte more is an overread. */
	if ((pkt = malloc(len)) == NULL && len != 0)
		return (0);
	if (len != 0)
		memcpy(pkt, data + HDRLEN, len);

	rv = reply_parse(dlt, pkt, len, &r);
	DEBUG("dlt %d ctx %#x: parse %d kind %d type %u code %u\n", dlt,
	    data[1], rv, r.kind, r.icmp_type, r.icmp_code);
	if (rv != 0) {
		if (rv != -1)
			FAIL("reply_parse returned %d", rv);
		if (!all_zero(&r, sizeof(r)))
			FAIL("reply_parse failed but left a partial reply");
		free(pkt);
		return (0);
	}
	check_reply(dlt, &r);

	/* The same bytes again give the same reply. */
	if (reply_parse(dlt, pkt, len, &again) != 0 ||
	    memcmp(&r, &again, sizeof(r)) != 0)
		FAIL("reply_parse is not repeatable");

	ctx_setup(&m, data[1], data[2], (data[0] & 0x08) ? 0 : MAXWAITMS,
	    ((data[0] >> 5) & 0x03) % 3);
	ts.tv_sec = RECV_SEC + ((data[0] & 0x10) ? LATE_MS / 1000 : 0);
	ts.tv_usec = 0;

	if ((i = match_outgoing(&m, &r)) != -1)
		check_outgoing(&m, &r, i);
	DEBUG("outgoing: %d\n", i);

	for (j = 0; j < NPROBES; j++)
		oldstate[j] = probes[j].state;
	i = match_reply(&m, &r, &ts);
	DEBUG("reply: %d (%s) dnat %d\n", i, m.why ? m.why : "matched",
	    i >= 0 ? probes[i].dnat : -1);
	if (i == -1) {
		if (m.why == NULL)
			FAIL("match_reply failed without a reason");
		for (j = 0; j < NPROBES; j++)
			if (probes[j].state != oldstate[j] || probes[j].late)
				FAIL("match_reply failed but changed probe %d",
				    j);
	} else {
		check_match(&m, &r, i, oldstate[i], &ts);
		for (j = 0; j < NPROBES; j++)
			if (j != i && (probes[j].state != oldstate[j] ||
			    probes[j].late))
				FAIL("match_reply changed probe %d for %d",
				    j, i);
		if (match_reply(&m, &r, &ts) != -1)
			FAIL("match_reply took a duplicate for probe %d", i);
		if (r.kind != REPLY_TCP && r.kind != REPLY_UNREACH &&
		    r.kind != REPLY_ECHO && r.kind != REPLY_TOOBIG &&
		    probe_ends_trace(&probes[i]))
			FAIL("probe %d ends the trace on kind %d", i, r.kind);
		print_hop(&m, &probes[i], data[1] & 0x80);
	}
	free(pkt);
	return (0);
}
