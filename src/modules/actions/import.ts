import type { Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { guarded, ok } from '../../kernel/outcome.ts';
import type { IsoDate } from './calendar.ts';
import { checkAction, numberTakenMessage, trustFacts, updateProblems } from './checks.ts';
import { findDuplicateNumbers, numberSortKey } from './number.ts';
import { assessRag, effectiveDue, shownRag } from './rag.ts';
import * as repo from './repository.ts';
import * as updatesRepo from './repository-updates.ts';
import type { LeadRow, RagOverride, StoredAction } from './repository.ts';
import type { ImportedAction } from './types.ts';

// Storing an imported plan: all of it or none of it, in the caller's transaction. Every row is
// checked as a form's action is (and its progress updates as an update is); a number given
// twice in the file, or already used by one of the trust's actions, is refused. A RAG given in
// the file that differs from the suggestion is kept as an override of it, with the reason
// OVERRIDE_REASON. Each progress update records the RAG the dates suggested on its day; the
// last one the RAG the file gives, when it gives one.

export const OVERRIDE_REASON = 'Given in the imported plan';

/** A problem of one row of the file, by its line. */
export interface RowError extends FieldError {
  line: number;
}

export type ImportOutcome =
  { ok: true; value: { actions: number; updates: number } } | { ok: false; errors: RowError[] };

interface Ready {
  item: ImportedAction;
  values: StoredAction;
  leads: LeadRow[];
}

async function checkRows(
  tx: Tx,
  items: readonly ImportedAction[],
  today: IsoDate,
): Promise<{ errors: RowError[]; ready: Ready[] }> {
  const facts = trustFacts(tx);
  const errors: RowError[] = [];
  const ready: Ready[] = [];
  for (const item of items) {
    const result = await checkAction(facts, item);
    if (result.ok) ready.push({ item, values: result.values, leads: result.leads });
    else errors.push(...result.errors.map((e) => ({ ...e, line: item.line })));
    for (const update of item.updates)
      errors.push(
        ...updateProblems(update, today).map((e) => ({
          field: `updates.${e.field}`,
          message: e.message,
          line: item.line,
        })),
      );
  }
  for (const { number, indexes } of findDuplicateNumbers(items.map((i) => i.number))) {
    const [first, ...others] = indexes.map((i) => items[i]?.line ?? 0);
    for (const line of others)
      errors.push({
        field: 'number',
        message: `Action ${number} is in the file more than once: it is also on line ${String(first)}`,
        line,
      });
  }
  const keys = ready.map((r) => numberSortKey(r.values.number));
  const taken = await repo.numberKeysTaken(tx, keys);
  for (const r of ready)
    if (taken.has(numberSortKey(r.values.number)))
      errors.push({
        field: 'number',
        message: numberTakenMessage(r.values.number.text),
        line: r.item.line,
      });
  errors.sort((a, b) => a.line - b.line);
  return { errors, ready };
}

const latest = (dates: IsoDate[]): IsoDate | null =>
  dates.reduce<IsoDate | null>((last, d) => (last === null || d > last ? d : last), null);

/** The override a row's RAG makes, if it differs from what the dates suggest today. */
function overrideOf(r: Ready, today: IsoDate, by: string): RagOverride | null {
  if (r.item.rag === null) return null;
  const suggested = assessRag({
    status: r.values.status,
    due: effectiveDue(r.values.target, r.values.revisedTarget),
    lastUpdate: latest(r.item.updates.map((u) => u.updatedOn)),
    created: today,
    today,
  }).rag;
  return r.item.rag === suggested ? null : { rag: r.item.rag, reason: OVERRIDE_REASON, by };
}

function updatesOf(r: Ready, actionId: string): updatesRepo.NewUpdate[] {
  const due = effectiveDue(r.values.target, r.values.revisedTarget);
  const order = [...r.item.updates].sort((a, b) =>
    a.updatedOn < b.updatedOn ? -1 : a.updatedOn > b.updatedOn ? 1 : 0,
  );
  return order.map((u, i) => {
    const onTheDay = assessRag({
      status: u.status,
      due,
      lastUpdate: u.updatedOn,
      created: u.updatedOn,
      today: u.updatedOn,
    }).rag;
    const rag = i === order.length - 1 ? shownRag(onTheDay, r.item.rag).rag : onTheDay;
    return {
      actionId,
      updatedOn: u.updatedOn,
      text: u.text.trim(),
      authorUserId: null,
      authorName: u.authorName.trim() === '' ? 'Imported plan' : u.authorName.trim(),
      rag,
      status: u.status,
    };
  });
}

/**
 * Stores an imported plan, all or nothing: the actions with their leads, progress updates and
 * RAG overrides. `today` is the day the RAG suggestions are worked out for.
 */
export async function importActions(
  tx: Tx,
  trustId: string,
  actor: Actor,
  items: readonly ImportedAction[],
  today: IsoDate,
): Promise<ImportOutcome> {
  if (items.length === 0)
    return {
      ok: false,
      errors: [{ field: 'file', message: 'The file has no actions in it', line: 0 }],
    };
  const { errors, ready } = await checkRows(tx, items, today);
  if (errors.length > 0) return { ok: false, errors };
  const stored = ready.map((r) => ({
    values: r.values,
    leads: r.leads,
    override: overrideOf(r, today, actor.label),
  }));
  const outcome = await guarded(
    () =>
      tx.transaction(async (savepoint) => {
        const ids = await repo.insertActions(savepoint, trustId, stored, actor.label);
        const updates = ready.flatMap((r, i) => updatesOf(r, ids[i] ?? ''));
        await updatesRepo.insertUpdates(savepoint, trustId, updates);
        await audit(savepoint, actor, {
          trustId,
          action: 'imported an action plan',
          entity: 'action',
          details: {
            actions: ids.length,
            updates: updates.length,
            numbers: ready.map((r) => r.values.number.text),
          },
        });
        return ok({ actions: ids.length, updates: updates.length });
      }),
    {
      unique: {
        field: 'number',
        message: 'Someone added an action with one of these numbers meanwhile: try again',
      },
    },
  );
  return outcome.ok
    ? outcome
    : { ok: false, errors: outcome.errors.map((e) => ({ ...e, line: 0 })) };
}
