import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { audit } from '../../kernel/audit.ts';
import { useApp } from '../../../test/build.ts';

// The audit log through the API: the entries of the page, newest first, for trust admin
// tokens of the trust only.

interface Entry {
  id: number;
  at: string;
  actor: string;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  person: string | null;
  details: Record<string, unknown>;
}

const URL_AUDIT = '/api/v1/trusts/alpha/audit';

describe('the audit log through the API', () => {
  const bed = useApp({ tokens: ['trust-admin', 'viewer', 'beta'], signIn: ['trust-admin'] });

  it('answers every entry, newest first, with who did what', async () => {
    await bed.api('trust-admin', 'POST', '/api/v1/trusts/alpha/localities', { name: 'Westfield' });
    const invited = await bed.as('trust-admin').post('/trusts/alpha/users/invite', {
      name: 'Robin Hale',
      email: 'robin.hale@example.org',
      roles: 'viewer',
    });
    assert.equal(invited.statusCode, 303);
    const response = await bed.api('trust-admin', 'GET', URL_AUDIT);
    assert.equal(response.statusCode, 200);
    const entries = response.json<Entry[]>();
    const [newest] = entries;
    assert.equal(newest?.action, 'invited person');
    assert.equal(newest.actor, bed.world.users['trust-admin']);
    assert.equal(newest.actorName, 'Alpha trust-admin');
    assert.equal(newest.person, 'robin.hale@example.org');
    const locality = entries.find((e) => e.action === 'added locality');
    assert.equal(locality?.actor, 'API token: test trust-admin');
    assert.equal(locality.actorName, null);
    assert.deepEqual(locality.details, { name: 'Westfield' });
    assert.ok(entries.every((e, i) => i === 0 || (entries[i - 1]?.id ?? 0) > e.id));
    assert.ok(entries.every((e) => !Number.isNaN(Date.parse(e.at))));
  });

  it('shows nothing of another trust, and nothing to a viewer token', async () => {
    await bed.db.withTrust(bed.beta.id, (tx) =>
      audit(
        tx,
        { userId: null, label: 'beta operator' },
        {
          trustId: bed.beta.id,
          action: 'renamed locality',
          entity: 'locality',
          details: { name: 'beta-secret' },
        },
      ),
    );
    const own = await bed.api('trust-admin', 'GET', URL_AUDIT);
    assert.doesNotMatch(own.body, /beta-secret/);
    assert.equal((await bed.api('viewer', 'GET', URL_AUDIT)).statusCode, 403);
    assert.equal((await bed.api('beta', 'GET', URL_AUDIT)).statusCode, 404);
    const betaOwn = await bed.api('beta', 'GET', '/api/v1/trusts/beta/audit');
    assert.equal(betaOwn.statusCode, 200);
    assert.match(betaOwn.body, /beta-secret/);
    assert.doesNotMatch(betaOwn.body, /Westfield/);
  });
});
