import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { createTestDatabase } from '../../test/helpers.ts';
import type { Database } from '../db/client.ts';
import {
  actions,
  actionUpdates,
  answers,
  comments,
  planTests,
  questionnaireLinks,
  questionnaires,
  responses,
  rounds,
  trusts,
  trustSectors,
  users,
  workshopRatings,
  workshops,
} from '../db/schema/index.ts';
import {
  listFocusAreas,
  loadPlan,
  myActions,
  overdueActions,
  staleActions,
} from '../modules/actions/index.ts';
import { getVersion } from '../modules/framework/repository.ts';
import { ensureDemo } from './seed.ts';

describe('demo data: assessment rounds', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let dataDir: string;
  let trustId: string;
  let seconds: number;
  let cpuSeconds: number;

  before(async () => {
    ({ db, drop } = await createTestDatabase());
    dataDir = mkdtempSync(join(tmpdir(), 'ocw-demo-'));
    const started = performance.now();
    const cpu = process.cpuUsage();
    await ensureDemo(db, { demoPassword: 'demo password for tests', dataDir });
    seconds = (performance.now() - started) / 1000;
    cpuSeconds = process.cpuUsage(cpu).user / 1e6;
    const [trust] = await db.asSystem((tx) =>
      tx.select({ id: trusts.id }).from(trusts).where(eq(trusts.slug, 'demo')),
    );
    trustId = trust?.id ?? '';
  });
  after(async () => {
    await drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const roundNamed = (title: string) =>
    db.withTrust(trustId, async (tx) => {
      const [round] = await tx.select().from(rounds).where(eq(rounds.title, title));
      assert.ok(round, `round ${title}`);
      return round;
    });

  /** Every dimension's plain mean of a round's numeric answers, reverse-scored items turned round. */
  async function dimensionMeans(roundId: string): Promise<Map<string, number>> {
    const round = await db.withTrust(trustId, (tx) =>
      tx.select().from(rounds).where(eq(rounds.id, roundId)),
    );
    const version = await db.asSystem((tx) => getVersion(tx, round[0]?.frameworkVersion ?? ''));
    const reversed = (version?.content.areas ?? []).flatMap((a) =>
      a.dimensions.flatMap((d) => d.items.filter((i) => i.reverse).map((i) => i.key)),
    );
    assert.ok(reversed.length > 0);
    const dimension = sql<string>`split_part(${answers.itemKey}, '.', 2)`;
    const rows = await db.withTrust(trustId, (tx) =>
      tx
        .select({
          dimension,
          mean: sql<number>`avg(case when ${inArray(answers.itemKey, reversed)} then 6 - ${answers.value} else ${answers.value} end)::float`,
        })
        .from(answers)
        .where(and(eq(answers.roundId, roundId), sql`${answers.value} <= 5`))
        .groupBy(dimension),
    );
    return new Map(rows.map((r) => [r.dimension, r.mean]));
  }

  async function dimensionKeys(frameworkVersion: string): Promise<string[]> {
    const version = await db.asSystem((tx) => getVersion(tx, frameworkVersion));
    return (version?.content.areas ?? []).flatMap((a) => a.dimensions.map((d) => d.key));
  }

  it('seeds quickly enough for a first npm start', () => {
    console.log(`demo seeding took ${seconds.toFixed(2)} s (${cpuSeconds.toFixed(2)} s of CPU)`);
    // Generous: CI machines are shared. On an idle machine it takes a few seconds.
    assert.ok(cpuSeconds < 20, `demo seeding took ${cpuSeconds} s of CPU`);
  });

  it('creates a completed 2025 round with a plan, questionnaires and over 300 responses', async () => {
    const round = await roundNamed('2025 self-assessment');
    assert.equal(round.status, 'analysing');
    assert.match(round.startsOn, /^2025-/);
    await db.withTrust(trustId, async (tx) => {
      const plan = await tx.select().from(planTests).where(eq(planTests.roundId, round.id));
      assert.ok(plan.length >= 5 && plan.length <= 6, `plan has ${plan.length} tests`);
      for (const activity of ['questionnaire', 'focus-group', 'analysis-workshop'])
        assert.ok(
          plan.some((p) => p.activity === activity),
          activity,
        );
      const qs = await tx.select().from(questionnaires).where(eq(questionnaires.roundId, round.id));
      assert.deepEqual(qs.map((q) => q.audience).sort(), [
        'children-young-people',
        'frontline',
        'leaders-managers',
        'parents-carers',
      ]);
      for (const q of qs) assert.equal(q.areaKeys.length, 7, q.title);
      const rows = await tx.select().from(responses).where(eq(responses.roundId, round.id));
      assert.ok(rows.length >= 300 && rows.length <= 400, `${rows.length} responses`);
      assert.ok(
        rows.every((r) => r.submittedOn.startsWith('2025-')),
        'submitted in 2025',
      );
      const audiences = new Set(rows.map((r) => r.audience));
      assert.equal(audiences.size, 4);
      // Some Don't know and Not applicable answers, and a few comments.
      const [codes] = await tx
        .select({
          dk: sql<number>`count(*) filter (where ${answers.value} = 8)::int`,
          na: sql<number>`count(*) filter (where ${answers.value} = 9)::int`,
          all: sql<number>`count(*)::int`,
        })
        .from(answers)
        .where(eq(answers.roundId, round.id));
      assert.ok(codes !== undefined && codes.dk > 0 && codes.na > 0 && codes.all > 10_000);
      const notes = await tx.select().from(comments).where(eq(comments.roundId, round.id));
      assert.ok(notes.length >= 5, `${notes.length} comments`);
    });
  });

  /** Sectors of a round with fewer than 5 responses, as [sector, responses]. */
  async function smallSectors(title: string) {
    const round = await roundNamed(title);
    const bySector = await db.withTrust(trustId, (tx) =>
      tx
        .select({ sector: responses.sectorKey, n: sql<number>`count(*)::int` })
        .from(responses)
        .where(eq(responses.roundId, round.id))
        .groupBy(responses.sectorKey),
    );
    return bySector.filter((s) => s.sector !== null && s.n < 5).map((s) => [s.sector, s.n]);
  }

  it('has at least one sector with fewer than 5 responses, so suppression shows', async () => {
    assert.deepEqual(await smallSectors('2025 self-assessment'), [['housing', 3]]);
  });

  it('gives sectors different answers: social care strongest on keeping children safe', async () => {
    const round = await roundNamed('2025 self-assessment');
    const means = await db.withTrust(trustId, (tx) =>
      tx
        .select({ sector: responses.sectorKey, mean: sql<number>`avg(${answers.value})::float` })
        .from(answers)
        .innerJoin(responses, eq(responses.id, answers.responseId))
        .where(
          and(
            eq(answers.roundId, round.id),
            sql`${answers.value} <= 5`,
            sql`${answers.itemKey} like 'violet.%'`,
            sql`${answers.itemKey} not in ('violet.referral-escalation.p3')`,
            eq(responses.audience, 'frontline'),
          ),
        )
        .groupBy(responses.sectorKey),
    );
    const of = (key: string) => means.find((m) => m.sector === key)?.mean ?? 0;
    assert.ok(of('social-care') > of('schools'), JSON.stringify(means));
    assert.ok(of('social-care') > of('early-years'), JSON.stringify(means));
  });

  it('records a focus group and an analysis workshop with a rating for every dimension', async () => {
    const round = await roundNamed('2025 self-assessment');
    const version = await db.asSystem((tx) => getVersion(tx, round.frameworkVersion));
    const dimensions = (version?.content.areas ?? []).flatMap((a) =>
      a.dimensions.map((d) => d.key),
    );
    assert.ok(dimensions.length > 20);
    await db.withTrust(trustId, async (tx) => {
      const held = await tx.select().from(workshops).where(eq(workshops.roundId, round.id));
      assert.deepEqual(held.map((w) => w.kind).sort(), ['analysis-workshop', 'focus-group']);
      for (const workshop of held) {
        const ratings = await tx
          .select()
          .from(workshopRatings)
          .where(eq(workshopRatings.workshopId, workshop.id));
        assert.deepEqual(ratings.map((r) => r.dimensionKey).sort(), [...dimensions].sort());
        for (const r of ratings) {
          const score = Number(r.score);
          assert.ok(score >= 1 && score <= 5, `${r.dimensionKey} ${r.score}`);
          assert.ok(r.reasons.length > 20, r.dimensionKey);
          assert.ok(r.stage !== null && r.stage >= 1 && r.stage <= 4);
        }
      }
    });
  });

  it('shows the 2025 workshop departing from the questionnaires on a few dimensions', async () => {
    const round = await roundNamed('2025 self-assessment');
    const means = await dimensionMeans(round.id);
    const agreed = await db.withTrust(trustId, (tx) =>
      tx
        .select({ dimension: workshopRatings.dimensionKey, score: workshopRatings.score })
        .from(workshopRatings)
        .innerJoin(workshops, eq(workshops.id, workshopRatings.workshopId))
        .where(and(eq(workshops.roundId, round.id), eq(workshops.kind, 'analysis-workshop'))),
    );
    const gaps = agreed.map((a) => Number(a.score) - (means.get(a.dimension) ?? NaN));
    assert.ok(
      gaps.filter((gap) => gap <= -0.35).length >= 2,
      `agreed well below the questionnaires: ${JSON.stringify(gaps)}`,
    );
    assert.ok(
      gaps.some((gap) => gap >= 0.3),
      `agreed well above the questionnaires: ${JSON.stringify(gaps)}`,
    );
  });

  it('creates an earlier 2024 round, reported, on the same framework version', async () => {
    const [first, second] = [
      await roundNamed('2024 self-assessment'),
      await roundNamed('2025 self-assessment'),
    ];
    assert.equal(first.status, 'reported');
    assert.equal(first.frameworkVersion, second.frameworkVersion);
    assert.equal(first.startsOn, '2024-01-15');
    assert.match(first.endsOn, /^2024-/);
    await db.withTrust(trustId, async (tx) => {
      const plan = await tx.select().from(planTests).where(eq(planTests.roundId, first.id));
      for (const activity of ['questionnaire', 'focus-group', 'analysis-workshop'])
        assert.ok(
          plan.some((p) => p.activity === activity),
          activity,
        );
      assert.ok(plan.every((p) => p.startsOn.startsWith('2024-')));
      const qs = await tx.select().from(questionnaires).where(eq(questionnaires.roundId, first.id));
      assert.deepEqual(qs.map((q) => q.audience).sort(), [
        'children-young-people',
        'frontline',
        'leaders-managers',
      ]);
      const links = await tx
        .select({ closedAt: questionnaireLinks.closedAt })
        .from(questionnaireLinks)
        .innerJoin(questionnaires, eq(questionnaires.id, questionnaireLinks.questionnaireId))
        .where(eq(questionnaires.roundId, first.id));
      assert.ok(links.length > 0 && links.every((l) => l.closedAt !== null));
      const rows = await tx.select().from(responses).where(eq(responses.roundId, first.id));
      assert.ok(rows.length >= 180 && rows.length <= 250, `${rows.length} responses`);
      assert.ok(rows.every((r) => r.submittedOn.startsWith('2024-')));
      assert.equal(new Set(rows.map((r) => r.audience)).size, 3);
      const notes = await tx.select().from(comments).where(eq(comments.roundId, first.id));
      assert.ok(notes.length >= 5, `${notes.length} comments`);
      assert.ok(new Set(notes.map((n) => n.areaKey)).size >= 3);
    });
  });

  it('has one small sector in 2024 too, a different one', async () => {
    assert.deepEqual(await smallSectors('2024 self-assessment'), [['further-education', 4]]);
  });

  it('records a 2024 focus group and an analysis workshop that agreed most dimensions', async () => {
    const round = await roundNamed('2024 self-assessment');
    const dimensions = await dimensionKeys(round.frameworkVersion);
    await db.withTrust(trustId, async (tx) => {
      const held = await tx.select().from(workshops).where(eq(workshops.roundId, round.id));
      assert.deepEqual(held.map((w) => w.kind).sort(), ['analysis-workshop', 'focus-group']);
      for (const workshop of held) {
        const ratings = await tx
          .select()
          .from(workshopRatings)
          .where(eq(workshopRatings.workshopId, workshop.id));
        assert.ok(ratings.length >= 10, `${workshop.kind}: ${ratings.length} ratings`);
        if (workshop.kind === 'analysis-workshop')
          assert.ok(
            ratings.length >= dimensions.length * 0.75 && ratings.length < dimensions.length,
            `${ratings.length} agreed positions`,
          );
        for (const r of ratings) {
          assert.ok(dimensions.includes(r.dimensionKey), r.dimensionKey);
          const score = Number(r.score);
          assert.ok(score >= 1 && score <= 5, `${r.dimensionKey} ${r.score}`);
          assert.ok(r.reasons.length > 20, r.dimensionKey);
          assert.ok(r.stage !== null && r.stage >= 1 && r.stage <= 4);
        }
      }
    });
  });

  it('scores most dimensions lower in 2024 than in 2025, and a few higher', async () => {
    const [first, second] = [
      await roundNamed('2024 self-assessment'),
      await roundNamed('2025 self-assessment'),
    ];
    const dimensions = await dimensionKeys(first.frameworkVersion);
    const [before, after] = [await dimensionMeans(first.id), await dimensionMeans(second.id)];
    const moves = dimensions.map((key) => {
      const [was, now] = [before.get(key), after.get(key)];
      assert.ok(was !== undefined && now !== undefined, key);
      return { key, move: now - was };
    });
    const report = JSON.stringify(moves.map(({ key, move }) => [key, move.toFixed(2)]));
    const better = moves.filter((m) => m.move >= 0.15);
    const worse = moves.filter((m) => m.move <= -0.2);
    assert.ok(better.length >= dimensions.length * 0.6, `improved: ${report}`);
    assert.ok(worse.length >= 2 && worse.length <= 4, `got worse: ${report}`);
    assert.ok(
      moves.every((m) => m.move < 0.9 && m.move > -0.7),
      report,
    );
    const mean = moves.reduce((sum, m) => sum + m.move, 0) / moves.length;
    assert.ok(mean >= 0.15 && mean <= 0.4, `average change ${mean.toFixed(2)}`);
  });

  it('creates a 2026 round collecting answers now, with open links and some responses', async () => {
    const round = await roundNamed('2026 self-assessment');
    assert.equal(round.status, 'collecting');
    const today = new Date().toISOString().slice(0, 10);
    await db.withTrust(trustId, async (tx) => {
      const qs = await tx.select().from(questionnaires).where(eq(questionnaires.roundId, round.id));
      assert.ok(qs.length >= 3);
      for (const q of qs) assert.ok(q.opensOn <= today && q.closesOn > today, q.title);
      const links = await tx
        .select({
          audience: questionnaires.audience,
          sector: questionnaireLinks.sectorKey,
          closedAt: questionnaireLinks.closedAt,
        })
        .from(questionnaireLinks)
        .innerJoin(questionnaires, eq(questionnaires.id, questionnaireLinks.questionnaireId))
        .where(eq(questionnaires.roundId, round.id));
      assert.ok(links.every((l) => l.closedAt === null));
      const sectors = await tx.select({ key: trustSectors.key }).from(trustSectors);
      for (const audience of ['frontline', 'leaders-managers'])
        assert.deepEqual(
          links
            .filter((l) => l.audience === audience)
            .map((l) => l.sector)
            .sort(),
          sectors.map((s) => s.key).sort(),
          audience,
        );
      assert.equal(links.filter((l) => l.audience === 'children-young-people').length, 1);
      const [count] = await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(responses)
        .where(eq(responses.roundId, round.id));
      assert.ok(count !== undefined && count.n >= 24 && count.n <= 80, `${count?.n} responses`);
    });
  });

  it('gives the demo trust an action plan after the 2024 round, with a year of progress', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const round = await roundNamed('2024 self-assessment');
    const dimensions = await dimensionKeys(round.frameworkVersion);
    const [lead] = await db.asSystem((tx) =>
      tx.select({ id: users.id }).from(users).where(eq(users.email, 'action-lead@demo.ocw.test')),
    );
    const { plan, areas, updates } = await db.withTrust(trustId, async (tx) => ({
      plan: await loadPlan(tx, { today }),
      areas: await listFocusAreas(tx),
      updates: await tx.select().from(actionUpdates),
    }));
    assert.ok(plan.length >= 15 && plan.length <= 20, `${plan.length} actions`);
    assert.ok(
      plan.some((a) => a.number.includes('.')),
      'numbered like 2.1',
    );
    assert.ok(overdueActions(plan).length >= 2, 'some overdue');
    assert.ok(staleActions(plan).length >= 2, 'some stale');
    assert.ok(plan.filter((a) => a.ragOverride !== null && a.ragOverrideReason !== '').length >= 2);
    assert.ok(plan.some((a) => a.revisedTarget !== null && a.target !== null && a.revisedReason));
    assert.ok(
      plan.some((a) => a.leads.length === 2),
      'an action with two leads',
    );
    assert.ok(
      plan.some((a) => a.leads.some((l) => l.userId === null)),
      'leads without accounts',
    );
    assert.ok(myActions(plan, lead?.id ?? '').length >= 3, 'the action lead leads at least 3');
    const statuses = new Set(plan.map((a) => a.status));
    for (const status of ['not-started', 'in-progress', 'complete', 'dropped'])
      assert.ok(statuses.has(status as never), status);
    const kinds = new Set(plan.map((a) => a.target?.kind));
    for (const kind of ['day', 'month', 'quarter', 'year', 'ongoing'])
      assert.ok(kinds.has(kind as never), kind);
    for (const action of plan) {
      assert.equal(action.frameworkVersion, round.frameworkVersion, action.number);
      for (const key of action.dimensions)
        assert.ok(dimensions.includes(key), `${action.number} ${key}`);
    }
    assert.ok(plan.filter((a) => a.roundId === round.id && a.focusAreaId !== null).length >= 15);
    // Focus areas in order, adopted from the round's suggestions, and one of the trust's own.
    assert.ok(areas.length >= 4 && areas.length <= 6, `${areas.length} focus areas`);
    assert.ok(areas.some((a) => a.source === 'weakest') && areas.some((a) => a.source === 'own'));
    assert.ok(areas.every((a) => a.roundId === round.id));
    assert.deepEqual(
      areas.map((a) => a.position),
      [...areas.map((a) => a.position)].sort((x, y) => x - y),
    );
    // Progress over the past year, by several authors, every update in the past.
    const days = updates.map((u) => u.updatedOn).sort();
    const yearAgo = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    assert.ok(updates.length >= 40, `${updates.length} updates`);
    assert.ok((days[0] ?? '') >= yearAgo && (days.at(-1) ?? '') <= today, days.join());
    assert.ok(new Set(updates.map((u) => u.authorName)).size >= 5, 'several authors');
    assert.ok(updates.some((u) => u.authorUserId !== null));
  });

  const titles = async () =>
    (await db.withTrust(trustId, (tx) => tx.select({ title: rounds.title }).from(rounds)))
      .map((r) => r.title)
      .sort();
  const threeRounds = ['2024 self-assessment', '2025 self-assessment', '2026 self-assessment'];
  const actionCount = async () =>
    (await db.withTrust(trustId, (tx) => tx.select({ id: actions.id }).from(actions))).length;

  /** A fingerprint of a round's answers, the same whenever the same answers are made up. */
  const fingerprint = async (title: string) => {
    const round = await roundNamed(title);
    const [row] = await db.withTrust(trustId, (tx) =>
      tx
        .select({
          hash: sql<string>`md5(string_agg(
            regexp_replace(${responses.submissionKey}, '^.*-', '') || ${answers.itemKey} || ${answers.value},
            ',' order by regexp_replace(${responses.submissionKey}, '^.*-', '')::int, ${answers.itemKey}))`,
        })
        .from(answers)
        .innerJoin(responses, eq(responses.id, answers.responseId))
        .where(eq(answers.roundId, round.id)),
    );
    return row?.hash ?? '';
  };

  it('loads nothing twice when the demo is started again', async () => {
    const before = await actionCount();
    await ensureDemo(db, { demoPassword: 'demo password for tests', dataDir });
    assert.deepEqual(await titles(), threeRounds);
    assert.equal(await actionCount(), before);
  });

  it('loads the same answers again after a reset', async () => {
    const [first, second] = [
      await fingerprint('2024 self-assessment'),
      await fingerprint('2025 self-assessment'),
    ];
    await ensureDemo(db, { demoPassword: 'demo password for tests', dataDir }, { reset: true });
    const [trust] = await db.asSystem((tx) =>
      tx.select({ id: trusts.id }).from(trusts).where(eq(trusts.slug, 'demo')),
    );
    assert.ok(trust !== undefined && trust.id !== trustId, 'the demo trust was made again');
    trustId = trust.id;
    assert.deepEqual(await titles(), threeRounds);
    assert.equal(await fingerprint('2024 self-assessment'), first);
    assert.equal(await fingerprint('2025 self-assessment'), second);
    const plan = await actionCount();
    assert.ok(plan >= 15 && plan <= 20, `${plan} actions after a reset`);
  });
});
