#!/usr/bin/env python3
"""Differential test: every query in queries/*.sql runs through `tarn query --format ndjson` and DuckDB.

Results are compared order-insensitively unless the query has a top-level ORDER BY; floats
within 1e-9 relative. Data: a 5,000-observation iNaturalist-shaped manifest (with nulls) from
Benchmarks/datagen/inat.py and an all-types table written by DuckDB. `{D}` in a query is the
data directory. Prints `N passed, M failed` and exits non-zero on any failure.

Usage: sql_vs_duckdb.py TARN_BINARY [--filter SUBSTRING]

Known differences (Tarn's gaps, not DuckDB bugs; such queries are left out of queries/):
- decimal literals (1.5) bind as DOUBLE, not DECIMAL(p,s): values agree, typeof() differs;
- SUM over integers returns BIGINT (overflow is an error), DuckDB returns HUGEINT;
- window functions (OVER) are not implemented.
"""
import datetime
import decimal
import json
import math
import os
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


def normalize(value):
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return str(value).replace("T", " ")
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return [normalize(v) for v in value]
    return value


def equal(a, b) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return a == b or abs(a - b) <= 1e-9 * max(abs(a), abs(b))
    if isinstance(a, str) and isinstance(b, str):
        return a == b or a.replace("T", " ") == b.replace("T", " ")
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(equal(x, y) for x, y in zip(a, b))
    return a == b


def key(row):
    return json.dumps(row, default=str, sort_keys=True)


def main() -> int:
    tarn = sys.argv[1]
    only = sys.argv[sys.argv.index("--filter") + 1] if "--filter" in sys.argv else None
    data = Path(os.environ.get("TARN_INTEROP_DATA", tempfile.gettempdir() + "/tarn-interop-5000"))
    data.mkdir(parents=True, exist_ok=True)
    make_data(data)
    queries = []
    for f in sorted((Path(__file__).parent / "queries").glob("*.sql")):
        for line in f.read_text().splitlines():
            line = line.strip()
            if line and not line.startswith("--"):
                queries.append((f.name, line.rstrip(";").replace("{D}", str(data))))
    passed = failed = 0
    for name, sql in queries:
        if only and only not in sql:
            continue
        try:
            expected = [list(normalize(v) for v in row) for row in duckdb.sql(sql).fetchall()]
        except Exception as e:  # DuckDB rejects it: Tarn must fail too
            expected = ("error", str(e).splitlines()[0])
        run = subprocess.run([tarn, "query", "--format", "ndjson", sql], capture_output=True, text=True)
        if isinstance(expected, tuple):
            ok = run.returncode != 0
            got = run.stdout or run.stderr
        elif run.returncode != 0:
            ok, got = False, run.stderr.strip()
        else:
            got = [list(json.loads(line).values()) for line in run.stdout.splitlines() if line]
            ordered = " order by " in sql.lower() and "over (" not in sql.lower()
            a, b = (got, expected) if ordered else (sorted(got, key=key), sorted(expected, key=key))
            ok = len(a) == len(b) and all(len(x) == len(y) and all(equal(p, q) for p, q in zip(x, y)) for x, y in zip(a, b))
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL {name}: {sql}\n  tarn:   {str(got)[:300]}\n  duckdb: {str(expected)[:300]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
