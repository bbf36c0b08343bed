#!/usr/bin/env bash
# The convert benchmark in one command: builds tarn, sets up Python, generates data if missing, runs.
#
#   Benchmarks/run-convert.sh [--no-build] [--observations N] [convert_bench.py options...]
#
# Default: 1,000,000 observations (bench-data/inat-1000000/observations.csv.gz, about 45 MB), 3 runs,
# tarn vs DuckDB COPY vs Polars, with --check (Tarn's Parquet has DuckDB's types and rows).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
observations=1000000
passthrough=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --observations)
      [[ $# -ge 2 ]] || { echo "run-convert: --observations needs a number" >&2; exit 2; }
      observations="$2"
      shift
      ;;
    *) passthrough+=("$1") ;;
  esac
  shift
done

if ((build)); then
  (cd "$root" && swift build -c release --product tarn >&2)
fi
py="$("$root/scripts/python-env.sh")"
data="$root/bench-data/inat-$observations"
"$py" "$root/Benchmarks/datagen/inat.py" --observations "$observations" --out "$data" --skip-existing >&2
exec "$py" "$root/Benchmarks/convert_bench.py" --input "$data/observations.csv.gz" --tarn "$root/.build/release/tarn" \
  --check ${passthrough[@]+"${passthrough[@]}"}
