#!/usr/bin/env python3
#
# Copyright (c) 2026 The tcptraceroute developers
#
# Permission to use, copy, modify, and distribute this software for any
# purpose with or without fee is hereby granted, provided that the above
# copyright notice and this permission notice appear in all copies.
#
# THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
# WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
# MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
# ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
# WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN
# ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF
# OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
#
# run.py: one scenario of the benchmark (started by bench.sh inside the
# client namespace).  Runs every row ROUNDS times, the rows taking turns
# (and each round starting one row further on, so that no tool always
# comes first); each run gets the next source address of the pool;
# times it, samples the peak resident size of its process tree, checks
# its hop lines against the known path and each RTT against the round
# trip the wire logged for that probe (wire -L), and prints one table.
# The scan scenario (--rows scan) times port scanners instead and checks
# the state they found for each port.

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import re

TARGET = "198.18.8.2"
TIMEOUT = 60			# seconds, per run
REFERENCE = "traceroute -T -n"

RE_HOP = re.compile(r"^\s*(\d+)\s+(.*)$")
# Tokens of a traceroute-style hop line, in order: a star, an address
# in parentheses (after a name), a bare address, a round trip time.
RE_TOKEN = re.compile(r"(\*)|\((\d+\.\d+\.\d+\.\d+)\)|"
                      r"(?<![\w.])(\d+\.\d+\.\d+\.\d+)(?![\w.])|"
                      r"(\d+(?:\.\d+)?)\s*ms\b")
RE_MTR = re.compile(r"^\s*(\d+)\.\|--\s+(\S+)\s+([\d.]+)%?\s+(\d+)\s+"
                    r"([\d.]+)")
RE_MTR_MORE = re.compile(r"^\s+\|\s+`\|--\s+(\S+)")
RE_LFT_NONE = re.compile(r"^\*\*\s.*TTLs?\s+(\d+)(?:\s+(?:through|to|-)\s+"
                         r"(\d+))?")
RE_LFT_ADDR = re.compile(r"(?<![\w.])(\d+\.\d+\.\d+\.\d+)(?::\d+)?(?![\w.])")
RE_LFT_RTT = re.compile(r"(\d+(?:\.\d+)?)\s*ms\b")


def hop(hops, k):
    return hops.setdefault(k, {"addrs": [], "rtts": [], "stars": 0})


def parse_trace(text):
    """Hop lines of tcptraceroute, tcptraceroute 1.5 and traceroute."""
    hops = {}
    for line in text.splitlines():
        m = RE_HOP.match(line)
        if not m:
            continue
        h = hop(hops, int(m.group(1)))
        for t in RE_TOKEN.finditer(m.group(2)):
            if t.group(1):
                h["stars"] += 1
            elif t.group(2) or t.group(3):
                h["addrs"].append(t.group(2) or t.group(3))
            else:
                h["rtts"].append(float(t.group(4)))
    return hops


def parse_mtr(text):
    """mtr's report: one line per hop, ??? for no answer."""
    hops, last = {}, None
    for line in text.splitlines():
        m = RE_MTR.match(line)
        if m:
            last = h = hop(hops, int(m.group(1)))
            sent = int(m.group(4))
            if m.group(2) == "???":
                h["stars"] += sent
                continue
            h["addrs"].append(m.group(2))
            lost = round(float(m.group(3)) * sent / 100)
            h["stars"] += lost
            if sent > lost:
                h["rtts"].append(float(m.group(5)))
            continue
        m = RE_MTR_MORE.match(line)
        if m and last is not None:
            last["addrs"].append(m.group(1))
    return hops


def parse_lft(text):
    """lft: a line per answering hop, "**" lines for silent TTLs."""
    hops = {}
    for line in text.splitlines():
        m = RE_LFT_NONE.match(line)
        if m:
            first = int(m.group(1))
            for k in range(first, int(m.group(2) or first) + 1):
                hop(hops, k)["stars"] += 1
            continue
        m = RE_HOP.match(line)
        if not m:
            continue
        h = hop(hops, int(m.group(1)))
        h["addrs"] += RE_LFT_ADDR.findall(m.group(2))
        h["rtts"] += [float(x) for x in RE_LFT_RTT.findall(m.group(2))]
    return hops


