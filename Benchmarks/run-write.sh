#!/usr/bin/env bash
# The write benchmark in one command: builds tarn, sets up Python, generates data if missing, runs write_bench.py.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$root" && swift build -c release --product tarn >&2)
py="$("$root/scripts/python-env.sh")"
data="$root/bench-data/inat-1000000"
"$py" "$root/Benchmarks/datagen/inat.py" --observations 1000000 --out "$data" --skip-existing >&2
exec "$py" "$root/Benchmarks/write_bench.py" --file "$data/observations.parquet" "$@"
