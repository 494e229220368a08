// The service through a real PostgreSQL restart: `npx tsx bench/db-restart.ts`.
//
// Creates a private PostgreSQL cluster in a temporary folder with Debian's binaries
// (/usr/lib/postgresql/15/bin, or PG_BIN; as the postgres user when run as root, since initdb
// refuses root), on a free port; starts the real app against it in its own process; sets up a
// trust and an API token; then runs steady traffic (API writes of new localities and reads)
// while `pg_ctl restart -m fast` restarts the server, several times, and then once stops it
// for a few seconds before starting it again. For each it prints how long it took, how long
// /health answered 503, and the seconds until /health is 200 again (from the start, and from
// the moment the server was up); at the end the writes acknowledged (201) against the rows
// stored, and how long a 503 took. It checks that the app process is still running and that
// no acknowledged write was lost (exit code 1 otherwise), then stops everything and removes
// the folder.
//
// Options (environment): BENCH_RESTARTS (default 3), BENCH_USERS (default 8), BENCH_SECONDS
// of steady traffic between disruptions (default 3), BENCH_OUTAGE seconds stopped (default 3),
// PG_BIN.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows } from '../src/db/client.ts';
import { createApiToken } from '../src/modules/api/tokens.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { freePort, median, percentile, request, startApp, stopApp } from './lib.ts';

const RESTARTS = Number(process.env.BENCH_RESTARTS ?? 3);
const USERS = Number(process.env.BENCH_USERS ?? 8);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const OUTAGE_SECONDS = Number(process.env.BENCH_OUTAGE ?? 3);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** Longer than this without a 200 from /health after a restart counts as "never came back". */
const GIVE_UP_MS = 60_000;

const asRoot = process.getuid?.() === 0;

/** A PostgreSQL binary's command line, as the postgres user when we are root. */
function pgCommand(binary: string, args: string[]): [string, string[]] {
  const command = join(PG_BIN, binary);
  return asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function pgRun(binary: string, args: string[]): string {
  const [file, argv] = pgCommand(binary, args);
  return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/**
 * The same without blocking: traffic and the health watcher go on while it runs. Waits for
 * the command to exit, not for its output to close: a server it starts keeps that open.
 */
function pgRunAsync(binary: string, args: string[]): Promise<void> {
  const [file, argv] = pgCommand(binary, args);
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new Error(`${binary} ${args.join(' ')} failed (exit code ${String(code)})`));
    });
  });
}

interface Cluster {
  dir: string;
  data: string;
  port: number;
  /** The server's command-line options (pg_ctl start needs them again; restart keeps them). */
  options: string;
  url: (database: string) => string;
}

async function createCluster(): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'ocw-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const port = await freePort();
  pgRun('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  pgRun('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'server.log'), '-w', 'start']);
  return {
    dir,
    data,
    port,
    options,
    url: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
  };
}

function removeCluster(cluster: Cluster | undefined) {
  if (cluster === undefined) return;
  try {
    pgRun('pg_ctl', ['-D', cluster.data, '-m', 'immediate', '-w', 'stop']);
  } catch {
    // Already stopped.
  }
  rmSync(cluster.dir, { recursive: true, force: true });
}

interface Traffic {
  acknowledged: string[];
  statuses: Map<string, number>;
  /** Milliseconds each 503 took: requests fail fast rather than hang. */
  unavailableMs: number[];
  running: boolean;
}

function count(traffic: Traffic, key: string) {
  traffic.statuses.set(key, (traffic.statuses.get(key) ?? 0) + 1);
}

/** One simulated client: writes a new locality, reads the list, again and again. */
async function client(port: number, token: string, user: number, traffic: Traffic) {
  const headers = { authorization: `Bearer ${token}` };
  for (let i = 0; traffic.running; i++) {
    const name = `bench ${user} ${i}`;
    try {
      let began = performance.now();
      const write = await request(port, 'POST', '/api/v1/trusts/bench/localities', '', {
        type: 'application/json',
        body: JSON.stringify({ name }),
        headers,
      });
      count(traffic, `write ${write.status}`);
      if (write.status === 201) traffic.acknowledged.push(name);
      if (write.status === 503) traffic.unavailableMs.push(performance.now() - began);
      began = performance.now();
      const read = await request(port, 'GET', '/api/v1/trusts/bench/localities', '', { headers });
      count(traffic, `read ${read.status}`);
      if (read.status === 503) traffic.unavailableMs.push(performance.now() - began);
    } catch {
      count(traffic, 'no answer');
      await sleep(50);
    }
  }
}

async function health(port: number): Promise<number> {
  try {
    return (await request(port, 'GET', '/health', '')).status;
  } catch {
    return 0;
  }
}

interface Restart {
  /** How long the disruption itself took (pg_ctl restart; or stop, wait, start). */
  pgCtlSeconds: number;
  unavailableSeconds: number;
  /** From the start of the disruption until /health answered 200. */
  backSeconds: number;
  /** From the moment the server was up again until /health answered 200. */
  afterUpSeconds: number;
}

