/**
 * The ideas the book is about, each said in a few sentences, with the chapter (and section)
 * that shows it. The Symbols page lists them before the symbols; tests/browser/links.test.ts
 * checks that every `where` link lands on a heading that exists.
 */
export interface Concept {
  /** The anchor on the Symbols page. */
  id: string;
  term: string;
  text: string;
  /** A path under the site's base, such as `/chapters/masking/#no-peeking`. */
  where: string;
}

export const CONCEPTS: Concept[] = [
  {
    id: 'token',
    term: 'Token',
    text: 'A piece of text the model reads as one unit: a word, part of a word or a sign. A sentence becomes a list of tokens, and each token one row of every matrix.',
    where: '/chapters/text-to-vectors/#tokens-cutting-text-into-pieces',
  },
  {
    id: 'embedding',
    term: 'Embedding',
    text: 'The vector a token is looked up as: a list of numbers, one row of a learned table. Tokens used alike get vectors that point alike, which cosine similarity measures.',
    where: '/chapters/text-to-vectors/#a-vector-is-a-list-of-attributes',
  },
  {
    id: 'softmax',
    term: 'Softmax',
    text: 'Turns a row of scores into weights that are positive and add up to 1: each score exponentiated, then divided by the row’s total. Only differences between scores matter.',
    where: '/chapters/softmax/#the-definition',
  },
  {
    id: 'temperature',
    term: 'Temperature',
    text: 'A number T that divides the scores before softmax: below 1 it sharpens the weights towards the largest score, above 1 it evens them out. Attention’s √dₖ is one.',
    where: '/chapters/softmax/#temperature',
  },
  {
    id: 'query-key-value',
    term: 'Query, key and value',
    text: 'Three vectors made from each token by three learned matrices: the query is what the token looks for, the key what it offers to others’ queries, the value what it hands over to those that attend to it.',
    where: '/chapters/queries-keys-values/#three-projections',
  },
  {
    id: 'attention',
    term: 'Attention',
    text: 'Each token compares its query with every key (the scores), turns the scores into weights with softmax, and takes the weighted mix of the values: softmax(QKᵀ/√dₖ)V. It is how tokens take information from each other.',
    where: '/chapters/queries-keys-values/#scores-every-query-against-every-key',
  },
  {
    id: 'scaling',
    term: 'Scaling by √dₖ',
    text: 'Dot products of longer vectors spread more widely, which makes softmax pick a single winner and stops learning. Dividing by the square root of the length dₖ undoes that growth.',
    where: '/chapters/scores-and-scaling/#how-big-does-a-dot-product-get',
  },
  {
    id: 'mask',
    term: 'Mask',
    text: 'Scores set to −∞ before softmax, so that their weights come out exactly 0. The causal mask hides every later token from each query; a padding mask hides filler tokens.',
    where: '/chapters/masking/#no-peeking',
  },
  {
    id: 'context-window',
    term: 'Context window',
    text: 'The number of tokens n that attention looks over at once. The pattern of weights is n × n, which is why doubling the context makes attention four times the work.',
    where: '/chapters/masking/#the-context-window-and-what-it-costs',
  },
  {
    id: 'residual',
    term: 'Residual connection and residual stream',
    text: 'A layer adds its output to its input instead of replacing it: E′ = E + ΔE. The running sum that every layer reads from and adds to is the residual stream.',
    where: '/chapters/values-and-update/#the-update-e--e--δe',
  },
  {
    id: 'head',
    term: 'Head',
    text: 'One complete attention with its own query, key and value matrices: one question asked of the sentence. A layer runs many heads side by side and adds the changes they propose.',
    where: '/chapters/multi-head-attention/#one-input-two-heads',
  },
  {
    id: 'cross-attention',
    term: 'Self- and cross-attention',
    text: 'In self-attention queries, keys and values come from the same sequence; in cross-attention the queries come from one sequence and the keys and values from another, as when a translator’s decoder reads the source sentence.',
    where:
      '/chapters/multi-head-attention/#cross-attention-queries-from-one-sequence-keys-and-values-from-another',
  },
  {
    id: 'axis',
    term: 'Axis',
    text: 'The direction of an array a function runs along. The scores have one row per query, so softmax runs along the last axis (axis=-1 in NumPy, dim=-1 in PyTorch), over the keys; run down the columns instead, and the columns sum to 1 while the rows, which each token uses, do not.',
    where: '/chapters/the-code/#softmax-along-which-axis',
  },
  {
    id: 'position',
    term: 'Positional embedding',
    text: 'Attention alone does not see word order: shuffle the tokens and its outputs shuffle with them. A vector that depends on the position, learned, made of sines and cosines, or a rotation (RoPE), gives the order back.',
    where: '/chapters/position/',
  },
  {
    id: 'block',
    term: 'Transformer block, LayerNorm and MLP',
    text: 'One layer of a transformer: LayerNorm (each row brought to mean 0 and variance 1), attention added to the residual stream, LayerNorm again, then an MLP (widen, GELU, narrow) added to the stream. A model stacks dozens.',
    where: '/chapters/transformer-block/#the-residual-stream',
  },
  {
    id: 'logits-sampling',
    term: 'Logits and sampling',
    text: 'The last token’s row, multiplied by the unembedding matrix, gives one score (logit) per word of the vocabulary; softmax makes them probabilities, and the next word is drawn from them, often only among the top k or the top p.',
    where: '/chapters/next-word/#from-the-last-row-to-a-score-per-word',
  },
  {
    id: 'flashattention',
    term: 'FlashAttention',
    text: 'Exact attention computed tile by tile with a running maximum and sum (the online softmax), so the n × n matrix of scores is never stored in slow memory.',
    where: '/chapters/cost-and-flashattention/',
  },
];
