// The worked examples the OpenAPI document shows for the action plan's operations (a test
// parses each with its operation's schemas, so they cannot drift from them).

export const ACTION_REQUEST = {
  number: '3.2',
  title: 'Agree a shared induction for everyone new to work with children',
  description: 'One induction standard for schools, health and the voluntary sector',
  leads: [{ name: 'Workforce development team' }],
  partners: 'Schools forum; voluntary sector network',
  target: { kind: 'month' as const, year: 2027, month: 3 },
  successMeasure: 'Every new starter completes the induction within three months',
  status: 'in-progress' as const,
};

export const UPDATE_EXAMPLE = {
  id: '7b1e2c3d-4f5a-4b6c-8d7e-9f0a1b2c3d4e',
  updatedOn: '2026-11-20',
  text: 'Draft standard shared with the partnership board',
  author: 'Asha Patel',
  authorUserId: null,
  rag: 'green' as const,
  status: 'in-progress' as const,
};

export const ACTION_EXAMPLE = {
  id: '2c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f',
  number: '3.2',
  title: ACTION_REQUEST.title,
  status: 'in-progress' as const,
  rag: 'green' as const,
  ragOverridden: false,
  suggestedRag: 'green' as const,
  due: '2027-03-31',
  overdue: false,
  stale: false,
  target: ACTION_REQUEST.target,
  revisedTarget: null,
  leads: [{ userId: null, name: 'Workforce development team' }],
  areas: [],
  dimensions: [],
  focusAreaId: null,
  roundId: null,
  lastUpdate: '2026-11-20',
  updateCount: 1,
  revision: 1,
};

export const DETAIL_EXAMPLE = {
  ...ACTION_EXAMPLE,
  description: ACTION_REQUEST.description,
  partners: ACTION_REQUEST.partners,
  revisedReason: '',
  successMeasure: ACTION_REQUEST.successMeasure,
  frameworkVersion: null,
  suggestedReason: 'Due in more than 30 days, with a recent update',
  override: null,
  updates: [UPDATE_EXAMPLE],
};

export const FOCUS_AREA_EXAMPLE = {
  id: '4d5e6f7a-8b9c-4d0e-8f1a-2b3c4d5e6f7a',
  title: 'A shared vision everyone knows',
  description: 'The vision is agreed by the board but not known on the front line',
  roundId: null,
  source: 'own' as const,
  frameworkVersion: null,
  areas: [],
  dimensions: [],
  position: 1,
  actions: 2,
};
