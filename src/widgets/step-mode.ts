/**
 * Step mode, for a teacher in front of a class: the chapter's widgets bound to cells
 * become steps in document order (an equation and the matrix of the same cell right
 * after it are one step; the prose before a widget belongs to its step). One step more
 * is revealed at a time, by the bar's buttons or the keyboard, and the widgets of the
 * cells that flow into the current one are outlined and labelled. A question (<nb-question>)
 * is shown with the step before it, the numbers it asks about. A widget with steps of its
 * own (`data-substeps`, the code walk-through) hears each move first as a cancelable
 * `nb-substep` event and keeps it while it has lines left. Reading mode (every part shown)
 * is the default and what the page is without JavaScript.
 *
 * Each step is laid out for a room: the step's widget is scrolled to sit whole between
 * the top of the screen and the step bar (a widget taller than that scrolls inside
 * itself), and every direct input whose own widget is then out of view is shown as a
 * small live copy in a strip pinned to the top of the screen. The step is in the address
 * (`?step=7`), so a link opens the chapter at that step.
 *
 * For other parts of the site (a live class session) the mode speaks two events on
 * `document`: it dispatches `step-mode-change` ({ step, count }: step from 1, null in
 * reading mode) whenever the step changes, and obeys `step-mode-go` ({ step }).
 */
import type { Matrix } from '../engine/index.ts';
import type { Notebook } from '../notebook/notebook.ts';
import type { ColourScale } from './format.ts';
import { entryText, gridHtml } from './render.ts';
import { setHtml } from './safe-html.ts';
import { pageMessage } from './page-notebook.ts';
import { symbolNode } from './symbols.ts';

export interface Step {
  readonly blocks: Element[];
  readonly widgets: HTMLElement[];
  readonly cells: string[];
}

export interface StepModeChange {
  /** The current step, from 1; null in reading mode. */
  readonly step: number | null;
  readonly count: number;
}
export interface StepModeGo {
  /** The step to show, from 1; null leaves step mode. */
  readonly step: number | null;
}

/** The address parameter that holds the step: `?step=7`. */
export const STEP_PARAM = 'step';

const LATER = 'nb-step-later';
const CURRENT = 'nb-step-current';
const MAIN = 'nb-step-main';
const FLOWS = 'nb-flows-in';
/** The largest part of the screen's height the strip of inputs may take. */
const STRIP_SHARE = 0.45;
/** How small the strip may draw its copies to stay within that. */
/** At most this many rows of a matrix in a strip copy. */
const STRIP_ROWS = 8;
const ZOOMS = [1, 0.9, 0.8, 0.7, 0.6, 0.5] as const;
/** Space kept between the step's widget and the strip or the bar, in CSS pixels. */
const GAP = 12;

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
    if (child.id === 'nb-banner' || child.classList.contains('nb-prose-note')) continue;
    const widgets = widgetsIn(child);
    // A question is no step of its own: it comes with the step it asks about, the one before.
    const before = steps.at(-1);
    if (widgets.length === 0 && before && child.matches('[data-question]')) {
      before.blocks.push(...pending, child);
      pending = [];
      continue;
    }
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

/**
 * The widget a step teaches: the block holding its widgets when they sit side by side
 * (heads in columns), else its last matrix, else its last widget.
 */
export function mainWidget(step: Step): HTMLElement {
  const shown = step.widgets.filter(isShown);
  const widgets = shown.length > 0 ? shown : step.widgets;
  const together = widgets[0]?.closest<HTMLElement>('.side-by-side');
  if (together && widgets.every((w) => together.contains(w))) return together;
  return widgets.filter((w) => w.localName === 'nb-matrix').at(-1) ?? widgets.at(-1)!;
}

/** Drawn on the page: not in a closed <details>, a hidden tab, or a later step. */
const isShown = (el: Element): boolean =>
  typeof el.checkVisibility === 'function'
    ? el.checkVisibility({ visibilityProperty: true })
    : el.getClientRects().length > 0;

