import { and, asc, eq } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { trustTranslations } from '../../db/schema/index.ts';
import { insertedRow } from '../../kernel/errors.ts';

// The SQL of a trust's translations. Every function runs in the trust's own transaction
// (row-level security), so it only ever sees and writes that trust's rows.

const summary = {
  id: trustTranslations.id,
  version: trustTranslations.frameworkVersion,
  language: trustTranslations.language,
  name: trustTranslations.name,
  nativeName: trustTranslations.nativeName,
  dir: trustTranslations.dir,
  textCount: trustTranslations.textCount,
  checksum: trustTranslations.checksum,
  uploadedBy: trustTranslations.uploadedBy,
  uploadedAt: trustTranslations.uploadedAt,
};

export type TranslationRow = {
  id: string;
  version: string;
  language: string;
  name: string;
  nativeName: string;
  dir: string;
  textCount: number;
  checksum: string;
  uploadedBy: string;
  uploadedAt: Date;
};

const at = (version: string, language: string) =>
  and(eq(trustTranslations.frameworkVersion, version), eq(trustTranslations.language, language));

/** The trust's translations (without their texts), by version then language. */
export function listTranslations(tx: Tx, version?: string): Promise<TranslationRow[]> {
  return tx
    .select(summary)
    .from(trustTranslations)
    .where(version === undefined ? undefined : eq(trustTranslations.frameworkVersion, version))
    .orderBy(asc(trustTranslations.frameworkVersion), asc(trustTranslations.language));
}

export async function findTranslation(
  tx: Tx,
  version: string,
  language: string,
): Promise<TranslationRow | undefined> {
  const [row] = await tx.select(summary).from(trustTranslations).where(at(version, language));
  return row;
}

/** The texts of a translation, by its id. */
export async function translationTexts(
  tx: Tx,
  id: string,
): Promise<Record<string, string> | undefined> {
  const [row] = await tx
    .select({ texts: trustTranslations.texts })
    .from(trustTranslations)
    .where(eq(trustTranslations.id, id));
  return row?.texts;
}

export interface NewTranslation {
  trustId: string;
  version: string;
  language: string;
  name: string;
  nativeName: string;
  dir: 'ltr' | 'rtl';
  texts: Record<string, string>;
  checksum: string;
  uploadedBy: string;
}

/** Stores a translation, replacing the trust's earlier one for the version and language. */
export async function putTranslation(tx: Tx, t: NewTranslation): Promise<TranslationRow> {
  const values = {
    name: t.name,
    nativeName: t.nativeName,
    dir: t.dir,
    texts: t.texts,
    textCount: Object.keys(t.texts).length,
    checksum: t.checksum,
    uploadedBy: t.uploadedBy,
    uploadedAt: new Date(),
  };
  const [row] = await tx
    .insert(trustTranslations)
    .values({ trustId: t.trustId, frameworkVersion: t.version, language: t.language, ...values })
    .onConflictDoUpdate({
      target: [
        trustTranslations.trustId,
        trustTranslations.frameworkVersion,
        trustTranslations.language,
      ],
      set: values,
    })
    .returning(summary);
  return insertedRow(row, 'a translation');
}

/** Removes a translation; false if the trust has none for the version and language. */
export async function deleteTranslation(
  tx: Tx,
  version: string,
  language: string,
): Promise<boolean> {
  const rows = await tx
    .delete(trustTranslations)
    .where(at(version, language))
    .returning({ id: trustTranslations.id });
  return rows.length > 0;
}
