#!/usr/bin/env bash
# Benchmarks of gyeongju-budget at national scale, printed as ratios against
# baselines measured in the same run (never as absolute time limits).
#
#   bash benches/run.sh            # the full run: 10, 10k, 100k and 1M items
#   QUICK=1 bash benches/run.sh    # a smoke run: 10 and 10k items only
#   NATIONAL=1 bash benches/run.sh # adds the 3.1M-item / 1M-category file
#   BENCH_DATA=/tmp/x bash benches/run.sh  # generated files elsewhere
#
# The generated files (benches/generate.rs) have a category tree of mixed
# depth: items directly under depth-1 and depth-2 categories, as budget
# books have them. They live in a directory named after that shape, so
# that files of an earlier shape are never measured by mistake.
#
# Needs hyperfine, /usr/bin/time and python3 (installed with apt if missing).
# Results are written to target/bench/results.md; benches/BENCHMARKS.md
# records one such run with the machine it ran on.
#
# The binary measured is the release build as docs/scale.md's "A static
# build on Linux" makes it: linked statically, so that starting it loads no shared
# libraries. The plain `cargo build --release` binary is measured beside it
# for the start-up row.
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need hyperfine || [ ! -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq hyperfine time >/dev/null
fi

host=$(rustc -vV | sed -n 's/^host: //p')
RUSTFLAGS="-C target-feature=+crt-static -C relocation-model=static" \
  cargo build --release --quiet --target "$host"
cargo build --release --quiet
cargo build --release --quiet --example generate --example json_reference
bin=target/$host/release/gyeongju-budget
dynamic_bin=target/release/gyeongju-budget
gen=target/release/examples/generate
json_ref=target/release/examples/json_reference
data=${BENCH_DATA:-target/bench/data-mixed}
out=target/bench
mkdir -p "$data" "$out"

sizes=(10 10000 100000 1000000)
[ -n "${QUICK:-}" ] && sizes=(10 10000)
for n in "${sizes[@]}"; do
  [ -s "$data/$n.toml" ] || "$gen" "$n" > "$data/$n.toml"
  [ -s "$data/$n.json" ] || "$gen" "$n" --json > "$data/$n.json"
done
largest=${sizes[-1]}

# Ten 100k files (or ten of the largest quick size) for trend, in a
# directory named by their size so that a quick run's files never stand in
# for a full run's.
trend_n=100000
[ -n "${QUICK:-}" ] && trend_n=10000
trend_dir="$data/trend-$trend_n"
mkdir -p "$trend_dir"
for year in $(seq 2017 2026); do
  [ -s "$trend_dir/$year.toml" ] || "$gen" "$trend_n" --year "$year" > "$trend_dir/$year.toml"
done
# Next year's file: the same items with a third of the amounts changed,
# 1% removed and 1% new; once in the same order, once shuffled.
[ -s "$data/$largest-next.toml" ] || "$gen" "$largest" --year 2027 --next > "$data/$largest-next.toml"
[ -s "$data/$largest-next-shuffled.toml" ] ||
  "$gen" "$largest" --year 2027 --next --shuffle > "$data/$largest-next-shuffled.toml"

# mean seconds of one hyperfine-exported command
mean() { python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["results"][int(sys.argv[2])]["mean"])' "$1" "$2"; }
ratio() { python3 -c "import sys; print(f'{float(sys.argv[1]) / float(sys.argv[2]):.2f}')" "$1" "$2"; }
peak_kb() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
kb_of() { echo $(( $(stat -c %s "$1") / 1024 )); }

report="$out/results.md"
{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr); $(rustc --version)"
  echo
  echo "| target | measured | ratio | goal |"
  echo "| --- | --- | --- | --- |"
} > "$report"
row() { echo "| $1 | $2 | $3 | $4 |" | tee -a "$report"; }

