import { defineConfig } from 'vitest/config';

/*
 * Every wait has a budget written here, sized for a busy two-core machine (a full run next
 * to other builds took three to four times as long as on a quiet one): no test is decided by a
 * default. Waits are on conditions, so a generous budget costs nothing when things are fast.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          exclude: ['tests/browser/**'],
          typecheck: { enabled: true, include: ['tests/**/*.test-d.ts'] },
          // Some tests do real work outside the test runner (Python, a build of the
          // word-vector asset, property runs of hundreds of cases).
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          // One Chromium at a time on a two-core machine.
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A poll re-reads the page until it shows what the engine computed: the page may
          // need several seconds to recompute and repaint when the machine is loaded.
          expect: { poll: { timeout: 30_000, interval: 50 } },
        },
      },
    ],
  },
});
