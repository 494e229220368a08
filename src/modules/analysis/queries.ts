import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { InvariantError } from '../../kernel/errors.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { addCounts, emptyTally, type CellTally, type RoundTallies } from './scoring/index.ts';
import type { AnswerCounts } from './types.ts';

// The counts a round's scores are made from, read in two passes over its answers (inside
// the caller's trust transaction, so row-level security applies):
// 1. answers of each kind per sector × audience × locality × item;
// 2. per respondent, a bit mask of the dimensions they gave a 1–5 answer on, then the
//    number of respondents per sector × audience × locality × mask.
// Respondent counts add up across these cells (each respondent is in exactly one), so
// every group's n is a sum of cells. Both passes are plain GROUP BYs, which PostgreSQL can
// run in parallel; the item → dimension lookup is a jsonb object passed as a parameter
// (much cheaper per answer than joining a list of items).

/** Responses in the round (with answers or not). */
export async function countResponses(tx: Tx, roundId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    tx,
    sql`select count(*)::int as count from responses where round_id = ${roundId}`,
  );
  return row?.count ?? 0;
}

interface CellRow {
  sector: string | null;
  audience: string;
  locality: string | null;
}

interface ItemRow extends CellRow {
  item: string;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  dk: number;
  na: number;
}

interface MaskRow extends CellRow {
  mask: string;
  respondents: number;
}

/** Bits of a dimension mask above this cannot be used (a bigint). */
const MAX_DIMENSIONS = 63;

interface Dimensions {
  list: { key: string; areaKey: string }[];
  /** Item key → the index of its dimension in `list` (area items only). */
  ofItem: Record<string, number>;
}

function dimensionsOf(version: FrameworkVersion): Dimensions {
  const list = version.areas.flatMap((area) =>
    area.dimensions.map((dimension) => ({ key: dimension.key, areaKey: area.key, dimension })),
  );
  // The framework schema allows 7 areas of at most 6 dimensions: 42 at most.
  if (list.length > MAX_DIMENSIONS)
    throw new InvariantError(
      `framework version ${version.key} has more than ${MAX_DIMENSIONS} dimensions`,
    );
  const ofItem: Record<string, number> = {};
  list.forEach(({ dimension }, index) => {
    for (const item of dimension.items) ofItem[item.key] = index;
  });
  return { list: list.map(({ key, areaKey }) => ({ key, areaKey })), ofItem };
}

/**
 * Runs the reads with nested loops and sorts ruled out. Without statistics (PGlite never
 * gathers them) the planner takes these tables for a row or two and joins answers to
 * responses by a nested loop that rescans the round's answers once per response: minutes
 * instead of a second at 10,000 respondents. Hash joins and hash aggregates suit any round,
 * so the other plans are ruled out for these queries only (and the settings put back).
 */
async function withHashPlans<T>(tx: Tx, read: () => Promise<T>): Promise<T> {
  const [was] = await queryRows<{ nestloop: string; sort: string }>(
    tx,
    sql`select current_setting('enable_nestloop') as nestloop,
               current_setting('enable_sort') as sort,
               set_config('enable_nestloop', 'off', true),
               set_config('enable_sort', 'off', true)`,
  );
  const result = await read();
  if (was !== undefined)
    await tx.execute(
      sql`select set_config('enable_nestloop', ${was.nestloop}, true),
                 set_config('enable_sort', ${was.sort}, true)`,
    );
  return result;
}

/** The answers of a group of rows counted by value: c1…c5, "Don't know" (8) and N/A (9). */
export const ANSWER_COUNTS = sql.raw(`count(*) filter (where a.value = 1)::int as c1,
             count(*) filter (where a.value = 2)::int as c2,
             count(*) filter (where a.value = 3)::int as c3,
             count(*) filter (where a.value = 4)::int as c4,
             count(*) filter (where a.value = 5)::int as c5,
             count(*) filter (where a.value = 8)::int as dk,
             count(*) filter (where a.value = 9)::int as na`);

function readItems(tx: Tx, roundId: string, released: SQL) {
  return queryRows<ItemRow>(
    tx,
    sql`
      select r.sector_key as sector, r.audience, r.locality, a.item_key as item,
             ${ANSWER_COUNTS}
      from answers a
      join responses r on r.id = a.response_id
      where a.round_id = ${roundId} and r.round_id = ${roundId}${released}
      group by r.sector_key, r.audience, r.locality, a.item_key`,
  );
}

