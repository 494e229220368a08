import type { FastifyInstance, FastifyRequest } from 'fastify';
import { todayIso } from '../../kernel/date-rules.ts';
import type { Database } from '../../db/client.ts';
import { sendCsv } from '../../web/http.ts';
import { requireTrust } from '../../web/session.ts';
import { sendXlsx } from '../../web/xlsx.ts';
import { historyCsv, loadExport, planCsv, planXlsx, type PlanExport } from './export.ts';

// The action plan's downloads (export.ts builds them), for anyone signed in with a role in the
// trust: the plan as CSV (importable again), every progress update as CSV, and both as one
// workbook. Another trust's downloads are not found (404), as its pages are.

type TrustParams = { Params: { trust: string } };

async function exportOf(db: Database, request: FastifyRequest<TrustParams>) {
  const { trust } = requireTrust(request, request.params.trust);
  const data: PlanExport = await db.withTrust(trust.id, (tx) => loadExport(tx, todayIso()));
  return { slug: trust.slug, data };
}

/** GET /trusts/:trust/actions/export.csv, export-history.csv and export.xlsx. */
export function actionExportRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;
  app.get<TrustParams>('/trusts/:trust/actions/export.csv', async (request, reply) => {
    const { slug, data } = await exportOf(db, request);
    return sendCsv(reply, `${slug}-action-plan.csv`, planCsv(data));
  });
  app.get<TrustParams>('/trusts/:trust/actions/export-history.csv', async (request, reply) => {
    const { slug, data } = await exportOf(db, request);
    return sendCsv(reply, `${slug}-action-plan-history.csv`, historyCsv(data));
  });
  app.get<TrustParams>('/trusts/:trust/actions/export.xlsx', async (request, reply) => {
    const { slug, data } = await exportOf(db, request);
    return sendXlsx(reply, `${slug}-action-plan.xlsx`, await planXlsx(data));
  });
  return Promise.resolve();
}
