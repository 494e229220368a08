import { sql } from 'drizzle-orm';
import { queryRows, type Database, type Tx } from '../src/db/client.ts';
import type { Actor } from '../src/kernel/audit.ts';
import type { ActionValues } from '../src/modules/actions/index.ts';
import { addRound } from './fixtures.ts';
import { createTestDatabase, seedWorld, type World } from './helpers.ts';

// A database with two trusts (test/helpers.ts seedWorld), a round in each, and what a test
// of the action plan's services needs: the users' ids, an actor, and an action's values.

export interface ActionWorld {
  db: Database;
  drop: () => Promise<void>;
  world: World;
  /** User ids by the role's name in alpha (and betaAdmin). */
  userIds: Record<string, string>;
  alphaRound: string;
  betaRound: string;
  actor: Actor;
  alpha: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  beta: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
  /** Rows of a table, seen by the system (every trust). */
  count: (table: string) => Promise<number>;
}

export async function actionWorld(): Promise<ActionWorld> {
  const { db, drop } = await createTestDatabase();
  const world = await seedWorld(db);
  const users = await db.asSystem((tx) =>
    queryRows<{ id: string; email: string }>(tx, sql`select id::text, email from users`),
  );
  const userIds: Record<string, string> = {};
  for (const [role, email] of Object.entries(world.users))
    userIds[role] = users.find((u) => u.email === email)?.id ?? '';
  const alphaRound = (await addRound(db, world.alpha.id, { title: 'Alpha 2026' })).id;
  const betaRound = (await addRound(db, world.beta.id, { title: 'Beta 2026' })).id;
  return {
    db,
    drop,
    world,
    userIds,
    alphaRound,
    betaRound,
    actor: { userId: userIds['trust-admin'] ?? null, label: 'trust-admin@alpha.test' },
    alpha: (fn) => db.withTrust(world.alpha.id, fn),
    beta: (fn) => db.withTrust(world.beta.id, fn),
    count: async (table) => {
      const [row] = await db.asSystem((tx) =>
        queryRows<{ n: number }>(tx, sql`select count(*)::int as n from ${sql.raw(table)}`),
      );
      return row?.n ?? 0;
    },
  };
}

/** An action's values: a plain one, with the overrides given. */
export function actionValues(overrides: Partial<ActionValues> = {}): ActionValues {
  return {
    number: '1',
    title: 'Agree a shared induction for new staff',
    description: '',
    frameworkVersion: null,
    areas: [],
    dimensions: [],
    focusAreaId: null,
    roundId: null,
    leads: [],
    partners: '',
    target: null,
    revisedTarget: null,
    revisedReason: '',
    successMeasure: '',
    status: 'not-started',
    ...overrides,
  };
}
