import { z } from 'zod';
import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { HttpError, ValidationError, type FieldError } from '../../kernel/errors.ts';
import { apiActor, apiTrust, defineApiRoute } from '../../web/api-route.ts';
import { listSectors, loadTrust, orderSectors } from '../trusts/index.ts';
import {
  questionnaireOf,
  questionnaireParams,
  roundOf,
  roundParams,
  TAG,
  WRITE,
} from './api-shared.ts';
import { COUNTS_EXAMPLE, INVITATIONS_EXAMPLE } from './api-examples.ts';
import {
  addInvitations,
  closedForMail,
  mailInvitations,
  MAX_INVITATIONS,
  parseEmailList,
} from './invitations.ts';
import { loadMonitoring } from './monitoring.ts';
import { listInvitations } from './repository.ts';

// Invitations and response counts in the JSON API.

interface InvitationServices {
  db: Database;
  mailer: Mailer;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
}

function inviteRoute(s: InvitationServices) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/invitations',
    summary: 'Invites people by email (sent later with the send endpoint)',
    description:
      'Addresses already invited, or repeated, are skipped and counted. Any invalid address rejects the whole request.',
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    body: z.object({
      emails: z
        .array(z.string())
        .min(1, 'Give at least one email address')
        .max(MAX_INVITATIONS, `Give ${MAX_INVITATIONS} email addresses or fewer`),
      sector: z.string().optional().describe('Sector key of these people, if known'),
    }),
    status: 201,
    response: z.object({
      added: z.number().int(),
      skipped: z.number().int().describe('Repeated or already invited'),
    }),
    example: {
      request: { emails: ['sam.jones@example.org', 'alex.khan@example.org'], sector: 'health' },
      response: { added: 2, skipped: 0 },
    },
    handler: async (ctx) => {
      const { q } = await questionnaireOf(ctx);
      const errors: FieldError[] = [];
      const emails: string[] = [];
      ctx.body.emails.forEach((raw, i) => {
        const parsed = parseEmailList(raw.replace(/[\r\n]/g, ' '));
        if (parsed.bad.length > 0 || parsed.emails.length !== 1)
          errors.push({
            field: `emails.${i}`,
            message: `Not an email address: ${raw.slice(0, 60)}`,
          });
        else emails.push(...parsed.emails);
      });
      const unique = [...new Set(emails)];
      const repeats = emails.length - unique.length;
      const sectorKey = ctx.body.sector ?? null;
      if (sectorKey !== null) {
        const sectors = await ctx.inTrust(listSectors);
        if (!sectors.some((s) => s.key === sectorKey))
          errors.push({ field: 'sector', message: 'Unknown sector' });
      }
      if (errors.length > 0) throw new ValidationError(errors);
      const db = s.db;
      return addInvitations(
        db,
        apiTrust(ctx).id,
        apiActor(ctx),
        q,
        { emails: unique, repeats },
        sectorKey,
      );
    },
  });
}

function mailingRoute(s: InvitationServices, kind: 'sent' | 'reminded') {
  return defineApiRoute({
    method: 'POST',
    url: `/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/invitations/${kind === 'sent' ? 'send' : 'remind'}`,
    summary:
      kind === 'sent'
        ? 'Emails every invitation not sent yet'
        : 'Emails a reminder to those sent, whose link is not opened, and not reminded today',
    description:
      kind === 'sent'
        ? 'Each email has a link of its own, which takes the person back to their answers until they send them.'
        : 'A reminder carries the same link as the first email.',
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    response: z.object({ mailed: z.number().int() }),
    example: { response: { mailed: kind === 'sent' ? 40 : 9 } },
    handler: async (ctx) => {
      const { q } = await questionnaireOf(ctx);
      if (closedForMail(q))
        throw new ValidationError([
          { field: 'questionnaire', message: 'The questionnaire has closed' },
        ]);
      const { db, mailer, config } = s;
      const trust = apiTrust(ctx);
      const result = await mailInvitations(
        {
          db,
          mailer,
          baseUrl: config.baseUrl,
          sessionSecret: config.sessionSecret,
          trustId: trust.id,
          trustName: (await loadTrust(db, trust.id)).name,
          actor: apiActor(ctx),
          log: ctx.request.log,
        },
        q,
        kind,
      );
      if (result.failed)
        throw new HttpError(
          503,
          `The mail server did not accept the emails; ${result.mailed} were sent. Try again later.`,
        );
      return { mailed: result.mailed };
    },
  });
}

