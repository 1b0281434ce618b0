/**
 * Step mode, for a teacher in front of a class: the chapter's widgets bound to cells
 * become steps in document order (an equation and the matrix of the same cell right
 * after it are one step; the prose before a widget belongs to its step). One step more
 * is revealed at a time, by the bar's buttons or the keyboard, and the widgets of the
 * cells that flow into the current one are outlined and labelled. Reading mode (every
 * part shown) is the default and what the page is without JavaScript.
 */
import type { Notebook } from '../notebook/notebook.ts';
import { cellSymbol } from '../notebook/tex.ts';

export interface Step {
  readonly blocks: Element[];
  readonly widgets: HTMLElement[];
  readonly cells: string[];
}

const LATER = 'nb-step-later';
const CURRENT = 'nb-step-current';
const FLOWS = 'nb-flows-in';

/** Widgets bound to a cell inside `el` (or `el` itself), not counting copies nested in another widget. */
function widgetsIn(el: Element): HTMLElement[] {
  if (el.matches('[data-cell]')) return [el as HTMLElement];
  return [...el.querySelectorAll<HTMLElement>('[data-cell]')].filter(
    (w) => !w.parentElement?.closest('[data-cell]'),
  );
}

/** The chapter's steps: every top-level block after the toolbar and the banner, grouped. */
export function collectSteps(article: Element): Step[] {
  const children = [...article.children];
  const start = children.findIndex((c) => c.id === 'nb-banner' || c.localName === 'nb-toolbar');
  const steps: { blocks: Element[]; widgets: HTMLElement[]; cells: string[] }[] = [];
  let pending: Element[] = [];
  for (const child of children.slice(start + 1)) {
    if (child.id === 'nb-banner') continue;
    const widgets = widgetsIn(child);
    if (widgets.length === 0) {
      pending.push(child);
      continue;
    }
    const cells = [...new Set(widgets.map((w) => w.dataset['cell']!))];
    const last = steps.at(-1);
    // An equation (or a step-through) and the matrix of the same cell right after it are one step.
    if (pending.length === 0 && last && cells.length === 1 && last.cells.at(-1) === cells[0]) {
      last.blocks.push(child);
      last.widgets.push(...widgets);
      continue;
    }
    steps.push({ blocks: [...pending, child], widgets, cells });
    pending = [];
  }
  if (pending.length > 0) steps.at(-1)?.blocks.push(...pending);
  return steps;
}

const isTextField = (el: Element | null): boolean =>
  !!el?.matches(
    'input:not([type="button"]):not([type="checkbox"]):not([type="radio"]), textarea, select, [contenteditable=""], [contenteditable="true"]',
  );

/** Where the arrow keys already mean something: a grid of numbers, a slider, tabs, a dialog. */
const ownsArrows = (el: Element | null): boolean =>
  !!el?.closest('dialog[open], .nb-grid, nb-scalar, [role="tablist"]');

const activates = (el: Element | null): boolean =>
  !!el?.matches('button, a[href], summary, [role="tab"]');

