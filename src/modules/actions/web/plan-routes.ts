import type { FastifyInstance } from 'fastify';
import type { Database } from '../../../db/client.ts';
import { flashFor } from '../../../web/http.ts';
import { importedFlash } from './import-routes.ts';
import { tablePage } from '../../../web/table-pages.ts';
import {
  filterPlan,
  loadPlan,
  myActions,
  overdueActions,
  sortPlan,
  staleActions,
  type PlanFilter,
  type PlanRow,
  type PlanSort,
} from '../plan.ts';
import { NO_UPDATE_DAYS, RAG_TAGS } from '../rag.ts';
import { ACTION_STATUSES, isRag, isStatus, RAGS, STATUS_LABELS } from '../schemas.ts';
import { actionRoutes } from './action-routes.ts';
import { progressRoutes } from './action-progress-routes.ts';
import { formChoices, planPage, type PlanPage, type TrustParams } from './page.ts';
import { planTable, ragClasses } from './tables.ts';

// The plan's list pages: the whole plan (filtered by colour, lead, RAG and status, sorted by
// number or target date, by a GET form that works without JavaScript), the signed-in
// person's actions as lead, and the actions needing attention (overdue, and no progress for
// 90 days). Any role of the trust reads them; links to change the plan show for writers only.
// A filter value the form did not offer is ignored, never an error.

type Query = Record<string, unknown>;

const one = (value: unknown): string =>
  typeof value === 'string' ? value.trim().slice(0, 200) : '';

/** The filter and sort from the query string, unknown values left out. */
export function readFilter(query: Query): { filter: PlanFilter; sort: PlanSort } {
  const colour = one(query.colour);
  const lead = one(query.lead);
  const rag = one(query.rag);
  const status = one(query.status);
  return {
    filter: {
      area: colour || undefined,
      lead: lead || undefined,
      rag: isRag(rag) || rag === 'none' ? rag : undefined,
      status: isStatus(status) ? status : undefined,
    },
    sort: one(query.sort) === 'due' ? 'due' : 'number',
  };
}

/** "3 Red, 2 Amber …": the counts of the plan by the RAG shown, as tags with words. */
function ragCounts(rows: readonly PlanRow[]) {
  const counts = RAGS.map((rag) => ({
    text: RAG_TAGS[rag].text,
    classes: ragClasses(rag),
    count: rows.filter((r) => r.shown.rag === rag).length,
  })).filter((c) => c.count > 0);
  const dropped = rows.filter((r) => r.shown.rag === null).length;
  return dropped > 0
    ? [...counts, { text: 'Dropped', classes: 'govuk-tag--grey', count: dropped }]
    : counts;
}

const option = (value: string, text: string, chosen: string | undefined) => ({
  value,
  text,
  selected: value === chosen,
});

async function planFilters(db: Database, page: PlanPage, rows: PlanRow[], query: Query) {
  const { filter, sort } = readFilter(query);
  const choices = await db.withTrust(page.trust.id, (tx) => formChoices(tx, null));
  const leads = new Map<string, string>();
  for (const row of rows) for (const l of row.leads) leads.set(l.userId ?? l.name, l.name);
  const any = (text: string) => ({ value: '', text });
  return {
    filter,
    sort,
    colours: [
      any('Any colour'),
      ...(choices.version?.content.areas ?? []).map((a) => option(a.key, a.name, filter.area)),
    ],
    leads: [
      any('Anyone'),
      ...[...leads]
        .sort((a, b) => a[1].localeCompare(b[1], 'en-GB'))
        .map(([value, text]) => option(value, text, filter.lead)),
    ],
    rags: [
      any('Any RAG status'),
      ...RAGS.map((r) => option(r, RAG_TAGS[r].text, filter.rag)),
      option('none', 'No RAG (dropped)', filter.rag),
    ],
    statuses: [
      any('Any status'),
      ...ACTION_STATUSES.map((s) => option(s, STATUS_LABELS[s], filter.status)),
    ],
    sorts: [
      { value: 'number', text: 'Action number', checked: sort === 'number' },
      { value: 'due', text: 'Target date, soonest first', checked: sort === 'due' },
    ],
    filtered: Object.values(filter).some((v) => v !== undefined),
  };
}

export function planRoutes(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/actions', async (request, reply) => {
    const page = planPage(request, request.params.trust);
    const rows = await db.withTrust(page.trust.id, (tx) => loadPlan(tx, { today: page.today }));
    const form = await planFilters(db, page, rows, request.query as Query);
    const shown = sortPlan(filterPlan(rows, form.filter), form.sort);
    return reply.page('actions/views/plan-table.njk', {
      title: 'Action plan',
      breadcrumbs: page.breadcrumbs.slice(0, 1),
      base: page.base,
      canWrite: page.canWrite,
      isLead: page.trust.roles.includes('action-lead'),
      total: rows.length,
      counts: ragCounts(rows),
      flash: flashFor(request, { removed: 'Action removed' }) ?? importedFlash(request),
      form,
      plan: planTable(page.base, shown, {
        key: 'plan',
        caption: form.filtered ? `${shown.length} of ${rows.length} actions` : 'The action plan',
      }),
    });
  });

  listPages(app, db);
}

function listPages(app: FastifyInstance, db: Database) {
  tablePage<TrustParams>(app, '/trusts/:trust/actions/mine', async (request, reply) => {
    const page = planPage(request, request.params.trust);
    const rows = await db.withTrust(page.trust.id, (tx) =>
      loadPlan(tx, { today: page.today, ledBy: page.auth.user.id }),
    );
    return reply.page('actions/views/plan-mine.njk', {
      title: 'My actions',
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      count: rows.length,
      mine: planTable(page.base, myActions(rows, page.auth.user.id), {
        key: 'mine',
        caption: 'Actions you lead',
        captionClasses: 'govuk-visually-hidden',
      }),
    });
  });

  tablePage<TrustParams>(app, '/trusts/:trust/actions/attention', async (request, reply) => {
    const page = planPage(request, request.params.trust);
    const rows = await db.withTrust(page.trust.id, (tx) => loadPlan(tx, { today: page.today }));
    const overdue = overdueActions(rows);
    const stale = staleActions(rows);
    return reply.page('actions/views/plan-attention.njk', {
      title: 'Overdue and stale actions',
      breadcrumbs: page.breadcrumbs,
      base: page.base,
      days: NO_UPDATE_DAYS,
      overdue: planTable(page.base, overdue, {
        key: 'overdue',
        caption: 'Overdue',
        captionClasses: 'govuk-visually-hidden',
      }),
      stale: planTable(page.base, stale, {
        key: 'stale',
        caption: `No progress for ${NO_UPDATE_DAYS} days`,
        captionClasses: 'govuk-visually-hidden',
      }),
    });
  });
}

/** The action plan's pages: the lists, each action's pages, and the pages that move it on. */
export async function actionPageRoutes(app: FastifyInstance, options: { db: Database }) {
  planRoutes(app, options.db);
  actionRoutes(app, options.db);
  progressRoutes(app, options.db);
}
