/**
 * "Explain this number" on the page: focusing (arrow keys move through a grid), hovering
 * or tapping a number of a derived matrix, or of one step of a computation worked out in
 * steps, shows where it came from, with the live values (src/notebook/explain.ts writes
 * the text). The note floats over the page, so the grid does not move; the focused entry
 * is described by it for screen readers; Escape closes it.
 */
import { explainEntry } from '../notebook/explain.ts';
import type { Notebook } from '../notebook/notebook.ts';
import { callsBottomUp, type Expr } from '../notebook/expr.ts';
import { cellRef, withSymbols } from './symbols.ts';

/** A number of a derived matrix, or of one step of a computation worked out in steps. */
const ENTRY = 'nb-matrix td[data-i], nb-steps td[data-i]';

interface Source {
  readonly expr: Expr;
  /** How the first line names the entry (the cell's name); a step is named by its formula. */
  readonly name?: string;
  /** For a step: its steps, each the grid of one operation, innermost first. */
  readonly steps?: { readonly grids: readonly (Element | null)[]; readonly calls: readonly Expr[] };
}

/**
 * What an entry is a number of: the expression that computes it and the name to call it
 * by. A matrix shows a cell; step k of `<nb-steps data-cell="A">` shows the k-th operation
 * of A's expression, innermost first (as `trace` lists them), named by its own formula.
 */
function sourceOf(td: HTMLElement, nb: Notebook): Source | null {
  const steps = td.closest<HTMLElement>('nb-steps');
  const widget = steps ?? td.closest<HTMLElement>('nb-matrix');
  const cell = widget?.dataset['cell'] ?? '';
  const expr = nb.expression(cell);
  if (!widget || !expr || nb.state(cell).status !== 'ok') return null;
  if (!steps) return { expr, name: cell };
  const items = [...steps.querySelectorAll('.nb-step')];
  const calls = callsBottomUp(expr);
  const call = calls[items.indexOf(td.closest('.nb-step')!)];
  if (!call) return null;
  return { expr: call, steps: { grids: items.map((s) => s.querySelector('.nb-grid')), calls } };
}

/** Outlines row `row`, column `col` or one entry (both) of a grid: what flowed in. */
function outline(grid: Element, row: number | undefined, col: number | undefined): void {
  const sel = `td[data-i]${row === undefined ? '' : `[data-i="${row}"]`}${col === undefined ? '' : `[data-j="${col}"]`}`;
  grid.querySelectorAll(sel).forEach((el) => el.classList.add('is-source'));
}

export function setUpExplain(nb: Notebook): void {
  // Cells are named by the symbols the page shows for them (A, not weights), typeset.
  const label = (cell: string): string => cellRef(cell);
  const host = document.getElementById('content') ?? document.body;
  const tip = document.createElement('div');
  tip.className = 'nb-explain';
  tip.id = 'nb-explain';
  tip.setAttribute('role', 'tooltip');
  tip.hidden = true;
  host.append(tip);
  let current: HTMLElement | null = null;

  const clear = (): void => {
    document
      .querySelectorAll('.nb-grid .is-source, .nb-grid .is-target')
      .forEach((el) => el.classList.remove('is-source', 'is-target'));
  };

  const hide = (): void => {
    tip.hidden = true;
    current?.removeAttribute('aria-describedby');
    current = null;
    clear();
  };

  const show = (td: HTMLElement): void => {
    const source = sourceOf(td, nb);
    if (!source) {
      hide();
      return;
    }
    let explanation: ReturnType<typeof explainEntry>;
    try {
      explanation = explainEntry(
        source.expr,
        (n) => nb.value(n),
        Number(td.dataset['i']),
        Number(td.dataset['j']),
        {
          ...(source.name === undefined ? {} : { name: label(source.name) }),
          label,
        },
      );
    } catch {
      hide();
      return;
    }
    if (current !== td) current?.removeAttribute('aria-describedby');
    current = td;
    clear();
    tip.replaceChildren(
      ...explanation.lines.map((l) => {
        const p = document.createElement('p');
        p.append(...withSymbols(nb, l));
        return p;
      }),
    );
    td.classList.add('is-target');
    for (const h of explanation.highlights)
      for (const grid of document.querySelectorAll(
        `nb-matrix[data-cell="${CSS.escape(h.cell)}"] .nb-grid`,
      ))
        outline(grid, h.row, h.col);
    // In a formula worked out in steps, the earlier steps it used are outlined too.
    const steps = source.steps;
    if (steps)
      for (const h of explanation.steps) {
        const grid = steps.grids[steps.calls.indexOf(h.expr)];
        if (grid) outline(grid, h.row, h.col);
      }
    td.setAttribute('aria-describedby', tip.id);
    tip.hidden = false;
    const r = td.getBoundingClientRect();
    const width = tip.offsetWidth;
    const left = Math.min(Math.max(8, r.left), document.documentElement.clientWidth - width - 8);
    tip.style.left = `${Math.max(0, left) + scrollX}px`;
    // Below the number, or above it when the viewport has no room below.
    const below =
      r.bottom + 6 + tip.offsetHeight <= innerHeight || r.top - 6 - tip.offsetHeight < 0;
    tip.style.top = `${(below ? r.bottom + 6 : r.top - 6 - tip.offsetHeight) + scrollY}px`;
  };

  document.addEventListener('focusin', (e) => {
    const td = e.target instanceof Element ? e.target.closest<HTMLElement>(ENTRY) : null;
    if (td) show(td);
    else if (current) hide();
  });
  document.addEventListener('mouseover', (e) => {
    const td = e.target instanceof Element ? e.target.closest<HTMLElement>(ENTRY) : null;
    if (td && td !== current) show(td);
  });
  document.addEventListener('mouseout', (e) => {
    const to = e.relatedTarget instanceof Element ? e.relatedTarget.closest(ENTRY) : null;
    if (to || !current) return;
    const focused = document.activeElement?.closest<HTMLElement>(ENTRY);
    if (focused) show(focused);
    else hide();
  });
  // Capture, so Escape closes the note before it can leave step mode.
  document.addEventListener(
    'keydown',
    (e) => {
      if (e.key === 'Escape' && !tip.hidden) {
        hide();
        e.stopPropagation();
      }
    },
    true,
  );
  nb.onFlush(() => {
    const td = current;
    // The reader changed an input: explain the same entry with the new numbers, after they are painted.
    if (td) requestAnimationFrame(() => td.isConnected && current === td && show(td));
  });
  addEventListener('resize', () => current && show(current));
}
