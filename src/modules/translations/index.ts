// translations: a trust's own translations of what its questionnaires show (framework text,
// the areas in children's and families' words, the respondent pages' wording), uploaded as a
// filled workbook per framework version and language. Its face offers the pages, the API, the
// service, and what the questionnaires and the respondent's pages read of it.

export { translationRoutes } from './routes.ts';
export { translationsApi } from './api.ts';
export { createTrustTranslations } from './service.ts';
export type { TranslationSummary, TrustTranslations } from './service.ts';
export { offerableLanguages, ownTranslations } from './own.ts';
export type { OwnTranslation } from './own.ts';
export type { RespondentWording } from './catalogue.ts';
