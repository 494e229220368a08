import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addQuestionnaire, addRound, addSectors } from '../../../test/fixtures.ts';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { storeResponses, type NewResponse } from '../responses/store.ts';

describe('response monitoring', () => {
  let t: TestApp;
  let world: World;
  let path: string;
  let serial = 0;

  function responses(
    roundId: string,
    questionnaireId: string | null,
    audience: string,
    sectorKey: string | null,
    n: number,
  ): NewResponse[] {
    return Array.from({ length: n }, () => ({
      roundId,
      questionnaireId,
      audience,
      sectorKey,
      roleLevel: null,
      locality: null,
      language: 'en',
      source: 'online' as const,
      submissionKey: `key-${++serial}`,
      answers: [{ itemKey: 'x.y', value: 3 as const }],
      comments: [],
    }));
  }

  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
    await addSectors(t.db, world.alpha.id, [
      { key: 'health', name: 'Health', headcount: 200 },
      { key: 'schools', name: 'Schools', headcount: 400 },
      { key: 'early-years', name: 'Early years and childcare', headcount: 30 },
      { key: 'youth', name: 'Youth services', headcount: null },
      { key: 'social-care', name: "Children's social care", headcount: null },
    ]);
    const round = await addRound(t.db, world.alpha.id, { title: 'Autumn 2026' });
    const other = await addRound(t.db, world.alpha.id, { title: 'Another round' });
    const q = await addQuestionnaire(t.db, world.alpha.id, round.id);
    path = `/trusts/alpha/rounds/${round.id}/responses`;
    await t.db.withTrust(world.alpha.id, (tx) =>
      storeResponses(tx, world.alpha.id, [
        ...responses(round.id, q.id, 'frontline', 'health', 25),
        ...responses(round.id, q.id, 'leaders-managers', 'health', 5),
        ...responses(round.id, q.id, 'frontline', 'schools', 6),
        ...responses(round.id, null, 'parents-carers', 'early-years', 3),
        ...responses(round.id, null, 'frontline', 'youth', 7),
        ...responses(round.id, null, 'children-young-people', null, 4),
        // A sector the trust no longer has.
        ...responses(round.id, null, 'frontline', 'police', 2),
        // Another round's responses are not counted here.
        ...responses(other.id, null, 'frontline', 'schools', 50),
      ]),
    );
  });
  after(() => t.close());

  const cells = (html: string, testid: string) => {
    const table = new RegExp(`data-testid="${testid}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
    return [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
      [...(row[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        text(c[1] ?? '').trim(),
      ),
    );
  };

  it('shows responses by sector against headcount, with progress bars', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Responses<\/h1>/);
    assert.match(text(page.body), /52 responses so far/);
    const rows = cells(page.body, 'by-sector');
    assert.deepEqual(rows[0], ['Sector', 'Responses', 'Headcount', 'Response rate']);
    // Sectors in the national order, then a sector the trust no longer has, then Not given.
    assert.deepEqual(rows.slice(1), [
      ['Early years and childcare Under-represented', '3', '30', '10% 10%'],
      ['Schools Under-represented', '6', '400', '2% 2%'],
      ['Health', '30', '200', '15% 15%'],
      ["Children's social care Under-represented", '0', 'Not known', 'Headcount not known'],
      ['Youth services', '7', 'Not known', 'Headcount not known'],
      ['police', '2', 'Not known', 'Headcount not known'],
      ['Not given', '4', 'Not known', ''],
    ]);
    assert.match(
      page.body,
      /<progress max="200" value="30" aria-label="Health: 15% of headcount">15%<\/progress>/,
    );
    assert.match(page.body, /<progress max="400" value="6"/);
    assert.doesNotMatch(page.body, / style="/);
  });

  it('shows responses by audience, and sector by audience', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.contributor);
    const page = await viewer.get(path);
    assert.equal(page.statusCode, 200);
    assert.deepEqual(cells(page.body, 'by-audience'), [
      ['Audience', 'Responses'],
      ['Leaders and managers', '5'],
      ['Frontline practitioners', '40'],
      ['Children and young people', '4'],
      ['Parents and carers', '3'],
      ['Total', '52'],
    ]);
    const cross = cells(page.body, 'by-sector-audience');
    assert.deepEqual(cross[0], [
      'Sector',
      'Leaders and managers',
      'Frontline practitioners',
      'Children and young people',
      'Parents and carers',
      'Total',
    ]);
    const byName = new Map(cross.map((r) => [r[0], r.slice(1)]));
    assert.deepEqual(byName.get('Health'), ['5', '25', '0', '0', '30']);
    assert.deepEqual(byName.get('Early years and childcare'), ['0', '0', '0', '3', '3']);
    assert.deepEqual(byName.get('Not given'), ['0', '0', '4', '0', '4']);
    assert.equal(cross.length, 9);
    assert.deepEqual(cross.at(-1), ['Total', '5', '40', '4', '3', '52']);
  });

  it('warns about under-represented sectors', async () => {
    const viewer = new Agent(t.app);
    await viewer.signIn(world.users.viewer);
    const page = await viewer.get(path);
    const warning = /data-testid="under-represented"[\s\S]*?<\/div>\s*<\/div>/.exec(page.body)?.[0];
    assert.ok(warning);
    assert.match(warning, /govuk-warning-text/);
    const body = text(warning);
    assert.match(body, /Schools: 6 of 400, 2%/);
    assert.match(body, /Early years and childcare: 3 of 30, 10%/);
    assert.match(body, /Children's social care: 0 responses/);
    assert.doesNotMatch(body, /Health|Youth|Not given|police/);
    // Viewers see no set-up link.
    assert.doesNotMatch(page.body, /Questionnaires, links and invitations/);
  });

  it('exports the counts as CSV', async () => {
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const page = await admin.get(path);
    assert.match(page.body, /Questionnaires, links and invitations/);
    const csv = await admin.get(`${path}.csv`);
    assert.equal(csv.statusCode, 200);
    assert.match(String(csv.headers['content-type']), /^text\/csv/);
    assert.match(String(csv.headers['content-disposition']), /^attachment; filename="responses-/);
    const lines = csv.body.trim().split('\r\n');
    assert.equal(
      lines[0],
      'sector key,sector,Leaders and managers,Frontline practitioners,Children and young people,Parents and carers,responses,headcount,rate (%),under-represented',
    );
    assert.ok(lines.includes('health,Health,5,25,0,0,30,200,15,no'));
    assert.ok(lines.includes('schools,Schools,0,6,0,0,6,400,1.5,yes'));
    assert.ok(lines.includes(',Not given,0,0,4,0,4,,,no'));
    assert.equal(lines.at(-1), ',Total,5,40,4,3,52,,,');
  });

  it('shows an empty round plainly', async () => {
    const round = await addRound(t.db, world.alpha.id, { title: 'Empty round' });
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const page = await admin.get(`/trusts/alpha/rounds/${round.id}/responses`);
    assert.equal(page.statusCode, 200);
    assert.match(text(page.body), /0 responses so far/);
    // Every sector has fewer than 5.
    assert.match(text(page.body), /Health: 0 of 200, 0%/);
  });

  it('answers 404 to another trust and to unknown rounds', async () => {
    const beta = new Agent(t.app);
    await beta.signIn(world.users.betaAdmin);
    assert.equal((await beta.get(path)).statusCode, 404);
    assert.equal((await beta.get(`${path}.csv`)).statusCode, 404);
    const admin = new Agent(t.app);
    await admin.signIn(world.users['trust-admin']);
    const unknown = await admin.get(
      '/trusts/alpha/rounds/00000000-0000-4000-8000-000000000000/responses',
    );
    assert.equal(unknown.statusCode, 404);
    assert.equal((await admin.get('/trusts/alpha/rounds/x/responses')).statusCode, 404);
  });
});
