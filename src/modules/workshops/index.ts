// workshops: a round's focus groups and analysis workshops and their ratings; pages and API. Its
// face offers them and the agreed positions the analysis shows.

export { workshopRoutes } from './routes.ts';
export { workshopsApi } from './api.ts';
export { agreedPositions } from './repository.ts';
