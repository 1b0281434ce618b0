/**
 * The session server's file store: who owns a session, and its state across a restart
 * (a new store on the same folder is a restarted server).
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FileStore } from '../../src/classroom/store.ts';

const dirs: string[] = [];
const folder = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'classroom-store-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('FileStore', () => {
  it('gives a session to the first owner only, also after a restart', async () => {
    const dir = folder();
    const store = new FileStore(dir);
    expect(await store.exists('K7QM2X')).toBe(false);
    expect(await store.claim('K7QM2X', 'hash-a')).toBe('new');
    expect(await store.claim('K7QM2X', 'hash-a')).toBe('same');
    expect(await store.claim('K7QM2X', 'hash-b')).toBe('other');
    const restarted = new FileStore(dir);
    expect(await restarted.exists('K7QM2X')).toBe(true);
    expect(await restarted.claim('K7QM2X', 'hash-b')).toBe('other');
    expect(await restarted.claim('K7QM2X', 'hash-a')).toBe('same');
  });

  it('keeps a session’s state, whole, across a restart', async () => {
    const dir = folder();
    const store = new FileStore(dir);
    await store.claim('K7QM2X', 'hash-a');
    const doc = new Y.Doc();
    doc.getMap('state').set('chapter', 'masking');
    doc.getMap('state').set('cell:masking:Q', [[1, 'Infinity']]);
    await store.save('K7QM2X', Y.encodeStateAsUpdate(doc));
    const back = new Y.Doc();
    Y.applyUpdate(back, (await new FileStore(dir).load('K7QM2X'))!);
    expect(back.getMap('state').toJSON()).toEqual({
      chapter: 'masking',
      'cell:masking:Q': [[1, 'Infinity']],
    });
    // Written whole and renamed into place: no temporary file is left.
    expect(readdirSync(dir)).toEqual(['K7QM2X.json']);
  });

  it('stores nothing for a session nobody started', async () => {
    const dir = folder();
    const store = new FileStore(dir);
    await store.save('K7QM2X', new Uint8Array([1, 2, 3]));
    expect(await store.load('K7QM2X')).toBeNull();
    expect(await store.exists('K7QM2X')).toBe(false);
  });
});
