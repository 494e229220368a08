import type { Database } from '../../db/client.ts';
import { audit, type Actor } from '../../kernel/audit.ts';
import { findVersionSummary, publishVersion, type VersionSummary } from './repository.ts';

// Publishing a draft framework version, for system admins (the page and the API): every
// trust can then use it. Audited outside any trust.

export type PublishOutcome =
  { outcome: 'published' | 'already'; version: VersionSummary } | { outcome: 'missing' };

/** Publishes a draft version, with an audit entry outside any trust. */
export async function publishFrameworkVersion(
  db: Database,
  actor: Actor,
  key: string,
): Promise<PublishOutcome> {
  return db.asSystem(async (tx) => {
    const version = await findVersionSummary(tx, key);
    if (version === undefined) return { outcome: 'missing' };
    if (version.status === 'published') return { outcome: 'already', version };
    await publishVersion(tx, key);
    await audit(tx, actor, {
      trustId: null,
      action: 'published framework version',
      entity: 'framework_version',
      entityId: key,
      details: { title: version.title },
    });
    const published = await findVersionSummary(tx, key);
    return { outcome: 'published', version: published ?? version };
  });
}
