import type { Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { dateInRoundProblem, todayIso, type RoundDates } from '../../kernel/date-rules.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import { ok, type Outcome } from '../../kernel/outcome.ts';
import { formatPeriod } from '../../web/dates.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import { listSectors, orderSectors } from '../trusts/index.ts';
import * as repo from './repository.ts';
import type { PlanTestRow, RoundRow } from './repository.ts';
import { activityLabel, type PlanInput } from './schemas.ts';

// The rules of a round's plan, shared by the pages and the API: every change is audited in
// its transaction, and a test's dates lie within a month of the round's.

export interface PlanOptions {
  areas: { key: string; name: string; colour: string }[];
  sectors: { key: string; name: string }[];
  audiences: { key: string; name: string }[];
}

/** What a row of the plan may name: the version's areas, the trust's sectors, audiences. */
export async function planOptions(tx: Tx, version: FrameworkVersion): Promise<PlanOptions> {
  const sectors = orderSectors(await listSectors(tx));
  return {
    areas: areasInRainbowOrder(version).map((a) => ({
      key: a.key,
      name: a.name,
      colour: colourName(a.colour),
    })),
    sectors: sectors.map((s) => ({ key: s.key, name: s.name })),
    audiences: version.audiences.map((a) => ({ key: a.key, name: a.name })),
  };
}

export function participantKeys(options: PlanOptions): string[] {
  return [...options.sectors.map((s) => s.key), ...options.audiences.map((a) => a.key)];
}

export interface PlanRowView {
  id: string;
  dates: string;
  areas: string;
  activity: string;
  takingPart: string;
  description: string;
  row: PlanTestRow;
}

/** A row of the plan in words: colour names, activity and the names of who takes part. */
export function describePlanTest(row: PlanTestRow, options: PlanOptions): PlanRowView {
  const chosen = new Set(row.areaKeys);
  const areas =
    options.areas.length > 0 && options.areas.every((a) => chosen.has(a.key))
      ? 'All areas'
      : options.areas
          .filter((a) => chosen.has(a.key))
          .map((a) => a.colour)
          .join(', ');
  const names = new Map([...options.sectors, ...options.audiences].map((p) => [p.key, p.name]));
  return {
    id: row.id,
    dates: formatPeriod(row.startsOn, row.endsOn),
    areas,
    activity: activityLabel(row.activity),
    takingPart: row.participants.map((k) => names.get(k) ?? k).join(', '),
    description: row.description,
    row,
  };
}

function planValues(input: PlanInput): repo.PlanTestValues {
  return {
    areaKeys: input.areas,
    activity: input.activity,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    participants: [...new Set(input.participants)],
    description: input.description,
  };
}

/** The date rules of a test in the plan: within a month of the round's dates. */
export function planDateProblems(
  round: RoundDates,
  input: Pick<PlanInput, 'startsOn' | 'endsOn'>,
  today: string = todayIso(),
): FieldError[] {
  const errors: FieldError[] = [];
  const start = dateInRoundProblem(input.startsOn, round, 'start date', today);
  if (start !== null) errors.push({ field: 'startsOn', message: start });
  const end =
    input.endsOn === null ? null : dateInRoundProblem(input.endsOn, round, 'end date', today);
  if (end !== null) errors.push({ field: 'endsOn', message: end });
  return errors;
}

export async function addPlanTest(
  tx: Tx,
  trustId: string,
  actor: Actor,
  round: RoundRow,
  input: PlanInput,
): Promise<Outcome<PlanTestRow>> {
  const errors = planDateProblems(round, input);
  if (errors.length > 0) return { ok: false, errors };
  const row = await repo.insertPlanTest(tx, trustId, round.id, planValues(input));
  await audit(tx, actor, {
    trustId,
    action: 'added a test to the plan',
    entity: 'plan-test',
    entityId: row.id,
    details: { roundId: round.id, ...planValues(input) },
  });
  return ok(row);
}

export async function changePlanTest(
  tx: Tx,
  trustId: string,
  actor: Actor,
  round: RoundRow,
  row: PlanTestRow,
  input: PlanInput,
): Promise<Outcome> {
  const errors = planDateProblems(round, input);
  if (errors.length > 0) return { ok: false, errors };
  await repo.updatePlanTest(tx, row.id, planValues(input));
  await audit(tx, actor, {
    trustId,
    action: 'changed a test in the plan',
    entity: 'plan-test',
    entityId: row.id,
    details: { roundId: row.roundId, ...planValues(input) },
  });
  return ok(null);
}

export async function removePlanTest(
  tx: Tx,
  trustId: string,
  actor: Actor,
  row: PlanTestRow,
): Promise<void> {
  await repo.deletePlanTest(tx, row.id);
  await audit(tx, actor, {
    trustId,
    action: 'removed a test from the plan',
    entity: 'plan-test',
    entityId: row.id,
    details: { roundId: row.roundId, activity: row.activity, startsOn: row.startsOn },
  });
}
