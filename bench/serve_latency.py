#!/usr/bin/env python3
"""Edit-to-reload latency of `loa serve` and `hugo server` on the same corpus.

    bench/serve_latency.py CORPUS_DIR [--edits 20] [--loa target/release/loa] [--hugo hugo]

CORPUS_DIR is what ../shared/bench/gen_corpus.py wrote (its loa/ and hugo/
flavours). For each tool: start the server, connect to its live-reload channel
as a browser would (Loa: the Server-Sent Events stream /__loa/events; Hugo: the
LiveReload WebSocket /livereload), then append a sentence to the body of one
article, and time from the moment the file is closed to the moment the reload
message arrives. The edit is the same file in both flavours. Hugo's own
"Total in N ms" lines are recorded too. Standard library only.
"""

import argparse
import base64
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, proc, timeout=600):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("server exited early")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit("server did not start")


def pick_article(corpus):
    folder = os.path.join(corpus, "loa", "content", "tin-tuc")
    names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
    return names[len(names) // 2]


KIND = "body"
KINDS = ["body"]
PAUSE = 0.4


# Tag and area sets the edits cycle through (all exist in the generated corpus).
TAG_SETS = ['["một cửa", "PCI"]', '["chuyển đổi số"]', '["SIPAS", "chữ ký số", "chính phủ số"]']
AREA_SETS = ['["the-che"]', '["cong-vu", "chinh-quyen-so"]', '["tai-chinh-cong"]']


def set_line(text, key, value):
    return re.sub(rf"^{key}: .*$", f"{key}: {value}", text, count=1, flags=re.M)


def edit(path, k):
    """Change one article, by --kind: `body` appends a sentence; `title`
    changes the title (its entry in every list that shows it); `date` moves
    it to another date (its place in every list); `tags` and `areas` move it
    between taxonomy lists."""
    if KIND == "body":
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"\nĐoạn bổ sung lần thứ {k} để đo thời gian xem trước.\n")
        return time.perf_counter()
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if KIND == "title":
        text = re.sub(r'^title: "(Sửa \d+: )?', f'title: "Sửa {k}: ', text, count=1, flags=re.M)
    elif KIND == "date":
        text = set_line(text, "date", f"2022-{1 + k % 12:02}-{1 + (7 * k) % 28:02}")
    elif KIND == "tags":
        text = set_line(text, "tags", TAG_SETS[k % len(TAG_SETS)])
    elif KIND == "areas":
        text = set_line(text, "areas", AREA_SETS[k % len(AREA_SETS)])
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return time.perf_counter()


