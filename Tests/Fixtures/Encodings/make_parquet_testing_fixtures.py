#!/usr/bin/env python3
"""Writes Tests/TarnParquetTests/Encodings/ParquetTestingFixtures.swift: the data pages of chosen columns of
files in shared/parquet-testing (written by parquet-mr, parquet-cpp and others), decompressed, with the
column's values as pyarrow reads them.

The Swift tests decode every page with Tarn's decoders (levels and values) and compare the non-null
values with pyarrow's. Run with pyarrow installed, from the worktree root:
    python3 Tests/Fixtures/Encodings/make_parquet_testing_fixtures.py [path/to/parquet-testing/data]
"""
import base64, os, struct, sys
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(__file__))
from make_pyarrow_fixtures_compact import Compact  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "..", "..", "shared", "parquet-testing", "data")
OUT = os.path.join(HERE, "..", "..", "TarnParquetTests", "Encodings", "ParquetTestingFixtures.swift")

CODECS = {"UNCOMPRESSED": None, "SNAPPY": "snappy", "GZIP": "gzip", "ZSTD": "zstd", "LZ4_RAW": "lz4_raw"}
widths = [0, 1, 2, 3, 5, 7, 8, 13, 16, 21, 24, 31, 32, 33, 40, 48, 55, 56] + list(range(57, 65))
CHOSEN = {
    "delta_binary_packed.parquet": [f"bitwidth{w}" for w in widths] + ["int_value"],
    "delta_byte_array.parquet": ["c_customer_id", "c_salutation", "c_last_review_date"],
    "delta_encoding_required_column.parquet": ["c_customer_sk:", "c_birth_year:", "c_customer_id:", "c_email_address:"],
    "delta_length_byte_array.parquet": ["FRUIT"],
    "byte_stream_split.zstd.parquet": ["f32", "f64"],
    "datapage_v2.snappy.parquet": ["a", "b", "c", "d"],
    "rle_boolean_encoding.parquet": ["datatype_boolean"],
    "fixed_length_byte_array.parquet": ["flba_field"],
}


def b64(data):
    return base64.b64encode(bytes(data)).decode()


def column_pages(path, index, codec):
    """(kind, header fields, levels bytes, body bytes) of each page of column `index` in row group 0."""
    data = open(path, "rb").read()
    meta = pq.ParquetFile(path).metadata.row_group(0).column(index)
    start = meta.dictionary_page_offset if meta.has_dictionary_page and meta.dictionary_page_offset else meta.data_page_offset
    end = start + meta.total_compressed_size
    pos, pages = start, []
    while pos < end:
        reader = Compact(data, pos)
        header = reader.struct()
        raw = data[reader.pos:reader.pos + header[3]]
        pos = reader.pos + header[3]
        kind = header[1]
        if kind == 3:  # data page v2: levels are never compressed
            v2 = header[8]
            levels_len = v2.get(5, 0) + v2.get(6, 0)
            levels, rest = raw[:levels_len], raw[levels_len:]
            if codec and v2.get(7, True):
                rest = pa.decompress(rest, decompressed_size=header[2] - levels_len, codec=codec).to_pybytes()
            pages.append((kind, header, levels, rest))
        elif kind in (0, 2):
            body = pa.decompress(raw, decompressed_size=header[2], codec=codec).to_pybytes() if codec else raw
            pages.append((kind, header, b"", body))
    return pages


def expected_values(column, physical, type_length):
    values = [v for v in column.to_pylist() if v is not None]
    if physical == "INT32":
        return {"values": b"".join(struct.pack("<i", v) for v in values)}
    if physical == "INT64":
        return {"values": b"".join(struct.pack("<q", v) for v in values)}
    if physical == "FLOAT":
        return {"values": b"".join(struct.pack("<f", v) for v in values)}
    if physical == "DOUBLE":
        return {"values": b"".join(struct.pack("<d", v) for v in values)}
    if physical == "BOOLEAN":
        return {"values": bytes(int(v) for v in values)}
    values = [v.encode() if isinstance(v, str) else bytes(v) for v in values]
    return {"values": b"".join(values), "lengths": b"".join(struct.pack("<i", len(v)) for v in values)}


