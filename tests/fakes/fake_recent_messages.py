#!/usr/bin/env python3
"""A local stand-in for the recent-messages service (recent-messages.robotty.de), for the
end-to-end tests: GET <prefix>/<channel> answers {"messages": [...], "error": null,
"error_code": null} with the last LIMIT raw IRC lines of that channel, as the service keeps
them (tags historical=1 and rm-received-ts added). The lines come from the log the Twitch
chat stand-in writes (fake-twitch-irc --recent-log PATH): everything it generated, whether
a client was there to read it or not.

Usage: fake_recent_messages.py LOG_PATH [LIMIT]   (prints "port N", serves until killed)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[1]
LIMIT = int(sys.argv[2]) if len(sys.argv) > 2 else 800


def recent(channel):
    marker = " PRIVMSG #" + channel + " :"
    lines = []
    try:
        with open(LOG, encoding="utf-8") as f:
            for line in f:
                line = line.rstrip("\n")
                if marker in line:
                    lines.append(line)
    except FileNotFoundError:
        pass
    now = int(time.time() * 1000)
    out = []
    for line in lines[-LIMIT:]:
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
