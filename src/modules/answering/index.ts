// answering: the respondents' flow, from an open link (/q) or a personal invitation (/i): page by
// page, saved and resumed, submitted anonymously. Its face offers the pages and the service.

export { answeringRoutes } from './routes.ts';
export { createAnsweringService } from './service.ts';

// For the staff preview of a questionnaire (questionnaires module): the respondent's pages
// built from the same view models and strings, with nothing read from or written to a link.
export { layoutContext, loadUiCatalogue } from './i18n.ts';
export { checkView, stepView } from './views.ts';
export { stepsFor, whatToAsk } from './flow.ts';
export type { Flow, Step } from './flow.ts';
export { newState } from './state.ts';