function readMasks(tx: Tx, roundId: string, released: SQL, dimensions: Dimensions) {
  return queryRows<MaskRow>(
    tx,
    sql`
      with masks as (
        select a.response_id,
               bit_or(1::bigint << (${JSON.stringify(dimensions.ofItem)}::jsonb ->> a.item_key)::int) as mask
        from answers a
        where a.round_id = ${roundId} and a.value between 1 and 5
        group by a.response_id
      )
      select r.sector_key as sector, r.audience, r.locality, m.mask::text as mask,
             count(*)::int as respondents
      from masks m
      join responses r on r.id = m.response_id
      where r.round_id = ${roundId} and m.mask is not null${released}
      group by r.sector_key, r.audience, r.locality, m.mask`,
  );
}

function readRespondents(tx: Tx, roundId: string, released: SQL) {
  return queryRows<Omit<MaskRow, 'mask'>>(
    tx,
    sql`
      select r.sector_key as sector, r.audience, r.locality, count(*)::int as respondents
      from responses r
      where r.round_id = ${roundId}${released}
      group by r.sector_key, r.audience, r.locality`,
  );
}

/** The atoms met so far, each made on first sight of its sector × audience × locality. */
function atoms() {
  const cells = new Map<string, CellTally>();
  const cellOf = ({ sector, audience, locality }: CellRow) => {
    const key = `${sector ?? ''}\u0000${audience}\u0000${locality ?? ''}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { ...emptyTally(), sector, audience, locality };
      cells.set(key, cell);
    }
    return cell;
  };
  return { cellOf, all: () => [...cells.values()] };
}

function addItems(rows: ItemRow[], dimensions: Dimensions, cellOf: (row: CellRow) => CellTally) {
  for (const row of rows) {
    // Drill-down items (and any key the version does not have) are not part of scores.
    if (dimensions.ofItem[row.item] === undefined) continue;
    const counts: AnswerCounts = {
      '1': row.c1,
      '2': row.c2,
      '3': row.c3,
      '4': row.c4,
      '5': row.c5,
      DK: row.dk,
      NA: row.na,
    };
    const tally = cellOf(row);
    const have = tally.items.get(row.item);
    if (have === undefined) tally.items.set(row.item, { ...counts });
    else addCounts(have, counts);
  }
}

function addMasks(
  rows: MaskRow[],
  version: FrameworkVersion,
  dimensions: Dimensions,
  cellOf: (row: CellRow) => CellTally,
) {
  const areaIndex = new Map(version.areas.map((area, i) => [area.key, i]));
  for (const row of rows) {
    const mask = BigInt(row.mask);
    const low = Number(mask & 0xffffffffn);
    const high = Number(mask >> 32n);
    const areas = new Set<number>();
    const dimensionKeys: string[] = [];
    dimensions.list.forEach((d, i) => {
      const set = i < 32 ? (low >>> i) & 1 : (high >>> (i - 32)) & 1;
      if (set === 0) return;
      dimensionKeys.push(d.key);
      areas.add(areaIndex.get(d.areaKey) ?? -1);
    });
    const tally = cellOf(row);
    tally.n += row.respondents;
    for (const key of dimensionKeys)
      tally.dimensionN.set(key, (tally.dimensionN.get(key) ?? 0) + row.respondents);
    for (const a of areas) {
      const key = version.areas[a]?.key;
      if (key !== undefined) tally.areaN.set(key, (tally.areaN.get(key) ?? 0) + row.respondents);
    }
  }
}

export async function roundTallies(
  tx: Tx,
  roundId: string,
  version: FrameworkVersion,
  options: { released?: boolean } = {},
): Promise<RoundTallies> {
  // Figures are made from released responses only (releases.ts); `released: false` reads
  // every response (for tests and operator tools).
  const released = options.released === false ? sql`` : sql` and r.release is not null`;
  const dimensions = dimensionsOf(version);
  const [itemRows, maskRows, respondentRows] = await withHashPlans(
    tx,
    async () =>
      [
        await readItems(tx, roundId, released),
        await readMasks(tx, roundId, released, dimensions),
        await readRespondents(tx, roundId, released),
      ] as const,
  );
  const { cellOf, all } = atoms();
  addItems(itemRows, dimensions, cellOf);
  addMasks(maskRows, version, dimensions, cellOf);
  for (const row of respondentRows) {
    const tally = cellOf(row);
    tally.respondents = (tally.respondents ?? 0) + row.respondents;
  }
  return { cells: all() };
}
