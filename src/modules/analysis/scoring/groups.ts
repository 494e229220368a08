import type { FrameworkVersion } from '../../framework/index.ts';
import type { GroupOf, GroupScores } from '../types.ts';
import type { AtomGroup, AuditOptions } from './disclosure.ts';
import { disclosurePlan, NOTHING_SHOWN } from './plan.ts';
import { groupScores } from './score.ts';
import { sumOf, type CellTally, type RoundTallies } from './tally.ts';

// The groups of SPEC §6 as unions of atoms, each with the figures it may show: the plan of
// plan.ts decides them for all of them together, so that no figure can be worked out by
// adding and subtracting others shown (SPEC §6, "No differencing").

export const CHILDREN_FAMILIES = 'children-families';
export const CHILDREN_FAMILIES_LABEL = 'Children and families';
const CHILDREN_FAMILIES_AUDIENCES: readonly string[] = ['children-young-people', 'parents-carers'];

export interface GroupLabels {
  /** The trust's sectors in the order to show them. */
  sectors: { key: string; name: string }[];
  /** The trust's localities in the order to show them. */
  localities: string[];
  /** Name of a sector that is no longer one of the trust's (answers may still name it). */
  sectorName?: (key: string) => string;
}

function orderedKeys(known: string[], seen: Iterable<string>): string[] {
  const have = new Set(known);
  const extra = [...new Set(seen)].filter((k) => !have.has(k)).sort();
  return [...known, ...extra];
}

/** A group of SPEC §6 before its figures: what it is, and which atoms it is made of. */
interface GroupDefinition {
  group: Omit<GroupOf, keyof GroupScores>;
  atoms: number[];
}

/** What every kind of group is worked out from. */
interface Context {
  version: FrameworkVersion;
  atoms: readonly CellTally[];
  /** The atoms with answers (what only answerless responses name adds no group). */
  answered: readonly CellTally[];
  nameOfSector: (key: string) => string;
  audienceName: (key: string) => string;
  /** The indices of the atoms that `keep` keeps. */
  indices: (keep: (atom: CellTally) => boolean) => number[];
}

function context(
  version: FrameworkVersion,
  atoms: readonly CellTally[],
  labels: GroupLabels,
): Context {
  const sectorName = new Map(labels.sectors.map((s) => [s.key, s.name]));
  const audienceName = new Map<string, string>(version.audiences.map((a) => [a.key, a.name]));
  return {
    version,
    atoms,
    answered: atoms.filter((atom) => atom.items.size > 0),
    nameOfSector: (key) =>
      sectorName.get(key) ?? (labels.sectorName === undefined ? key : labels.sectorName(key)),
    audienceName: (key) => audienceName.get(key) ?? key,
    indices: (keep) => atoms.flatMap((atom, index) => (keep(atom) ? [index] : [])),
  };
}

function sectorGroups(c: Context, sectorKeys: string[]): GroupDefinition[] {
  return sectorKeys.map((key) => ({
    group: { kind: 'sector', key, label: c.nameOfSector(key), sector: key },
    atoms: c.indices((atom) => atom.sector === key),
  }));
}

function audienceGroups(c: Context): GroupDefinition[] {
  return [
    ...c.version.audiences.map(({ key }): GroupDefinition => ({
      group: { kind: 'audience', key, label: c.audienceName(key), audience: key },
      atoms: c.indices((atom) => atom.audience === key),
    })),
    {
      group: {
        kind: 'audience-group',
        key: CHILDREN_FAMILIES,
        label: CHILDREN_FAMILIES_LABEL,
        audience: CHILDREN_FAMILIES,
      },
      atoms: c.indices((atom) => CHILDREN_FAMILIES_AUDIENCES.includes(atom.audience)),
    },
  ];
}

