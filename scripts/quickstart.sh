#!/usr/bin/env bash
# Installs what Tarn needs, builds it, and runs it on the bundled sample manifests (Fixtures/sample/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== building tarn (release)"
swift build -c release --product tarn 2>&1 | grep -E 'error|warning:|Compiling tarn|Build' || true
tarn=.build/release/tarn
test -x "$tarn" || { echo "build failed" >&2; exit 1; }
sample=Fixtures/sample/observations.parquet
echo "== tarn schema $sample"
"$tarn" schema "$sample"
echo "== tarn query: the first rows"
"$tarn" query --format table "SELECT observation_uuid, taxon_id, quality_grade, observed_on FROM '$sample' LIMIT 5"
echo "== tarn meta (row groups, encodings, statistics)"
"$tarn" meta "$sample" | head -16
