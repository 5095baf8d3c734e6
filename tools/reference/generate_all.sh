#!/bin/sh
# Regenerates every reference file (see README.md for FEATURE_ENGINE_PATH).
set -eu
cd "$(dirname "$0")/../.."
for script in tools/reference/[a-z]*.py; do
  case "$script" in */common.py) continue ;; esac
  echo "== $script"
  /usr/bin/python3 "$script"
done
