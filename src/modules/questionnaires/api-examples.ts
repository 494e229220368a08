import { ANY_SECTOR_NAME } from './links.ts';

// The worked examples of the questionnaires API, which the OpenAPI document shows (a test
// parses each with its operation's schemas).

export const LINK_EXAMPLE = {
  id: '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
  sector: 'health',
  sectorName: 'Health',
  url: 'https://ocw.example.org/q/Zk3pQ9rT2wXa',
  open: true,
};

export const ANY_LINK_EXAMPLE = {
  id: '8d2e3f4a-5b6c-4d7e-9f8a-0b1c2d3e4f5a',
  sector: null,
  sectorName: ANY_SECTOR_NAME,
  url: 'https://ocw.example.org/q/Hy7mW2cL5nBe',
  open: true,
};

export const SUMMARY_EXAMPLE = {
  id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d',
  title: 'Frontline practitioners 2026',
  audience: 'frontline' as const,
  areas: ['shared-identity', 'integrated-working'],
  drillDown: null,
  opensOn: '2026-02-02',
  closesOn: '2026-03-27',
  aboutYou: ['sector' as const, 'role-level' as const],
  languages: ['en', 'cy'],
  responses: 184,
};

export const DETAIL_EXAMPLE = {
  ...SUMMARY_EXAMPLE,
  pages: [
    { key: 'shared-identity', name: 'Shared identity, purpose and vision', questions: 30 },
    { key: 'integrated-working', name: 'Integrated working practices', questions: 29 },
  ],
  links: [ANY_LINK_EXAMPLE, LINK_EXAMPLE],
  invitations: { invited: 40, sent: 40, reminded: 12, opened: 31, notOpened: 9 },
};

export const COUNTS_EXAMPLE = {
  total: 64,
  bySector: [
    {
      sector: 'health',
      name: 'Health',
      responses: 40,
      headcount: 200,
      rate: 0.2,
      underRepresented: false,
      byAudience: { 'leaders-managers': 8, frontline: 32 },
    },
    {
      sector: 'early-years',
      name: 'Early years and childcare',
      responses: 2,
      headcount: 30,
      rate: 0.0667,
      underRepresented: true,
      byAudience: { 'leaders-managers': 0, frontline: 2 },
    },
    {
      sector: null,
      name: 'Not given',
      responses: 22,
      headcount: null,
      rate: null,
      underRepresented: false,
      byAudience: { 'leaders-managers': 0, frontline: 22 },
    },
  ],
  byAudience: [
    { audience: 'leaders-managers', name: 'Leaders and managers', responses: 8 },
    { audience: 'frontline', name: 'Frontline practitioners', responses: 56 },
  ],
  underRepresented: ['early-years'],
};

export const INVITATIONS_EXAMPLE = {
  invitations: [
    {
      email: 'sam.jones@example.org',
      sector: 'health',
      sentOn: '2026-02-02',
      remindedOn: '2026-02-16',
      status: 'not opened' as const,
    },
    {
      email: 'alex.khan@example.org',
      sector: 'health',
      sentOn: '2026-02-02',
      remindedOn: null,
      status: 'opened' as const,
    },
  ],
};
