/**
 * HTML for the word-vector widgets, as strings: the build renders the chapter with these
 * functions (from the asset, in Node) and the browser repaints with the same ones, so a
 * page with JavaScript off shows exactly what the live widget would.
 */
import type { EvaluationResult, Tally } from '../embeddings/evaluate.ts';
import type { Neighbour } from '../embeddings/explore.ts';
import type { ProjectionModel } from '../embeddings/projection.ts';
import { labelOf, termsText, type QueryOutcome, type WordSpace } from '../embeddings/query.ts';
import { escapeHtml, formatNumber, fullNumber } from './format.ts';

/** A table of nearest words: rank, word, cosine (with a bar), typed words marked. */
export function neighboursHtml(
  space: Pick<WordSpace, 'labels' | 'words'>,
  neighbours: readonly Neighbour[],
  caption: string,
  typed: ReadonlySet<string> = new Set(),
): string {
  let h = `<table class="wv-table"><caption>${escapeHtml(caption)}</caption>`;
  h +=
    '<thead><tr><th scope="col">#</th><th scope="col">word</th><th scope="col">cosine</th></tr></thead><tbody>';
  neighbours.forEach((n, r) => {
    const label = labelOf(space, n.index);
    const mark = typed.has(n.word) ? ' <span class="wv-typed">(typed)</span>' : '';
    const width = Math.max(0, Math.min(1, n.similarity)) * 100;
    h +=
      `<tr data-word="${escapeHtml(n.word)}"><td>${r + 1}</td>` +
      `<th scope="row">${escapeHtml(label)}${mark}</th>` +
      `<td class="wv-cos" data-similarity="${n.similarity}" title="${escapeHtml(fullNumber(n.similarity))}">` +
      `<span class="wv-bar" style="width:${width.toFixed(1)}%" aria-hidden="true"></span>` +
      `<span class="wv-num">${formatNumber(n.similarity, 3)}</span></td></tr>`;
  });
  return `${h}</tbody></table>`;
}

