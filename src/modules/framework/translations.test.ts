import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFrameworkFiles } from './repository.ts';
import { LANGUAGES, loadTranslation, missingTranslations } from './translations.ts';
import { createFrameworkVersions } from './versions.ts';

describe('framework translations', () => {
  const [version] = loadFrameworkFiles();
  if (version === undefined) throw new Error('no framework version');
  const { translate } = createFrameworkVersions();

  it('ships a complete translation for every language offered', () => {
    for (const language of LANGUAGES.filter((l) => l.code !== 'en')) {
      const translation = loadTranslation(version.key, language.code);
      assert.ok(translation, `${language.code} translation exists`);
      assert.deepEqual(
        missingTranslations(version, translation),
        [],
        `${language.code} covers every key`,
      );
    }
  });

  it('translates items, names and scale, keeping keys, audiences and reverse flags', () => {
    const welsh = translate(version, 'cy');
    const englishItems = version.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items));
    const welshItems = welsh.areas.flatMap((a) => a.dimensions.flatMap((d) => d.items));
    assert.equal(welshItems.length, englishItems.length);
    welshItems.forEach((item, i) => {
      const english = englishItems[i];
      assert.equal(item.key, english?.key);
      assert.deepEqual(item.audiences, english?.audiences);
      assert.equal(item.reverse, english?.reverse);
      assert.notEqual(item.text, english?.text, `${item.key} is translated`);
    });
    assert.notDeepEqual(welsh.scale.labels, version.scale.labels);
    assert.equal(translate(version, 'en'), version);
  });

  it('falls back to English for a language without a file', () => {
    assert.equal(translate(version, 'xx'), version);
  });
});
