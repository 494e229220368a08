// The data of the action plan benchmark (bench/actions.ts): a council-shaped plan of any size
// as CSV, and a large stored plan loaded by bulk inserts.
//
// The CSV is laid out as councils keep their plans: a title row and a date above the table, a
// blank row, then "No, Action, Lead Officer, Target Date, Progress, RAG, Status". Numbers
// run 1, 1.1 … 1.4, 2, …; target dates are written seven ways (31/03/2027, Oct-27, Q3 2027,
// 2027, March 2028, Summer 2027, Ongoing); leads are the trust's users by name, teams without
// accounts, and two leads in one cell; some rows have a dated progress note, some a RAG.
//
// The stored plan is inserted directly (500 actions in one statement, updates 2,000 a
// statement), as an import would leave it: numbers, target dates with their due days, leads
// (some the trust's users), and progress updates spread over the past year.

import { actionLeads, actions, actionUpdates } from '../src/db/schema/index.ts';
import type { Database } from '../src/db/client.ts';
import {
  dueDate,
  numberSortKey,
  parseActionNumber,
  type TargetDate,
} from '../src/modules/actions/index.ts';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August'];
const SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TEAMS = ['Workforce Development Team', 'Early Help Service', 'Schools Workforce Adviser'];
const TOPICS = [
  'Agree a shared induction for staff new to working with children',
  'Run joint training on information sharing',
  'Use one common assessment across early help',
  'Map career pathways between services',
  'Agree minimum standards for supervision',
  'Run a joint recruitment campaign for hard-to-fill roles',
  'Collect vacancy and turnover figures from every employer',
  'Offer safer recruitment training to voluntary groups',
];
const RAGS = ['Green', 'Amber', 'Red', '', 'Complete', 'Green', ''];
const STATUSES = ['In progress', 'In progress', 'Not started', 'Complete', 'In progress'];

/** The action number of the i-th row: five rows a number, 1, 1.1, 1.2, 1.3, 1.4, 2, … */
export const planNumber = (i: number) =>
  i % 5 === 0 ? String(i / 5 + 1) : `${Math.floor(i / 5) + 1}.${i % 5}`;

