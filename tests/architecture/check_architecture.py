#!/usr/bin/env python3
"""Checks the direction of dependencies between hwcert's parts from the include graph.

Every `#include` in the repository's C, C++ and CUDA files is resolved to the repository
file it names (relative to the including file first, then by path suffix below any
`include/` folder); includes that resolve to no repository file are system or third-party
headers and are not judged. Each file belongs to the part whose folder prefix is longest
(table PARTS); an include from part A of a file in part B is allowed only when B is in
ALLOWED[A]. The rules are written out in docs/architecture.md.

Usage: check_architecture.py [REPO_ROOT]   exit 0: no rule broken; 1: violations listed.
"""
import os
import re
import subprocess
import sys

# (folder prefix, part). Longest prefix wins; test folders are their own parts below.
PARTS = [
    ("abi/include/", "abi"),
    ("abi/catalogue/", "catalogue"),
    ("abi/loader/", "loader"),
    ("abi/", "abi-checks"),
    ("support/", "support"),
    ("results/", "results"),
    ("plugins/common/", "plugin-common"),
    ("plugins/", "plugin"),
    ("conformance/", "conformance"),
    ("perfsuite/", "perfsuite"),
    ("model/", "model"),
    ("reports/", "reports"),
    ("certify/", "certify"),
    ("examples/minimal-plugin/", "plugin"),
    ("examples/", "examples"),
    ("tests/", "cross-tests"),
    ("fuzz/", "cross-tests"),
    ("docs/", "examples"),
]

HOST_BASE = {"abi", "support"}
# What each part's non-test code may include (its own part is always allowed).
ALLOWED = {
    "abi": set(),                                   # the C ABI: the C standard library only
    "plugin-common": {"abi"},                       # plugins know only the ABI header
    "plugin": {"abi", "plugin-common"},
    "support": set(),                               # host utilities: nothing of hwcert
    "catalogue": {"abi", "support", "loader"},
    "loader": {"abi", "support"},
    "results": {"abi", "support"},
    "conformance": {"abi", "support", "catalogue", "loader", "results"},
    "perfsuite": {"abi", "support", "catalogue", "loader", "results"},
    # graphs: the executor drives plugins through the loader; accuracy uses the oracle
    "model": {"abi", "support", "catalogue", "loader", "results", "conformance"},
    "reports": {"support", "results"},              # reports read the result model only
    "certify": None,                                # the command line sits on top: anything
    "examples": {"abi", "support", "catalogue", "loader", "results"},
    "abi-checks": None,
    "cross-tests": None,
}
# Test code of a part may also drive the host side below the suites (a plugin's tests load
# it through the loader, for instance), but never the command line's code.
TEST_EXTRA = {"abi", "support", "catalogue", "loader", "results", "plugin-common"}
# A plugin's tests may also compare its kernels with the conformance encoders and oracle, the
# project's float64 reference (never the other way: conformance never sees plugin code).
TEST_EXTRA_BY_PART = {"plugin": {"conformance"}}

SOURCE = re.compile(r"\.(c|cc|cpp|h|hpp|cu|cuh|inc)$")
INCLUDE = re.compile(r'^\s*#\s*include\s*[<"]([^>"]+)[>"]')


def part_of(path):
    best = None
    for prefix, part in PARTS:
        if path.startswith(prefix) and (best is None or len(prefix) > len(best[0])):
            best = (prefix, part)
    return best[1] if best else None


def plugin_root(path):
    """plugins/<name>/ or examples/minimal-plugin/: a plugin may not include another's code."""
    bits = path.split("/")
    return "/".join(bits[:2])


def is_test(path):
    return "/tests/" in path or path.startswith(("tests/", "fuzz/"))


def repo_files(root):
    """The files git knows (tracked or not ignored); every file below root outside git."""
    out = subprocess.run(["git", "-C", root, "ls-files", "--cached", "--others",
                          "--exclude-standard"], capture_output=True, text=True)
    if out.returncode == 0:
        return [f for f in out.stdout.splitlines() if os.path.exists(os.path.join(root, f))]
    found = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", "build")]
        found += [os.path.relpath(os.path.join(folder, n), root) for n in names]
    return found


def build_suffix_index(files):
    index = {}
    for f in files:
        marker = "/include/"
        if marker in f:
            index.setdefault(f.split(marker, 1)[1], []).append(f)
    return index


def resolve(including, name, files_set, index):
    local = os.path.normpath(os.path.join(os.path.dirname(including), name))
    if local in files_set:
        return local
    candidates = index.get(name, [])
    return candidates[0] if len(candidates) == 1 else (candidates[0] if candidates else None)


def allowed(src, dst):
    a, b = part_of(src), part_of(dst)
    if a is None or b is None or a == b:
        if a == b == "plugin" and plugin_root(src) != plugin_root(dst):
            return False
        return True
    rule = ALLOWED.get(a)
    if rule is None:
        return True
    if b in rule:
        return True
    return is_test(src) and (b in TEST_EXTRA or b in TEST_EXTRA_BY_PART.get(a, set()))


def violations(root):
    files = repo_files(root)
    files_set = set(files)
    index = build_suffix_index(files)
    for f in files:
        if not SOURCE.search(f):
            continue
        with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
            for line_no, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = resolve(f, m.group(1), files_set, index)
                if target and not allowed(f, target):
                    yield (f"{f}:{line_no}: {part_of(f)} may not include {part_of(target)} "
                           f"({m.group(1)} is {target})")


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    found = list(violations(root))
    for v in found:
        print(v)
    print(f"architecture: {len(found)} forbidden include(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
