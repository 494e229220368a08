import type { DemoAction, Who } from './actions-text.ts';

// The demo plan's actions on information sharing and common assessment (focus area 1) and on
// induction and a common language (focus area 2). Every name is invented.

const HELEN: Who = 'action-lead';
const GARETH: Who = 'contributor';
const EARLY_HELP: Who = { name: 'Head of Early Help' };
const WORKFORCE_TEAM: Who = { name: 'Workforce Development Team' };
const QUALITY: Who = { name: 'Quality Assurance Team' };

export const FIRST_ACTIONS: DemoAction[] = [
  {
    number: '1',
    title: 'Agree one information sharing agreement for all partners',
    description:
      'Replace the separate agreements of each service with one that every partner signs, with a short section on sharing early, before a referral.',
    focus: 0,
    areas: ['integrated-working'],
    dimensions: ['information-sharing'],
    leads: [HELEN, { name: 'Safeguarding Partnership business unit' }],
    partners: 'Children and Families, both NHS trusts, schools, police, voluntary sector',
    target: { month: -2 },
    revised: {
      target: { month: 2 },
      reason: 'The two NHS trusts asked for a longer legal review before signing',
    },
    successMeasure: 'Every partner organisation has signed the agreement',
    // prettier-ignore
    updates: [
      [330, 'in-progress', HELEN, 'Draft agreement written from the four current ones; sent to partners for comment.'],
      [240, 'in-progress', HELEN, 'Comments received from eleven partners. Health asked for a section on sharing with GP practices.'],
      [150, 'in-progress', { name: 'Safeguarding Partnership business unit' }, 'Revised draft agreed by the safeguarding partnership executive; legal review under way in both NHS trusts.'],
      [40, 'in-progress', HELEN, 'Legal review complete in one trust. The new date gives the other time to finish.'],
    ],
  },
  {
    number: '1.1',
    title: 'Publish a one-page guide to sharing information safely',
    description:
      'A plain guide for frontline staff: what to share, when consent is needed, who to ask.',
    focus: 0,
    areas: ['integrated-working'],
    dimensions: ['information-sharing'],
    leads: [GARETH],
    partners: 'Early Help Service, Riverside Schools Alliance',
    target: { day: -75 },
    successMeasure: 'The guide is on every partner’s intranet and in the induction pack',
    // prettier-ignore
    updates: [
      [280, 'in-progress', GARETH, 'Asked frontline staff in two family hubs what they most wanted to know.'],
      [190, 'in-progress', GARETH, 'Draft tested with a group of teaching assistants and health visitors; wording made plainer.'],
      [95, 'complete', GARETH, 'Guide published and sent to every partner’s workforce lead.'],
    ],
  },
  {
    number: '1.2',
    title: 'Hold briefings on information sharing in every locality',
    description:
      'Short briefings in Northgate, Eastbrook, Southmere and Westfield Valley once the agreement is signed.',
    focus: 0,
    areas: ['integrated-working'],
    dimensions: ['information-sharing', 'multi-agency-working'],
    leads: [HELEN],
    partners: 'Locality managers',
    target: { quarter: 1 },
    successMeasure: 'Four briefings held; 200 staff attended',
    // prettier-ignore
    updates: [
      [260, 'in-progress', HELEN, 'Venues booked provisionally in all four localities.'],
      [135, 'in-progress', HELEN, 'Northgate briefing held with 48 staff. The others wait for the signed agreement.'],
    ],
  },
  {
    number: '2',
    title: 'Use one common assessment form across early help',
    description:
      'One assessment form and one way of recording it, so that families tell their story once.',
    focus: 0,
    areas: ['integrated-working'],
    dimensions: ['common-assessment'],
    leads: [EARLY_HELP, HELEN],
    partners: 'Early Help Service, health visiting, school nursing, family hubs',
    target: { quarter: -1 },
    successMeasure: 'Every early help assessment is made on the common form',
    // prettier-ignore
    updates: [
      [350, 'in-progress', EARLY_HELP, 'Form agreed by the early help board.'],
      [255, 'in-progress', EARLY_HELP, 'In use in Northgate and Eastbrook from this month.'],
      [160, 'in-progress', HELEN, 'Southmere started. Westfield Valley waits for the new case recording system.'],
      [50, 'in-progress', HELEN, 'Case recording system delayed by the supplier; Westfield Valley uses the paper form meanwhile.'],
    ],
    override: {
      rag: 'amber',
      reason:
        'The form is in use in three of the four localities; the last waits only for the recording system',
      by: HELEN,
    },
  },
  {
    number: '2.1',
    title: 'Train lead professionals in the common assessment',
    description: 'A half-day course for everyone who may act as lead professional for a family.',
    focus: 0,
    areas: ['integrated-working', 'skilled-workforce'],
    dimensions: ['lead-professional', 'multi-agency-training'],
    leads: [GARETH],
    partners: 'Workforce Development Team',
    target: { month: 5 },
    successMeasure: '150 lead professionals trained',
    // prettier-ignore
    updates: [
      [200, 'in-progress', GARETH, 'Course written with the early help practice lead.'],
      [110, 'in-progress', GARETH, 'First three courses held; 54 people trained.'],
      [25, 'in-progress', GARETH, 'Six more courses booked for the new year; 97 people trained so far.'],
    ],
  },
  {
    number: '2.2',
    title: 'Check a sample of common assessments every quarter',
    description:
      'A small multi-agency group reads a sample of assessments and reports what it finds.',
    focus: 0,
    areas: ['integrated-working', 'positive-outcomes'],
    dimensions: ['common-assessment', 'joint-monitoring'],
    leads: [QUALITY],
    partners: 'Early Help Service, health, schools',
    target: 'ongoing',
    successMeasure: 'Four sample checks a year, each with a short report to the board',
    // prettier-ignore
    updates: [
      [345, 'in-progress', QUALITY, 'First sample of 20 assessments read; the voice of the child was missing from a third.'],
      [255, 'in-progress', QUALITY, 'Second sample: better on the child’s voice, weaker on plans with dates.'],
      [165, 'in-progress', QUALITY, 'Third sample read; findings shared at the locality meetings.'],
      [70, 'in-progress', QUALITY, 'Fourth sample read. Yearly summary sent to the board.'],
    ],
  },
  {
    number: '3',
    title: 'Offer one induction for everyone new to working with children',
    description:
      'A shared induction, in person and online, that every partner’s new starters attend in their first three months.',
    focus: 1,
    areas: ['common-values', 'shared-identity'],
    dimensions: ['joint-induction', 'one-workforce'],
    leads: [WORKFORCE_TEAM, GARETH],
    partners: 'All partners’ workforce leads',
    target: { financialYear: 0 },
    successMeasure: 'Nine in ten new starters attend within three months',
    // prettier-ignore
    updates: [
      [320, 'in-progress', WORKFORCE_TEAM, 'Content agreed with partners: the partnership, the common core, safeguarding, who does what.'],
      [230, 'in-progress', GARETH, 'Online part launched; 130 people completed it in the first month.'],
      [140, 'in-progress', WORKFORCE_TEAM, 'First in-person sessions held; feedback good on meeting other services.'],
      [45, 'in-progress', GARETH, 'Schools joining from January; numbers from health still low.'],
    ],
  },
  {
    number: '3.1',
    title: 'Write a shared glossary of the words partners use',
    description: 'The terms each service uses for the same things, side by side, in plain English.',
    focus: 1,
    areas: ['common-values'],
    dimensions: ['common-core-language', 'plain-language'],
    leads: [HELEN],
    partners: 'Young people’s advisory group',
    target: { season: -2 },
    successMeasure: 'Glossary published and used in the induction',
    // prettier-ignore
    updates: [
      [300, 'in-progress', HELEN, 'Collected terms from eight services; over 120 words.'],
      [215, 'in-progress', HELEN, 'Young people’s advisory group read the draft and rewrote a third of it.'],
      [190, 'complete', HELEN, 'Glossary published online and printed for the family hubs.'],
    ],
  },
  {
    number: '3.2',
    title: 'Add the common core to every partner’s induction checklist',
    description:
      'Each partner’s own induction names the common core and points to the shared induction.',
    focus: 1,
    areas: ['common-values', 'skilled-workforce'],
    dimensions: ['joint-induction', 'common-core-skills'],
    leads: [{ name: 'Schools Alliance HR lead' }],
    partners: 'Human resources teams of all partners',
    target: { month: -1 },
    successMeasure: 'Every partner’s checklist includes it',
    updates: [],
  },
];
