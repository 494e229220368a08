import assert from 'node:assert/strict';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createSharedDatabase, eventually, postgresUrl, type SharedDatabase } from './database.ts';

// The server as the operator runs it, in a process of its own: on PostgreSQL a primary and
// two workers (one replaced when it dies), on PGlite one process; either way a SIGTERM lets
// the request in hand finish, then the process exits with 0.

const root = fileURLToPath(new URL('..', import.meta.url));
const serverUrl = postgresUrl();

interface Server {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<number | null>;
}

async function startServer(env: Record<string, string>): Promise<Server> {
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      BASE_URL: `http://127.0.0.1:${port}`,
      SESSION_SECRET: 'a-session-secret-for-the-process-test-0123456789',
      SMTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await eventually(() => output.includes('is running at') || child.exitCode !== null, 150_000);
  assert.match(output, /is running at/, output);
  return { child, port, output: () => output, exited };
}

/** Sends a request's headers and half its body, and the rest when told; resolves with the reply. */
function slowRequest(port: number) {
  const socket = connect(port, '127.0.0.1');
  const body = 'email=someone%40example.test&password=not-the-password';
  let reply = '';
  socket.on('data', (chunk: Buffer) => (reply += chunk.toString()));
  const ended = new Promise<string>((resolve) => socket.on('close', () => resolve(reply)));
  const opened = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    start: async () => {
      await opened;
      socket.write(
        `POST /sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`,
      );
    },
    finish: () => socket.write(body.slice(10)),
    ended,
  };
}

async function health(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return response.status;
}

/** The worker processes of a primary (not the helper processes tsx starts). */
function childrenOf(pid: number | undefined): number[] {
  if (pid === undefined) return [];
  try {
    return execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => line.includes('src/server.ts'))
      .map((line) => Number(line.trim().split(/\s+/)[0]))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

describe(`the server process (${serverUrl === undefined ? 'PGlite' : 'PostgreSQL, two workers'})`, () => {
  let database: SharedDatabase | undefined;
  let dataDir: string | undefined;
  let server: Server;

  before(async () => {
    if (serverUrl === undefined) {
      dataDir = mkdtempSync(join(tmpdir(), 'ocw-process-'));
      server = await startServer({ DATA_DIR: dataDir, WEB_CONCURRENCY: '2' });
    } else {
      database = await createSharedDatabase(serverUrl);
      server = await startServer({ DATABASE_URL: database.url, WEB_CONCURRENCY: '2' });
    }
  });
  after(async () => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await database?.drop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('says how many processes serve', async () => {
    if (serverUrl === undefined) {
      assert.match(server.output(), /one process: PGlite is single-process, so WEB_CONCURRENCY=2/);
      assert.deepEqual(childrenOf(server.child.pid), []);
    } else {
      assert.match(server.output(), /2 worker processes/);
      assert.equal(childrenOf(server.child.pid).length, 2);
    }
    assert.equal(await health(server.port), 200);
  });

  it(
    'replaces a worker that dies',
    { skip: serverUrl === undefined && 'PGlite: one process' },
    async () => {
      const [first] = childrenOf(server.child.pid);
      assert.ok(first !== undefined);
      process.kill(first, 'SIGKILL');
      await eventually(() => server.output().includes(`Worker ${first} stopped (signal SIGKILL)`));
      assert.equal(await health(server.port), 200, 'the other worker serves meanwhile');
      await eventually(() => {
        const now = childrenOf(server.child.pid);
        return now.length === 2 && !now.includes(first);
      }, 30_000);
      await eventually(async () => (await health(server.port)) === 200);
    },
  );

  it('finishes the request in hand on SIGTERM, then exits with 0', async () => {
    const request = slowRequest(server.port);
    await request.start();
    await new Promise((resolve) => setTimeout(resolve, 200));
    server.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    request.finish();
    const reply = await request.ended;
    // The sign-in form without its CSRF token is refused, but it is answered.
    assert.match(reply, /^HTTP\/1\.1 \d{3}/);
    assert.equal(await server.exited, 0, server.output());
    await assert.rejects(health(server.port), 'no longer listening');
  });
});
