import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { FrameworkVersion } from '../framework/schema.ts';
import { addCounts, emptyTally, type CellTally, type RoundTallies } from './scores.ts';
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

interface ItemRow {
  sector: string | null;
  audience: string;
  locality: string | null;
  item: string;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  dk: number;
  na: number;
}

interface MaskRow {
  sector: string | null;
  audience: string;
  locality: string | null;
  mask: string;
  respondents: number;
}

/** Bits of a dimension mask above this cannot be used (a bigint; a version has up to 42). */
const MAX_DIMENSIONS = 63;

export async function roundTallies(
  tx: Tx,
  roundId: string,
  version: FrameworkVersion,
  options: { released?: boolean } = {},
): Promise<RoundTallies> {
  // Figures are made from released responses only (releases.ts); `released: false` reads
  // every response (for tests and operator tools).
  const released = options.released === false ? sql`` : sql` and r.release is not null`;
  const dimensions = version.areas.flatMap((area) =>
    area.dimensions.map((dimension) => ({ key: dimension.key, areaKey: area.key, dimension })),
  );
  if (dimensions.length > MAX_DIMENSIONS)
    throw new Error(`framework version ${version.key} has more than ${MAX_DIMENSIONS} dimensions`);
  const dimensionOfItem: Record<string, number> = {};
  dimensions.forEach(({ dimension }, index) => {
    for (const item of dimension.items) dimensionOfItem[item.key] = index;
  });

  // Without statistics (PGlite never gathers them) the planner takes these tables for a
  // row or two and joins answers to responses by a nested loop that rescans the round's
  // answers once per response: minutes instead of a second at 10,000 respondents. Hash
  // joins and hash aggregates suit any round, so the other plans are ruled out for these
  // two queries only (and the settings put back after them).
  const [was] = await queryRows<{ nestloop: string; sort: string }>(
    tx,
    sql`select current_setting('enable_nestloop') as nestloop,
               current_setting('enable_sort') as sort,
               set_config('enable_nestloop', 'off', true),
               set_config('enable_sort', 'off', true)`,
  );
  const itemRows = await queryRows<ItemRow>(
    tx,
    sql`
      select r.sector_key as sector, r.audience, r.locality, a.item_key as item,
             count(*) filter (where a.value = 1)::int as c1,
             count(*) filter (where a.value = 2)::int as c2,
             count(*) filter (where a.value = 3)::int as c3,
             count(*) filter (where a.value = 4)::int as c4,
             count(*) filter (where a.value = 5)::int as c5,
             count(*) filter (where a.value = 8)::int as dk,
             count(*) filter (where a.value = 9)::int as na
      from answers a
      join responses r on r.id = a.response_id
      where a.round_id = ${roundId} and r.round_id = ${roundId}${released}
      group by r.sector_key, r.audience, r.locality, a.item_key`,
  );
  const maskRows = await queryRows<MaskRow>(
    tx,
    sql`
      with masks as (
        select a.response_id,
               bit_or(1::bigint << (${JSON.stringify(dimensionOfItem)}::jsonb ->> a.item_key)::int) as mask
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
  const respondentRows = await queryRows<Omit<MaskRow, 'mask'>>(
    tx,
    sql`
      select r.sector_key as sector, r.audience, r.locality, count(*)::int as respondents
      from responses r
      where r.round_id = ${roundId}${released}
      group by r.sector_key, r.audience, r.locality`,
  );

  if (was !== undefined)
    await tx.execute(
      sql`select set_config('enable_nestloop', ${was.nestloop}, true),
                 set_config('enable_sort', ${was.sort}, true)`,
    );

  const cells = new Map<string, CellTally>();
  const cellOf = (sector: string | null, audience: string, locality: string | null) => {
    const key = `${sector ?? ''}\u0000${audience}\u0000${locality ?? ''}`;
    let cell = cells.get(key);
    if (cell === undefined) {
      cell = { ...emptyTally(), sector, audience, locality };
      cells.set(key, cell);
    }
    return cell;
  };

  for (const row of itemRows) {
    // Drill-down items (and any key the version does not have) are not part of scores.
    if (dimensionOfItem[row.item] === undefined) continue;
    const counts: AnswerCounts = {
      '1': row.c1,
      '2': row.c2,
      '3': row.c3,
      '4': row.c4,
      '5': row.c5,
      DK: row.dk,
      NA: row.na,
    };
    const tally = cellOf(row.sector, row.audience, row.locality);
    const have = tally.items.get(row.item);
    if (have === undefined) tally.items.set(row.item, { ...counts });
    else addCounts(have, counts);
  }

  const areaIndex = new Map(version.areas.map((area, i) => [area.key, i]));
  for (const row of maskRows) {
    const mask = BigInt(row.mask);
    const low = Number(mask & 0xffffffffn);
    const high = Number(mask >> 32n);
    const areas = new Set<number>();
    const dimensionKeys: string[] = [];
    dimensions.forEach((d, i) => {
      const set = i < 32 ? (low >>> i) & 1 : (high >>> (i - 32)) & 1;
      if (set === 0) return;
      dimensionKeys.push(d.key);
      areas.add(areaIndex.get(d.areaKey) ?? -1);
    });
    const tally = cellOf(row.sector, row.audience, row.locality);
    tally.n += row.respondents;
    for (const key of dimensionKeys)
      tally.dimensionN.set(key, (tally.dimensionN.get(key) ?? 0) + row.respondents);
    for (const a of areas) {
      const key = version.areas[a]?.key;
      if (key !== undefined) tally.areaN.set(key, (tally.areaN.get(key) ?? 0) + row.respondents);
    }
  }
  for (const row of respondentRows) {
    const tally = cellOf(row.sector, row.audience, row.locality);
    tally.respondents = (tally.respondents ?? 0) + row.respondents;
  }
  return { cells: [...cells.values()] };
}
