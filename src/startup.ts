import type { Config } from './config.ts';
import { LOCKS, withAdvisoryLock } from './db/advisory-lock.ts';
import { openDatabase, type Database } from './db/client.ts';
import { loadFrameworkFiles, syncFrameworkVersions } from './modules/framework/index.ts';

/** Opens the configured database, applies migrations and loads the framework files. */
export async function openAndPrepare(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { inMemory?: boolean } = {},
): Promise<Database> {
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir:
      config.databaseUrl === undefined && options.inMemory !== true ? config.dataDir : undefined,
  });
  try {
    // One process at a time (others wait, then find it done): see db/advisory-lock.ts.
    await withAdvisoryLock(config.databaseUrl, LOCKS.migrate, async () => {
      await db.migrate();
      const versions = loadFrameworkFiles();
      await db.asSystem((tx) => syncFrameworkVersions(tx, versions));
    });
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
