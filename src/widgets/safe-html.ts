/**
 * Style attributes, which the site's policy refuses (`style-src-attr 'none'`), moved out of
 * markup. One tokenizer serves the build (src/build/style-attributes.ts turns each into a
 * class) and the browser (`setHtml` turns each into CSSOM, which the policy allows). A
 * style attribute must never reach an HTML parser: even a <template> or a DOMParser
 * document reports it as a violation.
 */

/** Raw-text elements (whose content is not markup), comments, and start tags. */
const TOKEN =
  /<!--[\s\S]*?-->|<(script|style|textarea|title)\b(?:[^>"']|"[^"]*"|'[^']*')*>[\s\S]*?<\/\1\s*>|<[a-zA-Z][^\s/>]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
const ATTRIBUTE = /(\s+)([^\s"'>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g;

const decode = (s: string): string =>
  s
    .replace(/&quot;|&#34;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const encode = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

const unquote = (v: string): string =>
  v.startsWith('"') || v.startsWith("'") ? v.slice(1, -1) : v;

/** `height:0.69em;vertical-align:-0.1em;` and `height: 0.69em; vertical-align: -0.1em` alike. */
export function normaliseDeclarations(declarations: string): string {
  return declarations
    .split(';')
    .map((d) => {
      const colon = d.indexOf(':');
      return colon < 0 ? d.trim() : `${d.slice(0, colon).trim()}:${d.slice(colon + 1).trim()}`;
    })
    .filter(Boolean)
    .join(';');
}

/**
 * `html` with every style attribute replaced by what `move` makes of its declarations
 * (normalised): an attribute, or a class added to the element's own classes.
 */
export function moveStyleAttributes(
  html: string,
  move: (declarations: string) => { readonly name: string; readonly value: string },
): string {
  return html.replace(TOKEN, (tag, rawText?: string) => {
    if (rawText || tag.startsWith('<!--') || !/\sstyle\s*=/i.test(tag)) return tag;
    const head = /^<[^\s/>]+/.exec(tag)![0];
    const tail = /\s*\/?>$/.exec(tag)![0];
    let style = '';
    let classAt = -1;
    const parts: string[] = [];
    for (const m of tag.slice(head.length, tag.length - tail.length).matchAll(ATTRIBUTE)) {
      const name = m[2]!.toLowerCase();
      if (name === 'style') style = normaliseDeclarations(decode(unquote(m[3] ?? '')));
      else {
        if (name === 'class') classAt = parts.length;
        parts.push(m[0]);
      }
    }
    if (style) {
      const { name, value } = move(style);
      if (name === 'class' && classAt >= 0) {
        const m = /^(\s+class\s*=\s*)(.*)$/is.exec(parts[classAt]!)!;
        parts[classAt] = `${m[1]}"${unquote(m[2]!)} ${encode(value)}"`;
      } else parts.push(` ${name}="${encode(value)}"`);
    }
    return head + parts.join('') + tail;
  });
}

const STASH = 'data-inline-style';

/** Markup made in the browser as nodes, its styles set through CSSOM. */
export function htmlFragment(html: string): DocumentFragment {
  const template = document.createElement('template');
  template.innerHTML = moveStyleAttributes(html, (value) => ({ name: STASH, value }));
  for (const el of template.content.querySelectorAll<HTMLElement | SVGElement>(`[${STASH}]`)) {
    el.style.cssText = el.getAttribute(STASH) ?? '';
    el.removeAttribute(STASH);
  }
  return template.content;
}

/** `el.innerHTML = html`, with the styles in `html` kept under the policy. */
export function setHtml(el: Element, html: string): void {
  el.replaceChildren(htmlFragment(html));
}
