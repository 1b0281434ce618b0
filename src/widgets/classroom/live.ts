/**
 * A live session, loaded only when one is started or joined. The teacher's page writes its
 * chapter, step mode and input numbers into a shared Yjs map; every student's page follows
 * it. See src/classroom/protocol.ts for the map and the rules the server enforces.
 *
 * - Teacher: the session bar (code, how many students, the join code with its QR code, a
 *   question for the class and its answers as a histogram of counts, end the session).
 * - Student: a banner (following, or exploring alone with one button to follow again);
 *   the session's numbers are shown but never saved over the student's own.
 */
import { HocuspocusProvider, WebSocketStatus } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { matrix } from '../../engine/index.ts';
import type { Notebook } from '../../notebook/notebook.ts';
import { valueProblems, type CellValue, type PresetTarget } from '../../notebook/presets.ts';
import {
  STUDENT_TOKEN,
  TEACHER_PREFIX,
  cellKey,
  documentName,
  fromWire,
  newCode,
  normaliseCode,
  tally,
  toWire,
  type Question,
  type Verdict,
} from '../../classroom/protocol.ts';
import { holdSaving, numbersReplaced } from '../page-notebook.ts';
import { SESSION_KEY } from '../classroom-entry.ts';
import { qrSvg } from './qr.ts';
import '../../styles/classroom.css';

interface Saved {
  readonly code: string;
  readonly role: 'teacher' | 'student';
  readonly secret?: string;
  /** A student following the teacher (true) or exploring alone (false). */
  following?: boolean;
  /** The receipt of this student's last answer, so a new one replaces it. */
  receipt?: string;
}

const BASE = import.meta.env.BASE_URL.replace(/\/$/, '');
/** A server on another origin, set at build time; otherwise the site's own. */
const SERVER: string = (import.meta.env['PUBLIC_CLASSROOM_URL'] as string | undefined) || '';

const serverOrigin = (): string => (SERVER ? new URL(SERVER).origin : location.origin);
const socketUrl = (): string => `${serverOrigin().replace(/^http/, 'ws')}/classroom`;

function readSaved(): Saved | null {
  try {
    const raw = JSON.parse(sessionStorage.getItem(SESSION_KEY) ?? 'null') as Saved | null;
    return raw && normaliseCode(raw.code) && (raw.role === 'teacher' || raw.role === 'student')
      ? raw
      : null;
  } catch {
    return null;
  }
}

