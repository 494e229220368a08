// admin: the system admins' pages (/admin) and API operations: trusts and framework versions
// across the service. Its face offers the pages and the operations.

export { adminRoutes } from './routes.ts';
export { adminApi } from './api.ts';
export { listTrustsWithPeople } from './repository.ts';
