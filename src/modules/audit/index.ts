// audit: the pages of a trust's audit log, its CSV and its API operation (an entry is written
// by kernel/audit.ts). Its face offers the pages and the operation.

export { auditRoutes } from './routes.ts';
export { auditApi } from './api.ts';
