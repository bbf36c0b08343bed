#!/usr/bin/env python3
"""Differential test: every query in queries/*.sql runs through `tarn query --format ndjson` and DuckDB.

Results are compared order-insensitively unless the query has a top-level ORDER BY; floats
within 1e-9 relative. Data: a 5,000-observation iNaturalist-shaped manifest (with nulls) from
Benchmarks/datagen/inat.py, an all-types table and a nested/extra-types table written by DuckDB, a hive-partitioned
copy of the taxa, and 700k rows with 600k distinct (group, value) pairs per column (`distinct_big`, past the point
where DISTINCT aggregates change their set). `{D}` in a query is the data directory.

A line holding several `;`-separated statements is a script: Tarn runs it with `tarn query -f`, DuckDB
statement by statement in one connection, and the last statement's rows are compared (CREATE VIEW/TABLE,
COPY round trips). `{T}` in a script is a fresh scratch directory, a different one for each engine.
A query DuckDB rejects (overflow, failed cast, unknown name) must make Tarn exit non-zero too ("both error").
Prints `N passed, M failed` and exits non-zero on any failure.

Usage: sql_vs_duckdb.py TARN_BINARY [--filter SUBSTRING] [--queries DIR]

Known differences (Tarn's gaps, not DuckDB bugs): the queries are kept in known_gaps/, not in queries/.
- window functions (OVER) are not implemented;
- correlated subqueries other than EXISTS/NOT EXISTS and a scalar aggregate matched by equalities are refused;
- HUGEINT is modelled as DECIMAL(38,0): SUM over integers and integer literals past BIGINT are exact but typed
  DECIMAL(38,0) (typeof differs), and HUGEINT arithmetic past 38 digits is an overflow error in Tarn;
- integer literals past HUGEINT are DOUBLE in Tarn, BIGNUM in DuckDB 2.0;
- MAP literals and list slices are not implemented; string → BLOB casts do not read `\\xHH` escapes.
"""
import base64
import datetime
import decimal
import json
import math
import os
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]


def make_data(directory: Path) -> None:
    if not (directory / "inat-manifest.json").exists():
        subprocess.run([sys.executable, str(ROOT / "Benchmarks/datagen/inat.py"), "--observations", "5000", "--out", str(directory)],
                       check=True, stdout=subprocess.DEVNULL)
    target = directory / "all_types.parquet"
    if not target.exists():
        duckdb.sql(f"""
        COPY (SELECT i::TINYINT AS t_tinyint, (i*100)::SMALLINT AS t_smallint, (i*10000)::INTEGER AS t_int,
                     (i*1000000000)::BIGINT AS t_bigint, (i+20)::UTINYINT AS t_utinyint, ((i+20)*3)::UINTEGER AS t_uint,
                     (i/3)::FLOAT AS t_float, (i/7)::DOUBLE AS t_double, (i*1.25)::DECIMAL(10,2) AS t_decimal,
                     'row ' || i AS t_varchar, (i % 2 = 0) AS t_bool,
                     DATE '2020-01-01' + i::INTEGER AS t_date, TIMESTAMP '2021-06-01 12:00:00' + INTERVAL (i) HOUR AS t_timestamp,
                     CASE WHEN i % 5 = 0 THEN NULL ELSE i END AS t_nullable
              FROM range(-20, 80) r(i)) TO '{target}' (FORMAT parquet)""")
    target = directory / "more_types.parquet"
    if not target.exists():
        duckdb.sql(f"""
        COPY (SELECT i AS id, (i * 7)::USMALLINT AS t_usmallint, (i * 1000000007)::UBIGINT AS t_ubigint,
                     TIME '08:00:00' + INTERVAL (i * 13) MINUTE AS t_time,
                     TIMESTAMPTZ '2022-03-01 00:00:00+00' + INTERVAL (i * 5) HOUR AS t_timestamptz,
                     INTERVAL (i) DAY + INTERVAL (i * 7) MINUTE AS t_interval,
                     (i * 12.345)::DECIMAL(18,3) AS t_decimal18,
                     CASE WHEN i % 4 = 0 THEN NULL ELSE range(i % 5)::INTEGER[] END AS t_list,
                     ['x' || i, NULL, 'y'] AS t_strings,
                     CASE WHEN i % 6 = 0 THEN NULL ELSE {{'a': i, 'b': 'v' || i}} END AS t_struct,
                     MAP {{'k' || (i % 3): i}} AS t_map,
                     ('blob' || i)::BLOB AS t_blob
              FROM range(0, 50) r(i)) TO '{target}' (FORMAT parquet)""")
    target = directory / "distinct_big.parquet"
    if not target.exists():
        duckdb.sql(f"""
        COPY (SELECT i % 3 AS g, CASE WHEN i % 101 = 0 THEN NULL ELSE (i * 7919) % 200003 - 50 END AS v,
                     (i * 7919) % 300007 * 100000 AS w, ((i * 31) % 150001)::INTEGER AS x,
                     DATE '2000-01-01' + ((i * 13) % 160000)::INTEGER AS d
              FROM range(700000) r(i)) TO '{target}' (FORMAT parquet, ROW_GROUP_SIZE 200000)""")
    target = directory / "hive"
    if not target.exists():
        duckdb.sql(f"""COPY (SELECT taxon_id, name, active, rank FROM '{directory}/taxa.parquet')
                       TO '{target}' (FORMAT parquet, PARTITION_BY (rank))""")


