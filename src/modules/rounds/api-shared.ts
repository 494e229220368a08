import { z } from 'zod';
import type { Tx } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import type * as repo from './repository.ts';
import { loadRound } from './service.ts';
import type { RoundScope } from './scope.ts';

// What the rounds API (api.ts) and the plan API (api-plan.ts) share, and what other modules'
// operations use to find a round: the path parameters, the round of a token's trust, and a
// test of the plan as the API gives it.

export const trustParams = z.object({ trust: z.string().describe('The trust slug') });
export const roundParams = trustParams.extend({
  round: z.guid().describe('The round id (a UUID)'),
});

/** The round in the token's trust, or a 404. */
export async function apiRound(tx: Tx, roundId: string): Promise<RoundScope> {
  const scope = await loadRound(tx, roundId);
  if (scope === undefined) throw new NotFoundError();
  return scope;
}

export const planOut = z.object({
  id: z.uuid(),
  areas: z.array(z.string()).describe('Area keys'),
  activity: z.string(),
  startsOn: z.string().describe('YYYY-MM-DD'),
  endsOn: z.string().nullable().describe('YYYY-MM-DD, or null for a single day'),
  participants: z.array(z.string()).describe('Sector keys and audience keys'),
  description: z.string(),
});

export const toPlan = (p: repo.PlanTestRow): z.input<typeof planOut> => ({
  id: p.id,
  areas: p.areaKeys,
  activity: p.activity,
  startsOn: p.startsOn,
  endsOn: p.endsOn,
  participants: p.participants,
  description: p.description,
});

/** A test of the plan as the examples send it. */
export const PLAN_REQUEST = {
  areas: ['shared-identity', 'keeping-safe'],
  activity: 'focus-group' as const,
  startsOn: '2026-02-02',
  endsOn: '2026-02-13',
  participants: ['health', 'schools', 'frontline'],
  description: 'Two focus groups run by the workforce sub-group',
};

/** A test of the plan as the examples answer it. */
export const PLAN_EXAMPLE = { id: '5f0c8a2e-3b7d-4c1e-9a6f-2d4b8e1c7a90', ...PLAN_REQUEST };
