import { z } from 'zod';
import type { Database, Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import * as repo from './repository.ts';
import { roundApiSchema, roundDetailsApiSchema, ROUND_STATUSES, statusSchema } from './schemas.ts';
import { apiRound, PLAN_EXAMPLE, planOut, roundParams, toPlan, trustParams } from './api-shared.ts';
import { planApi } from './api-plan.ts';
import { changeRoundDetails, changeStatus, createRound, type ReleaseAnswers } from './service.ts';
import { ROUND_WRITERS } from './web.ts';

// Rounds in the JSON API (their plans are in api-plan.ts). Any token of the trust reads;
// creating rounds and changing their status or details needs a trust admin token, as on the
// pages.

const TAG = 'Assessment rounds';

const roundOut = z.object({
  id: z.uuid(),
  title: z.string(),
  frameworkVersion: z.string().describe('Key of the framework version the round uses'),
  startsOn: z.string().describe('YYYY-MM-DD'),
  endsOn: z.string().describe('YYYY-MM-DD'),
  status: z.enum(ROUND_STATUSES),
});

const roundDetail = roundOut.extend({
  plan: z.array(planOut).describe('The plan, by start date'),
  counts: z.object({
    questionnaires: z.number().int(),
    responses: z.number().int(),
    workshops: z.number().int().describe('Focus groups and analysis workshops recorded'),
  }),
});

const ROUND_EXAMPLE = {
  id: '0b6f3c1a-8d2e-4f5a-9c7b-1e2d3f4a5b6c',
  title: '2026 self-assessment',
  frameworkVersion: '2026.1',
  startsOn: '2026-01-05',
  endsOn: '2026-12-18',
  status: 'collecting' as const,
};

const DETAIL_EXAMPLE = {
  ...ROUND_EXAMPLE,
  plan: [PLAN_EXAMPLE],
  counts: { questionnaires: 3, responses: 412, workshops: 2 },
};

const toRound = (r: repo.RoundRow) => ({
  id: r.id,
  title: r.title,
  frameworkVersion: r.frameworkVersion,
  startsOn: r.startsOn,
  endsOn: r.endsOn,
  status: r.status as (typeof ROUND_STATUSES)[number],
});

function roundsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds',
    summary: "The trust's assessment rounds, newest first",
    tag: TAG,
    params: trustParams,
    response: z.array(roundOut.extend({ responses: z.number().int() })),
    example: { response: [{ ...ROUND_EXAMPLE, responses: 412 }] },
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
    example: {
      request: {
        title: '2026 self-assessment',
        frameworkVersion: '2026.1',
        startsOn: '2026-01-05',
        endsOn: '2026-12-18',
      },
      response: { ...ROUND_EXAMPLE, status: 'planning' },
    },
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
    example: { response: DETAIL_EXAMPLE },
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
    example: {
      request: { status: 'analysing' },
      response: { ...DETAIL_EXAMPLE, status: 'analysing' },
    },
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
    example: {
      request: {
        title: '2026 self-assessment',
        startsOn: '2026-01-05',
        endsOn: '2026-12-18',
        confirmPastDates: false,
      },
      response: DETAIL_EXAMPLE,
    },
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

/** The round operations of the API, in the order of the OpenAPI document. */
export function roundsApi(s: { db: Database; release: ReleaseAnswers }) {
  return [
    roundsRoute(),
    createRoundRoute(s),
    roundRoute(),
    statusRoute(s),
    detailsRoute(s),
    ...planApi(),
  ];
}
