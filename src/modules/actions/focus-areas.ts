import type { Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { ok, type Outcome } from '../../kernel/outcome.ts';
import { checkFocusArea, trustFacts } from './checks.ts';
import * as repo from './repository-focus.ts';
import type { FocusAreaRow } from './repository-focus.ts';
import type { FocusAreaValues } from './types.ts';

// The rules of a trust's focus areas: the ones a round's analysis suggested and the trust
// adopted, and its own. Written and ordered by the trust; every change audited with it.

const tidy = (values: FocusAreaValues): FocusAreaValues => ({
  ...values,
  title: values.title.trim(),
  areas: [...new Set(values.areas)],
  dimensions: [...new Set(values.dimensions)],
});

/** Adds a focus area after the trust's others. */
export async function createFocusArea(
  tx: Tx,
  trustId: string,
  actor: Actor,
  values: FocusAreaValues,
): Promise<Outcome<FocusAreaRow>> {
  const errors = await checkFocusArea(trustFacts(tx), values);
  if (errors.length > 0) return { ok: false, errors };
  const row = await repo.insertFocusArea(tx, trustId, tidy(values), actor.label);
  await audit(tx, actor, {
    trustId,
    action: 'added a focus area',
    entity: 'focus-area',
    entityId: row.id,
    details: { ...tidy(values) },
  });
  return ok(row);
}

export async function changeFocusArea(
  tx: Tx,
  trustId: string,
  actor: Actor,
  area: FocusAreaRow,
  values: FocusAreaValues,
): Promise<Outcome> {
  const errors = await checkFocusArea(trustFacts(tx), values);
  if (errors.length > 0) return { ok: false, errors };
  await repo.updateFocusArea(tx, area.id, tidy(values));
  await audit(tx, actor, {
    trustId,
    action: 'changed a focus area',
    entity: 'focus-area',
    entityId: area.id,
    details: { ...tidy(values) },
  });
  return ok(null);
}

/** Removes a focus area; its actions stay in the plan, no longer linked to it. */
export async function removeFocusArea(
  tx: Tx,
  trustId: string,
  actor: Actor,
  area: FocusAreaRow,
): Promise<void> {
  await repo.deleteFocusArea(tx, area.id);
  await audit(tx, actor, {
    trustId,
    action: 'removed a focus area',
    entity: 'focus-area',
    entityId: area.id,
    details: { title: area.title, roundId: area.roundId },
  });
}

/** Moves a focus area one place up or down; nothing happens when it is already first or last. */
export async function moveFocusArea(
  tx: Tx,
  trustId: string,
  actor: Actor,
  area: FocusAreaRow,
  direction: 'up' | 'down',
): Promise<boolean> {
  const moved = await repo.swapWithNeighbour(tx, area, direction);
  if (moved)
    await audit(tx, actor, {
      trustId,
      action: `moved a focus area ${direction}`,
      entity: 'focus-area',
      entityId: area.id,
      details: { title: area.title },
    });
  return moved;
}
