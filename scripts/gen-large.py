#!/usr/bin/env python3
"""Generate a large OLD/NEW pair of Markdown statements for benchmarking redliner.

The text comes from the real statements in fixtures/wh/*.md. OLD is a long
document whose paragraphs are all distinct; NEW is OLD with edits at about 5%
of its paragraphs (reword, delete, insert, move, split, merge), re-wrapped at
a different width so that line breaks differ everywhere.

Python 3 standard library only. The output depends only on the source files
and the arguments: every random choice comes from random.Random(seed), files
are read in sorted order, and no set or dict is ever iterated in an order that
could depend on hashing.

Usage:
    scripts/gen-large.py [--mb 10] [--seed 1] [--out-dir DIR] [--answer-key FILE]
                         [--source-dir DIR] [--edit-rate 0.05]
                         [--old-width 72] [--new-width 66]

Paths default to the repository this script lives in: sources from
fixtures/wh, output to target/bench (large-old.md, large-new.md).
"""

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE_DIR = REPO_ROOT / "fixtures" / "wh"
DEFAULT_OUT_DIR = REPO_ROOT / "target" / "bench"

KINDS = ("reword", "delete", "insert", "move", "split", "merge")

# --------------------------------------------------------------------------
# Reading the corpus
# --------------------------------------------------------------------------

LIST_ITEM = re.compile(r"^\s*[-*+]\s+(?=\S)")
# "12. ", "12\. ", "**12.** " at the start of a numbered paragraph.
ENUMERATOR = re.compile(r"^(?:\*\*)?\d{1,3}\\?\.(?:\*\*)?\s+")
BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*:?$")
HTML_TAG = re.compile(r"<[^>]+>")
MULTI_SPACE = re.compile(r"[ \t]+")
HAS_LETTER = re.compile(r"[A-Za-z]")


def is_blank(line):
    # str.strip() also removes NBSP and other Unicode white space.
    return line.strip() == ""


def read_blocks(path):
    """Return the raw text blocks of one statement, front matter skipped.

    A block is a run of non-blank lines. A list item or a line that is only a
    bold heading also starts a block of its own, since the corpus often puts
    those directly under the previous line.
    """
    lines = [l.rstrip("\r") for l in path.read_text(encoding="utf-8").split("\n")]
    start = 0
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                start = i + 1
                break
    blocks, cur = [], []
    for line in lines[start:]:
        if is_blank(line):
            if cur:
                blocks.append(cur)
            cur = []
            continue
        stripped = line.strip()
        if cur and (LIST_ITEM.match(line) or BOLD_LINE.match(stripped)
                    or BOLD_LINE.match(cur[-1])):
            blocks.append(cur)
            cur = []
        cur.append(stripped)
    if cur:
        blocks.append(cur)
    return [" ".join(b) for b in blocks]


LIST_TAIL = re.compile(r"\s*[;,](?:\s+(?:and|or))?$")


def clean_paragraph(text):
    text = MULTI_SPACE.sub(" ", text).strip()
    text = LIST_ITEM.sub("", text)
    text = ENUMERATOR.sub("", text).strip()
    # List items become paragraphs of their own: "cooperate on x; and" ->
    # "Cooperate on x."
    if text[:1].islower():
        text = text[0].upper() + text[1:]
    return LIST_TAIL.sub(".", text)


# --------------------------------------------------------------------------
# Sentences
# --------------------------------------------------------------------------

# A sentence ends with . ! ? (maybe followed by a closing quote or bracket),
# then white space, then something that can start a sentence.
SENTENCE_GAP = re.compile(r"(?<=[.!?])[\"”’)]?(\s+)(?=[A-Z“\"‘(\d])")
ABBREVIATIONS = {
    "mr.", "mrs.", "ms.", "dr.", "st.", "no.", "nos.", "vs.", "e.g.", "i.e.",
    "etc.", "jr.", "sr.", "gen.", "lt.", "col.", "sen.", "rep.", "gov.",
    "prof.", "inc.", "co.", "ltd.", "art.", "para.", "fig.", "approx.",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.",
    "oct.", "nov.", "dec.",
}
INITIALS = re.compile(r"^(?:[A-Za-z]\.)+$")  # U.S., U.K., a.m.


