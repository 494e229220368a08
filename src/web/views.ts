import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import { ROLE_LABELS, type Role } from '../kernel/roles.ts';
import { isTableDownload, linkTables, sendPageTables } from './table-pages.ts';

const require = createRequire(import.meta.url);
const srcDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const govukDist = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');

export const SERVICE_NAME = "One Children's Workforce";

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

export function formatDate(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return dateFormat.format(typeof value === 'string' ? new Date(value) : value);
}

export function formatDateTime(value: Date | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  return dateTimeFormat
    .format(typeof value === 'string' ? new Date(value) : value)
    .replace(' am', 'am')
    .replace(' pm', 'pm');
}

export function createViewEnvironment(): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader([join(srcDir, 'views'), join(srcDir, 'modules'), govukDist], {
      noCache: process.env.NODE_ENV === 'development',
    }),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  env.addGlobal('serviceName', SERVICE_NAME);
  env.addFilter('date', formatDate);
  env.addFilter('dateTime', formatDateTime);
  env.addFilter('roleLabel', (role: string) =>
    role in ROLE_LABELS ? ROLE_LABELS[role as Role] : role,
  );
  env.addFilter('number', (n: number | null | undefined) =>
    n === null || n === undefined ? '' : n.toLocaleString('en-GB'),
  );
  return env;
}

declare module 'fastify' {
  interface FastifyReply {
    /**
     * Renders a page with the shared layout context (person, trust, CSRF token, CSP nonce). On a
     * table download route (see tablePage), sends the tables of the context instead, unless the
     * status says it is an error page.
     */
    page: (template: string, context?: Record<string, unknown>) => FastifyReply;
  }
}

export const viewsPlugin = fp(
  async (app: FastifyInstance) => {
    const env = createViewEnvironment();
    app.decorateReply(
      'page',
      function (this: FastifyReply, template: string, context: Record<string, unknown> = {}) {
        const request = this.request;
        // An error page (the error handler sets the status first) is shown as a page.
        if (isTableDownload(request) && this.statusCode < 400) {
          sendPageTables(request, this, context).catch((error: unknown) => this.send(error));
          return this;
        }
        linkTables(request, context);
        const auth = request.auth;
        const html = env.render(template, {
          auth,
          currentTrust: auth?.currentTrust ?? null,
          csrfToken: request.csrfToken(),
          cspNonce: this.cspNonce.script,
          currentPath: request.url.split('?')[0],
          ...context,
        });
        return this.type('text/html; charset=utf-8').send(html);
      },
    );
  },
  { name: 'ocw-views' },
);
