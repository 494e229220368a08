import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { InvariantError } from '../../kernel/errors.ts';
import { sha256 } from '../people/index.ts';

// A respondent's progress: kept between steps as progress.ts describes, and checked
// against the questionnaire on every step.

export const ROLE_LEVELS = ['leaders-managers', 'frontline', 'other'] as const;
export type RoleLevel = (typeof ROLE_LEVELS)[number];
/** The locality answer "Prefer not to say". */
export const NO_LOCALITY = 'none';

const answerValue = z.literal([1, 2, 3, 4, 5, 8, 9]);
const limited = <T extends z.ZodType>(record: T, max: number) =>
  record.refine((value) => Object.keys(value as object).length <= max);

export const stateSchema = z.strictObject({
  v: z.literal(1),
  /** Questionnaire id. */
  q: z.guid(),
  /** Where the respondent came in: `l:<link id>` for an open link, `i` for an invitation. */
  o: z.string().max(80),
  /** Random per respondent: submitting twice stores one response. */
  k: z.string().regex(/^[A-Za-z0-9_-]{22,64}$/),
  /** Language code. */
  l: z.string().min(2).max(12),
  s: z.string().max(100).optional(),
  r: z.enum(ROLE_LEVELS).optional(),
  loc: z.string().max(64).optional(),
  /** Item key → answer (1–5, 8 Don't know, 9 Not applicable). */
  a: limited(z.record(z.string().max(200), answerValue), 1000),
  /** Page key → comment. */
  c: limited(z.record(z.string().max(200), z.string().min(1).max(1000)), 100),
  /** Pages the respondent has continued from, answered in full or not (children, families). */
  p: z.array(z.string().max(200)).max(100).optional(),
  /** The saved draft this came from, deleted when the answers are submitted. */
  d: z.guid().optional(),
});

export type AnsweringState = z.infer<typeof stateSchema>;

export function newState(
  questionnaireId: string,
  origin: string,
  language: string,
): AnsweringState {
  return {
    v: 1,
    q: questionnaireId,
    o: origin,
    k: randomBytes(18).toString('base64url'),
    l: language,
    a: {},
    c: {},
  };
}

/** Has anything been answered yet? */
export function begun(state: AnsweringState): boolean {
  return (
    Object.keys(state.a).length > 0 ||
    Object.keys(state.c).length > 0 ||
    (state.p ?? []).length > 0 ||
    state.s !== undefined ||
    state.r !== undefined ||
    state.loc !== undefined
  );
}

// Sealed states (signed for a form field) are used by the load benchmark (bench/).
const MAX_SEALED = 200_000;

function mac(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(`ocw-respond-state:${payload}`).digest('base64url');
}

/** The state as a signed string for a hidden form field. */
export function sealState(state: AnsweringState, secret: string): string {
  const payload = Buffer.from(JSON.stringify(state), 'utf8').toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The state from a form, or undefined if it is missing, edited or malformed. */
export function openState(sealed: unknown, secret: string): AnsweringState | undefined {
  if (typeof sealed !== 'string' || sealed.length > MAX_SEALED) return undefined;
  const parts = sealed.split('.');
  const [payload, given] = parts;
  if (parts.length !== 2 || payload === undefined || given === undefined) return undefined;
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  return parseState(decodeJson(payload));
}

function decodeJson(payload: string): unknown {
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Checks the shape of a state (from a form or a saved draft). */
export function parseState(value: unknown): AnsweringState | undefined {
  const parsed = stateSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

// ---- Resume codes: 12 characters from an alphabet without look-alikes (no 0/O, 1/I/L) ----

const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{12}$`);

/** A new code, shown as three groups of four: ABCD-EFGH-JKMN. */
export function newResumeCode(): string {
  let code = '';
  for (let i = 0; i < 12; i++) code += ALPHABET.charAt(randomInt(ALPHABET.length));
  return formatResumeCode(code);
}

export function formatResumeCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

/** The code as typed, tidied (case, spaces, hyphens); undefined if it cannot be a code. */
export function normaliseResumeCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return CODE_PATTERN.test(code) ? code : undefined;
}

/** What is stored in place of the code. */
export function resumeHash(code: string): string {
  const normalised = normaliseResumeCode(code);
  // Codes are made here or checked with normaliseResumeCode before they are looked up.
  if (normalised === undefined) throw new InvariantError('resumeHash was given a non-code');
  return sha256(`resume:${normalised}`);
}
