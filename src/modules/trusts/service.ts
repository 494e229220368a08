import type { Database } from '../../db/client.ts';
import { insertedRow, NotFoundError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { NATIONAL_SECTORS } from '../../kernel/framework.ts';
import * as repo from './repository.ts';
import type { SectorRow, TrustDetails } from './repository.ts';
import { fail, guarded, ok, removal, type Outcome } from '../../kernel/outcome.ts';
import { parseWith } from '../../web/forms.ts';
import { detailsSchema, isNationalKey, slugify } from './schemas.ts';

// The rules of trust set-up, shared by the pages and the API. A failed rule answers field
// errors and changes nothing; every change is audited in its own transaction. Localities
// and organisations are in partner-service.ts.

const nationalOrder = new Map(NATIONAL_SECTORS.map((s, i) => [s.key, i]));

/** National sectors in the national order, then the trust's own sectors by name. */
export function orderSectors<S extends { key: string; name: string; custom: boolean }>(
  sectors: S[],
): S[] {
  const rank = (s: S) => (s.custom ? 1000 : (nationalOrder.get(s.key) ?? 999));
  return [...sectors].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name, 'en-GB'));
}

export function nationalSectorName(key: string): string {
  return NATIONAL_SECTORS.find((s) => s.key === key)?.name ?? key;
}

// ---- Trust details (a global table, changed only for the trust in hand) ----

const TRUST_GONE = 'This trust no longer exists';

export async function loadTrust(db: Database, trustId: string): Promise<TrustDetails> {
  const trust = await db.asSystem((tx) => repo.findTrust(tx, trustId));
  // Removed by an operator after the request's session or token was read.
  if (trust === undefined) throw new NotFoundError(TRUST_GONE);
  return trust;
}

/** Checks and saves the name and region (a region stored outside the list may be kept). */
export async function editDetails(
  db: Database,
  trustId: string,
  actor: Actor,
  input: Record<string, unknown>,
): Promise<Outcome<TrustDetails>> {
  const before = await loadTrust(db, trustId);
  const parsed = parseWith(detailsSchema(before.region), input);
  if (!parsed.ok) return parsed;
  await saveDetails(db, trustId, actor, parsed.data);
  return ok({ ...before, ...parsed.data });
}

export async function saveDetails(
  db: Database,
  trustId: string,
  actor: Actor,
  input: { name: string; region: string | null },
): Promise<void> {
  await db.asSystem(async (tx) => {
    const before = await repo.findTrust(tx, trustId);
    if (before === undefined) throw new NotFoundError(TRUST_GONE);
    if (before.name === input.name && before.region === input.region) return;
    await repo.updateTrust(tx, trustId, input);
    await audit(tx, actor, {
      trustId,
      action: 'updated trust details',
      entity: 'trust',
      entityId: trustId,
      details: { from: { name: before.name, region: before.region }, to: input },
    });
  });
}

// ---- Sectors ----

export async function loadSectors(db: Database, trustId: string): Promise<SectorRow[]> {
  return orderSectors(await db.withTrust(trustId, repo.listSectors));
}

/** Ticks and unticks national sectors; one with organisations cannot be unticked. */
const inUseError = {
  field: 'sectors',
  message: 'A sector you unticked has organisations: remove them before you untick it',
};

