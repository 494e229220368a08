import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../kernel/errors.ts';

// Small helpers every page module uses.

const idSchema = z.guid();

/** A record id from the URL; anything that is not a UUID cannot exist, so it is a 404. */
export function recordId(value: string): string {
  const parsed = idSchema.safeParse(value);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/** The fixed success message for ?done=<key>; text from the query string is never shown. */
export function flashFor(
  request: FastifyRequest,
  messages: Record<string, string>,
): string | undefined {
  const done = (request.query as Record<string, unknown>).done;
  return typeof done === 'string' && Object.hasOwn(messages, done) ? messages[done] : undefined;
}

/** Sends a CSV download (build the body with toCsv from csv.ts, which defuses formulas). */
export function sendCsv(reply: FastifyReply, filename: string, body: string) {
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename}"`)
    .send(body);
}