for n in "${sizes[@]}"; do
  file="$data/$n.toml"
  runs=(--warmup 1 --min-runs 3)
  python_runs=(--runs 2)
  [ "$n" -le 10000 ] && python_runs=(--warmup 1 --min-runs 5)
  hyperfine --style none "${runs[@]}" --export-json "$out/summarize-$n.json" \
    "$bin summarize --depth 2 $file" \
    "$json_ref $data/$n.json" >/dev/null
  hyperfine --style none "${python_runs[@]}" --export-json "$out/python-$n.json" \
    "python3 benches/baseline.py $file" >/dev/null
  ours=$(mean "$out/summarize-$n.json" 0)
  json=$(mean "$out/summarize-$n.json" 1)
  python=$(mean "$out/python-$n.json" 0)
  mb=$(python3 -c "import os,sys; print(f'{os.path.getsize(sys.argv[1]) / 1e6:.1f}')" "$file")
  row "summarize --depth 2, $n items ($mb MB)" "${ours}s; python ${python}s" \
    "python / ours = $(ratio "$python" "$ours")" "≥ 40 at 1M"
  row "summarize --depth 2 vs serde_json, $n items" "${ours}s; serde_json ${json}s" \
    "ours / serde_json = $(ratio "$ours" "$json")" "≤ 1.5 at 1M"
done

# The uniform three-level shape the Python target was first set on: there
# `--depth 2` shows subtotals only (every item sits at depth 3), as the
# mixed file's depth-1 items are shown above. Both are recorded.
if [ -z "${QUICK:-}" ]; then
  uniform="$data/$largest-uniform.toml"
  [ -s "$uniform" ] || "$gen" "$largest" --uniform > "$uniform"
  hyperfine --style none --warmup 1 --min-runs 3 --export-json "$out/summarize-uniform.json" \
    "$bin summarize --depth 2 $uniform" >/dev/null
  hyperfine --style none --runs 2 --export-json "$out/python-uniform.json" \
    "python3 benches/baseline.py $uniform" >/dev/null
  ours=$(mean "$out/summarize-uniform.json" 0)
  python=$(mean "$out/python-uniform.json" 0)
  row "summarize --depth 2, $largest items, uniform three levels" "${ours}s; python ${python}s" \
    "python / ours = $(ratio "$python" "$ours")" "≥ 40 at 1M"
fi

file="$data/$largest.toml"
size_kb=$(( $(stat -c %s "$file") / 1024 ))
ours_kb=$(peak_kb "$bin" summarize --depth 2 "$file")
full_kb=$(peak_kb "$bin" summarize --format json "$file")
row "peak memory, summarize --depth 2, $largest items" "${ours_kb} KB for a ${size_kb} KB file" \
  "memory / file = $(ratio "$ours_kb" "$size_kb")" "≤ 1"
row "peak memory, summarize (every item row, JSON), $largest items" "${full_kb} KB" \
  "memory / file = $(ratio "$full_kb" "$size_kb")" "(information)"

# summarize --top N keeps each category's N best items while reading and
# folds the rest as it goes: against --depth 1 in the same run.
hyperfine --style none --warmup 1 --min-runs 5 --export-json "$out/top.json" \
  "$bin summarize --depth 1 $file" \
  "$bin summarize --top 5 --format csv $file" \
  "$bin summarize --top 3 --depth 2 --sort name --format csv $file" >/dev/null
depth1_kb=$(peak_kb "$bin" summarize --depth 1 "$file")
top_kb=$(peak_kb "$bin" summarize --top 5 --format csv "$file")
row "summarize --top 5 --format csv, $largest items, vs summarize --depth 1" \
  "$(mean "$out/top.json" 1)s vs $(mean "$out/top.json" 0)s" \
  "$(ratio "$(mean "$out/top.json" 1)" "$(mean "$out/top.json" 0)")" "≤ 1.5"
row "summarize --top 3 --depth 2 --sort name --format csv vs summarize --depth 1" \
  "$(mean "$out/top.json" 2)s vs $(mean "$out/top.json" 0)s" \
  "$(ratio "$(mean "$out/top.json" 2)" "$(mean "$out/top.json" 0)")" "≤ 1.5"
