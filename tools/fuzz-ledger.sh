#!/usr/bin/env bash
# Prints the fuzzing ledger (fuzz/ledger.tsv) as the Markdown table in the README: per target, the
# CPU time recorded without a crash, the executions, and the runs. Lines without a CPU figure
# (early runs timed by the wall clock only) add nothing to the CPU column, and neither does a chunk
# that ended in a crash, timeout or out-of-memory: that target's last column says "crash recorded".
#   tools/fuzz-ledger.sh            # prints the table
#   tools/fuzz-ledger.sh --readme   # replaces the table in README.md with it
#   LEDGER=other.tsv tools/fuzz-ledger.sh   # another ledger (tests/readme.rs)
set -euo pipefail
cd "$(dirname "$0")/.."
HEADER='| Target | CPU time without a crash | Executions | Runs | Last run | 30 min reached |'

table() {
  echo "$HEADER"
  echo '|---|---|---|---|---|---|'
  awk -F'\t' '
    NR == 1 { next }
    {
      if (!($2 in runs)) order[++n] = $2
      runs[$2]++
      if ($5 != "" && $7 == "ok") cpu[$2] += $5
      if ($6 != "") ex[$2] += $6; else unknown[$2]++
      if ($7 != "ok") bad[$2]++
      last[$2] = substr($1, 1, 10)
    }
    function commas(x,   s, r) { s = sprintf("%d", x); r = ""; while (length(s) > 3) { r = "," substr(s, length(s) - 2) r; s = substr(s, 1, length(s) - 3) }; return s r }
    END {
      for (i = 1; i <= n; i++) {
        t = order[i]
        printf "| `%s` | %.1f min | %s | %d | %s | %s |\n", t, cpu[t] / 60, (t in ex ? commas(ex[t]) (t in unknown ? " and runs not counted" : "") : "not recorded"), runs[t], last[t], \
          (bad[t] ? "crash recorded" : (cpu[t] >= 1800 ? "yes" : "no"))
      }
    }' "${LEDGER:-fuzz/ledger.tsv}" | sort
}

if [ "${1:-}" = --readme ]; then
  new=$(mktemp)
  table > "$new.table"
  # The table runs from its header line to the first blank line.
  awk -v header="$HEADER" -v file="$new.table" '
    $0 == header { while ((getline line < file) > 0) print line; skipping = 1; found = 1; next }
    skipping && $0 == "" { skipping = 0 }
    !skipping { print }
    END { if (!found) { print "no fuzzing table in README.md" > "/dev/stderr"; exit 1 } }' README.md > "$new"
  mv "$new" README.md
  rm -f "$new.table"
else
  table
fi
