#!/usr/bin/env python3
"""Writes Tests/TarnParquetTests/Encodings/PyArrowFixtures.swift: pages that pyarrow wrote, cut out of
uncompressed Parquet files, with the values pyarrow wrote into them.

The Swift tests decode each page with Tarn's decoders and re-encode the values with Tarn's encoders,
expecting pyarrow's exact bytes where both follow the same writer rules (Arrow's RLE and delta
encoders). Run with pyarrow installed: python3 Tests/Fixtures/Encodings/make_pyarrow_fixtures.py
"""
import base64, io, os, random, struct, sys
import pyarrow as pa
import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(__file__))
from make_pyarrow_fixtures_compact import Compact  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "TarnParquetTests", "Encodings", "PyArrowFixtures.swift")


def pages(path):
    """(header fields, body bytes) of every page of the file's only column chunk."""
    data = open(path, "rb").read()
    footer_len = struct.unpack("<I", data[-8:-4])[0]
    end = len(data) - 8 - footer_len
    pos, result = 4, []
    while pos < end:
        reader = Compact(data, pos)
        header = reader.struct()
        body = data[reader.pos:reader.pos + header[3]]
        pos = reader.pos + header[3]
        result.append((header, body))
    return result


def write(table, **options):
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="NONE", write_statistics=False, data_page_size=1 << 30, **options)
    path = "/tmp/tarn_fixture.parquet"
    open(path, "wb").write(buf.getvalue())
    return pages(path)


def b64(data):
    return base64.b64encode(bytes(data)).decode()


fixtures = []


def add(name, kind, page_header, body, **expected):
    """kind is the Swift test's handler; expected values are raw bytes, base64-encoded."""
    fixtures.append((name, kind, page_header, body, expected))


def data_page(page_list):
    """The one data page; its header fields (v1 or v2 merged) and body."""
    data = [(h, b) for h, b in page_list if h[1] in (0, 3)]
    assert len(data) == 1, f"{len(data)} data pages"
    h, b = data[0]
    info = dict(h.get(5) or {})
    if h[1] == 3:
        v2 = h[8]
        info = {"num_values": v2[1], "encoding": v2[4], "def_len": v2.get(5, 0), "rep_len": v2.get(6, 0)}
    else:
        info = {"num_values": info[1], "encoding": info[2], "def_len": -1, "rep_len": -1}
    return info, b


def ints(values, fmt):
    return b"".join(struct.pack("<" + fmt, v) for v in values)


def byte_arrays(values):
    return b"".join(values), ints([len(v) for v in values], "i")


rng = random.Random(20261124)

# DELTA_BINARY_PACKED, Int32 and Int64, data pages v1 and v2.
int32s = [rng.randint(-2**31, 2**31 - 1) for _ in range(150)] + [rng.randint(-50, 50) for _ in range(400)] \
    + [7] * 300 + [-2**31, 2**31 - 1, -2**31] + list(range(0, 900, 3))
int64s = [rng.randint(-2**63, 2**63 - 1) for _ in range(100)] + [rng.randint(0, 1 << 40) for _ in range(300)] \
    + [-2**63, 2**63 - 1] + [5] * 129
for version in ("1.0", "2.0"):
    table = pa.table({"a": pa.array(int32s, pa.int32())}, schema=pa.schema([pa.field("a", pa.int32(), nullable=False)]))
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "DELTA_BINARY_PACKED"}, data_page_version=version))
    add(f"deltaInt32V{version[0]}", "deltaInt32", info, body, values=ints(int32s, "i"))
    table = pa.table({"a": pa.array(int64s, pa.int64())}, schema=pa.schema([pa.field("a", pa.int64(), nullable=False)]))
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "DELTA_BINARY_PACKED"}, data_page_version=version))
    add(f"deltaInt64V{version[0]}", "deltaInt64", info, body, values=ints(int64s, "q"))

# Byte arrays: DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY, PLAIN.
words = ["", "a", "apple", "applesauce", "apply", "banana", "band", "bandana", "héllo wörld", "x" * 40]
strings = [rng.choice(words) + (str(rng.randint(0, 99)) if rng.random() < 0.5 else "") for _ in range(300)]
strings += sorted(f"s3://bucket/key/{rng.randint(0, 10**6):07d}" for _ in range(150))
encoded_strings = [s.encode() for s in strings]
for encoding, kind in (("DELTA_LENGTH_BYTE_ARRAY", "deltaLength"), ("DELTA_BYTE_ARRAY", "deltaByteArray"), ("PLAIN", "plainByteArray")):
    table = pa.table({"a": pa.array(strings, pa.string())}, schema=pa.schema([pa.field("a", pa.string(), nullable=False)]))
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": encoding}))
    values, lengths = byte_arrays(encoded_strings)
    add(f"{kind}Strings", kind, info, body, values=values, lengths=lengths)

# FIXED_LEN_BYTE_ARRAY with DELTA_BYTE_ARRAY.
fixed = [bytes([rng.randint(0, 3) for _ in range(6)]) if i % 4 else b"\x00\x01\x02\x03\x04\x05" for i in range(300)]
table = pa.table({"a": pa.array(fixed, pa.binary(6))}, schema=pa.schema([pa.field("a", pa.binary(6), nullable=False)]))
info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "DELTA_BYTE_ARRAY"}))
add("deltaByteArrayFixed6", "deltaByteArrayFixed", info, body, values=b"".join(fixed), width=b"\x06")