def sentence_gaps(text):
    """Return (start, end) spans of the white space between sentences."""
    gaps = []
    for m in SENTENCE_GAP.finditer(text):
        before = text[:m.start(1)]
        last_word = before.rsplit(" ", 1)[-1].lstrip("(“\"‘")
        if last_word.lower() in ABBREVIATIONS or INITIALS.match(last_word):
            continue
        # Never cut inside **bold** or a [link].
        if before.count("**") % 2 or before.count("[") != before.count("]"):
            continue
        gaps.append((m.start(1), m.end(1)))
    return gaps


def split_sentences(text):
    out, pos = [], 0
    for start, end in sentence_gaps(text):
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    return [s for s in out if s]


# --------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------

class Source:
    def __init__(self, name, paragraphs):
        self.name = name
        self.paragraphs = paragraphs
        self.sentences = [split_sentences(p) for p in paragraphs]
        # Every sentence of the source, for splicing.
        self.all_sentences = [s for ss in self.sentences for s in ss]


def load_corpus(source_dir):
    files = sorted(source_dir.glob("*.md"))
    if not files:
        sys.exit(f"gen-large.py: no *.md files in {source_dir}")
    sources, headings = [], {}
    for path in files:
        paragraphs = []
        for raw in read_blocks(path):
            text = clean_paragraph(raw)
            if not HAS_LETTER.search(text):
                continue  # separators such as "\###"
            m = BOLD_LINE.match(text)
            if m:
                title = HTML_TAG.sub("", m.group(1)).strip().rstrip(":").strip()
                if title and len(title.split()) <= 6 and not m.group(1).rstrip().endswith(":"):
                    headings.setdefault(title, None)  # ordered de-duplication
                continue
            paragraphs.append(text)
        if paragraphs:
            sources.append(Source(path.name, paragraphs))
    return sources, list(headings)


# --------------------------------------------------------------------------
# Making paragraphs unique
# --------------------------------------------------------------------------

def move_one_sentence(rng, sents):
    """Move one sentence to another position (a gentle reordering)."""
    sents = list(sents)
    i = rng.randrange(len(sents))
    s = sents.pop(i)
    j = rng.randrange(len(sents))
    if j >= i:
        j += 1
    sents.insert(j, s)
    return sents


def splice_sentence(rng, sents, source):
    """Insert one sentence from elsewhere in the same statement."""
    for _ in range(10):
        donor = rng.choice(source.all_sentences)
        if donor not in sents:
            break
    else:
        return None
    sents = list(sents)
    sents.insert(rng.randint(0, len(sents)), donor)
    return sents


class UniqueMaker:
    def __init__(self, rng):
        self.rng = rng
        self.seen = set()
        self.fallbacks = 0
        self.section_no = 0

    def make(self, source, p_idx, first_pass):
        rng = self.rng
        text = source.paragraphs[p_idx]
        if first_pass and text not in self.seen:
            self.seen.add(text)
            return text
        sents = source.sentences[p_idx]
        for _ in range(12):
            r = rng.random()
            if len(sents) >= 2 and r < 0.35:
                cand = move_one_sentence(rng, sents)
            elif len(sents) >= 2 and r < 0.65:
                cand = splice_sentence(rng, move_one_sentence(rng, sents), source)
            else:
                cand = splice_sentence(rng, sents, source)
            if cand is None:
                continue
            cand = " ".join(cand)
            if cand not in self.seen:
                self.seen.add(cand)
                return cand
        # Last resort: a section number cannot collide.
        while True:
            self.section_no += 1
            cand = f"Section {self.section_no}. {text}"
            if cand not in self.seen:
                self.fallbacks += 1
                self.seen.add(cand)
                return cand


# --------------------------------------------------------------------------
# Rewording (word-level edits)
# --------------------------------------------------------------------------

SYNONYMS = {
    "strongly": "firmly", "firmly": "strongly", "fully": "wholly",
    "important": "essential", "essential": "vital", "vital": "essential",
    "critical": "crucial", "crucial": "critical",
    "significant": "substantial", "substantial": "significant",
    "ensure": "guarantee", "promote": "advance", "enhance": "strengthen",
    "strengthen": "reinforce", "reinforce": "strengthen",
    "welcome": "applaud", "reaffirm": "reiterate", "reiterate": "reaffirm",
    "condemn": "denounce", "tackle": "address", "address": "tackle",
    "efforts": "endeavours", "partners": "allies", "countries": "nations",
    "nations": "countries", "together": "jointly", "urge": "call on",
    "will": "shall", "commitment": "pledge", "resilient": "robust",
    "rapidly": "quickly", "quickly": "rapidly", "global": "worldwide", "new": "fresh",
    "major": "key", "key": "major", "robust": "resilient",
}
ADVERBS = ("also", "further", "fully", "jointly", "firmly", "continue to")
ADVERB_AFTER = {"we", "will", "shall", "must", "can"}
DELETABLE = {"strongly", "firmly", "fully", "also", "further", "deeply",
             "closely", "jointly", "together", "very", "already", "actively"}
