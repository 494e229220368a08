import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { actions, actionUpdates, focusAreas, rounds, users } from '../db/schema/index.ts';
import type { Actor } from '../kernel/audit.ts';
import type { Outcome } from '../kernel/outcome.ts';
import {
  createFocusArea,
  findAction,
  importActions,
  setRagOverride,
  type ImportedAction,
  type IsoDate,
  type LeadInput,
  type Season,
  type TargetDate,
} from '../modules/actions/index.ts';
import { FIRST_ACTIONS } from './actions-plan-1.ts';
import { MORE_ACTIONS } from './actions-plan-2.ts';
import { DEMO_FOCUS_AREAS, type DemoAction, type DemoTarget, type Who } from './actions-text.ts';

// The demo trust's action plan (actions-text.ts and actions-plan-*.ts), stored through the
// action plan's own services so that it obeys the plan's rules, in the demo's transaction: the
// focus areas one by one, the actions with their updates as one import (quick enough for the
// demo that every browser test loads), then the RAG overrides with their reasons.
// Rules decided here:
// - Dates are counted from `today`: the plan was written a year ago (actions and focus areas
//   are dated so), and its progress updates fall over the year since; an update's RAG is the
//   one shown on its day.
// - The focus areas and actions follow the 2024 round, the one reported to the board, and use
//   its framework version.
// - A user lead is the demo user of that role; the other leads and authors are named only.
// - Without the 2024 round (no published framework version) there is no plan either.

const SEASONS: readonly Season[] = ['spring', 'summer', 'autumn', 'winter'];
const DAY_MS = 86_400_000;
const iso = (d: Date): IsoDate => d.toISOString().slice(0, 10);
const daysBefore = (today: Date, days: number): IsoDate =>
  iso(new Date(today.getTime() - days * DAY_MS));

/** A target date counted from today (see DemoTarget). */
export function targetFrom(today: Date, target: DemoTarget): TargetDate {
  if (target === 'ongoing') return { kind: 'ongoing' };
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth(); // 0-based
  if ('day' in target) return { kind: 'day', date: daysBefore(today, -target.day) };
  if ('month' in target) {
    const index = year * 12 + month + target.month;
    return { kind: 'month', year: Math.floor(index / 12), month: (index % 12) + 1 };
  }
  if ('quarter' in target) {
    const index = year * 4 + Math.floor(month / 3) + target.quarter;
    return { kind: 'quarter', year: Math.floor(index / 4), quarter: ((index % 4) + 1) as 1 };
  }
  if ('year' in target) return { kind: 'year', year: year + target.year };
  if ('financialYear' in target)
    return {
      kind: 'financial-year',
      startYear: (month >= 3 ? year : year - 1) + target.financialYear,
    };
  // Seasons in order: spring, summer, autumn, winter (December to February, named by December).
  const seasonYear = month <= 1 ? year - 1 : year;
  const season = month <= 1 || month === 11 ? 3 : Math.floor((month - 2) / 3);
  const index = seasonYear * 4 + season + target.season;
  return { kind: 'season', year: Math.floor(index / 4), season: SEASONS[index % 4] ?? 'spring' };
}

function must<T>(outcome: Outcome<T>, what: string): T {
  if (!outcome.ok) throw new Error(`demo ${what}: ${JSON.stringify(outcome.errors)}`);
  return outcome.value;
}

/** Runs fn in the caller's transaction as the app sees the trust (its row-level security). */
async function asTrust<T>(tx: Tx, trustId: string, fn: () => Promise<T>): Promise<T> {
  await tx.execute(
    sql`select set_config('role', 'ocw_app', true), set_config('app.trust_id', ${trustId}, true), set_config('app.system', 'off', true)`,
  );
  const result = await fn();
  await tx.execute(
    sql`select set_config('role', 'none', true), set_config('app.trust_id', '', true), set_config('app.system', 'on', true)`,
  );
  return result;
}

interface People {
  users: { id: string; email: string; name: string }[];
  actor: (who: Who) => Actor;
  lead: (who: Who) => LeadInput;
  nameOf: (who: Who) => string;
}

