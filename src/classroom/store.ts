/**
 * Where the session server keeps each session across a restart: who owns it (a hash of the
 * teacher's secret) and its shared state (a Yjs update). One small file per session in a
 * folder, or, when several servers share the sessions, one Redis.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Redis } from 'ioredis';

export interface SessionStore {
  /** Claims `code` for the owner of `hash`; `'other'` when someone else holds it. */
  claim(code: string, hash: string): Promise<'new' | 'same' | 'other'>;
  /** Whether a teacher has started this session. */
  exists(code: string): Promise<boolean>;
  load(code: string): Promise<Uint8Array | null>;
  save(code: string, state: Uint8Array): Promise<void>;
}

interface SessionFile {
  readonly owner: string;
  readonly state?: string;
}

/** One JSON file per session, `<code>.json`, written whole and renamed into place. */
export class FileStore implements SessionStore {
  private readonly owners = new Map<string, string>();
  private readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  private path(code: string): string {
    return join(this.dir, `${code}.json`);
  }

  private async read(code: string): Promise<SessionFile | null> {
    try {
      const raw = JSON.parse(await readFile(this.path(code), 'utf8')) as SessionFile;
      return typeof raw.owner === 'string' ? raw : null;
    } catch {
      return null;
    }
  }

  private async write(code: string, file: SessionFile): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.path(code)}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(file));
    await rename(tmp, this.path(code));
  }

  async claim(code: string, hash: string): Promise<'new' | 'same' | 'other'> {
    const owner = this.owners.get(code) ?? (await this.read(code))?.owner;
    if (owner !== undefined) return owner === hash ? 'same' : 'other';
    this.owners.set(code, hash);
    await this.write(code, { owner: hash });
    return 'new';
  }

  async exists(code: string): Promise<boolean> {
    return this.owners.has(code) || (await this.read(code)) !== null;
  }

  async load(code: string): Promise<Uint8Array | null> {
    const file = await this.read(code);
    return file?.state ? new Uint8Array(Buffer.from(file.state, 'base64')) : null;
  }

  async save(code: string, state: Uint8Array): Promise<void> {
    const owner = this.owners.get(code) ?? (await this.read(code))?.owner;
    if (owner === undefined) return;
    await this.write(code, { owner, state: Buffer.from(state).toString('base64') });
  }
}

/** Sessions in one Redis, shared by every server instance; they expire after a day unused. */
export class RedisStore implements SessionStore {
  static readonly TTL_SECONDS = 24 * 60 * 60;
  private readonly redis: Redis;
  private readonly prefix: string;
  constructor(redis: Redis, prefix = 'classroom:') {
    this.redis = redis;
    this.prefix = prefix;
  }

  async claim(code: string, hash: string): Promise<'new' | 'same' | 'other'> {
    const key = `${this.prefix}owner:${code}`;
    const set = await this.redis.set(key, hash, 'EX', RedisStore.TTL_SECONDS, 'NX');
    if (set === 'OK') return 'new';
    return (await this.redis.get(key)) === hash ? 'same' : 'other';
  }

  async exists(code: string): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}owner:${code}`)) === 1;
  }

  async load(code: string): Promise<Uint8Array | null> {
    const b = await this.redis.getBuffer(`${this.prefix}state:${code}`);
    return b ? new Uint8Array(b) : null;
  }

  async save(code: string, state: Uint8Array): Promise<void> {
    await this.redis
      .multi()
      .set(`${this.prefix}state:${code}`, Buffer.from(state), 'EX', RedisStore.TTL_SECONDS)
      .expire(`${this.prefix}owner:${code}`, RedisStore.TTL_SECONDS)
      .exec();
  }
}