# Adjectives that can go when a noun follows them.
DROPPABLE_ADJECTIVES = {
    "new", "key", "important", "significant", "effective", "ambitious",
    "strong", "sustainable", "inclusive", "concrete", "additional", "relevant",
    "comprehensive", "collective", "close", "global", "international",
    "shared", "common", "current", "existing", "critical", "urgent", "joint",
    "robust", "resilient", "transparent", "meaningful", "practical",
}
TAIL_PHRASES = (", as appropriate", ", where appropriate",
                ", as a matter of priority", ", in close coordination with partners")
WORD = re.compile(r"^([^A-Za-z]*)([A-Za-z]+)([^A-Za-z]*)$")
NUMBER = re.compile(r"(?<![\w\-.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w\-<]|\.\d)")


def match_case(word, repl):
    if word.isupper() and len(word) > 1:
        return repl.upper()
    if word[:1].isupper():
        return repl[:1].upper() + repl[1:]
    return repl


def new_number(rng, whole, frac):
    had_commas = "," in whole
    n = int(whole.replace(",", ""))
    if frac:
        return f"{n + rng.choice((1, 2))}{frac}"
    if 1900 <= n <= 2100 and not had_commas:
        m = n + rng.choice((-1, 1, 1, 2))
    else:
        m = n + max(1, round(n * rng.choice((0.1, 0.2, 0.5, 1.0))))
    return f"{m:,}" if had_commas else str(m)


# Each op edits the token list in place. `done` marks tokens an earlier op
# already produced or changed, so that ops never undo or re-edit each other.

def op_number(rng, toks, done):
    cands = [i for i, t in enumerate(toks) if not done[i] and NUMBER.search(t)]
    if not cands:
        return None
    i = rng.choice(cands)
    m = NUMBER.search(toks[i])
    repl = new_number(rng, m.group(1), m.group(2) or "")
    old = m.group(0)
    toks[i] = toks[i][:m.start()] + repl + toks[i][m.end():]
    done[i] = True
    return f"number {old!r} -> {repl!r}"


def op_replace(rng, toks, done):
    by_word = {}
    for i, t in enumerate(toks):
        m = WORD.match(t)
        if not done[i] and m and m.group(2).lower() in SYNONYMS:
            by_word.setdefault(m.group(2).lower(), []).append(i)
    if not by_word:
        return None
    # Pick a word first, so that frequent ones ("will") do not dominate.
    i = rng.choice(by_word[rng.choice(sorted(by_word))])
    pre, word, post = WORD.match(toks[i]).groups()
    repl = match_case(word, SYNONYMS[word.lower()])
    toks[i] = pre + repl + post
    done[i] = True
    return f"replace {word!r} -> {repl!r}"


def op_insert(rng, toks, done):
    cands = [i for i in range(len(toks) - 1)
             if toks[i].lower() in ADVERB_AFTER and not done[i + 1]
             and WORD.match(toks[i + 1]) and toks[i + 1][:1].islower()]
    if cands:
        i = rng.choice(cands)
        adv = rng.choice(ADVERBS)
        toks.insert(i + 1, adv)
        done.insert(i + 1, True)
        return f"insert {adv!r}"
    # Otherwise qualify the end of the paragraph.
    if done[-1]:
        return None
    phrase = rng.choice(TAIL_PHRASES)
    last = toks[-1]
    if last.endswith("."):
        toks[-1] = last[:-1] + phrase + "."
    else:
        toks[-1] = last + phrase
    done[-1] = True
    return f"insert {phrase[2:]!r}"


