"""Reference values for every derived cell of every chapter, computed with numpy.

The cell language is evaluated here by Python with numpy semantics of our own choosing
(independent of the TypeScript engine and notebook): `A * B` is a matrix product when both
sides are matrices, `X'` is a transpose, softmax works along rows after subtracting the row
maximum. The tests compare the site's numbers with these to 1e-9.

Run: python3 scripts/make_chapter_fixtures.py  (writes tests/fixtures/chapters.json)
"""
import glob
import json
import math
import os
import re

import numpy as np
import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class M:
    """A matrix whose `*` is the matrix product, as in the cell language."""

    def __init__(self, a):
        self.a = np.array(a, dtype=np.float64)

    @property
    def T(self):
        return M(self.a.T)

    def _bin(self, other, f):
        o = other.a if isinstance(other, M) else other
        return M(f(self.a, o))

    def __mul__(self, other):
        if isinstance(other, M):
            return M(self.a @ other.a)
        return M(self.a * other)

    def __rmul__(self, other):
        return M(other * self.a)

    def __truediv__(self, other):
        return M(self.a / other)

    def __add__(self, other):
        return self._bin(other, np.add)

    def __radd__(self, other):
        return M(other + self.a)

    def __sub__(self, other):
        return self._bin(other, np.subtract)

    def __rsub__(self, other):
        return M(other - self.a)

    def __neg__(self):
        return M(-self.a)

    # `.*` and `./` (element by element, numpy broadcasting) arrive here as @ and //.
    def __matmul__(self, other):
        return self._bin(other, np.multiply)

    def __rmatmul__(self, other):
        return M(other * self.a)

    def __floordiv__(self, other):
        return self._bin(other, np.divide)

    def __rfloordiv__(self, other):
        return M(other / self.a)

    # `X[i, j]` counts rows and columns from 1, as on the page.
    def __getitem__(self, ij):
        i, j = ij
        return float(self.a[int(i) - 1, int(j) - 1])


def _softmax_rows(a):
    out = np.zeros_like(a)
    for i, row in enumerate(a):
        if np.all(row == -np.inf):
            continue
        pos_inf = row == np.inf
        if pos_inf.any():
            out[i] = pos_inf / pos_inf.sum()
            continue
        e = np.exp(row - row.max())
        out[i] = e / e.sum()
    return out


def softmax(x, t=1.0):
    a = x.a
    if t == 0:
        raise ValueError("temperature 0 not used in chapters")
    return M(_softmax_rows(a / t))


def softmaxCols(x, t=1.0):
    return M(_softmax_rows((x.a / t).T).T)


def softmaxNaive(x):
    # The textbook formula as written, overflow and all: np.exp gives inf above ~709.78,
    # and inf / inf is nan, as in the browser.
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(x.a)
        return M(e / e.sum(axis=1, keepdims=True))


def row(x, i):
    return M(x.a[int(i) - 1 : int(i)])


def entry(x, i, j):
    # Rows and columns counted from 1, as on the page.
    return float(x.a[int(i) - 1, int(j) - 1])


def argmax(v):
    a = v.a
    assert a.shape[0] == 1 or a.shape[1] == 1, "argmax takes one row or one column"
    flat = a.reshape(-1)
    # The first of equal largest entries, counted from 1.
    return float(min(k for k in range(len(flat)) if flat[k] == flat.max()) + 1)


def window(x, w):
    a = x.a.copy()
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            if j > i or j < i - w:
                a[i, j] = -np.inf
    return M(a)


def causal(x):
    a = x.a.copy()
    n, m = a.shape
    for i in range(n):
        for j in range(m):
            if j > i:
                a[i, j] = -np.inf
    return M(a)


def causalT(x):
    return causal(x.T).T


def mask(x, m):
    a = x.a.copy()
    a[np.broadcast_to(m.a != 0, a.shape)] = -np.inf
    return M(a)


