import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.ts';
import { flashFor } from '../../web/http.ts';
import { tablePage } from '../../web/table-pages.ts';
import { requireTrust, type UserTrust } from '../../web/session.ts';
import type { GlobalRole } from '../../kernel/roles.ts';
import { listTrustsWithPeople } from '../admin/index.ts';
import type { AnalysisService } from '../analysis/index.ts';
import { listVersions } from '../framework/index.ts';
import { setSessionTrust } from '../people/index.ts';
import { canDo, ROUND_WRITERS } from '../rounds/index.ts';
import {
  currentRound,
  latestReleased,
  roundCard,
  roundLinks,
  roundsTable,
  trustRounds,
  type RoundCard,
} from './rounds.ts';
import { countLines, plural, setupComplete, setupCounts, setupTasks } from './setup.ts';

export interface HomeRoutesOptions {
  db: Database;
  analysis: AnalysisService;
}

/** Which home a person sees in a trust: the first of their roles in this order. */
function homeKind(trust: UserTrust): 'admin' | 'contributor' | 'reader' {
  if (canDo(trust, ['trust-admin'])) return 'admin';
  if (canDo(trust, ['contributor'])) return 'contributor';
  return 'reader';
}

/** What a trust's home page shows the person: set-up, rounds and results their roles may open. */
async function trustHome(options: HomeRoutesOptions, trust: UserTrust) {
  const { db, analysis } = options;
  const base = `/trusts/${trust.slug}`;
  const rounds = await trustRounds(db, trust.id);
  const kind = homeKind(trust);
  const current = currentRound(rounds);
  const card: RoundCard | undefined =
    kind === 'reader' || current === undefined
      ? undefined
      : await roundCard(db, analysis, trust, current.id);
  const context = {
    kind,
    rounds: roundLinks(trust.slug, rounds),
    current: card ?? null,
    canCreateRound: canDo(trust, ROUND_WRITERS),
    newRound: `${base}/rounds/new`,
  };
  if (kind === 'reader')
    return {
      ...context,
      roundsTable: roundsTable(trust, rounds),
      released: (await latestReleased(db, analysis, trust, rounds)) ?? null,
    };
  if (kind === 'contributor') return context;
  const counts = await db.withTrust(trust.id, setupCounts);
  const tasks = setupTasks(base, counts);
  return {
    ...context,
    setupTasks: tasks,
    setupComplete: setupComplete(tasks),
    countLines: countLines(counts),
  };
}

/** What the home of someone without a trust lists: framework versions, and trusts for a system admin. */
async function serviceHome(db: Database, roles: readonly GlobalRole[]) {
  const systemAdmin = roles.includes('system-admin');
  return db.asSystem(async (tx) => {
    const versions = (await listVersions(tx)).filter(
      (v) => systemAdmin || v.status === 'published',
    );
    return {
      versions: versions.map((v) => ({
        text: `${v.title} (${v.key})`,
        href: `/framework/${encodeURIComponent(v.key)}`,
        draft: v.status !== 'published',
      })),
      trusts: systemAdmin ? plural((await listTrustsWithPeople(tx)).length, 'trust') : null,
    };
  });
}

export async function homeRoutes(app: FastifyInstance, options: HomeRoutesOptions) {
  const { db } = options;

  app.get('/', async (request, reply) => {
    const auth = request.auth;
    if (auth === null)
      return reply.page('home/views/landing.njk', { title: "One Children's Workforce" });
    if (auth.currentTrust !== null) return reply.redirect(`/trusts/${auth.currentTrust.slug}`, 303);
    return reply.page('home/views/no-trust.njk', {
      title: 'Home',
      ...(await serviceHome(db, auth.globalRoles)),
    });
  });

  app.get('/accessibility', async (_request, reply) =>
    reply.page('home/views/accessibility.njk', { title: 'Accessibility statement' }),
  );

  tablePage<{ Params: { trust: string } }>(app, '/trusts/:trust', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust);
    // Opening a trust's page makes it the current trust of the session.
    const auth = request.auth;
    if (auth !== null && auth.currentTrust?.id !== trust.id) {
      await db.asSystem((tx) => setSessionTrust(tx, auth.sessionSecret, trust.id));
      auth.currentTrust = trust;
    }
    return reply.page('home/views/trust-home.njk', {
      title: trust.name,
      trust,
      ...(await trustHome(options, trust)),
      flash: flashFor(request, {
        welcome: 'Your password has been created and you are signed in',
      }),
    });
  });
}
