import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

// Authenticated encryption (AES-256-GCM) of short texts under keys derived with HKDF, for
// what the database must hold but must not be able to read on its own: the token of a
// personal invitation (under the session secret, kept outside the database) and a
// respondent's unfinished answers (under the invitation's token, held only by its email).

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key for one purpose, derived from a secret. */
export function deriveKey(secret: string, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'ocw-sealing', purpose, 32));
}

/** The text encrypted and authenticated; `context` (not stored) must match to open it. */
export function seal(key: Buffer, text: string, context: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `${VERSION}.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The text back, or undefined if the key or context is wrong or the value was altered. */
export function unseal(key: Buffer, sealed: string, context: string): string | undefined {
  const [version, encoded, ...rest] = sealed.split('.');
  if (version !== VERSION || encoded === undefined || rest.length > 0) return undefined;
  const raw = Buffer.from(encoded, 'base64url');
  if (raw.length < IV_BYTES + TAG_BYTES) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    return Buffer.concat([
      decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    return undefined;
  }
}

/** An invitation's token, sealed for the invitation's row so a reminder can resend it. */
export function sealToken(sessionSecret: string, invitationId: string, token: string): string {
  return seal(deriveKey(sessionSecret, 'invitation-token'), token, `invitation:${invitationId}`);
}

export function unsealToken(
  sessionSecret: string,
  invitationId: string,
  sealed: string | null,
): string | undefined {
  if (sealed === null) return undefined;
  return unseal(deriveKey(sessionSecret, 'invitation-token'), sealed, `invitation:${invitationId}`);
}
