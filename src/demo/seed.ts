import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inArray } from 'drizzle-orm';
import type { Config } from '../config.ts';
import type { Database, Tx } from '../db/client.ts';
import { localities, organisations, trusts, trustSectors, users } from '../db/schema/index.ts';
import type { Actor } from '../kernel/audit.ts';
import { NATIONAL_SECTORS } from '../kernel/framework.ts';
import {
  generatePassword,
  ensureUser,
  findTrustBySlug,
  grantGlobalRole,
  grantTrustRole,
  insertTrust,
} from '../modules/people/index.ts';
import { DEMO_SECOND_TRUST, DEMO_TRUST, DEMO_USERS } from './data.ts';
import { seedDemoActions } from './actions.ts';
import { seedDemoRounds } from './rounds.ts';

const OPERATOR: Actor = { userId: null, label: 'demo data' };

export interface DemoInfo {
  trustName: string;
  emails: string[];
  password: string;
}

/** The demo password: DEMO_PASSWORD, or one generated on first run and kept in DATA_DIR. */
function demoPassword(config: Pick<Config, 'demoPassword' | 'dataDir'>): string {
  if (config.demoPassword !== undefined) return config.demoPassword;
  const file = join(config.dataDir, 'demo-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = generatePassword();
  mkdirSync(config.dataDir, { recursive: true });
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/** Loads the demo trusts on first run (or again after --reset). */
export async function ensureDemo(
  db: Database,
  config: Pick<Config, 'demoPassword' | 'dataDir'>,
  options: { reset?: boolean } = {},
): Promise<DemoInfo> {
  const password = demoPassword(config);
  const info = { trustName: DEMO_TRUST.name, emails: DEMO_USERS.map((u) => u.email), password };
  if (options.reset === true) await removeDemo(db);
  const exists = await db.asSystem((tx) => findTrustBySlug(tx, DEMO_TRUST.slug));
  if (exists !== undefined) return info;
  await db.asSystem(async (tx) => {
    const ids = new Map<string, string>();
    for (const trust of [DEMO_TRUST, DEMO_SECOND_TRUST])
      ids.set(trust.slug, await seedTrust(tx, trust));
    for (const person of DEMO_USERS) {
      const { user } = await ensureUser(tx, { email: person.email, name: person.name, password });
      if (person.global !== undefined) await grantGlobalRole(tx, user.id, person.global);
      for (const { trust, role } of person.roles)
        await grantTrustRole(tx, OPERATOR, ids.get(trust) ?? '', user.id, role);
    }
    const demoId = ids.get(DEMO_TRUST.slug);
    if (demoId !== undefined) {
      await seedDemoRounds(tx, demoId, [
        ...DEMO_TRUST.sectors.map((s) => s.key),
        ...DEMO_TRUST.customSectors.map((s) => s.key),
      ]);
      await seedDemoActions(tx, demoId);
    }
  });
  return info;
}

async function seedTrust(tx: Tx, data: typeof DEMO_TRUST): Promise<string> {
  const trust = await insertTrust(tx, OPERATOR, {
    slug: data.slug,
    name: data.name,
    region: data.region,
  });
  if (trust === undefined) throw new Error(`trust ${data.slug} already exists`);
  await tx.insert(localities).values(data.localities.map((name) => ({ trustId: trust.id, name })));
  const sectorRows = [
    ...data.sectors.map((s) => {
      const national = NATIONAL_SECTORS.find((n) => n.key === s.key);
      if (national === undefined) throw new Error(`unknown sector ${s.key}`);
      return {
        trustId: trust.id,
        key: s.key,
        name: national.name,
        nationalKey: s.key,
        custom: false,
        headcount: s.headcount,
      };
    }),
    ...data.customSectors.map((s) => ({
      trustId: trust.id,
      key: s.key,
      name: s.name,
      nationalKey: s.nationalKey,
      custom: true,
      headcount: s.headcount,
    })),
  ];
  const inserted = await tx
    .insert(trustSectors)
    .values(sectorRows)
    .returning({ id: trustSectors.id, key: trustSectors.key });
  const sectorId = new Map(inserted.map((s) => [s.key, s.id]));
  await tx.insert(organisations).values(
    data.organisations.map((o) => ({
      trustId: trust.id,
      name: o.name,
      sectorId: sectorId.get(o.sector) ?? '',
    })),
  );
  return trust.id;
}

async function removeDemo(db: Database) {
  await db.asSystem(async (tx) => {
    await tx.delete(trusts).where(inArray(trusts.slug, [DEMO_TRUST.slug, DEMO_SECOND_TRUST.slug]));
    await tx.delete(users).where(
      inArray(
        users.email,
        DEMO_USERS.map((u) => u.email),
      ),
    );
  });
}
