import type { FastifyInstance } from 'fastify';
import { sendCsv } from '../../web/http.ts';
import {
  audienceBars,
  loadMonitoring,
  monitoringCsv,
  NO_HEADCOUNT,
  percent,
  sectorRateBars,
  type SectorLine,
} from './monitoring.ts';
import {
  loadRound,
  trustSectors,
  type QuestionnairePagesOptions,
  type RoundContext,
  type RoundParams,
} from './web.ts';

// Response monitoring for everyone in the trust: responses against headcount.

export async function monitoringRoutes(
  app: FastifyInstance,
  options: Pick<QuestionnairePagesOptions, 'db' | 'charts'>,
) {
  const { db, charts } = options;
  const path = '/trusts/:trust/rounds/:round/responses';

  const load = async (ctx: RoundContext) =>
    loadMonitoring(
      db,
      ctx.trust.id,
      ctx.round.id,
      ctx.version,
      await trustSectors(db, ctx.trust.id),
    );

  app.get<RoundParams>(path, async (request, reply) => {
    const ctx = await loadRound(db, request, request.params);
    const m = await load(ctx);
    // The chart above the table shows the rates as bars; the table gives them in figures, in
    // the same words.
    const view = (s: SectorLine) => ({
      ...s,
      rateText: s.rate !== null ? percent(s.rate) : s.key === null ? '' : NO_HEADCOUNT,
    });
    const sectorBars = sectorRateBars(m);
    return reply.page('questionnaires/views/responses.njk', {
      title: 'Responses',
      breadcrumbs: ctx.breadcrumbs,
      csv: `${ctx.roundBase}/responses.csv`,
      round: ctx.round,
      isAdmin: ctx.trust.roles.includes('trust-admin'),
      questionnaires: ctx.base,
      m: { ...m, sectors: m.sectors.map(view) },
      charts: {
        sectors: sectorBars.bars.length > 0 ? charts.bar(sectorBars) : null,
        audiences: m.audiences.length > 0 ? charts.bar(audienceBars(m)) : null,
      },
      under: m.underRepresented.map((s) => ({
        name: s.name,
        detail:
          s.headcount !== null && s.headcount > 0
            ? `${s.count.toLocaleString('en-GB')} of ${s.headcount.toLocaleString('en-GB')}, ${percent(s.rate)}`
            : `${s.count.toLocaleString('en-GB')} ${s.count === 1 ? 'response' : 'responses'}`,
      })),
    });
  });

  app.get<RoundParams>(`${path}.csv`, async (request, reply) => {
    const ctx = await loadRound(db, request, request.params);
    return sendCsv(reply, `responses-${ctx.round.id}.csv`, monitoringCsv(await load(ctx)));
  });
}
