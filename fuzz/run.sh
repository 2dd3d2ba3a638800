#!/usr/bin/env bash
# Runs Loa's fuzz targets, each for a bounded time, a few at a time.
#
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]
#
# SECONDS_PER_TARGET defaults to $FUZZ_SECONDS or 600; targets default to all
# (front_matter calendar site_yaml slug). FUZZ_JOBS targets run at once
# (default 2). FUZZ_SANITIZER is passed to cargo fuzz -s (default none: the
# code is safe Rust, and without ASan a run does several times more inputs).
# Needs nightly Rust and cargo-fuzz (cargo install cargo-fuzz).
# Corpora grow in fuzz/corpus/<target>/ from the seeds in fuzz/seeds/<target>/;
# a crash leaves its input in fuzz/artifacts/<target>/ and makes the script
# exit 1. Logs and a summary line per target go to fuzz/logs/.
set -euo pipefail
cd "$(dirname "$0")"
SECONDS_EACH=${1:-${FUZZ_SECONDS:-600}}
shift || true
JOBS=${FUZZ_JOBS:-2}
SANITIZER=${FUZZ_SANITIZER:-none}
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(front_matter calendar site_yaml slug)

cargo +nightly fuzz build -s "$SANITIZER"
mkdir -p logs

run_one() {
  local target=$1
  mkdir -p "corpus/$target" "seeds/$target"
  local start=$SECONDS status=0
  cargo +nightly fuzz run -s "$SANITIZER" "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
    >"logs/$target.log" 2>&1 || status=$?
  local runs
  runs=$(grep -oE 'Done [0-9]+ runs' "logs/$target.log" | grep -oE '[0-9]+' | tail -1 || true)
  local crashes
  crashes=$(find "artifacts/$target" -type f 2>/dev/null | wc -l)
  printf '%s: %s runs in %s s, exit %s, %s crash file(s)\n' "$target" "${runs:-?}" "$((SECONDS - start))" "$status" "$crashes" | tee "logs/$target.summary"
  return "$status"
}

failed=0
pids=()
for target in "${TARGETS[@]}"; do
  run_one "$target" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$JOBS" ]; then
    wait "${pids[0]}" || failed=1
    pids=("${pids[@]:1}")
  fi
done
for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
exit "$failed"
