import { eq, inArray } from 'drizzle-orm';
import type { Database } from '../src/db/client.ts';
import { actionLeads, actions, actionUpdates, users } from '../src/db/schema/index.ts';
import { numberSortKey, parseActionNumber, type TargetDate } from '../src/modules/actions/index.ts';

// Actions of a trust written straight into the tables (as the plan's service would), for the
// tests of what reads them: the weekly reminders.

export interface ActionFixture {
  number: string;
  title: string;
  status?: 'not-started' | 'in-progress' | 'complete' | 'dropped';
  target?: TargetDate | null;
  targetDue?: string | null;
  revisedTarget?: TargetDate | null;
  revisedDue?: string | null;
  /** When the action was added (default: now). */
  createdAt?: Date;
  /** Users (by id) or named people without an account. */
  leads: ({ userId: string; name: string } | { name: string })[];
  /** The days of its progress updates. */
  updates?: string[];
}

/** A day `days` from today (UTC), 'YYYY-MM-DD'; negative for the past. */
export function daysFromToday(days: number, now = new Date()): string {
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

export const dayTarget = (date: string): TargetDate => ({ kind: 'day', date });

export async function addAction(db: Database, trustId: string, a: ActionFixture): Promise<string> {
  return db.withTrust(trustId, async (tx) => {
    const parsed = parseActionNumber(a.number);
    if (!parsed.ok) throw new Error(parsed.message);
    const key = numberSortKey(parsed.value);
    const [row] = await tx
      .insert(actions)
      .values({
        trustId,
        number: a.number,
        numberKey: key,
        title: a.title,
        status: a.status ?? 'in-progress',
        target: a.target ?? null,
        targetDue: a.targetDue ?? null,
        revisedTarget: a.revisedTarget ?? null,
        revisedDue: a.revisedDue ?? null,
        revisedReason: a.revisedTarget ? 'The partners agreed a later date' : '',
        createdBy: 'test',
        ...(a.createdAt === undefined ? {} : { createdAt: a.createdAt }),
      })
      .returning({ id: actions.id });
    if (row === undefined) throw new Error('action not added');
    if (a.leads.length > 0)
      await tx.insert(actionLeads).values(
        a.leads.map((lead, position) => ({
          trustId,
          actionId: row.id,
          userId: 'userId' in lead ? lead.userId : null,
          name: lead.name,
          position,
        })),
      );
    for (const day of a.updates ?? [])
      await tx.insert(actionUpdates).values({
        trustId,
        actionId: row.id,
        updatedOn: day,
        text: 'Progress as agreed at the partnership meeting',
        authorName: 'Test author',
        status: a.status ?? 'in-progress',
      });
    return row.id;
  });
}

/** The ids and names of users, by email. */
export async function usersByEmail(
  db: Database,
  emails: string[],
): Promise<Map<string, { userId: string; name: string }>> {
  const rows = await db.asSystem((tx) =>
    tx
      .select({ id: users.id, email: users.email, name: users.name })
      .from(users)
      .where(inArray(users.email, emails)),
  );
  return new Map(rows.map((r) => [r.email, { userId: r.id, name: r.name }]));
}

export async function userId(db: Database, email: string): Promise<string> {
  const [row] = await db.asSystem((tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.email, email)),
  );
  if (row === undefined) throw new Error(`no user ${email}`);
  return row.id;
}
