#!/usr/bin/env python3
"""Interop suite of Tarn's Parquet writer.

(a) A matrix of generated tables (every type, all nulls, nested and deeply nested with nulls at every
    level, empty, one row, many row groups, large strings, dictionary fallback) is written by pyarrow,
    re-written by `tarn convert` with every codec (and data page v2, and a Bloom filter), and read
    back by pyarrow, DuckDB and Polars: pyarrow must see the original values, DuckDB and Polars the
    same values they see in pyarrow's file.
(b) Files written by pyarrow, DuckDB (COPY ... TO) and Polars are read by
    `tarn query --format ndjson` and compared with the source values.
(c) Every readable file of Fixtures/parquet-testing/data is read by Tarn, written by `tarn convert`
    and read again: same rows from Tarn, and pyarrow reads the rewrite as it reads the original.

Usage: parquet_writer_interop.py [TARN_BINARY] [--verbose]
Last line: 'N passed, M failed'; exit status 1 on any failure.
"""
from __future__ import annotations

import datetime
import decimal
import glob
import json
import math
import os
import subprocess
import sys
import tempfile
import uuid

import duckdb
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "conformance"))
from pqcompare import compare_rows  # noqa: E402

CODECS = ["zstd", "snappy", "gzip", "lz4", "brotli", "none"]
VERBOSE = "--verbose" in sys.argv
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
TARN = ARGS[0] if ARGS else os.path.join(ROOT, ".build", "release", "tarn")
passed = 0
failed = 0


def report(name: str, problem: str | None) -> None:
    global passed, failed
    if problem:
        failed += 1
        print(f"FAIL {name}: {problem}")
    else:
        passed += 1
        if VERBOSE:
            print(f"ok   {name}")


def tarn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TARN, *args], capture_output=True, text=True, timeout=120, errors="replace")


# ---------------------------------------------------------------------------------------------
# Value normalization: compare meaning, not Python spelling.

