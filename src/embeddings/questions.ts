/**
 * The Google word-analogy test set (`questions-words.txt`): lines `a b c d` meaning
 * "a is to b as c is to d", grouped under `: section-name` headers. Words are lower-cased
 * on reading, as the GloVe vectors are.
 */

export type Question = readonly [a: string, b: string, c: string, d: string];

export interface Section {
  readonly name: string;
  /** The `gram*` sections test syntax (plural, past tense...); the others test meaning. */
  readonly syntactic: boolean;
  readonly questions: readonly Question[];
}

export function isSyntacticSection(name: string): boolean {
  return name.startsWith('gram');
}

/** Parses the analogy file. Throws on a line that is not four words or a header. */
export function parseQuestions(text: string): Section[] {
  const sections: { name: string; syntactic: boolean; questions: Question[] }[] = [];
  let current: { name: string; syntactic: boolean; questions: Question[] } | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    if (line.startsWith(':')) {
      const name = line.slice(1).trim();
      current = { name, syntactic: isSyntacticSection(name), questions: [] };
      sections.push(current);
      continue;
    }
    const parts = line.toLowerCase().split(/\s+/);
    const [a, b, c, d] = parts;
    if (
      parts.length !== 4 ||
      a === undefined ||
      b === undefined ||
      c === undefined ||
      d === undefined
    ) {
      throw new Error(`questions file, line ${i + 1}: expected four words, got "${line}"`);
    }
    if (current === undefined) {
      current = { name: '(no section)', syntactic: false, questions: [] };
      sections.push(current);
    }
    current.questions.push([a, b, c, d]);
  }
  return sections;
}

export function countQuestions(sections: readonly Section[]): number {
  return sections.reduce((n, s) => n + s.questions.length, 0);
}
