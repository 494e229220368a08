import type { Database } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { guarded, ok, removal, type Outcome } from '../../kernel/outcome.ts';
import * as repo from './repository.ts';
import type { LocalityRow, OrganisationRow } from './repository.ts';

// The rules for a trust's localities and partner organisations, shared by pages and API.

// ---- Localities ----

export async function addLocality(
  db: Database,
  trustId: string,
  actor: Actor,
  name: string,
): Promise<Outcome<LocalityRow>> {
  const duplicate = { field: 'name', message: `A locality called ${name} already exists` };
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        if (await repo.findLocalityByName(tx, name)) return { ok: false, errors: [duplicate] };
        const row = await repo.insertLocality(tx, trustId, name);
        await audit(tx, actor, {
          trustId,
          action: 'added locality',
          entity: 'locality',
          entityId: row.id,
          details: { name },
        });
        return ok(row);
      }),
    { unique: duplicate },
  );
}

/** Removes a locality; null when there is no such locality in the trust. */
export async function removeLocality(
  db: Database,
  trustId: string,
  actor: Actor,
  id: string,
): Promise<Outcome | null> {
  return removal(
    () =>
      db.withTrust(trustId, async (tx) => {
        const row = await repo.deleteLocality(tx, id);
        if (row === undefined) return null;
        await audit(tx, actor, {
          trustId,
          action: 'removed locality',
          entity: 'locality',
          entityId: id,
          details: { name: row.name },
        });
        return ok(null);
      }),
    {
      field: `remove-${id}`,
      message: 'This locality cannot be removed because other records use it',
    },
  );
}

// ---- Organisations ----

export async function addOrganisation(
  db: Database,
  trustId: string,
  actor: Actor,
  input: { name: string; sector: string },
): Promise<Outcome<OrganisationRow>> {
  const duplicate = {
    field: 'name',
    message: `An organisation called ${input.name} already exists`,
  };
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const errors: FieldError[] = [];
        if (await repo.findOrganisationByName(tx, input.name)) errors.push(duplicate);
        const sector = await repo.findSectorByKey(tx, trustId, input.sector);
        if (sector === undefined)
          errors.push({ field: 'sector', message: 'Select a sector from the list' });
        if (sector === undefined || errors.length > 0) return { ok: false, errors };
        const row = await repo.insertOrganisation(tx, trustId, input.name, sector.id);
        await audit(tx, actor, {
          trustId,
          action: 'added organisation',
          entity: 'organisation',
          entityId: row.id,
          details: { name: input.name, sector: sector.key },
        });
        return ok({ ...row, sectorId: sector.id, sectorKey: sector.key, sectorName: sector.name });
      }),
    { unique: duplicate },
  );
}

/** Removes an organisation; null when there is no such organisation in the trust. */
export async function removeOrganisation(
  db: Database,
  trustId: string,
  actor: Actor,
  id: string,
): Promise<Outcome | null> {
  return removal(
    () =>
      db.withTrust(trustId, async (tx) => {
        const row = await repo.deleteOrganisation(tx, id);
        if (row === undefined) return null;
        await audit(tx, actor, {
          trustId,
          action: 'removed organisation',
          entity: 'organisation',
          entityId: id,
          details: { name: row.name },
        });
        return ok(null);
      }),
    {
      field: `remove-${id}`,
      message: 'This organisation cannot be removed because other records use it',
    },
  );
}
