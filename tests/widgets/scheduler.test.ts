import { describe, expect, it } from 'vitest';
import { frameScheduler } from '../../src/widgets/scheduler.ts';

/** A fake display: frames run only when the test says so. */
function fakeFrames() {
  const queue: (() => void)[] = [];
  return {
    raf: (cb: () => void) => queue.push(cb),
    frame: () => queue.splice(0).forEach((cb) => cb()),
    pending: () => queue.length,
  };
}

describe('frameScheduler', () => {
  it('applies a lone edit at the end of its task, before the next frame', async () => {
    const f = fakeFrames();
    const schedule = frameScheduler(f.raf);
    let flushes = 0;
    schedule(() => flushes++);
    expect(flushes).toBe(0);
    await Promise.resolve();
    expect(flushes).toBe(1);
  });

  it('holds edits that keep coming within a frame to one flush in the next frame', async () => {
    const f = fakeFrames();
    const schedule = frameScheduler(f.raf);
    let flushes = 0;
    schedule(() => flushes++);
    await Promise.resolve();
    schedule(() => flushes++);
    schedule(() => flushes++);
    schedule(() => flushes++);
    await Promise.resolve();
    expect(flushes).toBe(1);
    f.frame();
    expect(flushes).toBe(2);
    f.frame(); // a quiet frame releases the scheduler
    schedule(() => flushes++);
    await Promise.resolve();
    expect(flushes).toBe(3);
  });

  it('never flushes more than once per frame under a stream of edits', async () => {
    const f = fakeFrames();
    const schedule = frameScheduler(f.raf);
    let flushes = 0;
    for (let frame = 0; frame < 10; frame++) {
      for (let k = 0; k < 5; k++) schedule(() => flushes++);
      await Promise.resolve();
      f.frame();
    }
    expect(flushes).toBeLessThanOrEqual(11);
    expect(flushes).toBeGreaterThanOrEqual(10);
  });
});