function writeSaved(s: Saved | null): void {
  try {
    if (s) sessionStorage.setItem(SESSION_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(SESSION_KEY);
  } catch {
    // Storage off: the session lasts as long as this page.
  }
}

function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Whether a session server answers; the dialog explains how to run one when none does. A
 * static host answers with public/classroom/health (`{"ok": false}`), so asking costs no
 * failed request; the session server answers the same path itself.
 */
/** How long the dialog waits for the session server before saying it does not answer. */
const HEALTH_MS = 10_000;

async function serverUp(): Promise<{ ok: boolean; lan: string[]; port?: number }> {
  try {
    const r = await fetch(`${serverOrigin()}/classroom/health`, {
      cache: 'no-store',
      signal: AbortSignal.timeout(HEALTH_MS),
    });
    if (!r.ok) return { ok: false, lan: [] };
    const body = (await r.json()) as { ok?: unknown; lan?: unknown; port?: unknown };
    return {
      ok: body.ok === true,
      lan: Array.isArray(body.lan)
        ? body.lan.filter((a): a is string => typeof a === 'string')
        : [],
      ...(typeof body.port === 'number' ? { port: body.port } : {}),
    };
  } catch {
    return { ok: false, lan: [] };
  }
}

const chapterId = (nb: Notebook): string => nb.id;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (props.className) e.className = props.className;
  if (props.text !== undefined) e.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

const button = (text: string, action: string): HTMLButtonElement =>
  el('button', { text, attrs: { type: 'button', 'data-session': action } });

/* ------------------------------------------------------------------ the dialog */

let dialog: HTMLDialogElement | null = null;

/** The toolbar button: start a session, join one, or (in one) show where it stands. */
export async function openSessionDialog(nb: Notebook, opener: HTMLButtonElement): Promise<void> {
  if (current) {
    if (current.role === 'teacher') current.showJoinCode();
    else current.banner.querySelector<HTMLButtonElement>('button')?.focus();
    return;
  }
  dialog?.remove();
  const status = el('p', { className: 'nb-session-status', attrs: { role: 'status' } });
  const start = button('Start a session', 'start');
  const codeField = el('input', {
    attrs: {
      id: 'nb-session-code',
      name: 'session-code',
      autocomplete: 'off',
      autocapitalize: 'characters',
      spellcheck: 'false',
      maxlength: '9',
      size: '9',
    },
  });
  const join = el('button', { text: 'Join', attrs: { type: 'submit' } });
  const codeNote = el('p', {
    className: 'nb-session-status',
    attrs: { id: 'nb-session-code-note', role: 'status' },
  });
  codeField.setAttribute('aria-describedby', 'nb-session-code-note');
  const form = el(
    'form',
    { className: 'nb-session-join-form' },
    el('label', { text: 'Code ', attrs: { for: 'nb-session-code' } }),
    codeField,
    ' ',
    join,
  );
  const close = button('Close', 'close');
  dialog = el(
    'dialog',
    { className: 'nb-session-dialog', attrs: { 'aria-labelledby': 'nb-session-title' } },
    el('h2', { text: 'Live session', attrs: { id: 'nb-session-title' } }),
    el('p', {
      text: 'Start a session and your class follows this page as you teach: the chapter, the step and every number you change. Students join from a laptop or a phone with a short code or a QR code, and may explore on their own at any time.',
    }),
    status,
    el('div', { className: 'nb-session-actions' }, start),
    el('h3', { text: 'Join a session' }),
    el('p', { text: 'Type the code shown by your teacher.' }),
    form,
    codeNote,
    el('div', { className: 'nb-session-actions' }, close),
  );
  document.body.append(dialog);
  const d = dialog;
  close.addEventListener('click', () => d.close());
  d.addEventListener('close', () => {
    d.remove();
    if (dialog === d) dialog = null;
    opener.focus();
  });
  d.showModal();

  start.disabled = true;
  join.disabled = true;
  status.textContent = 'Looking for the session server…';
  const health = await serverUp();
  if (!d.open) return;
  start.disabled = false;
  join.disabled = false;
  status.textContent = '';
  if (!health.ok) {
    start.disabled = true;
    join.disabled = true;
    status.dataset['tone'] = 'error';
    status.textContent = SERVER
      ? `No session server answers at ${serverOrigin()}. Ask whoever runs it to start it (npm run classroom).`
      : 'Live sessions need the session server, which this site is not served from. In the project folder, run “npm run classroom”: it serves the site and the sessions together and prints the address to open, here and on your students’ devices.';
    return;
  }
  start.addEventListener('click', () => {
    d.close();
    const s: Saved = { code: newCode(cryptoRandom), role: 'teacher', secret: newSecret() };
    writeSaved(s);
    connect(nb, s, opener, health);
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const code = normaliseCode(codeField.value);
    if (!code) {
      codeNote.dataset['tone'] = 'error';
      codeNote.textContent = 'A code is six letters and digits, such as K7QM2X.';
      codeField.setAttribute('aria-invalid', 'true');
      codeField.focus();
      return;
    }
    d.close();
    const s: Saved = { code, role: 'student', following: true };
    writeSaved(s);
    connect(nb, s, opener, health);
  });
}

function cryptoRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! / 2 ** 32;
}