def normalize(value):
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f").rstrip("0").rstrip(".") + "+00"
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return str(value).replace("T", " ")
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    if isinstance(value, dict):
        return {str(k): normalize(v) for k, v in value.items()}
    if isinstance(value, bytes):  # Tarn's JSON writers print BLOB as base64
        return base64.b64encode(value).decode()
    return value


def interval_seconds(text):
    """Seconds in an interval Tarn printed as text, as DuckDB's Python client converts INTERVAL (30-day months)."""
    try:
        return duckdb.execute("SELECT epoch(CAST(? AS INTERVAL))", [text]).fetchone()[0]
    except Exception:
        return None


def as_float32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


NON_FINITE = {"Infinity": math.inf, "-Infinity": -math.inf, "NaN": math.nan}


def equal(a, b) -> bool:
    """Tarn's value `a` against DuckDB's `b`."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, str) and a in NON_FINITE and isinstance(b, float):  # JSON has no inf/NaN literals
        a = NON_FINITE[a]
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        if a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b)):
            return True
        # A FLOAT (float32) value: Tarn prints its shortest float32 form, DuckDB's client widens it to double.
        return isinstance(b, float) and math.isfinite(b) and as_float32(b) == b and as_float32(float(a)) == b
    if isinstance(a, str) and isinstance(b, float) and not isinstance(b, bool):
        seconds = interval_seconds(a)
        return seconds is not None and equal(seconds, b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(equal(a[k], b[k]) for k in a)
    if isinstance(a, str) and isinstance(b, str):
        return a == b or a.replace("T", " ") == b.replace("T", " ")
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    return a == b


def scan(sql):
    """Each character of `sql` with its parenthesis depth, skipping quoted text's structure."""
    depth, quote = 0, None
    for ch in sql:
        if quote:
            quote = None if ch == quote else quote
        elif ch in "'\"":
            quote = ch
        elif ch in "()":
            depth += 1 if ch == "(" else -1
        elif ch == ";" and depth == 0:
            yield ch, -1  # a statement separator
            continue
        yield ch, depth if not quote else depth + 1


def split_statements(line):
    """The `;`-separated statements of a line, ignoring `;` inside quotes."""
    parts, current = [], ""
    for ch, depth in scan(line):
        if depth == -1:
            parts.append(current.strip())
            current = ""
        else:
            current += ch
    parts.append(current.strip())
    return [p for p in parts if p]


