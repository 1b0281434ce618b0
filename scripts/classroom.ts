/**
 * `npm run classroom`: the live-session server and the built site on one port.
 *
 *   npm run classroom                      build dist/ if missing, serve on port 4322
 *   npm run classroom -- --port 8080 --host 127.0.0.1
 *   npm run classroom -- --redis redis://127.0.0.1:6379    (several instances, one Redis)
 *
 * Options also come from the environment: CLASSROOM_PORT, CLASSROOM_HOST, CLASSROOM_REDIS,
 * CLASSROOM_DATA (the folder that keeps sessions across restarts, default .classroom/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { lanAddresses, startClassroom } from '../src/classroom/server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    redis: { type: 'string' },
    data: { type: 'string' },
    dist: { type: 'string' },
    name: { type: 'string' },
  },
});
const root = resolve(import.meta.dirname, '..');
const dist = resolve(values.dist ?? `${root}/dist`);
if (!existsSync(`${dist}/chapters`)) {
  console.log('No built site in dist/: building it first (npm run build)...');
  const r = spawnSync('npx', ['astro', 'build'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const port = Number(values.port ?? process.env['CLASSROOM_PORT'] ?? 4322);
const host = values.host ?? process.env['CLASSROOM_HOST'] ?? '0.0.0.0';
const redis = values.redis ?? process.env['CLASSROOM_REDIS'];
const server = await startClassroom({
  port,
  host,
  dist,
  dataDir: values.data ?? process.env['CLASSROOM_DATA'] ?? `${root}/.classroom`,
  ...(redis ? { redis } : {}),
  ...(values.name ? { name: values.name } : {}),
});
console.log(`Live sessions and the site at http://localhost:${server.port}/`);
if (host === '0.0.0.0')
  for (const a of lanAddresses())
    console.log(`Students on this network: http://${a}:${server.port}/`);
else console.log(`Listening on ${host} only.`);
if (redis) console.log(`Sharing sessions with other instances through ${redis}.`);
console.log('Press Ctrl+C to stop (sessions are kept and come back on the next start).');
const stop = async (): Promise<void> => {
  await server.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
