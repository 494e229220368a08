import { asc, countDistinct, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { memberships, trusts } from '../../db/schema/index.ts';

// Reads across every trust: call only inside db.asSystem, for system admins.

export interface TrustRow {
  id: string;
  name: string;
  slug: string;
  region: string | null;
  createdAt: Date;
  people: number;
}

/** Every trust with the number of distinct people who hold a role in it. */
export async function listTrustsWithPeople(tx: Tx): Promise<TrustRow[]> {
  return tx
    .select({
      id: trusts.id,
      name: trusts.name,
      slug: trusts.slug,
      region: trusts.region,
      createdAt: trusts.createdAt,
      people: countDistinct(memberships.userId),
    })
    .from(trusts)
    .leftJoin(memberships, eq(memberships.trustId, trusts.id))
    .groupBy(trusts.id)
    .orderBy(asc(trusts.name));
}
