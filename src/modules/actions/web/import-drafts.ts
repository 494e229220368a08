import { and, eq, gt, lte } from 'drizzle-orm';
import type { Tx } from '../../../db/client.ts';
import { actionImportDrafts } from '../../../db/schema/index.ts';
import { insertedRow } from '../../../kernel/errors.ts';
import type { ImportPreview } from '../import/index.ts';

// The drafts of the import pages: an uploaded or pasted plan's preview, kept between the upload
// and its confirmation. A draft is the trust's (row-level security) and its maker's alone: a
// draft of another person, or one past its expiry, is never found. A draft lasts DRAFT_HOURS;
// making a new one deletes the trust's expired ones. Confirming or discarding deletes it.

export const DRAFT_HOURS = 24;

export type DraftSource = 'csv' | 'xlsx' | 'paste';

export interface Draft {
  id: string;
  fileName: string;
  source: DraftSource;
  preview: ImportPreview;
  createdAt: Date;
}

export interface NewDraft {
  trustId: string;
  userId: string;
  fileName: string;
  source: DraftSource;
  preview: ImportPreview;
}

/** Stores a draft (deleting the trust's expired ones first) and gives its id. */
export async function saveDraft(tx: Tx, draft: NewDraft, now = new Date()): Promise<string> {
  await tx.delete(actionImportDrafts).where(lte(actionImportDrafts.expiresAt, now));
  const rows = await tx
    .insert(actionImportDrafts)
    .values({
      trustId: draft.trustId,
      createdBy: draft.userId,
      fileName: draft.fileName,
      source: draft.source,
      preview: draft.preview,
      expiresAt: new Date(now.getTime() + DRAFT_HOURS * 3600 * 1000),
    })
    .returning({ id: actionImportDrafts.id });
  return insertedRow(rows[0], 'an import draft').id;
}

const mine = (id: string, userId: string, now: Date) =>
  and(
    eq(actionImportDrafts.id, id),
    eq(actionImportDrafts.createdBy, userId),
    gt(actionImportDrafts.expiresAt, now),
  );

/** The person's draft, if it is theirs and has not expired. */
export async function findDraft(
  tx: Tx,
  id: string,
  userId: string,
  now = new Date(),
): Promise<Draft | undefined> {
  const [row] = await tx
    .select()
    .from(actionImportDrafts)
    .where(mine(id, userId, now));
  if (row === undefined) return undefined;
  return {
    id: row.id,
    fileName: row.fileName,
    source: row.source,
    preview: row.preview as ImportPreview,
    createdAt: row.createdAt,
  };
}

/** Deletes the person's draft; false if there was none to delete. */
export async function deleteDraft(tx: Tx, id: string, userId: string): Promise<boolean> {
  const rows = await tx
    .delete(actionImportDrafts)
    .where(mine(id, userId, new Date()))
    .returning({ id: actionImportDrafts.id });
  return rows.length > 0;
}
