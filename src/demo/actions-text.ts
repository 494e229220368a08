import type { ActionStatus, FocusAreaSource, Rag } from '../modules/actions/index.ts';

// The demo partnership's action plan, written for the demo: the shapes of its data and its
// focus areas after the 2024 round, in order (the numbered actions, with leads, target dates
// and a year of progress, are in actions-plan-1.ts and -2.ts). Dates are offsets from the day
// the demo is loaded (actions.ts turns them into dates), so the plan always looks current:
// some actions done, some on track, some slipped and revised, two past their dates, some
// without an update for over 90 days, one dropped. Every name is invented.

/** A demo user by role (their account is the role's @demo.ocw.test address), or a name. */
export type Who = 'trust-admin' | 'contributor' | 'action-lead' | { name: string };

/** A target date counted from today: this month is { month: 0 }, next quarter { quarter: 1 }. */
export type DemoTarget =
  | { day: number }
  | { month: number }
  | { quarter: number }
  | { year: number }
  | { financialYear: number }
  | { season: number }
  | 'ongoing';

/** A progress update: how many days ago, the status it moved the action to, by whom, what. */
export type DemoUpdate = [daysAgo: number, status: ActionStatus, by: Who, text: string];

export interface DemoAction {
  number: string;
  title: string;
  description: string;
  /** Index into DEMO_FOCUS_AREAS; null for an action of no focus area (and no round). */
  focus: number | null;
  areas: string[];
  dimensions: string[];
  leads: Who[];
  partners: string;
  target: DemoTarget;
  revised?: { target: DemoTarget; reason: string };
  successMeasure: string;
  /** Oldest first; the action's status is the last one's (not started without any). */
  updates: DemoUpdate[];
  override?: { rag: Rag; reason: string; by: Who };
}

export interface DemoFocusArea {
  source: FocusAreaSource;
  title: string;
  description: string;
  areas: string[];
  dimensions: string[];
}

export const DEMO_FOCUS_AREAS: DemoFocusArea[] = [
  {
    source: 'weakest',
    title: 'Information sharing',
    description:
      'The lowest scored dimension in 2024: practitioners in every sector were unsure what they may share, with whom and when.',
    areas: ['integrated-working'],
    dimensions: ['information-sharing', 'common-assessment', 'lead-professional'],
  },
  {
    source: 'weakest',
    title: 'Joint induction and a common language',
    description:
      'New staff learn the ways of their own organisation but rarely those of the partnership, and words mean different things in different services.',
    areas: ['common-values'],
    dimensions: ['joint-induction', 'common-core-language'],
  },
  {
    source: 'weakest',
    title: 'Career pathways and workforce planning',
    description:
      'Few people can see how to move between services, and partners plan their workforce one organisation at a time.',
    areas: ['complementary-roles', 'skilled-workforce'],
    dimensions: ['career-pathways', 'workforce-planning'],
  },
  {
    source: 'agreed-gap',
    title: 'Supervision and support',
    description:
      'The analysis workshop agreed a lower position than the questionnaires gave: managers and practitioners see supervision differently, and the partnership wants both views to meet.',
    areas: ['skilled-workforce'],
    dimensions: ['supervision-support'],
  },
  {
    source: 'own',
    title: 'Recruiting and keeping staff',
    description:
      'Vacancies in social work, health visiting and early years grew over the year. The partnership added this focus area of its own after the 2024 workshop.',
    areas: ['skilled-workforce', 'keeping-safe'],
    dimensions: ['recruitment-retention', 'safer-recruitment'],
  },
];
