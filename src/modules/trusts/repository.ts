import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { localities, organisations, trusts, trustSectors } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';

// SQL for trust set-up. Every function runs in the caller's transaction: a trust scope
// (withTrust) for trust-owned tables, a system one for the global trusts table.

export interface TrustDetails {
  id: string;
  slug: string;
  name: string;
  region: string | null;
}

export interface SectorRow {
  id: string;
  key: string;
  name: string;
  nationalKey: string;
  custom: boolean;
  headcount: number | null;
  organisations: number;
}

export interface LocalityRow {
  id: string;
  name: string;
}

export interface OrganisationRow {
  id: string;
  name: string;
  sectorId: string;
  sectorKey: string;
  sectorName: string;
}

export async function findTrust(tx: Tx, trustId: string): Promise<TrustDetails | undefined> {
  const [row] = await tx
    .select({ id: trusts.id, slug: trusts.slug, name: trusts.name, region: trusts.region })
    .from(trusts)
    .where(eq(trusts.id, trustId));
  return row;
}

export async function updateTrust(
  tx: Tx,
  trustId: string,
  values: { name: string; region: string | null },
): Promise<void> {
  await tx.update(trusts).set(values).where(eq(trusts.id, trustId));
}

export async function listSectors(tx: Tx): Promise<SectorRow[]> {
  return tx
    .select({
      id: trustSectors.id,
      key: trustSectors.key,
      name: trustSectors.name,
      nationalKey: trustSectors.nationalKey,
      custom: trustSectors.custom,
      headcount: trustSectors.headcount,
      // Written out in full: drizzle leaves columns unqualified inside a subquery.
      organisations: sql<number>`(select count(*)::int from organisations o where o.sector_id = "trust_sectors"."id")`,
    })
    .from(trustSectors)
    .orderBy(asc(trustSectors.name));
}

export async function insertSectors(
  tx: Tx,
  rows: { trustId: string; key: string; name: string; nationalKey: string; custom: boolean }[],
) {
  if (rows.length === 0) return [];
  return tx.insert(trustSectors).values(rows).returning();
}

export async function deleteSectors(tx: Tx, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.delete(trustSectors).where(inArray(trustSectors.id, ids));
}

export async function setSectorHeadcount(
  tx: Tx,
  id: string,
  headcount: number | null,
): Promise<void> {
  await tx.update(trustSectors).set({ headcount }).where(eq(trustSectors.id, id));
}

export async function organisationNamesInSectors(
  tx: Tx,
  sectorIds: string[],
): Promise<{ sectorId: string; name: string }[]> {
  if (sectorIds.length === 0) return [];
  return tx
    .select({ sectorId: organisations.sectorId, name: organisations.name })
    .from(organisations)
    .where(inArray(organisations.sectorId, sectorIds))
    .orderBy(asc(organisations.name));
}

export async function listLocalities(tx: Tx): Promise<LocalityRow[]> {
  return tx
    .select({ id: localities.id, name: localities.name })
    .from(localities)
    .orderBy(asc(localities.name));
}

export async function findLocalityByName(tx: Tx, name: string): Promise<LocalityRow | undefined> {
  const [row] = await tx
    .select({ id: localities.id, name: localities.name })
    .from(localities)
    .where(sql`lower(${localities.name}) = lower(${name})`);
  return row;
}

export async function insertLocality(tx: Tx, trustId: string, name: string): Promise<LocalityRow> {
  const [row] = await tx
    .insert(localities)
    .values({ trustId, name })
    .returning({ id: localities.id, name: localities.name });
  return insertedRow(row, 'a locality');
}

export async function deleteLocality(tx: Tx, id: string): Promise<LocalityRow | undefined> {
  const [row] = await tx
    .delete(localities)
    .where(eq(localities.id, id))
    .returning({ id: localities.id, name: localities.name });
  return row;
}

const organisationColumns = {
  id: organisations.id,
  name: organisations.name,
  sectorId: organisations.sectorId,
  sectorKey: trustSectors.key,
  sectorName: trustSectors.name,
};

export async function listOrganisations(tx: Tx): Promise<OrganisationRow[]> {
  return tx
    .select(organisationColumns)
    .from(organisations)
    .innerJoin(trustSectors, eq(trustSectors.id, organisations.sectorId))
    .orderBy(asc(organisations.name));
}

export async function findOrganisationByName(
  tx: Tx,
  name: string,
): Promise<{ id: string } | undefined> {
  const [row] = await tx
    .select({ id: organisations.id })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${name})`);
  return row;
}

export async function insertOrganisations(
  tx: Tx,
  trustId: string,
  names: string[],
  sectorId: string,
): Promise<{ id: string; name: string }[]> {
  if (names.length === 0) return [];
  return tx
    .insert(organisations)
    .values(names.map((name) => ({ trustId, name, sectorId })))
    .returning({ id: organisations.id, name: organisations.name });
}

export async function insertOrganisation(
  tx: Tx,
  trustId: string,
  name: string,
  sectorId: string,
): Promise<{ id: string; name: string }> {
  const [row] = await tx
    .insert(organisations)
    .values({ trustId, name, sectorId })
    .returning({ id: organisations.id, name: organisations.name });
  return insertedRow(row, 'an organisation');
}

export async function deleteOrganisation(
  tx: Tx,
  id: string,
): Promise<{ id: string; name: string } | undefined> {
  const [row] = await tx
    .delete(organisations)
    .where(eq(organisations.id, id))
    .returning({ id: organisations.id, name: organisations.name });
  return row;
}

export interface SettingsCounts {
  sectors: number;
  customSectors: number;
  sectorsWithHeadcount: number;
  headcountTotal: number;
  localities: number;
  organisations: number;
}

export async function settingsCounts(tx: Tx): Promise<SettingsCounts> {
  const [sectors] = await tx
    .select({
      sectors: count(),
      customSectors: sql<number>`count(*) filter (where ${trustSectors.custom})::int`,
      sectorsWithHeadcount: count(trustSectors.headcount),
      headcountTotal: sql<number>`coalesce(sum(${trustSectors.headcount}), 0)::int`,
    })
    .from(trustSectors);
  const [places] = await tx.select({ n: count() }).from(localities);
  const [orgs] = await tx.select({ n: count() }).from(organisations);
  return {
    sectors: sectors?.sectors ?? 0,
    customSectors: sectors?.customSectors ?? 0,
    sectorsWithHeadcount: sectors?.sectorsWithHeadcount ?? 0,
    headcountTotal: sectors?.headcountTotal ?? 0,
    localities: places?.n ?? 0,
    organisations: orgs?.n ?? 0,
  };
}

/** A sector of this trust by id (custom or not); undefined if it is not the trust's. */
export async function findSectorById(tx: Tx, id: string) {
  const [row] = await tx.select().from(trustSectors).where(eq(trustSectors.id, id));
  return row;
}

export async function findSectorByKey(tx: Tx, trustId: string, key: string) {
  const [row] = await tx
    .select()
    .from(trustSectors)
    .where(and(eq(trustSectors.trustId, trustId), eq(trustSectors.key, key)));
  return row;
}
