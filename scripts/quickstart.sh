#!/usr/bin/env bash
# Installs what Tarn needs, builds it, and runs it on the bundled sample manifests (Fixtures/sample/).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
echo "== building tarn (release)"
swift build -c release --product tarn 2>&1 | grep -E 'error|warning:|Compiling tarn|Build' || true
tarn=.build/release/tarn
test -x "$tarn" || { echo "build failed" >&2; exit 1; }
sample=Fixtures/sample
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "== tarn convert: the gzip TSV manifest to zstd Parquet (types sniffed)"
"$tarn" convert --print-schema "$sample/observations.csv.gz"
"$tarn" convert "$sample/observations.csv.gz" "$out/observations.parquet"
echo "== tarn query: research-grade photos per license (Parquet ⋈ Parquet)"
"$tarn" query --format table "
  SELECT p.license, count(*) AS photos, count(DISTINCT o.observer_id) AS observers
  FROM '$out/observations.parquet' o JOIN '$sample/photos.parquet' p USING (observation_uuid)
  WHERE o.quality_grade = 'research'
  GROUP BY ALL ORDER BY photos DESC"
echo "== tarn query: export a label subset to NDJSON"
"$tarn" query --format ndjson "
  SELECT o.observation_uuid, t.name, o.observed_on
  FROM '$out/observations.parquet' o JOIN '$sample/taxa.parquet' t USING (taxon_id)
  WHERE o.latitude BETWEEN 30 AND 50 ORDER BY o.observed_on DESC NULLS LAST LIMIT 3"
echo "== tarn schema / meta of the converted file"
"$tarn" schema "$out/observations.parquet"
"$tarn" meta "$out/observations.parquet" | head -12