def run_duckdb(statements):
    con = duckdb.connect()
    for statement in statements[:-1]:
        con.execute(statement)
    return [list(normalize(v) for v in row) for row in con.sql(statements[-1]).fetchall()]


def run_tarn(tarn, statements):
    if len(statements) == 1:
        return subprocess.run([tarn, "query", "--format", "ndjson", statements[0]], capture_output=True, text=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write(";\n".join(statements) + ";\n")
    try:
        return subprocess.run([tarn, "query", "--format", "ndjson", "-f", script.name], capture_output=True, text=True)
    finally:
        os.unlink(script.name)


def top_level(sql):
    """The SQL without parenthesized or quoted parts, so an aggregate's or subquery's ORDER BY doesn't count."""
    return "".join(ch for ch, depth in scan(sql) if depth == 0 and ch not in "()")


class Pairs(list):
    """A JSON object as its (key, value) pairs."""


def as_dicts(value):
    if isinstance(value, Pairs):
        return {k: as_dicts(v) for k, v in value}
    if isinstance(value, list):
        return [as_dicts(v) for v in value]
    return value


def key(row):
    return json.dumps(row, default=str, sort_keys=True)


def rows_equal(x, y) -> bool:
    return len(x) == len(y) and all(equal(p, q) for p, q in zip(x, y))


def same_rows(got, expected, ordered: bool) -> bool:
    if len(got) != len(expected):
        return False
    if ordered:
        return all(rows_equal(x, y) for x, y in zip(got, expected))
    a, b = sorted(got, key=key), sorted(expected, key=key)
    if all(rows_equal(x, y) for x, y in zip(a, b)):
        return True
    if len(a) > 2000:
        return False
    # Values of different Python types sort differently (an interval as text vs seconds): match greedily.
    remaining = list(b)
    for row in a:
        match = next((i for i, other in enumerate(remaining) if rows_equal(row, other)), None)
        if match is None:
            return False
        remaining.pop(match)
    return True


def main() -> int:
    tarn = sys.argv[1]
    only = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv else None
    data = Path(os.environ.get("TARN_INTEROP_DATA", tempfile.gettempdir() + "/tarn-interop-5000"))
    data.mkdir(parents=True, exist_ok=True)
    make_data(data)
    queries = []
    folder = Path(sys.argv[sys.argv.index("--queries") + 1]) if "--queries" in sys.argv else Path(__file__).parent / "queries"
    for f in sorted(folder.glob("*.sql")):
        for line in f.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("--"):
                queries.append((f.name, line.rstrip(";").replace("{D}", str(data))))
    passed = failed = 0
    for name, sql in queries:
        if only and only not in sql:
            continue
        with tempfile.TemporaryDirectory() as duck_dir, tempfile.TemporaryDirectory() as tarn_dir:
            try:
                expected = run_duckdb(split_statements(sql.replace("{T}", duck_dir)))
            except Exception as e:  # DuckDB rejects it: Tarn must fail too
                expected = ("error", str(e).splitlines()[0])
            run = run_tarn(tarn, split_statements(sql.replace("{T}", tarn_dir)))
        if isinstance(expected, tuple):
            ok = run.returncode != 0
            got = run.stdout or run.stderr
        elif run.returncode != 0:
            ok, got = False, run.stderr.strip()
        else:
            # Pairs, not a dict: a result may have two columns of one name (a.s, b.s).
            got = [[as_dicts(v) for _, v in json.loads(line, object_pairs_hook=Pairs)] for line in run.stdout.splitlines() if line]
            ordered = " order by " in top_level(split_statements(sql)[-1].lower())
            ok = same_rows(got, expected, ordered)
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {sql}\n  tarn:   {str(got)[:300]}\n  duckdb: {str(expected)[:300]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
