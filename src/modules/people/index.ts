// people: everyone with an account: passwords and secrets, provisioning trusts, people and
// roles, sign-in data (sessions, throttling, emailed links), and the pages and API managing a
// trust's people. Its face offers those pages and API, hashing and secrets, provisioning (the
// operator command, the demo, admins), and the sign-in data auth and the jobs use.

export { peopleRoutes } from './routes.ts';
export { peopleApi } from './api.ts';
export { generatePassword, hashPassword, newSecret, sha256, verifyPassword } from './passwords.ts';
export {
  ensureUser,
  findTrustBySlug,
  grantGlobalRole,
  grantTrustRole,
  insertTrust,
  SLUG_PATTERN,
} from './provisioning.ts';
export {
  clearFailures,
  createSession,
  createUserToken,
  deleteSession,
  deleteUserSessions,
  findUserByEmail,
  findUserToken,
  listGlobalRoles,
  listUserTrusts,
  loadSession,
  lockedUntil,
  purgeExpired,
  recordFailure,
  setPassword,
  setSessionTrust,
  useUserToken,
} from './repository.ts';