def layerNorm(x):
    a = x.a
    mu = a.mean(axis=1, keepdims=True)
    var = ((a - mu) ** 2).mean(axis=1, keepdims=True)
    return M((a - mu) / np.sqrt(var + 1e-5))


def relu(x):
    return M(np.maximum(x.a, 0)) if isinstance(x, M) else max(0.0, x)


def gelu(x):
    # The tanh approximation (GPT-2, BERT); gelu(-inf) = 0 and gelu(inf) = inf.
    a = x.a if isinstance(x, M) else np.float64(x)
    with np.errstate(invalid="ignore", over="ignore"):
        y = 0.5 * a * (1 + np.tanh(np.sqrt(2 / np.pi) * (a + 0.044715 * a**3)))
    y = np.where(a == -np.inf, 0.0, np.where(a == np.inf, np.inf, y))
    return M(y) if isinstance(x, M) else float(y)


def meanRows(x):
    a = x.a
    return M(np.array([[sum(row) / len(row)] for row in a.tolist()]))


def selfAttention(x, w_q, w_k, w_v, w_o):
    # One head, causal: row i of the weights covers keys 0..i only.
    q, k, v = x.a @ w_q.a, x.a @ w_k.a, x.a @ w_v.a
    n = q.shape[0]
    out = np.zeros((n, w_o.a.shape[1]))
    for i in range(n):
        s = np.array([q[i] @ k[j] for j in range(i + 1)]) / math.sqrt(k.shape[1])
        w = np.exp(s - s.max())
        w = w / w.sum()
        out[i] = (w @ v[: i + 1]) @ w_o.a
    return M(out)


def mlp(x, *weights):
    if len(weights) == 2:
        w_1, w_2 = weights
        u = x * w_1
        return gelu(u) * w_2
    w_1, b_1, w_2, b_2 = weights
    return gelu(x * w_1 + b_1) * w_2 + b_2


def concat(*ms):
    return M(np.hstack([m.a for m in ms]))


def stack(*ms):
    return M(np.vstack([m.a for m in ms]))


def attention(q, k, v):
    s = q.a @ k.a.T / math.sqrt(k.a.shape[1])
    return M(_softmax_rows(s) @ v.a)


def cosine(a, b):
    x, y = a.a.ravel(), b.a.ravel()
    nx, ny = np.linalg.norm(x), np.linalg.norm(y)
    return 0.0 if nx == 0 or ny == 0 else float(x @ y / (nx * ny))


def normalize(x):
    a = x.a
    lengths = np.linalg.norm(a, axis=1, keepdims=True)
    safe = np.where(lengths == 0, 1.0, lengths)
    return M(np.where(lengths == 0, 0.0, a / safe))


def norm(x):
    return float(np.linalg.norm(x.a)) if isinstance(x, M) else abs(x)


def _exp_quiet(a):
    # Overflow to inf is what the page shows too; numpy need not warn about it.
    with np.errstate(over="ignore"):
        return np.exp(a)


U32 = np.uint64(0xFFFFFFFF)


def _fmix32(h):
    h = h ^ (h >> np.uint64(16))
    h = (h * np.uint64(0x85EBCA6B)) & U32
    h = h ^ (h >> np.uint64(13))
    h = (h * np.uint64(0xC2B2AE35)) & U32
    return h ^ (h >> np.uint64(16))


def _uniform(seed, i, j, stream):
    h = _fmix32(np.uint64((int(seed) + 0x9E3779B9) & 0xFFFFFFFF))
    h = _fmix32(h ^ i)
    h = _fmix32(h ^ j)
    h = _fmix32(h ^ np.uint64(stream))
    return (h.astype(np.float64) + 0.5) / 4294967296.0


def randn(rows, cols, seed):
    """Box-Muller on a hash of (seed, i, j): the same arithmetic as seededNormal in src/notebook/functions/scaling.ts."""
    i, j = np.meshgrid(np.arange(int(rows), dtype=np.uint64), np.arange(int(cols), dtype=np.uint64), indexing="ij")
    u1, u2 = _uniform(seed, i, j, 0), _uniform(seed, i, j, 1)
    return M(np.sqrt(-2.0 * np.log(u1)) * np.cos(2.0 * np.pi * u2))