lines = []
for file, columns in CHOSEN.items():
    path = os.path.join(DATA, file)
    pf = pq.ParquetFile(path)
    table = pf.read()
    for name in columns:
        index = [pf.schema.column(i).name for i in range(len(pf.schema))].index(name)
        descr = pf.schema.column(index)
        meta = pf.metadata.row_group(0).column(index)
        pages = column_pages(path, index, CODECS[meta.compression])
        expected = expected_values(table.column(index), descr.physical_type, descr.length or 0)
        swift_pages = []
        for kind, header, levels, body in pages:
            if kind == 2:
                swift_pages.append(f'.init(kind: .dictionary, numValues: {header[7][1]}, encoding: {header[7][2]}, '
                                   f'definitionLevelEncoding: 0, definitionLevelsLength: 0, repetitionLevelsLength: 0, levels: "", body: "{b64(body)}")')
            elif kind == 0:
                h = header[5]
                swift_pages.append(f'.init(kind: .v1, numValues: {h[1]}, encoding: {h[2]}, definitionLevelEncoding: {h[3]}, '
                                   f'definitionLevelsLength: -1, repetitionLevelsLength: -1, levels: "", body: "{b64(body)}")')
            else:
                h = header[8]
                swift_pages.append(f'.init(kind: .v2, numValues: {h[1]}, encoding: {h[4]}, definitionLevelEncoding: 3, '
                                   f'definitionLevelsLength: {h.get(5, 0)}, repetitionLevelsLength: {h.get(6, 0)}, levels: "{b64(levels)}", body: "{b64(body)}")')
        exp = ", ".join(f'"{k}": "{b64(v)}"' for k, v in expected.items())
        lines.append(f'  ParquetTestingColumn(\n    name: "{file}:{name}", physicalType: "{descr.physical_type}", '
                     f'typeLength: {descr.length or 0}, maxDefinitionLevel: {descr.max_definition_level},\n'
                     f'    pages: [\n      ' + ",\n      ".join(swift_pages) + f"],\n    expected: [{exp}]),")

with open(OUT, "w") as f:
    f.write("// Generated by Tests/Fixtures/Encodings/make_parquet_testing_fixtures.py with pyarrow "
            f"{pa.__version__} from shared/parquet-testing; do not edit.\n\n")
    f.write("import Testing\n\n")
    f.write("/// One column chunk's pages (decompressed, base64) from a parquet-testing file, and its non-null values.\n")
    f.write("struct ParquetTestingColumn: CustomTestStringConvertible, Sendable {\n")
    f.write("  struct Page: Sendable {\n    enum Kind: Sendable { case dictionary, v1, v2 }\n    let kind: Kind\n")
    f.write("    let numValues: Int\n    let encoding: Int\n    /// The v1 header's level encoding (3 RLE, 4 BIT_PACKED).\n")
    f.write("    let definitionLevelEncoding: Int\n    /// A v2 header's definition levels length; -1 for v1.\n")
    f.write("    let definitionLevelsLength: Int\n    /// A v2 header's repetition levels length, which come first; -1 for v1.\n")
    f.write("    let repetitionLevelsLength: Int\n    /// A v2 page's levels.\n    let levels: String\n    let body: String\n  }\n")
    f.write("  let name: String\n  let physicalType: String\n  let typeLength: Int\n  let maxDefinitionLevel: Int\n")
    f.write("  let pages: [Page]\n  let expected: [String: String]\n  var testDescription: String { name }\n}\n\n")
    f.write("let parquetTestingColumns: [ParquetTestingColumn] = [\n")
    f.write("\n".join(lines))
    f.write("\n]\n")
print(f"wrote {len(lines)} columns to {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")
