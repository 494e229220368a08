import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError, present } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { getVersion, listVersions, type VersionSummary } from '../framework/index.ts';
import { guarded, ok, type Outcome } from '../../kernel/outcome.ts';
import * as repo from './repository.ts';
import type { RoundRow } from './repository.ts';
import { activityLabel, CLOSED_STATUSES, type RoundStatus } from './schemas.ts';
import type { RoundScope } from './scope.ts';
import { formatPeriod } from '../../web/dates.ts';
import {
  formatIso,
  itemsOutsideProblems,
  roundDateProblems,
  todayIso,
  type DatedItem,
} from '../../kernel/date-rules.ts';
import type { FieldError } from '../../kernel/errors.ts';
import type { RoundDetailsInput } from './schemas.ts';

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

export interface NewRoundInput extends RoundDetailsInput {
  frameworkVersion: string;
}

/** Creates a round in planning; the date rules of kernel/date-rules.ts apply. */
export async function createRound(
  db: Database,
  trustId: string,
  actor: Actor,
  input: NewRoundInput,
  today: string = todayIso(),
): Promise<Outcome<RoundRow>> {
  const { confirmPastDates, ...values } = input;
  const problems = roundDateProblems(values, today, { confirmPastDates });
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const errors: FieldError[] = [];
        if ((await repo.findRoundByTitle(tx, input.title)) !== undefined)
          errors.push(duplicateTitle(input.title));
        const published = await publishedVersions(tx);
        if (!published.some((v) => v.key === input.frameworkVersion))
          errors.push({ field: 'frameworkVersion', message: 'Select a framework version' });
        errors.push(...problems.filter((p) => !errors.some((e) => e.field === p.field)));
        if (errors.length > 0) return { ok: false, errors };
        // Inserting the round locks its framework version (a trigger in the database).
        const round = await repo.insertRound(tx, { trustId, ...values });
        await audit(tx, actor, {
          trustId,
          action: 'created round',
          entity: 'round',
          entityId: round.id,
          details: { ...values, ...(confirmPastDates ? { confirmedPastDates: true } : {}) },
        });
        return ok(round);
      }),
    { unique: duplicateTitle(input.title) },
  );
}

const WORKSHOP_WORDS: Record<string, string> = {
  'focus-group': 'the focus group',
  'analysis-workshop': 'the analysis workshop',
};

/** Everything dated in the round, named as the date rules' messages name it. */
async function datedItems(tx: Tx, roundId: string): Promise<DatedItem[]> {
  const rows = await repo.datedRows(tx, roundId);
  return [
    ...rows.planTests.map((p) => ({
      label: `the ${activityLabel(p.activity).toLowerCase()} test of the plan on ${formatPeriod(p.startsOn, p.endsOn)}`,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
    })),
    ...rows.workshops.map((w) => ({
      label: `${WORKSHOP_WORDS[w.kind] ?? 'the workshop'} ${w.title} on ${formatIso(w.heldOn)}`,
      startsOn: w.heldOn,
      endsOn: null,
    })),
    ...rows.questionnaires.map((q) => ({
      label: `the questionnaire ${q.title} (${formatPeriod(q.opensOn, q.closesOn)})`,
      startsOn: q.opensOn,
      endsOn: q.closesOn,
    })),
  ];
}

/**
 * Changes a round's title and dates (a 404 when the trust has no such round). Dates that
 * would leave plan tests, workshops or questionnaires outside the round are refused.
 */
export async function changeRoundDetails(
  db: Database,
  trustId: string,
  actor: Actor,
  roundId: string,
  input: RoundDetailsInput,
  today: string = todayIso(),
): Promise<Outcome<RoundRow>> {
  const { confirmPastDates, ...values } = input;
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const round = await repo.findRound(tx, roundId);
        if (round === undefined) throw new NotFoundError();
        const sameDates = round.startsOn === values.startsOn && round.endsOn === values.endsOn;
        const errors = roundDateProblems(values, today, {
          confirmPastDates: confirmPastDates || sameDates,
        });
        if ((await repo.findRoundByTitle(tx, values.title, roundId)) !== undefined)
          errors.unshift(duplicateTitle(values.title));
        if (errors.length === 0)
          errors.push(...itemsOutsideProblems(values, await datedItems(tx, roundId)));
        if (errors.length > 0) return { ok: false, errors };
        const before = { title: round.title, startsOn: round.startsOn, endsOn: round.endsOn };
        if (before.title === values.title && sameDates) return ok(round);
        await repo.updateRound(tx, roundId, values);
        await audit(tx, actor, {
          trustId,
          action: 'changed round details',
          entity: 'round',
          entityId: roundId,
          details: {
            from: before,
            to: values,
            ...(confirmPastDates ? { confirmedPastDates: true } : {}),
          },
        });
        return ok({ ...round, ...values });
      }),
    { unique: duplicateTitle(values.title) },
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
