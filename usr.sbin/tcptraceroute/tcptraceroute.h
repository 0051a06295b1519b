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
 * One header for the program: the imsg types the two processes exchange,
 * their payloads, and the interfaces between the files.  packet.h holds
 * the packet vocabulary.
 *
 *	tcptraceroute.c	main: open raw sockets, fork, hand over
 *	parent.c	privileged state machine: build, send, capture
 *	priv.c		giving up privileges, both processes
 *	policy.c	what the parent allows: checks, the capture filter
 *	hostenv.c	the host's facts the policy judges by
 *	hold.c		the source ports, held by the parent
 *	pace.c		a user's probes a second, shared by their runs
 *	imsgev.c	an imsgbuf and its event, for both processes
 *	probe.c		packet construction (parent side)
 *	reply.c		packet deconstruction (child side, untrusted bytes)
 *	packet.c	checksums, the protocol of a probe method
 *	options.c	command line parsing into struct options
 *	help.c		-h: a line for every option
 *	endings.c	ending as a Unix tool: ignored signals, pipes
 *	child.c		unprivileged setup: resolve, plan, sandbox
 *	trace.c		the child's event loop: send, match, print
 *	match.c		which probe, if any, a reply proves it answers
 *	output.c	the 1.5-compatible hop lines
 *	json.c		-j: the trace as one JSON document
 *	resolve.c	asynchronous reverse DNS (our own UDP client)
 *	dns.c		DNS messages: queries built, answers parsed
 *	hosts.c		the hosts file, and nsswitch.conf's order
 *	ports.c		port lists and ranges (--ports, -r)
 *	report.c	tracetcp's lines: condensed, scan, blocks, proxies
 *	mtu.c		--mtu: the length a "too big" error asks for
 *	mda.c		--ecmp: MDA's stopping rule, a hop's routers
 *	sched.c		the waits and resend decisions, the attempts
 *	budget.c	a router's ICMP answer budget, as the trace sees it
 *	hop.c		a settled probe as its line's hop_result
 *	route.c		the interface the route to the destination takes
 */

#ifndef TCPTRACEROUTE_H
#define TCPTRACEROUTE_H

#include <sys/types.h>
#include <sys/time.h>
#include <netinet/in.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>

/* A case that goes on into the next, said so to the compiler. */
#if defined(__has_attribute)
#if __has_attribute(__fallthrough__)
#define FALLTHROUGH	__attribute__((__fallthrough__))
#endif
#endif
#ifndef FALLTHROUGH
#define FALLTHROUGH	do { } while (0)
#endif

#define TTR_VERSION	"2.0"
#define TTR_USER	"_tcptraceroute"
#define TTR_FALLBACK_USER "nobody"
#define TTR_CHROOT	"/var/empty"

#define TTR_MAXPACKET	1500	/* largest probe we build */
#define TTR_SNAPLEN	1600	/* enough for an ICMP error quoting a probe */
#define TTR_MAXPROBES	(255 * 10)	/* one port's trace */
#define TTR_MAXSEND	131072		/* every port's, resends too */
#define TTR_PORTMAP	(65536 / 8)	/* a bit for each port */
#define TTR_RPORTS	8	/* spare source ports, reserved like sport */
#define TTR_MAXGW	8	/* -g: IPv4 loose source route gateways */
#define IPOPT_LSRR_TYPE	131	/* RFC 791 loose source and record route */

/* TCP options a probe may carry (-O), as Linux traceroute's TCP method. */
#define TCPOPT_MSS	0x01
#define TCPOPT_SACK	0x02
#define TCPOPT_TS	0x04
#define TCPOPT_WSCALE	0x08
#define TCPOPT_ALL	0x0f
#define TCPOPT_MAXLEN	20

/* TCP flags as on the wire; the ECN pair is named as in RFC 3168. */
#define TTR_FIN	0x01
#define TTR_SYN	0x02
#define TTR_RST	0x04
#define TTR_PSH	0x08
#define TTR_ACK	0x10
#define TTR_URG	0x20
#define TTR_ECE	0x40
#define TTR_CWR	0x80

/*
 * Link types reply_parse knows that not every libpcap names; equal to
 * pcap's own definitions, so either may come first.
 */
#ifndef DLT_LINUX_SLL
#define DLT_LINUX_SLL	113
#endif
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif
#ifndef DLT_IPV4
#define DLT_IPV4	228
#endif
#ifndef DLT_IPV6
#define DLT_IPV6	229
#endif

union ttr_addr {
	struct in_addr	 v4;
	struct in6_addr	 v6;
};

enum track {
	TRACK_ID,	/* IPv4 ID differs per probe (1.5 default) */
	TRACK_PORT,	/* source port differs per probe */
	TRACK_SEQ	/* only the sequence number differs (IPv6 default) */
};

