#!/usr/bin/env bash
# Fuzzes each named target until its CPU time in the ledger (fuzz/ledger.tsv) reaches CPU_MINUTES,
# in chunks of at most CHUNK_SECONDS (default 300) of wall-clock time, so an interrupted run loses at
# most one chunk. Each chunk appends one line to the ledger: the CPU time that /usr/bin/time measured
# for the fuzzer process (user + system), not the wall-clock time, because the machine's cores are
# shared and issue 11 counts CPU time. A crash, timeout or out-of-memory stops the script with the
# fuzzer's exit code; the ledger records it and the input is in fuzz/artifacts/<target>/.
#
#   tools/fuzz-until.sh 30 xml_parse c14n        # after `cargo +nightly fuzz build`
#
# The fuzzer binaries must be built from the checked-out code (`cargo +nightly fuzz build`); the
# ledger records the last commit that changed it.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { echo "usage: $0 CPU_MINUTES TARGET..." >&2; exit 2; }
goal=$(( $1 * 60 )); shift
chunk=${CHUNK_SECONDS:-300}
ledger=fuzz/ledger.tsv
bin_dir=fuzz/target/x86_64-unknown-linux-gnu/release
# libFuzzer's limits (time per input, memory, input length), shared with `make fuzz`.
read -ra libfuzzer_flags < fuzz/libfuzzer.flags
# The commit of the code under test: the last one that changed the crate or the fuzz targets.
commit=$(git log -1 --format=%h --abbrev=12 -- src Cargo.toml Cargo.lock fuzz/fuzz_targets fuzz/Cargo.toml)
[ -z "$(git status --porcelain -- src Cargo.toml Cargo.lock fuzz/fuzz_targets fuzz/Cargo.toml)" ] || commit="$commit+changes"
[ -f "$ledger" ] || printf 'date_utc\ttarget\tcommit\twall_s\tcpu_s\texecutions\tresult\n' > "$ledger"

cpu_so_far() { awk -F'\t' -v t="$1" 'NR > 1 && $2 == t && $5 != "" { s += $5 } END { printf "%d", s }' "$ledger"; }

for t in "$@"; do
  bin=$bin_dir/$t
  [ -x "$bin" ] || { echo "no fuzzer binary $bin: run cargo +nightly fuzz build" >&2; exit 2; }
  mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"
  while :; do
    done_s=$(cpu_so_far "$t")
    [ "$done_s" -lt "$goal" ] || { echo "== $t: ${done_s} s of CPU in the ledger, goal ${goal} s reached"; break; }
    left=$(( goal - done_s )); wall=$(( left < chunk ? left : chunk )); [ "$wall" -ge 10 ] || wall=10
    echo "== $t: ${done_s}/${goal} s of CPU so far, next chunk ${wall} s of wall-clock time"
    log=$(mktemp)
    start=$(date +%s)
    set +e
    /usr/bin/time -f 'cpu_s %U %S' -o "$log.time" "$bin" -artifact_prefix="fuzz/artifacts/$t/" \
      -max_total_time="$wall" "${libfuzzer_flags[@]}" "fuzz/corpus/$t" > "$log" 2>&1
    rc=$?
    set -e
    end=$(date +%s)
    cpu=$(awk '/^cpu_s/ { printf "%d", $2 + $3 }' "$log.time")
    execs=$(awk -F': *' '/stat::number_of_executed_units/ { print $NF }' "$log" | tail -1)
    result=ok; [ "$rc" -eq 0 ] || result="exit-$rc"
    printf '%s\t%s\t%s\t%d\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "$t" "$commit" $(( end - start )) \
      "$cpu" "${execs:-}" "$result" >> "$ledger"
    if [ "$rc" -ne 0 ]; then
      echo "== $t: the fuzzer stopped with exit code $rc; its output:" >&2
      tail -40 "$log" >&2
      rm -f "$log" "$log.time"
      exit "$rc"
    fi
    rm -f "$log" "$log.time"
  done
done
