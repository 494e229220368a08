import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asc, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { frameworkVersions } from '../../db/schema/index.ts';
import { sha256 } from '../people/index.ts';
import { frameworkVersionSchema, type FrameworkVersion } from './schema.ts';

const dataDir = fileURLToPath(new URL('./data', import.meta.url));

export class FrameworkFileError extends Error {}

/** Reads and checks every framework version file in the repository. */
export function loadFrameworkFiles(dir = join(dataDir, 'versions')): FrameworkVersion[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = frameworkVersionSchema.safeParse(
        JSON.parse(readFileSync(join(dir, name), 'utf8')),
      );
      if (!parsed.success) {
        const lines = parsed.error.issues
          .slice(0, 10)
          .map((i) => `${i.path.join('.')}: ${i.message}`);
        throw new FrameworkFileError(
          `Framework file ${name} is not valid:\n  ${lines.join('\n  ')}`,
        );
      }
      return parsed.data;
    });
}

export function checksumOf(version: FrameworkVersion): string {
  return sha256(JSON.stringify(version));
}

/**
 * Brings the database in line with the files. A version already used by a round is locked:
 * if its file changed, start-up stops with a clear message (publish a new version instead).
 */
export async function syncFrameworkVersions(
  tx: Tx,
  versions: FrameworkVersion[],
): Promise<string[]> {
  const changed: string[] = [];
  for (const version of versions) {
    const checksum = checksumOf(version);
    const [existing] = await tx
      .select()
      .from(frameworkVersions)
      .where(eq(frameworkVersions.key, version.key));
    if (existing?.checksum === checksum) continue;
    if (existing?.lockedAt) {
      throw new FrameworkFileError(
        `Framework version ${version.key} is used by a round and cannot change. Publish the changes as a new version.`,
      );
    }
    const values = {
      title: version.title,
      // A version published in the product stays published even if its file still says draft.
      status: existing?.status === 'published' ? 'published' : version.status,
      content: version,
      checksum,
      publishedAt:
        version.status === 'published'
          ? (existing?.publishedAt ??
            (version.publishedOn === undefined ? new Date() : new Date(version.publishedOn)))
          : (existing?.publishedAt ?? null),
    };
    if (existing === undefined)
      await tx.insert(frameworkVersions).values({ key: version.key, ...values });
    else
      await tx.update(frameworkVersions).set(values).where(eq(frameworkVersions.key, version.key));
    changed.push(version.key);
  }
  return changed;
}

export interface VersionSummary {
  key: string;
  title: string;
  status: string;
  publishedAt: Date | null;
  lockedAt: Date | null;
}

export async function listVersions(tx: Tx): Promise<VersionSummary[]> {
  return tx
    .select({
      key: frameworkVersions.key,
      title: frameworkVersions.title,
      status: frameworkVersions.status,
      publishedAt: frameworkVersions.publishedAt,
      lockedAt: frameworkVersions.lockedAt,
    })
    .from(frameworkVersions)
    .orderBy(asc(frameworkVersions.key));
}

/** A version's row as stored: its summary, checksum and unparsed content. */
export async function findVersionRow(tx: Tx, key: string) {
  const [row] = await tx.select().from(frameworkVersions).where(eq(frameworkVersions.key, key));
  return row;
}

export type VersionRow = NonNullable<Awaited<ReturnType<typeof findVersionRow>>>;

export function versionWith(
  row: VersionRow,
  content: FrameworkVersion,
): VersionSummary & { content: FrameworkVersion } {
  return {
    key: row.key,
    title: row.title,
    status: row.status,
    publishedAt: row.publishedAt,
    lockedAt: row.lockedAt,
    content,
  };
}

/** A version with its content checked afresh (framework/versions.ts remembers them). */
export async function getVersion(
  tx: Tx,
  key: string,
): Promise<(VersionSummary & { content: FrameworkVersion }) | undefined> {
  const row = await findVersionRow(tx, key);
  return row === undefined
    ? undefined
    : versionWith(row, frameworkVersionSchema.parse(row.content));
}

export async function publishVersion(tx: Tx, key: string): Promise<boolean> {
  const rows = await tx
    .update(frameworkVersions)
    .set({
      status: 'published',
      publishedAt: sql`coalesce(${frameworkVersions.publishedAt}, now())`,
    })
    .where(eq(frameworkVersions.key, key))
    .returning({ key: frameworkVersions.key });
  return rows.length === 1;
}

/** Called when a round starts using a version: from then on it never changes. */
export async function lockVersion(tx: Tx, key: string): Promise<void> {
  await tx
    .update(frameworkVersions)
    .set({ lockedAt: sql`coalesce(${frameworkVersions.lockedAt}, now())` })
    .where(eq(frameworkVersions.key, key));
}

// ---- Reading helpers for the framework pages and API ----

export interface StageBand {
  number: number;
  key: string;
  name: string;
  description: string;
  minScore: number;
  /** Exclusive upper bound (the next stage's minimum); null for the top stage. */
  maxScore: number | null;
  /** For people: "3.0 to 3.9". */
  band: string;
}

const decimalsOf = (n: number) => Math.max(1, (String(n).split('.')[1] ?? '').length);

/** Each stage's score band, worked out from the next stage's minimum score. */
export function stageBands(version: FrameworkVersion): StageBand[] {
  const stages = [...version.stages].sort((a, b) => a.minScore - b.minScore);
  return stages.map((stage, i) => {
    const next = stages[i + 1];
    const places = Math.max(decimalsOf(stage.minScore), decimalsOf(next?.minScore ?? 1));
    const upper = next === undefined ? 5 : next.minScore - 10 ** -places;
    return {
      number: stage.number,
      key: stage.key,
      name: stage.name,
      description: stage.description,
      minScore: stage.minScore,
      maxScore: next?.minScore ?? null,
      band: `${stage.minScore.toFixed(places)} to ${upper.toFixed(places)}`,
    };
  });
}

/** Published versions for everyone; drafts too for system admins. */
export function isVisibleVersion(version: { status: string }, canSeeDrafts: boolean): boolean {
  return version.status === 'published' || canSeeDrafts;
}

/** A version's title and status, without reading its content. */
export async function findVersionSummary(tx: Tx, key: string): Promise<VersionSummary | undefined> {
  const [row] = await tx
    .select({
      key: frameworkVersions.key,
      title: frameworkVersions.title,
      status: frameworkVersions.status,
      publishedAt: frameworkVersions.publishedAt,
      lockedAt: frameworkVersions.lockedAt,
    })
    .from(frameworkVersions)
    .where(eq(frameworkVersions.key, key));
  return row;
}
