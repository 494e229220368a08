import type { TrustRole } from '../kernel/roles.ts';

// A fictional partnership, written for the demo: every name here is invented.

export const DEMO_TRUST = {
  slug: 'demo',
  name: "Riverside Children's Partnership",
  region: 'North West',
  localities: ['Northgate', 'Eastbrook', 'Southmere', 'Westfield Valley'],
  /** National sector keys with this partnership's headcount (people who work with children). */
  sectors: [
    { key: 'early-years', headcount: 1240 },
    { key: 'schools', headcount: 3860 },
    { key: 'further-education', headcount: 310 },
    { key: 'health', headcount: 1475 },
    { key: 'social-care', headcount: 640 },
    { key: 'family-support', headcount: 290 },
    { key: 'youth', headcount: 185 },
    { key: 'justice', headcount: 220 },
    { key: 'sport-culture-play', headcount: 260 },
    { key: 'voluntary', headcount: 540 },
    { key: 'housing', headcount: 75 },
    { key: 'safeguarding-board', headcount: 18 },
  ],
  customSectors: [
    {
      key: 'camhs',
      name: 'Child and adolescent mental health',
      nationalKey: 'health',
      headcount: 96,
    },
  ],
  organisations: [
    { name: 'Riverside Borough Council: Children and Families', sector: 'social-care' },
    { name: 'Riverside Early Help Service', sector: 'family-support' },
    { name: 'Northgate Family Hub and Children\u2019s Centre', sector: 'early-years' },
    { name: 'Eastbrook Nursery Network', sector: 'early-years' },
    { name: 'Riverside Schools Alliance', sector: 'schools' },
    { name: 'Southmere Academy Trust', sector: 'schools' },
    { name: 'Riverside College', sector: 'further-education' },
    { name: 'Riverside Community Health NHS Trust', sector: 'health' },
    { name: 'Riverside Hospitals NHS Foundation Trust', sector: 'health' },
    { name: 'Riverside Young Minds (CAMHS)', sector: 'camhs' },
    { name: 'Riverside Youth Service', sector: 'youth' },
    { name: 'Riverside Youth Justice Service', sector: 'justice' },
    { name: 'Eastern Division Police Public Protection Unit', sector: 'justice' },
    { name: 'Riverside Leisure and Libraries', sector: 'sport-culture-play' },
    { name: 'Riverside Council for Voluntary Service', sector: 'voluntary' },
    { name: 'Westfield Valley Young Carers', sector: 'voluntary' },
    { name: 'Riverside Homes', sector: 'housing' },
    { name: 'Riverside Safeguarding Children Partnership', sector: 'safeguarding-board' },
  ],
};

export const DEMO_SECOND_TRUST = {
  slug: 'harbourside',
  name: "Harbourside Children's Partnership",
  region: 'South West',
  localities: ['Old Harbour', 'Quayside'],
  sectors: [
    { key: 'early-years', headcount: 420 },
    { key: 'schools', headcount: 1310 },
    { key: 'health', headcount: 530 },
    { key: 'social-care', headcount: 210 },
    { key: 'voluntary', headcount: 160 },
  ],
  customSectors: [] as { key: string; name: string; nationalKey: string; headcount: number }[],
  organisations: [
    { name: 'Harbourside Council Children\u2019s Services', sector: 'social-care' },
    { name: 'Quayside Primary Care Network', sector: 'health' },
  ],
};

export interface DemoUser {
  email: string;
  name: string;
  global?: 'system-admin' | 'national-analyst';
  roles: { trust: string; role: TrustRole }[];
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'system-admin@demo.ocw.test', name: 'Sam Okafor', global: 'system-admin', roles: [] },
  {
    email: 'trust-admin@demo.ocw.test',
    name: 'Priya Raman',
    roles: [
      { trust: 'demo', role: 'trust-admin' },
      { trust: 'harbourside', role: 'viewer' },
    ],
  },
  {
    email: 'contributor@demo.ocw.test',
    name: 'Gareth Lloyd',
    roles: [{ trust: 'demo', role: 'contributor' }],
  },
  {
    email: 'action-lead@demo.ocw.test',
    name: 'Helen Marsh',
    roles: [{ trust: 'demo', role: 'action-lead' }],
  },
  {
    email: 'viewer@demo.ocw.test',
    name: 'Councillor Ruth Adeyemi',
    roles: [{ trust: 'demo', role: 'viewer' }],
  },
  {
    email: 'national-analyst@demo.ocw.test',
    name: 'Tom Whitfield',
    global: 'national-analyst',
    roles: [],
  },
  {
    email: 'harbourside-admin@demo.ocw.test',
    name: 'Leah Tremayne',
    roles: [{ trust: 'harbourside', role: 'trust-admin' }],
  },
];
