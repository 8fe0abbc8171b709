#!/usr/bin/env bash
# Regenerates man/triage.1 from the command-line interface (argument-parser's generate-manual
# plugin). Run it after changing a subcommand, an option or a help text; a test checks that
# the page names every subcommand and option.
set -euo pipefail
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual \
    --configuration debug --date "${TRIAGE_MAN_DATE:-$(date +%F)}" --authors "triage developers" -o man
