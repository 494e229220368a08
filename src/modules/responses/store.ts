import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { answers, comments, responses } from '../../db/schema/index.ts';
import type { AnswerValue } from '../../kernel/answers.ts';

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
      await insertAnswers(tx, answerRows.slice(i, i + ANSWER_CHUNK));
    for (let i = 0; i < commentRows.length; i += ANSWER_CHUNK)
      await insertComments(tx, commentRows.slice(i, i + ANSWER_CHUNK));
  }
  return stored;
}

// Answers go in as one JSON parameter per chunk rather than a parameter per value: an
// import of thousands of answers is several times faster this way (building and binding
// tens of thousands of parameters dominated), and JSON needs no escaping by hand.

async function insertAnswers(tx: Tx, rows: (typeof answers.$inferInsert)[]) {
  const json = JSON.stringify(
    rows.map((a) => ({ r: a.responseId, t: a.trustId, o: a.roundId, i: a.itemKey, v: a.value })),
  );
  await tx.execute(sql`
    insert into ${answers} (response_id, trust_id, round_id, item_key, value)
    select r, t, o, i, v
    from jsonb_to_recordset(${json}::jsonb) as x(r uuid, t uuid, o uuid, i text, v smallint)`);
}

async function insertComments(tx: Tx, rows: (typeof comments.$inferInsert)[]) {
  const json = JSON.stringify(
    rows.map((c) => ({ r: c.responseId, t: c.trustId, o: c.roundId, a: c.areaKey, b: c.body })),
  );
  await tx.execute(sql`
    insert into ${comments} (response_id, trust_id, round_id, area_key, body)
    select r, t, o, a, b
    from jsonb_to_recordset(${json}::jsonb) as x(r uuid, t uuid, o uuid, a text, b text)`);
}
