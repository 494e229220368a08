// answering: the respondents' flow, from an open link (/q) or a personal invitation (/i): page by
// page, saved and resumed, submitted anonymously. Its face offers the pages and the service.

export { answeringRoutes } from './routes.ts';
export { createAnsweringService } from './service.ts';

// For the staff preview of a questionnaire (questionnaires module): the respondent's pages
// built from the same view models and strings, with nothing read from or written to a link.
import { providePreviewKit } from '../questionnaires/index.ts';
import { stepView } from './views.ts';
import { checkView } from './check-view.ts';
import { doneView, savedView, startView } from './start-views.ts';
import { resumeView } from './resume.ts';
import { layoutContext, loadStrings, loadUiCatalogue } from './i18n.ts';
import { createLocaliser, stepsFor, whatToAsk } from './flow.ts';
import { newState } from './state.ts';
export {
  checkView,
  layoutContext,
  loadStrings,
  loadUiCatalogue,
  newState,
  stepsFor,
  stepView,
  whatToAsk,
};
export type { Flow, Step } from './flow.ts';
providePreviewKit({
  layoutContext,
  loadUiCatalogue,
  createLocaliser: (translate) => ({ localised: createLocaliser(translate) }),
  startView,
  stepView,
  checkView,
  savedView,
  doneView,
  resumeView,
  stepsFor,
  whatToAsk,
  newState,
});
