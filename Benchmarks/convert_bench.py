#!/usr/bin/env python3
"""TSV.gz → zstd Parquet: `tarn convert` against DuckDB COPY and Polars, in the same run, with peak RSS.

The input is the iNaturalist-shaped `observations.csv.gz` (tab-separated, header, no quoting,
gzip level 6; 1M rows ≈ 45 MB) made by `datagen/inat.py`. Each engine runs as its own child process,
in rotating order, `--runs` times; we report the best and median wall time, the CPU time (user+sys)
and the peak RSS of that child alone (`os.wait4`). DuckDB and Polars run inside a Python child,
so their RSS includes the interpreter (≈ 30 MB; `python -c pass` is measured and reported as well).

  tarn    tarn convert IN OUT.parquet                     (zstd, sniffed types, all cores)
  duckdb  COPY (SELECT * FROM read_csv(IN)) TO OUT (FORMAT parquet, COMPRESSION zstd)
  polars  pl.read_csv(IN, separator='\\t', infer_schema_length=20480).write_parquet(OUT, compression='zstd')
          (Polars' scan_csv cannot read gzip; read_csv decompresses the whole file into memory first)

`--check` also verifies the converted files: Tarn's Parquet has DuckDB's sniffed types (BIGINT where
DuckDB says BIGINT, …) and exactly DuckDB's rows (EXCEPT ALL both ways is empty).

Figures from this machine (2 cores shared with other builds; Swift 6, AMD Zen 4 VM):

* Inflate, measured before choosing (MB/s of output on a 141.6 MB TSV, Benchmarks/FormatsBench):
  zlib 261, libdeflate 502, ISA-L igzip 647. ISA-L streams (libdeflate needs whole buffers), so Tarn
  uses ISA-L for gzip. For this file inflate alone is about 0.25 s of one core.
* A 1M-row run (`Benchmarks/run-convert.sh --runs 3`) is recorded in README.md ("Convert").

Usage:
    .venv/bin/python Benchmarks/convert_bench.py --input bench-data/inat-1000000/observations.csv.gz \
        --tarn .build/release/tarn [--runs 3] [--engines tarn,duckdb,polars] [--check] [--out FILE.json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import benchlib  # noqa: E402

DUCKDB_SCRIPT = """
import sys, duckdb
src, out = sys.argv[1], sys.argv[2]
duckdb.sql(f"COPY (SELECT * FROM read_csv('{src}')) TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
"""

POLARS_SCRIPT = """
import sys, polars as pl
src, out = sys.argv[1], sys.argv[2]
pl.read_csv(src, separator='\\t', infer_schema_length=20480, try_parse_dates=True).write_parquet(out, compression='zstd')
"""


def command(engine: str, tarn: str, src: Path, out: Path) -> list[str]:
    if engine == "tarn":
        return [tarn, "convert", str(src), str(out)]
    script = DUCKDB_SCRIPT if engine == "duckdb" else POLARS_SCRIPT
    return [sys.executable, "-c", script, str(src), str(out)]


def timed(argv: list[str], timeout: float) -> dict:
    """Wall time, CPU time and peak RSS of one child (wait4 reports exactly that child)."""
    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except KeyboardInterrupt:
            proc.kill()
            raise
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode(errors="replace").strip()
    return {"seconds": wall, "cpu_seconds": usage.ru_utime + usage.ru_stime, "peak_rss_mib": usage.ru_maxrss / 1024,
            "returncode": proc.returncode, "stderr": text[-400:]}


def check(tarn_out: Path, src: Path) -> list[str]:
    import duckdb

    con = duckdb.connect()
    problems = []
    want = [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM read_csv('{src}')").fetchall()]
    got = [(r[0], r[1]) for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{tarn_out}')").fetchall()]
    if got != want:
        problems.append(f"types: tarn {got} != duckdb {want}")
        return problems
    for a, b in ((f"read_parquet('{tarn_out}')", f"read_csv('{src}')"), (f"read_csv('{src}')", f"read_parquet('{tarn_out}')")):
        n = con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})").fetchone()[0]
        if n:
            problems.append(f"{n} rows of {a} are not in {b}")
    rows = con.execute(f"SELECT count(*) FROM read_parquet('{tarn_out}')").fetchone()[0]
    print(f"check: {rows:,} rows, types {', '.join(t for _, t in got)}", file=sys.stderr)
    return problems


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--input", type=Path, default=benchlib.ROOT / "bench-data/inat-1000000/observations.csv.gz")
    p.add_argument("--tarn", default=str(benchlib.ROOT / ".build/release/tarn"))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--engines", default="tarn,duckdb,polars")
    p.add_argument("--check", action="store_true", help="verify Tarn's output against DuckDB's read_csv")
    p.add_argument("--timeout", type=float, default=600)
    p.add_argument("--out", type=Path, help="write the results as JSON here")
    args = p.parse_args()
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    src = args.input.resolve()
    if not src.exists():
        print(f"no input {src}; make it with Benchmarks/datagen/inat.py", file=sys.stderr)
        return 2

    results: dict[str, list[dict]] = {e: [] for e in engines}
    load = benchlib.LoadMeter()
    python_floor = timed([sys.executable, "-c", "pass"], 60)["peak_rss_mib"]
    with tempfile.TemporaryDirectory(dir=src.parent if os.access(src.parent, os.W_OK) else None) as work:
        for run in range(args.runs):
            order = engines[run % len(engines):] + engines[:run % len(engines)]
            for engine in order:
                out = Path(work) / f"{engine}.parquet"
                if out.exists():
                    out.unlink()
                r = timed(command(engine, args.tarn, src, out), args.timeout)
                r["output_bytes"] = out.stat().st_size if out.exists() else None
                results[engine].append(r)
                status = "ok" if r["returncode"] == 0 else f"FAILED ({r['returncode']}): {r['stderr']}"
                print(f"run {run + 1} {engine:7s} {r['seconds']:7.2f} s wall {r['cpu_seconds']:7.2f} s cpu "
                      f"{r['peak_rss_mib']:7.1f} MiB {status}", file=sys.stderr)
        problems = check(Path(work) / "tarn.parquet", src) if args.check and "tarn" in engines else []
    load_info = load.stop()

    print(f"\nTSV.gz → zstd Parquet: {src.name} ({src.stat().st_size / 1e6:.1f} MB), best of {args.runs}; "
          f"{benchlib.describe_load(load_info)}")
    print(f"{'engine':8s} {'best s':>8s} {'median s':>9s} {'cpu s':>7s} {'peak RSS MiB':>13s} {'output MB':>10s}")
    summary = {}
    for engine in engines:
        ok = [r for r in results[engine] if r["returncode"] == 0]
        if not ok:
            print(f"{engine:8s} failed: {results[engine][-1]['stderr']}")
            continue
        best = min(ok, key=lambda r: r["seconds"])
        median = statistics.median(r["seconds"] for r in ok)
        rss = max(r["peak_rss_mib"] for r in ok)
        summary[engine] = {"best_seconds": best["seconds"], "median_seconds": median, "cpu_seconds": best["cpu_seconds"],
                           "peak_rss_mib": rss, "output_bytes": best["output_bytes"]}
        print(f"{engine:8s} {best['seconds']:8.2f} {median:9.2f} {best['cpu_seconds']:7.2f} {rss:13.1f} "
              f"{(best['output_bytes'] or 0) / 1e6:10.1f}")
    print(f"(python -c pass alone: {python_floor:.1f} MiB peak RSS; it is part of the duckdb and polars figures)")
    if "tarn" in summary:
        for other in ("duckdb", "polars"):
            if other in summary:
                print(f"tarn vs {other}: {summary[other]['best_seconds'] / summary['tarn']['best_seconds']:.2f}x faster")
    for problem in problems:
        print(f"CHECK FAILED: {problem}")
    if args.out:
        args.out.write_text(json.dumps({"input": str(src), "runs": args.runs, "results": results, "summary": summary,
                                        "load": load_info, "machine": benchlib.machine(), "commit": benchlib.git_commit(),
                                        "timestamp": benchlib.timestamp(), "check_problems": problems}, indent=2))
    return 1 if problems or len(summary) < len(engines) else 0


if __name__ == "__main__":
    sys.exit(main())
