#!/usr/bin/env python3
"""Figures of bench/multi_instance/run.sh from the sampler's file.
Usage: analyze.py SAMPLES START RATE COUNT KILL_TIME
Follower lag of message k on instance P = the first sample where P's messages_stored >= k
minus the first sample where any instance's (the holder's) messages_stored >= k: the time
from "answered by the instance that read it" to "answered by another one" (sampling adds up
to one period). End-to-end lag = first sample where P has k minus the time the stand-in
sent message k (START + k / RATE)."""
import bisect
import sys

path, start, rate, count, kill_time = sys.argv[1:6]
start, rate, count, kill_time = float(start), float(rate), int(count), float(kill_time)
series = {}
for line in open(path):
    t, port, n, joined = line.split()
    series.setdefault(port, []).append((float(t), int(n), int(joined)))
for s in series.values():
    s.sort()


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))]


# Counts are monotone per instance: precompute (counts, times) for bisect.
idx = {}
for port, s in series.items():
    counts, times, best = [], [], -1
    for t, n, _ in s:
        if n > best:
            best = n
            counts.append(n)
            times.append(t)
    idx[port] = (counts, times)


def reach(port, k):
    counts, times = idx[port]
    i = bisect.bisect_left(counts, k)
    return times[i] if i < len(counts) else None


follower, e2e = [], []
ks = range(1, count + 1, max(1, count // 5000))
for k in ks:
    sent = start + k / rate
    if sent + 1.0 >= kill_time:  # before the kill only (the takeover is measured apart)
        break
    got = sorted(t for t in (reach(p, k) for p in idx) if t is not None)
    if not got:
        continue
    e2e.extend(t - sent for t in got)
    follower.extend(t - got[0] for t in got[1:])  # got[0]: the holder (first to answer)
print("follower lag (holder's answers -> another instance's answers), %d samples: "
      "p50 %.0f ms, p99 %.0f ms, max %.0f ms"
      % (len(follower), pct(follower, 50) * 1000, pct(follower, 99) * 1000,
         max(follower) * 1000 if follower else float("nan")))
print("end-to-end lag (stand-in sends -> an instance answers), p50 %.0f ms, p99 %.0f ms"
      % (pct(e2e, 50) * 1000, pct(e2e, 99) * 1000))
