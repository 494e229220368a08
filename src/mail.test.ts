import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { Agent, createTestApp, seedWorld, type TestApp } from '../test/helpers.ts';
import { createMailer, type Mailer } from './mail.ts';

interface Received {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  body: string;
}

/** Just enough of RFC 5322 and MIME for a single-part text mail as nodemailer writes it. */
function parseMessage(raw: string): Omit<Received, 'from' | 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable')
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  // Encoded words in the subject (=?UTF-8?Q?...?=), if any.
  const subject = (headers.subject ?? '').replace(
    /=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi,
    (_m, kind: string, data: string) =>
      kind.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/g, (_x, hex: string) =>
                String.fromCharCode(parseInt(hex, 16)),
              ),
            'latin1',
          ).toString('utf8'),
  );
  return { subject, headers, body: body.replace(/\r\n/g, '\n') };
}

describe('mail through a real SMTP server', () => {
  const received: Received[] = [];
  let server: SMTPServer;
  let port = 0;
  let mailer: Mailer;

  before(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const from = session.envelope.mailFrom;
          received.push({
            from: from === false ? '' : from.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            ...parseMessage(Buffer.concat(chunks).toString('utf8')),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        resolve();
      });
    });
    port = (server.server.address() as AddressInfo).port;
    mailer = createMailer(
      {
        smtp: { host: '127.0.0.1', port, secure: false },
        mailFrom: "One Children's Workforce <no-reply@ocw.test>",
      },
      { info: () => undefined },
    );
  });

  after(async () => {
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });
  });

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
