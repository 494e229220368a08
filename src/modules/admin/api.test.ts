import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditLog, frameworkVersions, memberships, trusts, users } from '../../db/schema/index.ts';
import { useApp } from '../../../test/build.ts';
import { loadFrameworkFiles } from '../framework/repository.ts';

// System admin through the API: every trust, creating one with its first trust admin, and
// publishing a framework version. A system admin token (of no trust) only.

interface Problem {
  status: number;
  detail: string;
  errors?: { field: string; message: string }[];
}

const TOKEN = 'API token: test system-admin';

describe('system admin through the API', () => {
  const bed = useApp({ tokens: ['system-admin', 'trust-admin', 'national-analyst'] });
  const trustCount = async () =>
    (await bed.db.asSystem((tx) => tx.select({ id: trusts.id }).from(trusts))).length;

  it('lists every trust with its people, for system admin tokens only', async () => {
    const response = await bed.api('system-admin', 'GET', '/api/v1/trusts');
    assert.equal(response.statusCode, 200);
    const list = response.json<{ slug: string; name: string; people: number }[]>();
    assert.deepEqual(
      list.map((t) => [t.slug, t.name, t.people]),
      [
        ['alpha', 'Alpha Partnership', 4],
        ['beta', 'Beta Partnership', 1],
      ],
    );
    for (const holder of ['trust-admin', 'national-analyst'] as const)
      assert.equal((await bed.api(holder, 'GET', '/api/v1/trusts')).statusCode, 403, holder);
  });

  it('creates a trust and invites its first trust admin; the link is only in the email', async () => {
    const response = await bed.api('system-admin', 'POST', '/api/v1/trusts', {
      name: 'North Shore Partnership',
      slug: 'north-shore',
      region: 'North East',
      adminName: 'Alex Morgan',
      adminEmail: 'alex.morgan@example.org',
    });
    assert.equal(response.statusCode, 201);
    assert.deepEqual(response.json(), {
      slug: 'north-shore',
      name: 'North Shore Partnership',
      region: 'North East',
      firstAdmin: 'invited',
    });
    const mail = bed.outbox.lastTo('alex.morgan@example.org');
    const link = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail?.text ?? '')?.[1];
    assert.ok(link);
    assert.ok(!response.body.includes(link));
    const [trust] = await bed.db.asSystem((tx) =>
      tx.select().from(trusts).where(eq(trusts.slug, 'north-shore')),
    );
    assert.ok(trust);
    const [created] = await bed.db.asSystem((tx) =>
      tx
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.trustId, trust.id), eq(auditLog.action, 'created trust'))),
    );
    assert.equal(created?.actor, TOKEN);
    const [admin] = await bed.db.asSystem((tx) =>
      tx
        .select({ role: memberships.role })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(memberships.trustId, trust.id), eq(users.email, 'alex.morgan@example.org'))),
    );
    assert.equal(admin?.role, 'trust-admin');
    // Without a first admin, no email.
    const bare = await bed.api('system-admin', 'POST', '/api/v1/trusts', {
      name: 'Bare Trust',
      slug: 'bare',
    });
    assert.equal(bare.json<{ firstAdmin: string }>().firstAdmin, 'none');
  });

  it('refuses bad trusts with field errors, and other tokens, creating nothing', async () => {
    const before = await trustCount();
    const cases: [unknown, string[]][] = [
      [{ name: '', slug: 'x' }, ['name']],
      [{ name: 'X', slug: 'Not A Slug' }, ['slug']],
      [{ name: 'Copy', slug: 'alpha' }, ['slug']],
      [{ name: 'X', slug: 'x-y', adminEmail: 'a@example.org' }, ['adminName']],
      [{ name: 'X', slug: 'x-y', adminName: 'A' }, ['adminEmail']],
    ];
    for (const [body, fields] of cases) {
      const response = await bed.api('system-admin', 'POST', '/api/v1/trusts', body);
      assert.equal(response.statusCode, 400, JSON.stringify(body));
      assert.deepEqual(
        response.json<Problem>().errors?.map((e) => e.field),
        fields,
        JSON.stringify(body),
      );
    }
    const body = { name: 'Sneaky', slug: 'sneaky' };
    assert.equal((await bed.api('trust-admin', 'POST', '/api/v1/trusts', body)).statusCode, 403);
    assert.equal(await trustCount(), before);
  });

  it('publishes a draft framework version once', async () => {
    const [shipped] = loadFrameworkFiles();
    assert.ok(shipped);
    await bed.db.asSystem((tx) =>
      tx.insert(frameworkVersions).values({
        key: '2099.1',
        title: 'Draft framework 2099',
        status: 'draft',
        content: { ...shipped, key: '2099.1', title: 'Draft framework 2099', status: 'draft' },
        checksum: 'test-draft',
      }),
    );
    const url = '/api/v1/framework/versions/2099.1/publish';
    assert.equal((await bed.api('trust-admin', 'POST', url)).statusCode, 403);
    assert.equal(
      (await bed.api('trust-admin', 'GET', '/api/v1/framework/versions/2099.1')).statusCode,
      404,
    );
    const published = await bed.api('system-admin', 'POST', url);
    assert.equal(published.statusCode, 200);
    const body = published.json<{ key: string; status: string; published: boolean }>();
    assert.deepEqual([body.key, body.status, body.published], ['2099.1', 'published', true]);
    const entries = await bed.db.asSystem((tx) =>
      tx.select().from(auditLog).where(eq(auditLog.action, 'published framework version')),
    );
    assert.equal(entries.length, 1);
    assert.equal(entries[0]?.actor, TOKEN);
    assert.equal(
      (await bed.api('trust-admin', 'GET', '/api/v1/framework/versions/2099.1')).statusCode,
      200,
    );
    const again = await bed.api('system-admin', 'POST', url);
    assert.equal(again.json<{ published: boolean }>().published, false);
    assert.equal(
      (
        await bed.db.asSystem((tx) =>
          tx.select().from(auditLog).where(eq(auditLog.action, 'published framework version')),
        )
      ).length,
      1,
    );
    assert.equal(
      (await bed.api('system-admin', 'POST', '/api/v1/framework/versions/1999.9/publish'))
        .statusCode,
      404,
    );
  });
});
