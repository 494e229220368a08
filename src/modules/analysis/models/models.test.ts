import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parse } from 'node-html-parser';
import {
  addAnalysisWorkshop,
  addAnsweredResponses,
  addRound,
  addSectors,
  type AnsweringPerson,
} from '../../../../test/fixtures.ts';
import { createTestDatabase, seedWorld } from '../../../../test/helpers.ts';
import type { Database } from '../../../db/client.ts';
import { createCharts } from '../../charts/index.ts';
import { getVersion } from '../../framework/repository.ts';
import type { FrameworkVersion } from '../../framework/schema.ts';
import type { RoundScope } from '../../rounds/scope.ts';
import { loadRound } from '../../rounds/service.ts';
import { createAnalysisService } from '../service.ts';
import {
  areaModel,
  compareDownload,
  compareModel,
  heatmapDownload,
  itemsModel,
  overviewModel,
  scoresDownload,
  type Diagram,
  type ModelInput,
  type ModelServices,
} from './index.ts';

// Each model of the analysis built straight from the database, without HTTP: what the
// pages, their downloads and later documents show of a round.

/** The chart's <svg>, checked to be an image named by its title and described in words. */
function chartOf(diagram: Diagram) {
  const svg = parse(diagram.svg).querySelector('svg');
  assert.ok(svg !== null, 'an <svg>');
  assert.equal(svg.getAttribute('role'), 'img');
  const title = svg.querySelector('title')?.text ?? '';
  const desc = svg.querySelector('desc')?.text ?? '';
  assert.ok(title !== '' && desc !== '', 'a title and a description');
  return { title, desc };
}

