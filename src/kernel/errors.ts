// Domain errors with a message safe to show (web/error-handler.ts maps them), and invariants.

/** A condition a request can reach, with its HTTP status and a message that is safe to show. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    /** A more precise kind than the status gives (the API's problem type), e.g. `idempotency_key_reused`. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The thing asked for does not exist, or belongs to a trust the asker cannot see. */
export class NotFoundError extends HttpError {
  constructor(message = 'Page not found') {
    super(404, message);
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'You do not have permission to do that') {
    super(403, message);
  }
}

/** A well-formed request that the current state of things does not allow (say, twice). */
export class ConflictError extends HttpError {
  constructor(message: string) {
    super(409, message);
  }
}

export interface FieldError {
  field: string;
  message: string;
}

/** Bad input: a list of field messages, shown as a GOV.UK error summary or a JSON 400. */
export class ValidationError extends HttpError {
  constructor(readonly errors: FieldError[]) {
    super(400, errors[0]?.message ?? 'There is a problem');
  }
}

/**
 * Something the code relies on did not hold (an insert gave back no row, a count query no
 * count). No request can cause it on purpose: it is answered as a 500 and logged.
 */
export class InvariantError extends Error {
  override readonly name = 'InvariantError';
}

/** The row an insert … returning gave back. */
export function insertedRow<T>(row: T | undefined, what: string): T {
  if (row === undefined) throw new InvariantError(`Inserting ${what} gave back no row`);
  return row;
}

/** A value the code is sure to have; `what` says what was missing, for the log. */
export function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new InvariantError(`Missing ${what}`);
  return value;
}
