import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { answers, comments, responses } from '../../db/schema.ts';
import type { AnswerValue } from '../questionnaires/content.ts';

// Storing responses: one for an online submission, thousands for an import. Only what
// the analysis needs is kept: nothing that identifies a person, and the day (not the
// time) of submission.

export interface NewResponse {
  roundId: string;
  questionnaireId: string | null;
  audience: string;
  sectorKey: string | null;
  roleLevel: string | null;
  locality: string | null;
  language: string;
  source: 'online' | 'import';
  /** Random per submission (or derived from an import's respondent id): a repeat stores nothing. */
  submissionKey: string;
  answers: { itemKey: string; value: AnswerValue }[];
  comments: { areaKey: string; body: string }[];
}

/** Parameters per statement stay well under PostgreSQL's limit of 65,535. */
const ANSWER_CHUNK = 10_000;
const RESPONSE_CHUNK = 5_000;

/**
 * Stores responses and their answers in the caller's transaction (all or nothing).
 * Returns how many were new; a submission key already stored is skipped, so a double
 * submit or a retried request stores one response.
 */
export async function storeResponses(
  tx: Tx,
  trustId: string,
  batch: NewResponse[],
): Promise<number> {
  let stored = 0;
  for (let start = 0; start < batch.length; start += RESPONSE_CHUNK) {
    const chunk = batch.slice(start, start + RESPONSE_CHUNK);
    const inserted = await tx
      .insert(responses)
      .values(
        chunk.map((r) => ({
          trustId,
          roundId: r.roundId,
          questionnaireId: r.questionnaireId,
          audience: r.audience,
          sectorKey: r.sectorKey,
          roleLevel: r.roleLevel,
          locality: r.locality,
          language: r.language,
          source: r.source,
          submissionKey: r.submissionKey,
          submittedOn: sql`current_date`,
        })),
      )
      .onConflictDoNothing({ target: [responses.roundId, responses.submissionKey] })
      .returning({ id: responses.id, submissionKey: responses.submissionKey });
    stored += inserted.length;
    const idByKey = new Map(inserted.map((row) => [row.submissionKey, row.id]));
    const answerRows: (typeof answers.$inferInsert)[] = [];
    const commentRows: (typeof comments.$inferInsert)[] = [];
    for (const response of chunk) {
      const responseId = idByKey.get(response.submissionKey);
      if (responseId === undefined) continue;
      for (const a of response.answers)
        answerRows.push({
          responseId,
          trustId,
          roundId: response.roundId,
          itemKey: a.itemKey,
          value: a.value,
        });
      for (const c of response.comments)
        commentRows.push({
          responseId,
          trustId,
          roundId: response.roundId,
          areaKey: c.areaKey,
          body: c.body,
        });
    }
    for (let i = 0; i < answerRows.length; i += ANSWER_CHUNK)
      await tx.insert(answers).values(answerRows.slice(i, i + ANSWER_CHUNK));
    for (let i = 0; i < commentRows.length; i += ANSWER_CHUNK)
      await tx.insert(comments).values(commentRows.slice(i, i + ANSWER_CHUNK));
  }
  return stored;
}
