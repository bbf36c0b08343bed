"""Shared benchmark helpers: child processes timed with their peak RSS, CPU load from others, machine and version facts.

Used by read_bench.py and query_bench.py. Standard library only, so that importing it
never decides which engines get loaded (query_bench sets POLARS_MAX_THREADS first).
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATAGEN = ROOT / "Benchmarks" / "datagen" / "inat.py"


class Unavailable(Exception):
    """An engine can't be measured here; the message says why, for the report."""


# ---------------------------------------------------------------------------
# Child processes


@dataclass
class ChildRun:
    """One finished child process: wall time, exit status and its own peak RSS."""

    seconds: float
    returncode: int  # negative: killed by that signal
    peak_rss_kib: int  # the child's ru_maxrss (Linux reports KiB)
    stderr: str
    timed_out: bool = False

    @property
    def crashed(self) -> bool:
        """Killed by a signal (a Swift trap is SIGILL or SIGTRAP), not by us for a timeout."""
        return self.returncode < 0 and not self.timed_out

    def last_error_line(self, limit: int = 300) -> str:
        lines = [ln for ln in self.stderr.strip().splitlines() if ln.strip()]
        return (lines[-1] if lines else "")[:limit]


def run_child(argv: list[str], timeout: float, stdout=subprocess.DEVNULL) -> ChildRun:
    """Runs argv to completion; returns its wall time and peak RSS, measured for this child alone.

    `os.wait4` gives the rusage of exactly this child (`RUSAGE_CHILDREN` would be the
    maximum over every child so far). stderr goes to a temporary file, not a pipe, so a
    chatty child can't block on a full pipe while we sit in wait4.
    """
    import tempfile

    with tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=stdout, stderr=err)
        fired = threading.Event()

        def kill() -> None:
            fired.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped: Popen must not wait again
        err.seek(0)
        text = err.read().decode(errors="replace")
    return ChildRun(elapsed, proc.returncode, usage.ru_maxrss, text, timed_out=fired.is_set())


def best_and_median(times: list[float]) -> tuple[float, float]:
    return min(times), statistics.median(times)


def startup_seconds(binary: Path, runs: int) -> float | None:
    """Best time of `binary --help`, a process that only parses arguments: the start-up cost."""
    best = None
    for _ in range(max(1, runs)):
        run = run_child([str(binary), "--help"], timeout=30)
        if run.returncode != 0:
            return None
        best = run.seconds if best is None else min(best, run.seconds)
    return best


# ---------------------------------------------------------------------------
# Load: how busy the machine was with other work while we measured


def _proc_stat() -> tuple[int, int] | None:
    """(busy, total) jiffies over all CPUs since boot, from /proc/stat."""
    try:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, idle, iowait, irq, softirq, steal = fields + [0] * (8 - len(fields))
    busy = user + nice + system + irq + softirq + steal
    return busy, busy + idle + iowait


class LoadMeter:
    """CPU used by *other* processes over an interval, in cores.

    Machine-wide busy time from /proc/stat minus this process's and its reaped
    children's CPU time (os.times). On a shared 2-core box this says whether a
    slow run was ours or a neighbour's compile.
    """

    def __init__(self) -> None:
        self.start = self._snapshot()

    @staticmethod
    def _snapshot() -> tuple[float, tuple[int, int] | None, float, tuple[float, float, float]]:
        t = os.times()
        own = t.user + t.system + t.children_user + t.children_system
        return time.perf_counter(), _proc_stat(), own, os.getloadavg()

    def stop(self) -> dict:
        w0, s0, own0, load0 = self.start
        w1, s1, own1, load1 = self._snapshot()
        wall = max(w1 - w0, 1e-9)
        result = {"seconds": round(wall, 3), "load_average_before": list(load0), "load_average_after": list(load1),
                  "others_cores": None, "ours_cores": round((own1 - own0) / wall, 2)}
        if s0 and s1:
            busy = (s1[0] - s0[0]) / os.sysconf("SC_CLK_TCK")
            result["others_cores"] = round(max(0.0, busy - (own1 - own0)) / wall, 2)
        return result


def describe_load(load: dict) -> str:
    others = load.get("others_cores")
    text = f"load average {load['load_average_before'][0]:.2f} -> {load['load_average_after'][0]:.2f}"
    if others is not None:
        text += f"; other processes used {others:.2f} of {os.cpu_count()} cores meanwhile"
    return text


# ---------------------------------------------------------------------------
# Environment facts for the JSON


def machine() -> dict:
    model = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or None
    mem_gib = None
    try:
        kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gib = round(kib / 1024**2, 1)
    except (OSError, AttributeError):
        pass
    return {
        "cores": os.cpu_count(),
        "cores_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "memory_gib": mem_gib,
        "os": f"{platform.system()} {platform.release()}",
        "hostname": platform.node(),
    }


def git_commit() -> str | None:
    try:
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, check=True).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return None


def swift_version() -> str | None:
    if not shutil.which("swift"):
        return None
    done = subprocess.run(["swift", "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).strip().splitlines()[0] if done.returncode == 0 else None


def timestamp() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# ---------------------------------------------------------------------------
# Data


def ensure_inat(observations: int, out: Path | None = None) -> Path:
    """Generates the iNaturalist-shaped data set at this scale unless it is already there; returns its folder."""
    out = out or ROOT / "bench-data" / f"inat-{observations}"
    done = subprocess.run([sys.executable, str(DATAGEN), "--observations", str(observations), "--out", str(out),
                           "--skip-existing"], stdout=sys.stderr)
    if done.returncode != 0:
        raise SystemExit(f"data generation failed ({DATAGEN} exited {done.returncode})")
    return out
