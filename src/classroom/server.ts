/**
 * The live-session server: a Hocuspocus server that also serves the built site, so the
 * pages and their websocket share one origin and the pages' `connect-src 'self'` covers it.
 *
 * - A teacher connects with `teacher:<secret>`; the first to do so for a code owns the
 *   session (the store keeps a hash of the secret). Everyone else is a student, read-only
 *   on the server: Hocuspocus never applies their updates (onAuthenticate's
 *   `connectionConfig.readOnly`).
 * - Every update from the teacher is tried on a copy of the document first and refused
 *   whole (the connection is closed, nothing changes) if the state it leaves breaks a rule
 *   of `protocol.ts`: an unknown key or cell, a value of the wrong shape, an answer key.
 * - Answers arrive as stateless messages; the server checks them and writes them itself.
 * - The state is stored per session (a file, or Redis) and loaded again after a restart.
 */
import { createHash, randomUUID } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve } from 'node:path';
import { Server, type Extension } from '@hocuspocus/server';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Redis } from 'ioredis';
import * as Y from 'yjs';
import { HEADER_POLICY } from '../build/csp.ts';
import { deserialise } from '../notebook/serialise.ts';
import type { PresetTarget } from '../notebook/presets.ts';
import {
  ANSWER_PREFIX,
  MAX_MESSAGE_BYTES,
  MAX_STATE_BYTES,
  SECRET_PATTERN,
  STUDENT_TOKEN,
  TEACHER_PREFIX,
  changedServerKeys,
  codeOfDocument,
  parseAnswer,
  stateProblems,
  type ChapterCells,
  type Question,
} from './protocol.ts';
import { FileStore, RedisStore, type SessionStore } from './store.ts';
import { CONTENT_TYPES as TYPES } from './content-types.ts';

export interface ClassroomOptions {
  /** 0 for any free port. */
  readonly port: number;
  readonly host?: string;
  /** The built site; its chapter pages also tell the server each chapter's input cells. */
  readonly dist: string;
  /** Where sessions are kept between restarts (without Redis). */
  readonly dataDir?: string;
  /** `redis://host:port`: share sessions with other instances through this Redis. */
  readonly redis?: string;
  /** A name for this instance, in logs. */
  readonly name?: string;
  readonly quiet?: boolean;
}

export interface ClassroomServer {
  readonly port: number;
  readonly url: string;
  /** Why each refused message was refused, newest last (for the log and the tests). */
  readonly refusals: string[];
  close(): Promise<void>;
}

/** Each chapter's input cells, read from the built chapter pages' embedded notebooks. */
export async function loadChapters(dist: string): Promise<ChapterCells> {
  const out = new Map<string, readonly PresetTarget[]>();
  const dir = join(dist, 'chapters');
  for (const id of await readdir(dir).catch(() => [] as string[])) {
    const html = await readFile(join(dir, id, 'index.html'), 'utf8').catch(() => '');
    const m = /<script[^>]*id="nb-data"[^>]*>([\s\S]*?)<\/script>/.exec(html);
    if (!m) continue;
    const prepared = deserialise(m[1]!);
    out.set(prepared.id, prepared.cells as readonly PresetTarget[]);
  }
  return out;
}

/** The addresses students on the same network can reach this machine at. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a!.address);
}

/** The least time between two answers from one connection. */
const MIN_ANSWER_INTERVAL_MS = 250;

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
/** The key of an answer in the shared state: its receipt hashed, so readers cannot reuse it. */
const answerKey = (receipt: string): string => `${ANSWER_PREFIX}${sha256(receipt).slice(0, 16)}`;

const plain = (doc: Y.Doc): Record<string, unknown> => doc.getMap('state').toJSON();

async function serveFile(root: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(root)) throw new Error('outside');
    if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-security-policy': HEADER_POLICY,
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    });
    res.end(body);
  } catch {
    const body = await readFile(join(root, '404.html')).catch(() => null);
    res.writeHead(404, {
      'content-security-policy': HEADER_POLICY,
      'content-type': body ? TYPES['.html']! : 'text/plain',
    });
    res.end(body ?? 'not found');
  }
}

