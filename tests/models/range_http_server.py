#!/usr/bin/env python3
"""A small HTTP server on 127.0.0.1 for the download tests (standard library only).

Serves the files of one folder with Range support, and can misbehave on purpose:
  --drop-after N    the first response longer than N bytes stops after N body bytes and the
                    connection is closed, as an interrupted download would be; later responses
                    are whole
  --ignore-range    answers every request with the whole file (200), as servers without
                    Range support do
  /redirect/NAME    answers 302 to /NAME
  /…/NAME/          (a package index page) serves the file NAME.json
Missing files are 404. Each request is appended to --log as "GET <path> range=<Range or ->".
Prints the port it bound on the first line of stdout, then serves until it is terminated or
--lifetime seconds have passed.
"""

import argparse
import http.server
import os
import re
import threading


def make_handler(args, state):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, format, *values):  # the request log below replaces stderr noise
            pass

        def do_GET(self):
            range_header = self.headers.get("Range")
            with open(args.log, "a", encoding="utf-8") as log:
                log.write(f"GET {self.path} range={range_header or '-'}\n")

            if self.path.startswith("/redirect/"):
                self.send_response(302)
                self.send_header("Location", "/" + self.path[len("/redirect/"):])
                self.send_header("Content-Length", "0")
                self.end_headers()
                return

            name = os.path.basename(self.path)
            if self.path.endswith("/"):
                name = os.path.basename(self.path.rstrip("/")) + ".json"
            path = os.path.join(args.directory, name)
            if not os.path.isfile(path):
                self.send_error(404, "no such file")
                return
            with open(path, "rb") as f:
                data = f.read()
            size = len(data)

            start = 0
            match = re.fullmatch(r"bytes=(\d+)-", range_header or "")
            if match and not args.ignore_range:
                start = int(match.group(1))
                if start >= size:
                    self.send_response(416)
                    self.send_header("Content-Range", f"bytes */{size}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header("Content-Range", f"bytes {start}-{size - 1}/{size}")
            else:
                self.send_response(200)
            body = data[start:]
            # The full length is announced even when the body will be cut short.
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()

            with state["lock"]:
                # Only a body longer than the cut is cut (an index page before the file is not).
                drop = args.drop_after is not None and not state["dropped"] and len(body) > args.drop_after
                state["dropped"] = state["dropped"] or drop
            if drop:
                self.wfile.write(body[: args.drop_after])
                self.wfile.flush()
                self.close_connection = True
                return
            self.wfile.write(body)

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--directory", required=True)
    parser.add_argument("--log", required=True)
    parser.add_argument("--drop-after", type=int)
    parser.add_argument("--ignore-range", action="store_true")
    parser.add_argument("--lifetime", type=float, default=60.0)
    args = parser.parse_args()

    state = {"lock": threading.Lock(), "dropped": False}
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), make_handler(args, state))
    print(server.server_address[1], flush=True)
    # Never outlive a test that forgot to stop it.
    threading.Timer(args.lifetime, server.shutdown).start()
    server.serve_forever()
    server.server_close()


if __name__ == "__main__":
    main()
