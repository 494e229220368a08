// Telling "the database is away" apart from every other failure. Such errors become a 503
// (try again later) instead of a 500 (a bug), and a client that saw one is never reused.

/** Node socket errors: the server is down, restarting or unreachable. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs of a server that is going away or not yet back: admin_shutdown, crash_shutdown,
 * cannot_connect_now, the connection_exception class, and too_many_connections.
 */
const SQL_STATES = new Set([
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300',
]);

/** Messages of node-postgres (and pg-pool) when a connection is lost or cannot be had. */
const MESSAGES = [
  'connection terminated',
  'timeout exceeded when trying to connect',
  'connection timeout',
  'is not queryable',
  'server closed the connection unexpectedly',
  'the database system is',
];

const MAX_DEPTH = 8;

/** True when error, or any error it wraps (drizzle puts the driver's error in `cause`), says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH || typeof error !== 'object' || error === null) return false;
  const { code, message, cause, errors } = error as {
    code?: unknown;
    message?: unknown;
    cause?: unknown;
    errors?: unknown;
  };
  if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQL_STATES.has(code))) return true;
  if (typeof message === 'string') {
    const lower = message.toLowerCase();
    if (MESSAGES.some((m) => lower.includes(m))) return true;
  }
  // Connecting to "localhost" tries each address and fails with an AggregateError.
  if (Array.isArray(errors) && errors.some((e) => isDatabaseUnavailable(e, depth + 1))) return true;
  return cause !== undefined && cause !== error && isDatabaseUnavailable(cause, depth + 1);
}

/** A short, safe description for the log: the driver's code and message, never the SQL. */
export function describeFault(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  for (let depth = 0; depth <= MAX_DEPTH; depth++) {
    if (typeof current !== 'object' || current === null) break;
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    // drizzle's wrapper message quotes the query and its parameters: describe what it wraps.
    if (cause === undefined || typeof code === 'string') {
      return {
        code: typeof code === 'string' ? code : undefined,
        message: typeof message === 'string' ? message : 'unknown error',
      };
    }
    current = cause;
  }
  return { code: undefined, message: 'unknown error' };
}

/** An Error to hand to pg-pool's release(), so that the client is destroyed, not reused. */
export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
