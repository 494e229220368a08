// answering: the respondents' flow, from an open link (/q) or a personal invitation (/i): page by
// page, saved and resumed, submitted anonymously. Its face offers the pages and the service.

export { answeringRoutes } from './routes.ts';
export { createAnsweringService } from './service.ts';

// For the staff preview of a questionnaire (questionnaires module): the respondent's pages
// built from the same view models and strings, with nothing read from or written to a link.
import { providePreviewKit } from '../questionnaires/index.ts';
import { checkView } from './check-view.ts';
import { stepView } from './views.ts';
import { layoutContext, loadUiCatalogue } from './i18n.ts';
import { stepsFor, whatToAsk } from './flow.ts';
import { newState } from './state.ts';
export { checkView, layoutContext, loadUiCatalogue, newState, stepsFor, stepView, whatToAsk };
export type { Flow, Step } from './flow.ts';
providePreviewKit({
  layoutContext,
  loadUiCatalogue,
  checkView,
  stepView,
  stepsFor,
  whatToAsk,
  newState,
});
