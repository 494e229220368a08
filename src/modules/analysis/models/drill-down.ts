import type { FrameworkVersion } from '../../framework/index.ts';
import { COUNT_KEYS, type DrillDown } from '../scoring/index.ts';
import type { DrillDownScore, PracticeScore } from '../types.ts';
import {
  basedOn,
  formatScore,
  num,
  percent,
  scoreText,
  stageName,
  WITHHELD,
  type Cell,
} from './format.ts';

// The drill-down modules of an area's page (SPEC §3): for each drill-down of the area that
// released responses answered, its practices' scores and stages and each question's
// answers, with a reading in plain words. Withheld figures are written as such and never
// used in the reading.

export interface DrillDownSection {
  key: string;
  name: string;
  description: string;
  suppressed: boolean;
  /** The reading: a few plain sentences. */
  reading: string[];
  practices: { head: Cell[]; rows: Cell[][] };
  questions: { head: Cell[]; rows: Cell[][] };
}

const shownPractices = (d: DrillDownScore) =>
  d.practices.filter(
    (p): p is PracticeScore & { score: number } => !p.suppressed && p.score !== null,
  );

const nameOf = (drill: DrillDown, key: string) =>
  drill.practices.find((p) => p.key === key)?.name ?? key;

function withStage(version: FrameworkVersion, score: number, stage: number | null): string {
  const name = stageName(version, stage);
  return name === '' ? formatScore(score) : `${formatScore(score)}, ${name}`;
}

/** What the figures say, in a few plain sentences (shown figures only). */
function reading(version: FrameworkVersion, drill: DrillDown, d: DrillDownScore): string[] {
  if (d.suppressed || d.score === null)
    return [
      'Fewer than 5 people answered these questions, so no figures are shown, to protect the anonymity of those who did.',
    ];
  const out = [
    `${d.n ?? 0} people answered these questions. Across its practices it scored ${withStage(version, d.score, d.stage)}.`,
  ];
  const shown = [...shownPractices(d)].sort((a, b) => b.score - a.score);
  const high = shown[0];
  const low = shown[shown.length - 1];
  if (high !== undefined && low !== undefined && shown.length >= 2)
    out.push(
      `The strongest practice is ${nameOf(drill, high.key)} (${withStage(version, high.score, high.stage)}) and the weakest ${nameOf(drill, low.key)} (${withStage(version, low.score, low.stage)}).`,
    );
  const withheld = d.practices.filter((p) => p.suppressed).map((p) => nameOf(drill, p.key));
  if (withheld.length > 0)
    out.push(
      `The figures of ${withheld.join(', ')} are withheld to protect anonymity: too few people answered ${withheld.length === 1 ? 'its' : 'their'} questions.`,
    );
  const items = d.practices
    .filter((p) => !p.suppressed)
    .flatMap((p) => p.items)
    .filter((i) => i.suppressed).length;
  if (items > 0)
    out.push(
      `${items === 1 ? 'One question is' : `${items} questions are`} withheld because fewer than 5 people answered with a number from 1 to 5, and left out of the practice's score.`,
    );
  return out;
}

function practiceTable(version: FrameworkVersion, drill: DrillDown, d: DrillDownScore) {
  return {
    head: [
      { text: 'Practice' },
      { text: 'Score', format: 'numeric' },
      { text: 'Stage' },
      { text: 'Based on' },
      { text: 'People (n)', format: 'numeric' },
      { text: "Don't know", format: 'numeric' },
    ],
    rows: d.practices.map((p): Cell[] => [
      { text: nameOf(drill, p.key) },
      num(scoreText(p.score, p.suppressed)),
      { text: (!p.suppressed && stageName(version, p.stage)) || '–' },
      { text: basedOn(p) || '–' },
      num(p.n === null ? '–' : String(p.n)),
      num(percent(p.dontKnowRate) || '–'),
    ]),
  };
}

function questionTable(version: FrameworkVersion, drill: DrillDown, d: DrillDownScore) {
  const audienceName = (key: string) => version.audiences.find((a) => a.key === key)?.name ?? key;
  return {
    head: [
      { text: 'Practice' },
      { text: 'Question' },
      { text: 'Asked of' },
      { text: 'Mean', format: 'numeric' },
      ...COUNT_KEYS.map((k) => ({
        text: k === 'DK' ? "Don't know" : k === 'NA' ? 'N/A' : k,
        format: 'numeric',
      })),
      { text: 'People', format: 'numeric' },
    ],
    rows: drill.practices.flatMap((practice) => {
      const p = d.practices.find((x) => x.key === practice.key);
      return practice.items.map((item): Cell[] => {
        const s = p?.items.find((i) => i.key === item.key);
        const counts = s?.counts ?? null;
        return [
          { text: practice.name },
          { text: item.reverse ? `${item.text} (reverse scored)` : item.text },
          { text: item.audiences.map(audienceName).join(', ') },
          num(s === undefined ? '–' : s.suppressed ? WITHHELD : formatScore(s.mean) || '–'),
          ...COUNT_KEYS.map((k) => num(counts === null ? '–' : String(counts[k]))),
          num(
            s?.respondents === null || s?.respondents === undefined ? '–' : String(s.respondents),
          ),
        ];
      });
    }),
  };
}

/** The sections of an area's page: its drill-downs that released responses answered. */
export function drillDownSections(
  version: FrameworkVersion,
  areaKey: string,
  scores: readonly DrillDownScore[],
): DrillDownSection[] {
  return scores.flatMap((d) => {
    const drill = version.drillDowns.find((x) => x.key === d.key);
    if (drill === undefined || drill.areaKey !== areaKey) return [];
    return [
      {
        key: drill.key,
        name: drill.name,
        description: drill.description,
        suppressed: d.suppressed,
        reading: reading(version, drill, d),
        practices: practiceTable(version, drill, d),
        questions: questionTable(version, drill, d),
      },
    ];
  });
}
