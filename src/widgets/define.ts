/**
 * Defines one custom element, once. Each widget's Astro component carries a `<script>`
 * that defines its element, so a page loads the code of the widgets it shows and no
 * other (Astro writes each component's script once per page, and Vite shares the common
 * code between them as chunks). A script runs after the page is parsed: the element then
 * upgrades every copy of its tag at once, over the numbers the build already wrote.
 */
export function define(name: string, ctor: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, ctor);
}
