/**
 * The live session's shared state and the rules the server applies to it. Pure (no DOM, no
 * Yjs, no Node), so the server, the page and the unit tests use the same code.
 *
 * The shared state is one Yjs map of single values, never lists, so a reconnect or a
 * resync only ever overwrites a key with the same value and nothing is duplicated:
 *
 * | key                     | value                                   | written by |
 * |-------------------------|-----------------------------------------|------------|
 * | `chapter`               | the chapter id the teacher is on        | teacher    |
 * | `step`                  | the teacher's step (1-based) or null    | teacher    |
 * | `cell:<chapter>:<name>` | an input cell's value (see `WireValue`) | teacher    |
 * | `question`              | `{ id, revealed }` or null              | teacher    |
 * | `ended`                 | true once the teacher ends the session  | teacher    |
 * | `answer:<key>`          | one connection's latest answer          | server     |
 *
 * Students are read-only on the server (their updates are never applied); their answers
 * travel as stateless messages that the server checks with `parseAnswer` and writes itself.
 */
import { MAX_SIDE, valueProblems, type CellValue, type PresetTarget } from '../notebook/presets.ts';

/** The largest message the server reads from a connection, in bytes. */
export const MAX_MESSAGE_BYTES = 256 * 1024;
/** The largest the whole shared state may grow to, encoded, in bytes. */
export const MAX_STATE_BYTES = 1024 * 1024;
/** The largest stateless message (an answer), in characters. */
export const MAX_ANSWER_CHARS = 2048;
/** The longest answer text kept; a longer one is refused. */
export const MAX_ANSWER_TEXT = 200;

/** Join codes: six characters with nothing that reads two ways (no 0/O, 1/I/L). */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
export const CODE_PATTERN = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

export const documentName = (code: string): string => `classroom-${code}`;
export const codeOfDocument = (name: string): string | null => {
  const m = /^classroom-(.+)$/.exec(name);
  return m && CODE_PATTERN.test(m[1]!) ? m[1]! : null;
};

/** Reads a code as a person types it: any case, spaces and dashes ignored. */
export function normaliseCode(text: string): string | null {
  const code = text.toUpperCase().replace(/[\s-]/g, '');
  return CODE_PATTERN.test(code) ? code : null;
}

/** A fresh join code from `random` (numbers in [0, 1)). */
export function newCode(random: () => number = Math.random): string {
  let s = '';
  for (let k = 0; k < CODE_LENGTH; k++)
    s += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
  return s;
}

/** The token a connection presents: the teacher's secret, or nothing for a student. */
export const TEACHER_PREFIX = 'teacher:';
export const STUDENT_TOKEN = 'student';
export const SECRET_PATTERN = /^[0-9a-f]{32,64}$/;

export const cellKey = (chapter: string, cell: string): string => `cell:${chapter}:${cell}`;
export const ANSWER_PREFIX = 'answer:';
export const QUESTION_ID = /^[A-Za-z0-9_-]{1,64}$/;
export const VERDICTS = ['right', 'wrong', 'unreadable', 'shape', 'mistake'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A number as it travels: JSON has no infinities. */
export type WireNumber = number | 'Infinity' | '-Infinity';
export type WireValue = WireNumber | WireNumber[][];

export const toWire = (v: number | readonly (readonly number[])[]): WireValue => {
  const one = (x: number): WireNumber =>
    x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : x;
  return typeof v === 'number' ? one(v) : v.map((r) => r.map(one));
};

const isWireNumber = (x: unknown): x is WireNumber =>
  (typeof x === 'number' && !Number.isNaN(x)) || x === 'Infinity' || x === '-Infinity';
const fromWireNumber = (x: WireNumber): number =>
  x === 'Infinity' ? Infinity : x === '-Infinity' ? -Infinity : x;

/** A wire value back to a cell value, or null if it is not one (wrong shape of data). */
export function fromWire(v: unknown): CellValue | null {
  if (isWireNumber(v)) return fromWireNumber(v);
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_SIDE) return null;
  const out: number[][] = [];
  for (const row of v) {
    if (!Array.isArray(row) || row.length === 0 || row.length > MAX_SIDE) return null;
    if (!row.every(isWireNumber)) return null;
    out.push(row.map(fromWireNumber));
  }
  return out;
}

export interface Question {
  readonly id: string;
  readonly revealed: boolean;
}

export interface Answer {
  readonly question: string;
  readonly text: string;
  readonly verdict: Verdict;
  readonly mistake?: string;
}

/** The input cells of each chapter, as the server knows them (from the built pages). */
export type ChapterCells = ReadonlyMap<string, readonly PresetTarget[]>;

/** Why a state was refused, for the server's log and the tests (never shown to a student). */
export type StateProblem = string;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Checks a whole shared state (the map as plain data) as the teacher would leave it: every
 * key known, every value of its kind, every chapter's cells fitting that chapter together
 * (`valueProblems`, the same rules as a link). `answers` are the server's own keys, checked
 * by `changedServerKeys` instead. Returns the problems; none means the state is accepted.
 */
