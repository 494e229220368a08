import type { Database, Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { ok, type Outcome } from '../../kernel/outcome.ts';
import type { ExportTable } from '../../web/table-export.ts';
import { readHeadcountFile, type HeadcountEntry, type HeadcountFile } from './headcount-file.ts';
import * as repo from './repository.ts';
import type { SectorRow } from './repository.ts';
import { orderSectors } from './service.ts';

// Headcount per sector: one sector at a time, the page's form, or all at once from a list
// (the API's JSON) or the filled-in template (a CSV or Excel file, from the page or the API).
// All or nothing: one wrong entry and nothing is saved. One audit entry per change.

/** The columns of the template, in its order; the same names are read back. */
export const HEADCOUNT_COLUMNS = ['sector key', 'sector name', 'headcount'] as const;

/** The template: every sector of the trust with its key, name and headcount as it stands. */
export async function headcountTemplate(db: Database, trustId: string): Promise<ExportTable> {
  const sectors = orderSectors(await db.withTrust(trustId, repo.listSectors));
  return {
    name: 'Headcount',
    headers: [...HEADCOUNT_COLUMNS],
    rows: sectors.map((s) => [s.key, s.name, s.headcount]),
  };
}

/** Writes the headcounts that differ, with one audit entry; the number changed. */
async function applyHeadcounts(
  tx: Tx,
  trustId: string,
  actor: Actor,
  sectors: SectorRow[],
  values: Map<string, number | null>,
): Promise<number> {
  const changes: Record<string, { from: number | null; to: number | null }> = {};
  for (const sector of sectors) {
    const to = values.get(sector.key);
    if (to === undefined || to === sector.headcount) continue;
    await repo.setSectorHeadcount(tx, sector.id, to);
    changes[sector.key] = { from: sector.headcount, to };
  }
  const changed = Object.keys(changes).length;
  if (changed > 0)
    await audit(tx, actor, {
      trustId,
      action: 'changed headcount',
      entity: 'sector',
      details: changes,
    });
  return changed;
}

/** Saves several headcounts at once (a sector left out stays as it is), all or none. */
export async function saveHeadcounts(
  db: Database,
  trustId: string,
  actor: Actor,
  values: Map<string, number | null>,
): Promise<number> {
  return db.withTrust(trustId, async (tx) =>
    applyHeadcounts(tx, trustId, actor, await repo.listSectors(tx), values),
  );
}

/** What is wrong with a list: sectors the trust does not have, sectors listed twice. */
function listErrors(entries: HeadcountEntry[], sectors: SectorRow[]): FieldError[] {
  const keys = new Set(sectors.map((s) => s.key));
  const seen = new Map<string, string>();
  const errors: FieldError[] = [];
  for (const entry of entries) {
    const { field, label } = entry.at;
    const earlier = seen.get(entry.sector);
    if (!keys.has(entry.sector))
      errors.push({
        field,
        message: /^[a-z0-9-]{1,80}$/.test(entry.sector)
          ? `${label}: your trust has no sector with the key ${entry.sector}`
          : `${label}: enter the key of one of your sectors, as in the template`,
      });
    else if (earlier !== undefined)
      errors.push({ field, message: `${label}: ${entry.sector} is already given in ${earlier}` });
    else seen.set(entry.sector, label.toLowerCase());
  }
  return errors;
}

/** Errors in the order of the list's entries (or the file's rows). */
function inOrder(errors: FieldError[], entries: HeadcountEntry[]): FieldError[] {
  const rowOf = (field: string) => Number(/^row-(\d+)$/.exec(field)?.[1] ?? 0);
  if (entries.some((e) => !e.at.field.startsWith('row-'))) return errors;
  return [...errors].sort((a, b) => rowOf(a.field) - rowOf(b.field));
}

/**
 * Sets the headcount of every sector on the list, all or nothing; sectors not on it stay as
 * they are. `found` are problems already found with other entries (rows of a file that could
 * not be read). Answers every sector of the trust as it then stands.
 */
export async function saveHeadcountList(
  db: Database,
  trustId: string,
  actor: Actor,
  entries: HeadcountEntry[],
  found: FieldError[] = [],
): Promise<Outcome<SectorRow[]>> {
  return db.withTrust(trustId, async (tx) => {
    const sectors = await repo.listSectors(tx);
    const errors = inOrder([...found, ...listErrors(entries, sectors)], entries);
    if (errors.length > 0) return { ok: false, errors };
    const values = new Map(entries.map((e) => [e.sector, e.headcount]));
    await applyHeadcounts(tx, trustId, actor, sectors, values);
    return ok(
      orderSectors(sectors).map((s) => {
        const to = values.get(s.key);
        return to === undefined ? s : { ...s, headcount: to };
      }),
    );
  });
}

/** Reads the filled-in template and saves it with saveHeadcountList: the page and the API. */
export async function importHeadcounts(
  db: Database,
  trustId: string,
  actor: Actor,
  file: HeadcountFile,
): Promise<Outcome<SectorRow[]>> {
  const read = await readHeadcountFile(file);
  if (!read.ok) return read;
  return saveHeadcountList(db, trustId, actor, read.value.entries, read.value.errors);
}

/** Sets one sector's headcount by key; null when the trust has no such sector. */
export async function setHeadcount(
  db: Database,
  trustId: string,
  actor: Actor,
  key: string,
  headcount: number | null,
): Promise<SectorRow | null> {
  return db.withTrust(trustId, async (tx) => {
    const sector = (await repo.listSectors(tx)).find((s) => s.key === key);
    if (sector === undefined) return null;
    if (sector.headcount !== headcount) {
      await repo.setSectorHeadcount(tx, sector.id, headcount);
      await audit(tx, actor, {
        trustId,
        action: 'changed headcount',
        entity: 'sector',
        entityId: sector.id,
        details: { [key]: { from: sector.headcount, to: headcount } },
      });
    }
    return { ...sector, headcount };
  });
}
