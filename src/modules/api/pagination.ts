import { createHash } from 'node:crypto';
import { HttpError } from '../../kernel/errors.ts';

// Cursor pagination of a list already in memory. A cursor names its list (a digest of the
// operation, its path parameters and its filters) and where the last page ended: the key of
// the last item given when items have one, else its position. Continuing after a key means
// that an item added (or removed) before the cursor neither repeats nor skips an item.
//
// A cursor is opaque to clients: base64url JSON with a short checksum, so that a changed
// character is caught. It is not a secret and grants nothing: it only says where to go on.

export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;

/** Where a page ended: after the item with this key, or after this many items. */
export type After = { key: string | number } | { position: number };

export class BadCursorError extends HttpError {
  constructor(message: string) {
    super(400, message, 'bad_cursor');
  }
}

const CHECK_LENGTH = 10;
const checksum = (text: string) =>
  createHash('sha256').update(`ocw-cursor\n${text}`).digest('base64url').slice(0, CHECK_LENGTH);

/** A short digest naming one list: the same operation, parameters and filters. */
export function listDigest(parts: unknown): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);
}

export function encodeCursor(list: string, after: After): string {
  const payload = JSON.stringify(
    'key' in after ? [1, list, 'k', after.key] : [1, list, 'p', after.position],
  );
  return `${Buffer.from(payload).toString('base64url')}.${checksum(payload)}`;
}

const NOT_OURS =
  'This cursor is not one the API gave, or it was changed: send the cursor of a Link header as it is';

/** The place a cursor names, checked to belong to this list. */
export function decodeCursor(cursor: unknown, list: string): After {
  if (typeof cursor !== 'string') throw new BadCursorError('Give cursor once');
  const match = /^([A-Za-z0-9_-]{1,2000})\.([A-Za-z0-9_-]+)$/.exec(cursor);
  if (match?.[1] === undefined) throw new BadCursorError(NOT_OURS);
  const payload = Buffer.from(match[1], 'base64url').toString('utf8');
  // Decoding forgives a changed last character; encoding again does not.
  const same = Buffer.from(payload).toString('base64url') === match[1];
  if (!same || match[2] !== checksum(payload)) throw new BadCursorError(NOT_OURS);
  let parsed: unknown;
  try {
    parsed = JSON.parse(payload);
  } catch {
    throw new BadCursorError(NOT_OURS);
  }
  if (!Array.isArray(parsed) || parsed[0] !== 1) throw new BadCursorError(NOT_OURS);
  const [, of, kind, value] = parsed as unknown[];
  if (of !== list)
    throw new BadCursorError(
      'This cursor belongs to another list: use it only with the address, path and filters that gave it',
    );
  if (kind === 'k' && (typeof value === 'string' || typeof value === 'number'))
    return { key: value };
  if (kind === 'p' && typeof value === 'number' && Number.isInteger(value) && value >= 0)
    return { position: value };
  throw new BadCursorError(NOT_OURS);
}

export interface Page<T> {
  items: T[];
  /** Where the next page starts; undefined on the last page. */
  next?: After;
}

/** The key of an item, if it has one of the kinds a cursor can hold. */
function keyOf(item: unknown, field: string | undefined): string | number | undefined {
  if (field === undefined || item === null || typeof item !== 'object') return undefined;
  const value = (item as Record<string, unknown>)[field];
  return typeof value === 'string' || typeof value === 'number' ? value : undefined;
}

/** Where a cursor's page starts in the list as it stands now. */
function startOf(items: readonly unknown[], field: string | undefined, after: After): number {
  if ('position' in after) {
    if (after.position > items.length)
      throw new BadCursorError(
        'The list is shorter than where this cursor was: start again from the first page',
      );
    return after.position;
  }
  const index = items.findIndex((item) => keyOf(item, field) === after.key);
  if (index < 0)
    throw new BadCursorError(
      'The item this cursor follows is no longer in the list: start again from the first page',
    );
  return index + 1;
}

/** Whether every item has a key of its own, so that a cursor may name the last by its key. */
function keyed(items: readonly unknown[], field: string | undefined): boolean {
  if (field === undefined) return false;
  const keys = new Set(items.map((item) => keyOf(item, field)));
  return keys.size === items.length && !keys.has(undefined);
}

/** One page of the list: up to limit items after the cursor's place. */
export function pageOf<T>(
  items: readonly T[],
  keyField: string | undefined,
  after: After | undefined,
  limit: number,
): Page<T> {
  const start = after === undefined ? 0 : startOf(items, keyField, after);
  const page = items.slice(start, start + limit);
  const end = start + page.length;
  if (end >= items.length || page.length === 0) return { items: page };
  const key = keyed(items, keyField) ? keyOf(page[page.length - 1], keyField) : undefined;
  return { items: page, next: key === undefined ? { position: end } : { key } };
}
