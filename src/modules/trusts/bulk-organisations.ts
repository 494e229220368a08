import type { Database } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { guarded, ok, type Outcome } from '../../kernel/outcome.ts';
import * as repo from './repository.ts';
import { BULK_ORGANISATIONS_MAX, ORGANISATION_NAME_MAX } from './schemas.ts';

// Adding many partner organisations at once, all in one sector: every school of an area is
// a partner. All or nothing: one bad name and nothing is added.

const listWords = (items: string[]) =>
  items.length <= 1
    ? (items[0] ?? '')
    : `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}`;

const lineWords = (lines: number[]) =>
  `${lines.length === 1 ? 'line' : 'lines'} ${listWords(lines.map(String))}`;

interface Named {
  name: string;
  line: number;
}

/** The names of a list, line by line (blank lines skipped), and what is wrong with them. */
export function checkNames(
  lines: string[],
  existing: string[],
): { names: string[]; blankLines: number; errors: FieldError[] } {
  const named: Named[] = lines
    .map((raw, i) => ({ name: raw.trim().replace(/\s+/g, ' '), line: i + 1 }))
    .filter((n) => n.name !== '');
  const names = named.map((n) => n.name);
  const blankLines = lines.length - named.length;
  const fail = (message: string) => ({ names, blankLines, errors: [{ field: 'names', message }] });
  if (named.length === 0) return fail('Enter the names of the organisations, one on each line');
  if (named.length > BULK_ORGANISATIONS_MAX)
    return fail(
      `Enter ${BULK_ORGANISATIONS_MAX} organisations or fewer at a time: the list has ${named.length}`,
    );
  const errors: FieldError[] = [];
  const long = named.filter((n) => n.name.length > ORGANISATION_NAME_MAX).map((n) => n.line);
  if (long.length > 0)
    errors.push({
      field: 'names',
      message: `Each name must be ${ORGANISATION_NAME_MAX} characters or fewer: shorten ${lineWords(long)}`,
    });
  const byKey = new Map<string, Named[]>();
  for (const n of named)
    byKey.set(n.name.toLowerCase(), [...(byKey.get(n.name.toLowerCase()) ?? []), n]);
  const repeated = [...byKey.values()].filter((group) => group.length > 1);
  if (repeated.length > 0)
    errors.push({
      field: 'names',
      message: `Each organisation can be on the list once: ${listWords(
        repeated.map((g) => `${g[0]?.name ?? ''} is on ${lineWords(g.map((n) => n.line))}`),
      )}`,
    });
  const have = new Set(existing.map((e) => e.toLowerCase()));
  const already = [...byKey.values()].filter((g) => have.has(g[0]?.name.toLowerCase() ?? ''));
  if (already.length > 0)
    errors.push({
      field: 'names',
      message: `${listWords(already.map((g) => g[0]?.name ?? ''))} ${already.length === 1 ? 'is' : 'are'} already one of your organisations: take ${already.length === 1 ? 'it' : 'them'} off the list`,
    });
  return { names, blankLines, errors };
}

export interface AddedOrganisations {
  organisations: { id: string; name: string }[];
  sector: { key: string; name: string };
  blankLines: number;
}

/** Adds every organisation of the list to one sector, or none of them. */
export async function addOrganisations(
  db: Database,
  trustId: string,
  actor: Actor,
  input: { lines: string[]; sector: string },
): Promise<Outcome<AddedOrganisations>> {
  const conflict = {
    field: 'names',
    message: 'Another organisation of the list was added at the same time: try again',
  };
  return guarded(
    () =>
      db.withTrust(trustId, async (tx) => {
        const existing = (await repo.listOrganisations(tx)).map((o) => o.name);
        const { names, blankLines, errors } = checkNames(input.lines, existing);
        const sector = await repo.findSectorByKey(tx, trustId, input.sector);
        if (sector === undefined)
          errors.push({ field: 'sector', message: 'Select a sector from the list' });
        if (sector === undefined || errors.length > 0) return { ok: false, errors };
        const rows = await repo.insertOrganisations(tx, trustId, names, sector.id);
        await audit(tx, actor, {
          trustId,
          action: 'added organisations',
          entity: 'organisation',
          details: { sector: sector.key, count: rows.length, names },
        });
        return ok({
          organisations: rows,
          sector: { key: sector.key, name: sector.name },
          blankLines,
        });
      }),
    { unique: conflict },
  );
}