export async function chooseNationalSectors(
  db: Database,
  trustId: string,
  actor: Actor,
  keys: string[],
): Promise<Outcome> {
  if (keys.length === 0) return fail('sectors', 'Select at least one sector');
  const wanted = new Set(keys);
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const current = (await repo.listSectors(tx)).filter((s) => !s.custom);
        const dropping = current.filter((s) => !wanted.has(s.key));
        const inUse = await repo.organisationNamesInSectors(
          tx,
          dropping.map((s) => s.id),
        );
        if (inUse.length > 0) {
          const message = orderSectors(dropping)
            .map((s) => {
              const names = inUse.filter((o) => o.sectorId === s.id).map((o) => o.name);
              return names.length === 0
                ? ''
                : `${s.name} has organisations (${names.join(', ')}): remove them before you untick it`;
            })
            .filter((m) => m !== '')
            .join('. ');
          return fail('sectors', message);
        }
        const have = new Set(current.map((s) => s.key));
        const adding = NATIONAL_SECTORS.filter((s) => wanted.has(s.key) && !have.has(s.key));
        if (adding.length === 0 && dropping.length === 0) return ok(null);
        await repo.insertSectors(
          tx,
          adding.map((s) => ({
            trustId,
            key: s.key,
            name: s.name,
            nationalKey: s.key,
            custom: false,
          })),
        );
        await repo.deleteSectors(
          tx,
          dropping.map((s) => s.id),
        );
        await audit(tx, actor, {
          trustId,
          action: 'changed sectors',
          entity: 'sector',
          details: { added: adding.map((s) => s.key), removed: dropping.map((s) => s.key) },
        });
        return ok(null);
      }),
    { inUse: inUseError },
  );
}

export async function addCustomSector(
  db: Database,
  trustId: string,
  actor: Actor,
  input: { name: string; nationalKey: string },
): Promise<Outcome<SectorRow>> {
  const base = slugify(input.name);
  if (base === '') return fail('name', 'Sector name must include at least one letter or number');
  const national = NATIONAL_SECTORS.find(
    (s) => s.key === base || s.name.toLowerCase() === input.name.toLowerCase(),
  );
  if (national !== undefined)
    return fail(
      'name',
      `${national.name} is a national sector: tick it in the list of national sectors instead`,
    );
  const duplicate = { field: 'name', message: `You already have a sector called ${input.name}` };
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const sectors = await repo.listSectors(tx);
        if (sectors.some((s) => s.name.toLowerCase() === input.name.toLowerCase()))
          return { ok: false, errors: [duplicate] };
        const keys = new Set(sectors.map((s) => s.key));
        let key = base;
        for (let n = 2; keys.has(key) || isNationalKey(key); n++) key = `${base}-${n}`;
        const [inserted] = await repo.insertSectors(tx, [
          { trustId, key, name: input.name, nationalKey: input.nationalKey, custom: true },
        ]);
        const row = insertedRow(inserted, 'a sector');
        await audit(tx, actor, {
          trustId,
          action: 'added own sector',
          entity: 'sector',
          entityId: row.id,
          details: { key, name: input.name, nationalKey: input.nationalKey },
        });
        return ok({ ...row, organisations: 0 });
      }),
    { unique: duplicate },
  );
}

/**
 * Removes one of the trust's own sectors, named by id (the pages) or key (the API); null
 * when there is no such sector of its own (a national sector is unticked instead).
 */
export async function removeCustomSector(
  db: Database,
  trustId: string,
  actor: Actor,
  which: { id: string } | { key: string },
): Promise<Outcome | null> {
  const inUseMessage = (name: string, orgs: string[]) =>
    `${name} cannot be removed because it has organisations${orgs.length > 0 ? ` (${orgs.join(', ')})` : ''}: remove them first`;
  const field = (id: string) => `remove-${id}`;
  return removal(
    () =>
      db.withTrust(trustId, async (tx) => {
        const sector =
          'id' in which
            ? await repo.findSectorById(tx, which.id)
            : await repo.findSectorByKey(tx, trustId, which.key);
        if (sector === undefined || !sector.custom) return null;
        const id = sector.id;
        const inUse = await repo.organisationNamesInSectors(tx, [id]);
        if (inUse.length > 0)
          return fail(
            field(id),
            inUseMessage(
              sector.name,
              inUse.map((o) => o.name),
            ),
          );
        await repo.deleteSectors(tx, [id]);
        await audit(tx, actor, {
          trustId,
          action: 'removed own sector',
          entity: 'sector',
          entityId: id,
          details: { key: sector.key, name: sector.name },
        });
        return ok(null);
      }),
    {
      field: 'id' in which ? field(which.id) : 'sector',
      message: inUseMessage('This sector', []),
    },
  );
}
