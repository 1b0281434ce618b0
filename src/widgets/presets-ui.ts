/**
 * The toolbar's examples: the chapter's named presets, and a random example from a seed
 * the reader can see and type (the same seed always gives the same numbers).
 */
import { matrix, type Matrix } from '../engine/index.ts';
import type { Notebook } from '../notebook/notebook.ts';
import { echo } from '../notebook/echo.ts';
import { numbersReplaced, showProseNote } from './page-notebook.ts';
import {
  isOrder,
  isSeed,
  presetNumber,
  randomMatrices,
  ranksOf,
  type Preset,
} from '../notebook/presets.ts';

/** Every matrix input with its current shape, in the chapter's order. */
export function inputShapes(nb: Notebook): [string, number, number][] {
  const out: [string, number, number][] = [];
  for (const [name, cell] of nb.cells) {
    if (cell.kind !== 'matrix') continue;
    const v = nb.inputValue(name) as Matrix;
    out.push([name, v.rows, v.cols]);
  }
  return out;
}

export function setUpPresets(
  toolbar: HTMLElement,
  nb: Notebook,
  say: (text: string) => void,
): void {
  const select = toolbar.querySelector<HTMLSelectElement>('select[name="preset"]');
  const seedField = toolbar.querySelector<HTMLInputElement>('input[name="seed"]');
  const random = toolbar.querySelector<HTMLButtonElement>('[data-action="random"]');
  let presets: Preset[] = [];
  try {
    presets = JSON.parse(document.getElementById('nb-presets')?.textContent ?? '[]') as Preset[];
  } catch {
    presets = [];
  }

  select?.addEventListener('change', () => {
    const p = presets[Number(select.value)];
    if (!p || select.value === '') return;
    nb.reset();
    // Scalars first, so a matrix that follows a slider takes the preset's size.
    const entries = Object.entries(p.cells).sort(
      ([, a], [, b]) => Number(Array.isArray(a)) - Number(Array.isArray(b)),
    );
    for (const [name, v] of entries) {
      nb.set(
        name,
        Array.isArray(v)
          ? matrix(
              v.map((r: readonly (number | string)[]) => r.map((x) => presetNumber(x as number))),
            )
          : presetNumber(v as number),
      );
    }
    if (seedField) seedField.value = '';
    numbersReplaced();
    say(`Example “${p.name}”${p.description ? `: ${p.description}` : ''}.`);
    showProseNote(
      `Example “${p.name}”: the chapter’s text describes its own numbers, not these, so what it says about a particular number may not hold here. “Reset numbers” brings the chapter’s numbers back.`,
    );
  });

  const applySeed = (seed: number): void => {
    for (const [name, rows] of randomMatrices(inputShapes(nb), seed)) {
      const order = isOrder((nb.defaultValue(name) as Matrix).toArray());
      nb.set(name, matrix(order ? ranksOf(rows) : rows));
    }
    if (select) select.value = '';
    numbersReplaced();
    say(`Random example, seed ${seed}: typing the same seed gives the same numbers.`);
    showProseNote(
      `Random numbers (seed ${seed}): the chapter’s text describes its own numbers, not these, so what it says about a particular number may not hold here. “Reset numbers” brings the chapter’s numbers back.`,
    );
  };
  random?.addEventListener('click', () => {
    const seed = 1 + Math.floor(Math.random() * 99999);
    if (seedField) seedField.value = String(seed);
    applySeed(seed);
  });
  seedField?.addEventListener('change', () => {
    if (seedField.value.trim() === '') return;
    if (!isSeed(seedField.value)) {
      say(`“${echo(seedField.value)}” is not a seed: type a whole number from 1 to 99999.`);
      return;
    }
    applySeed(Number(seedField.value));
  });
  seedField?.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') seedField.dispatchEvent(new Event('change'));
  });
  toolbar.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
    if (select) select.value = '';
    if (seedField) seedField.value = '';
  });
}
