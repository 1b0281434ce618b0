/**
 * What every page must be, checked the same way by every chapter's tests: no axe
 * violations, and nothing that scrolls sideways at the viewport's width.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The two viewports every chapter is checked at. */
export const VIEWPORTS = [
  ['desktop', { width: 1280, height: 900 }],
  ['phone', { width: 390, height: 844 }],
] as const;

/**
 * Axe's violations on the page (or only inside `include`, a selector), one line each:
 * the rule, how many elements break it, its help text and the first such element.
 *
 * Every rule runs over the whole page (or `include`). Axe runs in the page itself
 * (`axe.run`, the builder's legacy mode; the site has no frames) and writes out
 * only the violating elements: by default the builder serialises every element every rule
 * passed, with a CSS selector apiece, and copies that to a second page, which took five
 * to eight times as long as the checks on a chapter of several thousand elements.
 */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).setLegacyMode().options({ resultTypes: ['violations'] });
  if (include) builder.include(include);
  const result = await builder.analyze();
  return result.violations.map(
    (v) => `${v.id}: ${v.nodes.length} ${v.help} ${v.nodes[0]?.target.join(' ') ?? ''}`,
  );
}

/** How far the page scrolls sideways past the viewport: 0 or less when it fits. */
export const sideways = (page: Page): Promise<number> =>
  page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
