import type { Mail } from '../../mail.ts';
import { createViewEnvironment } from '../../web/views.ts';
import { NO_UPDATE_DAYS } from './rag.ts';
import type { LeadReminder, ReminderItem } from './reminders.ts';

// The weekly reminder email: the lead's overdue and stale actions, each with why it is listed
// and a link to its page, a link to "My actions", and an unsubscribe link that works without
// signing in (also as List-Unsubscribe, with one-click unsubscribe for mail clients: RFC 8058).
// Plain text, and the same words in HTML.

export interface ReminderLinks {
  /** The site's address, without a trailing slash. */
  baseUrl: string;
  trustSlug: string;
  /** The unsubscribe page (reminder-token.ts). */
  unsubscribe: string;
}

let views: ReturnType<typeof createViewEnvironment> | undefined;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export const actionUrl = (links: ReminderLinks, actionId: string) =>
  `${links.baseUrl}/trusts/${links.trustSlug}/actions/${actionId}`;

export const myActionsUrl = (links: ReminderLinks) =>
  `${links.baseUrl}/trusts/${links.trustSlug}/actions/mine`;

/** One action as a few lines of text. */
function itemText(item: ReminderItem, url: string): string {
  const lines = [`${item.number}. ${item.title}`];
  if (item.dueText !== null)
    lines.push(`   Target date: ${item.dueText}${item.revised ? ' (revised)' : ''}`);
  lines.push(`   Why it is listed: ${item.reasons.join('. ')}.`, `   ${url}`);
  return lines.join('\n');
}

function subjectOf(count: number): string {
  return `Your action plan: ${plural(count, 'action')} to look at`;
}

function introOf(trustName: string, count: number): string {
  return `This is your weekly reminder from ${trustName}'s action plan. You lead ${plural(count, 'action')} that ${count === 1 ? 'is' : 'are'} past ${count === 1 ? 'its' : 'their'} target date or ${count === 1 ? 'has' : 'have'} had no progress update for ${NO_UPDATE_DAYS} days or more.`;
}

const NEXT_STEP =
  'Please add a progress update to each, or revise its target date and say why, so that everyone can see where the plan stands.';

const WHY_SENT =
  'You get this email once a week while you lead actions like these. If you have none, we do not write.';

export function reminderMail(trustName: string, lead: LeadReminder, links: ReminderLinks): Mail {
  const count = lead.items.length;
  const items = lead.items.map((item) => ({ ...item, url: actionUrl(links, item.actionId) }));
  const text = `Hello ${lead.name},

${introOf(trustName, count)}

${items.map((item) => itemText(item, item.url)).join('\n\n')}

${NEXT_STEP}

See all the actions you lead:
${myActionsUrl(links)}

${WHY_SENT} To stop these reminders:
${links.unsubscribe}

Thank you,
${trustName}
`;
  views ??= createViewEnvironment();
  const html = views.render('actions/views/reminder-mail.njk', {
    subject: subjectOf(count),
    name: lead.name,
    intro: introOf(trustName, count),
    items,
    nextStep: NEXT_STEP,
    whySent: WHY_SENT,
    mine: myActionsUrl(links),
    unsubscribe: links.unsubscribe,
    trustName,
  });
  return {
    to: lead.email,
    subject: subjectOf(count),
    text,
    html,
    headers: {
      'List-Unsubscribe': `<${links.unsubscribe}/one-click>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