/* What a probe is (-T, -I, -U, -M): Linux traceroute's method names. */
enum method {
	METHOD_TCP,	/* TCP SYN (or -S/-A/-E/-O flags), the default */
	METHOD_ICMP,	/* ICMP echo request */
	METHOD_UDP	/* UDP to one port, 53 by default */
};
#define METHOD_UDP_PORT	53
/* ICMP and UDP probes are told apart by 16 bits: 1 .. 65534. */
#define METHOD_MAXSEQ	65534

enum dnat_mode {
	DNAT_SILENT,	/* --no-dnat: detect, do not print (default) */
	DNAT_REPORT,	/* --dnat */
	DNAT_STRICT	/* --no-dnat-strict: no detection at all */
};

/*
 * imsg types.  The parent is a state machine: in INIT it takes only
 * IMSG_CONFIG, in RUN only IMSG_PROBE; anything else ends it.
 */
enum imsg_type {
	IMSG_NONE,
	IMSG_CONFIG,	/* child -> parent: struct ttr_config */
	IMSG_READY,	/* parent -> child: struct ttr_ready */
	IMSG_PROBE,	/* child -> parent: struct ttr_probe */
	IMSG_SENT,	/* parent -> child: struct ttr_sent */
	IMSG_CAPTURE	/* parent -> child: struct ttr_capture + bytes */
};

/* The frozen configuration: everything the parent needs to build probes. */
struct ttr_config {
	int		 family;	/* AF_INET or AF_INET6 */
	union ttr_addr	 src;
	union ttr_addr	 dst;
	char		 ifname[IF_NAMESIZE];
	uint16_t	 sport;		/* base source port */
	uint16_t	 nsport;	/* ports sport .. sport+nsport-1 usable */
	uint16_t	 dport;		/* the first port */
	uint16_t	 nports;	/* > 1: the ports in dports */
	uint16_t	 length;	/* total IP packet length */
	uint16_t	 window;
	uint8_t		 tcpflags;
	uint8_t		 tos;		/* IPv4 TOS or IPv6 traffic class */
	uint8_t		 df;		/* IPv4 don't fragment */
	uint8_t		 first_ttl;
	uint8_t		 max_ttl;
	uint8_t		 nofilter;	/* --no-filter: capture everything */
	uint8_t		 bindif;	/* -i given: send through ifname */
	uint8_t		 tcpopts;	/* TCPOPT_* options in every probe */
	uint8_t		 wscale;	/* with TCPOPT_WSCALE */
	uint16_t	 mss;		/* with TCPOPT_MSS */
	uint8_t		 nrports;
	uint16_t	 rports[TTR_RPORTS];	/* for resends after a collision */
	uint32_t	 flowlabel;	/* IPv6 only */
	uint32_t	 fwmark;	/* SO_MARK, with setmark */
	uint8_t		 setmark;
	uint8_t		 dontroute;	/* SO_DONTROUTE */
	uint8_t		 mtudisc;	/* --mtu: probes as long as asked */
	uint32_t	 maxprobes;	/* the parent sends no more than this */
	uint8_t		 dports[TTR_PORTMAP];	/* with nports > 1 */
	uint8_t		 method;	/* enum method */
	uint8_t		 ngw;		/* -g: IPv4 only, at most TTR_MAXGW */
	struct in_addr	 gw[TTR_MAXGW];	/* the first is the IP destination */
	uint8_t		 forceport;	/* -P: sport even if in use (root) */
};

/*
 * The parent holds the source ports (hold.c): the child asks for sport
 * (0: any), nsport and nrports spare ones; the ready answer says which.
 */
struct ttr_ready {
	int		 dlt;		/* pcap link type of the capture */
	uint16_t	 sport;
	uint8_t		 nrports;
	uint8_t		 pad;
	uint16_t	 rports[TTR_RPORTS];
};

/*
 * The few fields a probe may vary; the parent checks each, and builds
 * the probe from them (probe_build).
 */
struct ttr_probe {
	uint32_t	 index;		/* the child's probe number */
	uint32_t	 seq;
	uint32_t	 ack;
	uint16_t	 ipid;
	uint16_t	 sport;
	uint16_t	 dport;		/* 0: the configuration's dport */
	uint8_t		 ttl;
	uint8_t		 pad;
	uint16_t	 length;	/* 0: the configuration's length */
};

struct ttr_sent {
	uint32_t	 index;
	int32_t		 error;		/* errno of sendto, 0 on success */
	int64_t		 sec;		/* CLOCK_REALTIME, as pcap stamps */
	int64_t		 usec;
};

struct ttr_capture {
	int64_t		 sec;		/* pcap timestamp */
	int64_t		 usec;
	uint32_t	 caplen;	/* bytes that follow */
	uint32_t	 len;		/* length on the wire */
	uint32_t	 dropped;	/* captures dropped so far: queue full */
	uint32_t	 pad;
};

