// home: the start page, the accessibility statement, and a trust's home page with its set-up
// tasks. Its face offers the pages.

export { homeRoutes } from './routes.ts';
