#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for labspec's tests. Prints its port, then serves:

  /health       500 with a ForbiddenByRbac body until the file STATE/fixed exists, then 200
  /status/N     status N
  /slow/S       answers 200 after S seconds
  /flap         503 and 200 in turn
  /redirect     302 to /status/200
  /echo         200 with the request's method, headers and body as JSON
  /latin1-header  200 with a header holding a byte that is not UTF-8 (é as Latin-1)
  /big/N        200 with an N MiB body
  /many-headers 200 with about 2 MiB of headers

It stops by itself after 300 seconds, so a test that dies cannot leave it running.
Usage: http-server.py STATE_DIR
"""
import json
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = sys.argv[1] if len(sys.argv) > 1 else "."
FLAP = {"count": 0}
FORBIDDEN = json.dumps({"message": "Access denied or Key Vault read failed: (Forbidden) Caller is not authorized. "
                                   "Code: Forbidden Inner error: {\"code\":\"ForbiddenByRbac\"}"})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, content_type="application/json", extra=None):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def handle_any(self):
        path = self.path.split("?")[0]
        if path == "/health":
            if os.path.exists(os.path.join(STATE, "fixed")):
                self.reply(200, json.dumps({"secretLength": "20", "status": "ok"}, separators=(",", ":")) + "\n")
            else:
                self.reply(500, FORBIDDEN)
        elif path.startswith("/status/"):
            self.reply(int(path.split("/")[2]), json.dumps({"status": int(path.split("/")[2])}))
        elif path.startswith("/slow/"):
            time.sleep(float(path.split("/")[2]))
            self.reply(200, "{}")
        elif path == "/flap":
            FLAP["count"] += 1
            self.reply(503 if FLAP["count"] % 2 else 200, "{}")
        elif path == "/redirect":
            self.reply(302, "", extra={"Location": "/status/200"})
        elif path.startswith("/big/"):
            # N MiB of body, sent in pieces.
            size = int(path.split("/")[2]) << 20
            self.send_response(200)
            self.send_header("Content-Length", str(size))
            self.end_headers()
            piece = b"x" * (1 << 20)
            for _ in range(size >> 20):
                self.wfile.write(piece)
        elif path == "/many-headers":
            # Headers without end (well, 2 MiB of them).
            self.send_response(200)
            for index in range(40000):
                self.send_header(f"X-Filler-{index}", "y" * 40)
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/latin1-header":
            # http.server writes header values as Latin-1: é goes out as the byte 0xE9.
            self.reply(200, "{}", extra={"X-Name": "caf\u00e9"})
        elif path == "/echo":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            self.reply(200, json.dumps({"method": self.command, "headers": dict(self.headers), "body": body}))
        else:
            self.reply(404, "{}")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_any


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    threading.Timer(300, server.shutdown).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
