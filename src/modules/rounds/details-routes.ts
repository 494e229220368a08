import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Database } from '../../db/client.ts';
import type { FieldError } from '../../kernel/errors.ts';
import { formBody, parseWith } from '../../web/forms.ts';
import { dateValues, formErrors, withDateParts } from '../../web/dates.ts';
import { roundDetailsFormSchema } from './schemas.ts';
import { changeRoundDetails } from './service.ts';
import { ROUND_WRITERS, roundPage, type RoundPage, type RoundParams } from './web.ts';

// Changing a round's title and dates, for the trust admin.

export const DATE_FIELDS = ['startsOn', 'endsOn'];

/** The past-dates box shows once the rules ask for it, and stays while it is ticked. */
export const askPastDates = (values: Record<string, unknown>, errors?: FieldError[]) =>
  values.confirmPastDates === 'yes' || (errors ?? []).some((e) => e.field === 'confirmPastDates');

const render = (
  reply: FastifyReply,
  page: RoundPage,
  values: Record<string, unknown>,
  errors?: FieldError[],
) =>
  reply.code(errors ? 400 : 200).page('rounds/views/details.njk', {
    title: 'Change the title and dates',
    breadcrumbs: page.breadcrumbs,
    base: page.base,
    round: page.round,
    values,
    askPastDates: askPastDates(values, errors),
    errors: errors ? formErrors(errors, DATE_FIELDS) : undefined,
  });

export function detailsRoutes(app: FastifyInstance, db: Database) {
  app.get<RoundParams>('/trusts/:trust/rounds/:round/details', async (request, reply) => {
    const page = await roundPage(db, request, request.params, ROUND_WRITERS);
    const { round } = page;
    return render(reply, page, {
      title: round.title,
      ...dateValues({ startsOn: round.startsOn, endsOn: round.endsOn }),
    });
  });

  app.post<RoundParams>('/trusts/:trust/rounds/:round/details', async (request, reply) => {
    const page = await roundPage(db, request, request.params, ROUND_WRITERS);
    const body = formBody(request.body);
    const parsed = parseWith(roundDetailsFormSchema, withDateParts(body, DATE_FIELDS));
    const outcome = parsed.ok
      ? await changeRoundDetails(db, page.trust.id, page.actor, page.round.id, parsed.data)
      : parsed;
    if (!outcome.ok) return render(reply, page, body, outcome.errors);
    return reply.redirect(`${page.base}?done=details`, 303);
  });
}
