#!/usr/bin/env bash
# Installs the Debian packages Tarn builds against (codec and hashing libraries), only when some are missing.
set -euo pipefail
packages=(pkg-config libzstd-dev libsnappy-dev liblz4-dev zlib1g-dev libbrotli-dev libdeflate-dev libisal-dev libxxhash-dev libpcre2-dev)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ! command -v swift >/dev/null 2>&1; then
  [ -x /opt/swift/usr/bin/swift ] && echo "swift is at /opt/swift/usr/bin; add it to PATH" >&2
  echo "error: the Swift 6 toolchain is needed (https://www.swift.org/install/linux/)" >&2
  exit 1
fi