def score(hops, nhops, silent, delay):
    """(false stars, hops wrong, largest RTT error in ms) of one run."""
    fstars = wrong = 0
    rtterr = 0.0
    for k in range(1, nhops + 1):
        h = hops.get(k)
        truth = "198.18.%d.2" % k
        if k == silent:
            if h is not None and h["addrs"]:
                wrong += 1
            continue
        if h is None:
            wrong += 1		# not printed at all
            continue
        fstars += h["stars"]
        if not h["addrs"]:
            continue
        if set(h["addrs"]) != {truth}:
            wrong += 1
            continue
        for r in h["rtts"]:
            rtterr = max(rtterr, abs(r - 2 * k * delay))
    return fstars, wrong, rtterr


class WireLog:
    """The wire's -L log: one line per frame it forwarded (see wire.c),
    read a run at a time."""

    def __init__(self, path):
        self.path = path
        self.pos = 0

    def frames(self, t0, t1):
        """Cable 1's frames (the client's) that arrived between the
        monotonic times t0 and t1 (s), read once the wire has flushed."""
        out = []
        if not self.path:
            return out
        time.sleep(0.05)	# the wire flushes when idle for 1 ms
        try:
            with open(self.path) as f:
                f.seek(self.pos)
                data = f.read()
        except OSError:
            return out
        # Only whole lines; a partial one waits for the next read.
        cut = data.rfind("\n") + 1
        self.pos += len(data[:cut].encode())
        lo, hi = int(t0 * 1e9), int(t1 * 1e9)
        for line in data[:cut].splitlines():
            v = line.split()
            if len(v) < 10 or v[0] != "1" or v[4] == "-":
                continue
            if not lo <= int(v[2]) <= hi:
                continue
            out.append(v)
        return out


def actual(frames, target):
    """Each probe the client sent, as (TTL, answering address, ms from
    the probe entering cable 1 to its answer leaving cable 1, by the
    wire's clock: every cable's real delay and every hop's forwarding
    time), in the order the probes were sent.  A probe (a TCP segment
    without RST; the run's own, as tools run one at a time) is known by
    its addresses, IP ID, ports and sequence; an answer proves it by the
    ICMP quote of those or, from the target, by acking seq + 1, and goes
    to the latest such probe sent before it that has no answer yet."""
    probes, bykey = [], {}
    for v in frames:
        d, arr, rel, ttl = v[1], int(v[2]), int(v[3]), v[4]
        fsrc, fdst, ipid, proto = v[5], v[6], v[7], v[8]
        if d == "0" and proto == "6" and len(v) >= 14:
            if v[13] != "-" and int(v[13]) & 0x04:
                continue
            p = {"ttl": int(ttl), "arr": arr, "from": None, "ms": None}
            probes.append(p)
            bykey.setdefault(("q", fsrc, fdst, ipid, v[9], v[10], v[11]),
                             []).append(p)
            bykey.setdefault(("a", fsrc, fdst, v[9], v[10],
                              str((int(v[11]) + 1) % 2 ** 32)), []).append(p)
            continue
        if d != "1":
            continue
        cands = []
        if proto == "1" and len(v) >= 18 and v[14] == "6":
            cands = bykey.get(("q", v[11], v[12], v[13], v[15], v[16],
                               v[17]), [])
        elif proto == "6" and fsrc == target and len(v) >= 14:
            cands = bykey.get(("a", fdst, fsrc, v[10], v[9], v[12]), [])
        for p in reversed(cands):
            if p["from"] is None and p["arr"] <= arr:
                p["from"] = fsrc
                p["ms"] = (rel - p["arr"]) / 1e6
                break
    return probes


