#!/usr/bin/env bash
# Runs every test: the Swift suites, then the Parquet conformance run of the release binary over Fixtures/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

echo "== release build"
swift build -c release --product tarn 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] ' || true
test -x .build/release/tarn || { echo "release build failed" >&2; exit 1; }

echo "== swift test"
set +e
# Passing tests and suites are not listed one by one; failures and the run's summary line are.
swift test 2>&1 | awk '/^\[[0-9]+\/[0-9]+\] / || /^◇ / { next }
  /^(✔|􁁛) (Test|Suite) / && / passed/ && !/Test run with/ { next } { print }'
status=${PIPESTATUS[0]}
set -e
[ "$status" -eq 0 ] || { echo "swift test failed ($status)" >&2; exit "$status"; }

echo "== Parquet conformance (Fixtures/parquet-testing)"
python3 Tests/conformance/parquet_conformance.py .build/release/tarn Fixtures/parquet-testing

echo "== process ends (out of memory, SIGTERM, SIGINT, piped input)"
Tests/cli/process_ends.sh .build/release/tarn

echo "== Parquet writer interop (pyarrow, DuckDB, Polars)"
python_bin="$(scripts/python-env.sh)"
"$python_bin" Tests/interop/parquet_writer_interop.py .build/release/tarn

echo "== SQL differential suite (DuckDB)"
"$python_bin" Tests/interop/sql_vs_duckdb.py .build/release/tarn

echo "== CSV/JSON differential suite (DuckDB read_csv/read_json)"
"$python_bin" Tests/interop/csv_vs_duckdb.py .build/release/tarn

echo "== query benchmark smoke (20k observations; one run each: the harness works and every engine agrees)"
"$python_bin" Benchmarks/query_bench.py --smoke --out-dir "$(mktemp -d)"