# The next-word chapter: filtering, seeded draws and the loss. Written from the definitions
# (Holtzman et al. 2020 for top-p, Fan et al. 2018 for top-k), not from the TypeScript.
# Sums that decide a boundary (top-p's running mass, a draw's running total) are plain
# loops left to right, as the page adds: Python's sum() compensates (3.12+) and np.sum
# adds pairwise, and either could move a boundary by one rounding.


def _mulberry32(seed):
    """mulberry32 (Tommy Ettinger): every step modulo 2**32, as 32-bit integer code does it."""
    state = int(seed) % 2**32
    while True:
        state = (state + 0x6D2B79F5) % 2**32
        z = state
        z = ((z ^ (z >> 15)) * (z | 1)) % 2**32
        z = z ^ ((z + ((z ^ (z >> 7)) * (z | 61)) % 2**32) % 2**32)
        yield ((z ^ (z >> 14)) % 2**32) / 2**32


def _ranked(row):
    """Columns by falling probability, ties in column order."""
    return sorted(range(len(row)), key=lambda j: (-row[j], j))


def _keep(row, kept):
    out = np.zeros(len(row))
    kept = [j for j in kept if row[j] > 0]
    if kept:
        s = 0.0
        for j in kept:
            s += row[j]
        for j in kept:
            out[j] = row[j] / s
    return out


def topk(x, k):
    return M([_keep(list(r), _ranked(list(r))[: int(k)]) for r in x.a])


def topp(x, p):
    rows = []
    for r in x.a:
        r = [float(v) for v in r]
        total = 0.0
        for v in r:
            total += v
        nucleus, mass = [], 0.0
        for j in _ranked(r):
            if r[j] <= 0:
                break
            # p = 1 asks for all of it: a word too small to change the rounded sum still counts.
            if p < 1 and nucleus and mass >= p * total:
                break
            nucleus.append(j)
            mass += r[j]
        rows.append(_keep(r, nucleus))
    return M(rows)


def _drawn(row, u):
    """Inverse of the running total: the first positive column whose running total passes u."""
    row = [float(v) for v in row]
    if not any(v > 0 for v in row):
        return None
    total = 0.0
    for v in row:
        total += v
    running = 0.0
    for j, v in enumerate(row):
        running += v
        if v > 0 and u * total < running:
            return j
    return max(j for j, v in enumerate(row) if v > 0)


def sample(x, seed):
    gen = _mulberry32(seed)
    out = np.zeros_like(x.a)
    for i, r in enumerate(x.a):
        j = _drawn(r, next(gen))
        if j is not None:
            out[i, j] = 1.0
    return M(out)


def draws(x, seed, n):
    gen = _mulberry32(seed)
    n = int(n)
    out = np.zeros_like(x.a)
    for i, r in enumerate(x.a):
        for _ in range(n):
            j = _drawn(r, next(gen))
            if j is not None:
                out[i, j] += 1
    return M(out / n)


def pick(p, y):
    return M(np.array([[sum(float(yj) * float(pj) for yj, pj in zip(yr, pr) if yj != 0)] for pr, yr in zip(p.a, y.a)]).reshape(-1, 1))


def _log_probs(z):
    top = np.max(z)
    with np.errstate(divide="ignore"):
        if top == np.inf:
            return np.log((z == np.inf) / np.sum(z == np.inf))
        if top == -np.inf:
            return np.full(z.shape, -np.inf)
        return z - (top + np.log(np.sum(np.exp(z - top))))


def crossEntropy(z, y):
    losses = []
    for zr, yr in zip(z.a, y.a):
        lp = _log_probs(zr)
        on = yr != 0
        losses.append(-float(np.sum(yr[on] * lp[on])))
    return M(np.array(losses).reshape(-1, 1))
