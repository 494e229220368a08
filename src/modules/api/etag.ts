import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

// Every successful GET of the API carries an ETag made from its bytes; a client that sends
// the ETag back in If-None-Match gets 304 Not Modified without the body when nothing has
// changed — what a dashboard polling a round's scores or an export wants.

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 §13.1.2). */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  const opaque = (t: string) => t.trim().replace(/^W\//, '');
  return header.split(',').some((t) => opaque(t) === opaque(tag));
}

export function entityTag(payload: string | Buffer): string {
  return `"${createHash('sha256').update(payload).digest('base64url').slice(0, 27)}"`;
}

/** Adds ETag and answers If-None-Match on the API's GETs (within this plugin's routes). */
export function addEntityTags(app: FastifyInstance) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' || reply.statusCode !== 200) return payload;
    if (!request.url.startsWith('/api/v1/')) return payload;
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    const tag = entityTag(payload);
    reply.header('ETag', tag);
    if (!noneMatch(request.headers['if-none-match'], tag)) return payload;
    reply.code(304);
    reply.removeHeader('content-length');
    return '';
  });
}
