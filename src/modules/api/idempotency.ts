import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Database } from '../../db/client.ts';
import { HttpError } from '../../kernel/errors.ts';

// Idempotency-Key on POST (as the IETF httpapi draft and the payment APIs have it): the first
// request with a key is done and its answer kept for a day (a token's older answers are forgotten at its next claim); a retry with the same key and the
// same request gets that answer again (Idempotent-Replayed: true) instead of doing the work
// twice; the same key with a different request is refused. A request that fails keeps
// nothing, so that it can be tried again.

const KEY = /^[\x21-\x7e]{1,255}$/;
const KEPT_HOURS = 24;

export interface Replay {
  status: number;
  contentType: string;
  body: string;
}

/** JSON with its object keys sorted, so that the same body always gives the same text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** What makes two requests the same request: method, address and body. */
export function fingerprint(method: string, url: string, body: unknown): string {
  const text = typeof body === 'string' || Buffer.isBuffer(body) ? String(body) : canonical(body);
  return createHash('sha256').update(`${method} ${url}\n`).update(text).digest('hex');
}

/** The key of a request, checked; undefined when it sent none. */
export function idempotencyKey(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  const key = Array.isArray(header) ? header[0] : header;
  if (key === undefined || !KEY.test(key))
    throw new HttpError(
      400,
      'Idempotency-Key must be 1 to 255 visible characters, for example a UUID',
      'invalid_idempotency_key',
    );
  return key;
}

/**
 * Claims a key for a request. Undefined: this request is the first and should go ahead.
 * A replay: the answer the first one got. Throws when the key is taken by another request
 * or by one still running.
 */
export async function claimKey(
  db: Database,
  tokenId: string,
  key: string,
  print: string,
): Promise<Replay | undefined> {
  return db.asSystem(async (tx) => {
    await tx.execute(sql`delete from ocw_api.idempotency
      where token_id = ${tokenId} and created_at < now() - make_interval(hours => ${KEPT_HOURS})`);
    const claimed = await queryRows<{ key: string }>(
      tx,
      sql`insert into ocw_api.idempotency (token_id, key, fingerprint) values (${tokenId}, ${key}, ${print})
          on conflict do nothing returning key`,
    );
    if (claimed.length === 1) return undefined;
    const [row] = await queryRows<{
      fingerprint: string;
      status: number | null;
      contentType: string | null;
      body: string | null;
    }>(
      tx,
      sql`select fingerprint, status, content_type as "contentType", body from ocw_api.idempotency
          where token_id = ${tokenId} and key = ${key}`,
    );
    if (row === undefined) return undefined;
    if (row.fingerprint !== print)
      throw new HttpError(
        422,
        'This Idempotency-Key was already used for a different request. Send a new key with a new request.',
        'idempotency_key_reused',
      );
    if (row.status === null)
      throw new HttpError(
        409,
        'A request with this Idempotency-Key is still being processed. Try again in a moment.',
        'idempotency_key_in_progress',
      );
    return {
      status: row.status,
      contentType: row.contentType ?? 'application/json',
      body: row.body ?? '',
    };
  });
}

/** Keeps the answer of the request that claimed the key. */
export async function keepAnswer(db: Database, tokenId: string, key: string, answer: Replay) {
  await db.asSystem((tx) =>
    tx.execute(sql`update ocw_api.idempotency
      set status = ${answer.status}, content_type = ${answer.contentType}, body = ${answer.body}
      where token_id = ${tokenId} and key = ${key}`),
  );
}

/** Lets a key go again after its request failed (nothing was done, so a retry may do it). */
export async function releaseKey(db: Database, tokenId: string, key: string) {
  await db.asSystem((tx) =>
    tx.execute(
      sql`delete from ocw_api.idempotency where token_id = ${tokenId} and key = ${key} and status is null`,
    ),
  );
}
