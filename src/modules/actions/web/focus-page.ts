import type { FastifyRequest } from 'fastify';
import type { Tx } from '../../../db/client.ts';
import type { Actor } from '../../../kernel/audit.ts';
import { NotFoundError } from '../../../kernel/errors.ts';
import type { TrustRole } from '../../../kernel/roles.ts';
import { recordId } from '../../../web/http.ts';
import { requireTrust, type UserTrust } from '../../../web/session.ts';
import { WRITERS, writes } from '../roles.ts';
import { findFocusArea, type FocusAreaRow } from '../repository-focus.ts';
import type { FocusAreaSource } from '../types.ts';

// What the focus area pages share: the trust of the URL with the reader's roles, who may
// write, a focus area of the URL (another trust's, or a malformed id, is a 404), and how a
// focus area's source is said.
//
// Rules decided here: trust admins and contributors write focus areas (the plan's writers,
// as for the round's plan); every role of the trust reads them.

export const FOCUS_WRITERS: readonly TrustRole[] = WRITERS;

export interface FocusPage {
  trust: UserTrust;
  actor: Actor;
  /** /trusts/<slug> */
  trustBase: string;
  /** /trusts/<slug>/focus-areas */
  base: string;
  canWrite: boolean;
  breadcrumbs: { text: string; href: string }[];
}

export function focusPage(
  request: FastifyRequest,
  slug: string,
  allowed?: readonly TrustRole[],
): FocusPage {
  const { auth, trust } = requireTrust(request, slug, allowed);
  const trustBase = `/trusts/${trust.slug}`;
  return {
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    trustBase,
    base: `${trustBase}/focus-areas`,
    canWrite: writes(trust.roles),
    breadcrumbs: [{ text: trust.name, href: trustBase }],
  };
}

/** The focus area of the URL, in the trust's transaction; not found is a 404. */
export async function focusAreaOf(tx: Tx, id: string): Promise<FocusAreaRow> {
  const area = await findFocusArea(tx, recordId(id));
  if (area === undefined) throw new NotFoundError();
  return area;
}

export const SOURCE_LABELS: Record<FocusAreaSource, string> = {
  own: 'Written by the trust',
  weakest: 'One of the weakest dimensions',
  divergent: 'Where views differ',
  'agreed-gap': 'Furthest from the agreed position',
  'drill-down': 'A weak practice in a drill-down',
};

/** "Written by the trust", or the suggestion it was adopted from and the round's title. */
export function sourceText(area: FocusAreaRow, roundTitles: Map<string, string>): string {
  if (area.source === 'own') return SOURCE_LABELS.own;
  const round = area.roundId === null ? undefined : roundTitles.get(area.roundId);
  const label = `Suggested: ${SOURCE_LABELS[area.source].toLowerCase()}`;
  return round === undefined ? label : `${label}, ${round}`;
}
