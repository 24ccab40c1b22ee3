#!/usr/bin/env python3
"""Samples /api/v1/health of several instances every PERIOD seconds until STOP_FILE exists,
writing one line per sample: "<unix time> <port> <messages_stored> <joined channels>".
Usage: sampler.py OUT STOP_FILE PERIOD PORT...   (bench/multi_instance/run.sh)"""
import json
import os
import sys
import threading
import time
import urllib.request

out_path, stop_file, period = sys.argv[1], sys.argv[2], float(sys.argv[3])
ports = sys.argv[4:]
lock = threading.Lock()
out = open(out_path, "w")


def sample(port):
    while not os.path.exists(stop_file):
        started = time.time()
        try:
            with urllib.request.urlopen("http://127.0.0.1:%s/api/v1/health" % port, timeout=2) as r:
                h = json.load(r)
            joined = sum(1 for c in h.get("channels", []) if c.get("state") == "joined")
            line = "%.4f %s %d %d\n" % (time.time(), port, h.get("messages_stored") or 0, joined)
        except Exception:
            line = "%.4f %s -1 0\n" % (time.time(), port)
        with lock:
            out.write(line)
        time.sleep(max(0.0, period - (time.time() - started)))


threads = [threading.Thread(target=sample, args=(p,)) for p in ports]
for t in threads:
    t.start()
for t in threads:
    t.join()
out.close()
