import type { FastifyRequest } from 'fastify';
import type { FieldError } from '../../kernel/errors.ts';
import { formBody, parseWith } from '../../web/forms.ts';
import { withDateParts } from '../../web/dates.ts';
import type { WorkshopValues } from './repository.ts';
import {
  FORM_ORDER,
  participantField,
  participantsFormSchema,
  workshopFormSchema,
} from './schemas.ts';

// The workshop form: its details, checked by zod, and a whole-number box per sector.

type Sector = { key: string; name: string };

/** Orders errors as the fields appear on the form (participant boxes sit together). */
function inFormOrder(errors: FieldError[]): FieldError[] {
  const rank = (e: FieldError) =>
    FORM_ORDER.indexOf(e.field.startsWith('participants-') ? 'participants' : e.field);
  return [...errors].sort((a, b) => rank(a) - rank(b));
}

/** Reads the workshop form: the details and a count per sector. */
export function parseWorkshopForm(
  request: FastifyRequest,
  sectors: Sector[],
): { values: Record<string, unknown> } & (
  { ok: true; data: WorkshopValues } | { ok: false; errors: FieldError[] }
) {
  const values = formBody(request.body);
  const main = parseWith(workshopFormSchema, withDateParts(values, ['heldOn']));
  const counts = parseWith(participantsFormSchema(sectors), values);
  if (!main.ok || !counts.ok)
    return {
      values,
      ok: false,
      errors: inFormOrder([...(main.ok ? [] : main.errors), ...(counts.ok ? [] : counts.errors)]),
    };
  const participants = sectors.flatMap((s) => {
    const count = counts.data[participantField(s.key)] ?? 0;
    return count > 0 ? [{ sectorKey: s.key, count }] : [];
  });
  return { values, ok: true, data: { ...main.data, participants } };
}
