#!/usr/bin/env python3
"""The operators' pages for the watcher's end-to-end test: serves ROOT (a link, repointed between
rounds) with a content ETag and 304 on If-None-Match, as the operators' servers do, and the
faults a real server can show under /faults/: slow, 500, a redirect loop, 50 MB (with and
without Content-Length), and /faults/gate, which waits while the file GATE exists (so that a
watcher can be killed in the middle of a run)."""
import hashlib
import http.server
import os
import sys
import time

ROOT, PORT, GATE = sys.argv[1], int(sys.argv[2]), sys.argv[3]
TYPES = {".rdf": "application/rdf+xml", ".xml": "application/rss+xml", ".atom": "application/atom+xml",
         ".html": "text/html", ".pdf": "application/pdf"}


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/faults/slow":
            time.sleep(30)
            return self.answer(200, b"<html><body>late</body></html>", "text/html")
        if path == "/faults/500":
            return self.answer(500, b"Internal Server Error", "text/plain")
        if path == "/faults/loop":
            self.send_response(302)
            self.send_header("Location", "/faults/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path in ("/faults/huge", "/faults/huge-chunked"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            if path == "/faults/huge":
                self.send_header("Content-Length", str(50 << 20))
            self.end_headers()
            block = b"<p>" + b"x" * 1020 + b"</p>"
            try:
                for _ in range(50 << 10):
                    self.wfile.write(block)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/faults/gate":
            while os.path.exists(GATE):
                time.sleep(0.1)
            return self.answer(200, b"<html><body><p>no news</p></body></html>", "text/html")
        file = os.path.realpath(os.path.join(ROOT, path.lstrip("/")))
        if not os.path.isfile(file):
            return self.answer(404, b"Not Found", "text/plain")
        with open(file, "rb") as handle:
            body = handle.read()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.answer(200, body, TYPES.get(os.path.splitext(file)[1], "application/octet-stream"), etag)

    def answer(self, status, body, content_type, etag=None):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


http.server.ThreadingHTTPServer.daemon_threads = True
http.server.ThreadingHTTPServer(("127.0.0.1", PORT), Handler).serve_forever()