/** At page load: a `?join=` address, or the session this tab was in before it navigated. */
export async function resume(
  nb: Notebook,
  opener: HTMLButtonElement,
  join: string | null,
): Promise<void> {
  let s = readSaved();
  if (join !== null) {
    const url = new URL(location.href);
    url.searchParams.delete('join');
    history.replaceState(history.state, '', url.href);
    const code = normaliseCode(join);
    if (code && !(s && s.code === code)) s = { code, role: 'student', following: true };
    else if (!code) {
      opener
        .closest('nb-toolbar')
        ?.querySelector('[role="status"]')
        ?.replaceChildren('That join link has no valid session code.');
      return;
    }
  }
  if (!s) return;
  writeSaved(s);
  connect(nb, s, opener, await serverUp());
}

/* ------------------------------------------------------------------ the session */

interface Hooks {
  readonly leave: (focus?: boolean) => void;
  readonly listen: (type: string, f: (e: Event) => void) => void;
  readonly onFlush: (f: () => void) => void;
  readonly alive: () => boolean;
}

interface Live {
  readonly role: 'teacher' | 'student';
  readonly banner: HTMLElement;
  showJoinCode(): void;
}
let current: Live | null = null;

function connect(
  nb: Notebook,
  saved: Saved,
  opener: HTMLButtonElement,
  health: { lan: string[]; port?: number },
): void {
  const doc = new Y.Doc();
  const map = doc.getMap<unknown>('state');
  const provider = new HocuspocusProvider({
    url: socketUrl(),
    name: documentName(saved.code),
    token: saved.role === 'teacher' ? `${TEACHER_PREFIX}${saved.secret}` : STUDENT_TOKEN,
    document: doc,
    // Reconnect soon after a restart of the server or a dropped network.
    delay: 300,
    factor: 1.5,
    minDelay: 200,
    maxDelay: 3000,
  } as ConstructorParameters<typeof HocuspocusProvider>[0]);
  provider.awareness?.setLocalStateField('role', saved.role);
  holdSaving(saved.role === 'student');
  opener.setAttribute('aria-pressed', 'true');
  const banner = el('section', {
    className: 'nb-session',
    attrs: { 'aria-label': 'Live session', 'data-role': saved.role },
  });
  const article = opener.closest('article');
  (document.getElementById('nb-banner') ?? opener.closest('nb-toolbar'))?.after(banner);
  if (!article) document.body.prepend(banner);
  const line = el('p', { className: 'nb-session-line', attrs: { role: 'status' } });
  const connection = el('span', { className: 'nb-session-connection' });
  banner.append(line);

  /** What to undo on leaving: the listeners on the notebook and the document. */
  const disposers: (() => void)[] = [];
  let left = false;
  const leave = (focus = true): void => {
    if (left) return;
    left = true;
    for (const d of disposers) d();
    writeSaved(null);
    holdSaving(false);
    banner.remove();
    current = null;
    opener.setAttribute('aria-pressed', 'false');
    if (focus) opener.focus();
    // Not inside a Yjs callback: the provider may still be delivering.
    setTimeout(() => {
      provider.destroy();
      doc.destroy();
    }, 0);
  };
  const listen = (type: string, f: (e: Event) => void): void => {
    document.addEventListener(type, f);
    disposers.push(() => document.removeEventListener(type, f));
  };
  const onFlush = (f: () => void): void => {
    disposers.push(nb.onFlush(f));
  };
  const hooks = { leave, listen, onFlush, alive: () => !left };

  provider.on('status', ({ status }: { status: WebSocketStatus }) => {
    banner.dataset['status'] = status;
    connection.textContent = status === WebSocketStatus.Connected ? '' : ' · reconnecting…';
  });
  provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
    if (saved.role === 'teacher' && reason === 'session-taken') {
      // Someone else holds this code: start again under a new one.
      provider.destroy();
      banner.remove();
      current = null;
      const s: Saved = { ...saved, code: newCode(cryptoRandom) };
      writeSaved(s);
      connect(nb, s, opener, health);
      return;
    }
    provider.destroy();
    writeSaved(null);
    holdSaving(false);
    banner.dataset['tone'] = 'error';
    line.textContent =
      reason === 'no-session'
        ? `No session with the code ${saved.code} is running. Check the code with your teacher.`
        : 'The session server refused this page.';
    const close = button('Close', 'dismiss');
    close.addEventListener('click', () => {
      banner.remove();
      current = null;
      opener.setAttribute('aria-pressed', 'false');
    });
    banner.append(close);
  });

  if (saved.role === 'teacher')
    current = teacher(nb, saved, doc, map, provider, banner, line, connection, hooks, health);
  else current = student(nb, saved, map, provider, banner, line, connection, hooks);
}

