import type { FieldError } from './errors.ts';

// The result of a rule that changes something (trusts, rounds…): a value, or field errors and
// nothing changed.

export type Outcome<T = null> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = (field: string, message: string): Outcome<never> => ({
  ok: false,
  errors: [{ field, message }],
});

/** A database error's SQLSTATE, looking through drizzle's wrapper. */
function sqlState(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = e.cause;
  }
  return undefined;
}

/** Runs a change; a unique or foreign-key violation becomes the given field error. */
export async function guarded<T>(
  run: () => Promise<Outcome<T>>,
  onConflict: { unique?: FieldError; inUse?: FieldError },
): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (error) {
    const state = sqlState(error);
    if (state === '23505' && onConflict.unique) return { ok: false, errors: [onConflict.unique] };
    if (state === '23503' && onConflict.inUse) return { ok: false, errors: [onConflict.inUse] };
    throw error;
  }
}

/** Runs a removal: null (no such record) passes through; a record still in use is refused. */
export async function removal(
  run: () => Promise<Outcome | null>,
  inUse: FieldError,
): Promise<Outcome | null> {
  try {
    return await run();
  } catch (error) {
    if (sqlState(error) === '23503') return { ok: false, errors: [inUse] };
    throw error;
  }
}
