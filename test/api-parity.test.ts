import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useApp } from './build.ts';
import { routesOf } from './hostile-input-support.ts';

// Every action a person can take on a page (a form posted to a web route) has its JSON API
// operation, by the same service call: this table says which, in the API's own words
// ("METHOD /api/v1/…" with :params), or why a route has none. A new form without an entry
// fails here, and so does an entry naming an operation the OpenAPI document does not have.

type Entry = `${'POST' | 'PUT' | 'PATCH' | 'DELETE'} /api/v1/${string}` | { exempt: string };

const OWN_SESSION = { exempt: "a person's own session and password, not an API user's" };
const RESPONDENT = { exempt: 'the anonymous respondent journey: respondents are not API users' };
const REMINDERS = {
  exempt: "a reminder recipient's own choice, by the signed link in the email, not an API user's",
};
const PREVIEW = { exempt: 'a questionnaire preview, which stores nothing' };

const R = '/trusts/:trust/rounds/:round';
const API_R = '/api/v1/trusts/:trust/rounds/:round';
const Q = `${R}/questionnaires/:q`;
const API_Q = `${API_R}/questionnaires/:questionnaire`;
const S = '/trusts/:trust/settings';
const T = '/trusts/:trust';
const API_T = '/api/v1/trusts/:trust';

const RESPONDENT_STEPS = ['about', 'page/:n', 'resume', 'start', 'submit'];

const PARITY: Record<string, Entry> = {
  // A person's own session.
  'POST /sign-in': OWN_SESSION,
  'POST /sign-out': OWN_SESSION,
  'POST /forgot-password': OWN_SESSION,
  'POST /reset-password/:token': OWN_SESSION,
  'POST /invitation/:token': OWN_SESSION,
  'POST /switch-trust': OWN_SESSION,
  // Respondents, and the preview of what they see.
  ...Object.fromEntries(
    RESPONDENT_STEPS.flatMap((step) => [
      [`POST /i/:key/${step}`, RESPONDENT],
      [`POST /q/:key/${step}`, RESPONDENT],
      [`POST ${Q}/preview/:audience/:lang/${step}`, PREVIEW],
    ]),
  ),
  // Action reminders: stopping and restarting them from the email's link.
  'POST /reminders/unsubscribe/:token': REMINDERS,
  'POST /reminders/unsubscribe/:token/resubscribe': REMINDERS,
  'POST /reminders/unsubscribe/:token/one-click': REMINDERS,
  // Focus areas and the plan against a round.
  [`POST ${T}/focus-areas/new`]: `POST ${API_T}/focus-areas`,
  [`POST ${T}/focus-areas/:focusArea/edit`]: `PATCH ${API_T}/focus-areas/:focusArea`,
  [`POST ${T}/focus-areas/:focusArea/move`]: `POST ${API_T}/focus-areas/:focusArea/move`,
  [`POST ${T}/focus-areas/:focusArea/remove`]: `DELETE ${API_T}/focus-areas/:focusArea`,
  [`POST ${T}/rounds/:round/actions/adopt`]: `POST ${API_T}/focus-areas`,
  // System admin.
  'POST /admin/trusts/new': 'POST /api/v1/trusts',
  'POST /admin/framework/:version/publish': 'POST /api/v1/framework/versions/:version/publish',
  // Trust set-up.
  [`POST ${S}/details`]: `PUT ${API_T}`,
  [`POST ${S}/safeguarding-contact`]: `PUT ${API_T}/safeguarding-contact`,
  [`POST ${S}/sectors`]: `PUT ${API_T}/sectors`,
  [`POST ${S}/sectors/custom`]: `POST ${API_T}/sectors`,
  [`POST ${S}/sectors/:id/remove`]: `DELETE ${API_T}/sectors/:sector`,
  [`POST ${S}/headcount`]: `PUT ${API_T}/headcount`,
  [`POST ${S}/headcount/upload`]: `PUT ${API_T}/headcount`,
  [`POST ${S}/localities`]: `POST ${API_T}/localities`,
  [`POST ${S}/localities/:id/remove`]: `DELETE ${API_T}/localities/:locality`,
  [`POST ${S}/organisations`]: `POST ${API_T}/organisations`,
  [`POST ${S}/organisations/bulk`]: `POST ${API_T}/organisations/bulk`,
  [`POST ${S}/organisations/:id/remove`]: `DELETE ${API_T}/organisations/:organisation`,
  [`POST ${S}/translations/upload`]: `PUT ${API_T}/translations/:version/:language`,
  [`POST ${S}/translations/:version/:language/remove`]: `DELETE ${API_T}/translations/:version/:language`,
  // People, API tokens.
  'POST /trusts/:trust/users/invite': `POST ${API_T}/users`,
  'POST /trusts/:trust/users/:userId': `PATCH ${API_T}/users/:user`,
  'POST /trusts/:trust/users/:userId/remove': `DELETE ${API_T}/users/:user`,
  'POST /trusts/:trust/users/:userId/resend': `POST ${API_T}/users/:user/invitation`,
  'POST /trusts/:trust/api-tokens': `POST ${API_T}/api-tokens`,
  'POST /trusts/:trust/api-tokens/:id/revoke': `DELETE ${API_T}/api-tokens/:token`,
  // Rounds and their plan.
  'POST /trusts/:trust/rounds/new': `POST ${API_T}/rounds`,
  [`POST ${R}/status`]: `PATCH ${API_R}`,
  [`POST ${R}/details`]: `PUT ${API_R}/details`,
  [`POST ${R}/plan/new`]: `POST ${API_R}/plan`,
  [`POST ${R}/plan/:test`]: `PUT ${API_R}/plan/:test`,
  [`POST ${R}/plan/:test/remove`]: `DELETE ${API_R}/plan/:test`,
  // Questionnaires, links and invitations.
  [`POST ${R}/questionnaires/new`]: `POST ${API_R}/questionnaires`,
  [`POST ${Q}/edit`]: `PATCH ${API_Q}`,
  [`POST ${Q}/links`]: `POST ${API_Q}/links`,
  [`POST ${Q}/links/all`]: `POST ${API_Q}/links/all`,
  [`POST ${Q}/links/:link/close`]: `POST ${API_Q}/links/:link/close`,
  [`POST ${Q}/links/:link/reopen`]: `POST ${API_Q}/links/:link/reopen`,
  [`POST ${Q}/invitations`]: `POST ${API_Q}/invitations`,
  [`POST ${Q}/invitations/send`]: `POST ${API_Q}/invitations/send`,
  [`POST ${Q}/invitations/remind`]: `POST ${API_Q}/invitations/remind`,
  // Workshops, answers gathered elsewhere, analysis.
  [`POST ${R}/workshops/new`]: `POST ${API_R}/workshops`,
  [`POST ${R}/workshops/:workshop/edit`]: `PATCH ${API_R}/workshops/:workshop`,
  [`POST ${R}/workshops/:workshop/remove`]: `DELETE ${API_R}/workshops/:workshop`,
  [`POST ${R}/workshops/:workshop/areas/:area`]: `PUT ${API_R}/workshops/:workshop/areas/:area`,
  [`POST ${R}/import`]: `POST ${API_R}/responses/import`,
  [`POST ${R}/analysis/release`]: `POST ${API_R}/release`,
  // The action plan's pages.
  [`POST ${T}/actions/new`]: `POST ${API_T}/actions`,
  [`POST ${T}/actions/:action/edit`]: `PATCH ${API_T}/actions/:action`,
  [`POST ${T}/actions/:action/revise`]: `PATCH ${API_T}/actions/:action`,
  [`POST ${T}/actions/:action/remove`]: `DELETE ${API_T}/actions/:action`,
  [`POST ${T}/actions/:action/progress`]: `POST ${API_T}/actions/:action/updates`,
  [`POST ${T}/actions/:action/rag`]: `PUT ${API_T}/actions/:action/rag`,
  // Importing an action plan (the API previews with ?preview=true).
  [`POST ${T}/actions/import`]: `POST ${API_T}/actions/import`,
  [`POST ${T}/actions/import/:draft/confirm`]: `POST ${API_T}/actions/import`,
  [`POST ${T}/actions/import/:draft/discard`]: {
    exempt: "a draft import is the page's own preview; the API previews without storing",
  },
};

