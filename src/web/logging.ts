import type { FastifyServerOptions } from 'fastify';

// What the request log may hold. Every URL is written with the secrets in its path
// replaced (an invitation's token, an open link's code, the token of a password reset or
// of an invitation to set a password, a reminder's unsubscribe link), and the request log
// of a respondent's route holds neither the client's address nor its host: answering stays
// anonymous in the logs too.
// redactTokens() is for any other text the application writes out, such as mail.

/** Path segments whose next segment is a secret: /i/<token>, /q/<code>, … */
const SECRET_SEGMENTS = ['i', 'q', 'reset-password', 'invitation', 'reminders/unsubscribe'];

/** Such a path at the start of a URL's path: alone, after an address's host, or quoted. */
const SECRET_PATH = new RegExp(
  `(?<=^|[\\s"'(<=]|https?://[^/\\s"'<>]+)/(${SECRET_SEGMENTS.join('|')})/[^/?#\\s"'<>\\\\]+`,
  'g',
);

export const REDACTED = '[redacted]';

/** The text with the secret of every link in it replaced by "[redacted]". */
export function redactTokens(text: string): string {
  return text.replace(SECRET_PATH, (_match, segment: string) => `/${segment}/${REDACTED}`);
}

/** The routes of people answering a questionnaire, who must not be identifiable. */
export function isRespondentRoute(url: string): boolean {
  const path = url.split(/[?#]/, 1)[0] ?? '';
  return /^\/(q|i|respond|resume)(\/|$)/.test(path);
}

interface LoggedRequest {
  method: string;
  url: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number } | null;
}

export function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  const url = redactTokens(request.url);
  if (isRespondentRoute(request.url)) return { method: request.method, url };
  return {
    method: request.method,
    url,
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** An error as pino writes one, with any link's secret in its text redacted. */
export function serializeError(error: Error): {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
} {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === 'string') out[key] = redactTokens(value);
    else if (typeof value === 'number' || typeof value === 'boolean') out[key] = value;
  }
  if (error.cause instanceof Error) out.cause = serializeError(error.cause);
  return {
    ...out,
    type: error.name,
    message: redactTokens(error.message),
    stack: redactTokens(error.stack ?? ''),
  };
}

export interface LogStream {
  write(line: string): void;
}

/** The options of the application's logger; a stream replaces standard output (tests). */
export function loggerOptions(
  level: string,
  stream?: LogStream,
): Exclude<FastifyServerOptions['logger'], boolean | undefined> {
  return {
    level,
    redact: ['req.headers.authorization', 'req.headers.cookie'],
    serializers: { req: serializeRequest, err: serializeError },
    ...(stream === undefined ? {} : { stream }),
  };
}
