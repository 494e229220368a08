// What the benchmarks share: a fresh PostgreSQL database, the real app started in its own
// process on a free port, a keep-alive HTTP client, timed loops and percentiles.

import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const root = fileURLToPath(new URL('..', import.meta.url));

const agent = new http.Agent({ keepAlive: true, maxSockets: 200 });

export interface Reply {
  status: number;
  body: string;
  cookies: string[];
  location: string | undefined;
}

export function request(
  port: number,
  method: 'GET' | 'POST',
  path: string,
  cookie: string,
  form?: URLSearchParams | { type?: string; body?: string; headers?: Record<string, string> },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const raw = form instanceof URLSearchParams || form === undefined ? undefined : form;
    const payload = form instanceof URLSearchParams ? form.toString() : raw?.body;
    const type = raw?.type ?? 'application/x-www-form-urlencoded';
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(cookie === '' ? {} : { cookie }),
          ...(raw?.headers ?? {}),
          ...(payload === undefined
            ? {}
            : { 'content-type': type, 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            cookies: res.headers['set-cookie'] ?? [],
            location: res.headers.location,
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export async function runFor<T>(
  seconds: number,
  users: number,
  work: () => Promise<T>,
): Promise<number> {
  const until = performance.now() + seconds * 1000;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: users }, async () => {
      while (performance.now() < until) await work();
    }),
  );
  return (performance.now() - began) / 1000;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export function startApp(
  databaseUrl: string,
  port: number,
  secret: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const profile =
      process.env.BENCH_PROFILE === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`];
    const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: databaseUrl,
        PORT: String(port),
        HOST: '127.0.0.1',
        BASE_URL: `http://127.0.0.1:${port}`,
        SESSION_SECRET: secret,
        SMTP_HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // One process, as the benchmarks were measured before there could be more.
        WEB_CONCURRENCY: '1',
        // The benchmarks measure the work, not the per-token limit.
        API_RATE_LIMIT: '1000000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('is running at')) resolve(child);
    });
    child.on('exit', (code) => reject(new Error(`the app stopped (exit code ${code})`)));
  });
}

export function median(values: number[]): number {
  return percentile(values, 50);
}

/** A new database on the server, dropped by the returned function. */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `ocw_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      agent.destroy();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Stops the app started by startApp, and waits (up to 15 s) until it has exited. */
export async function stopApp(app: ChildProcess | undefined): Promise<void> {
  if (app === undefined || app.exitCode !== null || app.signalCode !== null) return;
  const exited = new Promise((resolve) => app.once('exit', resolve));
  app.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 15_000))]);
}
