import type { Database, Tx } from '../../db/client.ts';
import { present } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import {
  getVersion,
  listVersions,
  type VersionSummary,
  type FrameworkVersion,
} from '../framework/index.ts';
import { areasInRainbowOrder, colourName } from '../../kernel/framework.ts';
import { fail, guarded, ok, type Outcome } from '../../kernel/outcome.ts';
import { listSectors, orderSectors } from '../trusts/index.ts';
import * as repo from './repository.ts';
import type { PlanTestRow, RoundRow } from './repository.ts';
import { activityLabel, CLOSED_STATUSES, type PlanInput, type RoundStatus } from './schemas.ts';
import type { RoundScope } from './scope.ts';
import { formatPeriod } from '../../web/dates.ts';

// The rules of rounds and their plans, shared by the pages and the API. A failed rule
// answers field errors and changes nothing; every change is audited in its transaction.

/** The round with its framework version, or undefined if the trust has no such round. */
export async function loadRound(tx: Tx, roundId: string): Promise<RoundScope | undefined> {
  const round = await repo.findRound(tx, roundId);
  if (round === undefined) return undefined;
  // A round's version is a foreign key, and versions are never deleted.
  const version = present(
    await getVersion(tx, round.frameworkVersion),
    `framework version ${round.frameworkVersion} of round ${round.id}`,
  );
  return { round, version: version.content };
}

export async function publishedVersions(tx: Tx): Promise<VersionSummary[]> {
  return (await listVersions(tx)).filter((v) => v.status === 'published').reverse();
}

const duplicateTitle = (title: string) => ({
  field: 'title',
  message: `You already have a round called ${title}: choose another title`,
});

export async function createRound(
  db: Database,
  trustId: string,
  actor: Actor,
  input: { title: string; frameworkVersion: string; startsOn: string; endsOn: string },
): Promise<Outcome<RoundRow>> {
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const published = await publishedVersions(tx);
        if (!published.some((v) => v.key === input.frameworkVersion))
          return fail('frameworkVersion', 'Select a framework version');
        if ((await repo.findRoundByTitle(tx, input.title)) !== undefined)
          return { ok: false, errors: [duplicateTitle(input.title)] };
        // Inserting the round locks its framework version (a trigger in the database).
        const round = await repo.insertRound(tx, { trustId, ...input });
        await audit(tx, actor, {
          trustId,
          action: 'created round',
          entity: 'round',
          entityId: round.id,
          details: { ...input },
        });
        return ok(round);
      }),
    { unique: duplicateTitle(input.title) },
  );
}

/**
 * Releases a round's answers for analysis, on behalf of `actor`: the analysis service's
 * release, handed to the rounds pages and API by the application.
 */
export type ReleaseAnswers = (tx: Tx, scope: RoundScope, actor: Actor) => Promise<unknown>;

export async function changeStatus(
  db: Database,
  trustId: string,
  actor: Actor,
  roundId: string,
  status: RoundStatus,
  { release }: { release: ReleaseAnswers },
): Promise<RoundRow | undefined> {
  return db.withTrust(trustId, async (tx) => {
    const round = await repo.findRound(tx, roundId);
    if (round === undefined) return undefined;
    if (round.status === status) return round;
    await repo.setRoundStatus(tx, roundId, status);
    await audit(tx, actor, {
      trustId,
      action: 'changed round status',
      entity: 'round',
      entityId: roundId,
      details: { title: round.title, from: round.status, to: status },
    });
    const changed = { ...round, status };
    // Collection has closed: the answers are released for analysis now (SPEC §6), so that
    // the first look at the figures is as quick as the rest.
    if (CLOSED_STATUSES.includes(status) && !CLOSED_STATUSES.includes(round.status)) {
      const version = await getVersion(tx, round.frameworkVersion);
      if (version !== undefined)
        await release(tx, { round: changed, version: version.content }, actor);
    }
    return changed;
  });
}

// ---- The plan ----

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

export async function addPlanTest(
  tx: Tx,
  trustId: string,
  actor: Actor,
  roundId: string,
  input: PlanInput,
): Promise<PlanTestRow> {
  const row = await repo.insertPlanTest(tx, trustId, roundId, planValues(input));
  await audit(tx, actor, {
    trustId,
    action: 'added a test to the plan',
    entity: 'plan-test',
    entityId: row.id,
    details: { roundId, ...planValues(input) },
  });
  return row;
}

export async function changePlanTest(
  tx: Tx,
  trustId: string,
  actor: Actor,
  row: PlanTestRow,
  input: PlanInput,
): Promise<void> {
  await repo.updatePlanTest(tx, row.id, planValues(input));
  await audit(tx, actor, {
    trustId,
    action: 'changed a test in the plan',
    entity: 'plan-test',
    entityId: row.id,
    details: { roundId: row.roundId, ...planValues(input) },
  });
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
