import { z } from 'zod';
import { ConflictError, NotFoundError, ValidationError } from '../../kernel/errors.ts';
import type { Outcome } from '../../kernel/outcome.ts';
import type { SectorRow } from './repository.ts';

// What the trust set-up operations share: their tag and roles, the trust in the path, a
// sector as the API shows it, and how a rule's outcome becomes an answer.

export const TAG = 'Trust set-up';
/** Changes to a trust's set-up need a trust admin token. */
export const WRITE = ['trust-admin'] as const;

export const trustParams = z.object({ trust: z.string().describe('The trust slug') });

export const sectorSchema = z.object({
  key: z.string().describe('Stable key of the sector within the trust'),
  name: z.string(),
  nationalKey: z.string().describe('The national sector it counts as'),
  custom: z.boolean().describe("True for the trust's own sectors"),
  headcount: z
    .number()
    .int()
    .nullable()
    .describe('People in the sector who work with children; null if not known'),
});

export const toSector = (s: SectorRow): z.input<typeof sectorSchema> => ({
  key: s.key,
  name: s.name,
  nationalKey: s.nationalKey,
  custom: s.custom,
  headcount: s.headcount,
});

/** The value of a rule that passed; field errors become a 400. */
export function unwrap<T>(outcome: Outcome<T>): T {
  if (!outcome.ok) throw new ValidationError(outcome.errors);
  return outcome.value;
}

/**
 * A removal's outcome: done, no such record (404), or refused because the record is in use
 * (409, with the same message the page shows).
 */
export function removed(outcome: Outcome | null): null {
  if (outcome === null) throw new NotFoundError();
  if (!outcome.ok) throw new ConflictError(outcome.errors[0]?.message ?? 'It is in use');
  return null;
}

/** The answer of an operation that answers 204 No Content. */
export const noContent = z.null().describe('No content');
