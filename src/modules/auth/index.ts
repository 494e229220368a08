// auth: signing in and out, password resets, the links that invite a person to set a password,
// and who holds a session. Its face offers the pages and signedIn (the session plugin's reader).

export { authRoutes } from './routes.ts';
export { signedIn } from './service.ts';
