import type { TrustRole } from '../../kernel/roles.ts';

// Who may change a trust's action plan (SPEC §2), the same on its pages and in its API: trust
// admins and contributors create, change and remove actions and focus areas and import plans.
// An action lead may add progress and set the RAG of the actions they lead (checked against
// the action's leads where that is done); every role of the trust reads the plan.

export const WRITERS = ['trust-admin', 'contributor'] as const satisfies readonly TrustRole[];

/** True when one of the roles may change the plan. */
export const writes = (roles: readonly string[]) =>
  roles.some((role) => (WRITERS as readonly string[]).includes(role));
