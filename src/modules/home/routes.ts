import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { queryRows, type Database, type Tx } from '../../db/client.ts';
import { present } from '../../kernel/errors.ts';
import { flashFor } from '../../web/http.ts';
import { requireTrust } from '../../web/session.ts';
import { setSessionTrust } from '../people/index.ts';

interface SetupCounts {
  sectors: number;
  sectorsWithoutHeadcount: number;
  localities: number;
  organisations: number;
  people: number;
}

async function setupCounts(tx: Tx): Promise<SetupCounts> {
  const [row] = await queryRows<SetupCounts>(
    tx,
    sql`
    select
      (select count(*)::int from trust_sectors) as "sectors",
      (select count(*)::int from trust_sectors where headcount is null) as "sectorsWithoutHeadcount",
      (select count(*)::int from localities) as "localities",
      (select count(*)::int from organisations) as "organisations",
      (select count(distinct user_id)::int from memberships) as "people"`,
  );
  return present(row, 'the row of setup counts');
}

/** The task list of a trust's set-up, each with how far it has got. */
function setupTasks(base: string, counts: SetupCounts) {
  const status = (done: boolean, partial = false) =>
    done
      ? { text: 'Completed' }
      : {
          tag: {
            text: partial ? 'In progress' : 'Not yet started',
            classes: partial ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
          },
        };
  return [
    {
      title: { text: 'Choose your sectors' },
      href: `${base}/settings/sectors`,
      hint: { text: `${counts.sectors} sectors` },
      status: status(counts.sectors > 0),
    },
    {
      title: { text: 'Enter headcount per sector' },
      href: `${base}/settings/headcount`,
      hint: { text: 'The denominator for response rates' },
      status: status(
        counts.sectors > 0 && counts.sectorsWithoutHeadcount === 0,
        counts.sectors > counts.sectorsWithoutHeadcount,
      ),
    },
    {
      title: { text: 'Add localities' },
      href: `${base}/settings/localities`,
      hint: { text: `${counts.localities} localities` },
      status: status(counts.localities > 0),
    },
    {
      title: { text: 'Add partner organisations' },
      href: `${base}/settings/organisations`,
      hint: { text: `${counts.organisations} organisations` },
      status: status(counts.organisations > 0),
    },
    {
      title: { text: 'Invite people and give them roles' },
      href: `${base}/users`,
      hint: { text: `${counts.people} people have a role` },
      status: status(counts.people > 1, counts.people === 1),
    },
  ];
}

export async function homeRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;

  app.get('/', async (request, reply) => {
    const auth = request.auth;
    if (auth === null)
      return reply.page('home/views/landing.njk', { title: "One Children's Workforce" });
    if (auth.currentTrust !== null) return reply.redirect(`/trusts/${auth.currentTrust.slug}`, 303);
    return reply.page('home/views/no-trust.njk', { title: 'Home' });
  });

  app.get('/accessibility', async (_request, reply) =>
    reply.page('home/views/accessibility.njk', { title: 'Accessibility statement' }),
  );

  app.get<{ Params: { trust: string } }>('/trusts/:trust', async (request, reply) => {
    const { trust } = requireTrust(request, request.params.trust);
    // Opening a trust's page makes it the current trust of the session.
    const auth = request.auth;
    if (auth !== null && auth.currentTrust?.id !== trust.id) {
      await db.asSystem((tx) => setSessionTrust(tx, auth.sessionSecret, trust.id));
      auth.currentTrust = trust;
    }
    const counts = await db.withTrust(trust.id, setupCounts);
    return reply.page('home/views/trust-home.njk', {
      title: trust.name,
      trust,
      counts,
      isAdmin: trust.roles.includes('trust-admin'),
      setupTasks: setupTasks(`/trusts/${trust.slug}`, counts),
      flash: flashFor(request, {
        welcome: 'Your password has been created and you are signed in',
      }),
    });
  });
}
