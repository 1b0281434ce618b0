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
 *
 * Asked for during an edit, the browser's next idle period can come before the frame that
 * shows the edit: a plot drawn then would put its own style, layout and paint into that
 * frame, and hold it back. So the idle period waited for is the one after the next frame.
 */
export function whenIdle(task: (deadline?: IdleDeadline) => void, timeout: number): void {
  const idle = (): void => {
    if (typeof requestIdleCallback === 'function') requestIdleCallback(task, { timeout });
    else setTimeout(task, 16);
  };
  // A page in a background tab draws no frames: its idle work still runs.
  if (
    typeof requestAnimationFrame === 'function' &&
    typeof document !== 'undefined' &&
    document.visibilityState === 'visible'
  )
    requestAnimationFrame(idle);
  else idle();
}
