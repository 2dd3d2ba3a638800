#!/usr/bin/env python3
"""CPU samples of a `loa build` grouped by stage, from a perf call-graph
profile, so that two builds' profiles can be compared stage by stage.

    perf record -F 400 --call-graph dwarf,32768 -o perf.data loa build ...
    perf script -i perf.data -F comm,tid,ip,sym > stacks.txt
    bench/perf_stages.py stacks.txt [ROWS]

Each sample goes to the first stage (in the order below) that one of its
frames matches; samples that match none are listed by their leaf function.
"""
import collections
import re
import sys

STAGES = [
    ("search index", r"loa::search::|output::search"),
    ("writing files", r"Staging::write|write_body"),
    ("QR codes", r"leaflet::qr|fast_qr|qrcodegen"),
    ("leaflets (text, fitting)", r"leaflet::(article|area)_leaflet"),
    ("Tera", r"^tera::"),
    ("page contexts", r"output::pages::(article|lists|home|render_page_into)"),
    ("relative links", r"relativize"),
    ("feeds", r"output::feeds"),
    ("sitemap", r"sitemap"),
    ("Markdown bodies", r"render_bodies|render_document"),
    ("reading content", r"load_content|load_document|decode_file"),
    ("theme", r"load_theme"),
    ("model", r"build_site"),
    ("removing the old output", r"remove_tree|remove_contents|remove_dir"),
]


def stacks(path):
    current = []
    for line in open(path, errors="replace"):
        line = line.rstrip("\n")
        if not line.strip():
            if current:
                yield current
            current = []
        elif line[:1] in "\t ":
            parts = line.strip().split(None, 1)
            current.append(re.sub(r"\+0x[0-9a-f]+$", "", parts[1] if len(parts) > 1 else "?"))
    if current:
        yield current


def main():
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    counts = collections.Counter()
    total = 0
    for stack in stacks(sys.argv[1]):
        total += 1
        for name, pattern in STAGES:
            if any(re.search(pattern, frame) for frame in stack):
                counts[name] += 1
                break
        else:
            counts["other: " + stack[0][:50]] += 1
    print(f"{total} samples")
    for name, n in counts.most_common(rows):
        print(f"{100 * n / total:6.2f}% {n:6d}  {name}")


if __name__ == "__main__":
    main()
