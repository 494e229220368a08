// answering: the respondents' flow, from an open link (/q) or a personal invitation (/i): page by
// page, saved and resumed, submitted anonymously. Its face offers the pages and the service.

export { answeringRoutes } from './routes.ts';
export { createAnsweringService } from './service.ts';
