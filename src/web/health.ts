// Health of the process for load balancers and orchestrators (SPEC §7):
//   /health/live   the process is running and answering (never looks at the database);
//   /health/ready  and /health: the database answers too, so requests can be served.

import type { FastifyInstance, FastifyReply } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { RETRY_AFTER_SECONDS } from './unavailable.ts';

/** The database must answer `select 1` within this time for the service to be ready. */
export const READY_TIMEOUT_MS = 2000;

/** True when the database answers within timeoutMs; never throws. */
export async function databaseAnswers(
  db: Database,
  timeoutMs = READY_TIMEOUT_MS,
): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => {
      resolve(false);
    }, timeoutMs);
  });
  try {
    const answered = db.raw.execute(sql`select 1`).then(
      () => true,
      () => false,
    );
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance, options: { db: Database }) {
  const { db } = options;
  const ready = async (_request: unknown, reply: FastifyReply) => {
    reply.header('cache-control', 'no-store');
    if (await databaseAnswers(db)) return { status: 'ok', database: db.kind };
    return reply
      .code(503)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send({ status: 'unavailable', database: 'unavailable' });
  };
  app.get('/health', ready);
  app.get('/health/ready', ready);
  app.get('/health/live', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });
}
