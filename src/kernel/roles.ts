// The roles a person or an API token may hold: in a trust, or across trusts. The session,
// the pages, the API and the operator command all speak of them.

export const TRUST_ROLES = ['trust-admin', 'contributor', 'action-lead', 'viewer'] as const;
export const GLOBAL_ROLES = ['system-admin', 'national-analyst'] as const;
export const ALL_ROLES = [...GLOBAL_ROLES, ...TRUST_ROLES] as const;

export type TrustRole = (typeof TRUST_ROLES)[number];
export type GlobalRole = (typeof GLOBAL_ROLES)[number];
export type Role = (typeof ALL_ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  'system-admin': 'System admin',
  'national-analyst': 'National analyst',
  'trust-admin': 'Trust admin',
  contributor: 'Contributor',
  'action-lead': 'Action lead',
  viewer: 'Viewer',
};

export const ROLE_HINTS: Record<TrustRole, string> = {
  'trust-admin': 'Workforce development lead: can do everything in this trust',
  contributor:
    'Workforce sub-group member: records focus groups and workshops, edits actions and strategy',
  'action-lead': 'Named lead on actions: updates progress on their own actions',
  viewer: 'Board or executive member: reads dashboards and reports',
};

export function isTrustRole(value: string): value is TrustRole {
  return (TRUST_ROLES as readonly string[]).includes(value);
}

export function isGlobalRole(value: string): value is GlobalRole {
  return (GLOBAL_ROLES as readonly string[]).includes(value);
}