export function setUpStepMode(toggle: HTMLButtonElement, nb: Notebook): void {
  const article = toggle.closest('article');
  const bar = document.querySelector<HTMLElement>('.nb-stepbar');
  if (!article || !bar) return;
  const steps = collectSteps(article);
  if (steps.length === 0) {
    toggle.hidden = true;
    return;
  }
  const status = bar.querySelector<HTMLElement>('.nb-stepbar-status');
  const prev = bar.querySelector<HTMLButtonElement>('[data-action="prev"]');
  const next = bar.querySelector<HTMLButtonElement>('[data-action="next"]');
  const key = `attention-step-by-step:step-mode:${nb.id}`;
  let on = false;
  let index = 0;
  const saved = ((): { on: boolean; index: number } | null => {
    try {
      return JSON.parse(sessionStorage.getItem(key) ?? 'null') as {
        on: boolean;
        index: number;
      } | null;
    } catch {
      return null;
    }
  })();
  if (saved && Number.isInteger(saved.index))
    index = Math.min(Math.max(0, saved.index), steps.length - 1);
  const save = (): void => {
    try {
      sessionStorage.setItem(key, JSON.stringify({ on, index }));
    } catch {
      // Storage blocked: the mode still works on this page.
    }
  };

  const clearFlows = (): void => {
    document.querySelectorAll(`.${FLOWS}`).forEach((el) => el.classList.remove(FLOWS));
    document.querySelectorAll('.nb-flow-label').forEach((el) => el.remove());
  };

  /** The widget that shows `cell` in a step up to `upTo`, the last one (a matrix preferred). */
  const widgetOf = (cell: string, upTo: number): HTMLElement | undefined => {
    const found: HTMLElement[] = [];
    steps
      .slice(0, upTo)
      .forEach((s) => found.push(...s.widgets.filter((w) => w.dataset['cell'] === cell)));
    return found.filter((w) => w.localName === 'nb-matrix').at(-1) ?? found.at(-1);
  };

  const markFlows = (step: Step): void => {
    clearFlows();
    const labels = new Map<HTMLElement, string[]>();
    const visit = (target: string, dep: string, seen: Set<string>): void => {
      if (seen.has(dep) || step.cells.includes(dep)) return;
      seen.add(dep);
      const w = widgetOf(dep, index);
      if (w) {
        const list = labels.get(w) ?? [];
        if (!list.includes(target)) list.push(target);
        labels.set(w, list);
      } else {
        // A cell with no widget of its own (d_k): what flows into it flows on.
        for (const d of nb.dependencies(dep)) visit(target, d, seen);
      }
    };
    for (const cell of step.cells)
      for (const dep of nb.dependencies(cell)) visit(cell, dep, new Set());
    for (const [w, targets] of labels) {
      w.classList.add(FLOWS);
      const label = document.createElement('span');
      label.className = 'nb-flow-label';
      label.textContent = `flows into ${targets.map((c) => cellSymbol(nb.cells, c)).join(', ')}`;
      w.prepend(label);
    }
  };

  /** Tells the page (a live session) where step mode is: `step-mode-change`, 1-based, null when off. */
  let announced: string | null = null;
  const announce = (): void => {
    const detail = { step: on ? index + 1 : null, count: steps.length };
    const key = JSON.stringify(detail);
    if (key === announced) return;
    announced = key;
    document.dispatchEvent(new CustomEvent('step-mode-change', { detail }));
  };

  const render = (scroll: boolean): void => {
    announce();
    steps.forEach((s, k) => {
      for (const b of s.blocks) b.classList.toggle(LATER, on && k > index);
      for (const w of s.widgets) w.classList.toggle(CURRENT, on && k === index);
    });
    bar.hidden = !on;
    document.documentElement.toggleAttribute('data-step-mode', on);
    toggle.setAttribute('aria-pressed', String(on));
    if (!on) {
      clearFlows();
      return;
    }
    const step = steps[index]!;
    markFlows(step);
    if (status)
      status.textContent = `Step ${index + 1} of ${steps.length}: ${step.cells
        .map((c) => cellSymbol(nb.cells, c))
        .join(', ')}`;
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index === steps.length - 1;
    if (scroll) {
      const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
      (step.blocks[0] as HTMLElement).scrollIntoView({
        block: 'start',
        behavior: reduce ? 'auto' : 'smooth',
      });
    }
  };

  const go = (k: number): void => {
    const to = Math.min(Math.max(0, k), steps.length - 1);
    if (to === index && on) return;
    index = to;
    save();
    render(true);
  };
  const setMode = (value: boolean): void => {
    on = value;
    save();
    render(value);
  };

  toggle.addEventListener('click', () => setMode(!on));
  prev?.addEventListener('click', () => go(index - 1));
  next?.addEventListener('click', () => go(index + 1));
  bar.querySelector('[data-action="exit"]')?.addEventListener('click', () => {
    setMode(false);
    toggle.focus();
  });
  document.addEventListener('keydown', (e) => {
    if (!on || e.altKey || e.ctrlKey || e.metaKey || e.defaultPrevented) return;
    const target = e.target instanceof Element ? e.target : null;
    if (isTextField(target) || target?.closest('dialog[open]')) return;
    if (e.key === 'Escape') {
      setMode(false);
      return;
    }
    if (ownsArrows(target)) return;
    const forward = ['ArrowRight', 'ArrowDown', 'PageDown', ' '].includes(e.key);
    const back = ['ArrowLeft', 'ArrowUp', 'PageUp'].includes(e.key);
    if (!forward && !back) return;
    if (e.key === ' ' && activates(target)) return;
    e.preventDefault();
    go(forward ? index + 1 : index - 1);
  });
  // Asked from elsewhere (a live session): `step-mode-go` with a 1-based step, or null for off.
  document.addEventListener('step-mode-go', (e) => {
    const step = (e as CustomEvent<{ step?: unknown } | null>).detail?.step;
    if (step === null) {
      if (on) setMode(false);
    } else if (typeof step === 'number' && Number.isInteger(step) && step >= 1) {
      if (!on) {
        index = Math.min(step, steps.length) - 1;
        setMode(true);
      } else go(step - 1);
    }
  });
  if (saved?.on) setMode(true);
  else announce();
}