def wire_error(hops, probes, nhops, silent, delay, target):
    """(largest |RTT - the wire's actual round trip of its probe|, RTTs
    matched to no probe) of one run.  A hop's RTTs are paired in order
    with the answered probes of that TTL when the counts agree, else each
    with the probe nearest to it; an RTT with no probe is held against
    the nominal delay."""
    worst, unmatched = 0.0, 0
    for k in range(1, nhops + 1):
        h = hops.get(k)
        if k == silent or h is None or not h["rtts"]:
            continue
        addr = target if k == nhops else "198.18.%d.2" % k
        cand = [p["ms"] for p in probes if p["from"] == addr]
        same = [p["ms"] for p in probes if p["from"] == addr and
                p["ttl"] == k]
        if same:
            cand = same
        if len(cand) == len(h["rtts"]):
            pairs = zip(h["rtts"], cand)
        elif cand:
            pairs = [(r, min(cand, key=lambda c, r=r: abs(c - r)))
                     for r in h["rtts"]]
        else:
            unmatched += len(h["rtts"])
            pairs = [(r, 2 * k * delay) for r in h["rtts"]]
        for r, t in pairs:
            worst = max(worst, abs(r - t))
    return worst, unmatched


def tree(pid):
    """pid and all its descendants."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            for t in os.listdir("/proc/%d/task" % p):
                with open("/proc/%d/task/%s/children" % (p, t)) as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return out


def memory(pid):
    """(VmHWM, RssAnon) of pid in KiB, or zeros."""
    hwm = anon = 0
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    hwm = int(line.split()[1])
                elif line.startswith("RssAnon:"):
                    anon = int(line.split()[1])
    except OSError:
        pass
    return hwm, anon


def measure(argv, outpath, errpath):
    """Run argv; (wall seconds, exit status or None on timeout, peak
    RSS of the process tree in KiB: the sum of each process's VmHWM, and
    the sum of each process's largest anonymous resident size seen)."""
    peaks, anons = {}, {}
    done = threading.Event()
    with open(outpath, "w") as out, open(errpath, "w") as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=out, stderr=err)

        def sample():
            while not done.is_set():
                for p in tree(proc.pid):
                    hwm, anon = memory(p)
                    peaks[p] = max(peaks.get(p, 0), hwm)
                    anons[p] = max(anons.get(p, 0), anon)
                done.wait(0.005)

        th = threading.Thread(target=sample, daemon=True)
        th.start()
        try:
            rc = proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            rc = None
        wall = time.monotonic() - t0
        done.set()
        th.join()
    return wall, rc, sum(peaks.values()), sum(anons.values())


def rows(ttr, which):
    """(label, argv, parser) for the rows of a scenario."""
    m = ["-m", "12"]
    full = [
        ("tcptraceroute", [ttr] + m + [TARGET], parse_trace),
        ("tcptraceroute -n", [ttr, "-n"] + m + [TARGET], parse_trace),
        ("tcptraceroute -q 1 -n", [ttr, "-q", "1", "-n"] + m + [TARGET],
         parse_trace),
        (REFERENCE, ["traceroute", "-T", "-n"] + m + [TARGET], parse_trace),
        ("traceroute -T", ["traceroute", "-T"] + m + [TARGET], parse_trace),
        ("tcptraceroute.mt -n", ["tcptraceroute.mt", "-n"] + m + [TARGET],
         parse_trace),
        ("mtr --tcp -r -c 1 -n", ["mtr", "--tcp", "-r", "-c", "1", "-n"] +
         m + [TARGET], parse_mtr),
        ("lft -n", ["lft", "-n", "-H", "12", TARGET], parse_lft),
    ]
    if which == "dns":
        keep = ("tcptraceroute", REFERENCE, "traceroute -T")
        full = [r for r in full if r[0] in keep]
    out, missing = [], []
    for r in full:
        if shutil.which(r[1][0]) or os.access(r[1][0], os.X_OK):
            out.append(r)
        else:
            missing.append(r[1][0])
    return out, missing


class Pool:
    """Source addresses handed out in turn; the position survives from
    one scenario to the next in a state file."""

    def __init__(self, spec, state):
        base, rng = spec.rsplit(".", 1)
        lo, hi = (int(x) for x in rng.split("-"))
        self.addrs = ["%s.%d" % (base, i) for i in range(lo, hi + 1)]
        self.state = state
        self.next = 0
        if state and os.path.exists(state):
            with open(state) as f:
                self.next = int(f.read() or 0)

    def take(self):
        a = self.addrs[self.next % len(self.addrs)]
        self.next += 1
        if self.state:
            with open(self.state, "w") as f:
                f.write(str(self.next))
        subprocess.run(["ip", "route", "replace", "default", "via",
                        "198.18.1.2", "dev", "l1", "src", a], check=True)
        return a