describe('analysis models', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let version: FrameworkVersion;
  let trustId = '';
  let roundId = '';
  let earlierId = '';
  let collectingId = '';
  /** An item only children are asked, to which every child said Don't know. */
  let childItem = '';
  const services = (): ModelServices => ({
    analysis: createAnalysisService(),
    charts: createCharts(),
  });

  /** Builds a model of the round in the trust's transaction. */
  async function model<T>(
    id: string,
    make: (s: ModelServices, input: ModelInput) => Promise<T>,
    s: ModelServices = services(),
  ): Promise<T> {
    return db.withTrust(trustId, async (tx) => {
      const scope: RoundScope | undefined = await loadRound(tx, id);
      assert.ok(scope !== undefined);
      return make(s, { tx, scope });
    });
  }

  before(async () => {
    ({ db, drop } = await createTestDatabase());
    const world = await seedWorld(db);
    trustId = world.alpha.id;
    await addSectors(db, trustId);
    const found = await db.asSystem((tx) => getVersion(tx, '2026.1'));
    assert.ok(found !== undefined);
    version = found.content;
    const childOnly = version.areas
      .flatMap((a) => a.dimensions.flatMap((d) => d.items))
      .find((i) =>
        i.audiences.every((x) => x === 'children-young-people' || x === 'parents-carers'),
      );
    assert.ok(childOnly !== undefined);
    childItem = childOnly.key;
    earlierId = (
      await addRound(db, trustId, {
        title: '2025 round',
        startsOn: '2025-01-01',
        endsOn: '2025-12-31',
        status: 'reported',
      })
    ).id;
    roundId = (await addRound(db, trustId, { title: '2026 round', status: 'analysing' })).id;
    collectingId = (
      await addRound(db, trustId, {
        title: '2027 round',
        startsOn: '2027-01-01',
        endsOn: '2027-12-31',
        status: 'collecting',
      })
    ).id;
    const people: AnsweringPerson[] = [];
    // Health scores 4 and 5, schools 2 and 3: 11 of each; early years: 3 (withheld).
    for (const sector of ['health', 'schools'])
      for (let p = 0; p < 11; p++)
        people.push({
          sector,
          audience: p < 6 ? 'frontline' : 'leaders-managers',
          value: (_key, i) => (sector === 'health' ? 4 : 2) + ((i + p) % 2),
          ...(p === 0 ? { comment: `What ${sector} thinks` } : {}),
        });
    for (let p = 0; p < 3; p++)
      people.push({ sector: 'early-years', audience: 'frontline', value: () => 1 });
    for (let p = 0; p < 5; p++)
      people.push({
        sector: null,
        audience: 'children-young-people',
        value: (key) => (key === childItem ? 8 : 3),
      });
    await addAnsweredResponses(db, trustId, roundId, version, people);
    await addAnsweredResponses(
      db,
      trustId,
      earlierId,
      version,
      Array.from({ length: 8 }, () => ({
        sector: 'health',
        audience: 'frontline',
        value: () => 2,
      })),
    );
    await addAnsweredResponses(
      db,
      trustId,
      collectingId,
      version,
      Array.from({ length: 6 }, () => ({
        sector: 'health',
        audience: 'frontline',
        value: () => 3,
      })),
    );
    const first = version.areas[0]?.dimensions[0]?.key ?? '';
    await addAnalysisWorkshop(db, trustId, roundId, [
      { dimensionKey: first, score: '3.5', stage: 3 },
    ]);
  });
  after(() => drop());

  it('builds the overview: seven areas with their figures, diagrams and the trend', async () => {
    const overview = await model(roundId, overviewModel);
    assert.equal(overview.release.collecting, false);
    assert.equal(overview.release.pending, 0);
    assert.equal(overview.responses, 30);
    assert.equal(overview.respondents, 30);
    assert.deepEqual(
      overview.areas.map((a) => a.colourName),
      ['Red', 'Orange', 'Yellow', 'Green', 'Blue', 'Indigo', 'Violet'],
    );
    for (const a of overview.areas) {
      assert.match(a.questionnaire, /^\d\.\d$/, `${a.name} has a questionnaire score`);
      const { title, desc } = chartOf(a.chart);
      assert.equal(title, `${a.colourName}: ${a.name}`);
      assert.match(desc, /^Spider diagram of \d dimensions/);
      assert.match(desc, /Questionnaire score \(everyone\): /);
      // Only the first area has a dimension an analysis workshop rated.
      if (a.key === version.areas[0]?.key) assert.match(desc, /Agreed position \(workshop\): /);
      else assert.doesNotMatch(desc, /agreed position/i);
      assert.equal(a.workshop, a.key === version.areas[0]?.key);
      assert.equal(
        a.chart.rows.length,
        version.areas.find((x) => x.key === a.key)?.dimensions.length,
      );
    }
    // Early years (3 people) is withheld everywhere; the earlier round is the previous one.
    assert.deepEqual(overview.lowGroups, ['Early years and childcare']);
    assert.deepEqual(overview.previous, { id: earlierId, title: '2025 round' });
    assert.ok(overview.trend !== null);
    assert.match(chartOf(overview.trend).title, /2025 round to 2026 round/);
    assert.deepEqual(
      overview.trend.head.map((h) => h.text),
      ['Area', '2025 round', '2026 round'],
    );
    assert.equal(overview.strengths.length, 3);
    assert.ok(overview.focus.some((f) => f.kinds.includes('divergent')));
  });

  it('builds an area: dimensions, withheld groups, where views differ, comments when allowed', async () => {
    const area = version.areas[0];
    assert.ok(area !== undefined);
    const s = services();
    const shown = await model(
      roundId,
      (m, input) => areaModel(m, input, area.key, { comments: true }),
      s,
    );
    assert.equal(shown.area.name, area.name);
    assert.equal(shown.suppressedArea, false);
    assert.match(chartOf(shown.chart).desc, /Agreed position \(workshop\): [^.]+ 3\.5;/);
    // The workshop's 3.5 is the first dimension's agreed position, beside its questionnaire
    // score; the workshop did not rate the others.
    const [first, ...others] = shown.dimensions.rows;
    assert.deepEqual(
      shown.dimensions.head.slice(0, 5).map((c) => c.text),
      ['Dimension', 'Questionnaire score', 'Stage', 'Agreed position (workshop)', 'Agreed stage'],
    );
    assert.deepEqual(
      first?.slice(3, 5).map((c) => c.text),
      ['3.5', 'Developing'],
    );
    assert.ok(others.every((r) => r[3]?.text === 'Not rated'));
    const earlyYears = shown.heatmap.rows.find((r) => r[0]?.text === 'Early years and childcare');
    assert.ok(earlyYears !== undefined);
    assert.ok(earlyYears.slice(1).every((c) => c.text === 'Withheld'));
    assert.ok(shown.withheld.includes('Early years and childcare'));
    assert.ok(shown.divergent.some((d) => d.text.startsWith('Health scored it')));
    assert.deepEqual(shown.comments, ['What health thinks', 'What schools thinks']);
    assert.equal(shown.previousTitle, '2025 round');
    const hidden = await model(
      roundId,
      (m, input) => areaModel(m, input, area.key, { comments: false }),
      s,
    );
    assert.deepEqual([hidden.showComments, hidden.comments], [false, []]);
    await assert.rejects(
      model(roundId, (m, input) => areaModel(m, input, 'no-such-area', { comments: false })),
      { statusCode: 404 },
    );
    const download = await model(roundId, (m, input) => heatmapDownload(m, input, area.key));
    const [bySector] = download.workbook;
    const row = bySector?.rows.find((r) => r[0] === 'Early years and childcare');
    assert.deepEqual(row?.at(-1), 'yes');
    assert.ok(row.slice(1, -1).every((v) => v === null));
  });

  it('builds the items of an area, withholding a question with too few numeric answers', async () => {
    const area = version.areas.find((a) =>
      a.dimensions.some((d) => d.items.some((i) => i.key === childItem)),
    );
    assert.ok(area !== undefined);
    const items = await model(roundId, (m, input) => itemsModel(m, input, area.key));
    assert.equal(items.dimensions.length, area.dimensions.length);
    const dimension = area.dimensions.find((d) => d.items.some((i) => i.key === childItem));
    const table = items.dimensions.find((d) => d.key === dimension?.key);
    const index = dimension?.items.findIndex((i) => i.key === childItem) ?? -1;
    const row = table?.rows[index];
    assert.equal(row?.[2]?.text, 'Withheld to protect anonymity');
    assert.ok(row.slice(3).every((c) => c.text === '–'));
    // The adults' questions beside it are shown.
    assert.ok(table?.rows.some((r) => /^\d\.\d$/.test(r[2]?.text ?? '')));
  });

  it('builds the comparison with an earlier round, and says when the round asked for is not one', async () => {
    const compared = await model(roundId, (m, input) => compareModel(m, input, {}));
    assert.deepEqual(compared.earlier, { id: earlierId, title: '2025 round', version: '2026.1' });
    assert.equal(compared.problem, null);
    assert.equal(compared.sameVersion, true);
    assert.equal(compared.areas.length, 7);
    for (const a of compared.areas)
      assert.match(chartOf(a.chart).title, /2025 round and 2026 round$/);
    const firstArea = compared.change?.[0];
    assert.equal(firstArea?.[0]?.text, version.areas[0]?.name);
    assert.match(firstArea?.[3]?.text ?? '', /^[+−]\d\.\d$|^0\.0$/);
    const wrong = await model(roundId, (m, input) => compareModel(m, input, { with: roundId }));
    assert.equal(wrong.problem, 'Choose one of the rounds in the list');
    const download = await model(roundId, (m, input) => compareDownload(m, input, earlierId));
    assert.deepEqual(download?.csv[0]?.headers, [
      'area',
      'dimension',
      '2025 round',
      '2026 round',
      'change',
    ]);
    assert.equal(await model(roundId, (m, input) => compareDownload(m, input, roundId)), undefined);
  });

  it('withholds every figure while the round is collecting', async () => {
    const overview = await model(collectingId, overviewModel);
    assert.deepEqual(overview.release, { collecting: true, pending: 6, releaseNumber: null });
    assert.equal(overview.respondents, null);
    assert.ok(overview.areas.every((a) => a.questionnaire === 'Withheld to protect anonymity'));
    // The diagrams show only the previous round's scores.
    for (const a of overview.areas) {
      const { desc } = chartOf(a.chart);
      assert.match(desc, /2026 round \(questionnaires\): /);
      assert.doesNotMatch(desc, /Agreed position|Frontline practitioners/);
    }
    const download = await model(collectingId, scoresDownload);
    assert.ok(download.csv[0]?.rows.every((r) => r.at(-1) === 'yes'));
    assert.equal(download.workbook.length, 2);
  });
});
