import type { FastifyRequest } from 'fastify';
import { desc } from 'drizzle-orm';
import type { Database, Tx } from '../../../db/client.ts';
import { rounds } from '../../../db/schema/index.ts';
import type { Actor } from '../../../kernel/audit.ts';
import { todayIso } from '../../../kernel/date-rules.ts';
import { ForbiddenError, NotFoundError } from '../../../kernel/errors.ts';
import type { TrustRole } from '../../../kernel/roles.ts';
import { recordId } from '../../../web/http.ts';
import { requireTrust, type AuthContext, type UserTrust } from '../../../web/session.ts';
import { getVersion, listVersions, type FrameworkVersion } from '../../framework/index.ts';
import type { IsoDate } from '../calendar.ts';
import { loadAction, type ActionView } from '../plan.ts';
import { listFocusAreas, memberNames, type FocusAreaRow } from '../repository-focus.ts';
import { WRITERS, writes } from '../roles.ts';

// The page context of the action plan's pages, and who may do what on them:
// - any role of the trust reads the plan (another trust's pages, or a malformed or unknown
//   action id, answer 404);
// - WRITERS (trust admin, contributor) create, change, revise and remove actions;
// - an action lead may add progress and set or clear the RAG of an action only when a lead
//   of that action is them (a lead row with their user id); anyone else is refused with 403.
// Today is the day in the UK.

export type TrustParams = { Params: { trust: string } };
export type ActionParams = { Params: { trust: string; action: string } };

export { WRITERS };

export interface Crumb {
  text: string;
  href: string;
}

export interface PlanPage {
  auth: AuthContext;
  trust: UserTrust;
  actor: Actor;
  /** /trusts/<slug>/actions */
  base: string;
  breadcrumbs: Crumb[];
  today: IsoDate;
  canWrite: boolean;
}

export const isWriter = (trust: UserTrust) => writes(trust.roles);

/** The trust from the URL: another trust answers 404, a role not in `allowed` 403. */
export function planPage(
  request: FastifyRequest,
  slug: string,
  allowed?: readonly TrustRole[],
): PlanPage {
  const { auth, trust } = requireTrust(request, slug, allowed);
  const base = `/trusts/${trust.slug}/actions`;
  return {
    auth,
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    base,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Action plan', href: base },
    ],
    today: todayIso(),
    canWrite: isWriter(trust),
  };
}

export interface ActionPage extends PlanPage {
  view: ActionView;
  /** /trusts/<slug>/actions/<id> */
  here: string;
  /** May add progress and set the RAG: a writer, or an action lead who leads it. */
  canLead: boolean;
}

/** Whether the person may add progress to the action and set its RAG. */
export function leads(page: PlanPage, view: ActionView): boolean {
  if (page.canWrite) return true;
  return (
    page.trust.roles.includes('action-lead') &&
    view.action.leads.some((l) => l.userId === page.auth.user.id)
  );
}

/** The action from the URL in the trust from the URL, for `who` may see or do it. */
export async function actionPage(
  db: Database,
  request: FastifyRequest,
  params: ActionParams['Params'],
  who: 'read' | 'lead' | 'write' = 'read',
): Promise<ActionPage> {
  const page = planPage(request, params.trust);
  const id = recordId(params.action);
  const view = await db.withTrust(page.trust.id, (tx) => loadAction(tx, id, page.today));
  if (view === undefined) throw new NotFoundError();
  const canLead = leads(page, view);
  if ((who === 'write' && !page.canWrite) || (who === 'lead' && !canLead))
    throw new ForbiddenError();
  const here = `${page.base}/${view.action.id}`;
  return {
    ...page,
    view,
    here,
    canLead,
    breadcrumbs: [
      ...page.breadcrumbs,
      { text: `${view.action.number}. ${view.action.title}`, href: here },
    ],
  };
}

export interface FormChoices {
  version: { key: string; content: FrameworkVersion } | null;
  members: { id: string; name: string }[];
  focusAreas: FocusAreaRow[];
  rounds: { id: string; title: string }[];
}

/**
 * What the action form offers: the framework version (the action's own, else the trust's
 * current one: its latest round's, else the latest published), the members, focus areas and
 * rounds of the trust.
 */
export async function formChoices(tx: Tx, versionKey: string | null): Promise<FormChoices> {
  const roundRows = await tx
    .select({ id: rounds.id, title: rounds.title, frameworkVersion: rounds.frameworkVersion })
    .from(rounds)
    .orderBy(desc(rounds.startsOn), desc(rounds.createdAt));
  let key = versionKey ?? roundRows[0]?.frameworkVersion ?? null;
  if (key === null) {
    const published = (await listVersions(tx)).filter((v) => v.status === 'published');
    key = published.at(-1)?.key ?? null;
  }
  const found = key === null ? undefined : await getVersion(tx, key);
  const members = [...(await memberNames(tx))]
    .map(([id, name]) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
  return {
    version: found === undefined ? null : { key: found.key, content: found.content },
    members,
    focusAreas: await listFocusAreas(tx),
    rounds: roundRows.map((r) => ({ id: r.id, title: r.title })),
  };
}