export async function startClassroom(options: ClassroomOptions): Promise<ClassroomServer> {
  const dist = resolve(options.dist);
  const chapters = await loadChapters(dist);
  if (chapters.size === 0)
    throw new Error(`no chapter pages in ${dist}: build the site first (npm run build)`);
  const redis = options.redis ? new Redis(options.redis, { maxRetriesPerRequest: 2 }) : null;
  const store: SessionStore = redis
    ? new RedisStore(redis)
    : new FileStore(resolve(options.dataDir ?? '.classroom'));
  const refusals: string[] = [];
  const refuse = (why: string): Error => {
    refusals.push(why);
    if (refusals.length > 1000) refusals.shift();
    if (!options.quiet) console.warn(`[classroom] refused: ${why}`);
    // Hocuspocus closes the connection with this reason; the message is not applied. It
    // also logs the error: a refusal is expected, so it prints as one line, not a stack.
    const error = Object.assign(new Error(why), { code: 4400, reason: 'refused' });
    error.stack = `refused: ${why}`;
    return error;
  };
  const log = (s: string): void => {
    if (!options.quiet) console.log(`[classroom${options.name ? ` ${options.name}` : ''}] ${s}`);
  };

  const classroom: Extension = {
    extensionName: 'classroom',
    async onRequest({ request, response }) {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/classroom/health' || url.pathname === '/classroom/info') {
        response.writeHead(200, {
          'content-type': 'application/json',
          // A page hosted elsewhere asks whether the server is there before it connects.
          'access-control-allow-origin': '*',
          'cache-control': 'no-store',
        });
        response.end(JSON.stringify({ ok: true, lan: lanAddresses(), port: server.address.port }));
      } else await serveFile(dist, request, response);
      // Rejecting with nothing stops Hocuspocus's default reply: this one was answered.
      throw null;
    },

    async onAuthenticate({ documentName, token, connectionConfig }) {
      const code = codeOfDocument(documentName);
      if (!code) throw Object.assign(new Error('no such session'), { reason: 'no-session' });
      if (typeof token === 'string' && token.startsWith(TEACHER_PREFIX)) {
        const secret = token.slice(TEACHER_PREFIX.length);
        if (!SECRET_PATTERN.test(secret))
          throw Object.assign(new Error('bad secret'), { reason: 'not-teacher' });
        const claim = await store.claim(code, sha256(secret));
        if (claim === 'other') throw Object.assign(new Error('taken'), { reason: 'session-taken' });
        if (claim === 'new') log(`session ${code} started`);
        connectionConfig.readOnly = false;
        return { role: 'teacher' };
      }
      if (token !== STUDENT_TOKEN)
        throw Object.assign(new Error('bad token'), { reason: 'permission-denied' });
      if (!(await store.exists(code)))
        throw Object.assign(new Error('no such session'), { reason: 'no-session' });
      connectionConfig.readOnly = true;
      return { role: 'student' };
    },

    async onLoadDocument({ document, documentName }) {
      const code = codeOfDocument(documentName);
      const saved = code ? await store.load(code) : null;
      if (saved) Y.applyUpdate(document, saved, { source: 'local' });
    },

    async onStoreDocument({ document, documentName }) {
      const code = codeOfDocument(documentName);
      if (code) await store.save(code, Y.encodeStateAsUpdate(document));
    },

    async beforeHandleMessage({ update }) {
      if (update.byteLength > MAX_MESSAGE_BYTES)
        throw refuse(`a message of ${update.byteLength} bytes`);
    },

    async beforeSync({ type, payload, connection, document }) {
      // Sync step 1 asks for state; steps 2 and updates carry changes.
      if (type === 0) return;
      // A student's changes are never applied (read-only); Hocuspocus answers with "not synced".
      if (connection.readOnly) {
        const probe = new Y.Doc();
        Y.applyUpdate(probe, Y.encodeStateAsUpdate(document));
        const before = Y.encodeStateVector(probe);
        try {
          Y.applyUpdate(probe, payload);
        } catch {
          // Garbage: nothing would apply anyway.
        }
        const after = Y.encodeStateVector(probe);
        if (Buffer.compare(Buffer.from(before), Buffer.from(after)) !== 0)
          refusals.push('a write from a read-only connection');
        probe.destroy();
        return;
      }
      const copy = new Y.Doc();
      try {
        Y.applyUpdate(copy, Y.encodeStateAsUpdate(document));
        const before = plain(copy);
        Y.applyUpdate(copy, payload);
        const after = plain(copy);
        const problems = [
          ...stateProblems(after, chapters),
          ...changedServerKeys(before, after).map((k) => `${k}: written by a client`),
        ];
        const size = Y.encodeStateAsUpdate(copy).byteLength;
        if (size > MAX_STATE_BYTES) problems.push(`the state would be ${size} bytes`);
        if (problems.length > 0) throw refuse(problems.slice(0, 3).join('; '));
      } catch (e) {
        if (e instanceof Error && (e as { reason?: string }).reason === 'refused') throw e;
        throw refuse(`an update that does not decode (${String(e)})`);
      } finally {
        copy.destroy();
      }
    },

    async beforeHandleAwareness({ states, connection }) {
      // Counts, never names: a student's presence carries its role and nothing else, and
      // one connection is one presence (a client may not count itself many times). States
      // without a role (an empty one, as a new Awareness has) are not presences.
      let kept = false;
      for (const [id, s] of [...states]) {
        const role = s !== null && typeof s === 'object' ? s['role'] : undefined;
        if (role === undefined) states.delete(id);
        else if (connection?.readOnly) {
          if (kept) states.delete(id);
          else states.set(id, { role: 'student' });
          kept = true;
        } else states.set(id, { role: role === 'teacher' ? 'teacher' : 'student' });
      }
    },

    async onStateless({ payload, document, connection }) {
      const map = document.getMap('state');
      const open = (map.get('question') ?? null) as Question | null;
      // One answer per connection at a time: a flood would be sent on to every page.
      const state = connection as unknown as { receipt?: string; answeredAt?: number };
      const now = Date.now();
      if (state.answeredAt !== undefined && now - state.answeredAt < MIN_ANSWER_INTERVAL_MS) {
        refusals.push('an answer too soon after the last');
        connection.sendStateless(JSON.stringify({ type: 'refused', reason: 'too-soon' }));
        return;
      }
      const answer = parseAnswer(payload, open);
      if (!answer) {
        refusals.push('an answer that was refused');
        connection.sendStateless(JSON.stringify({ type: 'refused', reason: 'closed' }));
        return;
      }
      state.answeredAt = now;
      const receipts = (state.receipt ??= randomUUID());
      const key = answerKey(receipts);
      document.transact(
        () => {
          // The same reader's answer from an earlier connection is replaced, not added.
          if (answer.receipt && answerKey(answer.receipt) !== key)
            map.delete(answerKey(answer.receipt));
          map.set(key, {
            question: answer.question,
            text: answer.text,
            verdict: answer.verdict,
            ...(answer.mistake !== undefined ? { mistake: answer.mistake } : {}),
          });
        },
        { source: 'local' },
      );
      connection.sendStateless(JSON.stringify({ type: 'answered', receipt: receipts }));
    },
  };

  const extensions: Extension[] = [];
  if (options.redis)
    extensions.push(
      new RedisExtension({
        createClient: () => new Redis(options.redis!),
        identifier: options.name ?? randomUUID(),
      } as ConstructorParameters<typeof RedisExtension>[0]),
    );
  extensions.push(classroom);

  const server = new Server({
    port: options.port,
    ...(options.host ? { address: options.host } : {}),
    name: options.name ?? 'classroom',
    quiet: true,
    stopOnSignals: false,
    debounce: 200,
    maxDebounce: 1000,
    unloadImmediately: false,
    websocketOptions: { maxPayload: MAX_MESSAGE_BYTES * 2 },
    extensions,
  });
  // Upgraded sockets outlive httpServer.close(): kept here so a stop ends them, as a
  // stopped process would (clients then reconnect to whatever serves next).
  const sockets = new Set<Duplex>();
  server.httpServer.on('upgrade', (_req, socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await server.listen();
  const port = server.address.port;
  const host = options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1';
  return {
    port,
    url: `http://${host}:${port}`,
    refusals,
    async close() {
      await server.destroy();
      for (const socket of sockets) socket.destroy();
      redis?.disconnect();
    },
  };
}
