#!/usr/bin/env bash
# Whole-command benchmark on a generated workspace (default 10,000 candidates x 4 scorecards x 8
# answers, and a 20,000-question bank). Prints, warm cache, the median of RUNS runs:
#   floor      `cat` of every plan and scorecard file (what just reading them costs)
#   compare    `scorecard compare`, and its ratio to the floor
#   export     `scorecard export csv`, and its ratio to the floor
#   questions  `scorecard questions` (reads plans too, for minutes), and its ratio to the floor
#   calibrate  `scorecard calibrate` (rater model and alpha bootstrap), and with `--resamples 0` (no bootstrap)
#   xlsx       `scorecard export xlsx` (the four-sheet workbook), and its ratio to the floor
#   peak memory of each (from /usr/bin/time -v, when it is installed)
#   plan new on the 20,000-question bank, `scorecard --version`, `scorecard bank show`
# Usage: scripts/bench.sh            (CANDIDATES=, SCORECARDS=, ANSWERS=, RUNS=, BENCH_DIR= to change)
set -euo pipefail
cd "$(dirname "$0")/.."

candidates=${CANDIDATES:-10000}
scorecards=${SCORECARDS:-4}
answers=${ANSWERS:-8}
runs=${RUNS:-5}
ws=${BENCH_DIR:-${TMPDIR:-/tmp}/scorecard-bench-$candidates-$scorecards-$answers}

cargo build --release --quiet --bin scorecard --example generate
bin=target/release/scorecard
if [ ! -d "$ws" ]; then
  target/release/examples/generate "$ws" --candidates "$candidates" --scorecards "$scorecards" \
    --answers "$answers" --bank-questions 20000
fi
files=$(find "$ws/candidates" -name '*.toml' | wc -l)
bytes=$(find "$ws/candidates" -name '*.toml' -print0 | du -cb --files0-from=- | tail -n 1 | cut -f 1)

# Median wall time in milliseconds of running "$@" $runs times (after one warm-up run).
median_ms() {
  "$@" > /dev/null 2>&1
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

# Peak resident memory in MiB of one run of "$@", or "n/a".
peak_mib() {
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -v "$@" 2>&1 > /dev/null | awk '/Maximum resident set size/ {printf "%.1f", $6 / 1024}'
  else
    echo "n/a"
  fi
}

floor() { find "$ws/candidates" -name '*.toml' -print0 | xargs -0 cat > /dev/null; }
plan_ws=$(mktemp -d)
trap 'rm -rf "$plan_ws"' EXIT
mkdir -p "$plan_ws/banks"
cp "$ws/banks/generated.toml" "$plan_ws/banks/"

floor_ms=$(median_ms floor)
compare_ms=$(median_ms "$bin" --workspace "$ws" compare)
export_ms=$(median_ms "$bin" --workspace "$ws" export csv)
questions_ms=$(median_ms "$bin" --workspace "$ws" questions)
calibrate_ms=$(median_ms "$bin" --workspace "$ws" calibrate)
calibrate_plain_ms=$(median_ms "$bin" --workspace "$ws" calibrate --resamples 0)
xlsx_ms=$(median_ms "$bin" --workspace "$ws" export xlsx --out "$plan_ws/bench.xlsx")
plan_ms=$(median_ms "$bin" --workspace "$plan_ws" plan new --candidate "Bench Mark" --bank generated --per-category 2 --quiet)
version_ms=$(median_ms "$bin" --version)
show_ms=$(median_ms "$bin" bank show)
compare_mib=$(peak_mib "$bin" --workspace "$ws" compare)
export_mib=$(peak_mib "$bin" --workspace "$ws" export csv)
questions_mib=$(peak_mib "$bin" --workspace "$ws" questions)
calibrate_mib=$(peak_mib "$bin" --workspace "$ws" calibrate)
xlsx_mib=$(peak_mib "$bin" --workspace "$ws" export xlsx --out "$plan_ws/bench.xlsx")
plan_mib=$(peak_mib "$bin" --workspace "$plan_ws" plan new --candidate "Bench Mark" --bank generated --per-category 2 --quiet)

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
echo "workspace: $ws ($candidates candidates x $scorecards scorecards x $answers answers; $files files, $((bytes / 1048576)) MiB)"
echo "cores: $(nproc); median of $runs runs, warm cache"
printf '%-34s %10s %12s %10s\n' "what" "time" "vs floor" "peak MiB"
printf '%-34s %8s ms %12s %10s\n' "floor: cat every file" "$floor_ms" "1.00x" "-"
printf '%-34s %8s ms %12s %10s\n' "compare" "$compare_ms" "$(ratio "$compare_ms" "$floor_ms")" "$compare_mib"
printf '%-34s %8s ms %12s %10s\n' "export csv" "$export_ms" "$(ratio "$export_ms" "$floor_ms")" "$export_mib"
printf '%-34s %8s ms %12s %10s\n' "questions" "$questions_ms" "$(ratio "$questions_ms" "$floor_ms")" "$questions_mib"
printf '%-34s %8s ms %12s %10s\n' "calibrate (model, 1,000 resamples)" "$calibrate_ms" "$(ratio "$calibrate_ms" "$floor_ms")" "$calibrate_mib"
printf '%-34s %8s ms %12s %10s\n' "calibrate --resamples 0" "$calibrate_plain_ms" "$(ratio "$calibrate_plain_ms" "$floor_ms")" "-"
echo "calibrate: bootstrap costs $(ratio "$calibrate_ms" "$calibrate_plain_ms") of the time without it"
printf '%-34s %8s ms %12s %10s\n' "export xlsx" "$xlsx_ms" "$(ratio "$xlsx_ms" "$floor_ms")" "$xlsx_mib"
printf '%-34s %8s ms %12s %10s\n' "plan new (20,000-question bank)" "$plan_ms" "-" "$plan_mib"
printf '%-34s %8s ms %12s %10s\n' "scorecard --version" "$version_ms" "-" "-"
printf '%-34s %8s ms %12s %10s\n' "bank show (built-in bank)" "$show_ms" "-" "-"
