// audit: the pages of a trust's audit log and its CSV (an entry is written by kernel/audit.ts).
// Its face offers the pages.

export { auditRoutes } from './routes.ts';
