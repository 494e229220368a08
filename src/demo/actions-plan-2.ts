import type { DemoAction, Who } from './actions-text.ts';

// The demo plan's actions on training, career pathways and workforce planning (focus areas
// 2 and 3), supervision (4), recruitment (5), and one of no focus area. Every name is invented.

const HELEN: Who = 'action-lead';
const GARETH: Who = 'contributor';
const PRIYA: Who = 'trust-admin';
const WORKFORCE_TEAM: Who = { name: 'Workforce Development Team' };
const INTELLIGENCE: Who = { name: 'Workforce intelligence officer' };
const COLLEGE: Who = { name: 'Riverside College' };
const TRAINING: Who = { name: 'Safeguarding partnership training officer' };
const YOUTH_COUNCIL: Who = { name: 'Riverside Youth Council' };

export const MORE_ACTIONS: DemoAction[] = [
  {
    number: '4',
    title: 'Open single-agency training courses to staff of every partner',
    description:
      'Courses already run by one service are offered to the others, with places kept for them.',
    focus: 1,
    areas: ['skilled-workforce', 'common-values'],
    dimensions: ['multi-agency-training', 'shared-values'],
    leads: [WORKFORCE_TEAM],
    partners: 'Training leads of all partners',
    target: { year: 0 },
    successMeasure: 'One place in five on every course taken by another service',
    // prettier-ignore
    updates: [
      [310, 'in-progress', WORKFORCE_TEAM, 'Shared training calendar set up; 40 courses listed.'],
      [210, 'in-progress', PRIYA, 'Health and social care courses open to all; schools join next term.'],
      [120, 'in-progress', WORKFORCE_TEAM, 'One place in six now taken by another service.'],
      [30, 'complete', WORKFORCE_TEAM, 'Target reached: one place in five taken across the year. The calendar continues as usual work.'],
    ],
  },
  {
    number: '5',
    title: 'Map career pathways across early years, health and social care',
    description: 'Show the routes between roles and services, with the qualifications each needs.',
    focus: 2,
    areas: ['complementary-roles'],
    dimensions: ['career-pathways', 'new-shared-roles'],
    leads: [GARETH, HELEN],
    partners: 'Riverside College, Eastbrook Nursery Network, Riverside Community Health NHS Trust',
    target: { quarter: 2 },
    successMeasure: 'Pathways published for five roles that are hard to fill',
    // prettier-ignore
    updates: [
      [270, 'in-progress', GARETH, 'Workshop with early years and health managers on where people come from and go to.'],
      [175, 'in-progress', HELEN, 'Two pathways drafted: nursery practitioner to family support worker, and to health visitor.'],
      [60, 'in-progress', GARETH, 'College agreed to show the pathways at its open days.'],
    ],
  },
  {
    number: '5.1',
    title: 'Collect vacancy and turnover figures from the main employers twice a year',
    description:
      'One return, the same for every employer, so the partnership can see its workforce as a whole.',
    focus: 2,
    areas: ['skilled-workforce'],
    dimensions: ['workforce-planning'],
    leads: [INTELLIGENCE],
    partners: 'Human resources teams of the main employers',
    target: 'ongoing',
    successMeasure: 'Returns from every main employer, twice a year',
    // prettier-ignore
    updates: [
      [300, 'in-progress', INTELLIGENCE, 'Return agreed with eight employers.'],
      [205, 'in-progress', INTELLIGENCE, 'First return in from seven of the eight; report to the workforce group.'],
      [115, 'in-progress', PRIYA, 'Vacancies in health visiting up by a quarter since the first return.'],
    ],
    override: {
      rag: 'green',
      reason: 'The returns are made twice a year; the next is not due until the new year',
      by: PRIYA,
    },
  },
  {
    number: '5.2',
    title: 'Start a shared apprenticeship scheme with Riverside College',
    description: 'Apprentices spend time in three services before choosing one.',
    focus: 2,
    areas: ['complementary-roles', 'skilled-workforce'],
    dimensions: ['career-pathways', 'qualifications-development'],
    leads: [COLLEGE],
    partners: 'Children and Families, Riverside Community Health NHS Trust',
    target: { month: 3 },
    successMeasure: 'Ten apprentices in the first year',
    // prettier-ignore
    updates: [
      [290, 'in-progress', COLLEGE, 'Outline agreed; bid made for funding.'],
      [180, 'dropped', PRIYA, 'The funding bid was refused. The college will offer places through its own apprenticeships instead, and action 5 shows the routes.'],
    ],
  },
  {
    number: '6',
    title: 'Write a three-year workforce strategy for the partnership',
    description:
      'One strategy for the whole children’s workforce, built on the self-assessment and agreed by every partner’s board.',
    focus: 2,
    areas: ['skilled-workforce', 'shared-identity'],
    dimensions: ['workforce-planning', 'shared-vision'],
    leads: [HELEN],
    partners: 'Workforce development sub-group',
    target: { month: -3 },
    revised: {
      target: { month: 1 },
      reason: 'Waiting for the 2025 self-assessment results, so that the strategy starts from them',
    },
    successMeasure: 'Strategy agreed by the partnership board',
    // prettier-ignore
    updates: [
      [340, 'in-progress', HELEN, 'Outline and timetable agreed by the sub-group.'],
      [250, 'in-progress', HELEN, 'Sections on vision and on training drafted.'],
      [150, 'in-progress', PRIYA, 'Board asked for the strategy to use the 2025 results; date revised.'],
      [20, 'in-progress', HELEN, 'Full draft out for comment until the end of the month.'],
    ],
  },
  {
    number: '7',
    title: 'Agree minimum standards for supervision in every partner',
    description:
      'How often, for how long, and what every practitioner can expect, whatever their service.',
    focus: 3,
    areas: ['skilled-workforce'],
    dimensions: ['supervision-support'],
    leads: [GARETH],
    partners: 'Principal social worker, named nurses, designated safeguarding leads',
    target: { day: 20 },
    successMeasure: 'Standards agreed by every partner, and a frontline survey shows them met',
    // prettier-ignore
    updates: [
      [230, 'in-progress', GARETH, 'Compared the supervision policies of nine partners.'],
      [130, 'in-progress', GARETH, 'Frontline staff asked what good supervision looks like; 210 answers.'],
      [35, 'in-progress', GARETH, 'Draft standards with the partnership board for its next meeting.'],
    ],
  },
  {
    number: '7.1',
    title: 'Set up reflective practice groups for multi-agency teams',
    description:
      'Monthly groups, led by trained facilitators, open to every practitioner in a locality.',
    focus: 3,
    areas: ['skilled-workforce'],
    dimensions: ['supervision-support'],
    leads: [{ name: 'Riverside Young Minds (CAMHS)' }],
    partners: 'Locality managers',
    target: { month: 4 },
    successMeasure: 'A group meeting monthly in every locality',
    updates: [],
  },
  {
    number: '8',
    title: 'Run a joint recruitment campaign for the hardest roles to fill',
    description:
      'One campaign for social workers, health visitors and early years staff, showing the partnership as one place to work.',
    focus: 4,
    areas: ['skilled-workforce'],
    dimensions: ['recruitment-retention'],
    leads: [{ name: 'Council recruitment team' }, { name: 'NHS trust recruitment team' }],
    partners: 'Riverside Borough Council, Riverside Community Health NHS Trust',
    target: { quarter: -2 },
    successMeasure: 'Vacancies in the three roles down by a fifth',
    // prettier-ignore
    updates: [
      [335, 'in-progress', { name: 'Council recruitment team' }, 'Campaign planned; a shared page for all vacancies set up.'],
      [245, 'in-progress', { name: 'NHS trust recruitment team' }, 'Campaign ran for six weeks; 340 people applied.'],
      [185, 'complete', PRIYA, 'Campaign closed: 38 people appointed across the three roles.'],
    ],
  },
  {
    number: '8.1',
    title: 'Offer safer recruitment training to voluntary sector employers',
    description: 'Free places on the partnership’s course for small charities and clubs.',
    focus: 4,
    areas: ['keeping-safe'],
    dimensions: ['safer-recruitment'],
    leads: [TRAINING],
    partners: 'Riverside Council for Voluntary Service',
    target: { day: 14 },
    successMeasure: 'Forty voluntary organisations trained',
    // prettier-ignore
    updates: [
      [220, 'in-progress', TRAINING, 'Course adapted for small organisations.'],
      [100, 'in-progress', TRAINING, 'Two courses held; 17 organisations trained.'],
      [10, 'in-progress', TRAINING, 'Final three courses booked and nearly full.'],
    ],
    override: {
      rag: 'green',
      reason: 'All the remaining courses are booked and nearly full',
      by: PRIYA,
    },
  },
  {
    number: '9',
    title: 'Ask children and young people what they want from the people who work with them',
    description:
      'Each year the youth council asks its peers, and the answers go into training and the induction.',
    focus: null,
    areas: ['positive-outcomes'],
    dimensions: ['voice-of-child'],
    leads: [YOUTH_COUNCIL, GARETH],
    partners: 'Riverside Youth Service, schools',
    target: 'ongoing',
    successMeasure: 'Young people’s answers used in the induction and in two courses',
    // prettier-ignore
    updates: [
      [280, 'in-progress', YOUTH_COUNCIL, 'Questions written by the youth council.'],
      [170, 'in-progress', GARETH, '420 young people answered; the youth council presented the results to the board.'],
      [55, 'in-progress', YOUTH_COUNCIL, 'Young people helped rewrite the induction session on listening to children.'],
    ],
  },
];
