import numpy as np


def softmax(x, axis=-1):
    # Each line's largest score is subtracted first, so exp cannot overflow.
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def self_attention(X, W_Q, W_K, W_V, W_O):
    """One head of self-attention over X (one row per token), residual added."""
    print("X", X.shape)
    Q = X @ W_Q
    print("Q", Q.shape)
    K = X @ W_K
    print("K", K.shape)
    V = X @ W_V
    print("V", V.shape)
    d_k = K.shape[-1]
    print("d_k", d_k)
    scores = Q @ K.swapaxes(-2, -1) / np.sqrt(d_k)
    print("scores", scores.shape)
    weights = softmax(scores, axis=-1)
    print("weights", weights.shape)
    attended = weights @ V
    print("attended", attended.shape)
    update = attended @ W_O
    print("update", update.shape)
    out = X + update
    print("out", out.shape)
    return out
