#!/usr/bin/env bash
# Checks (or with --update rewrites) API/TriageKit.public.txt, TriageKit's public interface,
# against the build. CI runs the check, so every change of the public API shows up in review.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package dump-symbol-graph --minimum-access-level public --skip-synthesized-members >/dev/null
graphs="$(swift build --show-bin-path)/../symbolgraph"
if [ "${1:-}" = "--update" ]; then
    mkdir -p API
    python3 Scripts/public-api.py "$graphs" > API/TriageKit.public.txt
    echo "wrote API/TriageKit.public.txt"
else
    python3 Scripts/public-api.py "$graphs" --check API/TriageKit.public.txt
fi
