#!/usr/bin/env bash
# Ends that are not errors — memory running out, SIGTERM, SIGINT — each end tarn with one line or the signal's
# exit status and leave no temporary file behind; a piped input (text or Parquet) is read whole.
# Usage: Tests/cli/process_ends.sh tarn
set -uo pipefail
tarn="$(realpath "$1")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }
leftovers() { find "$1" -mindepth 1 | sort; }

# 1. A result bigger than the address space allows: one line, exit code 1 (a trap would be 132 or 134).
out="$work/oom"
mkdir "$out"
(ulimit -v 400000; exec "$tarn" query "SELECT sum(length(repeat('x', 200000000))) AS n FROM (VALUES (1), (2), (3)) t(k)") \
  >"$out/stdout" 2>"$out/stderr"
status=$?
[ "$status" -eq 1 ] || fail "out of memory: exit status $status, expected 1"
[ "$(wc -l <"$out/stderr")" -eq 1 ] || fail "out of memory: stderr is not one line: $(cat "$out/stderr")"
grep -q '^Out of Memory Error: could not allocate 572.2 MiB' "$out/stderr" || fail "out of memory: $(cat "$out/stderr")"

# 2. Memory running out while COPY has its temporary file open: the file is removed.
out="$work/copy"
mkdir "$out"
(ulimit -v 400000; exec "$tarn" query "COPY (SELECT 'a' AS s UNION ALL SELECT repeat('x', 200000000) FROM (VALUES (1), (2), (3)) t(k)) TO '$out/result.csv'") \
  >/dev/null 2>&1
status=$?
[ "$status" -eq 1 ] || fail "COPY out of memory: exit status $status, expected 1"
[ -z "$(leftovers "$out")" ] || fail "COPY out of memory left: $(leftovers "$out")"

# 3. A signal while `convert` writes (3M rows: about 0.4 s on the 2-core CI machine, polled every 10 ms): the
# temporary output is removed and the exit status is the signal's. SIGINT is reset to its default first: a
# background job starts with it ignored. (A pipe cannot hold the writer mid-way: pipes are copied whole first.)
awk 'BEGIN { print "id,value,name"; for (i = 0; i < 3000000; i++) printf "%d,%.3f,name-%d\n", i, i * 0.5, i % 1000 }' \
  >"$work/rows.csv"
for signal in TERM INT; do
  out="$work/$signal"
  mkdir "$out"
  env --default-signal=INT "$tarn" convert "$work/rows.csv" "$out/result.parquet" >/dev/null 2>&1 &
  converter=$!
  seen=0
  for _ in $(seq 1 1000); do
    if find "$out" -name '.result.parquet.tmp-*' | grep -q .; then seen=1; break; fi
    kill -0 "$converter" 2>/dev/null || break
    sleep 0.01
  done
  [ "$seen" -eq 1 ] || fail "SIG$signal: no temporary output was seen before convert ended"
  kill -s "$signal" "$converter"
  wait "$converter"
  status=$?
  expected=$((128 + $(kill -l "$signal")))
  [ "$status" -eq "$expected" ] || fail "SIG$signal: exit status $status, expected $expected"
  [ -z "$(leftovers "$out")" ] || fail "SIG$signal left: $(leftovers "$out")"
done

# 4. A pipe is read whole, once: sniffing it does not eat the rows the reader then misses.
expected="$(wc -l <"$work/rows.csv")"
got="$(cat "$work/rows.csv" | "$tarn" query --format csv "SELECT count(*) + 1 AS n, max(id) AS m FROM '/dev/stdin'" | tail -1)"
[ "$got" = "$expected,2999999" ] || fail "pipe: count and max $got, expected $expected,2999999"
"$tarn" convert <(cat "$work/rows.csv") "$work/piped.parquet" >/dev/null 2>&1 || fail "pipe: convert failed"
got="$("$tarn" query --format csv "SELECT count(*) AS n, min(id) AS lo, max(id) AS hi FROM '$work/piped.parquet'" | tail -1)"
[ "$got" = "3000000,0,2999999" ] || fail "pipe: converted rows $got, expected 3000000,0,2999999"
sample="$(dirname "$0")/../../Fixtures/sample/observations.parquet"
got="$(cat "$sample" | "$tarn" query --format csv "SELECT count(*) AS n FROM '/dev/stdin'" | tail -1)"
[ "$got" = "5000" ] || fail "piped Parquet: count $got, expected 5000"

if [ "$failures" -gt 0 ]; then
  echo "process ends: $failures failed"
  exit 1
fi
echo "process ends: 7 passed"
