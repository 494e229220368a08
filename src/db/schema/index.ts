// Every table, the schema drizzle is given (src/db/client.ts) and drizzle-kit reads
// (drizzle.config.ts). Only tables are exported here: the column helpers stay in their files.

export {
  actionImportDrafts,
  actionLeads,
  actionReminderOptOuts,
  actionReminderSends,
  actions,
  actionUpdates,
  focusAreas,
} from './actions.ts';
export { apiTokens, auditLog, sessions, signInAttempts, userTokens } from './access.ts';
export {
  drafts,
  invitationDrafts,
  invitations,
  questionnaireLinks,
  questionnaires,
} from './questionnaires.ts';
export { answers, comments, responses, roundReleases } from './responses.ts';
export { frameworkVersions, planTests, rounds } from './rounds.ts';
export { trustTranslations } from './translations.ts';
export {
  globalRoles,
  localities,
  memberships,
  organisations,
  trusts,
  trustSectors,
  users,
} from './trusts.ts';
export { workshopRatings, workshops } from './workshops.ts';