/** Each sector × audience that has answers, sector by sector. */
function sectorAudienceGroups(c: Context, sectorKeys: string[]): GroupDefinition[] {
  const audiences = c.version.audiences.map((a) => a.key);
  const audienceOrder = orderedKeys(
    audiences,
    c.answered.map((atom) => atom.audience),
  );
  const found: GroupDefinition[] = [];
  for (const sector of sectorKeys)
    for (const audience of audienceOrder) {
      const members = c.indices((atom) => atom.sector === sector && atom.audience === audience);
      if (!members.some((a) => (c.atoms[a]?.items.size ?? 0) > 0)) continue;
      const known = c.version.audiences.find((a) => a.key === audience)?.key;
      found.push({
        group: {
          kind: 'sector-audience',
          key: `${sector}/${audience}`,
          label: `${c.nameOfSector(sector)}: ${c.audienceName(audience)}`,
          sector,
          ...(known === undefined ? {} : { audience: known }),
        },
        atoms: members,
      });
    }
  return found;
}

function localityGroups(c: Context, labels: GroupLabels): GroupDefinition[] {
  const named = c.answered.flatMap((atom) =>
    atom.locality === undefined || atom.locality === null ? [] : [atom.locality],
  );
  return orderedKeys(labels.localities, named).map((locality) => ({
    group: { kind: 'locality', key: locality, label: locality, locality },
    atoms: c.indices((atom) => atom.locality === locality),
  }));
}

/**
 * The groups of SPEC §6: each sector, each audience, children and families (children and
 * young people with parents and carers), each sector × audience that has answers, and
 * each locality. The trust's sectors and localities are all listed, answered or not.
 */
function groupDefinitions(
  version: FrameworkVersion,
  atoms: readonly CellTally[],
  labels: GroupLabels,
): GroupDefinition[] {
  const c = context(version, atoms, labels);
  const sectorKeys = orderedKeys(
    labels.sectors.map((s) => s.key),
    c.answered.flatMap((atom) => (atom.sector === null ? [] : [atom.sector])),
  );
  return [
    ...sectorGroups(c, sectorKeys),
    ...audienceGroups(c),
    ...sectorAudienceGroups(c, sectorKeys),
    ...localityGroups(c, labels),
  ];
}

/** The whole and every group of SPEC §6, each with the figures it may show. */
export function buildGroups(
  version: FrameworkVersion,
  tallies: RoundTallies,
  labels: GroupLabels,
  options: AuditOptions = {},
): { overall: GroupScores; groups: GroupOf[] } {
  const atoms = tallies.cells;
  const definitions = groupDefinitions(version, atoms, labels);
  const everyone: AtomGroup = { atoms: atoms.map((_, i) => i), whole: true };
  const plans = disclosurePlan(
    version,
    atoms,
    [everyone, ...definitions.map((d) => ({ atoms: d.atoms }))],
    options,
  );
  const planOf = (index: number) => plans[index] ?? NOTHING_SHOWN;
  const overall = groupScores(version, sumOf(atoms), planOf(0));
  const groups: GroupOf[] = definitions.map((d, i) => ({
    ...d.group,
    ...groupScores(version, sumOf(d.atoms.flatMap((a) => atoms[a] ?? [])), planOf(i + 1)),
  }));
  return { overall, groups };
}

/**
 * The whole and the groups of the round as sets of atoms, with their names: '' for the
 * whole, else `${kind}:${key}` (used to compare releases).
 */
export function atomGroups(
  version: FrameworkVersion,
  tallies: RoundTallies,
  labels: GroupLabels,
): { groups: AtomGroup[]; names: string[]; labels: string[] } {
  const definitions = groupDefinitions(version, tallies.cells, labels);
  return {
    labels: ['Everyone', ...definitions.map((d) => d.group.label)],
    groups: [
      { atoms: tallies.cells.map((_, i) => i), whole: true },
      ...definitions.map((d) => ({ atoms: d.atoms })),
    ],
    names: ['', ...definitions.map((d) => `${d.group.kind}:${d.group.key}`)],
  };
}

/** Names (as atomGroups gives them) of the whole and the groups that show their n. */
export function shownGroupNames(scores: { overall: GroupScores; groups: GroupOf[] }): Set<string> {
  const names = new Set<string>();
  if (!scores.overall.suppressed) names.add('');
  for (const g of scores.groups) if (!g.suppressed) names.add(`${g.kind}:${g.key}`);
  return names;
}
