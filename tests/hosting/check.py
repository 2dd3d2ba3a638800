#!/usr/bin/env python3
"""Fetch a built Loa site through a real web server and check what it sends.

    python3 tests/hosting/check.py PUBLIC_DIR BASE_PATH NAME=URL [NAME=URL ...]

PUBLIC_DIR is the site as built with --compress; BASE_PATH its path (/cchc/);
each URL the origin of a server serving it (http://127.0.0.1:18080). Every
page, feed, calendar and CSV file is fetched once through each server with
`Accept-Encoding: br, gzip`, and checked for: status 200, Content-Type,
Content-Encoding br where a .br file exists, a body that decompresses to the
file, Vary, the security headers and the cache lifetime. A few are fetched
with gzip only and with no encoding; a missing address must answer 404 with
the site's own 404 page; a fingerprinted stylesheet must be cached a year.
Prints one line per problem and a summary; exits 1 on any problem.
"""

import gzip
import http.client
import os
import re
import sys
import urllib.parse

import brotli  # pip install brotli

CSP_REQUIRED = ["default-src 'self'", "img-src 'self' data:", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'self'"]
SECURITY = {
    "x-content-type-options": lambda v: v == "nosniff",
    "referrer-policy": lambda v: v in ("strict-origin-when-cross-origin", "same-origin", "no-referrer", "strict-origin"),
    "permissions-policy": lambda v: "camera=()" in v and "geolocation=()" in v,
    "content-security-policy": lambda v: all(d in v for d in CSP_REQUIRED) and "unsafe-inline" not in v,
}
SHORT = 300
YEAR = 31536000
FINGERPRINT = re.compile(r"\.[0-9a-f]{8}\.(css|js)$")


def expected_type(rel):
    name = rel.rsplit("/", 1)[-1]
    if name == "rss.xml":
        return ("application/rss+xml",)
    ext = name.rsplit(".", 1)[-1]
    return {
        "html": ("text/html; charset=utf-8",),
        "ics": ("text/calendar; charset=utf-8",),
        "csv": ("text/csv; charset=utf-8",),
        "xml": ("application/xml", "text/xml"),
        "css": ("text/css",),
        "js": ("text/javascript", "application/javascript"),
    }[ext]


def url_of(base, rel):
    if rel == "index.html":
        return base
    if rel.endswith("/index.html"):
        return base + rel[: -len("index.html")]
    return base + rel


def fetch(origin, path, encoding):
    parts = urllib.parse.urlsplit(origin)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    headers = {"Accept-Encoding": encoding} if encoding else {}
    conn.request("GET", urllib.parse.quote(path), headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    result = (resp.status, {k.lower(): v for k, v in resp.getheaders()}, body)
    conn.close()
    return result


def decode(headers, body):
    enc = headers.get("content-encoding", "")
    if enc == "br":
        return brotli.decompress(body)
    if enc == "gzip":
        return gzip.decompress(body)
    if enc:
        raise ValueError(f"unknown Content-Encoding {enc}")
    return body


def max_age(headers):
    m = re.search(r"max-age=(\d+)", headers.get("cache-control", ""))
    return int(m.group(1)) if m else None


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, base = sys.argv[1], sys.argv[2]
    servers = [a.split("=", 1) for a in sys.argv[3:]]
    files = []
    for dirpath, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root).replace(os.sep, "/")
            if name.endswith("index.html") or name == "rss.xml" or name.endswith((".ics", ".csv")) or rel in ("sitemap.xml", "404.html"):
                files.append(rel)
    files.sort()
    css = sorted(n for n in os.listdir(os.path.join(root, "css")) if FINGERPRINT.search(n))
    if not css:
        print("FAIL no fingerprinted stylesheet in css/")
        return 1
    files += ["css/" + n for n in css]
    problems = []
    checked = 0

    def check(name, rel, encoding, want):
        nonlocal checked
        path = url_of(base, rel)
        status, headers, body = fetch(origin, path, encoding)
        where = f"{name} {path} [{encoding or 'identity'}]"
        checked += 1
        if status != 200:
            problems.append(f"{where}: status {status}")
            return
        ctype = headers.get("content-type", "")
        if not ctype.lower().replace(" ", "").startswith(tuple(t.replace(" ", "") for t in expected_type(rel))):
            problems.append(f"{where}: Content-Type {ctype!r}, expected {expected_type(rel)}")
        enc = headers.get("content-encoding", "")
        if want is not None and enc != want:
            problems.append(f"{where}: Content-Encoding {enc!r}, expected {want!r}")
        if enc and "accept-encoding" not in headers.get("vary", "").lower():
            problems.append(f"{where}: no Vary: Accept-Encoding")
        with open(os.path.join(root, rel), "rb") as f:
            plain = f.read()
        try:
            if decode(headers, body) != plain:
                problems.append(f"{where}: the body ({enc or 'identity'}) is not the file")
        except Exception as e:  # noqa: BLE001 - any decoding failure is a problem
            problems.append(f"{where}: cannot decode {enc}: {e}")
        for header, ok in SECURITY.items():
            if not ok(headers.get(header, "")):
                problems.append(f"{where}: {header}: {headers.get(header)!r}")
        age = max_age(headers)
        if FINGERPRINT.search(rel):
            if age != YEAR or "immutable" not in headers.get("cache-control", ""):
                problems.append(f"{where}: fingerprinted asset Cache-Control {headers.get('cache-control')!r}")
        elif age is None or age > SHORT:
            problems.append(f"{where}: Cache-Control {headers.get('cache-control')!r}, expected max-age <= {SHORT}")

    for name, origin in servers:
        for rel in files:
            has_br = os.path.exists(os.path.join(root, rel + ".br"))
            check(name, rel, "br, gzip", "br" if has_br else None)
        for rel in ["index.html", "rss.xml", "lich/lich.ics", "bao-cao/bao-cao.csv"]:
            if os.path.exists(os.path.join(root, rel + ".gz")):
                check(name, rel, "gzip", "gzip")
            check(name, rel, None, "")
        # A missing address: 404 with the site's own page.
        with open(os.path.join(root, "404.html"), "rb") as f:
            page = f.read()
        title = re.search(rb"<title>(.*?)</title>", page).group(1)
        for missing in [base + "khong-co-trang-nay/", base + "tin-tuc/khong-co.html"]:
            status, headers, body = fetch(origin, missing, "br, gzip")
            checked += 1
            where = f"{name} {missing}"
            if status != 404:
                problems.append(f"{where}: status {status}, expected 404")
            try:
                text = decode(headers, body)
            except Exception as e:  # noqa: BLE001
                problems.append(f"{where}: cannot decode: {e}")
                continue
            if title not in text:
                problems.append(f"{where}: not the site's 404 page: {text[:120]!r}")
            if not SECURITY["content-security-policy"](headers.get("content-security-policy", "")):
                problems.append(f"{where}: no Content-Security-Policy on the 404 page")
    for p in problems:
        print("FAIL", p)
    print(f"hosting: {checked} responses from {len(servers)} servers checked, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
