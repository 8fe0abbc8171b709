#!/usr/bin/env bash
# Builds and runs a libFuzzer target.
#
#   Fuzz/run.sh <target> [libFuzzer arguments...]     e.g.  Fuzz/run.sh YAMLReader -runs=1000000
#
# A target is a directory Fuzz/<target>/ with
#   main.swift    defines LLVMFuzzerTestOneInput; compiled in the same module as the library
#                 sources, so it uses TriageKit's types without an import
#   sources.txt   globs (relative to the package root) of the library sources it needs
#   *.dict        optional libFuzzer dictionary
# Seeds in Fuzz/seeds/<target>/ are copied into the working corpus Fuzz/corpus-<target>/;
# the binary goes to Fuzz/bin/<target>. Both of those are ignored by git.
set -euo pipefail

if [[ $# -lt 1 ]]; then
    echo "usage: $0 <target> [libFuzzer arguments...]" >&2
    exit 64
fi
target=$1
shift

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
target_dir="Fuzz/$target"
if [[ ! -f "$target_dir/main.swift" || ! -f "$target_dir/sources.txt" ]]; then
    echo "error: $target_dir needs main.swift and sources.txt" >&2
    exit 64
fi

shopt -s globstar nullglob
sources=()
while IFS= read -r pattern || [[ -n "$pattern" ]]; do
    [[ -z "${pattern// /}" || "$pattern" == \#* ]] && continue
    matches=($pattern)
    if [[ ${#matches[@]} -eq 0 ]]; then
        echo "error: '$pattern' in $target_dir/sources.txt matches no file" >&2
        exit 1
    fi
    sources+=("${matches[@]}")
done < "$target_dir/sources.txt"

mkdir -p Fuzz/bin
binary="Fuzz/bin/$target"
echo "building $binary from ${#sources[@]} library files" >&2
swiftc -sanitize=fuzzer,address -parse-as-library -O \
    -module-name TriageKit -package-name triage \
    -I Sources/CYAML -lyaml -use-ld=lld \
    "$target_dir/main.swift" "${sources[@]}" -o "$binary"

corpus="Fuzz/corpus-$target"
mkdir -p "$corpus"
if [[ -d "Fuzz/seeds/$target" ]]; then
    cp -n "Fuzz/seeds/$target"/* "$corpus"/ 2>/dev/null || true
fi

# Swift's own crash backtracer trips AddressSanitizer and hides the real report.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

dict=()
for file in "$target_dir"/*.dict; do dict=("-dict=$file"); done

exec "$binary" "${dict[@]}" "$@" "$corpus"
