/**
 * The compact word-vector asset the site loads (public/data/glove-100d-30k.bin), built
 * by scripts/build-embeddings.ts. Browser and Node alike: decoding needs only an
 * ArrayBuffer.
 *
 * Layout (little-endian):
 *   bytes 0..3    magic "WVEC"
 *   u32  version  1
 *   u32  count    number of words (frequency order)
 *   u32  dims     components per vector
 *   u32  encoding 1 = int8, one byte per component
 *   u32  wordsLen byte length of the word list
 *   wordsLen bytes: the words, UTF-8, separated by "\n"
 *   count × dims bytes: int8 components, row after row
 *
 * Encoding 1 stores each unit vector u as q_i = round(127 · u_i / max_j |u_j|): every
 * vector uses the full int8 range, and its own scale need not be stored because the
 * decoder scales each row back to unit length (cosine ignores length). So the decoded
 * vectors are unit vectors; the original GloVe lengths are not kept.
 */
import { makeEmbeddings, normaliseRows, type Embeddings, type VectorArray } from './vectors.ts';

export const ASSET_MAGIC = 'WVEC';
export const ASSET_VERSION = 1;
export const ENCODING_INT8 = 1;
const HEADER_BYTES = 24;

/** Encodes `count × dims` vectors (any length; they are normalised here first). */
export function encodeAsset(
  words: readonly string[],
  dims: number,
  vectors: VectorArray,
): Uint8Array {
  const count = words.length;
  if (vectors.length < count * dims)
    throw new Error(`need ${count * dims} numbers, got ${vectors.length}`);
  for (const w of words)
    if (w.includes('\n')) throw new Error(`word ${JSON.stringify(w)} contains a newline`);
  const wordBytes = new TextEncoder().encode(words.join('\n'));
  const out = new Uint8Array(HEADER_BYTES + wordBytes.length + count * dims);
  const view = new DataView(out.buffer);
  for (let i = 0; i < 4; i++) out[i] = ASSET_MAGIC.charCodeAt(i);
  view.setUint32(4, ASSET_VERSION, true);
  view.setUint32(8, count, true);
  view.setUint32(12, dims, true);
  view.setUint32(16, ENCODING_INT8, true);
  view.setUint32(20, wordBytes.length, true);
  out.set(wordBytes, HEADER_BYTES);
  const q = new Int8Array(out.buffer, HEADER_BYTES + wordBytes.length, count * dims);
  for (let r = 0; r < count; r++) {
    const o = r * dims;
    let max = 0;
    for (let k = 0; k < dims; k++) max = Math.max(max, Math.abs(vectors[o + k]!));
    if (max === 0) continue;
    const s = 127 / max;
    for (let k = 0; k < dims; k++) q[o + k] = Math.round(vectors[o + k]! * s);
  }
  return out;
}

export interface DecodedAsset extends Embeddings {
  readonly vectors: Float32Array;
}

/** Decodes an asset into unit float32 vectors. */
export function decodeAsset(buffer: ArrayBuffer | Uint8Array): DecodedAsset {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  if (bytes.length < HEADER_BYTES) throw new Error('word-vector asset: file too short');
  const magic = String.fromCharCode(bytes[0]!, bytes[1]!, bytes[2]!, bytes[3]!);
  if (magic !== ASSET_MAGIC) throw new Error(`word-vector asset: bad magic "${magic}"`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== ASSET_VERSION)
    throw new Error(`word-vector asset: version ${version} not supported`);
  const count = view.getUint32(8, true);
  const dims = view.getUint32(12, true);
  const encoding = view.getUint32(16, true);
  const wordsLen = view.getUint32(20, true);
  if (encoding !== ENCODING_INT8)
    throw new Error(`word-vector asset: encoding ${encoding} not supported`);
  const vecStart = HEADER_BYTES + wordsLen;
  if (bytes.length !== vecStart + count * dims)
    throw new Error('word-vector asset: size does not match its header');
  const words = new TextDecoder().decode(bytes.subarray(HEADER_BYTES, vecStart)).split('\n');
  if (count === 0) words.length = 0;
  if (words.length !== count)
    throw new Error(`word-vector asset: ${words.length} words, header says ${count}`);
  const q = new Int8Array(bytes.buffer, bytes.byteOffset + vecStart, count * dims);
  const vectors = new Float32Array(count * dims);
  for (let i = 0; i < vectors.length; i++) vectors[i] = q[i]!;
  normaliseRows(vectors, dims);
  const emb = makeEmbeddings(
    words,
    dims,
    vectors,
    'int8 per vector, decoded to unit float32 (site asset)',
  );
  return { ...emb, vectors };
}

/** Fetches and decodes the asset (browser, worker, or Node with fetch). */
export async function loadAsset(url: string | URL, init?: RequestInit): Promise<DecodedAsset> {
  const res = await fetch(url, init);
  if (!res.ok)
    throw new Error(`word-vector asset: ${res.status} ${res.statusText} for ${String(url)}`);
  return decodeAsset(await res.arrayBuffer());
}

/** Where the site serves it, relative to the site base. */
export const ASSET_FILE = 'data/glove-100d-30k.bin';
export const QUESTIONS_FILE = 'data/questions-words.txt';
