import { randomBytes, scrypt, timingSafeEqual, createHash } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

const PARAMS = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** scrypt, N=2^15 r=8 p=1, 32-byte salt; stored as scrypt$N$r$p$salt$hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(32);
  const hash = await scryptAsync(password.normalize('NFKC'), salt, 32, PARAMS);
  return [
    'scrypt',
    PARAMS.N,
    PARAMS.r,
    PARAMS.p,
    salt.toString('base64'),
    hash.toString('base64'),
  ].join('$');
}

export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  // Compare against a dummy hash when there is none, so timing does not reveal accounts.
  const [scheme, n, r, p, salt, hash] = (stored ?? DUMMY).split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(
    password.normalize('NFKC'),
    Buffer.from(salt, 'base64'),
    expected.length,
    {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: PARAMS.maxmem,
    },
  );
  return stored !== null && timingSafeEqual(actual, expected);
}

const DUMMY = `scrypt$${PARAMS.N}$8$1$${Buffer.alloc(32).toString('base64')}$${Buffer.alloc(32).toString('base64')}`;

/** A random, URL-safe secret and the SHA-256 hash that is stored in its place. */
export function newSecret(): { secret: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  return { secret, hash: sha256(secret) };
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}

export const PASSWORD_RULES = 'Password must be at least 12 characters';

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}
