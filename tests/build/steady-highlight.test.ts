/**
 * Highlighting does not depend on how busy the build machine is: Shiki's per-line time
 * limit, hit on a loaded machine, leaves the rest of a line plain, so the transformer lifts
 * it. Here the limit is made tiny to stand for a machine slow enough to hit it.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeToHtml } from 'shiki';
import { steadyHighlight } from '../../src/build/steady-highlight.ts';

const listing = readFileSync(
  join(import.meta.dirname, '../../content/code/self_attention.py'),
  'utf8',
);
const THEME = 'github-light-high-contrast';

describe('steady highlighting', () => {
  it('tokenizes every line to its end even when the time limit would stop it', async () => {
    const steady = await codeToHtml(listing, { lang: 'python', theme: THEME });
    const rushed = await codeToHtml(listing, {
      lang: 'python',
      theme: THEME,
      tokenizeTimeLimit: 1e-9,
    });
    // Without the transformer, a limit that is hit changes the markup (the test can fail).
    expect(rushed).not.toBe(steady);
    const kept = await codeToHtml(listing, {
      lang: 'python',
      theme: THEME,
      tokenizeTimeLimit: 1e-9,
      transformers: [steadyHighlight],
    });
    expect(kept).toBe(steady);
  });
});