/* probe.c: build one probe; returns its length, or 0 if it cannot. */
size_t		 probe_build(const struct ttr_config *,
		    const struct ttr_probe *, uint8_t *, size_t);
size_t		 probe_optlen(const struct ttr_config *);
size_t		 probe_minlen(const struct ttr_config *);
size_t		 probe_ipoptlen(const struct ttr_config *);
const char	*probe_badgw(struct in_addr);

/* reply.c: what a captured packet says, parsed from untrusted bytes. */
enum reply_kind {
	REPLY_NONE,
	REPLY_TCP,	/* a TCP segment (from the target, or our own probe) */
	REPLY_TIMXCEED,	/* ICMP time exceeded in transit */
	REPLY_UNREACH,	/* ICMP destination unreachable, but too big */
	REPLY_ICMP,	/* another ICMP error quoting a TCP packet */
	REPLY_ECHO,	/* ICMP echo reply, or our own echo request */
	REPLY_UDP,	/* a UDP datagram: our own probe */
	REPLY_TOOBIG	/* fragmentation needed, ICMPv6 packet too big */
};

/*
 * RFC 4884 extension objects after an ICMP error's quote, as much of
 * them as we keep: each object's class, c-type and first bytes, and
 * the label stack of an RFC 4950 MPLS object decoded.  All zero: none,
 * or a structure that did not hold together.
 */
#define EXT_MAXOBJ	4	/* objects kept */
#define EXT_OBJDATA	32	/* payload bytes kept of each */
#define EXT_MAXLABELS	8	/* MPLS stack entries kept */
#define EXT_STRLEN	512	/* output_ext() of any of them, and NUL */
#define EXT_MPLS_CLASS	1	/* RFC 4950: MPLS label stack */
#define EXT_MPLS_CTYPE	1	/* incoming MPLS label stack */

struct ext_obj {
	uint8_t		 class;
	uint8_t		 ctype;
	uint16_t	 len;		/* payload bytes on the wire */
	uint8_t		 data[EXT_OBJDATA];	/* the first of them */
};

struct mpls_entry {
	uint32_t	 label;		/* 20 bits */
	uint8_t		 exp;		/* 3 bits: EXP, traffic class */
	uint8_t		 s;		/* bottom of stack */
	uint8_t		 ttl;
	uint8_t		 pad;
};

struct icmp_ext {
	uint8_t		 nobj;		/* objects in obj[] */
	uint8_t		 moreobj;	/* the reply had more */
	uint8_t		 mplsobj;	/* 1 + obj[] index decoded in mpls[] */
	uint8_t		 nmpls;		/* entries in mpls[] */
	uint8_t		 moremls;	/* the stack had more */
	struct ext_obj	 obj[EXT_MAXOBJ];
	struct mpls_entry mpls[EXT_MAXLABELS];
};

struct reply {
	enum reply_kind	 kind;
	int		 family;
	union ttr_addr	 src;		/* outer source */
	union ttr_addr	 dst;		/* outer destination */
	uint8_t		 ttl;		/* outer TTL / hop limit */
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	uint16_t	 mtu;		/* REPLY_TOOBIG: the MTU it names */
	/* TCP (REPLY_TCP), or the TCP quoted by an ICMP error */
	uint16_t	 sport;
	uint16_t	 dport;
	uint32_t	 seq;
	uint32_t	 ack;		/* REPLY_TCP only */
	uint8_t		 flags;		/* REPLY_TCP only */
	uint16_t	 win;		/* REPLY_TCP only */
	/* the IP header quoted by an ICMP error */
	union ttr_addr	 qsrc;
	union ttr_addr	 qdst;
	uint16_t	 qipid;		/* IPv4 only */
	uint8_t		 qttl;
	uint32_t	 qflowlabel;	/* IPv6 only */
	uint32_t	 size;		/* IP length, header included */
	struct icmp_ext	 ext;		/* RFC 4884 objects, if any */
	/* -I, -U: the echo (REPLY_ECHO or quoted) or the quoted UDP */
	uint8_t		 qproto;	/* the quote's: 1 or 58, 6, 17 */
	uint16_t	 echo_id;
	uint16_t	 echo_seq;
	uint16_t	 udp_sum;	/* the UDP checksum: the probe */
};

int		 reply_parse(int, const uint8_t *, size_t, struct reply *);
int		 reply_parse_ip(const uint8_t *, size_t, struct reply *);



