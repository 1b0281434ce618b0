/** Which chapters this browser has opened, for the contents page. */
const KEY = 'attention-step-by-step:visited';

export function visitedChapters(): Set<string> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string') : []);
  } catch {
    return new Set();
  }
}

export function markVisited(): void {
  const id = document.querySelector<HTMLElement>('article[data-chapter]')?.dataset['chapter'];
  if (!id) return;
  const seen = visitedChapters();
  seen.add(id);
  try {
    localStorage.setItem(KEY, JSON.stringify([...seen]));
  } catch {
    // Without storage the contents page simply shows nothing as visited.
  }
}

export function showVisited(): void {
  const seen = visitedChapters();
  for (const li of document.querySelectorAll<HTMLElement>('[data-chapter-id]')) {
    const mark = li.querySelector<HTMLElement>('.visited');
    if (mark) mark.hidden = !seen.has(li.dataset['chapterId'] ?? '');
  }
}