def norm(v):
    if v is None:
        return None
    if isinstance(v, float):
        return "NaN" if math.isnan(v) else v
    if isinstance(v, datetime.datetime):
        if v.tzinfo is not None:
            v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return ("ts", v.isoformat())
    if isinstance(v, datetime.time):
        return ("time", v.replace(tzinfo=None).isoformat())
    if isinstance(v, decimal.Decimal):
        return ("dec", v.normalize() if v.is_finite() else str(v))
    if isinstance(v, (bytes, bytearray, memoryview)):
        return ("bytes", bytes(v))
    if isinstance(v, uuid.UUID):
        return ("bytes", v.bytes)
    if isinstance(v, dict):
        return {k: norm(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if hasattr(v, "item"):  # numpy scalars (float16)
        return norm(v.item())
    return v


def first_difference(expected: list, actual: list) -> str | None:
    if len(expected) != len(actual):
        return f"{len(actual)} rows, expected {len(expected)}"
    for i, (e, a) in enumerate(zip(expected, actual)):
        if norm(e) != norm(a):
            return f"row {i}: got {str(a)[:100]}, expected {str(e)[:100]}"
    return None


def pyarrow_rows(table: pa.Table) -> dict[str, list]:
    return {name: table.column(name).to_pylist() for name in table.column_names}


def compare_tables(expected: pa.Table, actual: pa.Table) -> str | None:
    if expected.column_names != actual.column_names:
        return f"columns {actual.column_names} != {expected.column_names}"
    e, a = pyarrow_rows(expected), pyarrow_rows(actual)
    for name in expected.column_names:
        problem = first_difference(e[name], a[name])
        if problem:
            return f"column {name!r} {problem}"
    return None


def duckdb_rows(path: str) -> list:
    con = duckdb.connect()
    try:
        return con.execute(f"SELECT * FROM read_parquet('{path}')").fetchall()
    finally:
        con.close()


def polars_rows(path: str) -> list:
    return pl.read_parquet(path).rows()


# ---------------------------------------------------------------------------------------------
# (a) generated tables, pyarrow -> tarn convert -> pyarrow, DuckDB, Polars.

def generated_tables() -> dict[str, tuple[pa.Table, dict]]:
    n = 300
    def maybe(values, every=7):
        return [None if i % every == 3 else v for i, v in enumerate(values)]
    ints = list(range(-150, 150))
    utc = datetime.timezone.utc
    base_ts = datetime.datetime(2021, 3, 4, 5, 6, 7, 891011)
    scalars = pa.table({
        "bool": pa.array(maybe([i % 3 == 0 for i in range(n)]), pa.bool_()),
        "i8": pa.array(maybe([i % 128 for i in ints]), pa.int8()),
        "i16": pa.array(maybe([i * 100 for i in ints]), pa.int16()),
        "i32": pa.array(maybe([i * 1000003 for i in ints]), pa.int32()),
        "i64": pa.array(maybe([i * 10**15 for i in ints]), pa.int64()),
        "u8": pa.array(maybe([i % 256 for i in range(n)]), pa.uint8()),
        "u16": pa.array(maybe([i * 200 for i in range(n)]), pa.uint16()),
        "u32": pa.array(maybe([2**32 - 1 - i for i in range(n)]), pa.uint32()),
        "u64": pa.array(maybe([2**64 - 1 - i for i in range(n)]), pa.uint64()),
        "f16": pa.array(maybe([float(i) / 4 for i in ints]), pa.float16()),
        "f32": pa.array(maybe([float(i) / 8 if i % 50 else float("nan") for i in ints]), pa.float32()),
        "f64": pa.array(maybe([i / 3 if i else -0.0 for i in ints]), pa.float64()),
        "dec9": pa.array(maybe([decimal.Decimal(i) / 100 for i in ints]), pa.decimal128(9, 2)),
        "dec18": pa.array(maybe([decimal.Decimal(i * 10**12 + 7) / 1000 for i in ints]), pa.decimal128(18, 3)),
        "dec38": pa.array(maybe([decimal.Decimal(i * 10**30 + 1) / 10**5 for i in ints]), pa.decimal128(38, 5)),
        "str": pa.array(maybe([f"value {i % 37} ü€" for i in range(n)])),
        "bin": pa.array(maybe([bytes([i % 256, 0, 255]) * (i % 4) for i in range(n)]), pa.binary()),
        "fixed": pa.array(maybe([bytes([i % 256]) * 5 for i in range(n)]), pa.binary(5)),
        "uuid": pa.array(maybe([uuid.UUID(int=i * 7919).bytes for i in range(n)]), pa.uuid()),
        "date": pa.array(maybe([datetime.date(1960, 1, 1) + datetime.timedelta(days=i * 97) for i in range(n)]), pa.date32()),
        "time_ms": pa.array(maybe([datetime.time(i % 24, i % 60, i % 60, (i * 1000) % 1000000) for i in range(n)]), pa.time32("ms")),
        "time_us": pa.array(maybe([datetime.time(i % 24, i % 60, 7, i * 17) for i in range(n)]), pa.time64("us")),
        "time_ns": pa.array(maybe([(i * 1_000_007 % 86_400_000_000) * 1000 for i in range(n)]), pa.time64("ns")),
        "ts_ms": pa.array(maybe([base_ts.replace(microsecond=0) + datetime.timedelta(hours=i) for i in ints]), pa.timestamp("ms")),
        "ts_us": pa.array(maybe([base_ts + datetime.timedelta(days=i * 31) for i in ints]), pa.timestamp("us")),
        "ts_ns": pa.array(maybe([1_600_000_000_000_000_000 + i * 1_000_001_000 for i in ints]), pa.timestamp("ns")),
        "ts_tz": pa.array(maybe([(base_ts + datetime.timedelta(minutes=i)).replace(tzinfo=utc) for i in ints]), pa.timestamp("us", tz="UTC")),
        "ts_s": pa.array(maybe([base_ts.replace(microsecond=0) + datetime.timedelta(seconds=i) for i in ints]), pa.timestamp("s")),
        "dict": pa.array(maybe([["red", "green", "blue"][i % 3] for i in range(n)])).dictionary_encode(),
    })
    required = pa.table(
        {"id": pa.array(range(n), pa.int64()), "name": pa.array([f"n{i}" for i in range(n)])},
        schema=pa.schema([pa.field("id", pa.int64(), nullable=False), pa.field("name", pa.string(), nullable=False)]))
    all_nulls = pa.table({
        "i": pa.array([None] * 50, pa.int32()), "s": pa.array([None] * 50, pa.string()),
        "l": pa.array([None] * 50, pa.list_(pa.int64())), "st": pa.array([None] * 50, pa.struct([("a", pa.int32())])),
    })
    point = pa.struct([("x", pa.float64()), ("y", pa.float64()), ("tag", pa.string())])
    nested = pa.table({
        "list_i": pa.array([None if i % 5 == 0 else [None if j == 1 else i * j for j in range(i % 4)] for i in range(n)], pa.list_(pa.int32())),
        "list_s": pa.array([[f"s{i}", None, ""] if i % 3 else ([] if i % 2 else None) for i in range(n)], pa.list_(pa.string())),
        "struct": pa.array([None if i % 6 == 0 else {"x": float(i), "y": None if i % 4 == 0 else -float(i), "tag": None if i % 5 == 0 else f"t{i}"} for i in range(n)], point),
        "map": pa.array([None if i % 7 == 0 else [(f"k{j}", None if j == 2 else j * i) for j in range(i % 4)] for i in range(n)], pa.map_(pa.string(), pa.int64())),
        "list_struct": pa.array([None if i % 9 == 0 else [None if j == 0 and i % 2 else {"x": float(j), "y": float(i), "tag": None} for j in range(i % 3)] for i in range(n)], pa.list_(point)),
        "struct_list": pa.array([None if i % 8 == 0 else {"vals": None if i % 3 == 0 else [i, None, i + 1], "name": f"n{i}"} for i in range(n)],
                                pa.struct([("vals", pa.list_(pa.int64())), ("name", pa.string())])),
    })
    deep_type = pa.list_(pa.struct([("a", pa.list_(pa.list_(pa.int16()))), ("m", pa.map_(pa.int32(), pa.list_(pa.string())))]))
    deep_values = []
    for i in range(n):
        if i % 11 == 0:
            deep_values.append(None)
            continue
        deep_values.append([
            None if (i + j) % 5 == 0 else {
                "a": None if j == 1 else [None if k == 2 else [None if (i + k) % 4 == 0 else (i * k) % 30000 for _ in range(k)] for k in range(i % 4)],
                "m": None if (i + j) % 3 == 0 else [(k, None if k == 1 else [f"{i}.{k}", None]) for k in range(j + 1)],
            } for j in range(i % 3)
        ])
    deep = pa.table({"deep": pa.array(deep_values, deep_type)})
    empty = scalars.schema.empty_table().select(["i32", "str", "ts_us", "dec38"])
    one_row = scalars.slice(4, 1)
    many = pa.table({"k": pa.array(range(100_000), pa.int64()), "v": pa.array([f"row {i % 1000}" for i in range(100_000)])})
    large = pa.table({"big": pa.array([("x" * 200_000 + str(i)) if i % 3 else None for i in range(40)])})
    fallback = pa.table({
        "u": pa.array([f"{uuid.UUID(int=i * 2654435761 % 2**128)}" for i in range(60_000)]),
        "f": pa.array([i * 1.000001 for i in range(60_000)], pa.float64()),
    })
    return {
        "scalars": (scalars, {}), "required": (required, {}), "all_nulls": (all_nulls, {}), "nested": (nested, {}),
        "deep": (deep, {}), "empty": (empty, {}), "one_row": (one_row, {}),
        "many_row_groups": (many, {"row_group_size": 7_000}), "large_strings": (large, {}),
        "dictionary_fallback": (fallback, {}),
    }


def check_generated(tmp: str) -> None:
    tables = generated_tables()
    for index, (name, (table, write_options)) in enumerate(tables.items()):
        source_codec = CODECS[index % len(CODECS)]
        source = os.path.join(tmp, f"{name}.parquet")
        pq.write_table(table, source, compression=source_codec, store_schema=True, **write_options)
        original = pq.read_table(source)
        duck_original = duckdb_rows(source)
        polars_original = polars_rows(source)
        variants = [(codec, []) for codec in CODECS]
        variants.append(("zstd-v2", ["--page-version", "2", "--compression", "zstd"]))
        if name == "many_row_groups":
            variants.append(("row-groups", ["--row-group-size", "5000", "--bloom-filter", "k,v"]))
        for label, extra in variants:
            target = os.path.join(tmp, f"{name}.{label}.tarn.parquet")
            args = extra if extra else ["--compression", label]
            p = tarn("convert", source, target, *args)
            test = f"a/{name}/{source_codec}->{label}"
            if p.returncode != 0:
                report(test, f"tarn convert exit {p.returncode}: {p.stderr.strip()[:200]}")
                continue
            try:
                report(test + "/pyarrow", compare_tables(original, pq.read_table(target)))
            except Exception as error:
                report(test + "/pyarrow", f"pyarrow raised {type(error).__name__}: {error}"[:200])
            try:
                report(test + "/duckdb", first_difference(duck_original, duckdb_rows(target)))
            except Exception as error:
                report(test + "/duckdb", f"duckdb raised {type(error).__name__}: {error}"[:200])
            try:
                report(test + "/polars", first_difference(polars_original, polars_rows(target)))
            except Exception as error:
                report(test + "/polars", f"polars raised {type(error).__name__}: {error}"[:200])


# ---------------------------------------------------------------------------------------------
# (b) other writers -> tarn query.

def tarn_ndjson_matches(path: str, table: pa.Table) -> str | None:
    p = tarn("query", "--format", "ndjson", f"SELECT * FROM '{path}'")
    if p.returncode != 0:
        return f"tarn query exit {p.returncode}: {p.stderr.strip()[:200]}"
    return compare_rows(table.to_pylist(), p.stdout)


def check_other_writers(tmp: str) -> None:
    tables = generated_tables()
    for name in ["scalars", "required", "all_nulls", "nested", "deep", "empty", "one_row", "many_row_groups"]:
        table = tables[name][0]
        if name in ("scalars", "one_row"):  # float16 and uuid: not every writer takes them
            table = table.drop_columns(["f16", "uuid"])
        path = os.path.join(tmp, f"b-{name}.pyarrow.parquet")
        pq.write_table(table, path)
        report(f"b/{name}/pyarrow", tarn_ndjson_matches(path, pq.read_table(path)))
        path = os.path.join(tmp, f"b-{name}.duckdb.parquet")
        con = duckdb.connect()
        try:
            con.register("source", table)
            con.execute(f"COPY (SELECT * FROM source) TO '{path}' (FORMAT parquet)")
            report(f"b/{name}/duckdb", tarn_ndjson_matches(path, pq.read_table(path)))
        except (duckdb.Error, pa.ArrowException) as error:
            report(f"b/{name}/duckdb", f"duckdb could not write it: {error}"[:200])
        finally:
            con.close()
        path = os.path.join(tmp, f"b-{name}.polars.parquet")
        try:
            frame = pl.from_arrow(table)
            frame.write_parquet(path)
            report(f"b/{name}/polars", tarn_ndjson_matches(path, pq.read_table(path)))
        except Exception as error:
            report(f"b/{name}/polars", f"polars could not write it: {error}"[:200])


# ---------------------------------------------------------------------------------------------
# (c) the parquet-testing corpus through tarn convert.

def check_corpus(tmp: str) -> None:
    folder = os.path.join(ROOT, "Fixtures", "parquet-testing", "data")
    skipped = 0
    for source in sorted(glob.glob(os.path.join(folder, "*.parquet"))):
        name = os.path.basename(source)
        before = tarn("query", "--format", "ndjson", f"SELECT * FROM '{source}'")
        if before.returncode != 0:
            skipped += 1  # Tarn can't read it (encrypted, unsupported): nothing to rewrite
            continue
        target = os.path.join(tmp, "corpus-" + name)
        p = tarn("convert", source, target)
        if p.returncode != 0:
            report(f"c/{name}", f"tarn convert exit {p.returncode}: {p.stderr.strip()[:200]}")
            continue
        after = tarn("query", "--format", "ndjson", f"SELECT * FROM '{target}'")
        if after.returncode != 0:
            report(f"c/{name}/tarn", f"tarn can't read the rewrite: {after.stderr.strip()[:200]}")
        elif [json.loads(x) for x in before.stdout.splitlines()] != [json.loads(x) for x in after.stdout.splitlines()]:
            report(f"c/{name}/tarn", "rows differ after the rewrite")
        else:
            report(f"c/{name}/tarn", None)
        try:
            # INT96 read as nanoseconds wraps for years past 2262; Tarn reads microseconds.
            original = pq.read_table(source, coerce_int96_timestamp_unit="us")
        except Exception:
            continue  # pyarrow can't read the original: nothing to compare with
        try:
            rewritten = pq.read_table(target)
            report(f"c/{name}/pyarrow", compare_corpus(original, rewritten))
        except Exception as error:
            report(f"c/{name}/pyarrow", f"pyarrow raised {type(error).__name__}: {error}"[:200])
    if VERBOSE:
        print(f"corpus: {skipped} files Tarn does not read were skipped")


def compare_corpus(original: pa.Table, rewritten: pa.Table) -> str | None:
    """As compare_tables, with the conversions Tarn's model makes on reading: INT96 to microseconds,
    float16 to float32, dictionary types to their values."""
    if original.column_names != rewritten.column_names:
        return f"columns {rewritten.column_names} != {original.column_names}"
    for name in original.column_names:
        column = original.column(name)
        if pa.types.is_timestamp(column.type) and column.type.unit == "ns":
            column = column.cast(pa.timestamp("us", column.type.tz), safe=False)
        try:
            expected, actual = column.to_pylist(), rewritten.column(name).to_pylist()
        except (OverflowError, ValueError):
            # Years past 9999 have no Python datetime: compare the Arrow arrays instead.
            if not pa.types.is_timestamp(column.type):
                try:
                    same = rewritten.column(name).cast(column.type).combine_chunks().equals(column.combine_chunks())
                except pa.ArrowException as error:
                    return f"column {name!r}: {error}"[:200]
                if not same:
                    return f"column {name!r} differs (compared as Arrow arrays)"
                continue
            if column.type != rewritten.column(name).type:
                column = column.cast(rewritten.column(name).type, safe=False)
            left = column.cast(pa.int64()).to_pylist() if pa.types.is_timestamp(column.type) else column.to_pylist()
            right = rewritten.column(name).cast(pa.int64()).to_pylist() if pa.types.is_timestamp(column.type) else rewritten.column(name).to_pylist()
            # Past year 9999 pyarrow's own INT96 conversion wraps around (Tarn's ndjson shows the true year),
            # so those values are left out.
            limit = 253402300800 * 10**6
            pairs = [(x, y) for x, y in zip(left, right) if x is None or -limit < x < limit]
            if len(left) != len(right) or any(x != y for x, y in pairs):
                return f"column {name!r} differs (compared as Arrow arrays)"
            continue
        problem = first_difference(expected, actual)
        if problem:
            return f"column {name!r} {problem}"
    return None


def main() -> int:
    if not os.path.exists(TARN):
        print(f"no tarn binary at {TARN}; build it with swift build -c release --product tarn")
        print("0 passed, 1 failed")
        return 1
    with tempfile.TemporaryDirectory(prefix="tarn-writer-interop-") as tmp:
        check_generated(tmp)
        check_other_writers(tmp)
        check_corpus(tmp)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
