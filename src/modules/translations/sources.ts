import { LRUCache } from 'lru-cache';
import type { Tx } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import {
  loadAudienceWording,
  loadTranslation,
  type FrameworkVersion,
  type FrameworkVersions,
} from '../framework/index.ts';
import { sourceTexts, type RespondentWording, type SourceText, type Texts } from './catalogue.ts';
import { textsFromParts } from './parts.ts';
import * as repo from './repository.ts';

// The English a translation is made from (a published framework version, its areas' words
// for children and families, the respondent pages' wording), and what a workbook for a
// language starts filled in with.

export function versionSources(
  versions: FrameworkVersions,
  respondentWording: (code: string) => RespondentWording | null,
) {
  // The texts of a version never change once a round uses it; a draft's may, so each is
  // remembered by the version's content.
  const sources = new LRUCache<FrameworkVersion, SourceText[]>({ max: 20 });

  /** A published version of the framework, with the texts a translation of it must give. */
  async function versionTexts(tx: Tx, key: string) {
    const found = await versions.get(tx, key);
    if (found === undefined || found.status !== 'published')
      throw new NotFoundError('There is no published framework version with that key');
    let texts = sources.get(found.content);
    if (texts === undefined) {
      const english = respondentWording('en');
      if (english === null) throw new NotFoundError('The respondent pages have no English wording');
      texts = sourceTexts({
        version: found.content,
        wording: loadAudienceWording(key, 'en'),
        respondent: english,
      });
      sources.set(found.content, texts);
    }
    return { version: found.content, texts };
  }

  /** What a workbook starts filled in with: the trust's own texts, else the product's. */
  async function filledTexts(
    tx: Tx,
    version: FrameworkVersion,
    language: string | undefined,
  ): Promise<Texts> {
    if (language === undefined) return {};
    const own = await repo.findTranslation(tx, version.key, language);
    if (own !== undefined) return (await repo.translationTexts(tx, own.id)) ?? {};
    const english = respondentWording('en');
    if (english === null) return {};
    const sources = {
      version,
      wording: loadAudienceWording(version.key, 'en'),
      respondent: english,
    };
    return textsFromParts(sources, {
      translation: loadTranslation(version.key, language),
      wording: loadAudienceWording(version.key, language),
      respondent: respondentWording(language),
    });
  }

  return { versionTexts, filledTexts };
}
