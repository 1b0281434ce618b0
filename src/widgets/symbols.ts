/**
 * A cell named as the page writes it: its symbol typeset with KaTeX at build time (the
 * chapter page keeps one copy of each in `<template id="nb-symbols">`), so the step bar,
 * its labels, "explain this number" and the page's messages never show a code name
 * (`weights`, `dE`) and the browser needs no KaTeX of its own.
 */
import type { Notebook } from '../notebook/notebook.ts';
import { cellSymbol } from '../notebook/tex.ts';

/** Marks a cell's name inside a message, to be typeset where the message is shown. */
const OPEN = '\u27e6';
const CLOSE = '\u27e7';
export const cellRef = (name: string): string => `${OPEN}${name}${CLOSE}`;
const REF = /\u27e6([^\u27e6\u27e7]{1,200})\u27e7/g;

let templates: Map<string, Element> | null = null;

function typeset(name: string): Element | undefined {
  if (!templates) {
    templates = new Map();
    const t = document.getElementById('nb-symbols');
    if (t instanceof HTMLTemplateElement)
      for (const el of t.content.querySelectorAll<HTMLElement>('[data-symbol]'))
        templates.set(el.dataset['symbol']!, el);
  }
  return templates.get(name);
}

/** Cell `name`'s symbol as a node: typeset when the page has it, else its plain symbol. */
export function symbolNode(nb: Notebook, name: string): Node {
  const el = typeset(name);
  if (el) return el.cloneNode(true);
  const span = document.createElement('span');
  span.className = 'nb-symbol';
  span.textContent = cellSymbol(nb.cells, name);
  return span;
}

/** Nodes for `text` with every `cellRef` in it typeset. */
export function withSymbols(nb: Notebook, text: string): Node[] {
  const out: Node[] = [];
  let at = 0;
  for (const m of text.matchAll(REF)) {
    if (m.index > at) out.push(document.createTextNode(text.slice(at, m.index)));
    const name = m[1]!;
    out.push(nb.has(name) ? symbolNode(nb, name) : document.createTextNode(name));
    at = m.index + m[0].length;
  }
  if (at < text.length) out.push(document.createTextNode(text.slice(at)));
  return out;
}

/** `text` with each `cellRef` as its plain symbol: for a title or an accessible name. */
export const plainRefs = (nb: Notebook, text: string): string =>
  text.replace(REF, (_, name: string) => (nb.has(name) ? cellSymbol(nb.cells, name) : name));
