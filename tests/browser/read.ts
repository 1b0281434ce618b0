/**
 * Reading the numbers a chapter page shows. A grid far from the viewport catches up with
 * an edit in idle time (it is marked `data-pending` until then), so every read first waits
 * until no widget is pending: what it returns is what the reader would see on scrolling.
 */
import type { Locator, Page } from 'playwright-core';
import { WAIT } from './harness.ts';

/** Waits until every widget on the page shows the numbers of the last edit. */
export async function current(scope: Page | Locator): Promise<void> {
  const page = 'page' in scope ? scope.page() : scope;
  await page.waitForFunction(() => !document.querySelector('[data-pending]'), null, WAIT);
}

/** The number in an entry's accessible name ("E row 2 column 3: −0.25"). */
export const labelNumber = (label: string): number =>
  Number(label.split(': ')[1]!.replace('−', '-').replace('∞', 'Infinity'));

/** The selector of a derived matrix's shown entry, counted from 0. */
export const shownEntry = (cell: string, i: number, j: number): string =>
  `nb-matrix[data-cell="${cell}"] td[aria-label^="${cell} row ${i + 1} column ${j + 1}:"]`;

/** The exact value of a derived matrix's entry, as its accessible name gives it. */
export async function shownValue(
  scope: Page | Locator,
  cell: string,
  i: number,
  j: number,
): Promise<number> {
  await current(scope);
  const label = await scope
    .locator(shownEntry(cell, i, j))
    .first()
    .getAttribute('aria-label');
  return labelNumber(label ?? '');
}

/** Every exact value a derived matrix shows, row by row (a large grid's hidden ones left out). */
export async function shownRows(page: Page, cell: string): Promise<number[][]> {
  await current(page);
  const rows = await page
    .locator(`nb-matrix[data-cell="${cell}"]`)
    .first()
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td[aria-label]')].map((td) => td.getAttribute('aria-label')!),
      ),
    );
  return rows.filter((r) => r.length > 0).map((r) => r.map(labelNumber));
}
