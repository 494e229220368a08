import { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { parseWith } from '../../web/forms.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import * as repo from './repository.ts';
import {
  planApiSchema,
  roundApiSchema,
  roundDetailsApiSchema,
  ROUND_STATUSES,
  statusSchema,
} from './schemas.ts';
import { addPlanTest, participantKeys, planOptions } from './plan-service.ts';
import {
  changeRoundDetails,
  changeStatus,
  createRound,
  loadRound,
  type ReleaseAnswers,
} from './service.ts';
import type { RoundScope } from './scope.ts';
import { PLAN_WRITERS, ROUND_WRITERS } from './web.ts';

// Rounds and their plans in the JSON API. Any token of the trust reads; creating rounds and
// changing their status needs a trust admin token, changing the plan a trust admin or
// contributor token, as on the pages.

const TAG = 'Assessment rounds';

export const trustParams = z.object({ trust: z.string().describe('The trust slug') });
export const roundParams = trustParams.extend({
  round: z.guid().describe('The round id (a UUID)'),
});

const roundOut = z.object({
  id: z.uuid(),
  title: z.string(),
  frameworkVersion: z.string().describe('Key of the framework version the round uses'),
  startsOn: z.string().describe('YYYY-MM-DD'),
  endsOn: z.string().describe('YYYY-MM-DD'),
  status: z.enum(ROUND_STATUSES),
});

const planOut = z.object({
  id: z.uuid(),
  areas: z.array(z.string()).describe('Area keys'),
  activity: z.string(),
  startsOn: z.string().describe('YYYY-MM-DD'),
  endsOn: z.string().nullable().describe('YYYY-MM-DD, or null for a single day'),
  participants: z.array(z.string()).describe('Sector keys and audience keys'),
  description: z.string(),
});

const roundDetail = roundOut.extend({
  plan: z.array(planOut).describe('The plan, by start date'),
  counts: z.object({
    questionnaires: z.number().int(),
    responses: z.number().int(),
    workshops: z.number().int().describe('Focus groups and analysis workshops recorded'),
  }),
});

/** The round in the token's trust, or a 404. */
export async function apiRound(tx: Tx, roundId: string): Promise<RoundScope> {
  const scope = await loadRound(tx, roundId);
  if (scope === undefined) throw new NotFoundError();
  return scope;
}

const toRound = (r: repo.RoundRow) => ({
  id: r.id,
  title: r.title,
  frameworkVersion: r.frameworkVersion,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  status: r.status as (typeof ROUND_STATUSES)[number],
});

const toPlan = (p: repo.PlanTestRow) => ({
  id: p.id,
  areas: p.areaKeys,
  activity: p.activity,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  participants: p.participants,
  description: p.description,
});

function roundsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds',
    summary: "The trust's assessment rounds, newest first",
    tag: TAG,
    params: trustParams,
    response: z.array(roundOut.extend({ responses: z.number().int() })),
    handler: async (ctx) =>
      (await ctx.inTrust(repo.listRounds)).map((r) => ({ ...toRound(r), responses: r.responses })),
  });
}

function createRoundRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds',
    summary: 'Starts a new round',
    description:
      'The round starts in planning. Its framework version must be published; from now on that version never changes. The end date is after the start date and less than 2 years after it; no date is before 2000 or more than 5 years ahead. A year in the title must be a year the dates fall in. A round that ended before today is refused unless confirmPastDates is true.',
    tag: TAG,
    roles: ROUND_WRITERS,
    params: trustParams,
    body: roundApiSchema,
    response: roundOut,
    status: 201,
    handler: async (ctx) => {
      const outcome = await createRound(s.db, apiTrust(ctx).id, apiActor(ctx), ctx.body);
      if (!outcome.ok) throw new ValidationError(outcome.errors);
      return toRound(outcome.value);
    },
  });
}