/** A step number from the address: 1 to `count`, or why not. */
export function parseStep(
  text: string,
  count: number,
): { ok: true; step: number } | { ok: false; error: string } {
  const n = /^\s*\d{1,6}\s*$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= count) return { ok: true, step: n };
  const shown = text.length > 12 ? `${text.slice(0, 12)}…` : text;
  return {
    ok: false,
    error: `There is no step “${shown}” in this chapter: its steps are numbered 1 to ${count}`,
  };
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

/** Symbols of `cells`, typeset, separated by commas. */
function symbolList(nb: Notebook, cells: readonly string[]): Node[] {
  const out: Node[] = [];
  cells.forEach((c, k) => {
    if (k > 0) out.push(document.createTextNode(', '));
    out.push(symbolNode(nb, c));
  });
  return out;
}

export function setUpStepMode(toggle: HTMLButtonElement, nb: Notebook): void {
  const article = toggle.closest('article');
  const bar = document.querySelector<HTMLElement>('.nb-stepbar');
  const strip = document.querySelector<HTMLElement>('.nb-step-inputs');
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
  let told: string | null = null;
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

  /** The address follows the step, so copying it (or the share link) keeps the step. */
  const writeAddress = (): void => {
    const url = new URL(location.href);
    if (on) url.searchParams.set(STEP_PARAM, String(index + 1));
    else url.searchParams.delete(STEP_PARAM);
    if (url.href !== location.href) history.replaceState(history.state, '', url.href);
  };

  const announce = (): void => {
    const detail: StepModeChange = { step: on ? index + 1 : null, count: steps.length };
    const said = JSON.stringify(detail);
    if (said === told) return;
    told = said;
    document.dispatchEvent(new CustomEvent('step-mode-change', { detail }));
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
    const shown = found.filter(isShown);
    const pool = shown.length > 0 ? shown : found;
    return pool.filter((w) => w.localName === 'nb-matrix').at(-1) ?? pool.at(-1);
  };

  /**
   * The direct inputs of a step, each with the cells it flows into: the cells its
   * formulas read, shown in an earlier step (a cell with no widget of its own, such as
   * d_k, passes on what flows into it).
   */
  const inputsOf = (
    step: Step,
    upTo: number,
  ): Map<string, { widget: HTMLElement | undefined; targets: string[] }> => {
    const out = new Map<string, { widget: HTMLElement | undefined; targets: string[] }>();
    const visit = (target: string, dep: string, seen: Set<string>): void => {
      if (seen.has(dep) || step.cells.includes(dep)) return;
      seen.add(dep);
      const w = widgetOf(dep, upTo);
      if (w || nb.dependencies(dep).length === 0) {
        const entry = out.get(dep) ?? { widget: w, targets: [] };
        if (!entry.targets.includes(target)) entry.targets.push(target);
        out.set(dep, entry);
      } else for (const d of nb.dependencies(dep)) visit(target, d, seen);
    };
    for (const cell of step.cells)
      for (const dep of nb.dependencies(cell)) visit(cell, dep, new Set());
    return out;
  };

  const markFlows = (step: Step): void => {
    clearFlows();
    for (const [, { widget, targets }] of inputsOf(step, index)) {
      if (!widget) continue;
      widget.classList.add(FLOWS);
      const label = document.createElement('span');
      label.className = 'nb-flow-label';
      label.append('flows into ', ...symbolList(nb, targets));
      widget.prepend(label);
    }
  };

  // The strip of live copies: one per input shown there, repainted when its cell changes.
  const copies = new Map<string, { el: HTMLElement; unwatch: () => void }>();
  const clearStrip = (): void => {
    for (const { unwatch } of copies.values()) unwatch();
    copies.clear();
    if (strip) {
      strip.replaceChildren();
      strip.hidden = true;
    }
  };
  const addCopy = (cell: string, source: HTMLElement | undefined, targets: string[]): void => {
    if (!strip || copies.has(cell)) return;
    const el = document.createElement('figure');
    el.className = 'nb-input-copy';
    el.dataset['cell'] = cell;
    const caption = document.createElement('figcaption');
    caption.id = `nb-input-copy-${copies.size}`;
    caption.append(symbolNode(nb, cell), ' flows into ', ...symbolList(nb, targets));
    const body = document.createElement('div');
    body.className = 'nb-input-copy-body';
    el.append(caption, body);
    // In the strip before it is painted, so a copy too wide for it can tell.
    strip.append(el);
    strip.hidden = false;
    const def = nb.cells.get(cell);
    const scale = (source?.dataset['scale'] as ColourScale | undefined) ?? 'diverging';
    const digits = Number(source?.dataset['digits'] ?? 2);
    const unwatch = nb.watch(cell, (state) => {
      if (state.status !== 'ok') return;
      const v = state.value;
      if (typeof v === 'number') {
        body.textContent = entryText(v);
        return;
      }
      const m = v as Matrix;
      // A copy to look at: no tab stops, no hooks for "explain this number", no duplicate names.
      const html = gridHtml({
        cell,
        rows: m.rows,
        cols: m.cols,
        get: (i, j) => m.get(i, j),
        rowLabels: def?.rowLabels ? nb.labels[def.rowLabels] : undefined,
        colLabels: def?.colLabels ? nb.labels[def.colLabels] : undefined,
        editable: false,
        scale,
        digits,
        hydrated: true,
        // A reminder of the input, not the whole of it: a long table shows its first rows,
        // a gap and its last two, so the strip stays small enough to leave the step room.
        maxCols: 8,
        maxRows: STRIP_ROWS,
      })
        .replace(/ tabindex="-?\d+"/g, '')
        .replace(/ data-[ij]="\d+"/g, '')
        .replace(/ aria-label="[^"]*"/g, '');
      setHtml(body, html);
      // A copy too wide for the screen scrolls sideways, and can then be reached by keyboard.
      const wide = body.scrollWidth > body.clientWidth;
      body.toggleAttribute('tabindex', wide);
      if (wide) {
        body.tabIndex = 0;
        body.setAttribute('role', 'group');
        body.setAttribute('aria-labelledby', caption.id);
      }
    });
    copies.set(cell, { el, unwatch });
    fitStrip();
  };

  /**
   * The strip takes at most STRIP_SHARE of the screen's height: when its copies need
   * more, it is drawn smaller (CSS zoom, down to the last of ZOOMS), and only past that
   * scrolls.
   */
  const fitStrip = (): void => {
    if (!strip) return;
    const limit = innerHeight * STRIP_SHARE;
    strip.style.removeProperty('max-height');
    for (const z of ZOOMS) {
      strip.style.zoom = String(z);
      // Lengths inside a zoomed element are zoomed too: the strip may still span the screen.
      strip.style.maxWidth = `${Math.floor((innerWidth - 16) / z)}px`;
      if (strip.getBoundingClientRect().height <= limit) return;
    }
    strip.style.maxHeight = `${Math.floor(limit / ZOOMS.at(-1)!)}px`;
  };

  /**
   * Lays out the current step: its widget whole between the strip and the bar, and each
   * direct input either in view where it is or copied into the strip. Each input moved
   * to the strip makes the strip taller and the room smaller, so this runs until no more
   * move (at most once per input).
   */
  const layout = (smooth: boolean): void => {
    const step = steps[index]!;
    // A step whose widgets are all folded away (a <details> of extra weights) is opened:
    // stepping to it is asking to see it.
    if (!step.widgets.some(isShown))
      for (const w of step.widgets)
        for (let d = w.closest('details'); d; d = d.parentElement?.closest('details') ?? null)
          d.open = true;
    const main = mainWidget(step);
    document.querySelectorAll(`.${MAIN}`).forEach((el) => el !== main && el.classList.remove(MAIN));
    main.classList.add(MAIN);
    const inputs = inputsOf(step, index);
    const root = document.documentElement;
    let target = scrollY;
    for (let round = 0; round <= inputs.size; round++) {
      const top = (strip && !strip.hidden ? strip.getBoundingClientRect().bottom : 0) + GAP;
      const bottom = bar.getBoundingClientRect().top - GAP;
      const room = Math.max(120, bottom - top);
      root.style.setProperty('--nb-step-room', `${Math.floor(room)}px`);
      root.style.setProperty('--nb-step-top', `${Math.ceil(top)}px`);
      const r = main.getBoundingClientRect();
      const docTop = r.top + scrollY;
      const docBottom = r.bottom + scrollY;
      // The widget's bottom just above the bar, so what came before it stays above it in
      // view; a widget near the top of the page cannot go lower than the page allows.
      const max = root.scrollHeight - innerHeight;
      target = docBottom - bottom;
      // Taller than the room (a block of side-by-side columns): its top in view.
      if (docTop - target < top) target = docTop - top;
      target = Math.max(0, Math.min(max, target));
      let moved = false;
      for (const [cell, { widget, targets }] of inputs) {
        if (copies.has(cell)) continue;
        const w = widget?.getBoundingClientRect();
        const seen =
          w !== undefined &&
          w.height > 0 &&
          w.top + scrollY - target >= top - GAP &&
          w.bottom + scrollY - target <= bottom + GAP;
        if (!seen) {
          addCopy(cell, widget, targets);
          moved = true;
        }
      }
      if (!moved) break;
    }
    const reduce = matchMedia('(prefers-reduced-motion: reduce)').matches;
    window.scrollTo({ top: target, behavior: smooth && !reduce ? 'smooth' : 'instant' });
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
    writeAddress();
    clearStrip();
    if (!on) {
      clearFlows();
      document.querySelectorAll(`.${MAIN}`).forEach((el) => el.classList.remove(MAIN));
      announce();
      return;
    }
    const step = steps[index]!;
    markFlows(step);
    if (status) {
      status.replaceChildren(
        `Step ${index + 1} of ${steps.length}: `,
        ...symbolList(nb, step.cells),
      );
      status.dataset['step'] = String(index + 1);
    }
    if (prev) prev.disabled = index === 0;
    if (next) next.disabled = index === steps.length - 1;
    if (scroll) layout(true);
    announce();
  };

  /** A widget with steps of its own (a code walk-through) takes the move first. */
  const substep = (forward: boolean): boolean => {
    const step = steps[index];
    if (!on || !step) return false;
    for (const block of step.blocks) {
      const inner = block.matches('[data-substeps]')
        ? [block]
        : [...block.querySelectorAll('[data-substeps]')];
      for (const el of inner) {
        const move = new CustomEvent('nb-substep', { cancelable: true, detail: { forward } });
        if (!el.dispatchEvent(move)) return true;
      }
    }
    return false;
  };
  const move = (forward: boolean): void => {
    if (!substep(forward)) go(forward ? index + 1 : index - 1);
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
  prev?.addEventListener('click', () => move(false));
  next?.addEventListener('click', () => move(true));
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
    move(forward);
  });
  document.addEventListener('step-mode-go', (e) => {
    const step = (e as CustomEvent<Partial<StepModeGo> | null>).detail?.step;
    if (step === null || step === undefined) {
      if (on) setMode(false);
      return;
    }
    const r = parseStep(String(step), steps.length);
    if (!r.ok) {
      pageMessage(`${r.error}.`, 'error');
      return;
    }
    if (!on) {
      index = r.step - 1;
      setMode(true);
    } else go(r.step - 1);
  });
  // Larger type (projector mode), a turned tablet, a plot or a font that arrived late, a
  // matrix that grew: the step is laid out again.
  let pendingLayout = 0;
  const relayout = (): void => {
    if (!on) return;
    cancelAnimationFrame(pendingLayout);
    pendingLayout = requestAnimationFrame(() => {
      if (!on) return;
      clearStrip();
      layout(false);
    });
  };
  addEventListener('resize', relayout);
  new ResizeObserver(relayout).observe(article);

  const asked = new URL(location.href).searchParams.get(STEP_PARAM);
  if (asked !== null) {
    const r = parseStep(asked, steps.length);
    if (r.ok) {
      index = r.step - 1;
      setMode(true);
      return;
    }
    pageMessage(`${r.error}. Showing the whole chapter.`, 'error');
    on = false;
    writeAddress();
    save();
    announce();
    return;
  }
  if (saved?.on) setMode(true);
  else announce();
}
