#!/usr/bin/env bash
# The read benchmark in one command: builds tarn, sets up Python, generates data if missing, runs.
#
#   Benchmarks/run-read.sh [--no-build] [--observations N | --small] [read_bench.py options...]
#
#   --no-build        use .build/release/tarn as it is (or report tarn as not available)
#   --observations N  scale of the generated data set (default 1,000,000)
#   --small           20,000 observations, for a quick smoke run
# Anything else goes to Benchmarks/read_bench.py: --runs N, --engines tarn,duckdb, --out FILE ...
# Data lives in bench-data/inat-N/ and is regenerated only when missing or when the
# generator or its parameters change.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build=1
observations=1000000
passthrough=()
while (($#)); do
  case "$1" in
    --no-build) build=0 ;;
    --observations)
      [[ $# -ge 2 ]] || { echo "run-read: --observations needs a number" >&2; exit 2; }
      observations="$2"
      shift
      ;;
    --small) observations=20000 ;;
    *) passthrough+=("$1") ;;
  esac
  shift
done

if ((build)); then
  echo "run-read: swift build -c release --product tarn" >&2
  if ! (cd "$root" && swift build -c release --product tarn >&2); then
    echo "run-read: the release build failed; fix it, or pass --no-build to benchmark without rebuilding" >&2
    exit 1
  fi
fi

py="$("$root/scripts/python-env.sh")"
data="$root/bench-data/inat-$observations"
"$py" "$root/Benchmarks/datagen/inat.py" --observations "$observations" --out "$data" --skip-existing >&2

exec "$py" "$root/Benchmarks/read_bench.py" --file "$data/observations.parquet" --tarn "$root/.build/release/tarn" \
  ${passthrough[@]+"${passthrough[@]}"}
