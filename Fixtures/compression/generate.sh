#!/bin/sh
# Regenerates the codec interop vectors: sample.txt compressed by the reference command-line tools,
# and the compressed page bodies of a few parquet-testing files (extract_pages.py).
# Usage: Fixtures/compression/generate.sh [PARQUET_TESTING_DATA_DIR]
set -eu
cd "$(dirname "$0")"
data_dir="${1:-../parquet-testing/data}"

python3 - <<'PY'
lines = []
for i in range(120):
    lines.append(f"{i:04d},station-{i % 7},{(i * 37) % 1000 / 10:.1f},the quick brown fox jumps over the lazy dog\n")
open("sample.txt", "w").write("".join(lines))
PY

gzip -9 -n -c sample.txt > sample.txt.gz
gzip -1 -n -c sample.txt > member.gz
cat sample.txt.gz member.gz > sample-twice.2members.gz   # two gzip members: sample.txt twice
rm member.gz
gzip -n -c < /dev/null > empty.gz
python3 -c 'import zlib,sys; d=open("sample.txt","rb").read(); open("sample.txt.zlib","wb").write(zlib.compress(d, 6)); c=zlib.compressobj(6, zlib.DEFLATED, -15); open("sample.txt.deflate","wb").write(c.compress(d)+c.flush())'

zstd -q -19 -f -c sample.txt > sample.txt.zst
zstd -q -1 -c < sample.txt > sample.nosize.zst            # read from a pipe: no content size in the header
cat sample.txt.zst sample.nosize.zst > sample-twice.2frames.zst
zstd -q -c < /dev/null > empty.zst

lz4 -q -f -c sample.txt > sample.txt.lz4                  # LZ4 frame format
brotli -f -c sample.txt > sample.txt.br
brotli -c < /dev/null > empty.br

if [ -d "$data_dir" ]; then
  python3 extract_pages.py "$data_dir" parquet-testing-pages.tsv \
    hadoop_lz4_compressed.parquet non_hadoop_lz4_compressed.parquet lz4_raw_compressed.parquet \
    concatenated_gzip_members.parquet byte_stream_split.zstd.parquet alltypes_plain.snappy.parquet \
    datapage_v2.snappy.parquet
fi
