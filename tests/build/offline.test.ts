/** The build's parts for hosting: links under a sub-path, and the worker's file. */
import { describe, expect, it } from 'vitest';
import { baseLinks, workerSource, CACHE_PREFIX } from '../../src/build/offline.ts';

describe('baseLinks', () => {
  it('puts the site’s own links under the base, once', () => {
    const html =
      '<a href="/chapters/masking/">x</a> <a class="c" href="/references/#su2021">r</a>' +
      ' <a href="/course/glossary/">g</a> <a href="https://example.org/">e</a>' +
      ' <a href="//cdn.example/">p</a> <a href="#top">t</a> <link href="/x.css">';
    expect(baseLinks(html, '/course/')).toBe(
      '<a href="/course/chapters/masking/">x</a> <a class="c" href="/course/references/#su2021">r</a>' +
        ' <a href="/course/glossary/">g</a> <a href="https://example.org/">e</a>' +
        ' <a href="//cdn.example/">p</a> <a href="#top">t</a> <link href="/x.css">',
    );
    expect(baseLinks(html, '/')).toBe(html);
    // The base itself, written without its slash, is not doubled.
    expect(baseLinks('<a href="/course">home</a>', '/course/')).toBe('<a href="/course">home</a>');
  });
});

describe('workerSource', () => {
  it('fills in the version, the base and the files as JavaScript literals', () => {
    const out = workerSource(
      'const VERSION = __VERSION__; const PREFIX = __PREFIX__; const BASE = __BASE__; const FILES = new Set(__FILES__);',
      'abc123',
      '/course/',
      ['/course/', '/course/sw"x.js'],
    );
    expect(out).toBe(
      `const VERSION = "${CACHE_PREFIX}abc123"; const PREFIX = "${CACHE_PREFIX}"; const BASE = "/course/"; const FILES = new Set(["/course/","/course/sw\\"x.js"]);`,
    );
  });
});
