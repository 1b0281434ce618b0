/**
 * Reading text that names cells by typeset symbols: each KaTeX formula in it is read as
 * its TeX source (KaTeX keeps it in an <annotation>), so "flows into A" or "row 7 of
 * W_{Q}" can be compared with what the page should say.
 */
import type { Locator } from 'playwright-core';

/** The text of `locator`'s first element, with every typeset formula as its TeX. */
export function texOf(locator: Locator): Promise<string> {
  return locator.first().evaluate((el) => {
    const copy = el.cloneNode(true) as Element;
    for (const k of copy.querySelectorAll('.katex'))
      k.replaceWith(k.querySelector('annotation')?.textContent ?? '');
    return copy.textContent ?? '';
  });
}

/** The same for each element `locator` matches. */
export function texOfAll(locator: Locator): Promise<string[]> {
  return locator.evaluateAll((els) =>
    els.map((el) => {
      const copy = el.cloneNode(true) as Element;
      for (const k of copy.querySelectorAll('.katex'))
        k.replaceWith(k.querySelector('annotation')?.textContent ?? '');
      return copy.textContent ?? '';
    }),
  );
}
