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
 * The synopsis (usage, mirroring the manual's), and -h, --help: every
 * option on a line of its own, grouped by where it comes from (1.5's,
 * tracetcp's, Linux traceroute's, ours), on stdout.
 */

#include <stdio.h>

#include "tcptraceroute.h"

static const char help[] =
"\n"
"tcptraceroute 1.5's options (same letters, same meaning):\n"
"  -n                  print addresses only, no names\n"
"  -N                  names of all hops, private addresses too\n"
"  -F                  set the don't fragment bit\n"
"  -S                  SYN probes (the default)\n"
"  -A                  ACK probes (with -S: SYN|ACK)\n"
"  -E                  ECN: set CWR and ECE\n"
"  -d                  debugging output on stderr\n"
"  -i interface        send and listen on interface\n"
"  -f first_ttl        first TTL (1)\n"
"  -m max_ttl          last TTL (30)\n"
"  -l length           IP packet length\n"
"  -q nqueries         probes a hop (3; 1 to 10)\n"
"  -t tos              IPv4 TOS or IPv6 traffic class (0 to 255)\n"
"  -p source_port      source port, if free (0: any)\n"
"  -P source_port      source port, even if in use\n"
"  -s source_address   source address (one of this host's)\n"
"  -w max              seconds to wait for an answer (3)\n"
"  -v, -V, --version   print the version and exit\n"
"  -h, --help          print this help and exit\n"
"  host [port [length]]  port: a number, a service name, or 0\n"
"  --dnat, --no-dnat, --no-dnat-strict  report, hide (the default) or\n"
"                      refuse answers that show a rewritten destination\n"
"  --track-id, --track-ipid, --track-port  tell probes apart by IP ID\n"
"                      (the default) or by source port\n"
"  --no-filter         capture every packet (debugging)\n"
"  --select, --no-select, --no-getinterfaces  accepted, ignored\n"
"\n"
"tracetcp's:\n"
"  host:port, [address]:port  the port given with the host\n"
"  -c, --condensed     one line a hop; a table for several ports\n"
"  -r first last, --range first last  the ports first to last\n"
"  --scan              scan the ports at the last TTL, not trace them\n"
"\n"
"Linux traceroute's:\n"
"  -4, -6              IPv4 or IPv6 (default: IPv4 if the name has it)\n"
"  -I, --icmp          ICMP echo probes\n"
"  -U, --udp           UDP probes (port 53 unless given)\n"
"  -T, --tcp           TCP probes (the default)\n"
"  -M method, --module=method  tcp, icmp or udp\n"
"  -O option,..., --tcp-flags=option,...  TCP flags and options: syn,\n"
"                      ack, fin, rst, psh, urg, ece, cwr, flags=N, ecn,\n"
"                      sack, timestamps, window_scaling, mss=N, sysctl,\n"
"                      info\n"
"  -e, --extensions    ICMP extensions (MPLS labels)\n"
"  -g gateway,..., --gateway=gateway,...  loose source route (IPv4)\n"
"  -w max,here,near    give a probe up once hops answered sooner\n"
"  -z sendwait, --sendwait=sendwait  pause between probes (s, or ms\n"
"                      above 10)\n"
"  --sim-queries=n     probes out at once (16)\n"
"  --port=port         destination port\n"
"  --sport=port        source port (as -p)\n"
"  --as-path-lookups   origin AS of each hop\n"
"  --bypass-routing    send directly on the attached network\n"
"  --fwmark=mark       firewall mark of the probes\n"
"  --flowlabel=label   IPv6 flow label\n"
"  --mtu               discover the path MTU (implies -F)\n"
"  --back              print the hop count of the way back\n"
"  --debug, --dont-fragment, --first, --interface, --max-hops,\n"
"  --queries, --source, --tos, --wait, --options  long names of -d,\n"
"                      -F, -f, -i, -m, -q, -s, -t, -w, -O\n"
"\n"
"Ours:\n"
"  -j, --json          the trace as JSON (RIPE Atlas keys)\n"
"  --ports=port,first-last,...  several ports, each traced\n"
"  --find-block[=port] the hop that blocks a port (control: 443 or 80)\n"
"  --detect-proxy[=port], --no-detect-proxy  a proxy answering for\n"
"                      the destination\n"
"  --retries=n         sends again of a silent probe (2; 0 to 5)\n"
"  --as-zone=zone      the DNS zone --as-path-lookups asks\n"
"  --ecmp              every path through load balancers (MDA)\n"
"\n"
"See tcptraceroute(8).\n";

void
options_usage(FILE *fp)
{
	fprintf(fp,
	    "usage: tcptraceroute [-46AcdEeFhIjNnSTUVv] [-f first_ttl]"
	    " [-g gateway,...]\n"
	    "\t[-i interface] [-l length] [-m max_ttl]\n"
	    "\t[-p source_port | -P source_port] [-q nqueries]\n"
	    "\t[-M method] [-r first_port last_port] [-s source_address]"
	    " [-t tos]\n"
	    "\t[-w max[,here[,near]]] [-z sendwait]"
	    " [--ports port,first-last,...]\n"
	    "\t[--scan] [--find-block[=port]]"
	    " [--detect-proxy[=port] | --no-detect-proxy]\n"
	    "\t[-O tcp_option,...] [--sim-queries squeries] [--retries n]"
	    " [--back]\n"
	    "\t[--as-path-lookups] [--as-zone=zone] [--bypass-routing] [--ecmp]\n"
	    "\t[--flowlabel=label] [--fwmark=mark] [--mtu] [--port=port]\n"
	    "\t[--dnat | --no-dnat | --no-dnat-strict] [--track-id |"
	    " --track-port]\n"
	    "\t[--select | --no-select] [--no-filter] [--no-getinterfaces]\n"
	    "\thost[:port] [port [length]]\n");
}

void
options_help(FILE *fp)
{
	options_usage(fp);
	fputs(help, fp);
}
