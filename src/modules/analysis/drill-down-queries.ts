import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { ANSWER_COUNTS } from './queries.ts';
import { emptyTally, type DrillDown, type Tally } from './scoring/index.ts';

// The counts a round's drill-down figures are made from (scoring/drill-down.ts), read from
// the answers of released responses only (releases.ts: a response is marked with the
// release it joined, and never unmarked), in the caller's trust transaction. Two plain
// GROUP BYs over the drill-down's questions (answers_round_item serves both): answers of
// each kind per question, then distinct respondents with a 1–5 answer per practice and
// over the whole drill-down.

interface ItemRow {
  item: string;
  c1: number;
  c2: number;
  c3: number;
  c4: number;
  c5: number;
  dk: number;
  na: number;
}

interface PracticeRow {
  /** The practice's key, or null for the whole drill-down. */
  practice: string | null;
  respondents: number;
}

/** Item key → practice key, of one drill-down. */
function practiceOf(drill: DrillDown): Record<string, string> {
  const map: Record<string, string> = {};
  for (const practice of drill.practices)
    for (const item of practice.items) map[item.key] = practice.key;
  return map;
}

function readItems(tx: Tx, roundId: string, keys: string[]) {
  return queryRows<ItemRow>(
    tx,
    sql`
      select a.item_key as item,
             ${ANSWER_COUNTS}
      from answers a
      join responses r on r.id = a.response_id
      where a.round_id = ${roundId} and r.round_id = ${roundId} and r.release is not null
        and a.item_key in (select jsonb_array_elements_text(${JSON.stringify(keys)}::jsonb))
      group by a.item_key`,
  );
}

function readRespondents(tx: Tx, roundId: string, practices: Record<string, string>) {
  return queryRows<PracticeRow>(
    tx,
    sql`
      select p.practice, count(distinct p.response_id)::int as respondents
      from (
        select a.response_id, ${JSON.stringify(practices)}::jsonb ->> a.item_key as practice
        from answers a
        join responses r on r.id = a.response_id
        where a.round_id = ${roundId} and r.round_id = ${roundId} and r.release is not null
          and a.value between 1 and 5
          and a.item_key in (select jsonb_object_keys(${JSON.stringify(practices)}::jsonb))
      ) p
      group by grouping sets ((p.practice), ())`,
  );
}

/** The tally of one drill-down's released answers (shaped for drillDownScore). */
export async function drillDownTally(tx: Tx, roundId: string, drill: DrillDown): Promise<Tally> {
  const practices = practiceOf(drill);
  const tally = emptyTally();
  for (const row of await readItems(tx, roundId, Object.keys(practices)))
    tally.items.set(row.item, {
      '1': row.c1,
      '2': row.c2,
      '3': row.c3,
      '4': row.c4,
      '5': row.c5,
      DK: row.dk,
      NA: row.na,
    });
  for (const row of await readRespondents(tx, roundId, practices)) {
    if (row.practice === null) {
      tally.n = row.respondents;
      tally.areaN.set(drill.key, row.respondents);
    } else tally.dimensionN.set(row.practice, row.respondents);
  }
  return tally;
}

/** The version's drill-downs with their tallies, those with any released answer only. */
export async function answeredDrillDowns(
  tx: Tx,
  roundId: string,
  version: FrameworkVersion,
): Promise<{ drill: DrillDown; tally: Tally }[]> {
  const found: { drill: DrillDown; tally: Tally }[] = [];
  for (const drill of version.drillDowns) {
    const tally = await drillDownTally(tx, roundId, drill);
    if (tally.items.size > 0) found.push({ drill, tally });
  }
  return found;
}
