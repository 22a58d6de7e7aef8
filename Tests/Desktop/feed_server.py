#!/usr/bin/python3
"""A feed server for Tests/Desktop/run.sh: serves one .ics file on 127.0.0.1, well or badly.

    feed_server.py FILE --port-file PATH [--mode-file PATH]

Listens on a free port of 127.0.0.1 and writes the port number to --port-file once it accepts
connections. Every request for /<name of FILE> is answered according to the mode, read afresh
from --mode-file on each request (a missing or empty file means normal):

    normal         the file, with ETag and Last-Modified; 304 to a matching If-None-Match
                   (or, without one, to an If-Modified-Since not older than the file)
    garbage        200 with an HTML error page where the calendar should be (a broken proxy)
    huge           200 with a 50 MB calendar and its Content-Length
    huge-chunked   the same 50 MB, chunked: no Content-Length to reject it by
    down           503 Service Unavailable

Each request is logged on stdout as one line: METHOD PATH STATUS if-none-match=… if-modified-since=…
Standard library only; stops on SIGTERM.
"""

import argparse
import email.utils
import hashlib
import http.server
import os
import signal
import sys

HUGE_BYTES = 50 * 1000 * 1000


class FeedHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive and chunked bodies, as real servers do
    server_version = "OutageCalTestFeed/1.0"

    def do_GET(self):
        config = self.server.config
        if self.path.split("?")[0] != "/" + os.path.basename(config.file):
            return self.answer(404, b"not found\n", "text/plain")
        mode = read_mode(config.mode_file)
        try:
            if mode == "normal":
                self.serve_file(config.file)
            elif mode == "garbage":
                page = b"<html><head><title>502 Bad Gateway</title></head><body>upstream error</body></html>\n"
                self.answer(200, page, "text/calendar; charset=utf-8")
            elif mode == "huge":
                self.serve_huge(chunked=False)
            elif mode == "huge-chunked":
                self.serve_huge(chunked=True)
            elif mode == "down":
                self.answer(503, b"maintenance\n", "text/plain")
            else:
                self.answer(500, f"unknown mode {mode!r}\n".encode(), "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up reading (as it should on a huge body).
            self.close_connection = True

    def serve_file(self, path):
        with open(path, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        mtime = int(os.stat(path).st_mtime)
        headers = {"ETag": etag, "Last-Modified": email.utils.formatdate(mtime, usegmt=True)}
        if_none_match = self.headers.get("If-None-Match")
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_none_match is not None:
            fresh = etag in [tag.strip() for tag in if_none_match.split(",")] or if_none_match.strip() == "*"
        elif if_modified_since is not None:
            try:
                fresh = mtime <= email.utils.parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                fresh = False
        else:
            fresh = False
        if fresh:
            return self.answer(304, b"", None, headers)
        self.answer(200, body, "text/calendar; charset=utf-8", headers)

    def serve_huge(self, chunked):
        """A valid calendar padded to 50 MB, so that only a size limit can refuse it."""
        head = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//OutageCal tests//huge//EN\r\n"
        tail = b"END:VCALENDAR\r\n"
        line = b"X-PADDING:" + b"x" * 62 + b"\r\n"  # 74 octets, within the 75-octet fold limit
        count = (HUGE_BYTES - len(head) - len(tail)) // len(line)
        total = len(head) + count * len(line) + len(tail)
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar; charset=utf-8")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(total))
        self.end_headers()
        block = line * 1000
        pieces = [head] + [block] * (count // 1000) + [line * (count % 1000), tail]
        for piece in pieces:
            if chunked:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            else:
                self.wfile.write(piece)
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def answer(self, status, body, content_type, headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if status != 304:
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)

    def log_request(self, code="-", size="-"):
        code = getattr(code, "value", code)
        print(f"{self.command} {self.path} {code}"
              f" if-none-match={self.headers.get('If-None-Match', '-')}"
              f" if-modified-since={self.headers.get('If-Modified-Since', '-')}", flush=True)

    def log_message(self, format, *args):
        print("server: " + format % args, file=sys.stderr, flush=True)


def read_mode(path):
    if not path:
        return "normal"
    try:
        with open(path, encoding="utf-8") as f:
            return f.read().strip() or "normal"
    except FileNotFoundError:
        return "normal"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("file", help="the .ics file to serve")
    parser.add_argument("--port-file", required=True, help="where to write the port, once listening")
    parser.add_argument("--mode-file", help="holds the mode; read on every request")
    config = parser.parse_args()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    server.config = config
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    # Written whole, then renamed: a reader never sees half a number.
    with open(config.port_file + ".tmp", "w") as f:
        f.write(f"{server.server_address[1]}\n")
    os.replace(config.port_file + ".tmp", config.port_file)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
