// A large round for the scores benchmark: a trust with sectors and localities, a round on
// framework version 2026.1, and `respondents` responses that each answer the same `items`
// items (spread evenly across the framework's areas) with 1–5, Don't know or N/A.
//
// Written with a few multi-row inserts (arrays unnested on the server), so 10,000 × 40
// takes seconds. The data are generated from a seeded generator: the same options give the
// same answers (ids and the trust slug differ).

import { randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../src/db/client.ts';
import { localities } from '../src/db/schema/index.ts';
import { getVersion } from '../src/modules/framework/repository.ts';
import { AUDIENCE_KEYS } from '../src/kernel/framework.ts';
import { insertTrust } from '../src/modules/people/provisioning.ts';
import { addRound, addSectors } from '../test/fixtures.ts';

export interface LargeRound {
  trustId: string;
  slug: string;
  roundId: string;
  /** The items every respondent answered. */
  itemKeys: string[];
  respondents: number;
  answers: number;
}

export interface LargeRoundOptions {
  respondents?: number;
  items?: number;
  /** Seed of the answers; default 1. */
  seed?: number;
  frameworkVersion?: string;
}

const SECTORS = [
  { key: 'early-years', name: 'Early years and childcare', headcount: 1500 },
  { key: 'schools', name: 'Schools', headcount: 6000 },
  { key: 'health', name: 'Health', headcount: 2500 },
  { key: 'social-care', name: 'Social care', headcount: 900 },
  { key: 'youth', name: 'Youth', headcount: 300 },
  { key: 'voluntary', name: 'Voluntary and community sector', headcount: 800 },
];
const LOCALITIES = ['Northgate', 'Southfield', 'Eastmoor', 'Westbrook'];
/** Share of each audience, in AUDIENCE_KEYS order. */
const AUDIENCE_WEIGHTS = [0.2, 0.55, 0.15, 0.1];

/** mulberry32: a small, fast seeded generator of numbers in [0, 1). */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function weighted(random: () => number, weights: number[]): number {
  let r = random();
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

const ANSWER_CHUNK = 100_000;

export async function seedLargeRound(
  db: Database,
  options: LargeRoundOptions = {},
): Promise<LargeRound> {
  const respondents = options.respondents ?? 10_000;
  const itemCount = options.items ?? 40;
  const random = generator(options.seed ?? 1);
  const versionKey = options.frameworkVersion ?? '2026.1';

  const slug = `bench-${randomBytes(4).toString('hex')}`;
  const trust = await db.asSystem((tx) =>
    insertTrust(tx, { userId: null, label: 'benchmark' }, { slug, name: `Benchmark ${slug}` }),
  );
  if (trust === undefined) throw new Error('trust not created');
  const trustId = trust.id;
  await addSectors(db, trustId, SECTORS);
  await db.withTrust(trustId, (tx) =>
    tx.insert(localities).values(LOCALITIES.map((name) => ({ trustId, name }))),
  );
  const round = await addRound(db, trustId, {
    frameworkVersion: versionKey,
    status: 'analysing',
    title: 'Benchmark round',
  });

  const version = await db.asSystem((tx) => getVersion(tx, versionKey));
  if (version === undefined) throw new Error(`framework version ${versionKey} missing`);
  const allItems = version.content.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items));
  const step = allItems.length / Math.min(itemCount, allItems.length);
  const itemKeys = Array.from(
    { length: Math.min(itemCount, allItems.length) },
    (_, i) => allItems[Math.floor(i * step)]?.key ?? '',
  );

  const ids: string[] = [];
  const audiences: string[] = [];
  const sectors: (string | null)[] = [];
  const places: (string | null)[] = [];
  const keys: string[] = [];
  // Each respondent leans one way, so sectors and audiences differ a little.
  const leanings: number[] = [];
  for (let i = 0; i < respondents; i++) {
    ids.push(randomUUID());
    const audience = weighted(random, AUDIENCE_WEIGHTS);
    audiences.push(AUDIENCE_KEYS[audience] ?? 'frontline');
    const sector = Math.floor(random() * SECTORS.length);
    sectors.push(random() < 0.05 ? null : (SECTORS[sector]?.key ?? null));
    places.push(
      random() < 0.3 ? null : (LOCALITIES[Math.floor(random() * LOCALITIES.length)] ?? null),
    );
    keys.push(`bench-${i}`);
    leanings.push(1.5 + sector * 0.3 + audience * 0.2 + random() * 1.5);
  }

  await db.withTrust(trustId, (tx) =>
    tx.execute(sql`
      insert into responses (id, trust_id, round_id, audience, sector_key, locality,
                             submitted_on, source, submission_key)
      select r.id, ${trustId}::uuid, ${round.id}::uuid, r.audience, r.sector_key, r.locality,
             date '2026-03-01', 'import', r.submission_key
      from unnest(${sql.param(ids)}::uuid[], ${sql.param(audiences)}::text[], ${sql.param(sectors)}::text[], ${sql.param(places)}::text[],
                  ${sql.param(keys)}::text[]) as r(id, audience, sector_key, locality, submission_key)`),
  );

  // The answers are valid by construction: on a PostgreSQL superuser connection their
  // foreign-key checks (two thirds of the loading time) are skipped.
  const fast =
    db.kind === 'postgres' &&
    (
      await db.asSystem((tx) =>
        queryRows<{ super: boolean }>(
          tx,
          sql`select rolsuper as super from pg_roles where rolname = current_user`,
        ),
      )
    )[0]?.super === true;
  let answerRows = 0;
  let batch: { response: string[]; item: string[]; value: number[] } = {
    response: [],
    item: [],
    value: [],
  };
  const flush = async () => {
    if (batch.response.length === 0) return;
    const { response, item, value } = batch;
    answerRows += response.length;
    batch = { response: [], item: [], value: [] };
    await db.asSystem(async (tx) => {
      if (fast) await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into answers (response_id, trust_id, round_id, item_key, value)
        select a.response_id, ${trustId}::uuid, ${round.id}::uuid, a.item_key, a.value
        from unnest(${sql.param(response)}::uuid[], ${sql.param(item)}::text[], ${sql.param(value)}::int2[])
          as a(response_id, item_key, value)`);
    });
  };
  for (let i = 0; i < respondents; i++) {
    const lean = leanings[i] ?? 3;
    for (const itemKey of itemKeys) {
      const r = random();
      const value =
        r < 0.08 ? 8 : r < 0.12 ? 9 : Math.min(5, Math.max(1, Math.round(lean + random() * 2 - 1)));
      batch.response.push(ids[i] ?? '');
      batch.item.push(itemKey);
      batch.value.push(value);
    }
    if (batch.response.length >= ANSWER_CHUNK) await flush();
  }
  await flush();
  // Fresh statistics, as autovacuum would give a table this size soon after loading.
  if (db.kind === 'postgres') await queryRows(db.raw, sql`analyze responses, answers`);
  return { trustId, slug, roundId: round.id, itemKeys, respondents, answers: answerRows };
}