export function stateProblems(
  state: Readonly<Record<string, unknown>>,
  chapters: ChapterCells,
): StateProblem[] {
  const out: StateProblem[] = [];
  const perChapter = new Map<string, [string, CellValue][]>();
  for (const [key, value] of Object.entries(state)) {
    if (key === 'chapter') {
      if (typeof value !== 'string' || !chapters.has(value)) out.push('chapter: not a chapter');
    } else if (key === 'step') {
      if (
        value !== null &&
        !(Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1000)
      )
        out.push('step: not a step number');
    } else if (key === 'ended') {
      if (typeof value !== 'boolean') out.push('ended: not true or false');
    } else if (key === 'question') {
      if (
        value !== null &&
        !(
          isPlainObject(value) &&
          typeof value['id'] === 'string' &&
          QUESTION_ID.test(value['id']) &&
          typeof value['revealed'] === 'boolean' &&
          Object.keys(value).length === 2
        )
      )
        out.push('question: wrong shape');
    } else if (key.startsWith(ANSWER_PREFIX)) {
      if (!isAnswerRecord(value)) out.push(`${key}: wrong shape`);
    } else if (key.startsWith('cell:')) {
      const m = /^cell:([^:]+):(.+)$/.exec(key);
      if (!m || !chapters.has(m[1]!)) {
        out.push(`${key}: unknown chapter`);
        continue;
      }
      const v = fromWire(value);
      if (v === null) {
        out.push(`${key}: not a number or a matrix`);
        continue;
      }
      const list = perChapter.get(m[1]!) ?? [];
      list.push([m[2]!, v]);
      perChapter.set(m[1]!, list);
    } else out.push(`${key}: unknown key`);
  }
  for (const [chapter, values] of perChapter) {
    for (const p of valueProblems(chapters.get(chapter)!, values))
      out.push(`cell:${chapter}:${p.cell}: ${p.kind}`);
  }
  return out;
}

function isAnswerRecord(v: unknown): v is Answer {
  return (
    isPlainObject(v) &&
    typeof v['question'] === 'string' &&
    QUESTION_ID.test(v['question']) &&
    typeof v['text'] === 'string' &&
    v['text'].length <= MAX_ANSWER_TEXT &&
    (VERDICTS as readonly unknown[]).includes(v['verdict']) &&
    (v['mistake'] === undefined || (typeof v['mistake'] === 'string' && v['mistake'].length <= 80))
  );
}

/** Keys only the server writes (answers) whose value differs between two states. */
export function changedServerKeys(
  before: Readonly<Record<string, unknown>>,
  after: Readonly<Record<string, unknown>>,
): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter(
    (k) => k.startsWith(ANSWER_PREFIX) && JSON.stringify(before[k]) !== JSON.stringify(after[k]),
  );
}

export type AnswerMessage = Answer & {
  /** The receipt of this reader's previous answer (from an earlier connection), if any. */
  readonly receipt?: string;
};

/**
 * Reads a student's answer message; null when it is not one the server takes: too long,
 * not JSON, the wrong shape, or not for the question the teacher has open (and not yet
 * revealed).
 */
export function parseAnswer(payload: string, open: Question | null): AnswerMessage | null {
  if (payload.length > MAX_ANSWER_CHARS || !open || open.revealed) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(payload);
  } catch {
    return null;
  }
  if (!isPlainObject(raw) || raw['type'] !== 'answer') return null;
  const allowed = new Set(['type', 'question', 'text', 'verdict', 'mistake', 'receipt']);
  if (Object.keys(raw).some((k) => !allowed.has(k))) return null;
  const { type: _type, receipt, ...answer } = raw;
  void _type;
  if (!isAnswerRecord(answer) || answer.question !== open.id) return null;
  if (receipt !== undefined && (typeof receipt !== 'string' || !/^[\w-]{8,64}$/.test(receipt)))
    return null;
  const out: AnswerMessage = {
    question: answer.question,
    text: answer.text.trim(),
    verdict: answer.verdict,
    ...(answer.mistake !== undefined ? { mistake: answer.mistake } : {}),
    ...(typeof receipt === 'string' ? { receipt } : {}),
  };
  return out;
}

export interface Bucket {
  /** The answer as typed (spaces trimmed; answers that differ only in case count together). */
  readonly text: string;
  readonly count: number;
  /** What most of the readers who gave it were told (their question widget's verdict). */
  readonly verdict: Verdict;
}

/** The answers to one question, counted: the histogram the projector shows (counts only). */
export function tally(
  state: Readonly<Record<string, unknown>>,
  question: string,
): { total: number; buckets: Bucket[] } {
  const groups = new Map<string, { text: string; count: number; verdicts: Map<Verdict, number> }>();
  let total = 0;
  for (const [key, v] of Object.entries(state)) {
    if (!key.startsWith(ANSWER_PREFIX) || !isAnswerRecord(v) || v.question !== question) continue;
    total++;
    const norm = v.text.replace(/\s+/g, ' ').trim().toLowerCase();
    const g = groups.get(norm) ?? { text: v.text.trim(), count: 0, verdicts: new Map() };
    g.count++;
    g.verdicts.set(v.verdict, (g.verdicts.get(v.verdict) ?? 0) + 1);
    groups.set(norm, g);
  }
  const buckets = [...groups.values()]
    .map((g) => ({
      text: g.text,
      count: g.count,
      verdict: [...g.verdicts].sort((a, b) => b[1] - a[1])[0]![0],
    }))
    .sort((a, b) => b.count - a.count || a.text.localeCompare(b.text));
  return { total, buckets };
}