/** Every input of the chapter as it should be: the shared value, or the chapter's own. */
function sharedValues(nb: Notebook, map: Y.Map<unknown>): Map<string, CellValue> | null {
  const out = new Map<string, CellValue>();
  for (const [name, cell] of nb.cells) {
    if (cell.kind === 'derived') continue;
    const wire = map.get(cellKey(chapterId(nb), name));
    const v = wire === undefined ? null : fromWire(wire);
    const d = nb.defaultValue(name);
    out.set(name, v ?? (typeof d === 'number' ? d : d.toArray()));
  }
  return valueProblems([...nb.cells.values()] as PresetTarget[], out).length === 0 ? out : null;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/* ------------------------------------------------------------------ teacher */

function teacher(
  nb: Notebook,
  saved: Saved,
  doc: Y.Doc,
  map: Y.Map<unknown>,
  provider: HocuspocusProvider,
  banner: HTMLElement,
  line: HTMLElement,
  connection: HTMLElement,
  { leave, listen, onFlush }: Hooks,
  health: { lan: string[]; port?: number },
): Live {
  const chapter = chapterId(nb);
  let step: number | null = null;
  const students = el('span', { className: 'nb-session-count' });
  const code = el('strong', { className: 'nb-session-code', text: saved.code });
  line.append('Live session ', code, ' · ', students, connection);
  const show = button('Show join code', 'show-code');
  const end = button('End session', 'end');
  const actions = el('div', { className: 'nb-session-actions' }, show, end);
  banner.append(actions);

  /** The page's numbers into the shared state: what differs from the chapter's own. */
  const push = (): void => {
    nb.flush();
    doc.transact(() => {
      if (map.get('chapter') !== chapter) map.set('chapter', chapter);
      if (map.get('step') !== step) map.set('step', step);
      for (const [name, value] of Object.entries(nb.snapshot())) {
        const key = cellKey(chapter, name);
        const d = nb.defaultValue(name);
        const isDefault = same(value, typeof d === 'number' ? d : d.toArray());
        if (isDefault) {
          if (map.has(key)) map.delete(key);
        } else {
          const wire = toWire(value);
          if (!same(map.get(key), wire)) map.set(key, wire);
        }
      }
    });
  };
  onFlush(push);
  listen('step-mode-change', (e) => {
    const d = (e as CustomEvent<{ step: number | null }>).detail;
    step = d && typeof d.step === 'number' ? d.step : null;
    push();
  });
  provider.on('synced', () => push());
  push();

  const countStudents = (): void => {
    let n = 0;
    provider.awareness?.getStates().forEach((s) => {
      if ((s as { role?: unknown }).role === 'student') n++;
    });
    students.textContent = `${n} ${n === 1 ? 'student' : 'students'}`;
    students.dataset['count'] = String(n);
  };
  provider.awareness?.on('change', countStudents);
  countStudents();

  // The join link: this page's address, or, when the teacher opened it as localhost, the
  // machine's address on the network (what the server reports), so phones can reach it.
  const joinLink = (): string => {
    const url = new URL(`${BASE}/chapters/${chapter}/`, location.origin);
    if (['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) && health.lan[0])
      url.host = `${health.lan[0]}:${health.port ?? url.port}`;
    url.searchParams.set('join', saved.code);
    return url.href;
  };

  const showJoinCode = (): void => {
    document.querySelector('dialog.nb-session-joincode')?.remove();
    const link = joinLink();
    const close = button('Close', 'close');
    const d = el(
      'dialog',
      { className: 'nb-session-joincode', attrs: { 'aria-labelledby': 'nb-joincode-title' } },
      el('h2', { text: 'Join the live session', attrs: { id: 'nb-joincode-title' } }),
      el('p', { text: 'Scan the code, or open the site and choose “Live session”, then type:' }),
      el('p', { className: 'nb-session-bigcode', text: saved.code.replace(/^(...)/, '$1 ') }),
      qrSvg(link, `QR code of the join link, ${link}`),
      el('p', { className: 'nb-session-link' }, el('a', { text: link, attrs: { href: link } })),
      el('div', { className: 'nb-session-actions' }, close),
    );
    document.body.append(d);
    close.addEventListener('click', () => d.close());
    d.addEventListener('close', () => {
      d.remove();
      show.focus();
    });
    d.showModal();
  };
  show.addEventListener('click', showJoinCode);
  end.addEventListener('click', () => {
    // Students are told, and stop following; the session's code cannot be taken by anyone else.
    doc.transact(() => map.set('ended', true));
    leave();
  });

  // A question for the class, when the page has any (the chapter's <Question> widgets).
  const panel = el('div', { className: 'nb-session-question' });
  banner.append(panel);
  const ask = (id: string | null, revealed = false): void => {
    doc.transact(() => map.set('question', id ? { id, revealed } : null));
  };
  const renderQuestion = (): void => {
    const q = (map.get('question') ?? null) as Question | null;
    panel.replaceChildren();
    const here = [...document.querySelectorAll<HTMLElement>('[data-question]')];
    if (!q) {
      if (here.length === 0) return;
      const select = el('select', { attrs: { id: 'nb-session-ask', name: 'session-question' } });
      for (const qEl of here) {
        const id = qEl.dataset['question']!;
        select.append(el('option', { text: questionLabel(qEl), attrs: { value: id } }));
      }
      const go = button('Ask the class', 'ask');
      go.addEventListener('click', () => ask(select.value));
      panel.append(
        el('label', { text: 'Question ', attrs: { for: 'nb-session-ask' } }),
        select,
        ' ',
        go,
      );
      return;
    }
    const counted = tally(map.toJSON(), q.id);
    panel.append(histogram(q, counted));
    const actions = el('div', { className: 'nb-session-actions' });
    if (!q.revealed) {
      const reveal = button('Reveal the answer', 'reveal');
      reveal.addEventListener('click', () => ask(q.id, true));
      actions.append(reveal);
    }
    const closeQ = button('Close the question', 'close-question');
    closeQ.addEventListener('click', () => ask(null));
    actions.append(closeQ);
    panel.append(actions);
  };
  let revealedFor: string | null = null;
  map.observe(() => {
    renderQuestion();
    const q = (map.get('question') ?? null) as Question | null;
    if (q?.revealed && revealedFor !== q.id) {
      revealedFor = q.id;
      revealQuestion(q.id);
    }
  });
  renderQuestion();
  return { role: 'teacher', banner, showJoinCode };
}

function questionLabel(q: HTMLElement): string {
  const id = q.dataset['question'] ?? '';
  const heading = q.querySelector('h2, h3, h4, legend, .question-title')?.textContent?.trim();
  return heading ? `${heading} (${id})` : id;
}

function revealQuestion(id: string): void {
  const q = document.querySelector<HTMLElement & { reveal?: () => void }>(
    `[data-question="${CSS.escape(id)}"]`,
  );
  try {
    q?.reveal?.();
  } catch {
    // A widget that cannot reveal leaves the histogram's mark as the answer.
  }
}

const VERDICT_WORDS: Record<Verdict, string> = {
  right: 'right',
  wrong: 'wrong',
  unreadable: 'not a number',
  shape: 'wrong shape',
  mistake: 'a known mistake',
};

/** Answers as bars of counts (no names); after the reveal, the right ones are marked. */
function histogram(q: Question, counted: ReturnType<typeof tally>): HTMLElement {
  const box = el('figure', {
    className: 'nb-session-histogram',
    attrs: { 'data-question-id': q.id },
  });
  const total = counted.total;
  box.append(
    el('figcaption', {
      text: `Answers to ${q.id}: ${total} ${total === 1 ? 'answer' : 'answers'}${q.revealed ? ' · answer revealed' : ''}`,
    }),
  );
  const list = el('ol', { className: 'nb-session-bars' });
  const max = Math.max(1, ...counted.buckets.map((b) => b.count));
  for (const b of counted.buckets.slice(0, 8)) {
    const bar = el('span', { className: 'nb-session-bar' });
    bar.style.inlineSize = `${(100 * b.count) / max}%`;
    const right = q.revealed && b.verdict === 'right';
    const item = el(
      'li',
      { attrs: { 'data-count': String(b.count), ...(right ? { 'data-right': 'true' } : {}) } },
      el('span', { className: 'nb-session-answer', text: b.text || '(empty)' }),
      el('span', { className: 'nb-session-track' }, bar),
      el('span', {
        className: 'nb-session-n',
        text: `${b.count}${q.revealed ? ` · ${right ? '✓ right' : VERDICT_WORDS[b.verdict]}` : ''}`,
      }),
    );
    list.append(item);
  }
  const rest = counted.buckets.slice(8).reduce((n, b) => n + b.count, 0);
  if (rest > 0) list.append(el('li', { text: `${rest} other answers` }));
  box.append(list);
  return box;
}

/* ------------------------------------------------------------------ student */

function endedNotice(): { banner: HTMLElement; text: HTMLElement } {
  const text = el('p', { attrs: { role: 'status' } });
  const close = button('Close', 'dismiss');
  const banner = el(
    'section',
    { className: 'nb-session', attrs: { 'aria-label': 'Live session', 'data-ended': 'true' } },
    text,
    el('div', { className: 'nb-session-actions' }, close),
  );
  close.addEventListener('click', () => banner.remove());
  return { banner, text };
}

function student(
  nb: Notebook,
  saved: Saved,
  map: Y.Map<unknown>,
  provider: HocuspocusProvider,
  banner: HTMLElement,
  line: HTMLElement,
  connection: HTMLElement,
  { leave, listen, onFlush, alive }: Hooks,
): Live {
  let following = saved.following !== false;
  let applying = false;
  let receipt = saved.receipt;
  const toggle = button('', 'follow');
  const leaveButton = button('Leave the session', 'leave');
  const note = el('p', { className: 'nb-session-note', attrs: { role: 'status' } });
  banner.append(el('div', { className: 'nb-session-actions' }, toggle, leaveButton), note);

  const describe = (): void => {
    banner.dataset['following'] = String(following);
    line.replaceChildren(
      following
        ? `Following the teacher (session ${saved.code}): the chapter, the step and the numbers change as they teach.`
        : `Exploring on your own (session ${saved.code}): your changes stay on this device.`,
      connection,
    );
    toggle.textContent = following ? 'Explore on my own' : 'Follow the teacher again';
  };

  const apply = (): void => {
    if (!following) return;
    const chapter = map.get('chapter');
    if (typeof chapter === 'string' && chapter !== chapterId(nb)) {
      // The teacher moved on: go there (the session comes along in this tab).
      if (/^[a-z0-9-]+$/.test(chapter)) location.assign(`${BASE}/chapters/${chapter}/`);
      return;
    }
    const values = sharedValues(nb, map);
    if (values) {
      const snap = nb.snapshot();
      const changed = [...values].filter(([name, v]) => !same(snap[name], v));
      if (changed.length > 0) {
        applying = true;
        try {
          changed.sort(([, a], [, b]) => Number(Array.isArray(a)) - Number(Array.isArray(b)));
          for (const [name, v] of changed)
            nb.set(name, typeof v === 'number' ? v : matrix(v.map((r) => [...r])));
          numbersReplaced();
          nb.flush();
        } finally {
          applying = false;
        }
      }
    }
    const step = map.get('step');
    document.dispatchEvent(
      new CustomEvent('step-mode-go', {
        detail: { step: typeof step === 'number' ? step : null },
      }),
    );
  };

  const setFollowing = (on: boolean): void => {
    following = on;
    writeSaved({ ...saved, following: on, ...(receipt ? { receipt } : {}) });
    describe();
    if (on) apply();
  };
  // A student's own edit is exploring: it stays here, and the banner offers the way back.
  onFlush(() => {
    if (!applying && following) setFollowing(false);
  });
  toggle.addEventListener('click', () => setFollowing(!following));
  leaveButton.addEventListener('click', () => leave());

  // Questions: the one the teacher asks, answered in the page's own question widget.
  let latest: string | null = null;
  let asked: string | null = null;
  let revealed: string | null = null;
  const question = (): Question | null => (map.get('question') ?? null) as Question | null;
  const showQuestion = (): void => {
    const q = question();
    if (!q) {
      if (asked) note.textContent = '';
      asked = null;
      return;
    }
    if (q.revealed && revealed !== q.id) {
      revealed = q.id;
      revealQuestion(q.id);
      note.textContent = 'The teacher revealed the answer.';
    } else if (!q.revealed && asked !== q.id) {
      asked = q.id;
      const target = document.querySelector<HTMLElement>(`[data-question="${CSS.escape(q.id)}"]`);
      note.replaceChildren('The teacher asks the class a question. ');
      if (target) {
        const go = button('Go to the question', 'go-question');
        go.addEventListener('click', () => {
          target.scrollIntoView({ block: 'center' });
          target.querySelector<HTMLElement>('input, textarea, button')?.focus();
        });
        note.append(go);
      } else note.append('It is in another part of the chapter.');
    }
  };
  listen('question-answer', (e) => {
    const d = (e as CustomEvent<unknown>).detail as {
      id?: unknown;
      text?: unknown;
      verdict?: unknown;
      mistake?: unknown;
    } | null;
    const q = question();
    if (!q || q.revealed || !d || d.id !== q.id || typeof d.text !== 'string') return;
    latest = JSON.stringify({
      type: 'answer',
      question: q.id,
      text: d.text.slice(0, 200),
      verdict: d.verdict,
      ...(typeof d.mistake === 'string' ? { mistake: d.mistake.slice(0, 80) } : {}),
      ...(receipt ? { receipt } : {}),
    });
    provider.sendStateless(latest);
  });
  provider.on('stateless', ({ payload }: { payload: string }) => {
    try {
      const m = JSON.parse(payload) as { type?: unknown; receipt?: unknown };
      if (m.type === 'answered' && typeof m.receipt === 'string') {
        receipt = m.receipt;
        writeSaved({ ...saved, following, receipt });
        note.textContent = 'Your answer was sent to the class (counted, without your name).';
      } else if (m.type === 'refused' && (m as { reason?: unknown }).reason === 'too-soon') {
        // Answers changed in quick succession: the latest is sent again a moment later.
        const again = latest;
        setTimeout(() => {
          if (again && again === latest && alive()) provider.sendStateless(again);
        }, 300);
      } else if (m.type === 'refused')
        note.textContent = 'Your answer could not be counted: the question is closed.';
    } catch {
      // Not ours.
    }
  });

  const ended = (): boolean => {
    if (map.get('ended') !== true) return false;
    leave(false);
    const { banner: closed, text } = endedNotice();
    text.textContent = `The teacher ended the session ${saved.code}. The numbers on this page stay as they are until you change them; your own saved numbers are kept.`;
    document.getElementById('nb-banner')?.after(closed);
    return true;
  };
  map.observe(() => {
    if (ended()) return;
    apply();
    showQuestion();
  });
  provider.on('synced', () => {
    if (ended()) return;
    apply();
    showQuestion();
  });
  describe();
  return { role: 'student', banner, showJoinCode: () => {} };
}
