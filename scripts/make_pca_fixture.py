#!/usr/bin/env python3
"""Reference values for tests/embeddings/pca.test.ts: tests/fixtures/pca.json.

numpy only, written independently of src/embeddings/pca.ts: that module diagonalises the
small k x k Gram matrix with Jacobi rotations; here numpy.linalg.eigh diagonalises the
d x d covariance of the centred rows, and the rows are projected on its top two
eigenvectors. Same sign rule: each axis is flipped so that its coordinate of largest
magnitude (the first one on a tie) is positive.

Cases: seeded random rows, and real GloVe rows decoded from the site asset
(public/data/glove-100d-30k.bin: int8, each row scaled back to unit length).

Run:  python3 scripts/make_pca_fixture.py
"""
import json
import os
import struct

import numpy as np

ROOT = os.path.join(os.path.dirname(__file__), "..")
OUT = os.path.join(ROOT, "tests", "fixtures", "pca.json")
ASSET = os.path.join(ROOT, "public", "data", "glove-100d-30k.bin")


def reference(rows):
    x = rows - rows.mean(axis=0)
    cov = x.T @ x
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1]
    values = values[order]
    vectors = vectors[:, order]
    coords = x @ vectors[:, :2]
    for axis in range(2):
        big = int(np.argmax(np.abs(coords[:, axis])))
        if coords[big, axis] < 0:
            coords[:, axis] *= -1
    k = rows.shape[0]
    top = np.clip(values[:2], 0, None)
    return {
        "points": coords.tolist(),
        "axisVariance": (top / max(1, k - 1)).tolist(),
        "kept": float(top.sum() / np.trace(cov)),
    }


def asset_rows(words):
    with open(ASSET, "rb") as f:
        data = f.read()
    assert data[:4] == b"WVEC"
    _version, count, dims, encoding, words_len = struct.unpack("<5I", data[4:24])
    assert encoding == 1
    vocab = data[24 : 24 + words_len].decode("utf-8").split("\n")
    q = np.frombuffer(data, dtype=np.int8, offset=24 + words_len).reshape(count, dims)
    index = {w: i for i, w in enumerate(vocab)}
    rows = q[[index[w] for w in words]].astype(np.float64)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def main():
    rng = np.random.default_rng(20240611)
    cases = []
    for name, k, d in [("random 4x3", 4, 3), ("random 8x100", 8, 100), ("random 15x100", 15, 100)]:
        rows = rng.normal(size=(k, d))
        cases.append({"name": name, "k": k, "dims": d, "rows": rows.tolist(), **reference(rows)})
    words = ["man", "woman", "king", "queen", "uncle", "aunt", "boy", "girl", "he", "she"]
    rows = asset_rows(words)
    cases.append(
        {"name": "glove " + " ".join(words), "k": len(words), "dims": rows.shape[1],
         "words": words, "rows": rows.tolist(), **reference(rows)}
    )
    with open(OUT, "w") as f:
        json.dump({"numpy": np.__version__, "cases": cases}, f)
    print(f"wrote {OUT}: {len(cases)} cases")


if __name__ == "__main__":
    main()
