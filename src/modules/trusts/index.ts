// trusts: a trust's set-up: details, sectors with headcount, localities and partner
// organisations; pages and API. Its face offers them, and a trust's sectors and localities as
// other modules read them.

export { trustRoutes } from './routes.ts';
export { trustsApi } from './api.ts';
export { loadTrust, nationalSectorName, orderSectors } from './service.ts';
export { findTrust, listLocalities, listSectors } from './repository.ts';
export type { SectorRow } from './repository.ts';
export { loadSafeguardingContact } from './safeguarding-contact.ts';
