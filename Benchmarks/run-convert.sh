#!/usr/bin/env bash
# The convert benchmark in one command: builds tarn, sets up Python, generates data if missing, runs.
#
#   [OBSERVATIONS=N] [NO_BUILD=1] Benchmarks/run-convert.sh [convert_bench.py options: --runs 3 --engines tarn,duckdb ...]
#
# Default: 1,000,000 observations (bench-data/inat-1000000/observations.csv.gz, about 45 MB), 3 runs,
# tarn vs DuckDB COPY vs Polars, with --check (Tarn's Parquet has DuckDB's types and rows).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
observations="${OBSERVATIONS:-1000000}"
[[ -n "${NO_BUILD:-}" ]] || (cd "$root" && swift build -c release --product tarn >&2)
py="$("$root/scripts/python-env.sh")"
data="$root/bench-data/inat-$observations"
"$py" "$root/Benchmarks/datagen/inat.py" --observations "$observations" --out "$data" --skip-existing >&2
exec "$py" "$root/Benchmarks/convert_bench.py" --input "$data/observations.csv.gz" --tarn "$root/.build/release/tarn" --check "$@"
