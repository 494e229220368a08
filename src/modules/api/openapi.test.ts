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
import { dom, useApp } from '../../../test/build.ts';
import { z } from 'zod';
import { defineApiRoute, type ApiOperation } from '../../web/api-route.ts';
import { exampleProblems } from '../../../test/api-examples.ts';
import { openApiDocument } from './openapi.ts';
import { withSharedParameters } from './routes.ts';
import { everyOperation } from './testing.ts';

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
      'Action plan',
      'Framework',
      'API',
    ]);
    assert.match(page.text('[data-testid="account-bar"]') ?? '', /Signed in as/);
    const operations = page.texts('[data-testid="operation"] h3');
    assert.ok(operations.includes('GET /api/v1/framework/versions/{version}'), operations.join());
    assert.ok(page.texts('[data-testid="operation"] p').includes('Get a framework version'));
    // Blocks of code scroll in their own box, which the keyboard can reach.
    const blocks = page.root
      .querySelectorAll('pre.ocw-code-block[tabindex="0"]')
      .filter((pre) => pre.closest('[data-testid="operation"]') === null)
      .map((pre) => pre.text.replace(/\s+/g, ' ').trim());
    assert.deepEqual(blocks, [
      'Authorization: Bearer ocw_…',
      'npm run ocw -- token create --trust <slug> --role <role>',
      'X-Total-Count: 230 Link: <http://ocw.test/api/v1/trusts/<slug>/localities?limit=100&cursor=…>; rel="next"',
    ]);
    assert.ok(page.has('#lists') && page.has('#if-match'));
    assert.match(page.text('main') ?? '', /Trust set-up/);
    assert.ok(page.has('a[href="/api/v1/openapi.json"]'));
    assert.ok(page.texts('h2.govuk-heading-l').includes('Framework'));
    // The page itself needs no JavaScript.
    assert.ok((page.text('main') ?? '').length > 1000);
    assert.equal(page.root.querySelectorAll('main script').length, 0);
  });
});

describe('worked examples of the operations', () => {
  const sample = defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/samples',
    summary: 'Adds a sample',
    tag: 'Samples',
    params: z.object({ trust: z.string() }),
    body: z.object({ name: z.string() }),
    response: z.object({ id: z.uuid(), name: z.string() }),
    status: 201,
    example: {
      request: { name: 'North <Vale>' },
      response: { id: '6f1c2a7e-3b0d-4c59-9a8e-2d4f5b6c7d8e', name: 'North <Vale>' },
    },
    handler: () => ({ id: '6f1c2a7e-3b0d-4c59-9a8e-2d4f5b6c7d8e', name: 'x' }),
  });
  const t = useApp({
    signIn: ['viewer'],
    // The documentation page of one operation with an example, as the real page renders it.
    configure: (app) =>
      app.get('/test/sample-docs', (_request, reply) =>
        reply.page('api/views/docs.njk', {
          title: 'API documentation',
          doc: withSharedParameters(openApiDocument([sample], 'http://ocw.test')),
        }),
      ),
  });

  it("shows an operation's example request and answer in code blocks on the page", async () => {
    const page = dom((await t.as('viewer').get('/test/sample-docs')).body);
    const request = page.root.querySelector(
      '[data-testid="operation"] pre.ocw-code-block[tabindex="0"][data-testid="example-request"]',
    );
    const answer = page.root.querySelector(
      '[data-testid="operation"] pre.ocw-code-block[tabindex="0"][data-testid="example-response"]',
    );
    assert.deepEqual(JSON.parse(request?.text ?? 'null'), sample.example?.request);
    assert.deepEqual(JSON.parse(answer?.text ?? 'null'), sample.example?.response);
    // Escaped as text, never markup.
    assert.ok(
      page.root
        .querySelector('pre[data-testid="example-request"]')
        ?.innerHTML.includes('&lt;Vale&gt;'),
    );
    assert.match(
      page.text('[data-testid="operation"] h4:last-of-type') ?? '',
      /Example answer \(201\)/,
    );
  });

  it('every operation has an example that matches its schemas', async () => {
    // The check does catch an example that contradicts its schema.
    const broken = { ...sample, example: { ...sample.example, response: { id: 'x', name: 1 } } };
    assert.equal(exampleProblems([broken as ApiOperation]).length, 1);
    const operations = everyOperation();
    // No operation goes without an example, and none contradicts its schemas…
    const problems = exampleProblems(operations);
    assert.deepEqual(problems, [], problems.join('\n'));
    // …the document with them is still valid OpenAPI…
    const doc = (await t.app.inject('/api/v1/openapi.json')).json<object>();
    const result = await validate(structuredClone(doc) as never);
    assert.ok(result.valid, result.valid ? '' : compileErrors(result));
    assert.ok(operations.length > 20);
  });

  it('shows the examples in the OpenAPI document, and no body for an answer of no content', async () => {
    const doc = (await t.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    const create = doc.paths['/api/v1/trusts/{trust}/localities']?.post;
    assert.deepEqual(
      (create?.responses['201'] as { content: Record<string, { example?: unknown }> }).content[
        'application/json'
      ]?.example,
      { id: '0b7e4f2a-5c1d-4e8b-9f3a-2d6c8e1b4a70', name: 'Northgate' },
    );
    const remove = doc.paths['/api/v1/trusts/{trust}/localities/{locality}']?.delete;
    assert.deepEqual(Object.keys(remove?.responses['204'] ?? {}).sort(), [
      'description',
      'headers',
    ]);
  });
});