/* options.c: the command line, parsed by the unprivileged child. */
struct options {
	int		 family;	/* AF_UNSPEC, AF_INET, AF_INET6 */
	int		 numeric;	/* 1: -n, -1: -N, 0: skip private */
	int		 debug;
	int		 first_ttl;
	int		 max_ttl;
	int		 nqueries;
	int		 waitms;	/* -w max, in milliseconds */
	int		 adaptive;	/* -w max,here,near: give up early */
	int		 here;		/* thousandths: x RTT of this hop */
	int		 near;		/* thousandths: x RTT of later hops */
	int		 sendwait;	/* -z: microseconds between probes */
	int		 retries;	/* resends of a rate-limited probe */
	int		 tcpflags;	/* -O flags: replace -S/-A/-E; -1: unset */
	int		 tcpopts;	/* -O: TCPOPT_* */
	int		 mss;
	int		 sysctl;	/* -O sysctl: options as this host uses */
	int		 info;		/* -O info: print the reply's flags */
	int		 foreign;	/* -d also shows replies not ours */
	int		 back;		/* --back: hops on the way back */
	uint32_t	 fwmark;	/* --fwmark: SO_MARK of the probes */
	int		 fwmark_set;
	int		 dontroute;	/* --bypass-routing */
	const char	*gateways;	/* -g: gateway,... as given */
	int		 ngw;		/* how many it names */
	int		 json;		/* -j: one JSON document */
	int		 extensions;	/* -e: show ICMP extensions */
	int		 asn;		/* --as-path-lookups */
	const char	*aszone;	/* --as-zone, NULL: Team Cymru's */
	int		 flowlabel;	/* --flowlabel: IPv6 flow label */
	int		 mtu;		/* --mtu: discover the path MTU */
	int		 sport;		/* 0: kernel chooses */
	int		 forceport;	/* -P */
	int		 tos;
	int		 df;
	int		 syn;
	int		 ack;
	int		 ecn;
	int		 length;	/* 0: minimum */
	int		 squeries;	/* probes in flight at once */
	int		 noselect;
	int		 nofilter;
	int		 nogetinterfaces;
	enum dnat_mode	 dnat;
	enum track	 track;
	int		 track_set;
	const char	*srcaddr;
	const char	*ifname;
	const char	*host;
	const char	*portname;	/* as given, for messages */
	int		 dport;		/* the first port */
	int		 nports;	/* > 1: the ports in portmap */
	int		 condensed;	/* -c: tracetcp's one line a hop */
	int		 scan;		/* --scan: each port at TTL max_ttl */
	int		 findblock;	/* --find-block: where ports stop */
	int		 proxy;		/* --detect-proxy; -1: with ranges */
	int		 control;	/* port compared with, 0: none */
	int		 nqueries_set;
	int		 squeries_set;
	int		 method;	/* enum method */
	int		 ecmp;		/* --ecmp: every path, MDA's rule */
	uint8_t		 portmap[TTR_PORTMAP];
	char		 hostbuf[256];	/* host of "host:port", "[addr]:port" */
	char		 portbuf[64];
};

enum opt_result {
	OPT_OK,
	OPT_ERROR,	/* message in the buffer */
	OPT_USAGE,	/* print usage, exit 1 */
	OPT_HELP,	/* print usage, exit 0 */
	OPT_VERSION
};

enum opt_result	 options_parse(int, char *[], struct options *, char *,
		    size_t);
