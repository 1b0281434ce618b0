/**
 * Which widgets are near the viewport, and catching up the ones that are not.
 *
 * A frame after an edit only has to show what the reader can see. A widget within a
 * screen's height of the viewport repaints in that frame; one farther away is marked
 * `data-pending` and repaints in idle time soon after (or at once when it scrolls near,
 * or before the page is printed). Its cells are not even computed until then. Browsers
 * already skip style and layout for such widgets (`content-visibility: auto`); this skips
 * the script work too.
 */
import { batch, signal, type ReadonlySignal, type Signal } from '@preact/signals-core';
import type { CellState, Notebook } from '../notebook/notebook.ts';
import { whenIdle } from './scheduler.ts';

/** How far beyond the viewport a widget counts as near: one screen above and below. */
const MARGIN = '25% 0px';

const watched = new Map<Element, Signal<boolean>>();
let observer: IntersectionObserver | null = null;
let printing = false;

function observe(): IntersectionObserver | null {
  if (observer || typeof IntersectionObserver === 'undefined') return observer;
  observer = new IntersectionObserver(
    (entries) =>
      batch(() => {
        for (const e of entries) {
          const near = watched.get(e.target);
          if (near) near.value = printing || e.isIntersecting;
        }
      }),
    { rootMargin: MARGIN },
  );
  // Paper shows everything: every widget repaints before the page is printed.
  addEventListener('beforeprint', () => {
    printing = true;
    batch(() => watched.forEach((near) => (near.value = true)));
    runPending();
  });
  addEventListener('afterprint', () => (printing = false));
  return observer;
}

/**
 * Whether `el` is near the viewport, kept up to date. True until the first observation,
 * so a page's first paint (which may restore a reader's saved numbers) covers everything.
 */
function nearness(el: Element): ReadonlySignal<boolean> {
  let near = watched.get(el);
  if (near) return near;
  near = signal(true);
  watched.set(el, near);
  observe()?.observe(el);
  return near;
}

/** Stops watching `el` (it left the page). */
function forget(el: Element): void {
  observer?.unobserve(el);
  watched.delete(el);
  settled(el);
}

const pending = new Map<Element, () => void>();
let scheduled = false;

function runPending(deadline?: IdleDeadline): void {
  scheduled = false;
  for (const [el, paint] of pending) {
    settled(el);
    paint();
    // Leave the rest of the idle period to the browser once it is nearly spent.
    if (deadline && !deadline.didTimeout && deadline.timeRemaining() < 2) break;
  }
  if (pending.size > 0 && !scheduled) {
    scheduled = true;
    whenIdle(runPending, 250);
  }
}

/** `el` is out of date: `paint` will bring it up to date in idle time. */
function catchUp(el: Element, paint: () => void): void {
  if (!pending.has(el)) el.setAttribute('data-pending', '');
  pending.set(el, paint);
  if (!scheduled) {
    scheduled = true;
    whenIdle(runPending, 250);
  }
}

/** `el` was repainted by other means: it no longer needs catching up. */
function settled(el: Element): void {
  if (pending.delete(el)) el.removeAttribute('data-pending');
}

/**
 * Watches `cell` for the widget `el` as `nb.watch` does, but only while `el` is near the
 * viewport; an edit made while it is far repaints it in idle time instead. Returns the
 * function that stops watching.
 */
export function watchWhenNear(
  el: Element,
  nb: Notebook,
  cell: string,
  repaint: (state: CellState) => void,
): () => void {
  const near = nearness(el);
  const unwatch = nb.watch(
    cell,
    (state) => {
      settled(el);
      repaint(state);
    },
    near,
  );
  const unflush = nb.onFlush(() => {
    if (!near.peek()) catchUp(el, () => repaint(nb.state(cell)));
  });
  return () => {
    unwatch();
    unflush();
    forget(el);
  };
}
