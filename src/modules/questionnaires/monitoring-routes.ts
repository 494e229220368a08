import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { tableAlias, tablePage } from '../../web/table-pages.ts';
import { todayInUk } from './dates.ts';
import { MONITORING_TABLES, monitoringTables } from './monitoring-tables.ts';
import {
  audienceBars,
  loadMonitoring,
  MIN_RESPONSES,
  percent,
  sectorRateBars,
  type Monitoring,
} from './monitoring.ts';
import { loadProgress, trendBars, type Progress } from './progress.ts';
import {
  loadRound,
  trustSectors,
  type QuestionnairePagesOptions,
  type RoundContext,
  type RoundParams,
} from './web.ts';

// Response monitoring for everyone in the trust: responses against headcount, by
// questionnaire with the days left, and week by week; each table also as CSV and Excel.

export async function monitoringRoutes(
  app: FastifyInstance,
  options: Pick<QuestionnairePagesOptions, 'db' | 'charts'>,
) {
  const { db, charts } = options;
  const path = '/trusts/:trust/rounds/:round/responses';

  const load = async (ctx: RoundContext): Promise<{ m: Monitoring; p: Progress }> => {
    const sectors = await trustSectors(db, ctx.trust.id);
    const [m, p] = await Promise.all([
      loadMonitoring(db, ctx.trust.id, ctx.round.id, ctx.version, sectors),
      loadProgress(db, ctx.trust.id, ctx.round, ctx.version, todayInUk()),
    ]);
    return { m, p };
  };

  const page = async (request: FastifyRequest<RoundParams>, reply: FastifyReply) => {
    const ctx = await loadRound(db, request, request.params);
    const { m, p } = await load(ctx);
    return reply.page('questionnaires/views/responses.njk', pageModel(ctx, m, p, charts));
  };
  tablePage<RoundParams>(app, path, page);
  // Each table's download as it was first offered: responses/by-week.csv.
  for (const key of MONITORING_TABLES) tableAlias<RoundParams>(app, `${path}/${key}`, page, key);
}

function pageModel(
  ctx: RoundContext,
  m: Monitoring,
  p: Progress,
  charts: QuestionnairePagesOptions['charts'],
) {
  // The chart above the table shows the rates as bars; the table gives them in figures, in
  // the same words.
  const sectorBars = sectorRateBars(m);
  const isAdmin = ctx.trust.roles.includes('trust-admin');
  return {
    title: 'Responses',
    breadcrumbs: ctx.breadcrumbs,
    exportBase: `${ctx.roundBase}/responses`,
    round: ctx.round,
    isAdmin,
    questionnaires: ctx.base,
    minResponses: MIN_RESPONSES,
    overallText: percent(m.overallRate),
    thresholdText: percent(m.threshold),
    m,
    p,
    tables: monitoringTables(m, p, (id) => (isAdmin && id !== null ? `${ctx.base}/${id}` : null)),
    charts: {
      sectors: sectorBars.bars.length > 0 ? charts.bar(sectorBars) : null,
      audiences: m.audiences.length > 0 ? charts.bar(audienceBars(m)) : null,
      weeks: p.weeks.length > 0 ? charts.bar(trendBars(p.weeks)) : null,
    },
    under: m.underRepresented.map((s) => ({ name: s.name, detail: s.reason })),
  };
}
