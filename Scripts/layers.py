#!/usr/bin/env python3
"""Checks that no layer of TriageKit reaches back up (../shared/DESIGN.md, "Data flow").

Every top-level type belongs to the folder (layer) that declares it. A file may name types of
its own layer and of the layers below it; naming a type of a higher layer fails the check,
with the file and the type. Comments and string literals are ignored, and so are names that
are also used for nested types (`Outcome.Referral` is not the `Referral` record), since a
plain text scan cannot tell those apart.

Usage: Scripts/layers.py [--graph]   (run from the package root)
"""
import collections
import os
import re
import sys

ROOT = "Sources/TriageKit"
# Bottom to top. Layers on one rank may name each other: the model holds parsed conditions
# (Expressions) and the condition language types its operands by the model's answer types.
RANKS = [
    ["Diagnostics"],
    ["YAML"],
    ["Model", "Expressions"],
    ["Loading"],
    ["Engine"],
    ["Analysis"],
    ["Referrals"],
    ["Reporting"],
    ["Interop", "Rendering"],
]
RANK = {layer: rank for rank, layers in enumerate(RANKS) for layer in layers}
DECLARATION = re.compile(
    r"^(?P<indent>[ \t]*)(?:@\w+(?:\([^)]*\))?\s+)*(?:(?:public|package|internal|fileprivate|private|final|indirect)"
    r"(?:\([^)]*\))?\s+)*(?:struct|enum|class|protocol|actor|typealias)\s+(?P<name>[A-Z]\w*)",
    re.M,
)


def code_only(text):
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r'"(?:[^"\\\n]|\\.)*"', '""', text)
    return re.sub(r"//.*", "", text)


def main():
    files = {}
    for layer in sorted(os.listdir(ROOT)):
        folder = os.path.join(ROOT, layer)
        if not os.path.isdir(folder) or layer.endswith(".docc"):
            continue
        if layer not in RANK:
            print(f"{folder}: a layer with no place in Scripts/layers.py's RANKS", file=sys.stderr)
            return 1
        for name in sorted(os.listdir(folder)):
            if name.endswith(".swift"):
                with open(os.path.join(folder, name), encoding="utf-8") as handle:
                    files[(layer, name)] = code_only(handle.read())
    owner, nested = {}, set()
    for (layer, _), text in files.items():
        for match in DECLARATION.finditer(text):
            if match.group("indent"):
                nested.add(match.group("name"))
            else:
                owner.setdefault(match.group("name"), layer)
    checked = {name: layer for name, layer in owner.items() if name not in nested}
    uses = collections.defaultdict(set)
    violations = []
    for (layer, file), text in files.items():
        for name, home in checked.items():
            if home == layer or not re.search(r"(?<![.\w])" + name + r"\b", text):
                continue
            uses[(layer, home)].add(name)
            if RANK[home] > RANK[layer]:
                violations.append(f"{ROOT}/{layer}/{file}: names {name} of {home}, a layer above {layer}")
    if "--graph" in sys.argv:
        for (layer, home), names in sorted(uses.items()):
            print(f"{layer} -> {home}: {', '.join(sorted(names)[:6])}{' ...' if len(names) > 6 else ''}")
    for violation in violations:
        print(violation, file=sys.stderr)
    if violations:
        print(f"{len(violations)} reference(s) reach up a layer (see ../shared/DESIGN.md)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