def rand(rows, cols, seed):
    """Uniform in (0, 1) from the same hash of (seed, i, j) as seededUniform in src/notebook/functions/scaling.ts."""
    i, j = np.meshgrid(np.arange(int(rows), dtype=np.uint64), np.arange(int(cols), dtype=np.uint64), indexing="ij")
    return M(_uniform(seed, i, j, 0))
# FlashAttention's state after step t, written in closed form rather than as the online
# loop the site runs: after key block j of query block i, the running max is the max of
# the scores seen so far (keys 0 .. end of block j), the running sum is the sum of
# exp(score - that max) over them, and the accumulator is those weights times V's rows.
def _flash_closed(q, k, v, br, bc, t):
    q, k = q.a, k.a
    n, nk = q.shape[0], k.shape[0]
    br, bc = int(br), int(bc)
    tc = math.ceil(nk / bc)
    t = min(max(1, int(t)), math.ceil(n / br) * tc)
    i, j = (t - 1) // tc, (t - 1) % tc
    r0, r1 = i * br, min(i * br + br, n)
    c0, c1 = j * bc, min(j * bc + bc, nk)
    s = q[r0:r1] @ k.T / math.sqrt(k.shape[1])  # whole rows of scores at once
    m = s[:, :c1].max(axis=1)
    m_before = s[:, :c0].max(axis=1) if c0 > 0 else np.full(r1 - r0, -np.inf)
    w = np.exp(s[:, :c1] - m[:, None])
    out = {
        "tile": s[:, c0:c1],
        "max": m[:, None],
        "scale": np.exp(m_before - m)[:, None],
        "sum": w.sum(axis=1)[:, None],
    }
    if v is not None:
        out["acc"] = w @ v.a[:c1]
    return out, (r0, r1)


def flashTile(q, k, br, bc, t):
    return M(_flash_closed(q, k, None, br, bc, t)[0]["tile"])


def flashMax(q, k, br, bc, t):
    return M(_flash_closed(q, k, None, br, bc, t)[0]["max"])


def flashScale(q, k, br, bc, t):
    return M(_flash_closed(q, k, None, br, bc, t)[0]["scale"])


def flashSum(q, k, br, bc, t):
    return M(_flash_closed(q, k, None, br, bc, t)[0]["sum"])


def flashAcc(q, k, v, br, bc, t):
    return M(_flash_closed(q, k, v, br, bc, t)[0]["acc"])


def flashAttention(q, k, v, br, bc):
    # The finished result is ordinary attention; the site's tiled loop must reach it.
    return attention(q, k, v)


def flashRows(x, k, br, bc, t):
    tc = math.ceil(k.a.shape[0] / int(bc))
    t = min(max(1, int(t)), math.ceil(x.a.shape[0] / int(br)) * tc)
    i = (t - 1) // tc
    return M(x.a[i * int(br) : (i + 1) * int(br)])


def _pattern(n, keep):
    n = int(n)
    a = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1):
            if keep(i, j):
                a[i, j] = 1.0
    return M(a)


def causalPattern(n):
    return _pattern(n, lambda i, j: True)


def windowPattern(n, w):
    return _pattern(n, lambda i, j: i - j < w)


def stridedPattern(n, l):
    return _pattern(n, lambda i, j: i - j < l or (i - j) % int(l) == 0)


def longformerPattern(n, w, g):
    return _pattern(n, lambda i, j: i - j < w or j < g)
def _order(x, p):
    """The 0-based order p lists (counting from 1), checked to be a permutation of x's rows."""
    order = [int(v) - 1 for v in p.a.ravel()]
    if sorted(order) != list(range(x.a.shape[0])) or any(v != int(v) for v in p.a.ravel()):
        raise ValueError(f"not a permutation: {p.a.ravel()}")
    return order


def permute(x, p):
    order = _order(x, p)
    return M([x.a[k] for k in order])


def unpermute(x, p):
    order = _order(x, p)
    out = np.zeros_like(x.a)
    for i, k in enumerate(order):
        out[k] = x.a[i]
    return M(out)


