#!/usr/bin/env python3
"""A local stand-in for the recent-messages service (recent-messages.robotty.de), for the
end-to-end tests: GET <prefix>/<channel> answers {"messages": [...], "error": null,
"error_code": null} with the last LIMIT raw IRC lines of that channel, as the service keeps
them (tags historical=1 and rm-received-ts added). The lines come from the log the Twitch
chat stand-in writes (fake-twitch-irc --recent-log PATH): everything it generated, whether
a client was there to read it or not.

Usage: fake_recent_messages.py LOG_PATH [LIMIT]   (prints "port N", serves until killed)
"""
import collections
import json
import re
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[1]
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 800


PRIVMSG = re.compile(r" PRIVMSG #([^ ]+) :")
lock = threading.Lock()
offset = 0  # how far the log was read
by_channel = collections.defaultdict(lambda: collections.deque(maxlen=LIMIT))


def read_new_lines():
    """Reads what the log gained since the last request (whole lines only)."""
    global offset
    try:
        with open(LOG, "rb") as f:
            f.seek(offset)
            data = f.read()
    except FileNotFoundError:
        return
    end = data.rfind(b"\n") + 1
    offset += end
    for raw in data[:end].decode("utf-8").splitlines():
        m = PRIVMSG.search(raw)
        if m:
            by_channel[m.group(1)].append(raw)


def recent(channel):
    with lock:
        read_new_lines()
        lines = list(by_channel[channel])
    now = int(time.time() * 1000)
    out = []
    for line in lines:
        if line.startswith("@"):
            line = "@historical=1;rm-received-ts=%d;%s" % (now, line[1:])
        out.append(line)
    return out


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        channel = self.path.split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()
        body = json.dumps({"messages": recent(channel), "error": None,
                           "error_code": None}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("port %d" % server.server_address[1], flush=True)
server.serve_forever()
