import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { NotFoundError, ValidationError } from '../../kernel/errors.ts';
import { parseWith } from '../../web/forms.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import type { FrameworkVersion } from '../framework/index.ts';
import * as repo from './repository.ts';
import { planApiSchema, type PlanInput } from './schemas.ts';
import {
  addPlanTest,
  changePlanTest,
  participantKeys,
  planOptions,
  removePlanTest,
} from './plan-service.ts';
import {
  apiRound,
  PLAN_EXAMPLE,
  PLAN_REQUEST,
  planOut,
  roundParams,
  toPlan,
} from './api-shared.ts';
import { PLAN_WRITERS } from './web.ts';

// The plan of a round in the JSON API: its tests, each added, changed and removed by the same
// rules (plan-service.ts) and with the same audit entries as on the plan pages. Any token of
// the trust reads; changing the plan needs a trust admin or contributor token.

const TAG = 'Assessment rounds';

const testParams = roundParams.extend({
  test: z.guid().describe('The id of the test in the plan (a UUID)'),
});

/** The test of the round's plan named in the path, or a 404. */
async function testOf(tx: Tx, roundId: string, testId: string): Promise<repo.PlanTestRow> {
  const row = await repo.findPlanTest(tx, roundId, testId);
  if (row === undefined) throw new NotFoundError();
  return row;
}

/** The body checked again with the keys the round's version and the trust allow. */
async function checkedBody(tx: Tx, version: FrameworkVersion, body: unknown): Promise<PlanInput> {
  const options = await planOptions(tx, version);
  const checked = parseWith(
    planApiSchema(
      options.areas.map((a) => a.key),
      participantKeys(options),
    ),
    body,
  );
  if (!checked.ok) throw new ValidationError(checked.errors);
  return checked.data;
}

const KEYS_DESCRIPTION =
  "Areas are keys of the round's framework version; participants are keys of the trust's sectors and of the audiences. Its dates are within a month of the round's dates.";

function planRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/plan',
    summary: "The round's plan, by start date",
    tag: TAG,
    params: roundParams,
    response: z.array(planOut),
    example: { response: [PLAN_EXAMPLE] },
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
    description: KEYS_DESCRIPTION,
    tag: TAG,
    roles: PLAN_WRITERS,
    params: roundParams,
    body: planApiSchema(),
    response: planOut,
    status: 201,
    example: { request: PLAN_REQUEST, response: PLAN_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round, version } = await apiRound(tx, ctx.params.round);
        const input = await checkedBody(tx, version, ctx.body);
        const added = await addPlanTest(tx, apiTrust(ctx).id, apiActor(ctx), round, input);
        if (!added.ok) throw new ValidationError(added.errors);
        return toPlan(added.value);
      }),
  });
}

function planTestRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/plan/:test',
    summary: 'A test of the plan',
    tag: TAG,
    params: testParams,
    response: planOut,
    example: { response: PLAN_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        return toPlan(await testOf(tx, round.id, ctx.params.test));
      }),
  });
}

function changePlanTestRoute() {
  return defineApiRoute({
    method: 'PUT',
    url: '/api/v1/trusts/:trust/rounds/:round/plan/:test',
    summary: 'Changes a test of the plan',
    description: `The whole test is sent, as on the page that changes it. ${KEYS_DESCRIPTION}`,
    tag: TAG,
    roles: PLAN_WRITERS,
    params: testParams,
    body: planApiSchema(),
    response: planOut,
    example: { request: PLAN_REQUEST, response: PLAN_EXAMPLE },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round, version } = await apiRound(tx, ctx.params.round);
        const row = await testOf(tx, round.id, ctx.params.test);
        const input = await checkedBody(tx, version, ctx.body);
        const trustId = apiTrust(ctx).id;
        const changed = await changePlanTest(tx, trustId, apiActor(ctx), round, row, input);
        if (!changed.ok) throw new ValidationError(changed.errors);
        return toPlan(await testOf(tx, round.id, row.id));
      }),
  });
}

function removePlanTestRoute() {
  return defineApiRoute({
    method: 'DELETE',
    url: '/api/v1/trusts/:trust/rounds/:round/plan/:test',
    summary: 'Removes a test from the plan',
    tag: TAG,
    roles: PLAN_WRITERS,
    params: testParams,
    response: z.null().describe('No content'),
    status: 204,
    example: { response: null },
    handler: (ctx) =>
      ctx.inTrust(async (tx) => {
        const { round } = await apiRound(tx, ctx.params.round);
        const row = await testOf(tx, round.id, ctx.params.test);
        await removePlanTest(tx, apiTrust(ctx).id, apiActor(ctx), row);
        return null;
      }),
  });
}

/** The plan operations of the API, in the order of the OpenAPI document. */
export function planApi() {
  return [
    planRoute(),
    addPlanTestRoute(),
    planTestRoute(),
    changePlanTestRoute(),
    removePlanTestRoute(),
  ];
}
