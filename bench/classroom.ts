/**
 * A live session under load: the session server (`scripts/classroom.ts`, in a process of
 * its own) with one teacher and 200 students connected over loopback, as Yjs documents
 * through @hocuspocus/provider, the clients in this process. The teacher changes one
 * matrix entry at a time; the figure is the time from the teacher's edit until every one of
 * the 200 students' documents holds it (the slowest student of each edit), over many edits.
 *
 * Run alone: `npx node bench/classroom.ts` (after `npm run build`), or `npm run bench -- live`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { STUDENT_TOKEN, TEACHER_PREFIX, cellKey, documentName } from '../src/classroom/protocol.ts';
import { loadChapters } from '../src/classroom/server.ts';

const STUDENTS = 200;
const EDITS = 100;
/** The first edits warm up the JIT on both sides; they are made and waited for, not counted. */
const WARMUP = 10;
const TARGET_MS = 100;
const ROOT = resolve(import.meta.dirname, '..');

/** A process's CPU time so far (user + system), in ms, from /proc (Linux). */
const cpuOf = (pid: number): number => {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
};

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]!;
};

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => ok(typeof a === 'object' && a ? a.port : 0));
    });
  });

const until = (f: () => boolean, ms: number, what: string): Promise<void> =>
  new Promise((ok, fail) => {
    const t0 = Date.now();
    const tick = (): void => {
      if (f()) ok();
      else if (Date.now() - t0 > ms) fail(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 5);
    };
    tick();
  });

export async function measure(): Promise<{
  latencies: number[];
  students: number;
  serverCpu: number;
  clientCpu: number;
}> {
  const chapters = await loadChapters(join(ROOT, 'dist'));
  const q = chapters.get('masking')?.find((c) => c.name === 'Q');
  if (!q || q.kind !== 'matrix')
    throw new Error('build the site first: no masking chapter in dist/');
  const base = q.value.map((r) => r.map((x) => Number(x)));

  const port = await freePort();
  const data = mkdtempSync(join(tmpdir(), 'classroom-bench-'));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'scripts/classroom.ts'),
      '--port',
      String(port),
      '--host',
      '127.0.0.1',
      '--data',
      data,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = `ws://127.0.0.1:${port}/classroom`;
  const providers: HocuspocusProvider[] = [];
  try {
    await new Promise<void>((ok, fail) => {
      child.stdout.on('data', (b: Buffer) => {
        if (b.toString().includes('Live sessions')) ok();
      });
      child.once('exit', (code) => fail(new Error(`the server stopped (${code})`)));
    });
    const code = 'BENCH2';
    const connect = (token: string): Promise<{ doc: Y.Doc; p: HocuspocusProvider }> => {
      const doc = new Y.Doc();
      const p = new HocuspocusProvider({ url, name: documentName(code), token, document: doc });
      // Each page announces its role (the teacher counts the students from these).
      p.awareness?.setLocalStateField('role', token === STUDENT_TOKEN ? 'student' : 'teacher');
      providers.push(p);
      return new Promise((ok, fail) => {
        p.on('synced', () => ok({ doc, p }));
        p.on('authenticationFailed', () => fail(new Error('refused')));
      });
    };
    const teacher = await connect(`${TEACHER_PREFIX}${'ab'.repeat(16)}`);
    const tmap = teacher.doc.getMap('state');
    teacher.doc.transact(() => tmap.set('chapter', 'masking'));

    // Each student records when it first holds the value `marker` of the edit under way.
    let marker = 0;
    let t0 = 0;
    const seen: number[] = new Array(STUDENTS).fill(-1);
    const key = cellKey('masking', 'Q');
    const students = [];
    for (let k = 0; k < STUDENTS; k++) {
      const s = await connect(STUDENT_TOKEN);
      const map = s.doc.getMap('state');
      map.observe(() => {
        const v = map.get(key) as number[][] | undefined;
        if (v && v[0]![0] === marker && seen[k] === -1) seen[k] = performance.now() - t0;
      });
      students.push(s);
    }
    // Let the joins' awareness traffic settle before timing.
    await new Promise((ok) => setTimeout(ok, 1500));

    const latencies: number[] = [];
    let server0 = cpuOf(child.pid!);
    let client0 = process.cpuUsage();
    for (let e = 1; e <= EDITS; e++) {
      seen.fill(-1);
      marker = 1000 + e;
      const value = base.map((r, i) => r.map((x, j) => (i === 0 && j === 0 ? marker : x)));
      t0 = performance.now();
      teacher.doc.transact(() => tmap.set(key, value));
      await until(() => seen.every((t) => t >= 0), 30_000, `edit ${e} to reach every student`);
      if (e === WARMUP) {
        server0 = cpuOf(child.pid!);
        client0 = process.cpuUsage();
      }
      if (e > WARMUP) latencies.push(Math.max(...seen));
      await new Promise((ok) => setTimeout(ok, 20));
    }
    const client = process.cpuUsage(client0);
    return {
      latencies,
      students: STUDENTS,
      // Per edit; the pauses between edits add a little idle work (timers, pings).
      serverCpu: (cpuOf(child.pid!) - server0) / latencies.length,
      clientCpu: (client.user + client.system) / 1000 / latencies.length,
    };
  } finally {
    for (const p of providers) p.destroy();
    child.kill('SIGTERM');
    await new Promise((ok) => child.once('exit', ok));
    rmSync(data, { recursive: true, force: true });
  }
}

export async function run(): Promise<string> {
  const { latencies, students, serverCpu, clientCpu } = await measure();
  const load = loadavg()[0]!;
  const p50 = pct(latencies, 50);
  const p95 = pct(latencies, 95);
  const max = Math.max(...latencies);
  return `## Live session: a teacher's edit to every student

One teacher and ${students} students on loopback (\`bench/classroom.ts\`): the session server
(\`npm run classroom\`) in a process of its own, the ${students + 1} Yjs clients
(@hocuspocus/provider, one websocket each) in the benchmark's process. The teacher changes
one entry of Q in the masking chapter, ${latencies.length} times (after ${WARMUP} edits to warm up); each figure is the time
from the edit until the last of the ${students} students' documents holds it. The server
checks every edit (the whole state, tried on a copy of the document) before it applies it.
The clients' share of the work runs on the same machine, so this is an upper bound for a
classroom of real devices.

| | p50 | p95 | slowest | target |
|---|---|---|---|---|
| edit to every student | ${p50.toFixed(1)} ms | ${p95.toFixed(1)} ms | ${max.toFixed(1)} ms | p95 under ${TARGET_MS} ms: ${p95 < TARGET_MS ? 'met' : 'not met'} |

CPU time per edit: ${serverCpu.toFixed(1)} ms in the server (checking the edit, applying it,
sending it to ${students} sockets) and ${clientCpu.toFixed(1)} ms for all ${students + 1} clients
together (each student's device does 1/${students} of that). The load average was
${load.toFixed(1)} on ${cpus().length} cores at the end of the run: on a machine that busy,
the wall-clock figures above mostly measure waiting for a core, and the CPU times are the
better guide to what an edit costs.
`;
}

if (import.meta.main) console.log(await run());