def calibrate(pool, nhops, delay):
    """How far the wire is from its nominal delay: the median time of 5
    TCP connects to each hop (a RST from a router, the server's SYN|ACK)
    against 2 * k * delay.  Returns the largest error in ms."""
    import socket
    pool.take()
    worst = 0.0
    for k in range(1, nhops + 1):
        addr = ("198.18.%d.2" % k, 80 if k == nhops else 9)
        times = []
        for _ in range(5):
            s = socket.socket()
            s.settimeout(2)
            t0 = time.monotonic()
            try:
                s.connect(addr)
            except ConnectionRefusedError:
                pass
            except OSError:
                continue
            times.append((time.monotonic() - t0) * 1000)
            s.close()
        if times:
            worst = max(worst, abs(statistics.median(times) - 2 * k * delay))
        else:
            worst = float("inf")
    return worst


def fmt(v, spec):
    return "-" if v is None else format(v, spec)


def take_turns(a, pool, table, judge):
    """Run each row (label, argv, parser) of table a.rounds times, the
    rows taking turns (each round starting one row further on), each
    run from the next source address.  judge(parser, output, start,
    (wall, exit, rss, anon)) gives (result, note, trailer) for a run;
    with a.logs each run's output is kept there, note in its first line
    and trailer after it.  Returns ({label: [result...]}, seconds)."""
    tmp = tempfile.mkdtemp(prefix="run.",
                           dir=os.path.dirname(a.state) or None)
    if a.logs:
        os.makedirs(a.logs, exist_ok=True)
    res = {r[0]: [] for r in table}
    t_start = time.monotonic()
    for rnd in range(a.rounds):
        for i in range(len(table)):
            label, argv, parser = table[(i + rnd) % len(table)]
            src = pool.take()
            out = os.path.join(tmp, "out")
            err = os.path.join(tmp, "err")
            t0 = time.monotonic()
            m = measure(argv, out, err)
            with open(out, errors="replace") as f:
                text = f.read()
            r, note, trailer = judge(parser, text, t0, m)
            res[label].append(r)
            if a.logs:
                name = "%s-%d-%s" % (a.name, rnd + 1,
                                     re.sub(r"[^\w.]+", "_", label))
                with open(os.path.join(a.logs, name + ".out"), "w") as f:
                    f.write("# %s  (source %s, %.3f s, exit %s, %s)\n" %
                            (" ".join(argv), src, m[0], m[1], note))
                    f.write(text)
                    f.write(trailer)
                shutil.copy(err, os.path.join(a.logs, name + ".err"))
    shutil.rmtree(tmp)
    return res, time.monotonic() - t_start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--name", required=True)
    ap.add_argument("--title", required=True)
    ap.add_argument("--delay", type=float, required=True)
    ap.add_argument("--hops", type=int, required=True)
    ap.add_argument("--silent", type=int, required=True)
    ap.add_argument("--rounds", type=int, required=True)
    ap.add_argument("--rows", choices=("all", "dns", "scan", "users"),
                    required=True)
    ap.add_argument("--series", default="4,10",
                    help="users: traces back to back in a series, n,...")
    ap.add_argument("--open", default="",
                    help="scan: the server's open ports, a,b,...")
    ap.add_argument("--filtered", default="0-0",
                    help="scan: the ports it drops, first-last")
    ap.add_argument("--ttr", required=True)
    ap.add_argument("--pool", required=True)
    ap.add_argument("--logs", default="")
    ap.add_argument("--state", default="")
    ap.add_argument("--wirelog", default="")
    a = ap.parse_args()

    pool = Pool(a.pool, a.state)
    if a.rows == "scan":
        scan(a, pool)
        return
    if a.rows == "users":
        users(a, pool)
        return
    table, missing = rows(a.ttr, a.rows)
    wire_err = calibrate(pool, a.hops, a.delay)
    wlog = WireLog(a.wirelog)

    def judge(parser, text, t0, m):
        probes = actual(wlog.frames(t0, time.monotonic()), TARGET)
        hops = parser(text)
        fs, wrong, rtterr = score(hops, a.hops, a.silent, a.delay)
        werr, unm = wire_error(hops, probes, a.hops, a.silent, a.delay,
                               TARGET)
        note = ("%d false *, %d wrong, RTT error %.3f ms, %.3f ms vs the "
                "wire" % (fs, wrong, rtterr, werr))
        trailer = "".join("# wire: ttl %d answered by %s in %s ms\n" %
                          (p["ttl"], p["from"] or "-", fmt(p["ms"], ".3f"))
                          for p in probes)
        return (m + (fs, wrong, rtterr, werr, unm), note, trailer)

    res, took = take_turns(a, pool, table, judge)

    ref = None
    if res.get(REFERENCE):
        ref = statistics.median(r[0] for r in res[REFERENCE])
    print()
    print(a.title)
    print("  %d rounds in %.0f s; wire check: TCP connect RTT to each hop "
          "within %.2f ms" % (a.rounds, took, wire_err))
    print(("  %-22s %8s %10s %7s %5s %13s %11s %12s" %
           ("", "median", "ratio to", "", "hops", "RTT error ms",
            "vs wire ms", "peak RSS MiB")).rstrip())
    print("  %-22s %8s %10s %7s %5s %13s %11s %12s  %s" %
          ("tool/args", "wall s", "tr -T -n", "false *", "wrong",
           "median/max", "median/max", "(anon)", "note"))
    summary = {}
    for label, _, _ in table:
        rr = res[label]
        med = statistics.median(r[0] for r in rr)
        ratio = med / ref if ref else None
        fs = sum(r[4] for r in rr)
        wrong = sum(r[5] for r in rr)
        err = max(r[6] for r in rr)
        errmed = statistics.median(r[6] for r in rr)
        rss = max(r[2] for r in rr) / 1024
        anon = max(r[3] for r in rr) / 1024
        werr = max(r[7] for r in rr)
        werrmed = statistics.median(r[7] for r in rr)
        unm = sum(r[8] for r in rr)
        notes = []
        tmo = sum(1 for r in rr if r[1] is None)
        bad = sum(1 for r in rr if r[1] not in (None, 0))
        if tmo:
            notes.append("%d timed out" % tmo)
        if bad:
            notes.append("%d exit != 0" % bad)
        if unm:
            notes.append("%d RTTs not found on the wire" % unm)
        summary[label] = (med, ratio, fs, rr, rss)
        print(("  %-22s %8.2f %10s %7d %5d %13s %11s %12s  %s" %
               (label, med, fmt(ratio, ".2f"), fs, wrong,
                "%.2f/%.2f" % (errmed, err), "%.2f/%.2f" % (werrmed, werr),
                "%.1f (%.1f)" % (rss, anon), ", ".join(notes))).rstrip())
    if missing:
        print("  not installed: %s" % ", ".join(missing))
    if a.name == "a" and ref:
        show_targets(summary)
    sys.stdout.flush()


