#!/usr/bin/env bash
# Python environment for interop tests and benchmarks: makes .venv/ and prints its python.
#
#   PY=$(scripts/python-env.sh)     # stdout carries only the interpreter's path
#
# Idempotent and fast on rerun: .venv/.requirements-stamp holds a hash of
# python-requirements.txt and the base interpreter's version; while it matches, nothing
# is installed. Quiet while it works; on failure it prints the captured log and exits
# non-zero. On a fresh Debian box without the venv module it installs python3-venv via
# apt (needs root, or sudo).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
requirements="$root/scripts/python-requirements.txt"
stamp="$venv/.requirements-stamp"
py="$venv/bin/python"
base_python="${PYTHON:-python3}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
fail() {
  echo "python-env: $*" >&2
  if [[ -s "$log" ]]; then
    echo "---- log ----" >&2
    cat "$log" >&2
  fi
  exit 1
}

command -v "$base_python" >/dev/null || fail "no $base_python on PATH (apt-get install python3)"
want="$(
  {
    cat "$requirements"
    "$base_python" -c 'import sys; print(sys.version)'
  } | sha256sum | cut -d' ' -f1
)"

# Fast path: already satisfied. Running python once also catches a venv whose base
# interpreter has since gone away.
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && "$py" -c '' 2>/dev/null; then
  echo "$py"
  exit 0
fi

# Two jobs setting up the same checkout at once would corrupt the venv; serialize.
if command -v flock >/dev/null; then
  exec 9>"$root/.venv.lock"
  flock 9
  # The other job may have finished the work while this one waited.
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && "$py" -c '' 2>/dev/null; then
    echo "$py"
    exit 0
  fi
fi

as_root() {
  if [[ $EUID -eq 0 ]]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else return 1; fi
}

make_venv() {
  rm -rf "$venv"
  "$base_python" -m venv "$venv" >>"$log" 2>&1 && "$py" -m pip --version >>"$log" 2>&1
}

if [[ ! -x "$py" ]] || ! "$py" -m pip --version >/dev/null 2>&1; then
  if ! make_venv; then
    # Debian splits ensurepip out of python3 into python3-venv (python3.X-venv).
    echo "python-env: '$base_python -m venv' failed; installing python3-venv via apt" >&2
    ver="$("$base_python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')"
    export DEBIAN_FRONTEND=noninteractive
    as_root apt-get update -qq >>"$log" 2>&1 || fail "apt-get update failed"
    as_root apt-get install -y -qq python3-venv >>"$log" 2>&1 \
      || as_root apt-get install -y -qq "python$ver-venv" >>"$log" 2>&1 \
      || fail "apt-get install python3-venv failed"
    make_venv || fail "'$base_python -m venv $venv' failed even with python3-venv installed"
  fi
fi

"$py" -m pip install --quiet --disable-pip-version-check --no-input -r "$requirements" >>"$log" 2>&1 \
  || fail "pip install -r $requirements failed"
# Prove the pins import before declaring success.
"$py" -c 'import numpy, pyarrow, pyarrow.parquet, duckdb, polars' >>"$log" 2>&1 \
  || fail "the venv's packages don't import"
echo "$want" >"$stamp"
echo "$py"