class Sse:
    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.sock.sendall(b"GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        self.buf = b""
        self.wait("ok")

    def wait(self, name, timeout=30):
        self.sock.settimeout(timeout)
        marker = f"event: {name}\n".encode()
        while marker not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise RuntimeError("stream closed")
            self.buf += chunk
        at = self.buf.index(marker)
        self.buf = self.buf[at + len(marker):]
        return time.perf_counter()


class LiveReload:
    """A minimal WebSocket client for Hugo's LiveReload endpoint."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((
            "GET /livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            head += self.sock.recv(1)
        if b" 101 " not in head.split(b"\r\n")[0]:
            raise RuntimeError(head.decode(errors="replace"))
        self.send(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))

    def send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81, 0x80 | len(data)]) if len(data) < 126 else bytes([0x81, 0xFE]) + len(data).to_bytes(2, "big")
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("socket closed")
            data += chunk
        return data

    def message(self):
        b1, b2 = self.recv_exact(2)
        length = b2 & 0x7F
        if length == 126:
            length = int.from_bytes(self.recv_exact(2), "big")
        elif length == 127:
            length = int.from_bytes(self.recv_exact(8), "big")
        payload = self.recv_exact(length)
        return b1 & 0x0F, payload

    def wait_reload(self, timeout=60):
        self.sock.settimeout(timeout)
        while True:
            op, payload = self.message()
            if op == 1 and b'"reload"' in payload:
                return time.perf_counter()


def summary(values):
    values = sorted(values)
    return {
        "median_ms": round(statistics.median(values) * 1000, 1),
        "p90_ms": round(values[int(0.9 * (len(values) - 1))] * 1000, 1),
        "min_ms": round(values[0] * 1000, 1),
        "max_ms": round(values[-1] * 1000, 1),
        "n": len(values),
    }


def fetch(port, path):
    """GET one page; returns the seconds until its last byte and the status."""
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = sock.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    return time.perf_counter() - start, data.split(b" ", 2)[1].decode()


WORK = "/dev/shm" if os.path.isdir("/dev/shm") else None
FETCH = []
CLEANUP = []


def bench(corpus, flavour, command, connect, wait, pause, edits):
    """Start a server on a copy of the corpus's `flavour`, connect to its
    reload channel, edit one article `edits` times; returns the timings and
    the server's log. With --fetch, each listed page is requested as soon
    as the reload message arrives (a page the edit changed but the server
    has not written yet makes the request wait for it)."""
    work = tempfile.mkdtemp(prefix=f"{flavour}-serve-", dir=WORK)
    site = os.path.join(work, "site")
    shutil.copytree(os.path.join(corpus, flavour), site)
    port = free_port()
    with open(os.path.join(work, "server.log"), "w+") as log:
        proc = subprocess.Popen(command(site, port), stdout=log, stderr=subprocess.STDOUT, text=True)
        try:
            wait_port(port, proc)
            channel = connect(port)
            article = os.path.join(site, "content", "tin-tuc", pick_article(corpus))
            results = {}
            global KIND
            for kind in KINDS:
                KIND = kind
                times = []
                fetched = {path: [] for path in FETCH}
                for k in range(edits):
                    time.sleep(pause)
                    start = edit(article, k)
                    times.append(wait(channel) - start)
                    for path in FETCH:
                        seconds, status = fetch(port, path)
                        if status != "200":
                            sys.exit(f"GET /{path}: {status}")
                        fetched[path].append(seconds)
                results[kind] = summary(times)
                if FETCH:
                    results[kind]["fetch_after_reload"] = {path: summary(v) for path, v in fetched.items()}
            time.sleep(max(0.5, pause))
            log.seek(0)
            return results, log.read()
        finally:
            proc.terminate()
            proc.wait()
            # Removing the output (4.6 GB on disk at 100,000 articles) takes
            # minutes on a busy disk: after the results are printed.
            CLEANUP.append(work)


def bench_loa(corpus, loa, edits):
    result, log = bench(corpus, "loa",
                        lambda site, port: [loa, "serve", "--root", site, "--port", str(port), "--now", "2023-01-01"],
                        Sse, lambda stream: stream.wait("reload"), PAUSE, edits)
    # With LOA_TIMINGS=1 in the environment: the medians of what the server
    # reports of each rebuild (the first build left out; a rebuild's lines
    # end with `rebuild`), and each rebuild's time without the search index.
    rebuilds, current = [], {}
    for stage, ms in re.findall(r"loa-timings: (\S+) (\d+) ms", log):
        if stage.startswith("serve-deferred") and rebuilds:
            # Outputs written after the reload message: the time from the
            # start of the rebuild until the last is written.
            rebuilds[-1][stage] = int(ms)
            continue
        current[stage] = int(ms)
        if stage == "rebuild":
            rebuilds.append(current)
            current = {}
    rebuilds = rebuilds[1:]
    for n, kind in enumerate(KINDS):
        timings(result[kind], rebuilds[n * edits:(n + 1) * edits])
    return result if len(KINDS) > 1 else result[KINDS[0]]


def timings(result, rebuilds):
    """The medians of the stages `LOA_TIMINGS=1` printed for these rebuilds."""
    if rebuilds:
        stages = sorted({k for r in rebuilds for k in r})
        result["timings_ms"] = {k: statistics.median(r[k] for r in rebuilds if k in r) for k in stages}
        without = sorted(r["rebuild"] - r.get("search-index-update", r.get("search-index", 0)) for r in rebuilds)
        result["without_index_ms"] = {"median": statistics.median(without), "p90": without[int(0.9 * (len(without) - 1))], "max": without[-1]}


def bench_hugo(corpus, hugo, edits):
    result, log = bench(corpus, "hugo",
                        lambda site, port: [hugo, "server", "--source", site, "--port", str(port), "--bind", "127.0.0.1"],
                        LiveReload, lambda socket_: socket_.wait_reload(), 1.0, edits)
    result = result[KINDS[0]] if len(KINDS) == 1 else result
    reported = [int(m) for m in re.findall(r"Total in (\d+) ms", log)]
    # The first "Total" is the initial build; the rest are the edits.
    result["reported_ms"] = statistics.median(reported[1:]) if len(reported) > 1 else None
    return result


def main():
    global KINDS, WORK, FETCH, PAUSE
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("--edits", type=int, default=20)
    ap.add_argument("--loa", default="target/release/loa")
    ap.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    ap.add_argument("--only", choices=["loa", "hugo"])
    ap.add_argument("--kind", default="body",
                    help="what the edit changes: body, title, date, tags or areas; several, comma-separated, are measured in turn on one server")
    ap.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None, help="where the copy of the corpus and its output go (default /dev/shm)")
    ap.add_argument("--fetch", action="append", default=[], metavar="PATH",
                    help="a page to request right after each reload message (repeatable), timed")
    ap.add_argument("--pause", type=float, default=0.4, help="seconds between edits (loa)")
    args = ap.parse_args()
    KINDS = args.kind.split(",")
    if not all(k in ("body", "title", "date", "tags", "areas") for k in KINDS):
        ap.error(f"unknown --kind {args.kind}")
    WORK = args.work
    FETCH = args.fetch
    PAUSE = args.pause
    results = {"edit": args.kind}
    if args.only in (None, "loa"):
        results["loa"] = bench_loa(args.corpus, os.path.abspath(args.loa), args.edits)
    if args.only in (None, "hugo"):
        results["hugo"] = bench_hugo(args.corpus, args.hugo, args.edits)
    print(json.dumps(results, indent=2, ensure_ascii=False), flush=True)
    for work in CLEANUP:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
