// Before the first paint, so a projector never flashes the small layout: loaded as a
// classic, blocking file (the site's policy runs no inline script).
try {
  if (localStorage.getItem('attention-step-by-step:projector') === '1') {
    document.documentElement.setAttribute('data-projector', '');
  }
} catch {
  // Storage refused (private mode, a sandbox): the normal layout.
}