async function roundDetailOf(tx: Tx, round: repo.RoundRow) {
  const [plan, counts] = await Promise.all([
    repo.listPlanTests(tx, round.id),
    repo.roundCounts(tx, round.id),
  ]);
  return {
    ...toRound(round),
    plan: plan.map(toPlan),
    counts: {
      questionnaires: counts.questionnaires,
      responses: counts.responses,
      workshops: counts.workshops,
    },
  };
}

function roundRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round',
    summary: 'A round with its status, plan and counts',
    tag: TAG,
    params: roundParams,
    response: roundDetail,
    handler: (ctx) =>
      ctx.inTrust(async (tx) => roundDetailOf(tx, (await apiRound(tx, ctx.params.round)).round)),
  });
}

function statusRoute(s: { db: Database; release: ReleaseAnswers }) {
  return defineApiRoute({
    method: 'PATCH',
    url: '/api/v1/trusts/:trust/rounds/:round',
    summary: "Changes a round's status",
    tag: TAG,
    roles: ROUND_WRITERS,
    params: roundParams,
    body: statusSchema,
    response: roundDetail,
    handler: async (ctx) => {
      const db = s.db;
      const trustId = apiTrust(ctx).id;
      const round = await changeStatus(
        db,
        trustId,
        apiActor(ctx),
        ctx.params.round,
        ctx.body.status,
        { release: s.release },
      );
      if (round === undefined) throw new NotFoundError();
      return db.withTrust(trustId, (tx) => roundDetailOf(tx, round));
    },
  });
}

function detailsRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/rounds/:round/details',
    summary: "Changes a round's title and dates",
    description:
      'The rules of a new round apply (confirmPastDates is needed only when the dates change). Dates that would leave a test of the plan, a workshop or a questionnaire more than a month outside the round are refused, naming them.',
    tag: TAG,
    roles: ROUND_WRITERS,
    params: roundParams,
    body: roundDetailsApiSchema,
    response: roundDetail,
    handler: async (ctx) => {
      const trustId = apiTrust(ctx).id;
      const outcome = await changeRoundDetails(
        s.db,
        trustId,
        apiActor(ctx),
        ctx.params.round,
        ctx.body,
      );
      if (!outcome.ok) throw new ValidationError(outcome.errors);
      return s.db.withTrust(trustId, (tx) => roundDetailOf(tx, outcome.value));
    },
  });
}

function planRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/plan',
    summary: "The round's plan, by start date",
    tag: TAG,
    params: roundParams,
    response: z.array(planOut),
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        return (await repo.listPlanTests(tx, round.id)).map(toPlan);
      }),
  });
}

function addPlanTestRoute() {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/plan',
    summary: 'Adds a test to the plan',
    description:
      "Areas are keys of the round's framework version; participants are keys of the trust's sectors and of the audiences. Its dates are within a month of the round's dates.",
    tag: TAG,
    roles: PLAN_WRITERS,
    params: roundParams,
    body: planApiSchema(),
    response: planOut,
    status: 201,
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const trustId = apiTrust(ctx).id;
        const { round, version } = await apiRound(tx, ctx.params.round);
        const options = await planOptions(tx, version);
        const checked = parseWith(
          planApiSchema(
            options.areas.map((a) => a.key),
            participantKeys(options),
          ),
          ctx.body,
        );
        if (!checked.ok) throw new ValidationError(checked.errors);
        const added = await addPlanTest(tx, trustId, apiActor(ctx), round, checked.data);
        if (!added.ok) throw new ValidationError(added.errors);
        return toPlan(added.value);
      }),
  });
}

/** The round operations of the API, in the order of the OpenAPI document. */
export function roundsApi(s: { db: Database; release: ReleaseAnswers }) {
  return [
    roundsRoute(),
    createRoundRoute(s),
    roundRoute(),
    statusRoute(s),
    detailsRoute(s),
    planRoute(),
    addPlanTestRoute(),
  ];
}
