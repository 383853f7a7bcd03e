#!/usr/bin/env bash
# Mutation fuzzing of every file format (bank, plan, scorecard, settings, template): COUNT inputs
# each (default 100,000), in chunks of CHUNK run as separate processes so that an abort (a signal,
# an out-of-memory kill) is counted and the run goes on. Each input goes through parse, validation
# and every command that renders it (terminal, Markdown, CSV, JSON, TOML); an input taking longer
# than BOUND seconds is a hang. Prints per format: inputs, panics, hangs, aborts.
# Temporary workspaces go to /dev/shm when it exists (TMPDIR to change): every input writes files.
# Usage: scripts/fuzz.sh [FORMAT...]      (COUNT=, CHUNK=, THREADS=, BOUND= to change)
# Reproduce one input: cargo run --release --example fuzz -- --format F --from INDEX --count 1
set -uo pipefail
cd "$(dirname "$0")/.."

count=${COUNT:-100000}
chunk=${CHUNK:-10000}
threads=${THREADS:-2}
bound=${BOUND:-20}
formats=("$@")
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ]; then
  export TMPDIR=/dev/shm
fi
[ ${#formats[@]} -eq 0 ] && formats=(bank plan scorecard settings template)

cargo build --release --quiet --example fuzz || exit 1
bin=target/release/examples/fuzz
status=0
for format in "${formats[@]}"; do
  inputs=0 panics=0 hangs=0 aborts=0
  for ((from = 0; from < count; from += chunk)); do
    n=$((count - from < chunk ? count - from : chunk))
    out=$("$bin" --format "$format" --from "$from" --count "$n" --threads "$threads" \
      --bound "$bound" --hang-file "target/fuzz-hang-$format-$from.bin" 2>/dev/null)
    code=$?
    line=$(printf '%s\n' "$out" | grep "^$format: " | tail -n 1)
    if [ -z "$line" ] || [ "$code" -gt 128 ]; then
      aborts=$((aborts + 1))
      echo "abort in $format inputs $from..$((from + n)) (exit $code)" >&2
      continue
    fi
    read -r i p h <<<"$(printf '%s\n' "$line" | sed -E 's/^[a-z]+: ([0-9]+) inputs, ([0-9]+) panics, ([0-9]+) hangs.*/\1 \2 \3/')"
    inputs=$((inputs + i)) panics=$((panics + p)) hangs=$((hangs + h))
    printf '%s\n' "$out" | grep '^  input' >&2
  done
  echo "$format: $inputs inputs, $panics panics, $hangs hangs, $aborts aborts"
  [ $((panics + hangs + aborts)) -eq 0 ] || status=1
done
exit $status
