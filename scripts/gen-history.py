#!/usr/bin/env python3
"""Generate a series of versions of a real statement, for timing `redliner history`.

Version 1 is a statement from the corpus (by default the G7 Hiroshima communique,
fixtures/wh/g7-2023-05-hiroshima-communique.md, about 130 KB). Each later version is the
one before with edits at about --edit-rate of its paragraphs, of seven kinds:

  reword   one to three word edits: a number changed, an adverb added or dropped, a
           synonym swapped;
  delete   a paragraph removed (remembered, so that it can come back);
  restore  a paragraph deleted in an earlier version put back where it was;
  insert   a paragraph from another corpus statement added;
  move     a paragraph moved 3 to 40 paragraphs away;
  split    a paragraph split at a sentence boundary;
  merge    two neighbouring paragraphs joined.

Every version has YAML front matter with a title and a date (one month apart, from
--start), and is hard-wrapped at a width that alternates between 72 and 66 columns, so
every line break moves from one version to the next.

Python 3 standard library only. The output depends only on the source files and the
arguments: every random choice comes from random.Random(seed), files are read in sorted
order, and no set or dict is iterated in an order that could depend on hashing.

Usage:
    scripts/gen-history.py [--versions 20] [--seed 1] [--edit-rate 0.06]
                           [--source FILE] [--pool-dir DIR] [--out-dir DIR]

Output: DIR/v01.md … DIR/vNN.md (default target/bench/history), and a summary of the
edits on stderr.
"""

import argparse
import random
import re
import sys
import textwrap
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / "fixtures" / "wh" / "g7-2023-05-hiroshima-communique.md"
DEFAULT_POOL = REPO_ROOT / "fixtures" / "wh"
DEFAULT_OUT = REPO_ROOT / "target" / "bench" / "history"

KINDS = ("reword", "delete", "restore", "insert", "move", "split", "merge")

SYNONYMS = [
    ("reaffirm", "reiterate"),
    ("strengthen", "reinforce"),
    ("support", "back"),
    ("continue", "keep"),
    ("important", "essential"),
    ("work", "act"),
    ("ensure", "secure"),
    ("promote", "advance"),
    ("partners", "allies"),
    ("efforts", "work"),
]
ADVERBS = ["further", "fully", "closely", "firmly", "resolutely"]


