import cluster from 'node:cluster';
import { runPrimary, workerCount } from './cluster.ts';
import { ConfigError, loadConfig } from './config.ts';
import { runInstance } from './instance.ts';

// The process entry: config → one instance in this process, or a primary and its workers.

async function main() {
  const config = loadConfig();
  if (cluster.isWorker) {
    await runInstance(config, { worker: true });
    return;
  }
  const count = workerCount(config);
  if (count > 1) {
    await runPrimary(config, count);
    return;
  }
  const asked = config.webConcurrency ?? 1;
  const note =
    config.databaseUrl === undefined
      ? `one process: PGlite is single-process${asked > 1 ? `, so WEB_CONCURRENCY=${asked} is not used` : ''}`
      : 'one process';
  await runInstance(config, { worker: false, note });
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