row "peak memory, summarize --top 5 --format csv, $largest items" "${top_kb} KB (--depth 1: ${depth1_kb} KB)" \
  "memory / file = $(ratio "$top_kb" "$size_kb")" "≤ 1"

# Issue 14's commands on the 1M-item file, each against summarize --depth 1
# in the same run: check, and every item row with shares and averages.
hyperfine --style none --ignore-failure --warmup 1 --runs 3 --export-json "$out/rows.json" \
  "$bin summarize --depth 1 $file" \
  "$bin check $file" \
  "$bin summarize --format jsonl $file" \
  "$bin summarize --format csv $file" \
  "$bin summarize --format table --width 200 $file" >/dev/null
for command in "check" "summarize --format jsonl" "summarize --format csv" \
  "summarize --format table --width 200"; do
  case $command in
    check) index=1 goal_time="≤ 2" goal_rss="≤ 1" ;;
    "summarize --format jsonl") index=2 goal_time="≤ 3" goal_rss="≤ 1" ;;
    "summarize --format csv") index=3 goal_time="≤ 3" goal_rss="≤ 1" ;;
    *) index=4 goal_time="any" goal_rss="≤ 2" ;;
  esac
  # shellcheck disable=SC2086
  kb=$(peak_kb "$bin" $command "$file" || true)
  row "$command, $largest items, vs summarize --depth 1" \
    "$(mean "$out/rows.json" "$index")s vs $(mean "$out/rows.json" 0)s; ${kb} KB" \
    "time $(ratio "$(mean "$out/rows.json" "$index")" "$(mean "$out/rows.json" 0)"); memory / file = $(ratio "$kb" "$size_kb")" \
    "time $goal_time; memory $goal_rss"
done

# The same file with one repeated id at its very end: found while
# streaming, with the plain reading's message (exit status 2).
dup="$data/$largest-repeated-id.toml"
[ -s "$dup" ] || {
  cat "$file"
  printf '\n[[item]]\nid = "p0000000"\nname = "again"\ncategory = "x"\namount = 1\n'
} > "$dup"
hyperfine --style none --ignore-failure --warmup 1 --min-runs 5 --export-json "$out/repeated.json" \
  "$bin summarize --depth 1 $file" \
  "$bin summarize --depth 1 $dup" >/dev/null
dup_kb=$(peak_kb "$bin" summarize --depth 1 "$dup" || true)
row "$largest items and one repeated id at the end (error) vs summarize --depth 1" \
  "$(mean "$out/repeated.json" 1)s vs $(mean "$out/repeated.json" 0)s" \
  "$(ratio "$(mean "$out/repeated.json" 1)" "$(mean "$out/repeated.json" 0)")" "≤ 2 (check's bound)"
row "peak memory, the same" "${dup_kb} KB" "memory / file = $(ratio "$dup_kb" "$size_kb")" "≤ 1"

# The same file with one mistake near its end (an amount that is not a
# figure): reported and listed batch by batch, not read whole; and `check`
# of the file with the repeated id.
bad="$data/$largest-bad-amount.toml"
[ -s "$bad" ] || {
  cat "$file"
  printf '\n[[item]]\nid = "zz-bad"\nname = "bad"\ncategory = "x"\namount = "12 apples"\n'
  printf '\n[[item]]\nid = "zz-last"\nname = "last"\ncategory = "x"\namount = 1\n'
} > "$bad"
hyperfine --style none --ignore-failure --warmup 1 --min-runs 3 --export-json "$out/mistake.json" \
  "$bin summarize --depth 1 $file" \
  "$bin summarize --depth 1 $bad" \
  "$bin check $bad" \
  "$bin check $dup" >/dev/null
