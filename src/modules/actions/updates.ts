import type { Tx } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { ok, type Outcome } from '../../kernel/outcome.ts';
import type { IsoDate } from './calendar.ts';
import { updateProblems } from './checks.ts';
import { assessRag, effectiveDue, shownRag, type ActionStatus, type Rag } from './rag.ts';
import { memberName } from './repository-focus.ts';
import * as repo from './repository.ts';
import type { ActionRow } from './repository.ts';
import * as updatesRepo from './repository-updates.ts';
import type { UpdateRow } from './repository-updates.ts';
import { isRag, REASON_MAX } from './schemas.ts';
import type { RagOverrideInput, UpdateInput } from './types.ts';

// Progress updates and the RAG a person sets over the suggestion. An update records the RAG
// shown once it is made (the suggestion of SPEC §6 on that day, or the override if one is
// set), so the history shows how the action stood at each update.

export const OVERRIDE_REASON_MESSAGE = 'Enter why you are setting this RAG status';

/** The day an action was added, as the RAG rule counts it (UTC). */
export const addedOn = (action: Pick<ActionRow, 'createdAt'>): IsoDate =>
  action.createdAt.toISOString().slice(0, 10);

/** The RAG shown for an action in a given state on a given day. */
export function ragShownOn(
  action: Pick<ActionRow, 'target' | 'revisedTarget' | 'ragOverride'>,
  state: { status: ActionStatus; lastUpdate: IsoDate | null; created: IsoDate; today: IsoDate },
): Rag | null {
  const suggested = assessRag({ ...state, due: effectiveDue(action.target, action.revisedTarget) });
  return shownRag(suggested.rag, action.ragOverride).rag;
}

/** Records a progress update, moving the action to the status given with it. */
export async function addUpdate(
  tx: Tx,
  trustId: string,
  actor: Actor,
  action: ActionRow,
  input: UpdateInput,
  today: IsoDate,
): Promise<Outcome<UpdateRow>> {
  const errors = updateProblems(input, today);
  if (errors.length > 0) return { ok: false, errors };
  const previous = await updatesRepo.lastUpdateOn(tx, action.id);
  const lastUpdate = previous !== null && previous > input.updatedOn ? previous : input.updatedOn;
  const rag = ragShownOn(action, {
    status: input.status,
    lastUpdate,
    created: addedOn(action),
    today,
  });
  const authorName =
    (actor.userId === null ? undefined : await memberName(tx, actor.userId)) ?? actor.label;
  const update: updatesRepo.NewUpdate = {
    actionId: action.id,
    updatedOn: input.updatedOn,
    text: input.text.trim(),
    authorUserId: actor.userId,
    authorName,
    rag,
    status: input.status,
  };
  const row = await updatesRepo.insertUpdate(tx, trustId, update);
  await repo.setStatus(tx, action.id, input.status);
  await audit(tx, actor, {
    trustId,
    action: 'added a progress update',
    entity: 'action',
    entityId: action.id,
    details: { number: action.number, updatedOn: input.updatedOn, status: input.status, rag },
  });
  return ok(row);
}

function overrideProblems(input: RagOverrideInput, action: ActionRow): FieldError[] {
  if (input.rag === null) return [];
  if (!isRag(input.rag)) return [{ field: 'rag', message: 'Select a RAG status' }];
  if (action.status === 'dropped')
    return [
      { field: 'rag', message: 'A dropped action has no RAG status: change its status first' },
    ];
  const reason = input.reason.trim();
  if (reason === '') return [{ field: 'reason', message: OVERRIDE_REASON_MESSAGE }];
  if (reason.length > REASON_MAX)
    return [
      {
        field: 'reason',
        message: `The reason must be ${REASON_MAX.toLocaleString('en-GB')} characters or fewer`,
      },
    ];
  return [];
}

/** Sets the RAG shown over the suggestion (a reason is needed), or with a null RAG clears it. */
export async function setRagOverride(
  tx: Tx,
  trustId: string,
  actor: Actor,
  action: ActionRow,
  input: RagOverrideInput,
): Promise<Outcome> {
  const errors = overrideProblems(input, action);
  if (errors.length > 0) return { ok: false, errors };
  // Shown as who set it: the person's name where the actor is a member, as progress shows it.
  const by =
    (actor.userId === null ? undefined : await memberName(tx, actor.userId)) ?? actor.label;
  const override = input.rag === null ? null : { rag: input.rag, reason: input.reason.trim(), by };
  await repo.setRagOverride(tx, action.id, override);
  await audit(tx, actor, {
    trustId,
    action: override === null ? 'cleared an action’s RAG status' : 'set an action’s RAG status',
    entity: 'action',
    entityId: action.id,
    details: { number: action.number, rag: override?.rag ?? null, reason: override?.reason ?? '' },
  });
  return ok(null);
}
