import math

import torch


def self_attention(X, W_Q, W_K, W_V, W_O):
    """The same head in PyTorch: tensors instead of arrays, dim= instead of axis=."""
    Q = X @ W_Q
    K = X @ W_K
    V = X @ W_V
    d_k = K.shape[-1]
    scores = Q @ K.transpose(-2, -1) / math.sqrt(d_k)
    weights = torch.softmax(scores, dim=-1)
    attended = weights @ V
    update = attended @ W_O
    out = X + update
    return out
