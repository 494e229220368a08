import { createHash } from 'node:crypto';
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { openPglite, type Database } from '../src/db/client.ts';
import { loadFrameworkFiles, syncFrameworkVersions } from '../src/modules/framework/index.ts';

// A test file's PGlite database, started from an image of one already migrated and holding
// the framework versions, instead of made afresh (PGlite's initdb, the migrations and the
// framework cost about 2 s a database; loading the image about 0.5 s). The image is made by
// the first test process that needs it and kept in the system's temporary folder, named by a
// hash of everything it holds: the migrations, the framework's data files and PGlite's
// version, so a change to any of them makes a new one. Processes that make it at once each
// write their own file and rename it into place, so none reads half an image.

const root = fileURLToPath(new URL('..', import.meta.url));
const SOURCES = ['src/db/migrations', 'src/modules/framework/data'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? filesUnder(path) : [path];
    });
}

function imageKey(): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    readFileSync(join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  hash.update(pglite.version);
  for (const source of SOURCES)
    for (const file of filesUnder(join(root, source))) {
      hash.update(file.slice(root.length));
      hash.update(readFileSync(file));
    }
  return hash.digest('hex').slice(0, 16);
}

async function makeImage(file: string): Promise<void> {
  const client = await PGlite.create();
  const db = openPglite(client);
  try {
    await db.migrate();
    await db.asSystem((tx) => syncFrameworkVersions(tx, loadFrameworkFiles()));
    const image = await client.dumpDataDir('none');
    const partial = `${file}.${String(process.pid)}`;
    writeFileSync(partial, Buffer.from(await image.arrayBuffer()));
    renameSync(partial, file);
  } finally {
    await db.close();
  }
}

let image: Promise<Blob> | undefined;

/** The migrated image, made once and kept. */
function migratedImage(): Promise<Blob> {
  image ??= (async () => {
    const file = join(tmpdir(), `ocw-pglite-${imageKey()}.tar`);
    if (!existsSync(file)) await makeImage(file);
    return new Blob([readFileSync(file)]);
  })();
  return image;
}

/** A new in-memory PGlite database, migrated and holding the framework versions. */
export async function migratedPglite(): Promise<Database> {
  return openPglite(await PGlite.create({ loadDataDir: await migratedImage() }));
}
