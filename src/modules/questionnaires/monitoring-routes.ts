import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../kernel/errors.ts';
import { exportFormat, sendTable } from '../../web/table-export.ts';
import { todayInUk } from './dates.ts';
import {
  audienceTable,
  isMonitoringTable,
  MONITORING_TABLES,
  questionnaireTable,
  sectorTable,
  trendTable,
} from './monitoring-export.ts';
import {
  audienceBars,
  loadMonitoring,
  MIN_RESPONSES,
  NO_HEADCOUNT,
  percent,
  sectorRateBars,
  type Monitoring,
  type SectorLine,
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

type TableParams = { Params: RoundParams['Params'] & { table: string } };

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

  app.get<RoundParams>(path, async (request, reply) => {
    const ctx = await loadRound(db, request, request.params);
    const { m, p } = await load(ctx);
    return reply.page('questionnaires/views/responses.njk', pageModel(ctx, m, p, charts));
  });

  // The sector table as it always was, and every table as a workbook of sheets.
  for (const format of ['csv', 'xlsx'] as const)
    app.get<RoundParams>(`${path}.${format}`, async (request, reply) => {
      const ctx = await loadRound(db, request, request.params);
      const { m, p } = await load(ctx);
      const name = `responses-${ctx.round.id}`;
      return format === 'csv'
        ? sendTable(reply, format, name, sectorTable(m))
        : sendTable(reply, format, name, [
            sectorTable(m),
            audienceTable(m),
            questionnaireTable(p),
            trendTable(p),
          ]);
    });

  app.get<TableParams>(`${path}/:table`, async (request, reply) => {
    const [table = '', suffix = ''] = request.params.table.split('.');
    const format = exportFormat(suffix);
    if (format === undefined || !isMonitoringTable(table)) throw new NotFoundError();
    const ctx = await loadRound(db, request, request.params);
    const { m, p } = await load(ctx);
    return sendTable(reply, format, `responses-${table}-${ctx.round.id}`, [
      MONITORING_TABLES[table](m, p),
    ]);
  });
}

function pageModel(
  ctx: RoundContext,
  m: Monitoring,
  p: Progress,
  charts: QuestionnairePagesOptions['charts'],
) {
  // The chart above the table shows the rates as bars; the table gives them in figures, in
  // the same words.
  const view = (s: SectorLine) => ({
    ...s,
    rateText: s.rate !== null ? percent(s.rate) : s.key === null ? '' : NO_HEADCOUNT,
  });
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
    m: { ...m, sectors: m.sectors.map(view) },
    p: {
      ...p,
      questionnaires: p.questionnaires.map((q) => ({
        ...q,
        href: isAdmin && q.id !== null ? `${ctx.base}/${q.id}` : null,
      })),
    },
    charts: {
      sectors: sectorBars.bars.length > 0 ? charts.bar(sectorBars) : null,
      audiences: m.audiences.length > 0 ? charts.bar(audienceBars(m)) : null,
      weeks: p.weeks.length > 0 ? charts.bar(trendBars(p.weeks)) : null,
    },
    under: m.underRepresented.map((s) => ({ name: s.name, detail: s.reason })),
  };
}