index=1
for what in "summarize --depth 1 $bad" "check $bad" "check $dup"; do
  kb=$(peak_kb "$bin" $what || true)
  row "$largest items, one mistake near the end: ${what%% /*} $(basename "${what##* }") vs summarize --depth 1" \
    "$(mean "$out/mistake.json" "$index")s vs $(mean "$out/mistake.json" 0)s; ${kb} KB" \
    "time $(ratio "$(mean "$out/mistake.json" "$index")" "$(mean "$out/mistake.json" 0)"); memory / file = $(ratio "$kb" "$size_kb")" \
    "time ≤ 2; memory ≤ 1 (check's bounds)"
  index=$((index + 1))
done

# diff against summarize --depth 1 of one of the two files, in the same run
# (issue 14's base), at --depth 1 and at --depth 2 (a taller table).
hyperfine --style none --warmup 1 --min-runs 5 --export-json "$out/diff.json" \
  "$bin summarize --depth 1 $file" \
  "$bin diff --depth 1 $file $data/$largest-next.toml" \
  "$bin diff --depth 1 $file $data/$largest-next-shuffled.toml" \
  "$bin diff --depth 2 $file $data/$largest-next.toml" \
  "$bin diff --depth 2 $file $data/$largest-next-shuffled.toml" >/dev/null
index=1
for what in "--depth 1, same order" "--depth 1, newer shuffled" "--depth 2, same order" "--depth 2, newer shuffled"; do
  row "diff $what: two $largest-item files vs summarize --depth 1 of one" \
    "$(mean "$out/diff.json" "$index")s vs $(mean "$out/diff.json" 0)s" \
    "$(ratio "$(mean "$out/diff.json" "$index")" "$(mean "$out/diff.json" 0)")" "≤ 2.5"
  index=$((index + 1))
done
both_kb=$(( size_kb + $(kb_of "$data/$largest-next-shuffled.toml") ))
diff_kb=$(peak_kb "$bin" diff --depth 2 "$file" "$data/$largest-next-shuffled.toml")
row "peak memory, diff --depth 2 of the two (newer shuffled)" "${diff_kb} KB for ${both_kb} KB of files" \
  "memory / both files = $(ratio "$diff_kb" "$both_kb")" "≤ 1"

# check of two consecutive years against diff of the same two files.
hyperfine --style none --ignore-failure --warmup 1 --runs 3 --export-json "$out/check-years.json" \
  "$bin diff --depth 2 $file $data/$largest-next-shuffled.toml" \
  "$bin check $file $data/$largest-next-shuffled.toml" >/dev/null
years_kb=$(peak_kb "$bin" check "$file" "$data/$largest-next-shuffled.toml" || true)
row "check of two consecutive $largest-item years vs diff of them" \
  "$(mean "$out/check-years.json" 1)s vs $(mean "$out/check-years.json" 0)s; ${years_kb} KB vs ${diff_kb} KB" \
  "time $(ratio "$(mean "$out/check-years.json" 1)" "$(mean "$out/check-years.json" 0)"); memory $(ratio "$years_kb" "$diff_kb")" \
  "≤ 1 (time ≤ 2× diff, memory ≤ diff's)"

singles=$(printf "$bin summarize --depth 2 %s; " "$trend_dir"/*.toml)
hyperfine --style none --warmup 1 --min-runs 3 --export-json "$out/trend.json" \
  "bash -c '$singles'" \
  "$bin trend --depth 2 $trend_dir" >/dev/null
row "trend over ten $trend_n-item files vs ten summaries" "$(mean "$out/trend.json" 1)s vs $(mean "$out/trend.json" 0)s" \
  "$(ratio "$(mean "$out/trend.json" 1)" "$(mean "$out/trend.json" 0)")" "≤ 1.2"
trend_kb=$(peak_kb "$bin" trend --depth 2 "$trend_dir")
trend_file_kb=$(for f in "$trend_dir"/*.toml; do kb_of "$f"; done | sort -n | tail -n 1)
row "peak memory, trend --depth 2 over the ten" "${trend_kb} KB; largest file ${trend_file_kb} KB" \
  "memory / largest file = $(ratio "$trend_kb" "$trend_file_kb")" "≤ 1"

# The 3.1M-item file with a million categories (NATIONAL=1 only: about
# 500 MB to generate).
if [ -n "${NATIONAL:-}" ]; then
  big="$data/3100000-1M-categories.toml"
  [ -s "$big" ] || "$gen" 3100000 --categories 1000000 > "$big"
  big_kb=$(kb_of "$big")
  # --depth 2 shows the items filed directly under a 분야 (a tenth): as a
  # table their rows cost more than the categories do, hence the CSV row.
  for command in "summarize --depth 2" "summarize --depth 2 --format csv" \
    "summarize --top 3 --format csv"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    kb=$(peak_kb "$bin" $command "$big")
    seconds=$(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$start" "$(date +%s.%N)")
    row "$command, 3.1M items / 1M categories" "${seconds}s (one run); ${kb} KB for a ${big_kb} KB file" \
      "memory / file = $(ratio "$kb" "$big_kb")" "≤ 1"
  done
fi

hyperfine --style none -N --warmup 100 --min-runs 2000 --export-json "$out/small.json" \
  "cat $data/10.toml" \
  "$bin summarize $data/10.toml" \
  "$dynamic_bin summarize $data/10.toml" >/dev/null
row "10-item file end to end vs cat" "$(mean "$out/small.json" 1)s vs $(mean "$out/small.json" 0)s" \
  "$(ratio "$(mean "$out/small.json" 1)" "$(mean "$out/small.json" 0)")" "(information; BENCHMARKS.md, start-up)"
row "the same, plain \`cargo build --release\` binary" "$(mean "$out/small.json" 2)s vs $(mean "$out/small.json" 0)s" \
  "$(ratio "$(mean "$out/small.json" 2)" "$(mean "$out/small.json" 0)")" "(information)"

# import: a CP949 export of $largest rows, streamed record by record.
csv="$data/$largest-export.csv"
if [ ! -s "$csv" ]; then
  python3 - "$largest" "$csv" <<'PY'
import sys
rows, path = int(sys.argv[1]), sys.argv[2]
fields = ["일반공공행정", "교육", "문화및관광", "환경", "사회복지", "농림해양수산"]
with open(path, "w", encoding="cp949", newline="") as out:
    out.write("회계연도,자치단체명,분야명,부문명,세부사업명,예산액\r\n")
    for i in range(rows):
        field = fields[i % len(fields)]
        out.write(f"2026,경주시,{field},부문{i % 40:02},세부사업 {i},\"{(i * 7919) % 50000000 + 1:,}\"\r\n")
PY
fi
import_out="$out/imported.toml"
import_kb=$(peak_kb "$bin" import "$csv" --year 2026 --region 경주시 \
  --map category=분야명/부문명 --map name=세부사업명 --map amount=예산액 \
  --unit 천원 --phase 본예산 --output "$import_out" --force)
csv_kb=$(( $(stat -c %s "$csv") / 1024 ))
toml_kb=$(( $(stat -c %s "$import_out") / 1024 ))
row "peak memory, import of a $largest-row CP949 CSV" "${import_kb} KB (input ${csv_kb} KB, output ${toml_kb} KB)" \
  "memory / output = $(ratio "$import_kb" "$toml_kb")" "bounded by the output"

# new: next year's file from the largest, read once to know it loads, then
# edited a piece at a time and written as made, against summarize --depth 1.
new_out="$out/new-$largest.toml"
hyperfine --style none --runs 3 --export-json "$out/new.json" \
  "$bin summarize --depth 1 $file" \
  "$bin new $file --year 2027 --output $new_out --force" >/dev/null
new_kb=$(peak_kb "$bin" new "$file" --year 2027 --output "$new_out" --force)
row "new --year 2027, $largest items, vs summarize --depth 1" \
  "$(mean "$out/new.json" 1)s vs $(mean "$out/new.json" 0)s; ${new_kb} KB for a ${size_kb} KB file" \
  "time $(ratio "$(mean "$out/new.json" 1)" "$(mean "$out/new.json" 0)"); memory / file = $(ratio "$new_kb" "$size_kb")" \
  "time ≤ 3; memory ≤ 1"
rm -f "$new_out"

echo
echo "Written to $report"
