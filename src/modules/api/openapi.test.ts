import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validate, compileErrors } from '@readme/openapi-parser';
import {
  Agent,
  createTestApp,
  seedWorld,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';
import { dom } from '../../../test/build.ts';

interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, { summary: string; responses: Record<string, unknown> }>>;
}

describe('OpenAPI document and API documentation page', () => {
  let t: TestApp;
  let world: World;
  before(async () => {
    t = await createTestApp();
    world = await seedWorld(t.db);
  });
  after(() => t.close());

  it('serves a valid OpenAPI document that describes the framework endpoints', async () => {
    const response = await t.app.inject('/api/v1/openapi.json');
    assert.equal(response.statusCode, 200);
    const doc = response.json<OpenApiDoc>();
    assert.match(doc.openapi, /^3\.0\./);
    const result = await validate(structuredClone(doc) as never);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    // The validator does catch a broken document.
    const broken = structuredClone(doc) as Partial<OpenApiDoc> & { info?: unknown };
    delete broken.info;
    assert.equal((await validate(broken as never)).valid, false);
    const detail = doc.paths['/api/v1/framework/versions/{version}'];
    assert.ok(detail?.get, 'the version detail is documented');
    assert.ok(doc.paths['/api/v1/framework/versions']?.get);
    // The response schema is precise: areas, dimensions and items with their fields.
    const schema = JSON.stringify(detail.get.responses['200']);
    for (const field of [
      'areas',
      'dimensions',
      'items',
      'audiences',
      'reverse',
      'stages',
      'maxScore',
    ])
      assert.ok(schema.includes(`"${field}"`), field);
  });

  it('renders the documentation page for a signed-in person, with their navigation', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.users.viewer);
    const response = await agent.get('/api/docs');
    assert.equal(response.statusCode, 200);
    const page = dom(response.body);
    assert.equal(page.text('h1'), 'API documentation');
    // The page knows who is signed in: the main navigation and the account bar are there.
    assert.deepEqual(page.texts('.govuk-service-navigation__item'), [
      'Home',
      'Assessment rounds',
      'Framework',
      'API',
    ]);
    assert.match(page.text('[data-testid="account-bar"]') ?? '', /Signed in as/);
    const operations = page.texts('[data-testid="operation"] h3');
    assert.ok(operations.includes('GET /api/v1/framework/versions/{version}'), operations.join());
    assert.ok(page.texts('[data-testid="operation"] p').includes('Get a framework version'));
    // Blocks of code scroll in their own box, which the keyboard can reach.
    assert.deepEqual(page.texts('pre.ocw-code-block[tabindex="0"]'), [
      'Authorization: Bearer ocw_…',
      'npm run ocw -- token create --trust <slug> --role <role>',
    ]);
    assert.match(page.text('main') ?? '', /Trust set-up/);
    assert.ok(page.has('a[href="/api/v1/openapi.json"]'));
    assert.ok(page.texts('h2.govuk-heading-l').includes('Framework'));
    // The page itself needs no JavaScript.
    assert.ok((page.text('main') ?? '').length > 1000);
    assert.equal(page.root.querySelectorAll('main script').length, 0);
  });
});
