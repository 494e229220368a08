// admin: the system admins' pages (/admin): trusts and framework versions across the service.
// Its face offers the pages.

export { adminRoutes } from './routes.ts';
export { listTrustsWithPeople } from './repository.ts';