def missing(hops, nhops, silent):
    """Hops that answer in truth printed with no address (or not at
    all) in one run."""
    return sum(1 for k in range(1, nhops + 1) if k != silent and
               not hops.get(k, {}).get("addrs"))


def users(a, pool):
    """What users do: the same default trace run n times back to back
    from one source address, so that the routers' ICMP budgets for it
    run dry.  For each n, each tool runs its series twice: first on
    rested routers (a fresh address), the other tool's series then
    following it from the same address; then the other way round, each
    series starting on the routers the other tool's series drained.
    A tool's figures are summed over its runs of both series."""
    table = [("tcptraceroute -n", [a.ttr, "-n", TARGET], parse_trace),
             (REFERENCE, ["traceroute", "-T", "-n", TARGET], parse_trace)]
    table = [r for r in table if shutil.which(r[1][0]) or
             os.access(r[1][0], os.X_OK)]
    tmp = tempfile.mkdtemp(prefix="run.",
                           dir=os.path.dirname(a.state) or None)
    if a.logs:
        os.makedirs(a.logs, exist_ok=True)
    print()
    print(a.title)
    print("  %-22s %6s %8s %7s %7s %9s %9s  %s" %
          ("tool/args", "series", "runs", "false *", "missing", "total s",
           "ratio", "wall s of each run, in order (first series rested, "
           "second after the other tool's)"))
    for n in (int(x) for x in a.series.split(",")):
        res = {r[0]: [] for r in table}
        for order in (table, table[::-1]):
            src = pool.take()
            for label, argv, parser in order:
                for i in range(n):
                    out = os.path.join(tmp, "out")
                    err = os.path.join(tmp, "err")
                    m = measure(argv, out, err)
                    with open(out, errors="replace") as f:
                        text = f.read()
                    hops = parser(text)
                    fs, _, rtterr = score(hops, a.hops, a.silent, a.delay)
                    miss = missing(hops, a.hops, a.silent)
                    res[label].append((m[0], fs, miss, rtterr, m[1]))
                    if a.logs:
                        name = "%s-%d-%s-%s-%d" % (
                            a.name, n, order[0][0].split()[0], re.sub(
                                r"[^\w.]+", "_", label), i + 1)
                        with open(os.path.join(a.logs, name + ".out"),
                                  "w") as f:
                            f.write("# %s  (source %s, %.3f s, exit %s, "
                                    "%d false *, %d missing)\n" %
                                    (" ".join(argv), src, m[0], m[1], fs,
                                     miss))
                            f.write(text)
                        shutil.copy(err, os.path.join(a.logs,
                                                      name + ".err"))
        ref = sum(r[0] for r in res.get(REFERENCE, []))
        ours = res.get("tcptraceroute -n", [])
        for label, _, _ in table:
            rr = res[label]
            tot = sum(r[0] for r in rr)
            bad = sum(1 for r in rr if r[4] != 0)
            print(("  %-22s %6d %8d %7d %7d %9.2f %9s  %s%s" %
                   (label, n, len(rr), sum(r[1] for r in rr),
                    sum(r[2] for r in rr), tot,
                    fmt(tot / ref if ref else None, ".2f"),
                    " ".join("%.2f" % r[0] for r in rr),
                    ", %d exit != 0" % bad if bad else "")).rstrip())
        if ours and ref:
            ok = sum(r[1] + r[2] for r in ours) == 0
            tot = sum(r[0] for r in ours) / ref
            print("  targets (issue 12), %d runs: 0 false * and 0 missing: %s;"
                  " total %.2fx <= 1.0x: %s" % (n, "met" if ok else "MISSED",
                                               tot, "met" if tot <= 1.0
                                               else "MISSED"))
        sys.stdout.flush()
    shutil.rmtree(tmp)