def _positions(n, start=0.0):
    if isinstance(n, M):
        return [float(v) for v in n.a.ravel()]
    return [start + k for k in range(int(n))]


def sinusoidal(n, d, base=10000.0):
    """Written out entry by entry, from the paper's two formulas."""
    d = int(d)
    table = []
    for pos in _positions(n):
        row = []
        for j in range(d):
            i = j // 2
            angle = pos / (base ** (2 * i / d))
            row.append(math.sin(angle) if j % 2 == 0 else math.cos(angle))
        table.append(row)
    return M(table)


def rope(x, start=0.0, base=10000.0):
    """Each pair multiplied by a 2x2 rotation matrix, one row at a time."""
    n, d = x.a.shape
    positions = _positions(start) if isinstance(start, M) else [start + r for r in range(n)]
    out = np.zeros_like(x.a)
    for r in range(n):
        for i in range(d // 2):
            theta = positions[r] * base ** (-2 * i / d)
            rot = np.array([[math.cos(theta), -math.sin(theta)], [math.sin(theta), math.cos(theta)]])
            out[r, 2 * i : 2 * i + 2] = rot @ x.a[r, 2 * i : 2 * i + 2]
    return M(out)


def round_places(x, k):
    """Half up, written out: floor(v * 10**k + 0.5) / 10**k for every entry."""
    f = 10.0 ** int(k)
    if isinstance(x, M):
        return M([[math.floor(v * f + 0.5) / f for v in row] for row in x.a.tolist()])
    return math.floor(x * f + 0.5) / f


def elementwise(f):
    return lambda x: M(f(x.a)) if isinstance(x, M) else float(f(x))


FUNCTIONS = {
    "softmax": softmax,
    "softmaxCols": softmaxCols,
    "softmaxNaive": softmaxNaive,
    "row": row,
    "entry": entry,
    "argmax": argmax,
    "window": window,
    "causal": causal,
    "causalT": causalT,
    "mask": mask,
    "layerNorm": layerNorm,
    "relu": relu,
    "gelu": gelu,
    "concat": concat,
    "stack": stack,
    "attention": attention,
    "cosine": cosine,
    "norm": norm,
    "normalize": normalize,
    "rows": lambda x: x.a.shape[0],
    "cols": lambda x: x.a.shape[1],
    "sqrt": elementwise(np.sqrt),
    "exp": elementwise(_exp_quiet),
    "log": elementwise(np.log),
    "abs": elementwise(np.abs),
    "randn": randn,
    "range": lambda a, b: M(np.arange(int(a), int(b) + 1, dtype=np.float64).reshape(-1, 1)),
    "cumsum": lambda x: M(np.cumsum(x.a, axis=0)),
    "mean": lambda x: float(np.mean(x.a)),
    "variance": lambda x: float(np.var(x.a)),
    "varRows": lambda x: M(np.var(x.a, axis=1).reshape(-1, 1)),
    "maxRows": lambda x: M(np.max(x.a, axis=1).reshape(-1, 1)),
    "topk": topk,
    "topp": topp,
    "sample": sample,
    "draws": draws,
    "pick": pick,
    "crossEntropy": crossEntropy,
    "meanRows": meanRows,
    "selfAttention": selfAttention,
    "mlp": mlp,
    "rand": rand,
    "sumRows": lambda x: M(np.sum(x.a, axis=1).reshape(-1, 1)),
    "sumCols": lambda x: M(np.sum(x.a, axis=0).reshape(1, -1)),
    "flashTile": flashTile,
    "flashMax": flashMax,
    "flashScale": flashScale,
    "flashSum": flashSum,
    "flashAcc": flashAcc,
    "flashAttention": flashAttention,
    "flashRows": flashRows,
    "maxAbs": lambda x: float(np.max(np.abs(x.a), initial=0.0)),
    "blocks": lambda n, b: math.ceil(n / b),
    "count": lambda x: int(np.count_nonzero(x.a)),
    "causalPattern": causalPattern,
    "windowPattern": windowPattern,
    "stridedPattern": stridedPattern,
    "longformerPattern": longformerPattern,
    "permute": permute,
    "unpermute": unpermute,
    "sinusoidal": sinusoidal,
    "rope": rope,
    "round": round_places,
    "pi": math.pi,
    "e": math.e,
    "Infinity": math.inf,
}


def to_python(expr):
    expr = expr.replace(".*", "@").replace("./", "//")
    expr = re.sub(r"([A-Za-z0-9_)\]])'", r"\1.T", expr)
    return expr.replace("^", "**")


def number(v):
    if v == "-Infinity":
        return -math.inf
    if v == "Infinity":
        return math.inf
    return v


def encode(v):
    if isinstance(v, M):
        return [[encode(x) for x in row] for row in v.a.tolist()]
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def chapter_values(front):
    env = dict(FUNCTIONS)
    out = {}
    pending = [c for c in front.get("cells", [])]
    for c in pending:
        if c["kind"] == "matrix":
            env[c["name"]] = M([[number(x) for x in row] for row in c["value"]])
        elif c["kind"] == "scalar":
            env[c["name"]] = float(c["value"])
    # Derived cells in dependency order: retry until all are computed.
    derived = [c for c in pending if c["kind"] == "derived"]
    for _ in range(len(derived) + 1):
        left = []
        for c in derived:
            try:
                env[c["name"]] = eval(to_python(c["expr"]), {"__builtins__": {}}, env)
                out[c["name"]] = encode(env[c["name"]])
            except NameError:
                left.append(c)
        derived = left
        if not derived:
            break
    if derived:
        raise SystemExit(f"could not compute: {[c['name'] for c in derived]}")
    return out


def sampling_cases():
    """Inputs and the reference's outputs for the sampling functions, edge cases included,
    for tests/notebook/sampling.test.ts (the chapters exercise only their own numbers)."""
    rng = np.random.default_rng(2020)

    def probs(rows, cols, spread=2.0):
        z = rng.normal(0, spread, (rows, cols))
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    rand = probs(4, 10)
    matrices = {
        "random": rand,
        "ties": np.array([[0.25, 0.25, 0.25, 0.25], [0.1, 0.3, 0.3, 0.3]]),
        "zeros": np.array([[0.0, 0.5, 0.0, 0.5], [0.0, 0.0, 0.0, 0.0]]),
        "boundary": np.array([[0.5, 0.25, 0.25], [0.2, 0.3, 0.5]]),
        "unnormalised": np.array([[2.0, 1.0, 1.0], [0.0, 3.0, 0.5]]),
        "peaked": np.array([[1.0, 0.0, 0.0, 0.0], [1e-300, 1.0, 1e-300, 0.0]]),
    }
    out = {"mulberry32": {}, "topk": [], "topp": [], "sample": [], "draws": [], "loss": []}
    for seed in [0, 1, 42, 123456789, 4294967295]:
        gen = _mulberry32(seed)
        out["mulberry32"][str(seed)] = [next(gen) for _ in range(8)]
    for name, a in matrices.items():
        for k in [1, 2, 3, 5, 10, 12]:
            out["topk"].append({"P": name, "k": k, "value": encode(topk(M(a), k))})
        for p in [0.0, 0.3, 0.5, 0.75, 0.9, 0.95, 1.0]:
            out["topp"].append({"P": name, "p": p, "value": encode(topp(M(a), p))})
        for seed in [0, 1, 7, 42, 999, 4294967295]:
            out["sample"].append({"P": name, "seed": seed, "value": encode(sample(M(a), seed))})
    wide = probs(2, 10, 1.0)
    matrices["wide"] = wide
    for seed, n in [(1, 1000), (42, 1000), (5, 337), (9, 1)]:
        out["draws"].append({"P": "wide", "seed": seed, "n": n, "value": encode(draws(M(wide), seed, n))})
    z = rng.normal(0, 3, (5, 10))
    z[1, 3] = -np.inf
    z[2, :] = -np.inf
    z[3, 4] = np.inf
    z[4, 2] = -800.0
    y = np.zeros((5, 10))
    for i, t in enumerate([2, 3, 0, 5, 2]):
        y[i, t] = 1.0
    soft = y.copy()
    soft[0] = 0.0
    soft[0, 1], soft[0, 6] = 0.75, 0.25
    matrices["Z"], matrices["Y"], matrices["Ysoft"] = z, y, soft
    pz = M(np.array([_softmax_rows(z[i : i + 1])[0] for i in range(z.shape[0])]))
    matrices["PZ"] = pz.a
    for yname in ["Y", "Ysoft"]:
        yy = M(matrices[yname])
        out["loss"].append({"Z": "Z", "Y": yname, "crossEntropy": encode(crossEntropy(M(z), yy)), "pick": encode(pick(pz, yy))})
    out["matrices"] = {k: encode(M(v)) for k, v in matrices.items()}
    return out
def flash_cases():
    """Every step of FlashAttention on seeded random inputs, for tests/notebook/flash.test.ts:
    block sizes that divide n and ones that do not, ones as large as n or larger, and
    more keys than queries."""
    rng = np.random.default_rng(2022)
    inputs = []
    for n, nk, d, dv, blocks in [
        (9, 9, 3, 2, [(3, 3), (4, 2), (2, 5), (9, 9), (1, 1), (12, 4)]),
        (5, 7, 2, 3, [(2, 3), (5, 1), (3, 7)]),
    ]:
        inputs.append(("random", rng.normal(size=(n, d)) * 2, rng.normal(size=(nk, d)) * 2, rng.normal(size=(nk, dv)), blocks))
    # The cost chapter's own Q, K and V, for the browser test that steps through them.
    text = open(os.path.join(ROOT, "content", "chapters", "cost-and-flashattention.mdx"), encoding="utf-8").read()
    cells = {c["name"]: c for c in yaml.safe_load(text.split("---", 2)[1])["cells"]}
    chapter = [np.array(cells[x]["value"], dtype=float) for x in ("Q", "K", "V")]
    inputs.append(("chapter", *chapter, [(3, 2), (3, 4), (4, 4)]))
    cases = []
    for name, q, k, v, blocks in inputs:
        for br, bc in blocks:
            steps = math.ceil(q.shape[0] / br) * math.ceil(k.shape[0] / bc)
            out = []
            for t in range(1, steps + 1):
                st, rows = _flash_closed(M(q), M(k), M(v), br, bc, t)
                out.append({"t": t, "rows": list(rows), **{key: encode(M(val)) for key, val in st.items()}})
            cases.append(
                {
                    "name": name,
                    "Q": q.tolist(),
                    "K": k.tolist(),
                    "V": v.tolist(),
                    "Br": br,
                    "Bc": bc,
                    "steps": out,
                    "output": encode(attention(M(q), M(k), M(v))),
                }
            )
    return cases


def main():
    flash = os.path.join(ROOT, "tests", "fixtures", "flash.json")
    with open(flash, "w", encoding="utf-8") as f:
        json.dump(flash_cases(), f)
    fixtures = {}
    for path in sorted(glob.glob(os.path.join(ROOT, "content", "chapters", "*.mdx"))):
        text = open(path, encoding="utf-8").read()
        front = yaml.safe_load(text.split("---", 2)[1])
        cid = os.path.splitext(os.path.basename(path))[0]
        fixtures[cid] = chapter_values(front)
    out = os.path.join(ROOT, "tests", "fixtures", "chapters.json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(fixtures, f, indent=1)
    print(f"wrote {out}: {', '.join(f'{k} ({len(v)} cells)' for k, v in fixtures.items())}")
    cases = os.path.join(ROOT, "tests", "fixtures", "sampling.json")
    with open(cases, "w", encoding="utf-8") as f:
        json.dump(sampling_cases(), f, indent=1)
    print(f"wrote {cases}")


if __name__ == "__main__":
    main()
