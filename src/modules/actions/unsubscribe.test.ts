import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { actionReminderOptOuts, auditLog } from '../../db/schema/index.ts';
import { dom, useApp } from '../../../test/build.ts';
import { userId } from '../../../test/reminder-fixtures.ts';
import { unsubscribeToken } from './reminder-token.ts';

// The pages of a reminder's unsubscribe link, opened by someone not signed in.

describe('the unsubscribe link of the action reminders', () => {
  const bed = useApp();
  const link = async () => {
    const user = await userId(bed.db, bed.world.users['action-lead']);
    const token = unsubscribeToken(bed.config.sessionSecret, {
      trustId: bed.alpha.id,
      userId: user,
    });
    return { user, token, url: `/reminders/unsubscribe/${token}` };
  };
  const optedOut = async (user: string) => {
    const rows = await bed.db.asSystem((tx) =>
      tx
        .select()
        .from(actionReminderOptOuts)
        .where(
          and(
            eq(actionReminderOptOuts.trustId, bed.alpha.id),
            eq(actionReminderOptOuts.userId, user),
          ),
        ),
    );
    return rows.length === 1;
  };

  it('asks, stops the reminders, and offers to turn them back on', async () => {
    const { user, url } = await link();
    const person = bed.anonymous();
    const page = await person.get(url);
    assert.equal(page.statusCode, 200);
    const ask = dom(page.body);
    assert.equal(ask.text('h1'), 'Stop action reminders?');
    assert.match(ask.text('title') ?? '', /^Stop action reminders\? – /);
    assert.match(ask.text('main') ?? '', /Alpha action-lead.*Alpha Partnership/);
    assert.equal(ask.attr('form[action]', 'action'), url);
    assert.ok(ask.has('form input[name="_csrf"]'), 'the form carries its CSRF token');

    const stopped = await person.post(url);
    assert.equal(stopped.statusCode, 303);
    assert.equal(stopped.headers.location, `${url}?done=stopped`);
    assert.ok(await optedOut(user));
    const panel = dom((await person.get(`${url}?done=stopped`)).body);
    assert.equal(panel.text('[data-testid="stopped-panel"] h1'), 'Action reminders stopped');
    assert.equal(panel.texts('h1').length, 1);
    assert.equal(panel.text('[data-testid="resubscribe"]'), 'Send me reminders again');

    // Opened again later: still stopped, and it says so.
    const again = dom((await person.get(url)).body);
    assert.equal(again.text('h1'), 'Action reminders are stopped');
    assert.ok(again.has('[data-testid="resubscribe"]'));
    assert.equal((await person.post(url)).statusCode, 303, 'stopping twice is fine');

    const restarted = await person.post(`${url}/resubscribe`);
    assert.equal(restarted.statusCode, 303);
    assert.equal(restarted.headers.location, `${url}?done=restarted`);
    assert.equal(await optedOut(user), false);
    const on = dom((await person.get(restarted.headers.location)).body);
    assert.equal(
      on.text('[data-testid="restarted"] .govuk-notification-banner__content'),
      'Action reminders turned back on',
    );
    assert.equal(on.text('h1'), 'Stop action reminders?');

    const audited = await bed.db.asSystem((tx) =>
      tx
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.entity, 'action-reminders')),
    );
    assert.deepEqual(
      audited.map((a) => a.action),
      ['stopped action reminders', 'turned action reminders back on'],
    );
  });

  it('refuses a form without its CSRF token', async () => {
    const { url } = await link();
    const response = await bed.anonymous().post(url, {}, { csrf: false });
    assert.equal(response.statusCode, 403);
  });

  it('stops them by one click from the mail client, with no cookies or token', async () => {
    const { user, url } = await link();
    const response = await bed.app.inject({
      method: 'POST',
      url: `${url}/one-click`,
      payload: 'List-Unsubscribe=One-Click',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(response.statusCode, 200);
    assert.ok(await optedOut(user));
    const opened = await bed.app.inject({ method: 'GET', url: `${url}/one-click` });
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, url);
    await bed.anonymous().post(`${url}/resubscribe`);
  });

  it('shows a clear "not found" page for a link that was changed or names nobody', async () => {
    const { token } = await link();
    const changed = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const stranger = unsubscribeToken(bed.config.sessionSecret, {
      trustId: bed.alpha.id,
      userId: '00000000-0000-4000-8000-000000000000',
    });
    const person = bed.anonymous();
    for (const bad of [changed, stranger, 'nonsense', `${token}x`]) {
      const url = `/reminders/unsubscribe/${bad}`;
      for (const response of [
        await person.get(url),
        await person.post(url),
        await person.post(`${url}/resubscribe`),
      ]) {
        assert.equal(response.statusCode, 404, url);
        const page = dom(response.body);
        assert.equal(page.text('h1'), 'This link does not work');
        assert.match(page.text('[data-testid="problem-message"]') ?? '', /not complete/);
      }
      const oneClick = await bed.app.inject({ method: 'POST', url: `${url}/one-click` });
      assert.equal(oneClick.statusCode, 404);
    }
  });
});
