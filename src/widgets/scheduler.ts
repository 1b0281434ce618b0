/**
 * When a batch of edits is applied. An edit after a quiet spell is applied at the end of
 * its own task, so it reaches the very next frame; edits that keep coming within that
 * frame wait for the next animation frame. Either way: at most one recompute a frame.
 */
export function frameScheduler(
  raf: (cb: () => void) => void = (cb) => requestAnimationFrame(() => cb()),
) {
  let coolingDown = false;
  let waiting: (() => void) | null = null;
  return (flush: () => void): void => {
    if (coolingDown) {
      waiting = flush;
      return;
    }
    coolingDown = true;
    queueMicrotask(flush);
    const release = (): void => {
      if (waiting) {
        const f = waiting;
        waiting = null;
        f();
        raf(release);
      } else {
        coolingDown = false;
      }
    };
    raf(release);
  };
}

/**
 * Runs `task` when the browser is idle, and within `timeout` ms in any case: work that
 * must not hold up the frames showing an edit (plots, widgets far from the viewport).
 */
export function whenIdle(task: (deadline?: IdleDeadline) => void, timeout: number): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout });
  else setTimeout(task, 16);
}
