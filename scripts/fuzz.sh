#!/usr/bin/env bash
# Runs every fuzz target for longer than CI does and writes what they found to out/fuzz/report.md:
# per target the executions, the corpus it grew and any crash, leak or timeout input (kept in
# out/fuzz/<target>/). Builds the "sanitize" preset first.
# Usage: bash scripts/fuzz.sh [SECONDS-PER-TARGET (default 300)] [JOBS (default 2)]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-300}
jobs=${2:-2}
bash scripts/install-deps.sh
cmake --preset sanitize > /dev/null
cmake --build --preset sanitize
out=out/fuzz
mkdir -p "$out"
report=$out/report.md.part
{
  echo "# Fuzzing: $seconds s per target, $jobs processes, $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo
  echo "| target | executions | corpus (seeds + new) | defects |"
  echo "|---|---|---|---|"
} > "$report"
export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1:fast_unwind_on_malloc=0
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp
for target in build-sanitize/bin/fuzz_*; do
  name=$(basename "$target")
  work=$out/$name
  mkdir -p "$work/corpus"
  echo "fuzz.sh: $name for $seconds s" >&2
  set +e
  "$target" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=6144 -max_len=65536 -print_final_stats=1 \
    -jobs="$jobs" -workers="$jobs" -artifact_prefix="$work/" "$work/corpus" "tests/fuzz/corpus/$name" \
    > "$work/log.txt" 2>&1
  set -e
  runs=$(grep -ho 'stat::number_of_executed_units: *[0-9]*' "$work"/log.txt fuzz-*.log 2>/dev/null |
         awk '{s += $2} END {print s + 0}')
  mv fuzz-*.log "$work/" 2>/dev/null || true
  corpus=$(( $(ls "tests/fuzz/corpus/$name" | wc -l) + $(ls "$work/corpus" | wc -l) ))
  defects=$(ls "$work" | grep -E '^(crash|leak|timeout|oom)-' | tr '\n' ' ')
  echo "| $name | $runs | $corpus | ${defects:-none} |" >> "$report"
done
mv "$report" "$out/report.md"
cat "$out/report.md"
