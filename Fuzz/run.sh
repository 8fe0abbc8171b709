#!/usr/bin/env bash
# Builds and runs the libFuzzer targets.
#
#   Fuzz/run.sh <target> [libFuzzer arguments...]   e.g.  Fuzz/run.sh YAMLReader -runs=1000000
#   Fuzz/run.sh --smoke [runs] [seconds]            every target, 20000 runs or 15 s each (CI)
#
# The library is built from SwiftPM's own list of the TriageKit target's sources (read from
# `swift package describe`), so every file the package compiles is in the fuzz build too and
# no target can miss one. It is compiled once, with coverage instrumentation, AddressSanitizer
# and -enable-testing, into a static library; each target links against it.
#
# A target is a directory Fuzz/<target>/ with
#   main.swift    defines LLVMFuzzerTestOneInput; `@testable import TriageKit` for the library
#   *.dict        optional libFuzzer dictionary
# and seeds in Fuzz/seeds/<target>/. Fuzz/Shared/*.swift is compiled into every target.
#
# A run copies the seeds into the working corpus Fuzz/corpus-<target>/ and builds into
# Fuzz/bin/ (optimised, -O); both are ignored by git. The smoke builds without optimisation
# (it compiles in a fifth of the time), fuzzes a temporary copy of the seeds for the given
# number of runs or seconds, whichever comes first, and leaves no files behind unless a target
# fails; it exits non-zero when a build or a run fails (a crash, a trap, a leak, a hang).
set -euo pipefail

usage() {
    echo "usage: $0 <target> [libFuzzer arguments...]" >&2
    echo "       $0 --smoke [runs] [seconds]" >&2
    exit 64
}
[[ $# -ge 1 ]] || usage

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# Nothing here reads the terminal; never let a tool wait on it (CI has no stdin).
exec </dev/null
# Swift's own crash backtracer trips AddressSanitizer and hides the real report.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

# The TriageKit target's sources as SwiftPM compiles them, one path a line.
library_sources() {
    swift package describe | awk '
        /^    Name: / { inside = ($0 == "    Name: TriageKit"); listing = 0; next }
        inside && /^    Path: / { path = substr($0, 11); next }
        inside && /^    Sources:$/ { listing = 1; next }
        listing && /^        [^ ]/ { print path "/" substr($0, 9); next }
        { listing = 0 }'
}

# build_library <directory> <optimisation>: libTriageKit.a and its module in <directory>.
build_library() {
    local out=$1 optimisation=$2 sources=() file
    while IFS= read -r file; do sources+=("$file"); done < <(library_sources)
    if [[ ${#sources[@]} -eq 0 ]]; then
        echo "error: could not read the TriageKit target's sources from 'swift package describe'" >&2
        return 1
    fi
    mkdir -p "$out"
    echo "fuzz: building the library from ${#sources[@]} files ($optimisation)" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library "$optimisation" -enable-testing \
        -module-name TriageKit -package-name triage -I Sources/CYAML \
        -emit-library -static -o "$out/libTriageKit.a" \
        -emit-module -emit-module-path "$out/TriageKit.swiftmodule" \
        "${sources[@]}"
}

# build_target <target> <library directory> <optimisation> <binary>
build_target() {
    local target=$1 lib=$2 optimisation=$3 binary=$4
    echo "fuzz: building $binary" >&2
    swiftc -sanitize=fuzzer,address -parse-as-library "$optimisation" \
        -module-name "Fuzz$target" -package-name triage -I "$lib" -I Sources/CYAML \
        "Fuzz/$target/main.swift" Fuzz/Shared/*.swift "$lib/libTriageKit.a" -lyaml -use-ld=lld -o "$binary"
}

# The libFuzzer dictionary option of a target, if it has one.
dictionary() {
    local file
    for file in "Fuzz/$1"/*.dict; do
        [[ -f "$file" ]] && echo "-dict=$file"
    done
    return 0
}

targets() {
    local main
    for main in Fuzz/*/main.swift; do basename "$(dirname "$main")"; done
}

smoke() {
    local runs=${1:-20000} seconds=${2:-15} status=0 target binary corpus log
    work=$(mktemp -d "${TMPDIR:-/tmp}/triage-fuzz.XXXXXX")
    trap 'rm -rf "$work"' EXIT
    SECONDS=0
    build_library "$work/lib" -Onone
    echo "fuzz: library built in $SECONDS s" >&2
    for target in $(targets); do
        binary="$work/$target"
        corpus="$work/corpus-$target"
        log="$work/$target.log"
        build_target "$target" "$work/lib" -Onone "$binary"
        mkdir -p "$corpus"
        cp "Fuzz/seeds/$target"/* "$corpus"/ 2>/dev/null || true
        echo "fuzz: $target, $runs runs or $seconds s" >&2
        # -timeout: an input that takes more than 10 s is a hang, and fails the smoke.
        if "$binary" $(dictionary "$target") -runs="$runs" -max_total_time="$seconds" -timeout=10 \
            -artifact_prefix="$work/$target-" "$corpus" >"$log" 2>&1; then
            grep -E '^Done [0-9]+ runs' "$log" >&2 || tail -n 3 "$log" >&2
        else
            status=1
            tail -n 60 "$log" >&2
            echo "fuzz: $target FAILED; log, crash input and binary kept in $work" >&2
            trap - EXIT
        fi
    done
    [[ $status -ne 0 ]] || echo "fuzz: smoke passed in $SECONDS s" >&2
    return $status
}

if [[ $1 == --smoke ]]; then
    [[ $# -le 3 ]] || usage
    smoke "${2:-}" "${3:-}"
    exit
fi

target=$1
shift
if [[ ! -f "Fuzz/$target/main.swift" ]]; then
    echo "error: Fuzz/$target/main.swift not found; targets: $(targets | tr '\n' ' ')" >&2
    exit 64
fi
build_library Fuzz/bin/lib -O
build_target "$target" Fuzz/bin/lib -O "Fuzz/bin/$target"

corpus="Fuzz/corpus-$target"
mkdir -p "$corpus"
if [[ -d "Fuzz/seeds/$target" ]]; then
    cp -n "Fuzz/seeds/$target"/* "$corpus"/ 2>/dev/null || true
fi
exec "Fuzz/bin/$target" $(dictionary "$target") "$@" "$corpus"
