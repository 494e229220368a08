import type { Deps } from './deps.ts';
import { createAnalysisService } from './modules/analysis/index.ts';
import { createCharts } from './modules/charts/index.ts';
import { createFrameworkVersions } from './modules/framework/index.ts';
import { createAnsweringService, loadStrings } from './modules/answering/index.ts';
import { createTrustTranslations } from './modules/translations/index.ts';
import { createResponseImports } from './modules/responses/index.ts';

// Every service of the application, made once from its dependencies: what they remember
// (framework versions, trusts' translations, the links respondents come in by, import
// tasks, scores, charts)
// lives in them, so two sets of services share nothing.

export function createServices(deps: Deps) {
  const versions = createFrameworkVersions();
  // The respondent pages' wording is the answering module's; translations read its English.
  const translations = createTrustTranslations({
    db: deps.db,
    versions,
    respondentWording: (code) => loadStrings(code),
  });
  const answering = createAnsweringService({
    db: deps.db,
    config: deps.config,
    versions,
    translations,
  });
  const responseImports = createResponseImports(deps.db);
  return {
    versions,
    translations,
    answering,
    responseImports,
    analysis: createAnalysisService(),
    charts: createCharts(),
    /** Lets running imports finish and stops their worker threads. */
    close: () => responseImports.close(),
  };
}

export type Services = ReturnType<typeof createServices>;
