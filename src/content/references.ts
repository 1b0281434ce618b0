/**
 * The works the chapters cite. Each has a stable id: a chapter links to it as
 * `/references/#<id>`, and tests/notebook/references.test.ts fails when a link names an id
 * that is not here, or when an entry here is cited by no chapter.
 *
 * `url` is the work's own home (arXiv, the publisher, the author's page); the five source
 * texts the book was first written from are blog posts and notes, and are cited as fully as
 * their own pages name them.
 */
export interface Reference {
  id: string;
  /** As the work gives them, family name first for papers. */
  authors: string;
  year: number | null;
  title: string;
  /** Journal, conference, publisher or medium. */
  venue: string;
  url?: string;
  /** What the book takes from it, or where it disagrees with it. */
  note: string;
}

export const PAPERS: Reference[] = [
  {
    id: 'vaswani2017',
    authors:
      'Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., Kaiser, Ł., Polosukhin, I.',
    year: 2017,
    title: 'Attention Is All You Need',
    venue: 'Advances in Neural Information Processing Systems 30 (NeurIPS 2017)',
    url: 'https://arxiv.org/abs/1706.03762',
    note: 'The transformer. Scaled dot-product attention, softmax(QKᵀ/√dₖ)V, multi-head attention with W_O, sinusoidal positions, the post-LN block. The book follows its layout: one row per token, softmax along each row.',
  },
  {
    id: 'bahdanau2014',
    authors: 'Bahdanau, D., Cho, K., Bengio, Y.',
    year: 2014,
    title: 'Neural Machine Translation by Jointly Learning to Align and Translate',
    venue: 'arXiv:1409.0473 (ICLR 2015)',
    url: 'https://arxiv.org/abs/1409.0473',
    note: 'Attention before the transformer: a recurrent decoder that looks back at every encoder state.',
  },
  {
    id: 'mikolov2013',
    authors: 'Mikolov, T., Chen, K., Corrado, G., Dean, J.',
    year: 2013,
    title: 'Efficient Estimation of Word Representations in Vector Space',
    venue: 'arXiv:1301.3781 (ICLR 2013 workshop)',
    url: 'https://arxiv.org/abs/1301.3781',
    note: 'Word2Vec, and the analogy test (king − man + woman ≈ queen) that the real-word-vectors chapter runs in your browser.',
  },
  {
    id: 'pennington2014',
    authors: 'Pennington, J., Socher, R., Manning, C. D.',
    year: 2014,
    title: 'GloVe: Global Vectors for Word Representation',
    venue: 'Proceedings of EMNLP 2014, pages 1532–1543',
    url: 'https://nlp.stanford.edu/projects/glove/',
    note: 'The word vectors behind the real-word-vectors chapter.',
  },
  {
    id: 'he2016',
    authors: 'He, K., Zhang, X., Ren, S., Sun, J.',
    year: 2016,
    title: 'Deep Residual Learning for Image Recognition',
    venue: 'Proceedings of CVPR 2016',
    url: 'https://arxiv.org/abs/1512.03385',
    note: 'Residual connections: a layer adds to its input instead of replacing it.',
  },
  {
    id: 'ba2016',
    authors: 'Ba, J. L., Kiros, J. R., Hinton, G. E.',
    year: 2016,
    title: 'Layer Normalization',
    venue: 'arXiv:1607.06450',
    url: 'https://arxiv.org/abs/1607.06450',
    note: 'LayerNorm: each row brought to mean 0 and variance 1, then scaled and shifted by learned numbers.',
  },
  {
    id: 'hendrycks2016',
    authors: 'Hendrycks, D., Gimpel, K.',
    year: 2016,
    title: 'Gaussian Error Linear Units (GELUs)',
    venue: 'arXiv:1606.08415',
    url: 'https://arxiv.org/abs/1606.08415',
    note: 'The GELU activation used in the MLP of GPT-2 and later models.',
  },
  {
    id: 'radford2019',
    authors: 'Radford, A., Wu, J., Child, R., Luan, D., Amodei, D., Sutskever, I.',
    year: 2019,
    title: 'Language Models are Unsupervised Multitask Learners',
    venue: 'OpenAI technical report (GPT-2)',
    url: 'https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf',
    note: 'GPT-2: a decoder-only transformer with LayerNorm before each sublayer (pre-LN), learned positions and GELU.',
  },
  {
    id: 'brown2020',
    authors: 'Brown, T. B., Mann, B., Ryder, N., Subbiah, M., Kaplan, J., et al.',
    year: 2020,
    title: 'Language Models are Few-Shot Learners',
    venue: 'Advances in Neural Information Processing Systems 33 (NeurIPS 2020)',
    url: 'https://arxiv.org/abs/2005.14165',
    note: 'GPT-3: 96 layers of 96 heads, d_model 12,288, a 2,048-token context. The sizes quoted in the multi-head chapter.',
  },
  {
    id: 'child2019',
    authors: 'Child, R., Gray, S., Radford, A., Sutskever, I.',
    year: 2019,
    title: 'Generating Long Sequences with Sparse Transformers',
    venue: 'arXiv:1904.10509',
    url: 'https://arxiv.org/abs/1904.10509',
    note: 'Sparse attention patterns (strided and fixed) that keep far fewer than n² scores.',
  },
  {
    id: 'beltagy2020',
    authors: 'Beltagy, I., Peters, M. E., Cohan, A.',
    year: 2020,
    title: 'Longformer: The Long-Document Transformer',
    venue: 'arXiv:2004.05150',
    url: 'https://arxiv.org/abs/2004.05150',
    note: 'Sliding-window attention: each token looks at a fixed number of neighbours.',
  },
  {
    id: 'su2021',
    authors: 'Su, J., Lu, Y., Pan, S., Murtadha, A., Wen, B., Liu, Y.',
    year: 2021,
    title: 'RoFormer: Enhanced Transformer with Rotary Position Embedding',
    venue: 'arXiv:2104.09864 (Neurocomputing, 2024)',
    url: 'https://arxiv.org/abs/2104.09864',
    note: 'Rotary position embeddings (RoPE): each pair of numbers in a query or key is rotated by an angle proportional to its position, so a score depends on the offset between two tokens.',
  },
  {
    id: 'milakov2018',
    authors: 'Milakov, M., Gimelshein, N.',
    year: 2018,
    title: 'Online normalizer calculation for softmax',
    venue: 'arXiv:1805.02867',
    url: 'https://arxiv.org/abs/1805.02867',
    note: 'Softmax in one pass, with a running maximum and a running sum rescaled as the maximum grows.',
  },
  {
    id: 'rabe2021',
    authors: 'Rabe, M. N., Staats, C.',
    year: 2021,
    title: 'Self-attention Does Not Need O(n²) Memory',
    venue: 'arXiv:2112.05682',
    url: 'https://arxiv.org/abs/2112.05682',
    note: 'Attention computed in chunks with the online softmax, never holding the whole score matrix.',
  },
  {
    id: 'dao2022',
    authors: 'Dao, T., Fu, D. Y., Ermon, S., Rudra, A., Ré, C.',
    year: 2022,
    title: 'FlashAttention: Fast and Memory-Efficient Exact Attention with IO-Awareness',
    venue: 'Advances in Neural Information Processing Systems 35 (NeurIPS 2022)',
    url: 'https://arxiv.org/abs/2205.14135',
    note: 'Tiled attention that keeps blocks of Q, K and V in fast on-chip memory and never writes the n × n matrix out; exact, not an approximation.',
  },
  {
    id: 'fan2018',
    authors: 'Fan, A., Lewis, M., Dauphin, Y.',
    year: 2018,
    title: 'Hierarchical Neural Story Generation',
    venue: 'Proceedings of ACL 2018',
    url: 'https://arxiv.org/abs/1805.04833',
    note: 'Top-k sampling: draw the next word from the k most likely only.',
  },
  {
    id: 'holtzman2020',
    authors: 'Holtzman, A., Buys, J., Du, L., Forbes, M., Choi, Y.',
    year: 2020,
    title: 'The Curious Case of Neural Text Degeneration',
    venue: 'International Conference on Learning Representations (ICLR 2020)',
    url: 'https://arxiv.org/abs/1904.09751',
    note: 'Nucleus (top-p) sampling: draw from the smallest set of words whose probabilities add up to p.',
  },
  {
    id: 'elhage2021',
    authors: 'Elhage, N., Nanda, N., Olsson, C., Henighan, T., Joseph, N., et al.',
    year: 2021,
    title: 'A Mathematical Framework for Transformer Circuits',
    venue: 'Transformer Circuits Thread, Anthropic',
    url: 'https://transformer-circuits.pub/2021/framework/index.html',
    note: 'The residual stream as a shared channel that every head and MLP reads from and writes to; heads that add their outputs independently.',
  },
];