def op_delete(rng, toks, done):
    cands = [i for i in range(1, len(toks))
             if not done[i] and toks[i].lower() in DELETABLE]
    cands += [i for i in range(1, len(toks) - 1)
              if toks[i] == "continue" and toks[i + 1] == "to"
              and not done[i] and not done[i + 1]]
    if not cands:
        cands = [i for i in range(1, len(toks) - 1)
                 if not done[i] and toks[i] in DROPPABLE_ADJECTIVES
                 and toks[i + 1].isalpha() and toks[i + 1].islower()]
    if not cands:
        # Any plain lower-case word that is not the first or last.
        cands = [i for i in range(1, len(toks) - 1)
                 if not done[i] and toks[i].isalpha() and toks[i].islower()
                 and len(toks[i]) >= 4]
    if not cands:
        return None
    i = rng.choice(sorted(cands))
    if toks[i] == "continue" and toks[i + 1:i + 2] == ["to"] and not done[i + 1]:
        del toks[i:i + 2]
        del done[i:i + 2]
        return "delete 'continue to'"
    word = toks.pop(i)
    done.pop(i)
    return f"delete {word!r}"


OPS = {"number": op_number, "replace": op_replace,
       "insert": op_insert, "delete": op_delete}


def reword(rng, text, min_ops=1, max_ops=3):
    """Apply a few word-level edits; return (new_text, description)."""
    for _ in range(20):
        toks = text.split(" ")
        done = [False] * len(toks)
        names = ["number", "replace", "insert", "delete"]
        rng.shuffle(names)
        want = rng.randint(min_ops, max_ops)
        descr = []
        for name in names:
            if len(descr) >= want:
                break
            d = OPS[name](rng, toks, done)
            if d:
                descr.append(d)
        new = " ".join(toks)
        if descr and new != text:
            return new, "; ".join(descr)
    raise RuntimeError("could not reword paragraph: " + text[:80])


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------

# A wrapped line must not start with something Markdown would read as a list
# item, heading, quote, setext underline, thematic break or HTML block.
NO_BREAK_BEFORE = re.compile(r"^(?:[-+*=_]+|#{1,6}|>.*|<.*|\d{1,9}[.)]\xa0?)$")


def wrap(text, width):
    """Greedy hard wrap at `width` columns, breaking only at ASCII spaces."""
    words = [w for w in text.split(" ") if w]
    lines, cur = [], words[0]
    for w in words[1:]:
        if len(cur) + 1 + len(w) <= width:
            cur += " " + w
        elif not NO_BREAK_BEFORE.match(w):
            lines.append(cur)
            cur = w
        elif " " in cur:
            # Carry the previous word down so that w does not start a line.
            head, prev = cur.rsplit(" ", 1)
            lines.append(head)
            cur = prev + " " + w
        else:
            cur += " " + w
    lines.append(cur)
    return "\n".join(lines)


def render(front, blocks, width):
    parts = [front]
    for kind, text in blocks:
        parts.append(text if kind == "h" else wrap(text, width))
    return "\n\n".join(parts) + "\n"


def front_matter(title, date, seed, mb):
    return (f"---\ntitle: \"{title}\"\ndate: '{date}'\n"
            f"generator: gen-large.py --seed {seed} --mb {mb:g}\n---")


# --------------------------------------------------------------------------
# OLD
# --------------------------------------------------------------------------

def build_old(rng, sources, headings, target_bytes, header_bytes):
    maker = UniqueMaker(rng)
    order = [(s, p) for s in range(len(sources)) for p in range(len(sources[s].paragraphs))]
    blocks = []
    size = header_bytes + 1
    cursor, passes = 0, 0
    heading_no = 0
    next_heading = rng.randint(25, 35)
    since_heading = next_heading  # start with a heading
    while size < target_bytes:
        if since_heading >= next_heading and headings:
            heading_no += 1
            title = rng.choice(headings)
            h = f"**{heading_no}. {title}**"
            blocks.append(("h", h))
            size += len(h.encode("utf-8")) + 2
            since_heading = 0
            next_heading = rng.randint(25, 35)
        s, p = order[cursor]
        text = maker.make(sources[s], p, passes == 0)
        blocks.append(("p", text))
        size += len(text.encode("utf-8")) + 2
        since_heading += 1
        cursor += 1
        if cursor == len(order):
            cursor, passes = 0, passes + 1
    return blocks, maker, passes + 1


# --------------------------------------------------------------------------
# NEW
# --------------------------------------------------------------------------

class Planner:
    """Chooses non-overlapping edit sites.

    Every edit touches a set of OLD block indices (for an insertion or a move
    destination: the two blocks around the gap). Two edits never touch the
    same or neighbouring blocks, so each stays recognisable on its own.
    """

    def __init__(self, blocks):
        self.blocks = blocks
        self.n = len(blocks)
        self.used = bytearray(self.n + 2)  # offset by one

    def free(self, idxs):
        for t in idxs:
            if t < 0 or t >= self.n:
                return False
            if self.used[t] or self.used[t + 1] or self.used[t + 2]:
                return False
        return True

    def take(self, idxs):
        for t in idxs:
            self.used[t + 1] = 1

    def is_para(self, i):
        return 0 <= i < self.n and self.blocks[i][0] == "p"


