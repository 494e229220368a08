import { z } from 'zod';
import type { Database } from '../../db/client.ts';
import { NotFoundError } from '../../kernel/errors.ts';
import { apiActor, defineApiRoute, type ApiPrincipal } from '../../web/api-route.ts';
import { isVisibleVersion, listVersions, stageBands, type VersionSummary } from './repository.ts';
import { publishFrameworkVersion } from './publish.ts';
import type { FrameworkVersions } from './versions.ts';
import { areasInRainbowOrder, AUDIENCE_KEYS, RAINBOW } from '../../kernel/framework.ts';

const audience = z.enum(AUDIENCE_KEYS).describe('Audience key, the same in every trust');

const itemOut = z.object({
  key: z.string().describe('Stable item key, e.g. red.shared-vision.p1'),
  text: z.string().describe('The statement as respondents read it'),
  audiences: z.array(audience).describe('Audiences this statement is asked of'),
  reverse: z.boolean().describe('True if the item is reverse-scored (counts 6 − value)'),
});

const versionSummaryOut = z.object({
  key: z.string().describe('Version key, e.g. 2026.1'),
  title: z.string(),
  status: z.enum(['draft', 'published']),
  publishedAt: z.iso.datetime().nullable().describe('When the version was published'),
  inUse: z.boolean().describe('True once a round has used the version; it can then never change'),
});

const versionDetailOut = versionSummaryOut.extend({
  summary: z.string().describe('What the version covers, in a paragraph'),
  stages: z
    .array(
      z.object({
        number: z.number().int().min(1).max(4),
        key: z.string(),
        name: z.string(),
        description: z.string(),
        minScore: z.number().describe('Lowest score in this stage (inclusive)'),
        maxScore: z
          .number()
          .nullable()
          .describe('Upper bound (exclusive): the next stage’s minimum; null for the top stage'),
      }),
    )
    .describe('The four stages, lowest first'),
  audiences: z.array(
    z.object({
      key: audience,
      name: z.string(),
      plainLanguage: z.boolean().describe('True if this audience reads plain-language items'),
    }),
  ),
  scale: z
    .object({
      labels: z.array(z.string()).describe('Labels of the values 1 to 5'),
      plainLabels: z.array(z.string()).describe('Plain-language labels of the values 1 to 5'),
      dontKnow: z.string().describe('Label of the DK answer'),
      notApplicable: z.string().describe('Label of the NA answer'),
    })
    .describe('The answer scale'),
  areas: z
    .array(
      z.object({
        key: z.string(),
        colour: z.enum(RAINBOW),
        name: z.string(),
        description: z.string(),
        dimensions: z.array(
          z.object({
            key: z.string(),
            name: z.string(),
            description: z.string(),
            items: z.array(itemOut),
          }),
        ),
      }),
    )
    .describe('The seven areas in rainbow order'),
  drillDowns: z
    .array(
      z.object({
        key: z.string(),
        areaKey: z.string().describe('The area this module looks into'),
        name: z.string(),
        description: z.string(),
        practices: z.array(
          z.object({
            key: z.string(),
            name: z.string(),
            description: z.string(),
            items: z.array(itemOut),
          }),
        ),
      }),
    )
    .describe('Deeper questionnaires under one area'),
});

const versionParams = z.object({
  version: z.string().min(1).max(40).describe('Version key, e.g. 2026.1'),
});

const canSeeDrafts = (principal: ApiPrincipal) => principal.role === 'system-admin';

const summaryExample = {
  key: '2026.1',
  title: "One Children's Workforce Framework 2026",
  status: 'published' as const,
  publishedAt: '2026-01-05T09:00:00.000Z',
  inUse: true,
};

const item = {
  key: 'red.shared-vision.p1',
  text: 'Partners across the partnership have agreed a shared vision for children and young people.',
  audiences: ['leaders-managers' as const, 'frontline' as const],
  reverse: false,
};

