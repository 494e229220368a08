import type { FastifyInstance } from 'fastify';
import { sendCsv } from '../../web/http.ts';
import { loadMonitoring, monitoringCsv, percent, type SectorLine } from './monitoring.ts';
import { loadRound, trustSectors, type RoundContext, type RoundParams } from './web.ts';

// Response monitoring for everyone in the trust: responses against headcount.

export async function monitoringRoutes(app: FastifyInstance) {
  const { db } = app.deps;
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
    const view = (s: SectorLine) => ({
      ...s,
      rateText: percent(s.rate),
      progressMax: s.headcount ?? 0,
      progressValue: s.headcount === null ? 0 : Math.min(s.count, s.headcount),
    });
    return reply.page('questionnaires/views/responses.njk', {
      title: 'Responses',
      breadcrumbs: ctx.breadcrumbs,
      csv: `${ctx.roundBase}/responses.csv`,
      round: ctx.round,
      isAdmin: ctx.trust.roles.includes('trust-admin'),
      questionnaires: ctx.base,
      m: { ...m, sectors: m.sectors.map(view) },
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
