// api: the JSON API's per-trust tokens and their pages, the mounting of every operation under
// /api/v1, and the OpenAPI document with its docs page. Each module declares its own operations
// (web/api-route.ts); src/operations.ts lists them. Its face offers the routes, the token pages
// and operations, and creating a token (the operator command).

export { apiRoutes } from './routes.ts';
export { tokenRoutes } from './token-routes.ts';
export { tokensApi } from './token-api.ts';
export { createApiToken } from './tokens.ts';
