// framework: the framework's versions (areas, dimensions, stages and questionnaire items, as
// versioned data in English, with Welsh and Arabic), their pages and API. Its face offers the
// pages, the API, the version's shape, reading and publishing versions, and their translations.

export { forAudience, loadAudienceWording, withAudienceWording } from './audience-wording.ts';
export type { AudienceWording } from './audience-wording.ts';
export { frameworkRoutes } from './routes.ts';
export { frameworkApi } from './api.ts';
export {
  findVersionSummary,
  getVersion,
  listVersions,
  loadFrameworkFiles,
  publishVersion,
  stageBands,
  syncFrameworkVersions,
} from './repository.ts';
export type { VersionSummary } from './repository.ts';
export type { Area, FrameworkVersion } from './schema.ts';
export { publishFrameworkVersion } from './publish.ts';
export {
  findLanguage,
  hasBuiltInTranslation,
  LANGUAGES,
  loadTranslation,
  translateVersion,
} from './translations.ts';
export type { Language, Translation } from './translations.ts';
export { createFrameworkVersions } from './versions.ts';
export type { FrameworkVersions } from './versions.ts';
