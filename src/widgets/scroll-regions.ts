/**
 * A display formula wider than a phone scrolls sideways; a region that scrolls must be
 * reachable by keyboard. Formulas that overflow get a tab stop and a name; the rest none.
 */
export function makeWideFormulasFocusable(): void {
  const update = (): void => {
    for (const el of document.querySelectorAll<HTMLElement>('.katex-display')) {
      const wide = el.scrollWidth > el.clientWidth + 1;
      if (wide && !el.hasAttribute('tabindex')) {
        el.tabIndex = 0;
        el.setAttribute('role', 'group');
        el.setAttribute('aria-label', 'Formula (scrolls sideways)');
      } else if (!wide && el.getAttribute('role') === 'group') {
        el.removeAttribute('tabindex');
        el.removeAttribute('role');
        el.removeAttribute('aria-label');
      }
    }
  };
  update();
  let timer: ReturnType<typeof setTimeout> | undefined;
  addEventListener('resize', () => {
    clearTimeout(timer);
    timer = setTimeout(update, 150);
  });
}
