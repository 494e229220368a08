import { sql } from 'drizzle-orm';
import { queryRows, type Tx } from '../../db/client.ts';
import { present } from '../../kernel/errors.ts';

// A trust's set-up: how far each of its tasks has got, as the trust admin's home lists them.

export interface SetupCounts {
  sectors: number;
  sectorsWithoutHeadcount: number;
  localities: number;
  organisations: number;
  people: number;
}

/** "1 sector", "2 sectors", "1,200 sectors". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

export async function setupCounts(tx: Tx): Promise<SetupCounts> {
  const [row] = await queryRows<SetupCounts>(
    tx,
    sql`
    select
      (select count(*)::int from trust_sectors) as "sectors",
      (select count(*)::int from trust_sectors where headcount is null) as "sectorsWithoutHeadcount",
      (select count(*)::int from localities) as "localities",
      (select count(*)::int from organisations) as "organisations",
      (select count(distinct user_id)::int from memberships) as "people"`,
  );
  return present(row, 'the row of setup counts');
}

const COMPLETED = { text: 'Completed' };

function status(done: boolean, partial = false) {
  return done
    ? COMPLETED
    : {
        tag: {
          text: partial ? 'In progress' : 'Not yet started',
          classes: partial ? 'govuk-tag--light-blue' : 'govuk-tag--blue',
        },
      };
}

/** The task list of a trust's set-up, each with how far it has got. */
export function setupTasks(base: string, counts: SetupCounts) {
  const withHeadcount = counts.sectors - counts.sectorsWithoutHeadcount;
  return [
    {
      title: { text: 'Choose your sectors' },
      href: `${base}/settings/sectors`,
      hint: { text: plural(counts.sectors, 'sector') },
      status: status(counts.sectors > 0),
    },
    {
      title: { text: 'Enter headcount per sector' },
      href: `${base}/settings/headcount`,
      hint: {
        text:
          counts.sectors === 0
            ? 'The denominator for response rates'
            : `${withHeadcount.toLocaleString('en-GB')} of ${plural(counts.sectors, 'sector')} with a headcount`,
      },
      status: status(counts.sectors > 0 && counts.sectorsWithoutHeadcount === 0, withHeadcount > 0),
    },
    {
      title: { text: 'Add localities' },
      href: `${base}/settings/localities`,
      hint: { text: plural(counts.localities, 'locality', 'localities') },
      status: status(counts.localities > 0),
    },
    {
      title: { text: 'Add partner organisations' },
      href: `${base}/settings/organisations`,
      hint: { text: plural(counts.organisations, 'organisation') },
      status: status(counts.organisations > 0),
    },
    {
      title: { text: 'Invite people and give them roles' },
      href: `${base}/users`,
      hint: {
        text: `${plural(counts.people, 'person', 'people')} ${counts.people === 1 ? 'has' : 'have'} a role`,
      },
      status: status(counts.people > 1, counts.people === 1),
    },
  ];
}

/** Whether every set-up task is completed. */
export function setupComplete(tasks: ReturnType<typeof setupTasks>): boolean {
  return tasks.every((task) => task.status === COMPLETED);
}

/** The counts of the trust as the side panel lists them, in words. */
export function countLines(counts: SetupCounts): string[] {
  return [
    plural(counts.sectors, 'sector'),
    plural(counts.localities, 'locality', 'localities'),
    plural(counts.organisations, 'partner organisation'),
    `${plural(counts.people, 'person', 'people')} with a role`,
  ];
}