enum opt_result	 fail(char *, size_t, const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
void		 options_usage(FILE *);
void		 options_help(FILE *);	/* help.c */

/* output.c: 1.5's hop lines, fed one probe at a time in order. */
struct hop_result {
	int		 ttl;
	int		 q;		/* 1 .. nqueries */
	int		 answered;
	int		 family;
	union ttr_addr	 addr;
	const char	*name;		/* printable name, NULL: numeric */
	double		 rtt;		/* milliseconds */
	char		 state[48];	/* "open", "closed", ... or "" */
	char		 annot[48];	/* "!A", "-- Unexpected ICMP", "<syn,ack>" */
	int		 back;		/* --back: hops back, 0: not shown */
	const char	*asn;		/* "AS15169", "*"; NULL: not shown */
	int		 dnat;		/* a DNAT transition to report */
	union ttr_addr	 dnat_addr;
	uint16_t	 dnat_port;	/* 0: port unchanged */
	const struct icmp_ext *ext;	/* -e: shown after the address */
	int		 mtu;		/* --mtu: F=mtu after the time, 0: none */
};

struct output {
	int		 nqueries;
	int		 lastttl;
	int		 lastanswered;
	int		 everprinthost;
	union ttr_addr	 lastaddr;
	union ttr_addr	 lastdnat;
	uint16_t	 lastdnat_port;
	int		 havednat;
	char		 laststate[48];
	int		 family;
	char		 lastext[EXT_STRLEN];
};

void		 output_init(struct output *, int, int);
void		 output_header(FILE *, const struct options *,
		    const struct ttr_config *, int, uint16_t, const char *, int);
void		 output_probe(struct output *, const struct hop_result *,
		    FILE *);
const char	*output_unreach(int, uint8_t, uint8_t, char *, size_t);
void		 output_tcpstate(uint8_t, char *, size_t);
void		 output_tcpflags(uint8_t, char *, size_t);
int		 output_backhops(uint8_t);
void		 output_ext(const struct icmp_ext *, char *, size_t);
int		 addr_is_private(int, const union ttr_addr *);
const char	*addr_ntop(int, const union ttr_addr *, char *, size_t);


/* match.c: which probe, if any, a reply proves it answers. */
#define SEQ_STRIDE	4096	/* > any payload, so acks never overlap */

enum probe_state {
	PROBE_UNSENT,
	PROBE_SENT,
	PROBE_ANSWERED,
	PROBE_EXPIRED
};

struct probe {
	uint32_t	 seq;
	uint32_t	 ack;
	uint16_t	 ipid;
	uint16_t	 sport;
	uint16_t	 dport;
	uint8_t		 ttl;
	uint8_t		 q;
	uint8_t		 state;		/* enum probe_state */
	uint8_t		 sent_captured;	/* sent is a capture timestamp */
	uint8_t		 printed;	/* its line is out: nothing changes it */
	uint8_t		 late;		/* answered after its adaptive wait */
	uint8_t		 left;		/* the parent said it was sent */
	uint8_t		 toobig;	/* --mtu: resent this often, too big */
	uint16_t	 length;	/* --mtu: sent this long, 0: as configured */
	int		 logical;	/* the (ttl, q) slot this attempt fills */
	int		 run;		/* which port's trace it belongs to */
	struct timespec	 sentmono;	/* CLOCK_MONOTONIC */
	struct timespec	 notbefore;	/* a resend waits until then */
	struct timeval	 sent;		/* CLOCK_REALTIME, as pcap */
	struct timeval	 recv;
	struct timespec	 deadline;	/* CLOCK_MONOTONIC */
	/* what answered */
	uint8_t		 kind;		/* enum reply_kind */
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	uint8_t		 tcpflags;
	uint8_t		 dnat;		/* quote showed a translation */
	uint8_t		 rttl;		/* the answer's TTL on arrival */
	uint16_t	 win;		/* a TCP answer's window */
	union ttr_addr	 from;
	union ttr_addr	 dnat_addr;
	uint16_t	 dnat_port;	/* 0: port not translated */
	uint32_t	 rsize;		/* the answer's IP length */
	struct icmp_ext	 ext;		/* the answer's RFC 4884 objects */
};

struct match_ctx {
	int		 family;
	union ttr_addr	 src;
	union ttr_addr	 dst;
	uint16_t	 dport;
	uint8_t		 tcpflags;
	uint16_t	 payload;	/* TCP payload bytes per probe */
	uint16_t	 length;	/* with that payload; a probe's own less */
	enum track	 track;
	enum dnat_mode	 dnat;
	uint32_t	 isn;		/* probe i has seq isn + i * SEQ_STRIDE */
	uint32_t	 ackbase;	/* and ack ackbase + i * SEQ_STRIDE */
	struct probe	*probes;
	int		 nprobes;
	int		 maxwaitms;	/* after this a reply is late for good */
	const char	*why;		/* why the last reply was ignored */
	int		 method;	/* enum method */
	int		 ngw;		/* -g: a quote may show these as */
	union ttr_addr	 gw[TTR_MAXGW];	/* its destination */
};

void		 match_plan(struct match_ctx *, int, uint16_t, uint16_t,
		    int, int, int);
int		 match_outgoing(struct match_ctx *, const struct reply *);
int		 match_reply(struct match_ctx *, const struct reply *,
		    const struct timeval *);
int		 probe_ends_trace(const struct probe *);
int		 addr_eq(int, const union ttr_addr *, const union ttr_addr *);


/* ports.c: port lists. */
#define PORT_ISSET(map, p)	((map)[(p) >> 3] & (1 << ((p) & 7)))
#define PORT_SET(map, p)	((map)[(p) >> 3] |= (1 << ((p) & 7)))
int		 port_parse(const char *, int *, char *, size_t);
int		 ports_parse(const char *, uint8_t *, int *, char *, size_t);
int		 ports_range(int, int, uint8_t *, int *, char *, size_t);
int		 ports_next(const uint8_t *, int);

/*
 * report.c: what each port's trace came to, tracetcp's condensed and
 * scan lines, and what comparing the ports shows.
 */
struct port_result {
	uint16_t	 port;
	int		 firstttl;	/* the first hop probed */
	int		 lastttl;	/* the farthest hop that answered */
	union ttr_addr	 lastaddr;
	int		 reached;	/* TTL of the final answer, 0: none */
	int		 dest;		/* a TCP answer from the destination */
	int		 rejected;	/* an unreachable from a router */
	union ttr_addr	 from;		/* who gave the final answer */
	uint8_t		 tcpflags;
	uint8_t		 rttl;		/* its TTL on arrival */
	uint16_t	 win;
	uint8_t		 icmp_type;
	uint8_t		 icmp_code;
	double		 rtt;
};

struct condensed {
	char		 prefix[64];	/* [address:port] */
	char		 line[2048];
	char		 router[INET6_ADDRSTRLEN];
	char		 rname[1040];	/* " [name]", as printed */
	char		 rannot[52];
	int		 answered;
	int		 dest;
};

void		 report_prefix(char *, size_t, int, const union ttr_addr *,
		    uint16_t);
void		 report_condensed(struct condensed *,
		    const struct hop_result *, int, FILE *);
void		 report_scan(const struct port_result *, int,
		    const union ttr_addr *, FILE *);
void		 report_scan_summary(const struct port_result *, int, FILE *);
int		 report_compare(const struct port_result *, int, int, int,
		    int, FILE *);
/* json.c: -j, the trace as one JSON document (Atlas-like). */
#define JSON_MAXDEPTH	12	/* document .. icmpext .. mpls entry: 10 */

struct json {
	FILE		*fp;		/* where values go */
	int		 depth;
	int		 first[JSON_MAXDEPTH];	/* nothing in it yet */
	char		 close[JSON_MAXDEPTH];	/* ']' or '}' */
	FILE		*doc;		/* the document, in memory */
	char		*buf;
	size_t		 len;
	int		 lastttl;	/* hop being written, 0: none */
};

void		 json_init(struct json *, FILE *);
void		 json_escape(FILE *, const char *, size_t);
void		 json_object(struct json *, const char *);
void		 json_array(struct json *, const char *);
void		 json_close(struct json *);
void		 json_string(struct json *, const char *, const char *);
void		 json_int(struct json *, const char *, long long);
void		 json_bool(struct json *, const char *, int);
void		 json_ms(struct json *, const char *, double);
void		 json_start(struct json *, const struct options *,
		    const struct ttr_config *, uint16_t, time_t);
void		 json_probe(struct json *, const struct hop_result *,
		    const struct probe *);
int		 json_end(struct json *, int, time_t, FILE *);

/* resolve.c: asynchronous reverse DNS, and AS lookups (TXT). */
struct event_base;
int		 resolve_init(struct event_base *, void (*)(void *), void *);
void		 resolve_start(int, const union ttr_addr *);
int		 resolve_get(int, const union ttr_addr *, const char **);
void		 resolve_asn_start(int, const union ttr_addr *, const char *);
int		 resolve_asn_get(int, const union ttr_addr *, const char **);

/* dns.c: DNS messages, no I/O; answers are untrusted bytes. */
#define DNS_T_NS	2
#define DNS_T_CNAME	5
#define DNS_T_PTR	12
#define DNS_T_TXT	16
#define DNS_C_IN	1
#define DNS_MAXNAME	255	/* a name in wire form (RFC 1035) */
#define DNS_NAMELEN	(DNS_MAXNAME - 1) /* presentation form and NUL */
#define DNS_QNAMELEN	(16 * 4 + sizeof("ip6.arpa")) /* reverse names */
#define DNS_QUERYLEN	(12 + DNS_MAXNAME + 4)
#define DNS_FOREIGN	(-2)	/* not an answer to this query */
#define DNS_TRUNCATED	(-3)	/* an answer, cut short: ask over TCP */
#define DNS_ASN_ZONE4	"origin.asn.cymru.com"	/* Team Cymru's origins */
#define DNS_ASN_ZONE6	"origin6.asn.cymru.com"
#define DNS_TXTLEN	1024	/* TXT records taken from one answer */
#define DNS_ASNMAX	8	/* ASes printed for one address */
#define DNS_ASNLEN	(DNS_ASNMAX * 13)	/* "AS4294967295/...", NUL */
int		 dns_ptr_qname(int, const union ttr_addr *, char *, size_t);
int		 dns_asn_qname(int, const union ttr_addr *, const char *,
		    char *, size_t);
int		 dns_txt_asn(const char *, char *, size_t);
int		 dns_build_query(uint16_t, const char *, uint16_t, uint8_t *,
		    size_t);
int		 dns_parse_answer(const uint8_t *, size_t, uint16_t,
		    const char *, uint16_t, char *, size_t);

/* hosts.c: the hosts file, and whether it comes before DNS. */
struct hosts_entry {
	int		 family;
	union ttr_addr	 addr;
	char		 name[DNS_NAMELEN + 1];
};
struct hosts_table {
	struct hosts_entry	*e;
	size_t			 n;
	size_t			 size;
};
#define HOSTS_NONE	0
#define HOSTS_FILES	1	/* the file alone */
#define HOSTS_DNS	2	/* DNS alone */
#define HOSTS_FILES_DNS	3	/* the file, then DNS */
#define HOSTS_DNS_FILES	4	/* DNS, then the file */
int		 hosts_parse(FILE *, struct hosts_table *);
const char	*hosts_lookup(const struct hosts_table *, int,
		    const union ttr_addr *);
int		 hosts_order(FILE *);

/*
 * mda.c: --ecmp, every path.  A hop has MDA_MAXPROBES probe slots, slot
 * q leaving from source port sport + q - 1 at every hop, so that one
 * flow takes one path all the way; mda_done says when a hop has enough.
 */
#define MDA_MAXPROBES	32	/* probes a hop, at most */
#define MDA_ALPHA	0.05	/* chance of missing a next hop */
#define MDA_MAXRULE	1000	/* mda_probes() never says more */

struct mda_router {
	int		 answered;	/* 0: the hop's silent probes */
	union ttr_addr	 addr;
	int		 count;		/* probes it answered */
	char		 name[DNS_NAMELEN + 1];	/* "": numeric */
	char		 asn[DNS_ASNLEN];
	char		 state[48];
	char		 annot[48];
};

struct mda_hop {
	int		 family;
	int		 ttl;
	int		 nprobes;	/* added */
	int		 nrouters;
	struct mda_router router[MDA_MAXPROBES];
};

int		 mda_probes(int);
int		 mda_done(int, int, int);
void		 mda_hop_init(struct mda_hop *, int, int);
void		 mda_hop_add(struct mda_hop *, const struct hop_result *);
void		 mda_hop_print(struct mda_hop *, FILE *);

/* trace.c: the child's event loop once the parent is ready. */
struct imsgbuf;
int		 trace_run(struct event_base *, struct imsgbuf *,
		    const struct options *, const struct ttr_config *, int,
		    const char * const *);
void		 trace_names_ready(void *);

/* imsgev.c: an imsgbuf and the event that serves it. */
struct event;
struct imsgev {
	struct imsgbuf		*ibuf;
	struct event_base	*base;
	struct event		*ev;
	void			(*handler)(int, short, void *);
	void			*arg;
	short			 events;
};
int		 imsg_event_init(struct imsgev *, struct event_base *,
		    struct imsgbuf *, void (*)(int, short, void *), void *);
void		 imsg_event_add(struct imsgev *);
int		 imsg_compose_event(struct imsgev *, uint32_t, const void *,
		    size_t);

/*
 * policy.c: what the parent allows, without side effects; hostenv.c
 * gathers the facts about the host it judges by.
 */
struct policy_env {
	uid_t		 ruid;		/* the real user */
	int		 src_local;	/* src is on an up interface */
	int		 src_on_if;	/* ... on the interface ifname */
	int		 dst_local;	/* dst is an address of this host */
	char		 route_if[IF_NAMESIZE];	/* route src -> dst, "": ? */
};
int		 refuse(char *, size_t, const char *, ...)
		    __attribute__((__format__ (printf, 3, 4)));
int		 check_config(const struct ttr_config *,
		    const struct policy_env *, char *, size_t);
int		 check_probe(const struct ttr_config *,
		    const struct ttr_probe *, uint32_t, char *, size_t);
int		 policy_filter(const struct ttr_config *, int, char *, size_t);
int		 policy_held(const struct ttr_config *, uint16_t);
uint16_t	 policy_port(const struct ttr_config *, uint32_t);
void		 policy_gather(const struct ttr_config *, uid_t,
		    struct policy_env *);

/* hold.c: the source ports, held by the parent with bound sockets. */
int		 hold_ports(struct ttr_config *, int, char *, size_t);

/* pace.c: the probes a second of a user other than root, per user. */
#define TTR_PACEDIR	"/run/tcptraceroute"	/* root's, one file a uid */
#define PACE_BURST	10	/* probes that may leave at once */
void		 pace_open(uid_t);
long		 pace_take(void);

#define TTR_CAPQUEUE	1024	/* captures queued for the child, at most */

/* child.c and parent.c: the two processes. */
__attribute__((__noreturn__))
void		 child_main(int, uid_t, int, char *[]);
__attribute__((__noreturn__))
void		 parent_main(int, uid_t, int, int, int, int, pid_t);

/* route.c: where the route to an address leaves. */
int		 route_ifname(int, const union ttr_addr *, const union ttr_addr *,
		    int, uint32_t, char *);

/* mtu.c: --mtu, what a "too big" error asks of the next probe. */
#define MTU_TRIES	3	/* a probe sent again, too big, at most */
#define MTU_MIN6	1280	/* IPv6's minimum link MTU (RFC 8200) */
#define MTU_BUDGET	16	/* such resends a trace may send */
uint16_t	 mtu_next(int, const struct reply *, uint16_t, uint16_t);

/* sched.c: when to give a probe up, and whether to send it again. */
#define SCHED_FLOOR_MS	100	/* no adaptive wait is shorter */
#define SCHED_GAP_US	100	/* probes leave no closer together */
void		 ts_add_us(struct timespec *, long);
void		 ts_add_ms(struct timespec *, long);
void		 sched_deadline(const struct options *, const struct timespec *,
		    double, double, struct timespec *);

/*
 * budget.c: a router's ICMP answer budget, as a Linux router keeps it
 * for each client address (icmp_ratelimit, XRLIM_BURST_FACTOR).
 */
#define BUDGET_BURST		6	/* tokens, at most */
#define BUDGET_REFILL_MS	1000	/* one more token this often */

struct budget_hop {
	double		 level;		/* tokens at least, at time at */
	struct timespec	 at;		/* CLOCK_MONOTONIC */
	int		 answers;	/* ICMP errors it sent us */
	int		 refused;	/* probes it did not answer */
	int		 asked;		/* resends given a token */
	int		 silent;	/* the evidence says it never answers */
};

/* What a probe a router left unanswered says of it. */
enum budget_says {
	BUDGET_EMPTY,		/* its bucket was empty: ask when refilled */
	BUDGET_PRIOR,		/* the path says it had a token: silent */
	BUDGET_SILENT		/* a resend due an answer got none: silent */
};

void		 budget_start(struct budget_hop *, const struct timespec *);
double		 budget_level(const struct budget_hop *,
		    const struct timespec *);
void		 budget_answer(struct budget_hop *, const struct timespec *);
void		 budget_ask(struct budget_hop *, const struct timespec *);
void		 budget_next(const struct budget_hop *, const struct timespec *,
		    struct timespec *);
int		 budget_refused(struct budget_hop *, int, int,
		    const struct timespec *);

/*
 * A trace's attempts, logical probe by logical probe, and what the
 * resend rules know of each hop.  trace.c owns the event loop around it.
 */
struct sched {
	const struct options	*opts;
	struct match_ctx	*m;		/* m->probes: every attempt */
	int			*slot;		/* logical probe -> attempt */
	int			 nlogical;
	int			 nattempts;	/* planned so far */
	int			 inflight;	/* sent, not yet settled */
	uint16_t		 idbase;	/* match_plan's for resends */
	uint16_t		 sport;
	int			 nsport;
	double			 ttlrtt[256];	/* largest RTT a hop */
	struct timespec		 ttllast[256];	/* last answered */
	struct budget_hop	 hop[256];	/* its router's ICMP budget */
	int			 heardany;	/* any answer at all yet */
};

/* What an answer to an attempt does to its logical probe. */
enum sched_credit {
	SCHED_CREDITED,		/* the current attempt: it stands */
	SCHED_LATE,		/* an earlier one, given up early: it stands */
	SCHED_SUPERSEDED	/* an earlier one, whose resend stands */
};

void		 sched_deadline_of(const struct sched *, const struct probe *,
		    int, struct timespec *);
struct probe	*sched_current(const struct sched *, int);
double		 sched_hop_rtt(const struct sched *, int);
double		 sched_next_rtt(const struct sched *, int, int);
void		 sched_answered(struct sched *, const struct probe *);
int		 sched_heard(const struct sched *, int);
void		 sched_start(struct sched *, const struct timespec *);
int		 sched_prior(const struct sched *);
int		 sched_window(const struct sched *, const struct timespec *);
int		 sched_stale(const struct sched *, const struct probe *,
		    const struct timespec *, struct timespec *);
int		 sched_resends(const struct sched *, int);
int		 sched_pending(const struct sched *, int);
int		 sched_worth_retry(struct sched *, int, const struct probe *,
		    int, const struct timespec *, struct timespec *);
int		 sched_give_up(struct sched *, int);
int		 sched_plan(struct sched *, int, const struct timespec *);
int		 sched_collision(const struct sched *, const struct probe *,
		    const struct timeval *);
int		 sched_toobig(const struct sched *, const struct probe *,
		    const struct reply *, uint16_t *);
enum sched_credit sched_credit(struct sched *, int);
void		 sched_ecmp_seen(const struct sched *, int, int, int *, int *);

/* hop.c: a settled probe as the hop_result its line is printed from. */
double		 probe_rtt(const struct probe *);
int		 hop_port_unreach(const struct ttr_config *,
		    const struct probe *);
void		 hop_result(const struct options *, const struct ttr_config *,
		    const struct probe *, const char *, const char *,
		    uint16_t *, struct hop_result *);

/* priv.c */
struct passwd;
void		 priv_drop_parent(uid_t, gid_t);
int		 priv_drop_child(const struct passwd *);
void		 priv_chroot(const struct passwd *);

/* endings.c: signals ignored at start, a pipe's reader gone. */
struct event_base;
int		 sig_ignored(int);
void		 stdout_watch(struct event_base *);
void		 stdout_check(void);

/* Limits for users other than root (the tool may be setuid). */
#define USER_MAXPROBES	300	/* probes one trace plans */
#define USER_MAXSENT	400	/* packets one run may send, retries too */
#define USER_MINWAITMS	50
#define USER_MINPORT	1024
#define USER_PPS	100	/* probes per second */
#define USER_QUEUE	64	/* probes the parent holds back for pacing */

#endif /* TCPTRACEROUTE_H */
