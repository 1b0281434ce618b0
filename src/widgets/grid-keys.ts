/**
 * Moving through a grid by keyboard. A grid of numbers is one tab stop, and the arrow
 * keys move between its shown entries; in a grid of fields, `matrix-element` moves the
 * same way from field to field. A large grid hides a middle stretch of rows or columns:
 * an arrow jumps over it to the next entry that is shown.
 */

const MOVES: Record<string, readonly [number, number]> = {
  ArrowUp: [-1, 0],
  ArrowDown: [1, 0],
  ArrowLeft: [0, -1],
  ArrowRight: [0, 1],
};

/**
 * The shown entry (a number's cell, or an input grid's field) one arrow `key` away from
 * `from` in its grid, or null at the edge or for any other key.
 */
export function neighbour(from: HTMLElement, key: string): HTMLElement | null {
  const step = MOVES[key];
  const table = from.closest<HTMLTableElement>('table.nb-grid');
  if (!step || !table) return null;
  const i = Number(from.dataset['i']);
  const j = Number(from.dataset['j']);
  const limit = Math.max(Number(table.dataset['rows'] ?? 0), Number(table.dataset['cols'] ?? 0));
  for (let k = 1; k <= limit; k++) {
    const next = table.querySelector<HTMLElement>(
      `[data-i="${i + k * step[0]}"][data-j="${j + k * step[1]}"]`,
    );
    if (next) return next;
  }
  return null;
}

/**
 * Makes every grid of numbers inside `host` one tab stop (its first entry, until the
 * reader moves) that the arrow keys move through.
 */
export function roveWithArrows(host: HTMLElement): void {
  host
    .querySelectorAll('table.nb-grid')
    .forEach((table) =>
      table
        .querySelectorAll<HTMLElement>('td[data-i]')
        .forEach((td, k) => (td.tabIndex = k === 0 ? 0 : -1)),
    );
  host.addEventListener('keydown', (e) => {
    const td = e.target instanceof Element ? e.target.closest<HTMLElement>('td[data-i]') : null;
    if (!td) return;
    const next = neighbour(td, e.key);
    if (!next) return;
    e.preventDefault();
    td.tabIndex = -1;
    next.tabIndex = 0;
    next.focus();
  });
}