RE_NMAP_PORT = re.compile(r"^(\d+)/tcp\s+(open|closed|filtered)\s", re.M)
RE_NMAP_HIDDEN = re.compile(r"(\d+) (closed|filtered) tcp ports")
RE_WORD = re.compile(r"[a-z]+")
RE_PORT = re.compile(r"(?<![\d.])(\d{1,5})(?![\d.])")
STATES = ("open", "closed", "filtered")


def nmap_states(text):
    """(open ports, number closed, number filtered) from nmap's report."""
    n = {"closed": 0, "filtered": 0}
    opened = set()
    for port, state in RE_NMAP_PORT.findall(text):
        if state == "open":
            opened.add(int(port))
        else:
            n[state] += 1
    for line in text.splitlines():
        if line.startswith("Not shown:"):
            for count, state in RE_NMAP_HIDDEN.findall(line):
                n[state] += int(count)
    return opened, n["closed"], n["filtered"]


def scan_states(text):
    """The same from tcptraceroute --scan, which prints a line per port
    naming one state (and a summary line naming them all)."""
    n = {"closed": 0, "filtered": 0}
    opened = set()
    for line in text.splitlines():
        said = set(RE_WORD.findall(line.lower())) & set(STATES)
        m = RE_PORT.search(line)
        if m is None or len(said) != 1:
            continue
        state = said.pop()
        if state == "open":
            opened.add(int(m.group(1)))
        else:
            n[state] += 1
    return opened, n["closed"], n["filtered"]