# BYTE_STREAM_SPLIT for every width pyarrow writes.
floats = [rng.uniform(-1e6, 1e6) for _ in range(300)] + [float("inf"), -0.0]
bss = [
    ("Float", pa.float32(), floats, lambda v: struct.pack("<f", v), 4),
    ("Double", pa.float64(), floats, lambda v: struct.pack("<d", v), 8),
    ("Int32", pa.int32(), int32s[:300], lambda v: struct.pack("<i", v), 4),
    ("Int64", pa.int64(), int64s[:300], lambda v: struct.pack("<q", v), 8),
    ("Fixed5", pa.binary(5), [bytes([rng.randint(0, 255) for _ in range(5)]) for _ in range(177)], lambda v: v, 5),
]
for name, type_, values, pack, width in bss:
    table = pa.table({"a": pa.array(values, type_)}, schema=pa.schema([pa.field("a", type_, nullable=False)]))
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "BYTE_STREAM_SPLIT"}))
    add(f"byteStreamSplit{name}", "byteStreamSplit", info, body, values=b"".join(pack(v) for v in values), width=bytes([width]))

# Booleans: RLE (length-prefixed) and PLAIN.
bools = [rng.random() < 0.3 for _ in range(1000)] + [True] * 100 + [False] * 77
for version in ("1.0", "2.0"):
    table = pa.table({"a": pa.array(bools)}, schema=pa.schema([pa.field("a", pa.bool_(), nullable=False)]))
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "RLE"}, data_page_version=version))
    add(f"rleBooleansV{version[0]}", "rleBooleans", info, body, values=bytes(bools))
table = pa.table({"a": pa.array(bools)}, schema=pa.schema([pa.field("a", pa.bool_(), nullable=False)]))
info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "PLAIN"}))
add("plainBooleans", "plainBooleans", info, body, values=bytes(bools))

# Definition levels of an optional column: length-prefixed in v1, bare in v2.
optional = [None if rng.random() < 0.3 else rng.randint(-1000, 1000) for _ in range(600)] + [None] * 50 + [1] * 50
for version in ("1.0", "2.0"):
    table = pa.table({"a": pa.array(optional, pa.int32())})
    info, body = data_page(write(table, use_dictionary=False, column_encoding={"a": "PLAIN"}, data_page_version=version))
    add(f"definitionLevelsV{version[0]}", "definitionLevels", info, body,
        levels=bytes(0 if v is None else 1 for v in optional), values=ints([v for v in optional if v is not None], "i"))

# Dictionary indices: the dictionary page (PLAIN) and the data page's bit width byte and runs.
dict_words = [f"w{i}" for i in range(100)]
picks = [rng.choice(dict_words[:5]) if rng.random() < 0.5 else rng.choice(dict_words) for _ in range(800)]
table = pa.table({"a": pa.array(picks)}, schema=pa.schema([pa.field("a", pa.string(), nullable=False)]))
page_list = write(table, use_dictionary=True)
dictionary = [(h, b) for h, b in page_list if h[1] == 2][0]
info, body = data_page(page_list)
values, lengths = byte_arrays([p.encode() for p in picks])
add("dictionaryIndices", "dictionaryIndices", info, body, dictionary=dictionary[1],
    dictionaryCount=struct.pack("<i", dictionary[0][7][1]), values=values, lengths=lengths)

# Repetition and definition levels of list<int32>: max repetition 1, max definition 3.
lists = []
for _ in range(200):
    r = rng.random()
    lists.append(None if r < 0.1 else [] if r < 0.2 else [None if rng.random() < 0.2 else rng.randint(0, 9) for _ in range(rng.randint(1, 12))])
rep, dfn, flat = [], [], []
for row in lists:
    if row is None:
        rep.append(0); dfn.append(0)
    elif not row:
        rep.append(0); dfn.append(1)
    else:
        for i, v in enumerate(row):
            rep.append(0 if i == 0 else 1); dfn.append(2 if v is None else 3)
            if v is not None:
                flat.append(v)
table = pa.table({"a": pa.array(lists, pa.list_(pa.int32()))})
info, body = data_page(write(table, use_dictionary=False))
add("listLevelsV1", "listLevels", info, body, repetition=bytes(rep), definition=bytes(dfn), values=ints(flat, "i"))

with open(OUT, "w") as f:
    f.write("// Generated by Tests/Fixtures/Encodings/make_pyarrow_fixtures.py with pyarrow "
            f"{pa.__version__}; do not edit.\n\n")
    f.write("import Testing\n\n/// A page pyarrow wrote: its header fields, body (base64) and the values in it (base64).\n")
    f.write("struct PyArrowFixture: CustomTestStringConvertible, Sendable {\n")
    f.write("  let name: String\n  let kind: String\n  let numValues: Int\n  let encoding: Int\n")
    f.write("  /// Level byte lengths from a data page v2 header, or -1 for a v1 page.\n")
    f.write("  let definitionLevelsLength: Int\n  let repetitionLevelsLength: Int\n")
    f.write("  let body: String\n  let expected: [String: String]\n")
    f.write("  var testDescription: String { name }\n}\n\n")
    f.write("let pyArrowFixtures: [PyArrowFixture] = [\n")
    for name, kind, info, body, expected in fixtures:
        exp = ", ".join(f'"{k}": "{b64(v)}"' for k, v in expected.items())
        f.write(f'  PyArrowFixture(name: "{name}", kind: "{kind}", numValues: {info["num_values"]}, '
                f'encoding: {info["encoding"]}, definitionLevelsLength: {info["def_len"]}, '
                f'repetitionLevelsLength: {info["rep_len"]},\n    body: "{b64(body)}",\n    expected: [{exp}]),\n')
    f.write("]\n")
print(f"wrote {len(fixtures)} fixtures to {os.path.normpath(OUT)} ({os.path.getsize(OUT)} bytes)")
