import type { FastifyRequest } from 'fastify';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { JobQueue } from '../../jobs/types.ts';
import type { Mailer } from '../../mail.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { recordId } from '../../web/http.ts';
import { requireTrust, type AuthContext, type UserTrust } from '../../web/session.ts';
import type { Actor } from '../../kernel/audit.ts';
import { getVersion, type FrameworkVersion } from '../framework/index.ts';
import type { Charts } from '../charts/index.ts';
import type { TrustRole } from '../../kernel/roles.ts';
import { listSectors, type SectorRow, orderSectors } from '../trusts/index.ts';
import {
  findQuestionnaire,
  findRound,
  type QuestionnaireRow,
  type RoundRow,
} from './repository.ts';

// Loading what every page of this module needs: the trust, the round and its framework
// version, and (for a questionnaire's pages) the questionnaire.

export type RoundParams = { Params: { trust: string; round: string } };
export type QuestionnaireParams = { Params: { trust: string; round: string; q: string } };
export type LinkParams = { Params: { trust: string; round: string; q: string; link: string } };

export const ADMIN: readonly TrustRole[] = ['trust-admin'];

/** What the questionnaire pages are given. */
export interface QuestionnairePagesOptions {
  db: Database;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  mailer: Mailer;
  /** The job queue, when the server runs one; without it, mail goes out in the request. */
  jobs: JobQueue | undefined;
  charts: Charts;
}

export interface RoundContext {
  auth: AuthContext;
  trust: UserTrust;
  actor: Actor;
  round: RoundRow;
  version: FrameworkVersion;
  /** /trusts/<slug>/rounds/<id> */
  roundBase: string;
  /** …/questionnaires */
  base: string;
  breadcrumbs: { text: string; href: string }[];
}

export interface QuestionnaireContext extends RoundContext {
  questionnaire: QuestionnaireRow;
  /** …/questionnaires/<id> */
  qBase: string;
}

export async function loadRound(
  db: Database,
  request: FastifyRequest,
  params: { trust: string; round: string },
  roles?: readonly TrustRole[],
): Promise<RoundContext> {
  const { auth, trust } = requireTrust(request, params.trust, roles);
  const roundId = recordId(params.round);
  const loaded = await db.withTrust(trust.id, async (tx) => {
    const round = await findRound(tx, roundId);
    if (round === undefined) return undefined;
    const version = await getVersion(tx, round.frameworkVersion);
    return version === undefined ? undefined : { round, version: version.content };
  });
  if (loaded === undefined) throw new NotFoundError();
  const roundBase = `/trusts/${trust.slug}/rounds/${loaded.round.id}`;
  return {
    auth,
    trust,
    actor: { userId: auth.user.id, label: auth.user.email },
    ...loaded,
    roundBase,
    base: `${roundBase}/questionnaires`,
    breadcrumbs: [
      { text: trust.name, href: `/trusts/${trust.slug}` },
      { text: 'Assessment rounds', href: `/trusts/${trust.slug}/rounds` },
      { text: loaded.round.title, href: roundBase },
    ],
  };
}

export async function loadQuestionnaire(
  db: Database,
  request: FastifyRequest,
  params: { trust: string; round: string; q: string },
  roles: readonly TrustRole[] = ADMIN,
): Promise<QuestionnaireContext> {
  const ctx = await loadRound(db, request, params, roles);
  const id = recordId(params.q);
  const questionnaire = await db.withTrust(ctx.trust.id, (tx) =>
    findQuestionnaire(tx, ctx.round.id, id),
  );
  if (questionnaire === undefined) throw new NotFoundError();
  const qBase = `${ctx.base}/${questionnaire.id}`;
  return {
    ...ctx,
    questionnaire,
    qBase,
    breadcrumbs: [...ctx.breadcrumbs, { text: 'Questionnaires', href: ctx.base }],
  };
}

export async function trustSectors(db: Database, trustId: string): Promise<SectorRow[]> {
  return orderSectors(await db.withTrust(trustId, listSectors));
}

/** A count from the query string after a redirect (a number, never text). */
export function queryCount(request: FastifyRequest, name: string): number | undefined {
  const raw = (request.query as Record<string, unknown>)[name];
  return typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : undefined;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}