def plan_edits(rng, blocks, rate, old_seen):
    # Texts NEW will contain that differ from OLD must be new and distinct,
    # so that every NEW paragraph has one obvious origin.
    seen = set(old_seen)
    para_positions = [i for i, b in enumerate(blocks) if b[0] == "p"]
    per_kind = max(1, round(len(para_positions) * rate / len(KINDS)))
    todo = list(KINDS) * per_kind
    rng.shuffle(todo)
    pl = Planner(blocks)
    edits = []
    for kind in todo:
        for _ in range(2000):
            i = rng.choice(para_positions)
            e = try_edit(rng, kind, i, pl, blocks, seen)
            if e is not None:
                edits.append(e)
                break
    return edits


def try_edit(rng, kind, i, pl, blocks, seen):
    text = blocks[i][1]
    if kind in ("reword", "delete", "split"):
        if not pl.free([i]):
            return None
        e = {"kind": kind, "i": i}
        if kind == "reword":
            e["text"], e["detail"] = reword(rng, text)
            if e["text"] in seen:
                return None
            seen.add(e["text"])
        elif kind == "split":
            # Neither half may repeat a paragraph seen before.
            gaps = [(a, b) for a, b in sentence_gaps(text)
                    if text[:a] not in seen and text[b:] not in seen
                    and text[:a] != text[b:]]
            if not gaps:
                return None
            a, b = rng.choice(gaps)
            e["parts"] = (text[:a], text[b:])
            seen.update(e["parts"])
        pl.take([i])
        return e
    if kind == "merge":
        if not (pl.is_para(i + 1) and pl.free([i, i + 1])):
            return None
        merged = text + " " + blocks[i + 1][1]
        if merged in seen:
            return None
        seen.add(merged)
        pl.take([i, i + 1])
        return {"kind": kind, "i": i}
    if kind == "insert":
        # The new paragraph goes between blocks i and i+1.
        if not pl.free([i, i + 1]):
            return None
        for _ in range(50):
            j = rng.choice(range(len(blocks)))
            if blocks[j][0] == "p" and abs(j - i) >= 20:
                break
        else:
            return None
        new, detail = reword(rng, blocks[j][1], 2, 3)
        if new in seen:
            return None
        seen.add(new)
        pl.take([i, i + 1])
        return {"kind": kind, "i": i, "source": j, "text": new, "detail": detail}
    if kind == "move":
        dist = rng.randint(5, 500)
        d = i + dist if rng.random() < 0.5 else i - dist
        # The paragraph goes between blocks d and d+1.
        if not pl.free([i, d, d + 1]):
            return None
        pl.take([i, d, d + 1])
        return {"kind": kind, "i": i, "dest": d}
    raise ValueError(kind)


def apply_edits(blocks, edits):
    at = {}      # OLD block index -> edit replacing / removing that block
    after = {}   # OLD block index -> edits emitting a paragraph after it
    for e in edits:
        if e["kind"] == "insert":
            after.setdefault(e["i"], []).append(e)
        elif e["kind"] == "move":
            at[e["i"]] = e
            after.setdefault(e["dest"], []).append(e)
        elif e["kind"] == "merge":
            at[e["i"]] = e
            at[e["i"] + 1] = e
        else:
            at[e["i"]] = e
    new_blocks = []
    key = {}
    for i, (kind, text) in enumerate(blocks):
        e = at.get(i)
        if e is None:
            new_blocks.append((kind, text))
        elif e["kind"] == "reword":
            key[id(e)] = ([i], [len(new_blocks)])
            new_blocks.append(("p", e["text"]))
        elif e["kind"] == "delete":
            key[id(e)] = ([i], [])
        elif e["kind"] == "split":
            k = len(new_blocks)
            key[id(e)] = ([i], [k, k + 1])
            new_blocks.extend(("p", part) for part in e["parts"])
        elif e["kind"] == "merge":
            if i == e["i"]:
                key[id(e)] = ([i, i + 1], [len(new_blocks)])
                new_blocks.append(("p", text + " " + blocks[i + 1][1]))
        elif e["kind"] == "move":
            pass  # emitted at its destination
        for e2 in after.get(i, ()):
            k = len(new_blocks)
            if e2["kind"] == "insert":
                key[id(e2)] = ([], [k])
                new_blocks.append(("p", e2["text"]))
            else:
                key[id(e2)] = ([e2["i"]], [k])
                new_blocks.append(("p", blocks[e2["i"]][1]))
    answer = []
    for e in edits:
        olds, news = key[id(e)]
        entry = {
            "kind": e["kind"],
            "old_index": olds[0] if olds else None,
            "new_index": news[0] if news else None,
            "old": olds,
            "new": news,
        }
        if e["kind"] == "insert":
            entry["after_old_index"] = e["i"]
            entry["source_old_index"] = e["source"]
        if e["kind"] == "move":
            entry["after_old_index"] = e["dest"]
        if "detail" in e:
            entry["detail"] = e["detail"]
        answer.append(entry)
    answer.sort(key=lambda x: (x["old_index"] if x["old_index"] is not None
                               else x["after_old_index"], x["old_index"] is None))
    return new_blocks, answer