/** An operation as the OpenAPI document writes it, its parameters' names left out. */
const shape = (operation: string) =>
  operation.replace(/:[A-Za-z]+/g, '{}').replace(/\{[A-Za-z]+\}/g, '{}');

describe('every action on a page has its API operation', () => {
  const bed = useApp();

  const webForms = () =>
    routesOf(bed.app)
      .filter((r) => r.method === 'POST' && !r.url.startsWith('/api'))
      .map((r) => `${r.method} ${r.url}`);

  const documented = async () => {
    const doc = (await bed.app.inject('/api/v1/openapi.json')).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    return new Set(
      Object.entries(doc.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => shape(`${method.toUpperCase()} ${path}`)),
      ),
    );
  };

  it('lists every web form in the table', (t) => {
    const forms = webForms();
    for (const form of forms) {
      const entry = PARITY[form];
      t.diagnostic(
        `${form} → ${entry === undefined ? 'MISSING' : typeof entry === 'string' ? entry : `none: ${entry.exempt}`}`,
      );
    }
    assert.deepEqual(
      forms.filter((form) => PARITY[form] === undefined),
      [],
      'web forms with no entry in the table',
    );
    assert.deepEqual(
      Object.keys(PARITY).filter((form) => !forms.includes(form)),
      [],
      'entries of the table for no web route',
    );
  });

  it('names only operations the OpenAPI document has', async () => {
    const operations = await documented();
    const missing = Object.entries(PARITY)
      .filter(([form]) => webForms().includes(form))
      .flatMap(([, entry]) => (typeof entry === 'string' ? [entry] : []))
      .filter((operation) => !operations.has(shape(operation)));
    assert.deepEqual([...new Set(missing)], [], 'operations named in the table but not in the API');
  });

  it('gives every exemption a reason', () => {
    for (const [form, entry] of Object.entries(PARITY))
      if (typeof entry !== 'string') assert.ok(entry.exempt.length > 10, form);
  });
});
