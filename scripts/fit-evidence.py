#!/usr/bin/env python3
"""Fits the alignment's evidence model (src/align/evidence.rs) on the calibration keys.

  cargo test --release --test integration real::dump_evidence_rows -- --ignored
  python3 scripts/fit-evidence.py [target/evidence-rows.csv]

The rows are every 1-1 candidate pairing the alignment considers between anchors on the
real pairs, with the key's verdict (same unit or not). A logistic regression with a small
L2 penalty is fitted by Newton's method on the *calibration* pairs only; the script
prints the coefficients to paste into `MODEL`, and the pair-level precision and recall at
p >= 0.5 on calibration and held-out rows apart. Standard library only.
"""
import csv
import math
import sys

FEATURES = ["similarity", "rare", "phrases", "sentence", "mutual", "one_best", "containment",
            "displacement"]


def row_vector(r):
    return [
        1.0,
        float(r["similarity"]),
        math.log1p(float(r["rare"])),
        math.log1p(float(r["phrases"])),
        float(r["sentence"]),
        float(r["mutual"]),
        float(r["one_best"]),
        float(r["containment"]),
        float(r["displacement"]),
    ]


def solve(a, b):
    """Gaussian elimination with partial pivoting: a x = b."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c and m[c][c] != 0:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] for i in range(n)]


def fit(xs, ys, l2=0.1, rounds=50):
    d = len(xs[0])
    w = [0.0] * d
    for _ in range(rounds):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, y in zip(xs, ys):
            z = sum(wi * xi for wi, xi in zip(w, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            for i in range(d):
                grad[i] += (p - y) * x[i]
                for j in range(d):
                    hess[i][j] += p * (1 - p) * x[i] * x[j]
        for i in range(1, d):
            grad[i] += l2 * w[i]
            hess[i][i] += l2
        step = solve(hess, grad)
        w = [wi - si for wi, si in zip(w, step)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return w


def report(name, xs, ys, w):
    tp = fp = fn = 0
    for x, y in zip(xs, ys):
        z = sum(wi * xi for wi, xi in zip(w, x))
        hit = z >= 0
        tp += hit and y == 1
        fp += hit and y == 0
        fn += (not hit) and y == 1
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name}: {len(ys)} rows, {sum(ys)} same; pairs at p>=0.5: precision {p:.3f}, recall {r:.3f}")


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else "target/evidence-rows.csv"
    rows = list(csv.DictReader(open(path)))
    split = {"calibration": ([], []), "held-out": ([], [])}
    for r in rows:
        xs, ys = split[r["split"]]
        xs.append(row_vector(r))
        ys.append(int(r["same"]))
    w = fit(*split["calibration"])
    print("pub const MODEL: Model = Model {")
    for name, v in zip(["bias"] + FEATURES, w):
        print(f"    {name}: {v:.3f},")
    print("};")
    for name, (xs, ys) in split.items():
        report(name, xs, ys, w)


if __name__ == "__main__":
    main()