def scan_rows(ttr):
    """(label, argv or None if the tool cannot scan, open-port parser)."""
    ports = "1-1024"
    out = [("nmap -sS -n -Pn -p" + ports,
            ["nmap", "-sS", "-n", "-Pn", "-p" + ports, TARGET], nmap_states)]
    label = "tcptraceroute --scan --ports %s -n" % ports
    helptext = subprocess.run([ttr, "--help"], stdin=subprocess.DEVNULL,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              errors="replace").stdout
    if "--scan" in helptext:
        out.append((label, [ttr, "--scan", "--ports", ports, "-n", TARGET],
                    scan_states))
    else:
        out.append((label, None, None))
    if not shutil.which("nmap"):
        out[0] = (out[0][0], None, None)
    return out


def scan(a, pool):
    """The port scan scenario (ports 1-1024): each scanner ROUNDS times,
    taking turns; wall time, and whether it found every port's state."""
    table = scan_rows(a.ttr)
    opened = set(int(x) for x in a.open.split(",") if x)
    lo, hi = (int(x) for x in a.filtered.split("-"))
    truth = (opened, 1024 - len(opened) - (hi - lo + 1), hi - lo + 1)

    def judge(parser, text, t0, m):
        found = parser(text)
        note = ("open %s, %d closed, %d filtered" %
                (",".join(str(x) for x in sorted(found[0])), found[1],
                 found[2]))
        return (m + (found == truth,), note, "")

    res, took = take_turns(a, pool, [r for r in table if r[1] is not None],
                           judge)
    print()
    print(a.title)
    print("  %d rounds in %.0f s" % (a.rounds, took))
    print("  %-38s %8s %8s %11s %8s" %
          ("", "median", "largest", "states", "peak RSS"))
    print("  %-38s %8s %8s %11s %8s  %s" %
          ("scanner", "wall s", "wall s", "right", "MiB", "note"))
    for label, argv, _ in table:
        rr = res.get(label)
        if not rr:
            print("  %-38s %8s %8s %11s %8s  %s" %
                  (label, "n/a", "n/a", "n/a", "n/a",
                   "not installed" if label.startswith("nmap")
                   else "no --scan in this build"))
            continue
        notes = []
        tmo = sum(1 for r in rr if r[1] is None)
        bad = sum(1 for r in rr if r[1] not in (None, 0))
        if tmo:
            notes.append("%d timed out" % tmo)
        if bad:
            notes.append("%d exit != 0" % bad)
        print(("  %-38s %8.2f %8.2f %11s %8.1f  %s" %
               (label, statistics.median(r[0] for r in rr),
                max(r[0] for r in rr),
                "%d/%d" % (sum(1 for r in rr if r[4]), len(rr)),
                max(r[2] for r in rr) / 1024, ", ".join(notes))).rstrip())
    sys.stdout.flush()


def show_targets(s):
    """Issue 5's targets for this tool, shown against the results."""
    def mark(ok):
        return "met" if ok else "MISSED"
    out = []
    n = s.get("tcptraceroute -n")
    d = s.get("tcptraceroute")
    if n:
        within = sum(1 for r in n[3] if r[6] <= 2)
        wwithin = sum(1 for r in n[3] if r[7] <= 2)
        out.append("-n %.2fx <= 0.6x: %s" % (n[1], mark(n[1] <= 0.6)))
        out.append("-n false * = 0: %s" % mark(n[2] == 0))
        out.append("-n RTT within 2 ms in %d/%d runs: %s" %
                   (within, len(n[3]), mark(within == len(n[3]))))
        out.append("-n RTT within 2 ms of the wire's actual delay in "
                   "%d/%d runs: %s" %
                   (wwithin, len(n[3]), mark(wwithin == len(n[3]))))
    if d:
        out.append("default %.2fx <= 1.0x: %s" % (d[1], mark(d[1] <= 1.0)))
        rss = max(v[4] for k, v in s.items() if k.startswith("tcptraceroute")
                  and not k.startswith("tcptraceroute.mt"))
        out.append("RSS %.1f <= 8 MiB: %s" % (rss, mark(rss <= 8)))
    print("  targets: " + ";\n           ".join(out))


if __name__ == "__main__":
    main()
