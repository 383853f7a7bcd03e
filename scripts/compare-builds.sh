#!/usr/bin/env bash
# Before/after timing of two or more builds on the benchmark workspace of scripts/bench.sh:
# each command runs on each binary in turn (interleaved, so a change in the machine's load hits
# every build alike), RUNS times (default 3), and the median wall time in milliseconds is printed
# per binary, in the order given.
# Usage: scripts/compare-builds.sh OLD_BINARY NEW_BINARY [MORE...]   (RUNS=, BENCH_DIR= to change)
# Build an older commit's binary with, for example:
#   git worktree add /tmp/old REV && (cd /tmp/old && cargo build --release) && scripts/compare-builds.sh /tmp/old/target/release/scorecard target/release/scorecard
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: scripts/compare-builds.sh OLD_BINARY NEW_BINARY [MORE...]" >&2; exit 2; }
runs=${RUNS:-3}
ws=${BENCH_DIR:-${TMPDIR:-/tmp}/scorecard-bench-10000-4-8}
[ -d "$ws" ] || { echo "no benchmark workspace at $ws: run scripts/bench.sh once first" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/banks"
cp "$ws/banks/generated.toml" "$scratch/banks/"

# Prints the median of the runs of one command on each binary.
measure() {
  local label=$1
  shift
  local -A times=()
  for bin in "${binaries[@]}"; do "$bin" "$@" > /dev/null 2>&1 || true; done
  for _ in $(seq "$runs"); do
    for bin in "${binaries[@]}"; do
      local start end
      start=$(date +%s%N)
      "$bin" "$@" > /dev/null 2>&1 || true
      end=$(date +%s%N)
      times[$bin]+="$(( (end - start) / 1000000 )) "
    done
  done
  printf '%-28s' "$label"
  for bin in "${binaries[@]}"; do
    printf ' %8s' "$(printf '%s\n' ${times[$bin]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')"
  done
  printf '\n'
}

binaries=("$@")
for i in "${!binaries[@]}"; do echo "build $((i + 1)): ${binaries[$i]}"; done
printf '%-28s' "median ms of $runs"
for i in "${!binaries[@]}"; do printf ' %8s' "build $((i + 1))"; done
printf '\n'
measure "compare" --workspace "$ws" compare
measure "export csv" --workspace "$ws" export csv
measure "questions" --workspace "$ws" questions
measure "calibrate" --workspace "$ws" calibrate
measure "export xlsx" --workspace "$ws" export xlsx --out "$scratch/bench.xlsx"
measure "plan new" --workspace "$scratch" plan new --candidate "Bench Mark" --bank generated --per-category 2 --quiet