/** "man and woman", "a, b and c". */
export function listText(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * What the reader sees for an outcome in one word space. `ok` gives the table; the
 * others give a message, with buttons for the suggested spellings when `buttons` is set
 * (the live page; a button names the word it replaces in data-replace).
 */
export function outcomeHtml(
  space: Pick<WordSpace, 'labels' | 'words'>,
  outcome: QueryOutcome,
  options: { vocabulary: string; buttons?: boolean },
): { tone: 'ok' | 'error'; html: string } {
  if (outcome.status === 'ok') {
    const typed = new Set(outcome.includeInputs ? outcome.terms.map((t) => t.word) : []);
    const caption = `Nearest to ${termsText(outcome.terms)}`;
    return { tone: 'ok', html: neighboursHtml(space, outcome.neighbours, caption, typed) };
  }
  if (outcome.status === 'invalid') return { tone: 'error', html: escapeHtml(outcome.message) };
  const words = outcome.unknown.map((u) => `“${u.word}”`);
  let h = `${escapeHtml(listText(words))} ${outcome.unknown.length === 1 ? 'is' : 'are'} not among ${escapeHtml(options.vocabulary)}.`;
  for (const u of outcome.unknown) {
    if (u.suggestions.length === 0) {
      h += ` Nothing known is spelt like “${escapeHtml(u.word)}”.`;
      continue;
    }
    h += ` Instead of “${escapeHtml(u.word)}”: `;
    h += u.suggestions
      .map((s) =>
        options.buttons
          ? `<button type="button" class="wv-suggestion" data-replace="${escapeHtml(u.word)}" data-with="${escapeHtml(s)}" aria-label="Use ${escapeHtml(s)} instead of ${escapeHtml(u.word)}">${escapeHtml(s)}</button>`
          : `<b>${escapeHtml(s)}</b>`,
      )
      .join(' ');
    h += '.';
  }
  return { tone: 'error', html: h };
}

/** A wrapper that scrolls a wide table sideways on a phone, reachable by keyboard. */
const scroller = (label: string): string =>
  `<div class="nb-scroll" role="region" tabindex="0" aria-label="${escapeHtml(label)}">`;

export function projectionTablesHtml(m: ProjectionModel): string {
  const kept = Number.isNaN(m.projection.kept) ? '—' : `${(m.projection.kept * 100).toFixed(0)} %`;
  let h = `<p class="wv-kept">The two axes keep <strong data-kept="${m.projection.kept}">${kept}</strong> of the spread of these ${m.words.length} words.</p>`;
  const first = m.pairs[0];
  if (first) {
    h += `${scroller('Offsets compared')}<table class="wv-table wv-offsets">`;
    h += `<caption>How parallel each offset is to ${escapeHtml(first.from)} → ${escapeHtml(first.to)} (cosine of the two differences)</caption>`;
    h +=
      '<thead><tr><th scope="col">offset</th><th scope="col">in all 100 numbers</th><th scope="col">in the picture</th></tr></thead><tbody>';
    for (const p of m.pairs) {
      h +=
        `<tr data-pair="${escapeHtml(`${p.from}>${p.to}`)}"><th scope="row">${escapeHtml(p.from)} → ${escapeHtml(p.to)}</th>` +
        `<td data-cos="${p.cosFull}">${formatNumber(p.cosFull, 2)}</td><td data-cos="${p.cosPlane}">${formatNumber(p.cosPlane, 2)}</td></tr>`;
    }
    h += '</tbody></table></div>';
  }
  h += `<details class="wv-coords"><summary>The coordinates in the picture</summary>${scroller('Coordinates')}<table class="wv-table">`;
  h += '<caption>Each word on the first two principal axes of these words</caption>';
  h +=
    '<thead><tr><th scope="col">word</th><th scope="col">axis 1</th><th scope="col">axis 2</th></tr></thead><tbody>';
  m.words.forEach((w, i) => {
    const [x, y] = m.projection.points[i]!;
    h += `<tr><th scope="row">${escapeHtml(w)}</th><td>${formatNumber(x, 3)}</td><td>${formatNumber(y, 3)}</td></tr>`;
  });
  return `${h}</tbody></table></div></details>`;
}

/** GloVe 6B, 100 dimensions: Pennington, Socher and Manning (2014), Table 2. */
export const GLOVE_PAPER = { semantic: 67.5, syntactic: 54.3, overall: 60.3 } as const;

const percent = (t: Tally): string =>
  Number.isNaN(t.accuracy) ? '—' : `${(t.accuracy * 100).toFixed(2)} %`;
const count = (n: number): string => n.toLocaleString('en-GB');

/** The accuracy table beside the paper's figures, and the per-section breakdown. */
export function benchmarkHtml(r: Omit<EvaluationResult, 'predictions'>, caption: string): string {
  let h = `${scroller('Accuracy')}<table class="wv-table wv-bench">`;
  h += `<caption>${escapeHtml(caption)}</caption>`;
  h +=
    '<thead><tr><th scope="col">questions</th><th scope="col">counted (of all)</th><th scope="col">correct</th>' +
    '<th scope="col">accuracy here</th><th scope="col">GloVe paper</th></tr></thead><tbody>';
  const rows: [string, Tally, number][] = [
    ['semantic', r.semantic, GLOVE_PAPER.semantic],
    ['syntactic', r.syntactic, GLOVE_PAPER.syntactic],
    ['total', r.overall, GLOVE_PAPER.overall],
  ];
  for (const [name, t, paper] of rows) {
    h +=
      `<tr data-row="${name}"><th scope="row">${name}</th><td>${count(t.covered)} (of ${count(t.total)})</td>` +
      `<td>${count(t.correct)}</td><td data-accuracy="${t.accuracy}">${percent(t)}</td><td>${paper.toFixed(1)} %</td></tr>`;
  }
  h += '</tbody></table></div>';
  h += `<details class="wv-sections"><summary>Each of the ${r.sections.length} sections</summary>${scroller('Accuracy per section')}<table class="wv-table">`;
  h += '<caption>Accuracy per section (the gram… sections are syntactic)</caption>';
  h +=
    '<thead><tr><th scope="col">section</th><th scope="col">counted (of all)</th><th scope="col">correct</th><th scope="col">accuracy</th></tr></thead><tbody>';
  for (const s of r.sections) {
    h += `<tr><th scope="row">${escapeHtml(s.name)}</th><td>${count(s.covered)} (of ${count(s.total)})</td><td>${count(s.correct)}</td><td>${percent(s)}</td></tr>`;
  }
  return `${h}</tbody></table></div></details>`;
}

/** The toy side: its table, or why it cannot answer (it knows only a few words). */
export function toyHtml(toy: WordSpace, o: QueryOutcome, hint: string): string {
  if (o.status === 'unknown') {
    const names = toy.labels ?? toy.words;
    const missing = o.unknown.map((u) => u.word);
    return (
      `<p class="wv-note">The toy vectors have only ${escapeHtml(listText([...names]))}; ` +
      `${escapeHtml(listText(missing))} ${missing.length === 1 ? 'is' : 'are'} not among them.` +
      (hint
        ? ` Try an expression made of those words, such as <code>${escapeHtml(hint)}</code>.`
        : '') +
      '</p>'
    );
  }
  const shown = outcomeHtml(toy, o, { vocabulary: 'the toy words' });
  return shown.tone === 'ok' ? shown.html : `<p class="wv-note">${shown.html}</p>`;
}