const sectorCount = z.object({
  sector: z.string().nullable().describe('Sector key; null for responses that did not say'),
  name: z.string(),
  responses: z.number().int(),
  headcount: z.number().int().nullable(),
  rate: z.number().nullable().describe('Responses ÷ headcount, when the headcount is known'),
  underRepresented: z.boolean(),
});

function countsRoute(s: InvitationServices) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/response-counts',
    summary: 'Responses of a round by sector (against headcount) and by audience',
    description:
      'A sector is under-represented with fewer than 5 responses, or under 10% of its headcount.',
    tag: TAG,
    params: roundParams,
    response: z.object({
      total: z.number().int(),
      bySector: z.array(sectorCount.extend({ byAudience: z.record(z.string(), z.number().int()) })),
      byAudience: z.array(
        z.object({ audience: z.string(), name: z.string(), responses: z.number().int() }),
      ),
      underRepresented: z
        .array(z.string().nullable())
        .describe('Keys of under-represented sectors'),
    }),
    example: { response: COUNTS_EXAMPLE },
    handler: async (ctx) => {
      const { round, version } = await roundOf(ctx);
      const sectors = orderSectors(await ctx.inTrust(listSectors));
      const db = s.db;
      const m = await loadMonitoring(db, apiTrust(ctx).id, round.id, version, sectors);
      return {
        total: m.total,
        bySector: m.sectors.map((s) => ({
          sector: s.key,
          name: s.name,
          responses: s.count,
          headcount: s.headcount,
          rate: s.rate,
          underRepresented: s.underRepresented,
          byAudience: Object.fromEntries(m.audiences.map((a, i) => [a.key, s.byAudience[i] ?? 0])),
        })),
        byAudience: m.audiences.map((a) => ({ audience: a.key, name: a.name, responses: a.count })),
        underRepresented: m.underRepresented.map((s) => s.key),
      };
    },
  });
}

function invitationsRoute() {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/trusts/:trust/rounds/:round/questionnaires/:questionnaire/invitations',
    summary: 'The people invited, each with whether their link has been opened',
    description:
      'Whether a link was opened is all that is known: nothing records who sent answers, or which answers came from which link.',
    tag: TAG,
    roles: WRITE,
    params: questionnaireParams,
    response: z.object({
      invitations: z.array(
        z.object({
          email: z.string(),
          sector: z.string().nullable().describe('Sector key given with the invitation'),
          sentOn: z.iso.date().nullable(),
          remindedOn: z.iso.date().nullable().describe('Day of the last reminder'),
          status: z
            .enum(['not sent', 'not opened', 'opened'])
            .describe('Opened: the link has been opened at least once'),
        }),
      ),
    }),
    example: { response: INVITATIONS_EXAMPLE },
    handler: async (ctx) => {
      const { q } = await questionnaireOf(ctx);
      const rows = await ctx.inTrust((tx) => listInvitations(tx, q.id));
      return {
        invitations: rows.map((r) => ({
          email: r.email,
          sector: r.sectorKey,
          sentOn: r.sentOn,
          remindedOn: r.remindedOn,
          status: linkStatus(r),
        })),
      };
    },
  });
}

function linkStatus(r: { sentOn: string | null; opened: boolean }) {
  if (r.sentOn === null) return 'not sent' as const;
  return r.opened ? ('opened' as const) : ('not opened' as const);
}

/** The invitation and response-count operations of the API, in the order of the OpenAPI document. */
export function invitationsApi(s: InvitationServices) {
  return [
    inviteRoute(s),
    mailingRoute(s, 'sent'),
    mailingRoute(s, 'reminded'),
    countsRoute(s),
    invitationsRoute(),
  ];
}
