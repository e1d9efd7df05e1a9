#!/usr/bin/env python3
"""Score redliner's alignment of the generated large pair against the generator's key.

Usage: python3 scripts/eval-large.py OLD NEW KEY REPORT.json

OLD and NEW are the files gen-large.py wrote, KEY its --answer-key, REPORT the output of
`redliner diff OLD NEW --format json`. Prints, per edit kind, how many keyed edits the
report shows as such (recall), and how many changed units no keyed edit explains.
"""
import json
import re
import sys


def blocks(path):
    text = open(path, encoding="utf-8").read()
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return [b for b in re.split(r"\n[ \t\u00a0]*\n", text) if b.strip()]


def alnum(s):
    """Letters and digits only; inline formatting tags are markup (as redliner reads them)."""
    s = re.sub(r"</?(u|s|b|i|em|strong|sup|sub|span|br|mark)\b[^>]*>", "", s)
    return "".join(c for c in s if c.isalnum())


def block_of(paragraphs, bl):
    """Map each paragraph id to the index of the block it came from."""
    keys = [alnum(b) for b in bl]
    out, b = {}, 0
    for p in paragraphs:
        t = alnum(p["text"])
        while b < len(keys) and t not in keys[b]:
            b += 1
        if b == len(keys):
            sys.exit(f"paragraph {p['id']} not found in the blocks")
        out[p["id"]] = b
    return out


def main():
    old_path, new_path, key_path, report_path = sys.argv[1:5]
    report = json.load(open(report_path, encoding="utf-8"))
    key = json.load(open(key_path, encoding="utf-8"))
    ob = block_of(report["old"]["paragraphs"], blocks(old_path))
    nb = block_of(report["new"]["paragraphs"], blocks(new_path))
    units = []
    for u in report["units"]:
        units.append((u["kind"], u["moved"], frozenset(ob[i] for i in u["old"]), frozenset(nb[j] for j in u["new"])))
    expect = {"reword": ("reworded", None), "delete": ("removed", None), "insert": ("added", None),
              "move": (None, True), "split": ("split", None), "merge": ("merged", None)}
    explained = set()
    print(f"{'edit':8} {'keyed':>6} {'found':>6}")
    total_found = total = 0
    for kind, (want_kind, want_moved) in expect.items():
        edits = [e for e in key if e["kind"] == kind]
        found = 0
        for e in edits:
            o, n = frozenset(e["old"]), frozenset(e["new"])
            for k, u in enumerate(units):
                ukind, moved, uo, un = u
                if (uo & o or not o) and (un & n or not n) and (uo or un):
                    if (not o or uo <= o) and (not n or un <= n):
                        ok = (want_kind is None or ukind == want_kind) and (want_moved is None or moved == want_moved)
                        if ok:
                            found += 1
                            explained.add(k)
                            break
        total += len(edits)
        total_found += found
        print(f"{kind:8} {len(edits):6} {found:6}")
    changed = [k for k, u in enumerate(units) if u[0] != "unchanged" or u[1]]
    unexplained = [k for k in changed if k not in explained]
    print(f"recall {total_found}/{total} = {total_found / total:.3f}; changed units {len(changed)}, "
          f"not explained by a keyed edit {len(unexplained)}")


if __name__ == "__main__":
    main()
