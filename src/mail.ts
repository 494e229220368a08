import nodemailer from 'nodemailer';
import type { Config } from './config.ts';
import { redactTokens } from './web/logging.ts';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** An HTML version of the same words, sent beside the text one. */
  html?: string;
  /** Extra headers, such as List-Unsubscribe. */
  headers?: Record<string, string>;
}

export interface Mailer {
  send(mail: Mail): Promise<void>;
}

interface Logger {
  info(obj: object, msg: string): void;
}

/** SMTP when configured; otherwise (development and tests) mail is written to the log. */
export function createMailer(config: Pick<Config, 'smtp' | 'mailFrom'>, log: Logger): Mailer {
  const smtp = config.smtp;
  if (smtp === undefined) {
    return {
      send(mail) {
        log.info(
          { mail: { to: mail.to, subject: mail.subject, text: redactTokens(mail.text) } },
          `Mail to ${mail.to}: ${mail.subject}`,
        );
        return Promise.resolve();
      },
    };
  }
  const transport = nodemailer.createTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    ...(smtp.user === undefined ? {} : { auth: { user: smtp.user, pass: smtp.password ?? '' } }),
    tls: { rejectUnauthorized: smtp.host !== '127.0.0.1' && smtp.host !== 'localhost' },
  });
  return {
    async send(mail) {
      await transport.sendMail({
        from: config.mailFrom,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        ...(mail.html === undefined ? {} : { html: mail.html }),
        ...(mail.headers === undefined ? {} : { headers: mail.headers }),
      });
    },
  };
}