const quote = (cell: string) => (/[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);

function targetText(i: number, year: number): string {
  const y = year + (i % 3);
  switch (i % 7) {
    case 0:
      return `${String((i % 28) + 1).padStart(2, '0')}/${String((i % 12) + 1).padStart(2, '0')}/${y}`;
    case 1:
      return `${SHORT[i % 12] ?? 'Oct'}-${String(y % 100).padStart(2, '0')}`;
    case 2:
      return `Q${(i % 4) + 1} ${y}`;
    case 3:
      return String(y);
    case 4:
      return `${MONTHS[i % 8] ?? 'March'} ${y}`;
    case 5:
      return `Summer ${y}`;
    default:
      return 'Ongoing';
  }
}

function leadText(i: number, users: readonly string[]): string {
  const user = users[i % users.length] ?? 'Workforce lead';
  const team = TEAMS[i % TEAMS.length] ?? 'Workforce Development Team';
  if (i % 4 === 0) return `${user} / ${team}`;
  return i % 2 === 0 ? team : user;
}

/** A council-shaped action plan of `rows` actions, as CSV text. */
export function planCsv(rows: number, users: readonly string[], today: Date): string {
  const year = today.getUTCFullYear();
  const lines = [
    `Benchmark Children's Partnership - Children's Workforce Action Plan ${year} to ${year + 3},,,,,,`,
    `Progress at ${today.toISOString().slice(0, 10)},,,,,,`,
    ',,,,,,',
    'No,Action,Lead Officer,Target Date,Progress,RAG,Status',
  ];
  for (let i = 0; i < rows; i++) {
    const day = new Date(today.getTime() - ((i * 37) % 300) * 86_400_000);
    const dated = `${String(day.getUTCDate()).padStart(2, '0')}/${String(day.getUTCMonth() + 1).padStart(2, '0')}/${day.getUTCFullYear()}`;
    const progress =
      i % 3 === 0
        ? ''
        : i % 3 === 1
          ? `${dated}: met with partners, next steps agreed.`
          : 'Work under way.';
    const cells = [
      planNumber(i),
      `${TOPICS[i % TOPICS.length] ?? 'Action'} (${i + 1})`,
      leadText(i, users),
      targetText(i, year),
      progress,
      RAGS[i % RAGS.length] ?? '',
      STATUSES[i % STATUSES.length] ?? 'In progress',
    ];
    lines.push(cells.map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

function storedTarget(i: number, year: number): TargetDate {
  switch (i % 4) {
    case 0:
      return { kind: 'month', year: year + (i % 2), month: (i % 12) + 1 };
    case 1:
      return { kind: 'quarter', year, quarter: ((i % 4) + 1) as 1 };
    case 2:
      return { kind: 'year', year: year + 1 };
    default:
      return { kind: 'ongoing' };
  }
}

/** Inserts a plan of `count` actions with `updates` progress updates in all, for the plan page. */
export async function seedLargePlan(
  db: Database,
  trustId: string,
  options: { count: number; updates: number; leads: readonly { id: string; name: string }[] },
  today = new Date(),
): Promise<{ actions: number; updates: number }> {
  const year = today.getUTCFullYear();
  return db.withTrust(trustId, async (tx) => {
    const rows = Array.from({ length: options.count }, (_, i) => {
      const parsed = parseActionNumber(planNumber(i));
      if (!parsed.ok) throw new Error(parsed.message);
      const target = storedTarget(i, year);
      return {
        trustId,
        number: parsed.value.text,
        numberKey: numberSortKey(parsed.value),
        title: `${TOPICS[i % TOPICS.length] ?? 'Action'} (${i + 1})`,
        description: 'Part of the partnership’s children’s workforce plan.',
        partners: TEAMS.join(', '),
        target,
        targetDue: dueDate(target),
        status: (['in-progress', 'not-started', 'complete', 'in-progress'] as const)[i % 4],
        ragOverride: i % 25 === 0 ? 'amber' : null,
        ragOverrideReason: i % 25 === 0 ? 'Waiting for a partner’s decision' : '',
        createdBy: 'benchmark',
        createdAt: new Date(today.getTime() - 400 * 86_400_000),
      };
    });
    const ids = (await tx.insert(actions).values(rows).returning({ id: actions.id })).map(
      (r) => r.id,
    );
    const leads = ids.flatMap((actionId, i) => {
      const user = options.leads[i % options.leads.length];
      const team = TEAMS[i % TEAMS.length] ?? 'Workforce Development Team';
      const first = user && i % 2 === 0 ? { userId: user.id, name: user.name } : { name: team };
      const list: { userId?: string; name: string }[] = [first];
      if (i % 5 === 0) list.push({ name: TEAMS[(i + 1) % TEAMS.length] ?? team });
      return list.map((lead, position) => ({ trustId, actionId, position, ...lead }));
    });
    await tx.insert(actionLeads).values(leads);
    const updates = Array.from({ length: options.updates }, (_, k) => {
      const day = new Date(today.getTime() - ((k * 53) % 365) * 86_400_000);
      return {
        trustId,
        actionId: ids[k % ids.length] ?? '',
        updatedOn: day.toISOString().slice(0, 10),
        text: 'Met with partners; next steps agreed and shared with the working group.',
        authorName: TEAMS[k % TEAMS.length] ?? 'Workforce Development Team',
        rag: (['green', 'amber', 'red'] as const)[k % 3],
        status: 'in-progress',
      };
    });
    for (let at = 0; at < updates.length; at += 2_000)
      await tx.insert(actionUpdates).values(updates.slice(at, at + 2_000));
    return { actions: ids.length, updates: updates.length };
  });
}