# --------------------------------------------------------------------------

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=10.0,
                    help="approximate size of each file in MB (10^6 bytes; default 10)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--out-dir", type=Path, default=DEFAULT_OUT_DIR,
                    help=f"where to write large-old.md and large-new.md (default: {DEFAULT_OUT_DIR})")
    ap.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE_DIR,
                    help=f"directory of source *.md statements (default: {DEFAULT_SOURCE_DIR})")
    ap.add_argument("--answer-key", type=Path, help="write the list of edits as JSON here")
    ap.add_argument("--edit-rate", type=float, default=0.05,
                    help="fraction of paragraphs edited (default 0.05)")
    ap.add_argument("--old-width", type=int, default=72, help="wrap width of OLD (default 72)")
    ap.add_argument("--new-width", type=int, default=66, help="wrap width of NEW (default 66)")
    args = ap.parse_args(argv)

    t0 = time.monotonic()
    rng = random.Random(args.seed)
    sources, headings = load_corpus(args.source_dir)

    title = "Joint Statement of Partners (synthetic redliner benchmark)"
    old_front = front_matter(title, "2024-01-15", args.seed, args.mb)
    new_front = front_matter(title, "2024-06-15", args.seed, args.mb)
    target = int(args.mb * 1_000_000)

    blocks, maker, passes = build_old(rng, sources, headings, target,
                                      len(old_front.encode("utf-8")))
    edits = plan_edits(rng, blocks, args.edit_rate, maker.seen)
    new_blocks, answer = apply_edits(blocks, edits)

    old_text = render(old_front, blocks, args.old_width)
    new_text = render(new_front, new_blocks, args.new_width)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    old_path = args.out_dir / "large-old.md"
    new_path = args.out_dir / "large-new.md"
    for path, text in ((old_path, old_text), (new_path, new_text)):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if args.answer_key:
        args.answer_key.parent.mkdir(parents=True, exist_ok=True)
        with open(args.answer_key, "w", encoding="utf-8", newline="\n") as f:
            json.dump(answer, f, indent=1, ensure_ascii=False)
            f.write("\n")

    counts = {k: 0 for k in KINDS}
    for e in edits:
        counts[e["kind"]] += 1
    n_para_old = sum(1 for b in blocks if b[0] == "p")
    n_para_new = sum(1 for b in new_blocks if b[0] == "p")
    n_head = len(blocks) - n_para_old
    err = sys.stderr
    print(f"gen-large.py: seed {args.seed}, {len(sources)} source files, "
          f"{passes} pass(es) over the corpus", file=err)
    print(f"  OLD {old_path}: {len(old_text.encode('utf-8')):,} bytes, "
          f"{n_para_old:,} paragraphs + {n_head} headings, wrapped at {args.old_width}"
          f" ({maker.fallbacks} needed a section number)", file=err)
    print(f"  NEW {new_path}: {len(new_text.encode('utf-8')):,} bytes, "
          f"{n_para_new:,} paragraphs + {n_head} headings, wrapped at {args.new_width}",
          file=err)
    print("  edits: " + ", ".join(f"{k} {counts[k]}" for k in KINDS)
          + f" (total {len(edits)})", file=err)
    print(f"  done in {time.monotonic() - t0:.1f} s", file=err)
    return 0


if __name__ == "__main__":
    sys.exit(main())