def read_paragraphs(path):
    """Blank-line-separated blocks after the front matter, lines joined with spaces."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        end = text.find("\n---", 3)
        text = text[end + 4 :] if end >= 0 else text
    blocks = []
    for block in re.split(r"\n[ \t\u00a0]*\n", text):
        lines = [l.strip() for l in block.splitlines() if l.strip()]
        if not lines:
            continue
        joined = " ".join(lines)
        if joined in ("\\###", "###"):
            continue
        blocks.append(joined)
    return blocks


def sentences(par):
    return re.split(r"(?<=[.;])\s+(?=[A-Z])", par)


def reword(rng, par):
    """One to three small word edits; returns the new text and what changed."""
    done = []
    for _ in range(rng.randint(1, 3)):
        choice = rng.random()
        numbers = list(re.finditer(r"\b\d+(?:\.\d+)?\b", par))
        if choice < 0.3 and numbers:
            m = rng.choice(numbers)
            value = m.group(0)
            new = str(int(float(value)) + rng.randint(1, 9)) if "." not in value else value + "5"
            par = par[: m.start()] + new + par[m.end() :]
            done.append(f"{value}->{new}")
            continue
        if choice < 0.6:
            pairs = [(a, b) for a, b in SYNONYMS if re.search(rf"\b{a}\b", par)]
            if pairs:
                a, b = rng.choice(pairs)
                par = re.sub(rf"\b{a}\b", b, par, count=1)
                done.append(f"{a}->{b}")
                continue
        m = re.search(r"\bwe will ", par, flags=re.I)
        if m:
            adverb = rng.choice(ADVERBS)
            par = par[: m.end()] + adverb + " " + par[m.end() :]
            done.append(f"+{adverb}")
        else:
            words = par.split(" ")
            k = rng.randrange(len(words))
            words.insert(k, rng.choice(ADVERBS))
            par = " ".join(words)
            done.append("+adverb")
    return par, ",".join(done)


def edit(rng, pars, deleted, pool, rate):
    """One version's edits; `deleted` holds (anchor text, paragraph) for restores."""
    out = list(pars)
    count = max(1, round(len(out) * rate))
    log = []
    touched = set()
    for _ in range(count):
        kind = rng.choice(KINDS)
        free = [i for i in range(len(out)) if i not in touched and i - 1 not in touched]
        if not free:
            break
        i = rng.choice(free)
        if kind == "reword":
            out[i], what = reword(rng, out[i])
            log.append(f"reword {i} {what}")
        elif kind == "delete" and len(out) > 10:
            anchor = out[i - 1] if i > 0 else None
            deleted.append((anchor, out.pop(i)))
            log.append(f"delete {i}")
        elif kind == "restore" and deleted:
            anchor, par = deleted.pop(rng.randrange(len(deleted)))
            at = out.index(anchor) + 1 if anchor in out else i
            out.insert(at, par)
            log.append(f"restore at {at}")
        elif kind == "insert":
            out.insert(i, pool[rng.randrange(len(pool))])
            log.append(f"insert {i}")
        elif kind == "move" and len(out) > 45:
            par = out.pop(i)
            j = min(len(out), max(0, i + rng.choice([-1, 1]) * rng.randint(3, 40)))
            out.insert(j, par)
            log.append(f"move {i}->{j}")
        elif kind == "split" and len(sentences(out[i])) > 1:
            parts = sentences(out[i])
            cut = rng.randint(1, len(parts) - 1)
            out[i : i + 1] = [" ".join(parts[:cut]), " ".join(parts[cut:])]
            log.append(f"split {i}")
        elif kind == "merge" and i + 1 < len(out):
            out[i : i + 2] = [out[i] + " " + out[i + 1]]
            log.append(f"merge {i}")
        touched.add(i)
    return out, log


def write_version(path, n, date, pars, width):
    body = []
    for p in pars:
        if p.startswith("**") and p.endswith("**"):
            body.append(p)
        else:
            body.append(textwrap.fill(p, width=width, break_on_hyphens=False))
    front = f"---\ntitle: 'Generated series, version {n}'\ndate: '{date}'\n---\n\n"
    path.write_text(front + "\n\n".join(body) + "\n", encoding="utf-8")


def month(start, k):
    y, m = (int(x) for x in start.split("-"))
    m += k
    return f"{y + (m - 1) // 12:04d}-{(m - 1) % 12 + 1:02d}-15"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--versions", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--edit-rate", type=float, default=0.06)
    ap.add_argument("--source", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--pool-dir", type=Path, default=DEFAULT_POOL)
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--start", default="2020-01", help="year and month of version 1")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    pars = read_paragraphs(args.source)
    pool = []
    for f in sorted(args.pool_dir.glob("*.md")):
        if f.resolve() != args.source.resolve():
            pool.extend(p for p in read_paragraphs(f) if len(p) > 200)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    deleted = []
    digits = max(2, len(str(args.versions)))
    for n in range(1, args.versions + 1):
        if n > 1:
            pars, log = edit(rng, pars, deleted, pool, args.edit_rate)
            kinds = {k: sum(1 for e in log if e.startswith(k)) for k in KINDS}
            summary = ", ".join(f"{k} {c}" for k, c in kinds.items() if c)
            print(f"v{n:02d}: {len(pars)} paragraphs; {summary}", file=sys.stderr)
        path = args.out_dir / f"v{n:0{digits}d}.md"
        write_version(path, n, month(args.start, n - 1), pars, 72 if n % 2 else 66)
    print(f"wrote {args.versions} versions to {args.out_dir}", file=sys.stderr)


if __name__ == "__main__":
    main()