/** One version, cut down to one stage, area, dimension and item of each kind. */
const detailExample = {
  ...summaryExample,
  summary:
    'The 2026 framework describes a reformed and integrated children’s workforce in seven areas.',
  stages: [
    {
      number: 1,
      key: 'fragmented',
      name: 'Fragmented',
      description: 'Services mostly work on their own, with little shared vision.',
      minScore: 1,
      maxScore: 2,
    },
  ],
  audiences: [{ key: 'frontline' as const, name: 'Frontline practitioners', plainLanguage: false }],
  scale: {
    labels: [
      'Strongly disagree',
      'Disagree',
      'Neither agree nor disagree',
      'Agree',
      'Strongly agree',
    ],
    plainLabels: ['Not at all', 'Not really', 'Not sure', 'Mostly', 'Yes, totally'],
    dontKnow: "Don't know",
    notApplicable: 'Not applicable',
  },
  areas: [
    {
      key: 'shared-identity',
      colour: 'red' as const,
      name: 'Shared identity, purpose and vision',
      description: 'Partners share a clear, agreed picture of what they want for children.',
      dimensions: [
        {
          key: 'shared-vision',
          name: 'Shared vision agreed across partners',
          description: 'Partners have agreed one written vision for children and young people.',
          items: [item],
        },
      ],
    },
  ],
  drillDowns: [
    {
      key: 'integrated-working-self-assessment',
      areaKey: 'integrated-working',
      name: 'Integrated working self-assessment',
      description: 'A closer look at the four core practices of integrated working.',
      practices: [
        {
          key: 'multi-agency-working',
          name: 'Multi-agency working',
          description: 'How agencies come together in teams, panels and networks.',
          items: [
            {
              key: 'iw.multi-agency-working.q1',
              text: 'The partnership has a written model for how multi-agency teams work in each locality.',
              audiences: ['leaders-managers' as const],
              reverse: false,
            },
          ],
        },
      ],
    },
  ],
};

const summaryOf = (v: VersionSummary): z.input<typeof versionSummaryOut> => ({
  key: v.key,
  title: v.title,
  status: v.status === 'published' ? 'published' : 'draft',
  publishedAt: v.publishedAt?.toISOString() ?? null,
  inUse: v.lockedAt !== null,
});

function listVersionsRoute(s: { db: Database; versions: FrameworkVersions }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/framework/versions',
    tag: 'Framework',
    summary: 'List framework versions',
    description:
      'Published versions of the framework, oldest first. A system admin’s token also sees drafts.',
    response: z.array(versionSummaryOut),
    example: { response: [summaryExample] },
    handler: async ({ principal }) => {
      const versions = await s.db.asSystem(listVersions);
      return versions.filter((v) => isVisibleVersion(v, canSeeDrafts(principal))).map(summaryOf);
    },
  });
}

function getVersionRoute(s: { db: Database; versions: FrameworkVersions }) {
  return defineApiRoute({
    method: 'GET',
    url: '/api/v1/framework/versions/:version',
    tag: 'Framework',
    summary: 'Get a framework version',
    description:
      'Everything in one version: stages with their score bands, audiences, the answer scale, the seven areas with their dimensions and items (stable keys, audiences, reverse flag), and drill-down modules.',
    params: versionParams,
    response: versionDetailOut,
    example: { response: detailExample },
    handler: async ({ params, principal }) => {
      const version = await s.db.asSystem((tx) => s.versions.get(tx, params.version));
      if (version === undefined || !isVisibleVersion(version, canSeeDrafts(principal)))
        throw new NotFoundError('No such framework version');
      const content = version.content;
      return {
        ...summaryOf(version),
        summary: content.summary,
        stages: stageBands(content).map((s) => ({
          number: s.number,
          key: s.key,
          name: s.name,
          description: s.description,
          minScore: s.minScore,
          maxScore: s.maxScore,
        })),
        audiences: content.audiences,
        scale: content.scale,
        areas: areasInRainbowOrder(content).map((area) => ({
          key: area.key,
          colour: area.colour,
          name: area.name,
          description: area.description,
          dimensions: area.dimensions,
        })),
        drillDowns: content.drillDowns,
      };
    },
  });
}

function publishRoute(s: { db: Database }) {
  return defineApiRoute({
    method: 'POST',
    url: '/api/v1/framework/versions/:version/publish',
    tag: 'Framework',
    summary: 'Publish a draft framework version',
    description:
      'As System admin → Framework versions → Publish: every trust can then use the version. System admin tokens only. A version already published is answered as it is, and nothing is done twice.',
    roles: ['system-admin'],
    params: versionParams,
    response: versionSummaryOut.extend({
      published: z.boolean().describe('True if this call published it; false if it already was'),
    }),
    example: { response: { ...summaryExample, inUse: false, published: true } },
    handler: async (ctx) => {
      const done = await publishFrameworkVersion(s.db, apiActor(ctx), ctx.params.version);
      if (done.outcome === 'missing') throw new NotFoundError('No such framework version');
      return { ...summaryOf(done.version), published: done.outcome === 'published' };
    },
  });
}

/** The framework operations of the API, in the order of the OpenAPI document. */
export function frameworkApi(s: { db: Database; versions: FrameworkVersions }) {
  return [listVersionsRoute(s), getVersionRoute(s), publishRoute(s)];
}
