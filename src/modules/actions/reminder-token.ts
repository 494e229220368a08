import { InvariantError } from '../../kernel/errors.ts';
import { createHmac, timingSafeEqual } from 'node:crypto';

// The token of a reminder's unsubscribe link: the trust and the user it was sent to, signed
// (HMAC-SHA256 under the session secret, kept outside the database) so that the link works
// without signing in and cannot be altered to stop someone else's reminders. It does not
// expire: an unsubscribe link in an old email should still work. A new session secret makes
// every earlier link fail (the page says so; the next reminder carries a new one).

export interface ReminderRecipient {
  trustId: string;
  userId: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** 32 bytes of ids, base64url, then a dot and 32 bytes of signature: 87 characters. */
const TOKEN = /^[A-Za-z0-9_-]{43}\.[A-Za-z0-9_-]{43}$/;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret)
    .update(`ocw-reminder-unsubscribe:${payload}`)
    .digest('base64url');
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll('-', ''), 'hex');

function uuidText(bytes: Buffer): string {
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The signed token naming the trust and the user. */
export function unsubscribeToken(secret: string, recipient: ReminderRecipient): string {
  const trustId = recipient.trustId.toLowerCase();
  const userId = recipient.userId.toLowerCase();
  if (!UUID.test(trustId) || !UUID.test(userId))
    throw new InvariantError('Reminder tokens name ids');
  const payload = Buffer.concat([uuidBytes(trustId), uuidBytes(userId)]).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** Whom a token names, or undefined if it is malformed or its signature does not match. */
export function readUnsubscribeToken(secret: string, token: string): ReminderRecipient | undefined {
  if (!TOKEN.test(token)) return undefined;
  const [payload = '', given = ''] = token.split('.');
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const bytes = Buffer.from(payload, 'base64url');
  return { trustId: uuidText(bytes.subarray(0, 16)), userId: uuidText(bytes.subarray(16, 32)) };
}

/** The unsubscribe page's address for a recipient. */
export function unsubscribeUrl(
  baseUrl: string,
  secret: string,
  recipient: ReminderRecipient,
): string {
  return `${baseUrl.replace(/\/$/, '')}/reminders/unsubscribe/${unsubscribeToken(secret, recipient)}`;
}
