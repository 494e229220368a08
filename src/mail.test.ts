import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, createTestApp, seedWorld, type TestApp } from '../test/helpers.ts';
import { startSmtpServer, type ReceivedMail, type TestSmtp } from '../test/smtp.ts';
import { createMailer, type Mailer } from './mail.ts';

describe('mail through a real SMTP server', () => {
  let smtp: TestSmtp;
  let received: ReceivedMail[];
  let mailer: Mailer;

  before(async () => {
    smtp = await startSmtpServer();
    received = smtp.received;
    mailer = smtp.mailer;
  });

  after(() => smtp.close());

  it('delivers a mail with its recipient, sender, subject and body', async () => {
    const before = received.length;
    await mailer.send({
      to: 'someone@example.org',
      subject: 'Testing the mailer',
      text: 'Hello,\n\nThis is the body of the test mail.\n',
    });
    assert.equal(received.length, before + 1);
    const mail = received.at(-1);
    assert.ok(mail);
    assert.deepEqual(mail.to, ['someone@example.org']);
    assert.equal(mail.from, 'no-reply@ocw.test');
    assert.equal(mail.subject, 'Testing the mailer');
    assert.match(mail.headers.to ?? '', /someone@example\.org/);
    assert.match(mail.body, /This is the body of the test mail\./);
  });

  it('rejects when the server cannot be reached', async () => {
    const nowhere = createMailer(
      { smtp: { host: '127.0.0.1', port: 1, secure: false }, mailFrom: 'x@ocw.test' },
      { info: () => undefined },
    );
    await assert.rejects(nowhere.send({ to: 'a@example.org', subject: 's', text: 't' }));
  });

  describe('through the app', () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ mailer });
      await seedWorld(t.db);
    });
    after(() => t.close());

    it('sends an invitation made in the invite form', async () => {
      const admin = new Agent(t.app);
      await admin.signIn('trust-admin@alpha.test');
      const before = received.length;
      const response = await admin.post('/trusts/alpha/users/invite', {
        name: 'Sam Smtp',
        email: 'sam.smtp@example.org',
        roles: ['viewer'],
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/trusts/alpha/users?done=invited');
      assert.equal(received.length, before + 1);
      const mail = received.at(-1);
      assert.ok(mail);
      assert.deepEqual(mail.to, ['sam.smtp@example.org']);
      assert.match(mail.subject, /invited to Alpha Partnership/);
      assert.match(mail.body, /Hello Sam Smtp/);
      const link = /http:\/\/ocw\.test(\/invitation\/[A-Za-z0-9_-]+)/.exec(mail.body)?.[1];
      assert.ok(link, mail.body);
      // The link in the delivered mail works.
      const page = await new Agent(t.app).get(link);
      assert.equal(page.statusCode, 200);
      assert.equal(t.outbox.mails.length, 0);
    });
  });

  describe('through the app, when the mail server is down', () => {
    let t: TestApp;
    before(async () => {
      const down = createMailer(
        { smtp: { host: '127.0.0.1', port: 1, secure: false }, mailFrom: 'x@ocw.test' },
        { info: () => undefined },
      );
      t = await createTestApp({ mailer: down });
      await seedWorld(t.db);
    });
    after(() => t.close());

    it('keeps the invitation and says that the email was not sent', async () => {
      const admin = new Agent(t.app);
      await admin.signIn('trust-admin@alpha.test');
      const response = await admin.post('/trusts/alpha/users/invite', {
        name: 'Una Unsent',
        email: 'una@example.org',
        roles: 'contributor',
      });
      assert.equal(response.statusCode, 303);
      assert.equal(response.headers.location, '/trusts/alpha/users?done=mail-failed');
      const list = await admin.get('/trusts/alpha/users?done=mail-failed');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, /we could not send the email/);
      assert.match(list.body, /una@example\.org/);
    });
  });
});
