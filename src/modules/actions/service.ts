import type { Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { guarded, ok, type Outcome } from '../../kernel/outcome.ts';
import {
  checkAction,
  numberTakenMessage,
  STALE_MESSAGE,
  trustFacts,
  type TrustFacts,
} from './checks.ts';
import { numberSortKey } from './number.ts';
import * as repo from './repository.ts';
import type { ActionRow, StoredAction } from './repository.ts';
import type { ActionValues } from './types.ts';

// The rules of a trust's actions, shared by the pages, the API and the import: each takes the
// trust's transaction, checks the values against the trust, and audits the change in the same
// transaction. A failed check gives FieldErrors named by the ActionValues keys, and nothing
// is stored. (Progress updates and RAG overrides are in updates.ts, focus areas in
// focus-areas.ts, the import in import.ts.)

/** What the audit log keeps of an action's values. */
function auditValues(values: StoredAction, leads: repo.LeadRow[]) {
  const { number, ...rest } = values;
  return { number: number.text, ...rest, leads };
}

/** The checks, and that no other action of the trust has the number. */
async function checked(
  tx: Tx,
  facts: TrustFacts,
  values: ActionValues,
  exceptId: string | null,
): Promise<Outcome<{ values: StoredAction; leads: repo.LeadRow[] }>> {
  const result = await checkAction(facts, values);
  if (!result.ok) return { ok: false, errors: result.errors };
  const key = numberSortKey(result.values.number);
  if ((await repo.numberKeysTaken(tx, [key], exceptId)).size > 0)
    return {
      ok: false,
      errors: [{ field: 'number', message: numberTakenMessage(result.values.number.text) }],
    };
  return ok({ values: result.values, leads: result.leads });
}

/** Two people saving the same number at once: the second is told, and nothing is stored. */
const numberRace = (number: string) => ({
  unique: { field: 'number', message: numberTakenMessage(number) },
});

/** Adds an action to the trust's plan. */
export async function createAction(
  tx: Tx,
  trustId: string,
  actor: Actor,
  input: ActionValues,
): Promise<Outcome<ActionRow>> {
  const result = await checked(tx, trustFacts(tx), input, null);
  if (!result.ok) return result;
  const { values, leads } = result.value;
  return guarded(
    () =>
      tx.transaction(async (savepoint) => {
        const row = await repo.insertAction(savepoint, trustId, values, leads, actor.label);
        await audit(savepoint, actor, {
          trustId,
          action: 'added an action',
          entity: 'action',
          entityId: row.id,
          details: auditValues(values, leads),
        });
        return ok(row);
      }),
    numberRace(values.number.text),
  );
}

/**
 * Changes an action's values and leads. With `expectedRevision` (the revision the person or
 * API client last saw), a change made meanwhile by someone else is refused, not overwritten.
 * Gives the action's new revision.
 */
export async function changeAction(
  tx: Tx,
  trustId: string,
  actor: Actor,
  action: ActionRow,
  input: ActionValues,
  expectedRevision: number | null = null,
): Promise<Outcome<{ revision: number }>> {
  const stale: Outcome<never> = {
    ok: false,
    errors: [{ field: 'revision', message: STALE_MESSAGE }],
  };
  if (expectedRevision !== null && expectedRevision !== action.revision) return stale;
  const result = await checked(tx, trustFacts(tx), input, action.id);
  if (!result.ok) return result;
  const { values, leads } = result.value;
  return guarded(
    () =>
      tx.transaction(async (savepoint) => {
        const revision = await repo.updateAction(
          savepoint,
          trustId,
          action.id,
          values,
          leads,
          expectedRevision ?? action.revision,
        );
        if (revision === null) return stale;
        await audit(savepoint, actor, {
          trustId,
          action: 'changed an action',
          entity: 'action',
          entityId: action.id,
          details: auditValues(values, leads),
        });
        return ok({ revision });
      }),
    numberRace(values.number.text),
  );
}

/** Removes an action with its leads and progress updates. */
export async function removeAction(
  tx: Tx,
  trustId: string,
  actor: Actor,
  action: ActionRow,
): Promise<void> {
  if (!(await repo.deleteAction(tx, action.id))) return;
  await audit(tx, actor, {
    trustId,
    action: 'removed an action',
    entity: 'action',
    entityId: action.id,
    details: { number: action.number, title: action.title, status: action.status },
  });
}