/** The demo users who take part in the plan, and how each Who is an actor, lead and author. */
async function demoPeople(tx: Tx): Promise<People> {
  const roles = ['trust-admin', 'contributor', 'action-lead'];
  const emails = roles.map((r) => `${r}@demo.ocw.test`);
  const found = await tx
    .select({ id: users.id, email: users.email, name: users.name })
    .from(users)
    .where(inArray(users.email, emails));
  const person = (who: Who) =>
    typeof who === 'string' ? found.find((p) => p.email === `${who}@demo.ocw.test`) : undefined;
  const actor = (who: Who): Actor => {
    const user = person(who);
    if (user !== undefined) return { userId: user.id, label: user.email };
    return { userId: null, label: typeof who === 'string' ? who : who.name };
  };
  return {
    users: found,
    actor,
    lead: (who) => {
      const user = person(who);
      return user !== undefined ? { userId: user.id } : { name: actor(who).label };
    },
    nameOf: (who) => person(who)?.name ?? actor(who).label,
  };
}

interface Round {
  id: string;
  version: string;
}

/** One action of the demo plan as an import row: dates from today, leads and authors by Who. */
function importItem(
  action: DemoAction,
  line: number,
  context: { focusIds: string[]; round: Round; today: Date; people: People },
): ImportedAction {
  const { focusIds, round, today, people } = context;
  const focusAreaId = action.focus === null ? null : (focusIds[action.focus] ?? null);
  return {
    line,
    number: action.number,
    title: action.title,
    description: action.description,
    frameworkVersion: round.version,
    areas: action.areas,
    dimensions: action.dimensions,
    focusAreaId,
    roundId: focusAreaId === null ? null : round.id,
    leads: action.leads.map(people.lead),
    partners: action.partners,
    target: targetFrom(today, action.target),
    revisedTarget: action.revised ? targetFrom(today, action.revised.target) : null,
    revisedReason: action.revised?.reason ?? '',
    successMeasure: action.successMeasure,
    status: action.updates.at(-1)?.[1] ?? 'not-started',
    updates: action.updates.map(([daysAgo, status, by, text]) => ({
      updatedOn: daysBefore(today, daysAgo),
      text,
      status,
      authorName: people.nameOf(by),
    })),
    rag: null,
  };
}

/** What an import does not store: the plan's age, the users who wrote updates, the overrides. */
async function finishPlan(
  tx: Tx,
  trustId: string,
  plan: readonly DemoAction[],
  people: People,
  today: Date,
) {
  // Written a year ago: the RAG rule counts an action with no update from the day it was added.
  const written = new Date(today.getTime() - 365 * DAY_MS);
  for (const table of [actions, focusAreas])
    await tx.update(table).set({ createdAt: written, updatedAt: written });
  for (const user of people.users)
    await tx
      .update(actionUpdates)
      .set({ authorUserId: user.id })
      .where(eq(actionUpdates.authorName, user.name));
  const ids = await tx.select({ id: actions.id, number: actions.number }).from(actions);
  for (const action of plan) {
    if (action.override === undefined) continue;
    const { by, ...override } = action.override;
    const row = await findAction(tx, ids.find((a) => a.number === action.number)?.id ?? '');
    if (row === undefined) throw new Error(`demo action ${action.number} was not stored`);
    const outcome = await setRagOverride(tx, trustId, people.actor(by), row, override);
    must(outcome, `RAG of ${row.number}`);
  }
}

/** Seeds the demo trust's action plan, in the caller's (system) transaction. */
export async function seedDemoActions(tx: Tx, trustId: string, today = new Date()): Promise<void> {
  const [round] = await tx
    .select({ id: rounds.id, version: rounds.frameworkVersion })
    .from(rounds)
    .where(and(eq(rounds.trustId, trustId), eq(rounds.title, '2024 self-assessment')));
  if (round === undefined) return;
  const people = await demoPeople(tx);
  const admin = people.actor('trust-admin');
  const plan = [...FIRST_ACTIONS, ...MORE_ACTIONS];
  await asTrust(tx, trustId, async () => {
    const focusIds: string[] = [];
    for (const area of DEMO_FOCUS_AREAS) {
      const values = { ...area, roundId: round.id, frameworkVersion: round.version };
      focusIds.push(must(await createFocusArea(tx, trustId, admin, values), area.title).id);
    }
    // One checked store of the whole plan, as an import is: far quicker than action by action.
    const context = { focusIds, round, today, people };
    const items = plan.map((action, index) => importItem(action, index + 1, context));
    const imported = await importActions(tx, trustId, admin, items, iso(today));
    if (!imported.ok) throw new Error(`demo action plan: ${JSON.stringify(imported.errors)}`);
    await finishPlan(tx, trustId, plan, people, today);
  });
}
