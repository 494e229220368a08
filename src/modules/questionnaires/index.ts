// questionnaires: a round's questionnaires per audience, their open links with QR codes and
// posters, personal invitations and reminders, and monitoring against headcount. Its face
// offers the pages and API, a questionnaire's content (for answering, imports and the demo),
// sealing (for invitation drafts) and the mailing the invitations job runs.

export { questionnaireRoutes } from './routes.ts';
export { questionnairesApi } from './api.ts';
export { audienceItemKeys, questionPages } from './content.ts';
export type { QuestionPage } from './content.ts';
export { closedForMail, mailInvitations } from './invitations.ts';
export { findQuestionnaire } from './repository.ts';
export { deriveKey, seal, unseal } from './sealing.ts';
export { loadMonitoring, percent } from './monitoring.ts';
export type { Monitoring } from './monitoring.ts';
export { trustSectors } from './web.ts';
export { providePreviewKit } from './preview-kit.ts';
