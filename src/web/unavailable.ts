// What a request gets while the database is away: a GOV.UK "service unavailable" page (with
// the submitted form ready to send again), or a problem+json 503 for the API.

import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeFault } from '../db/faults.ts';

/** Seconds a client is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 10;

export const UNAVAILABLE_TITLE = 'Sorry, the service is unavailable';

/** The stable problem type of the API's 503 (RFC 9457). */
export const UNAVAILABLE_PROBLEM_TYPE = 'urn:ocw:problem:service-unavailable';

/** A form body this large is not read back (the app's own limit is 1 MB). */
const FORM_LIMIT = 1024 * 1024;
const READ_TIMEOUT_MS = 2000;

/** Never written back into a page, even the sender's own: the form asks for them again. */
const SECRET_FIELD = /pass(word|code|phrase)|secret/i;

export interface Field {
  name: string;
  value: string;
}

/** The 503 in the shape the request asked for. Logged as a warning: an outage is not a bug. */
export async function sendUnavailable(
  request: FastifyRequest,
  reply: FastifyReply,
  error: unknown,
  asApi: boolean,
) {
  request.log.warn({ fault: describeFault(error) }, 'database unavailable');
  reply
    .code(503)
    .header('retry-after', String(RETRY_AFTER_SECONDS))
    .header('cache-control', 'no-store');
  if (asApi)
    return reply.type('application/problem+json').send({
      type: UNAVAILABLE_PROBLEM_TYPE,
      title: 'Service unavailable',
      status: 503,
      detail: 'The database is unavailable. Try again later.',
      error: 'service_unavailable',
      message: 'The service is unavailable. Try again later.',
    });
  const resend = await resendableForm(request);
  return reply.page('errors/503.njk', { title: UNAVAILABLE_TITLE, resend });
}

/**
 * A form post that did not get through, as the fields to send again to the same address; for
 * a file upload (multipart), only that it was one, since the file is not kept.
 */
export async function resendableForm(
  request: FastifyRequest,
): Promise<{ action: string; fields: Field[]; withheld: boolean } | { upload: true } | undefined> {
  if (request.method !== 'POST') return undefined;
  const type = (request.headers['content-type'] ?? '').toLowerCase();
  // (isMultipart() only knows once the body has been parsed; the header is known at once.)
  if (type.startsWith('multipart/form-data') || request.isMultipart()) return { upload: true };
  if (!type.startsWith('application/x-www-form-urlencoded')) return undefined;
  const fields =
    request.body === undefined || request.body === null
      ? await readUnparsedForm(request)
      : fieldsOf(request.body);
  if (fields === undefined) return undefined;
  const kept = fields.filter((f) => !SECRET_FIELD.test(f.name));
  return { action: request.url, fields: kept, withheld: kept.length < fields.length };
}

/** The fields of a parsed urlencoded body, repeated names (checkboxes) in order. */
export function fieldsOf(body: unknown): Field[] {
  if (typeof body !== 'object' || body === null) return [];
  const fields: Field[] = [];
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    for (const v of Array.isArray(value) ? (value as unknown[]) : [value])
      if (typeof v === 'string') fields.push({ name, value: v });
  }
  return fields;
}

/**
 * When the database failed before the body was read (signing-in people's sessions are loaded
 * as the request arrives), the body is still waiting in the request stream: read it here.
 */
function readUnparsedForm(request: FastifyRequest): Promise<Field[] | undefined> {
  const raw = request.raw;
  if (raw.readableEnded || raw.destroyed) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (fields: Field[] | undefined) => {
      clearTimeout(timer);
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onError);
      resolve(fields);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > FORM_LIMIT) finish(undefined);
      else chunks.push(buffer);
    };
    const onEnd = () => {
      const params = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      finish([...params].map(([name, value]) => ({ name, value })));
    };
    const onError = () => {
      finish(undefined);
    };
    const timer = setTimeout(() => {
      finish(undefined);
    }, READ_TIMEOUT_MS);
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onError);
  });
}
