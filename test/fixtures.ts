import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/client.ts';
import type { FrameworkVersion } from '../src/modules/framework/schema.ts';
import { getVersion } from '../src/modules/framework/repository.ts';
import {
  answers,
  comments,
  questionnaireLinks,
  questionnaires,
  responses,
  rounds,
  trustSectors,
  workshopRatings,
  workshops,
} from '../src/db/schema/index.ts';

// Rounds, questionnaires and links written straight into the database, for tests of the
// pages and flows that use them.

export async function addSectors(
  db: Database,
  trustId: string,
  sectors: { key: string; name: string; headcount?: number | null }[] = [
    { key: 'health', name: 'Health', headcount: 200 },
    { key: 'schools', name: 'Schools', headcount: 400 },
    { key: 'early-years', name: 'Early years and childcare', headcount: 30 },
  ],
) {
  return db.withTrust(trustId, (tx) =>
    tx
      .insert(trustSectors)
      .values(
        sectors.map((s) => ({
          trustId,
          key: s.key,
          name: s.name,
          nationalKey: s.key,
          headcount: s.headcount ?? null,
        })),
      )
      .returning(),
  );
}

export async function addRound(
  db: Database,
  trustId: string,
  values: Partial<typeof rounds.$inferInsert> = {},
) {
  const [round] = await db.withTrust(trustId, (tx) =>
    tx
      .insert(rounds)
      .values({
        trustId,
        title: `Round ${randomBytes(3).toString('hex')}`,
        frameworkVersion: '2026.1',
        startsOn: '2026-01-01',
        endsOn: '2026-12-31',
        status: 'collecting',
        ...values,
      })
      .returning(),
  );
  if (round === undefined) throw new Error('round not created');
  return round;
}

export async function addQuestionnaire(
  db: Database,
  trustId: string,
  roundId: string,
  values: Partial<typeof questionnaires.$inferInsert> = {},
) {
  const [questionnaire] = await db.withTrust(trustId, (tx) =>
    tx
      .insert(questionnaires)
      .values({
        trustId,
        roundId,
        audience: 'frontline',
        title: 'Frontline practitioners questionnaire',
        areaKeys: ['shared-identity', 'integrated-working'],
        opensOn: '2026-01-01',
        closesOn: '2099-12-31',
        ...values,
      })
      .returning(),
  );
  if (questionnaire === undefined) throw new Error('questionnaire not created');
  return questionnaire;
}

export async function addLink(
  db: Database,
  trustId: string,
  questionnaireId: string,
  values: Partial<typeof questionnaireLinks.$inferInsert> = {},
) {
  const [link] = await db.withTrust(trustId, (tx) =>
    tx
      .insert(questionnaireLinks)
      .values({ trustId, questionnaireId, code: randomBytes(8).toString('base64url'), ...values })
      .returning(),
  );
  if (link === undefined) throw new Error('link not created');
  return link;
}

/** An analysis workshop of a round with its ratings: score ('2.5') and/or stage per dimension. */
export async function addAnalysisWorkshop(
  db: Database,
  trustId: string,
  roundId: string,
  ratings: { dimensionKey: string; score?: string; stage?: number }[],
  heldOn = '2026-06-01',
) {
  return db.withTrust(trustId, async (tx) => {
    const [workshop] = await tx
      .insert(workshops)
      .values({
        trustId,
        roundId,
        kind: 'analysis-workshop',
        title: 'Analysis workshop',
        heldOn,
        facilitator: 'Workforce lead',
      })
      .returning();
    if (workshop === undefined) throw new Error('workshop not created');
    await tx
      .insert(workshopRatings)
      .values(ratings.map((r) => ({ trustId, workshopId: workshop.id, ...r })));
    return workshop;
  });
}

/** A person whose answers a test stores: every area item asked of their audience. */
export interface AnsweringPerson {
  sector: string | null;
  audience: string;
  locality?: string | null;
  /** The answer to the i-th item asked (1–5, 8 Don't know, 9 N/A). */
  value: (itemKey: string, i: number) => number;
  /** A comment on the first area, if any. */
  comment?: string;
}

/** Stores one response per person, each answering every area item asked of their audience. */
export async function addAnsweredResponses(
  db: Database,
  trustId: string,
  roundId: string,
  version: FrameworkVersion,
  people: AnsweringPerson[],
) {
  await db.withTrust(trustId, async (tx) => {
    for (const person of people) {
      const [row] = await tx
        .insert(responses)
        .values({
          trustId,
          roundId,
          audience: person.audience,
          sectorKey: person.sector,
          locality: person.locality ?? null,
          submittedOn: '2026-03-01',
          submissionKey: randomBytes(12).toString('hex'),
        })
        .returning({ id: responses.id });
      if (row === undefined) throw new Error('no response');
      const items = version.areas.flatMap((a) =>
        a.dimensions.flatMap((d) =>
          d.items.filter((i) => (i.audiences as readonly string[]).includes(person.audience)),
        ),
      );
      await tx.insert(answers).values(
        items.map((item, i) => ({
          responseId: row.id,
          trustId,
          roundId,
          itemKey: item.key,
          value: person.value(item.key, i),
        })),
      );
      if (person.comment !== undefined)
        await tx.insert(comments).values({
          trustId,
          responseId: row.id,
          roundId,
          areaKey: version.areas[0]?.key ?? '',
          body: person.comment,
        });
    }
  });
}

/** The content of a framework version loaded in the database (the demo's 2026.1 unless told). */
export async function frameworkVersion(db: Database, key = '2026.1'): Promise<FrameworkVersion> {
  const found = await db.asSystem((tx) => getVersion(tx, key));
  if (found === undefined) throw new Error(`framework version ${key} is not loaded`);
  return found.content;
}
