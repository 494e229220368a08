// responses: the responses a round holds: the officers' import of answers gathered elsewhere
// (CSV or Excel, checked in worker threads), its pages and API, and storing responses. Its face
// offers those, the import for the operator command, and storing (for answering and the demo).

export { responseRoutes } from './routes.ts';
export { responsesApi } from './api.ts';
export { importResponses } from './service.ts';
export { decodeUpload } from './import.ts';
export { createResponseImports } from './imports.ts';
export type { ResponseImports } from './imports.ts';
export { storeResponses } from './store.ts';
export type { NewResponse } from './store.ts';
