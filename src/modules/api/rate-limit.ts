import { sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import { queryRows, type Tx } from '../../db/client.ts';
import { HttpError } from '../../kernel/errors.ts';

// Per-token rate limit: calls per token in fixed one-minute windows, counted in PostgreSQL so
// that every instance of the service shares the count. Every answer says where the token
// stands in the RateLimit-Policy and RateLimit fields of the IETF httpapi draft; a token over
// its limit gets 429 with Retry-After.

const WINDOW_SECONDS = 60;

export interface RateState {
  limit: number;
  /** The token has made more calls than its limit in this window. */
  over: boolean;
  remaining: number;
  /** Seconds until the window resets. */
  reset: number;
}

/** Counts this call of the token and says where it stands. */
export async function countCall(tx: Tx, tokenId: string, limit: number): Promise<RateState> {
  const [row] = await queryRows<{ calls: number; reset: number }>(
    tx,
    sql`insert into ocw_api.rate_windows as w (token_id, window_start, calls)
        values (${tokenId}, date_bin('${sql.raw(String(WINDOW_SECONDS))} seconds', now(), timestamptz '2000-01-01'), 1)
        on conflict (token_id) do update set
          calls = case when w.window_start = excluded.window_start then w.calls + 1 else 1 end,
          window_start = excluded.window_start
        returning calls,
          greatest(1, ceil(extract(epoch from (window_start + interval '${sql.raw(String(WINDOW_SECONDS))} seconds' - now()))))::int as reset`,
  );
  const calls = row?.calls ?? 1;
  return {
    limit,
    over: calls > limit,
    remaining: Math.max(0, limit - calls),
    reset: row?.reset ?? WINDOW_SECONDS,
  };
}

/** The RateLimit fields on an answer; a 429 when the token has used up its window. */
export function applyRateLimit(reply: FastifyReply, state: RateState) {
  reply.header('RateLimit-Policy', `"per-token";q=${state.limit};w=${WINDOW_SECONDS}`);
  reply.header('RateLimit', `"per-token";r=${state.remaining};t=${state.reset}`);
  if (state.over) {
    reply.header('Retry-After', String(state.reset));
    throw new HttpError(
      429,
      `This token has made more than ${state.limit} calls in a minute. Try again in ${state.reset} seconds.`,
    );
  }
}
