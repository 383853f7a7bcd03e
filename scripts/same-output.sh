#!/usr/bin/env bash
# Runs every read command in every format on a small generated workspace and writes each output
# (stdout, stderr and exit code) into one folder, so two builds can be compared with `diff -r`:
#   scripts/same-output.sh /tmp/before     # on the old commit
#   scripts/same-output.sh /tmp/after      # on the new one
#   diff -r /tmp/before /tmp/after
# Workbooks are compared by the sheet XML inside the zip, not by the zip bytes.
# Usage: scripts/same-output.sh OUT_DIR   (CANDIDATES= to change the size, default 300)
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/same-output.sh OUT_DIR}
candidates=${CANDIDATES:-300}
cargo build --release --quiet --bin scorecard --example generate
bin=$PWD/target/release/scorecard
# A fixed workspace path, so paths printed in notes are the same from run to run.
ws=${TMPDIR:-/tmp}/scorecard-same-output-ws
rm -rf "$ws" "$out"
mkdir -p "$out"
target/release/examples/generate "$ws" --candidates "$candidates" --scorecards 4 --answers 8 \
  --drafts 0.05 > /dev/null
# A fixed pseudonym key, so anonymised exports are the same from run to run.
printf '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n' > "$ws/anonymize.key"
chmod 600 "$ws/anonymize.key"
files=$ws-files
rm -rf "$files"
mkdir -p "$files"

# A sealed environment: only what the binary needs.
run_env=(env -i "PATH=$PATH" "HOME=$files" "TERM=dumb" "LANG=C.UTF-8")

# run NAME ARGS...: stdout to NAME.out, stderr to NAME.err, exit code to NAME.code.
run() {
  local name=$1
  shift
  local code=0
  "${run_env[@]}" "$bin" --workspace "$ws" "$@" > "$out/$name.out" 2> "$out/$name.err" || code=$?
  echo "$code" > "$out/$name.code"
}

for f in table json csv; do
  run "compare.$f" compare --format "$f"
  run "compare.include-pending.$f" compare --include-pending --format "$f"
  run "compare.normalize.$f" compare --normalize --format "$f"
  run "compare.model.$f" compare --model --format "$f"
  run "questions.$f" questions --format "$f"
  run "questions.include-pending.$f" questions --include-pending --format "$f"
done
role=$(grep -m1 '^role' "$(find "$ws/candidates" -name '*.toml' | sort | sed -n 1p)" | sed 's/^role = "\(.*\)"$/\1/' || true)
if [ -n "$role" ]; then
  run compare.role.table compare --role "$role"
  run compare.role.normalize.json compare --role "$role" --normalize --format json
fi
run compare.color.table --color always compare
run compare.nothing compare --role "no such role"
run compare.candidates compare --candidate "$(ls "$ws/candidates" | sort | sed -n 1p)" \
  --candidate "$(ls "$ws/candidates" | sort | tail -n 1)"
for f in table json; do
  run "calibrate.$f" calibrate --format "$f" --resamples 50
  run "calibrate.include-pending.$f" calibrate --include-pending --format "$f" --resamples 50
  run "list.$f" list --format "$f"
  run "list.draft.$f" list --status draft --format "$f"
  run "plan-list.$f" plan list --format "$f"
  run "bank-list.$f" bank list --format "$f"
done
run calibrate.color.table --color always calibrate --resamples 20
for f in table json markdown; do run "bank-show.$f" bank show --format "$f"; done

# A few scorecards and plans, by id.
cards=$("${run_env[@]}" "$bin" --workspace "$ws" list --status submitted --format json \
  | grep -o '"id": *"[0-9a-f-]*"' | sed 's/.*"\([0-9a-f-]*\)"$/\1/' | sort | sed -n 1,3p)
plans=$("${run_env[@]}" "$bin" --workspace "$ws" plan list --format json \
  | grep -o '"id": *"[0-9a-f-]*"' | sed 's/.*"\([0-9a-f-]*\)"$/\1/' | sort | sed -n 1,3p)
i=0
for card in $cards; do
  i=$((i + 1))
  for f in table markdown json toml; do
    run "show.$i.$f" show "$card" --format "$f"
    run "show.$i.include-pending.$f" show "$card" --include-pending --format "$f"
  done
done
i=0
for plan in $plans; do
  i=$((i + 1))
  for f in table markdown json toml; do run "plan-show.$i.$f" plan show "$plan" --format "$f"; done
done

run export-csv.answers export csv
run export-csv.summary export csv --shape summary
run export-csv.answers.excel export csv --excel
run export-csv.answers.anonymize export csv --anonymize
run export-csv.summary.anonymize export csv --shape summary --anonymize
run export-csv.answers.pending export csv --include-pending
run export-markdown export markdown
run export-markdown.anonymize export markdown --anonymize
run export-markdown.one export markdown --candidate "$(ls "$ws/candidates" | sort | sed -n 1p)"
mkdir -p "$files/md"
run export-markdown.dir export markdown --out "$files/md" --quiet
(cd "$files/md" && find . -type f | sort | xargs cat) > "$out/export-markdown.dir.files"
# The debrief page takes at most 200 candidates: the refusal, then a few candidates.
run export-html.too-many export html --out "$files/refused.html"
some=()
for id in $(ls "$ws/candidates" | sort | sed -n 1,12p); do some+=(--candidate "$id"); done
run export-html export html "${some[@]}" --out "$files/debrief.html"
cp "$files/debrief.html" "$out/export-html.file"
run export-html.anonymize export html "${some[@]}" --anonymize --out "$files/blind.html"
cp "$files/blind.html" "$out/export-html.anonymize.file"
run export-xlsx export xlsx --out "$files/panel.xlsx"
mkdir -p "$out/export-xlsx.zip"
(cd "$out/export-xlsx.zip" && unzip -q "$files/panel.xlsx" && rm -f docProps/core.xml)
run export-xlsx.anonymize export xlsx --anonymize --out "$files/blind.xlsx"
mkdir -p "$out/export-xlsx.anonymize.zip"
(cd "$out/export-xlsx.anonymize.zip" && unzip -q "$files/blind.xlsx" && rm -f docProps/core.xml)
echo "$(find "$out" -type f | wc -l) files in $out"
