import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { createMailer, type Mailer } from '../src/mail.ts';

// A real SMTP server on a random local port, for tests of mail, with the app's own mailer
// pointed at it.

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  /** The text, or the text part of a multipart mail. */
  body: string;
  /** The HTML part of a multipart mail, if it has one. */
  html?: string;
}

/** The text and HTML parts of a multipart body (one level, as nodemailer writes text + HTML). */
function parseParts(boundary: string, body: string): { text?: string; html?: string } {
  const found: { text?: string; html?: string } = {};
  for (const chunk of body.split(`--${boundary}`).slice(1)) {
    if (chunk.startsWith('--')) break;
    const part = parseMessage(chunk.replace(/^\r\n/, ''));
    const type = (part.headers['content-type'] ?? '').toLowerCase();
    if (type.startsWith('text/plain')) found.text ??= part.body;
    else if (type.startsWith('text/html')) found.html ??= part.body;
  }
  return found;
}

/** Just enough of RFC 5322 and MIME for a text mail, or text and HTML, as nodemailer writes. */
function parseMessage(raw: string): Omit<ReceivedMail, 'from' | 'to'> {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  const boundary = /multipart\/[a-z]+;.*boundary="?([^";]+)"?/i.exec(headers['content-type'] ?? '');
  if (boundary?.[1] !== undefined) {
    const parts = parseParts(boundary[1], body);
    return {
      subject: decodeSubject(headers.subject ?? ''),
      headers,
      body: parts.text ?? '',
      ...(parts.html === undefined ? {} : { html: parts.html }),
    };
  }
  const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  if (encoding === 'quoted-printable')
    body = Buffer.from(
      body
        .replace(/=\r\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
  else if (encoding === 'base64') body = Buffer.from(body, 'base64').toString('utf8');
  return {
    subject: decodeSubject(headers.subject ?? ''),
    headers,
    body: body.replace(/\r\n/g, '\n'),
  };
}

/** Encoded words in a subject (=?UTF-8?Q?...?=), if any, decoded. */
function decodeSubject(subject: string): string {
  return subject.replace(/=\?utf-8\?([QB])\?([^?]*)\?=\s*/gi, (_m, kind: string, data: string) =>
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
}

export interface TestSmtp {
  /** Every mail the server has accepted, oldest first. */
  received: ReceivedMail[];
  /** The app's SMTP mailer, sending to this server. */
  mailer: Mailer;
  close: () => Promise<void>;
}

export async function startSmtpServer(): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
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
  const { port } = server.server.address() as AddressInfo;
  const mailer = createMailer(
    {
      smtp: { host: '127.0.0.1', port, secure: false },
      mailFrom: "One Children's Workforce <no-reply@ocw.test>",
    },
    { info: () => undefined },
  );
  return {
    received,
    mailer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}
