#!/usr/bin/env python3
"""Checks that `loa serve` writes what `loa build` writes, at scale.

    bench/serve_check.py CORPUS_DIR WORK_DIR [--loa target/release/loa]

Copies the corpus's loa/ flavour (from ../shared/bench/gen_corpus.py) into
WORK_DIR (removed first), runs `loa serve --out WORK_DIR/serve-out` on it,
makes eight edits of the kinds of bench/serve_latency.py (dates, tags,
areas, a title, on four articles), each timed to its reload message, then
builds the same sources into WORK_DIR/fresh and compares the two folders
with `diff -rq`. Prints the differences; exits 1 when there are any.
"""

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import time

spec = importlib.util.spec_from_file_location("serve_latency", os.path.join(os.path.dirname(__file__), "serve_latency.py"))
sl = importlib.util.module_from_spec(spec)
spec.loader.exec_module(sl)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus")
    ap.add_argument("work")
    ap.add_argument("--loa", default="target/release/loa")
    args = ap.parse_args()
    loa = os.path.abspath(args.loa)
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    site = os.path.join(args.work, "site")
    shutil.copytree(os.path.join(args.corpus, "loa"), site)
    out = os.path.join(args.work, "serve-out")
    port = sl.free_port()
    with open(os.path.join(args.work, "server.log"), "w") as log:
        server = subprocess.Popen([loa, "serve", "--root", site, "--out", out, "--port", str(port), "--now", "2023-01-01"],
                                  stdout=log, stderr=subprocess.STDOUT)
        try:
            sl.wait_port(port, server)
            channel = sl.Sse(port)
            folder = os.path.join(site, "content", "tin-tuc")
            names = sorted(n for n in os.listdir(folder) if n.endswith(".md"))
            n = len(names)
            edits = [("date", n // 2), ("tags", n // 2), ("areas", n // 2), ("title", 2 * n // 5), ("date", 2 * n // 5),
                     ("tags", n // 80), ("date", 9 * n // 10), ("areas", 9 * n // 10)]
            for k, (kind, i) in enumerate(edits):
                sl.KIND = kind
                time.sleep(0.4)
                start = sl.edit(os.path.join(folder, names[i]), k + 1)
                print(f"{kind} {names[i]}: {(channel.wait('reload') - start) * 1000:.1f} ms", flush=True)
            time.sleep(0.5)
        finally:
            server.terminate()
            server.wait()
    fresh = os.path.join(args.work, "fresh")
    subprocess.run([loa, "build", "--root", site, "--out", fresh, "--now", "2023-01-01"], check=True, stdout=subprocess.DEVNULL)
    diff = subprocess.run(["diff", "-rq", out, fresh], capture_output=True, text=True)
    print(diff.stdout, end="")
    print(f"{len(diff.stdout.splitlines())} differences")
    sys.exit(1 if diff.stdout else 0)


if __name__ == "__main__":
    main()
