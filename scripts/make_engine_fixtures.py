#!/usr/bin/env python3
"""Reference values for the engine tests: tests/fixtures/engine.json.

Computed with numpy only, seeded, and written independently of the
TypeScript engine (batched einsum/reshape formulas, not a port of its loops).
Infinity and NaN cannot live in JSON: they are written as the strings
"inf", "-inf" and "nan", and the test decodes them.

Run:  python3 scripts/make_engine_fixtures.py
"""
import json
import math
import os

import numpy as np

rng = np.random.default_rng(20240607)
OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "engine.json")


def enc(x):
    """numpy / python values -> JSON-safe nested lists with encoded infinities."""
    if isinstance(x, np.ndarray):
        return enc(x.tolist())
    if isinstance(x, (list, tuple)):
        return [enc(v) for v in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return x
    if isinstance(x, dict):
        return {k: enc(v) for k, v in x.items()}
    if x is None or isinstance(x, str):
        return x
    raise TypeError(type(x))


def rand(r, c, s=1.0):
    return rng.standard_normal((r, c)) * s


# ---------------------------------------------------------------- matmul
matmul_cases = []
for n, k, p in [(1, 1, 1), (2, 3, 4), (3, 1, 3), (8, 16, 8), (7, 16, 4), (5, 5, 5), (9, 13, 11), (0, 3, 2), (3, 0, 2)]:
    for ta, tb in [(False, False), (False, True), (True, False), (True, True)]:
        if (ta or tb) and (n, k, p) not in [(2, 3, 4), (8, 16, 8), (9, 13, 11), (3, 1, 3)]:
            continue
        a = rand(n, k)
        b = rand(k, p)
        matmul_cases.append(
            {
                "name": f"({n}x{k}) * ({k}x{p}){' A^T' if ta else ''}{' B^T' if tb else ''}",
                # stored operands: the test transposes them back when flagged
                "a": a.T if ta else a,
                "b": b.T if tb else b,
                # JSON keeps no column count for a matrix with no rows
                "aShape": list((a.T if ta else a).shape),
                "bShape": list((b.T if tb else b).shape),
                "transposeA": ta,
                "transposeB": tb,
                "rows": n,
                "cols": p,
                "expected": a @ b,
            }
        )


# ---------------------------------------------------------------- softmax
def softmax_line(x, t):
    x = np.asarray(x, dtype=float)
    if x.size == 0 or np.all(x == -np.inf):
        return np.zeros_like(x), True
    if np.any(x == np.inf):
        w = (x == np.inf).astype(float)
        return w / w.sum(), False
    if t == 0:
        w = (x == x.max()).astype(float)
        return w / w.sum(), False
    if t == np.inf:
        w = (x != -np.inf).astype(float)
        return w / w.sum(), False
    with np.errstate(over="ignore"):  # 1.7e308 - (-1.7e308) = -inf: weight 0
        z = np.exp((x - x.max()) / t)
    return z / z.sum(), False


def softmax_ref(x, axis, t):
    x = np.asarray(x, dtype=float)
    xs = x if axis == "rows" else x.T
    out = np.zeros_like(xs)
    empty = []
    for i, line in enumerate(xs):
        out[i], e = softmax_line(line, t)
        if e:
            empty.append(i)
    return (out if axis == "rows" else out.T), empty


NEG, POS = -np.inf, np.inf
softmax_inputs = {
    "random 4x6": rand(4, 6, 2.0),
    "random 5x3 wide range": rand(5, 3, 30.0),
    "masked entries": np.array([[1.0, NEG, 2.0, NEG], [NEG, NEG, NEG, NEG], [0.5, 0.5, NEG, 3.0]]),
    "huge scores": np.array([[1e300, -1e300, 0.0], [1e300, 1e300, -1e300], [-1e300, -1e300, -1e300], [1.7e308, -1.7e308, 5.0]]),
    "infinite scores": np.array([[POS, 1.0, POS, NEG], [POS, NEG, NEG, NEG], [NEG, NEG, NEG, NEG], [3.0, 2.0, 1.0, 0.0]]),
    "ties": np.array([[1.0, 3.0, 3.0, 2.0], [0.0, 0.0, 0.0, 0.0], [-1.0, 5.0, -1.0, 5.0]]),
}
softmax_cases = []
for name, x in softmax_inputs.items():
    for axis in ["rows", "cols"]:
        for t in [1.0, 0.5, 2.0, 0.0, 1e-3, POS]:
            if name not in ("random 4x6", "ties", "masked entries") and t not in (1.0, 0.0, 0.5):
                continue
            value, empty = softmax_ref(x, axis, t)
            softmax_cases.append(
                {"name": f"{name}, {axis}, T={t}", "x": x, "axis": axis, "temperature": t, "expected": value, "emptyLines": empty}
            )


# ---------------------------------------------------------------- attention
def attention_ref(Q, K, V, mask=None, scale=None):
    """mask: boolean n x m, True = blocked."""
    d_k = K.shape[1]
    s = Q @ K.T
    s = s / np.sqrt(d_k) if scale is None else s * scale
    if mask is not None:
        s = np.where(mask, -np.inf, s)
    w = np.zeros_like(s)
    full = []
    for i in range(s.shape[0]):
        row = s[i]
        if np.all(row == -np.inf):
            full.append(i)
            continue
        z = np.exp(row - row.max())
        w[i] = z / z.sum()
    return s, w, w @ V, full


def causal(n, m):
    return np.triu(np.ones((n, m), dtype=bool), k=1)


attention_cases = []
for name, n, m, dk, dv, kind, scale in [
    ("self 4x3, no mask", 4, 4, 3, 3, None, None),
    ("self 5x4, causal", 5, 5, 4, 2, "causal", None),
    ("cross 3 queries x 6 keys, causal (top-left)", 3, 6, 4, 5, "causal", None),
    ("cross 6 queries x 3 keys, causal", 6, 3, 2, 2, "causal", None),
    ("padding: 4 queries, 5 keys, 3 valid", 4, 5, 3, 3, "padding", None),
    ("mask with a fully masked row", 4, 4, 2, 3, "custom", None),
    ("custom mask and causal", 4, 4, 3, 3, "custom+causal", None),
    ("scale 1 (raw dot products)", 3, 4, 3, 2, None, 1.0),
    ("scale 0.25, causal", 4, 4, 8, 4, "causal", 0.25),
    ("large scores", 3, 3, 2, 2, None, None),
]:
    Q, K, V = rand(n, dk), rand(m, dk), rand(m, dv)
    if name == "large scores":
        Q, K = Q * 1e150, K * 1e150
    mask_in = None
    causal_flag = False
    blocked = None
    if kind == "causal":
        causal_flag = True
        blocked = causal(n, m)
    elif kind == "padding":
        mask_in = np.zeros((n, m), dtype=bool)
        mask_in[:, 3:] = True
        blocked = mask_in
    elif kind in ("custom", "custom+causal"):
        mask_in = rng.random((n, m)) < 0.3
        mask_in[2, :] = True  # query 2 sees nothing
        blocked = mask_in.copy()
        if kind == "custom+causal":
            causal_flag = True
            blocked = blocked | causal(n, m)
    s, w, o, full = attention_ref(Q, K, V, blocked, scale)
    case = {"name": name, "Q": Q, "K": K, "V": V, "causal": causal_flag, "scores": s, "weights": w, "output": o, "fullyMaskedRows": full}
    if mask_in is not None:
        case["mask"] = mask_in
    if scale is not None:
        case["scale"] = scale
    attention_cases.append(case)


# ---------------------------------------------------------------- multi-head attention
def mha_ref(X, Y, wq, wk, wv, wo, bq, bk, bv, bo, h, blocked):
    """Batched over heads with reshape + einsum, as the usual (n, h, d_k) layout."""
    n, m = X.shape[0], Y.shape[0]
    d = wq.shape[1]
    dk = d // h
    Q = X @ wq + bq
    K = Y @ wk + bk
    V = Y @ wv + bv
    Qh = Q.reshape(n, h, dk).transpose(1, 0, 2)  # (h, n, dk)
    Kh = K.reshape(m, h, dk).transpose(1, 0, 2)
    Vh = V.reshape(m, h, dk).transpose(1, 0, 2)
    S = np.einsum("hnd,hmd->hnm", Qh, Kh) / math.sqrt(dk)
    if blocked is not None:
        S = np.where(blocked[None, :, :], -np.inf, S)
    mx = S.max(axis=-1, keepdims=True)
    allmasked = np.isneginf(mx)
    E = np.exp(S - np.where(allmasked, 0.0, mx))
    den = E.sum(axis=-1, keepdims=True)
    W = np.where(allmasked, 0.0, E / np.where(den == 0, 1.0, den))
    Oh = np.einsum("hnm,hmd->hnd", W, Vh)  # (h, n, dk)
    concat = Oh.transpose(1, 0, 2).reshape(n, d)
    out = concat @ wo + bo
    heads = [{"q": Qh[i], "k": Kh[i], "v": Vh[i], "scores": S[i], "weights": W[i], "output": Oh[i]} for i in range(h)]
    return heads, concat, out


mha_cases = []
for name, n, m, d, h, biases, kind in [
    ("self, 4 tokens, d=4, 2 heads, no biases", 4, None, 4, 2, False, None),
    ("self, 5 tokens, d=6, 3 heads, biases", 5, None, 6, 3, True, None),
    ("self, causal, 5 tokens, d=8, 4 heads, biases", 5, None, 8, 4, True, "causal"),
    ("self, 1 head (plain attention with projections)", 3, None, 4, 1, True, None),
    ("cross, 3 queries x 5 keys, d=4, 2 heads, no biases", 3, 5, 4, 2, False, None),
    ("cross, 4 queries x 2 keys, d=6, 2 heads, biases", 4, 2, 6, 2, True, None),
    ("cross with padding mask (3 of 5 keys valid)", 3, 5, 4, 2, True, "padding"),
]:
    X = rand(n, d)
    Y = X if m is None else rand(m, d)
    mm = Y.shape[0]
    ws = {k: rand(d, d, 1 / math.sqrt(d)) for k in ["wq", "wk", "wv", "wo"]}
    bs = {k: (rng.standard_normal(d) * 0.1 if biases else np.zeros(d)) for k in ["bq", "bk", "bv", "bo"]}
    blocked = None
    case = {"name": name, "queries": X, "keysValues": Y, "heads": h, **ws}
    if biases:
        case.update(bs)
    if kind == "causal":
        blocked = causal(n, mm)
        case["causal"] = True
    elif kind == "padding":
        blocked = np.zeros((n, mm), dtype=bool)
        blocked[:, 3:] = True
        case["mask"] = blocked
    heads, concat, out = mha_ref(X, Y, ws["wq"], ws["wk"], ws["wv"], ws["wo"], bs["bq"], bs["bk"], bs["bv"], bs["bo"], h, blocked)
    case["expected"] = {"heads": heads, "concat": concat, "output": out}
    mha_cases.append(case)


# ---------------------------------------------------------------- layer norm
layer_norm_cases = []
for name, x, eps, g, b in [
    ("4x5 defaults", rand(4, 5, 3.0) + 2.0, None, False, False),
    ("3x8 gamma beta", rand(3, 8), None, True, True),
    ("2x4 eps 1e-3, gamma only", rand(2, 4), 1e-3, True, False),
    ("constant row", np.array([[2.0, 2.0, 2.0], [1.0, 2.0, 3.0]]), None, False, False),
]:
    e = 1e-5 if eps is None else eps
    gamma = rng.standard_normal(x.shape[1]) if g else None
    beta = rng.standard_normal(x.shape[1]) if b else None
    mu = x.mean(axis=1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=1, keepdims=True)
    y = (x - mu) / np.sqrt(var + e)
    if gamma is not None:
        y = y * gamma
    if beta is not None:
        y = y + beta
    c = {"name": name, "x": x, "expected": y}
    if eps is not None:
        c["eps"] = eps
    if gamma is not None:
        c["gamma"] = gamma
    if beta is not None:
        c["beta"] = beta
    layer_norm_cases.append(c)


# ---------------------------------------------------------------- cosine similarity, norms
def cos_ref(a, b):
    # scale by the largest magnitude first (same angle, no overflow for 1e200)
    a = a / max(np.abs(a).max(), 1e-300)
    b = b / max(np.abs(b).max(), 1e-300)
    na, nb = np.linalg.norm(a), np.linalg.norm(b)
    if na == 0 or nb == 0:
        return 0.0
    return float(np.clip(np.dot(a, b) / (na * nb), -1, 1))


cos_pairs = []
for a, b in [
    (rng.standard_normal(5), rng.standard_normal(5)),
    (np.array([1.0, 0.0]), np.array([1.0, 1.0])),
    (np.array([1.0, 2.0, 3.0]), np.array([-2.0, -4.0, -6.0])),
    (np.zeros(3), np.array([1.0, 2.0, 3.0])),
    (rng.standard_normal(100), rng.standard_normal(100)),
    (np.array([1e200, 2e200]), np.array([3e200, -1e200])),
]:
    cos_pairs.append({"a": a, "b": b, "expected": cos_ref(a, b)})
A = rand(4, 6)
B = rand(5, 6)
B[2] = 0.0
cos_matrix = {"A": A, "B": B, "expected": np.array([[cos_ref(a, b) for b in B] for a in A])}
N = rand(4, 7)
norms = {"x": N, "rowNorms": np.linalg.norm(N, axis=1), "frobenius": float(np.linalg.norm(N)), "vector": N[0], "norm": float(np.linalg.norm(N[0]))}


# ---------------------------------------------------------------- topK
items = rand(12, 5)
items[7] = items[3] * 2.0  # same direction as row 3: a cosine tie
items[9] = 0.0  # zero vector: cosine 0
query = rng.standard_normal(5)


def topk_ref(q, M, k, metric, exclude):
    if metric == "cosine":
        scores = np.array([cos_ref(q, r) for r in M])
    else:
        scores = M @ q
    idx = [i for i in range(M.shape[0]) if i not in set(exclude)]
    # sort by score descending, then index ascending; round ties from equal directions
    keyed = sorted(idx, key=lambda i: (-round(float(scores[i]), 12), i))
    return [{"index": i, "score": float(scores[i])} for i in keyed[:k]]


topk_cases = []
for k, metric, exclude in [(3, "cosine", []), (5, "cosine", [3]), (4, "dot", []), (20, "dot", [0, 1, 2]), (0, "cosine", [])]:
    topk_cases.append({"query": query, "items": items, "k": k, "metric": metric, "exclude": exclude, "expected": topk_ref(query, items, k, metric, exclude)})
# a query in the direction of row 3: rows 3 and 7 tie at 1 and come in index order
tie_q = items[3] * 0.5
topk_cases.append({"query": tie_q, "items": items, "k": 3, "metric": "cosine", "exclude": [], "expected": topk_ref(tie_q, items, 3, "cosine", [])})


# ---------------------------------------------------------------- gelu
gx = np.linspace(-5, 5, 21)
gelu = {"x": gx, "expected": 0.5 * gx * (1 + np.tanh(np.sqrt(2 / np.pi) * (gx + 0.044715 * gx**3)))}

data = {
    "generator": "scripts/make_engine_fixtures.py (numpy %s, seed 20240607)" % np.__version__,
    "matmul": matmul_cases,
    "softmax": softmax_cases,
    "attention": attention_cases,
    "multiHeadAttention": mha_cases,
    "layerNorm": layer_norm_cases,
    "cosine": {"pairs": cos_pairs, "matrix": cos_matrix},
    "norms": norms,
    "topK": topk_cases,
    "gelu": gelu,
}
with open(OUT, "w") as f:
    json.dump(enc(data), f, separators=(",", ":"), allow_nan=False)
    f.write("\n")
print(f"wrote {os.path.relpath(OUT)}: {os.path.getsize(OUT) / 1024:.0f} KB")
