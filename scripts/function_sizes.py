#!/usr/bin/env python3
"""Lists C++ function definitions longer than a limit, from a small lexer and brace counter.

Comments, string and character literals (raw strings too) and preprocessor lines are blanked
out; then every `{` at namespace or class scope whose head (the text since the previous `;`,
`{` or `}`) has a parameter list and is not an initializer opens a function body, and the
function's length is the number of lines from that `{` to its `}`, as clang-tidy's
readability-function-size counts them. Lambdas and blocks inside a function count towards it.

Usage: function_sizes.py [--limit N] FILE...   prints `path:line: name: N lines`, longest first.
"""
import argparse
import re
import sys

CONTAINER = re.compile(r"^(?:(?:inline\s+)?namespace\b|extern\b|(?:class|struct|union)\b)")
SKIPPED = re.compile(r"^(?:enum\b|typedef\b|using\b|static_assert\b)")
CONTROL = re.compile(r"^(?:if|for|while|switch|catch|do|else|try)\b")
TEMPLATE = re.compile(r"^template\s*<")


def blank(text):
    """Text with comments, literals and preprocessor lines replaced by spaces (newlines kept)."""
    out = []
    i, n = 0, len(text)
    line_start = True
    while i < n:
        c = text[i]
        if line_start and c == "#":
            j = i
            while j < n and (text[j] != "\n" or text[j - 1] == "\\"):
                j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if c == "\n":
            line_start = True
            out.append(c)
            i += 1
            continue
        if not c.isspace():
            line_start = False
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = text.find(")" + m.group(1) + '"', i)
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append('""' + re.sub(r"[^\n]", " ", text[i + 2 : j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def strip_template(head):
    while TEMPLATE.match(head):
        depth, k = 0, head.index("<")
        for k in range(head.index("<"), len(head)):
            depth += {"<": 1, ">": -1}.get(head[k], 0)
            if depth == 0:
                break
        head = head[k + 1 :].lstrip()
    return head


def function_name(head):
    """The name before the head's parameter list, or None when the head is no function."""
    depth = 0
    for k, c in enumerate(head):
        if c in "<[":
            depth += 1
        elif c in ">]":
            depth = max(depth - 1, 0)
        elif c == "=" and depth == 0 and "operator" not in head[:k]:
            return None  # an initializer: `auto x = [] {`, `T table[] = {`
        elif c == "(" and re.search(r"operator\s*$", head[:k]) and head[k:].startswith("()"):
            continue
        elif c == "(":
            before = head[:k].rstrip()
            m = re.search(r"((?:[A-Za-z_]\w*::)*(?:operator\s*\(\)|operator\s*\S+|~?[A-Za-z_]\w*))$",
                          before)
            return m.group(1) if m else None
    return None


def matching_brace(code, i):
    """The index of the `}` that closes the `{` at `i`."""
    depth = 0
    for j in range(i, len(code)):
        depth += {"{": 1, "}": -1}.get(code[j], 0)
        if depth == 0:
            return j
    return len(code) - 1


def functions(path, text):
    """(name, first line, lines) of every function body at namespace or class scope."""
    code = blank(text)
    found = []
    stack = []  # kinds of open braces: 'scope', 'function', 'other'
    head_start = 0
    i = 0
    while i < len(code):
        c = code[i]
        if c in ";}" or (c == "{" and stack and stack[-1] != "scope"):
            if c == "{":
                stack.append("other")
            elif c == "}":
                stack.pop() if stack else None
            head_start = i + 1
            i += 1
            continue
        if c != "{":
            i += 1
            continue
        head = strip_template(" ".join(code[head_start:i].split()))
        head = re.sub(r"^(?:public|private|protected)\s*:\s*", "", head)
        if CONTAINER.match(head) and "(" not in head.split("{")[0].split(":")[0]:
            stack.append("scope")
        elif SKIPPED.match(head) or CONTROL.match(head) or function_name(head) is None:
            stack.append("other")
        else:
            # A constructor's member initializers may use braces: `: a_{x}, b_{y} {`.
            j = matching_brace(code, i)
            if re.search(r"\)\s*(?:noexcept\s*)?:(?!:)", head) and re.search(r"[\w>]\s*$", code[head_start:i]):
                i = j + 1
                continue
            first = code.count("\n", 0, i) + 1
            last = code.count("\n", 0, j) + 1
            found.append((function_name(head), first, last - first + 1))
            head_start = j + 1
            i = j + 1
            continue
        head_start = i + 1
        i += 1
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=100)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    rows = []
    for path in args.files:
        with open(path, encoding="utf-8", errors="replace") as f:
            for name, line, lines in functions(path, f.read()):
                if lines > args.limit:
                    rows.append((lines, path, line, name))
    for lines, path, line, name in sorted(rows, key=lambda r: (-r[0], r[1], r[2])):
        print(f"{path}:{line}: {name}: {lines} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
