import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validate, compileErrors } from '@readme/openapi-parser';
import {
  Agent,
  createTestApp,
  seedWorld,
  text,
  type TestApp,
  type World,
} from '../../../test/helpers.ts';

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

  it('renders the documentation page for a signed-in person', async () => {
    const agent = new Agent(t.app);
    await agent.signIn(world.users.viewer);
    const response = await agent.get('/api/docs');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /<h1 class="govuk-heading-l">API documentation<\/h1>/);
    const page = text(response.body);
    assert.match(page, /GET \/api\/v1\/framework\/versions\/\{version\}/);
    assert.match(page, /Get a framework version/);
    assert.match(
      response.body,
      /<code>npm run ocw -- token create --trust &lt;slug&gt; --role &lt;role&gt;<\/code>/,
    );
    assert.match(page, /Trust set-up/);
    assert.match(response.body, /href="\/api\/v1\/openapi\.json"/);
    assert.match(response.body, /<h2 class="govuk-heading-l[^"]*" id="tag-\d+">Framework<\/h2>/);
    // The page itself needs no JavaScript.
    const main = /<main[\s\S]*<\/main>/.exec(response.body)?.[0] ?? '';
    assert.ok(main.length > 1000);
    assert.doesNotMatch(main, /<script/);
  });
});
