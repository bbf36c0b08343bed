#!/usr/bin/env python3
"""Read benchmark: time to decode every column of one Parquet file, Tarn vs pyarrow, DuckDB, polars.

What each engine is timed doing (wall clock, warm page cache, best of --runs):
  tarn     the whole process `tarn decode FILE`: exec, read, decode all columns into
           memory, print a one-line summary. Includes process start-up, which the
           in-process engines don't pay; `tarn_startup` in the JSON (best of `tarn --help`)
           tells how much that is.
  pyarrow  in-process `pyarrow.parquet.read_table(path)` into an Arrow table.
  duckdb   in-process `CREATE TEMP TABLE t AS SELECT * FROM read_parquet(path)`.
  polars   in-process `polars.read_parquet(path)` into a DataFrame (reference only).

Why CTAS for DuckDB: it materializes every value of every column in memory, as the
other two do, and has no output cost. The cheaper-looking `SELECT count(c1), count(c2),
... FROM read_parquet(...)` is not a decode benchmark: DuckDB rewrites count(c) to
count(*) for columns whose statistics show no nulls and then reads only the nullable
columns (measured: ~12 ms vs 180-250 ms for CTAS on 1M observations), and min/max come
straight from the footer statistics.

Engines run round-robin (one run of each, then the next round) so a burst of load
from elsewhere on the machine hits them all alike; one untimed warm-up run each first.

Prints a table and writes the same data as JSON (default bench-data/results/read.json).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq

from benchlib import ROOT, Unavailable, git_commit, machine, startup_seconds, swift_version

TARN_TIMEOUT_S = 600


# ---------------------------------------------------------------------------
# Engines. Each has prepare() -> None (raises Unavailable) and run() -> seconds.


class Tarn:
    name, mode = "tarn", "process: tarn decode FILE"

    def __init__(self, binary: Path, path: Path, rows: int):
        self.binary, self.path, self.rows = binary, path, rows

    def prepare(self) -> None:
        if not self.binary.is_file() or not os.access(self.binary, os.X_OK):
            raise Unavailable(f"{self.binary} not found (swift build -c release --product tarn)")
        try:
            done = subprocess.run([str(self.binary), "decode", str(self.path)], capture_output=True, text=True,
                                  timeout=TARN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            raise Unavailable(f"`tarn decode` took over {TARN_TIMEOUT_S}s") from None
        if done.returncode != 0:
            last = (done.stderr.strip() or done.stdout.strip()).splitlines()[-1:] or [""]
            raise Unavailable(f"`tarn decode` exited {done.returncode}: {last[0][:200]}")
        # The contract: a one-line summary that reports the row count. Checking it
        # keeps a stub or a wrong subcommand that exits 0 from being timed as a decode.
        digits = {re.sub(r"[,_ ]", "", m) for m in re.findall(r"\d[\d,_]*", done.stdout)}
        if str(self.rows) not in digits:
            raise Unavailable(f"`tarn decode` printed no row count {self.rows} (got {done.stdout.strip()[:120]!r})")
        self.summary = done.stdout.strip()

    def run(self) -> float:
        t0 = time.perf_counter()
        done = subprocess.run([str(self.binary), "decode", str(self.path)], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=TARN_TIMEOUT_S)
        elapsed = time.perf_counter() - t0
        if done.returncode != 0:
            raise RuntimeError(f"tarn decode failed mid-benchmark: {done.stderr.decode(errors='replace')[-300:]}")
        return elapsed

    def startup(self, runs: int) -> float | None:
        """Best time of a process that only parses arguments, to size start-up cost."""
        return startup_seconds(self.binary, runs)


class PyArrow:
    name, mode = "pyarrow", "in-process: pyarrow.parquet.read_table"

    def __init__(self, path: Path, threads: int):
        self.path = path
        pa.set_cpu_count(threads)

    def prepare(self) -> None:
        pass

    def run(self) -> float:
        t0 = time.perf_counter()
        table = pq.read_table(self.path)
        elapsed = time.perf_counter() - t0
        del table
        return elapsed


class DuckDB:
    name, mode = "duckdb", "in-process: CREATE TEMP TABLE AS SELECT * FROM read_parquet"

    def __init__(self, path: Path, threads: int):
        self.path = path
        self.con = duckdb.connect(":memory:")
        self.con.execute(f"SET threads = {threads}")

    def prepare(self) -> None:
        pass

    def run(self) -> float:
        t0 = time.perf_counter()
        self.con.execute("CREATE OR REPLACE TEMP TABLE t AS SELECT * FROM read_parquet(?)", [str(self.path)])
        elapsed = time.perf_counter() - t0
        self.con.execute("DROP TABLE t")
        return elapsed


class Polars:
    name, mode = "polars", "in-process: polars.read_parquet"

    def __init__(self, path: Path):
        self.path = path

    def prepare(self) -> None:
        pass

    def run(self) -> float:
        t0 = time.perf_counter()
        frame = pl.read_parquet(self.path)
        elapsed = time.perf_counter() - t0
        del frame
        return elapsed


# ---------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--file", type=Path, default=ROOT / "bench-data" / "inat-1000000" / "observations.parquet")
    p.add_argument("--runs", type=int, default=5, help="timed runs per engine; the best is reported (default 5)")
    p.add_argument("--tarn", type=Path, default=ROOT / ".build" / "release" / "tarn")
    p.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for pyarrow and DuckDB (default: cores)")
    p.add_argument("--engines", default="tarn,pyarrow,duckdb,polars", help="comma-separated subset")
    p.add_argument("--out", type=Path, default=ROOT / "bench-data" / "results" / "read.json")
    args = p.parse_args(argv)
    if args.runs < 1:
        p.error("--runs must be at least 1")
    if not args.file.is_file():
        p.error(f"{args.file} not found; generate it with Benchmarks/datagen/inat.py or run Benchmarks/run-read.sh")
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    meta = pq.ParquetFile(args.file).metadata
    rows = meta.num_rows

    everyone = {
        "tarn": lambda: Tarn(args.tarn, args.file, rows),
        "pyarrow": lambda: PyArrow(args.file, args.threads),
        "duckdb": lambda: DuckDB(args.file, args.threads),
        "polars": lambda: Polars(args.file),
    }
    wanted = [e.strip() for e in args.engines.split(",") if e.strip()]
    unknown = set(wanted) - set(everyone)
    if unknown:
        print(f"read_bench: unknown engine(s) {sorted(unknown)}; known: {sorted(everyone)}", file=sys.stderr)
        return 2

    engines, unavailable = [], {}
    for name in wanted:
        engine = everyone[name]()
        try:
            engine.prepare()
            engine.run()  # warm-up: page cache, lazy library init
            engines.append(engine)
        except Unavailable as why:
            unavailable[name] = str(why)

    load_before = os.getloadavg()
    times: dict[str, list[float]] = {e.name: [] for e in engines}
    for _ in range(args.runs):
        for engine in engines:
            gc.collect()
            times[engine.name].append(engine.run())
    load_after = os.getloadavg()

    results = {}
    for name in wanted:
        if name in times:
            engine = next(e for e in engines if e.name == name)
            results[name] = {"available": True, "mode": engine.mode, "best_s": min(times[name]),
                             "median_s": statistics.median(times[name]), "runs_s": times[name]}
        else:
            results[name] = {"available": False, "reason": unavailable[name]}
    tarn = results.get("tarn", {})
    if tarn.get("available"):
        tarn_engine = next(e for e in engines if e.name == "tarn")
        tarn["binary"] = str(tarn_engine.binary)
        tarn["summary"] = tarn_engine.summary
        tarn["startup_s"] = tarn_engine.startup(args.runs)
    ratios = {}
    for other in ("pyarrow", "duckdb", "polars"):
        if tarn.get("available") and results.get(other, {}).get("available"):
            ratios[f"tarn/{other}"] = tarn["best_s"] / results[other]["best_s"]

    report = {
        "benchmark": "read: decode every column of one Parquet file",
        "timestamp": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "file": {"path": str(args.file), "bytes": args.file.stat().st_size, "rows": rows,
                 "columns": meta.num_columns, "row_groups": meta.num_row_groups, "created_by": meta.created_by},
        "runs": args.runs,
        "threads": args.threads,
        "results": results,
        "ratios": ratios,
        "machine": machine() | {"load_average_before": load_before, "load_average_after": load_after},
        "versions": {
            "python": platform.python_version(), "pyarrow": pa.__version__, "duckdb": duckdb.__version__,
            "polars": pl.__version__, "numpy": np.__version__, "swift": swift_version(), "tarn_commit": git_commit(),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print_table(report)
    print(f"\nwrote {args.out}")
    return 0


def print_table(report: dict) -> None:
    f, m = report["file"], report["machine"]
    print(f"read: {Path(f['path']).name}: {f['rows']:,} rows, {f['columns']} columns, "
          f"{f['bytes'] / 1e6:.1f} MB, {f['row_groups']} row group(s)")
    print(f"best of {report['runs']}, warm cache, threads {report['threads']}; {m['cpu_model']}, {m['cores']} cores, "
          f"load {m['load_average_before'][0]:.2f} -> {m['load_average_after'][0]:.2f}\n")
    print(f"{'engine':<9} {'best s':>9} {'median s':>9}  mode")
    for name, r in report["results"].items():
        if r["available"]:
            print(f"{name:<9} {r['best_s']:>9.4f} {r['median_s']:>9.4f}  {r['mode']}")
        else:
            print(f"{name:<9} {'—':>9} {'—':>9}  not available: {r['reason']}")
    tarn = report["results"].get("tarn", {})
    if tarn.get("available") and tarn.get("startup_s") is not None:
        print(f"\ntarn process start-up alone (tarn --help): {tarn['startup_s']:.4f} s")
    print()
    if report["ratios"]:
        for k, v in report["ratios"].items():
            print(f"{k:<15} {v:6.2f}  ({'tarn faster' if v < 1 else 'tarn slower'})")
    else:
        print("ratios: none (tarn: not available)" if not tarn.get("available") else "ratios: none")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