export const EXPLAINERS: Reference[] = [
  {
    id: '3b1b-attention',
    authors: 'Sanderson, G. (3Blue1Brown)',
    year: 2024,
    title: 'Attention in transformers, visually explained (Deep Learning, chapter 6)',
    venue: 'Video, YouTube',
    url: 'https://www.youtube.com/watch?v=eMlx5fFNoYc',
    note: 'Queries as questions and keys as answers, the monster that becomes a particular monster, the change ΔE added to an embedding. It draws the attention pattern transposed (one column per query, the mask in the lower left); the masking chapter shows both layouts.',
  },
  {
    id: 'karpathy-gpt',
    authors: 'Karpathy, A.',
    year: 2023,
    title: "Let's build GPT: from scratch, in code, spelled out (and nanoGPT)",
    venue: 'Video, YouTube; code on GitHub',
    url: 'https://github.com/karpathy/nanoGPT',
    note: 'A small GPT written line by line: causal self-attention, the block, training on next-token prediction.',
  },
];

/**
 * The five texts the book was first written from. Their facts and examples are used
 * throughout; where they are wrong or disagree, the chapters say so and link here.
 */
export const SOURCES: Reference[] = [
  {
    id: 'src-decoding',
    authors: 'Pahwa, H.',
    year: null,
    title: 'Decoding the magic behind LLMs — Attention!',
    venue: 'Artificial Intelligence in Plain English (Medium publication), blog post',
    url: 'https://bento.me/harjotpahwa',
    note: 'History from RNNs and LSTMs; embeddings (the cherry riddle, RGB colours); the King/Queen/Dad/Mom toy vectors; “Terry loves to eat Mango Greek Yogurt”; Q, K and V; a NumPy self-attention function that prints shapes (the code chapter). Its prose applies softmax per column while its code uses axis=1, per row; its NumPy example draws every number from np.random.rand, between 0 and 1, which saturates softmax.',
  },
  {
    id: 'src-notes',
    authors: 'Unsigned study notes',
    year: null,
    title: 'Notes on attention (“Goal of attention”)',
    venue: 'Notes written after 3Blue1Brown’s video',
    note: 'Context changes meaning (“bank”); “monster” moving toward a particular monster; queries as questions and keys as answers; the Q:K grid with softmax per column and the lower-left masked (3Blue1Brown’s layout); the context window as the size of the pattern; each head proposes a change, and the changes are added.',
  },
  {
    id: 'src-types',
    authors: 'Unsigned',
    year: 2024,
    title: 'Attention mechanism in transformers: types and examples',
    venue: 'Blog post, last updated 1 February 2024',
    note: '“The skilled surgeon operated on the patient with a”; self-, cross-, full, sparse and flash attention; the O(n²) cost; Attention(Q, K, V) = softmax(QKᵀ/√dₖ)V; multi-head attention with concatenation and W_O (W₀ in its figures).',
  },
  {
    id: 'src-pachaar',
    authors: 'Pachaar, A.',
    year: null,
    title: 'Attention is all you need: Self Attention Clearly explained!',
    venue: 'ML Spring, newsletter post',
    note: 'Text to tokens to embeddings; self-attention as a directed graph of probabilities; the library analogy (a key is a call number, a query what you look for, a value the book); “I love tennis”.',
  },
  {
    id: 'src-zou',
    authors: 'Zou, C.',
    year: 2024,
    title: 'Attention is 1/3 of All You Need',
    venue: 'Blog post, 20 May 2024',
    url: 'http://bosonphoton.github.io',
    note: 'Tokens, Word2Vec embeddings and positional embeddings; “Greasy fried noodles will be my lunch”; masking during training; many heads (GPT-3’s 96); LayerNorm, the MLP and the residual stream. Its title counts parameters: the MLP holds about two thirds of a block’s weights.',
  },
];

export const REFERENCES: Reference[] = [...PAPERS, ...EXPLAINERS, ...SOURCES];

/** The sections of the references page; a chapter may link to a section by its id too. */
export const REFERENCE_GROUPS: { id: string; title: string; intro: string; items: Reference[] }[] =
  [
    {
      id: 'papers',
      title: 'Papers',
      intro: 'The research the chapters explain.',
      items: PAPERS,
    },
    {
      id: 'explainers',
      title: 'Explainers',
      intro: 'Well-known explanations the chapters compare themselves with.',
      items: EXPLAINERS,
    },
    {
      id: 'sources',
      title: 'The texts this book grew from',
      intro:
        'The book was first written from five short texts: blog posts, a newsletter post and a set of notes. Their examples appear throughout. Where they are wrong, or disagree with each other, a chapter says so and links here.',
      items: SOURCES,
    },
  ];
