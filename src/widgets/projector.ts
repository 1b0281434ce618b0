/** Large type and high contrast for a room: a toggle remembered across pages. */
const KEY = 'attention-step-by-step:projector';

export function setUpProjectorToggle(): void {
  const button = document.getElementById('projector-toggle');
  if (!button) return;
  const root = document.documentElement;
  const sync = (): void =>
    button.setAttribute('aria-pressed', String(root.hasAttribute('data-projector')));
  button.hidden = false;
  sync();
  button.addEventListener('click', () => {
    const on = !root.hasAttribute('data-projector');
    root.toggleAttribute('data-projector', on);
    try {
      localStorage.setItem(KEY, on ? '1' : '0');
    } catch {
      // Private browsing: the mode still applies to this page.
    }
    sync();
    // Larger type changes which formulas are too wide for the page.
    dispatchEvent(new Event('resize'));
  });
}
