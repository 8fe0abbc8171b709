#!/usr/bin/env python3
"""TriageKit's public interface as text, from SwiftPM's symbol graph.

    Scripts/public-api.py SYMBOLGRAPH_DIR            print the interface
    Scripts/public-api.py SYMBOLGRAPH_DIR --check F  compare with F (exit 1 on a difference)

One line per public declaration, sorted by its path (`Outcome.Urgency.high`), so a change to
the public API shows up as a small diff in review. It also fails when a public symbol has no
documentation comment: every public symbol says what it is and when to use it.
"""
import json, os, sys

def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    lines, undocumented = [], []
    for name in sorted(os.listdir(directory)):
        if not (name.startswith("TriageKit.") or name.startswith("TriageKit@")) or not name.endswith(".symbols.json"):
            continue
        graph = json.load(open(os.path.join(directory, name)))
        for symbol in graph["symbols"]:
            if symbol.get("accessLevel") != "public":
                continue
            path = ".".join(symbol["pathComponents"])
            declaration = "".join(f["spelling"] for f in symbol.get("declarationFragments", []))
            declaration = " ".join(declaration.split())
            lines.append(f"{path}: {declaration}")
            comment = symbol.get("docComment", {}).get("lines", [])
            # Members that only fulfil a standard protocol (Codable, Hashable ...) are documented there.
            inherited = symbol["identifier"]["precise"].startswith("s:s") or name.startswith("TriageKit@")
            if not comment and not inherited and not path.endswith(("init(from:)", "encode(to:)", "hash(into:)", "==(_:_:)")):
                undocumented.append(path)
    text = "".join(line + "\n" for line in sorted(set(lines)))
    status = 0
    if undocumented:
        print("public symbols without a documentation comment:", file=sys.stderr)
        for path in sorted(set(undocumented)):
            print("  " + path, file=sys.stderr)
        status = 1
    if len(sys.argv) > 3 and sys.argv[2] == "--check":
        expected = open(sys.argv[3]).read()
        if expected != text:
            import difflib
            sys.stderr.writelines(difflib.unified_diff(
                expected.splitlines(True), text.splitlines(True), sys.argv[3], "the build"))
            print(f"the public API differs from {sys.argv[3]}: review the change, then run "
                  "Scripts/public-api.sh --update", file=sys.stderr)
            status = 1
    else:
        sys.stdout.write(text)
    sys.exit(status)

main()
