import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { useApp } from '../../../test/build.ts';
import { apiOperations } from '../../operations.ts';
import { createServices } from '../../services.ts';

// Each operation's worked example (shown in the OpenAPI document) is parsed with the
// operation's own schemas, so that it cannot drift from what the API takes and answers.

/** Tags whose every operation must carry an example. */
const WITH_EXAMPLES = [
  'Framework',
  'System admin',
  'Trust set-up',
  'People',
  'API tokens',
  'Audit',
];

describe('worked examples of the API operations', () => {
  const bed = useApp();
  let services: ReturnType<typeof createServices> | undefined;
  after(() => services?.close());
  const operations = () => {
    services ??= createServices({ config: bed.config, db: bed.db, mailer: bed.outbox });
    return apiOperations({ ...services, db: bed.db, config: bed.config, mailer: bed.outbox });
  };

  it('parses every example with its operation’s schemas', () => {
    let checked = 0;
    for (const op of operations()) {
      if (op.example === undefined) continue;
      const name = `${op.method} ${op.url}`;
      const answer = op.response.safeParse(op.example.response);
      assert.ok(answer.success, `${name} answer: ${answer.error?.message ?? ''}`);
      if (op.body === undefined)
        assert.equal(op.example.request, undefined, `${name} takes no body`);
      else {
        assert.notEqual(op.example.request, undefined, `${name} example has no request`);
        const request = op.body.safeParse(op.example.request);
        assert.ok(request.success, `${name} request: ${request.error?.message ?? ''}`);
      }
      checked += 1;
    }
    assert.ok(checked > 30, `${checked} examples checked`);
  });

  it('gives an example for every operation of trust set-up, people, tokens, audit and admin', () => {
    const without = operations()
      .filter((op) => WITH_EXAMPLES.includes(op.tag) && op.example === undefined)
      .map((op) => `${op.method} ${op.url}`);
    assert.deepEqual(without, []);
  });

  it('shows the examples in the OpenAPI document', async () => {
    const doc = (await bed.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
    }>();
    const create = doc.paths['/api/v1/trusts/{trust}/localities']?.post;
    assert.deepEqual(
      (create?.responses['201'] as { content: Record<string, { example?: unknown }> }).content[
        'application/json'
      ]?.example,
      { id: '0b7e4f2a-5c1d-4e8b-9f3a-2d6c8e1b4a70', name: 'Northgate' },
    );
    // An answer of no content documents no body.
    const remove = doc.paths['/api/v1/trusts/{trust}/localities/{locality}']?.delete;
    assert.deepEqual(Object.keys(remove?.responses['204'] ?? {}).sort(), [
      'description',
      'headers',
    ]);
  });
});
