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


def main():
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


if __name__ == "__main__":
    main()