/** Disrupts the server while traffic runs; when /health was 503 and when it was 200 again. */
async function disrupt(port: number, action: () => Promise<void>): Promise<Restart> {
  const began = performance.now();
  let firstDown: number | undefined;
  let lastDown: number | undefined;
  let back: number | undefined;
  const server = { upAt: undefined as number | undefined };
  const watcher = (async () => {
    while (back === undefined && appRunning() && performance.now() - began < GIVE_UP_MS) {
      const status = await health(port);
      const at = performance.now();
      if (status !== 200) {
        firstDown ??= at;
        lastDown = at;
      } else if (server.upAt !== undefined) back = at;
      await sleep(50);
    }
  })();
  await action();
  const restarted = performance.now();
  server.upAt = restarted;
  await watcher;
  if (!appRunning()) throw new Error('the app process stopped during the restart');
  if (back === undefined) throw new Error('/health did not answer 200 again within 60 s');
  return {
    pgCtlSeconds: (restarted - began) / 1000,
    unavailableSeconds:
      firstDown === undefined || lastDown === undefined ? 0 : (lastDown - firstDown) / 1000,
    backSeconds: (back - began) / 1000,
    afterUpSeconds: (back - restarted) / 1000,
  };
}

const pgCtl = (cluster: Cluster, ...args: string[]) =>
  pgRunAsync('pg_ctl', ['-D', cluster.data, '-l', join(cluster.dir, 'server.log'), '-w', ...args]);

/** A real restart, as an operator or a failover would do it. */
const restartServer = (cluster: Cluster) => () => pgCtl(cluster, '-m', 'fast', 'restart');

/** The server away for a while: connections are refused, then it comes back. */
const outage = (cluster: Cluster) => async () => {
  await pgCtl(cluster, '-m', 'fast', 'stop');
  await sleep(OUTAGE_SECONDS * 1000);
  await pgCtl(cluster, '-o', cluster.options, 'start');
};

function describe(label: string, r: Restart) {
  console.log(
    `${label}: took ${r.pgCtlSeconds.toFixed(2)} s; /health not 200 for ` +
      `${r.unavailableSeconds.toFixed(2)} s; 200 again ${r.backSeconds.toFixed(2)} s after it began, ` +
      `${r.afterUpSeconds.toFixed(2)} s after the server was up`,
  );
}

let cluster: Cluster | undefined;
let app: ChildProcess | undefined;
const appRunning = () => app !== undefined && app.exitCode === null && app.signalCode === null;

// Interrupted: stop the app and the server and remove the folder all the same.
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    app?.kill('SIGTERM');
    removeCluster(cluster);
    process.exit(1);
  });

async function main() {
  try {
    cluster = await createCluster();
    const admin = new pg.Client({ connectionString: cluster.url('postgres') });
    await admin.connect();
    await admin.query('create database ocw');
    await admin.end();

    const port = await freePort();
    process.env.WEB_CONCURRENCY = '1';
    app = await startApp(cluster.url('ocw'), port, randomBytes(32).toString('hex'));

    // The benchmark's own connections are closed while the server restarts: only the app's count.
    const setup = await openDatabase({ databaseUrl: cluster.url('ocw') });
    const token = await setup.asSystem(async (tx) => {
      const trust = await insertTrust(
        tx,
        { userId: null, label: 'benchmark' },
        { slug: 'bench', name: 'Benchmark Partnership', region: 'North East' },
      );
      if (trust === undefined) throw new Error('no trust');
      return (
        await createApiToken(tx, {
          trustId: trust.id,
          role: 'trust-admin',
          name: 'benchmark',
          createdBy: null,
        })
      ).token;
    });
    await setup.close();

    const traffic: Traffic = {
      acknowledged: [],
      statuses: new Map(),
      unavailableMs: [],
      running: true,
    };
    const clients = Promise.all(
      Array.from({ length: USERS }, (_, user) => client(port, token, user, traffic)),
    );
    const restarts: Restart[] = [];
    try {
      for (let i = 0; i < RESTARTS; i++) {
        await sleep(SECONDS * 1000);
        const r = await disrupt(port, restartServer(cluster));
        restarts.push(r);
        describe(`restart ${i + 1} (pg_ctl restart -m fast)`, r);
      }
      await sleep(SECONDS * 1000);
      describe(
        `outage (stopped for ${OUTAGE_SECONDS} s, then started)`,
        await disrupt(port, outage(cluster)),
      );
      await sleep(SECONDS * 1000);
    } finally {
      traffic.running = false;
      await clients;
    }

    const db = await openDatabase({ databaseUrl: cluster.url('ocw') });
    const [stored] = await queryRows<{ n: number }>(
      db.raw,
      sql`select count(*)::int as n from localities`,
    );
    const names = new Set(
      (await queryRows<{ name: string }>(db.raw, sql`select name from localities`)).map(
        (r) => r.name,
      ),
    );
    await db.close();
    const lost = traffic.acknowledged.filter((name) => !names.has(name));
    const alive = appRunning();

    console.log(
      `\n${RESTARTS} restarts with ${USERS} clients: back (200 from /health) a median ` +
        `${median(restarts.map((r) => r.backSeconds)).toFixed(2)} s after the restart began ` +
        `(max ${Math.max(...restarts.map((r) => r.backSeconds)).toFixed(2)} s)`,
    );
    console.log(
      `writes acknowledged ${traffic.acknowledged.length}, stored ${stored?.n ?? 0}, lost ${lost.length}`,
    );
    console.log(`answers: ${JSON.stringify(Object.fromEntries(traffic.statuses))}`);
    console.log(
      `a 503 took a median ${median(traffic.unavailableMs).toFixed(0)} ms ` +
        `(95th percentile ${percentile(traffic.unavailableMs, 95).toFixed(0)} ms)`,
    );
    console.log(`app process still running: ${alive ? 'yes' : 'no'}`);
    if (lost.length > 0 || !alive) process.exitCode = 1;
  } finally {
    await stopApp(app);
    removeCluster(cluster);
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
