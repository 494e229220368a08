// Statistical disclosure control for a round's figures (SPEC §6, "No differencing"): the
// one place that decides which group shows which figure. Pages, charts, CSV, XLSX, the API
// and later documents all read its decisions through the scores built from them.
//
// The respondents of a round fall into atoms: one atom per sector × audience × locality
// (each respondent is in exactly one). Every group shown (the whole, a sector, an audience,
// children and families, a sector × audience, a locality) is a union of atoms. A measure is
// one kind of count shown per group — the answers to one item, the n of a dimension, of an
// area, of the group — with, per atom, how many respondents it counts (its weights).
//
// Anyone can add and subtract the figures of one measure across the groups that show it.
// With rational coefficients, the sets of respondents whose figures they can work out are
// exactly the 0/1 vectors over the atoms (restricted to atoms the measure counts anyone in)
// that lie in the span of the shown groups' indicator vectors. The rule is that no such set
// holds 1 to MIN_GROUP − 1 respondents.
//
// audit() checks this exactly: a set of fewer than MIN_GROUP respondents has at most
// MIN_GROUP − 1 atoms, each of weight under MIN_GROUP, so every candidate is enumerated
// (singles, pairs, triples, quadruples of small atoms, by meet-in-the-middle on a hash of
// each atom's residual after Gaussian elimination). Arithmetic is modulo a prime, which can
// only make the span look larger (more suppression), never smaller. When a derivable set is
// found, its representation tells which shown groups were used; the one of them that counts
// the fewest (never the whole if another will do) is withheld for that measure — secondary
// suppression — and the audit runs again, until no set can be derived.

/** No figure may be drawn from, or derived for, fewer respondents than this. */
export const MIN_GROUP = 5;

const P = 67_108_859; // prime under 2^26: products stay exact in doubles

const mod = (x: number) => {
  const r = x % P;
  return r < 0 ? r + P : r;
};
const mulmod = (a: number, b: number) => (a * b) % P;

function inverse(a: number): number {
  let [t, newT, r, newR] = [0, 1, P, mod(a)];
  while (newR !== 0) {
    const q = Math.floor(r / newR);
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  return mod(t);
}

/** A fixed pseudo-random sequence, so that every process decides the same way. */
function hashWeights(count: number): number[] {
  let a = 0x9e3779b9;
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out.push(((t ^ (t >>> 14)) >>> 0) % P);
  }
  return out;
}

/** A group as a set of atoms, with an index that stays the same for every measure. */
export interface AtomGroup {
  /** Atom indices (each once). */
  atoms: readonly number[];
  /** Never withheld in preference to another group (the whole). */
  whole?: boolean;
}

/** One measure: per atom, respondents it counts; checked on each weight vector given. */
export interface Measure {
  /** Weight vectors over atoms (e.g. any answer, and numeric answers, for an item). */
  weights: readonly (readonly number[])[];
}

interface Elimination {
  /** For each support atom, the hash of its residual; 0 means alone derivable. */
  hash: Map<number, number>;
  /** Residual of each support atom over the non-pivot atoms (sparse). */
  residual: Map<number, Map<number, number>>;
  /** For pivot atoms, the combination of groups (by group index) its basis row came from. */
  combination: Map<number, Map<number, number>>;
}

function eliminate(
  groups: readonly AtomGroup[],
  shown: readonly number[],
  support: ReadonlySet<number>,
  z: readonly number[],
): Elimination {
  // Rows: the shown groups restricted to the support; columns: atoms.
  const rows: { cells: Map<number, number>; from: Map<number, number> }[] = [];
  for (const g of shown) {
    const cells = new Map<number, number>();
    for (const a of groups[g]?.atoms ?? []) if (support.has(a)) cells.set(a, 1);
    if (cells.size > 0) rows.push({ cells, from: new Map([[g, 1]]) });
  }
  const pivotRow = new Map<number, { cells: Map<number, number>; from: Map<number, number> }>();
  for (const row of rows) {
    // Reduce by the pivots found so far.
    for (const [col, pr] of pivotRow) {
      const f = row.cells.get(col);
      if (f === undefined || f === 0) continue;
      addScaled(row.cells, pr.cells, P - f);
      addScaled(row.from, pr.from, P - f);
    }
    let pivot: number | undefined;
    for (const [col, v] of row.cells)
      if (v !== 0 && (pivot === undefined || col < pivot)) pivot = col;
    if (pivot === undefined) continue;
    const inv = inverse(row.cells.get(pivot) ?? 1);
    scale(row.cells, inv);
    scale(row.from, inv);
    // Keep the basis reduced: clear the new pivot from the earlier rows.
    for (const pr of pivotRow.values()) {
      const f = pr.cells.get(pivot);
      if (f === undefined || f === 0) continue;
      addScaled(pr.cells, row.cells, P - f);
      addScaled(pr.from, row.from, P - f);
    }
    pivotRow.set(pivot, row);
  }
  const hash = new Map<number, number>();
  const residual = new Map<number, Map<number, number>>();
  const combination = new Map<number, Map<number, number>>();
  for (const a of support) {
    const pr = pivotRow.get(a);
    const r = new Map<number, number>();
    if (pr === undefined) r.set(a, 1);
    else {
      for (const [col, v] of pr.cells) if (col !== a && v !== 0) r.set(col, mod(-v));
      combination.set(a, pr.from);
    }
    let h = 0;
    for (const [col, v] of r) h = (h + mulmod(v, z[col] ?? 1)) % P;
    hash.set(a, h);
    residual.set(a, r);
  }
  return { hash, residual, combination };
}

function addScaled(into: Map<number, number>, from: Map<number, number>, factor: number) {
  for (const [k, v] of from) {
    const next = (mod(into.get(k) ?? 0) + mulmod(v, factor)) % P;
    if (next === 0) into.delete(k);
    else into.set(k, next);
  }
}

function scale(map: Map<number, number>, factor: number) {
  for (const [k, v] of map) map.set(k, mulmod(v, factor));
}

/** Whether the residuals of the atoms add up to zero: the set is derivable. */
function derivable(e: Elimination, set: readonly number[]): boolean {
  const total = new Map<number, number>();
  for (const a of set) addScaled(total, e.residual.get(a) ?? new Map<number, number>(), 1);
  return total.size === 0;
}

/** A set of 1 to MIN_GROUP − 1 respondents that can be derived, or undefined. */
function findDerivable(e: Elimination, weight: readonly number[]): number[] | undefined {
  const small = [...e.hash.keys()].filter(
    (a) => (weight[a] ?? 0) >= 1 && (weight[a] ?? 0) < MIN_GROUP,
  );
  if (small.length === 0) return undefined;
  const w = (a: number) => weight[a] ?? 0;
  const h = (a: number) => e.hash.get(a) ?? 0;
  const check = (set: number[]) => derivable(e, set);
  for (const a of small) if (h(a) === 0 && check([a])) return [a];
  const byHash = new Map<number, number[]>();
  for (const a of small) byHash.set(h(a), [...(byHash.get(h(a)) ?? []), a]);
  const pairs: { atoms: [number, number]; hash: number; weight: number }[] = [];
  for (let i = 0; i < small.length; i++)
    for (let j = i + 1; j < small.length; j++) {
      const a = small[i] ?? 0;
      const b = small[j] ?? 0;
      const weightAB = w(a) + w(b);
      if (weightAB >= MIN_GROUP) continue;
      const hashAB = (h(a) + h(b)) % P;
      if (hashAB === 0 && check([a, b])) return [a, b];
      pairs.push({ atoms: [a, b], hash: hashAB, weight: weightAB });
    }
  for (const pair of pairs)
    for (const c of byHash.get(mod(-pair.hash)) ?? []) {
      if (c === pair.atoms[0] || c === pair.atoms[1] || pair.weight + w(c) >= MIN_GROUP) continue;
      if (check([...pair.atoms, c])) return [...pair.atoms, c];
    }
  const pairsByHash = new Map<number, typeof pairs>();
  for (const pair of pairs)
    pairsByHash.set(pair.hash, [...(pairsByHash.get(pair.hash) ?? []), pair]);
  for (const pair of pairs)
    for (const other of pairsByHash.get(mod(-pair.hash)) ?? []) {
      if (pair.weight + other.weight >= MIN_GROUP) continue;
      const set = [...pair.atoms, ...other.atoms];
      if (new Set(set).size !== 4) continue;
      if (check(set)) return set;
    }
  return undefined;
}

/** Which groups a derivation of the set uses, with their (non-zero) coefficients. */
function groupsUsed(e: Elimination, set: readonly number[]): number[] {
  const total = new Map<number, number>();
  for (const a of set) {
    const from = e.combination.get(a);
    if (from !== undefined) addScaled(total, from, 1);
  }
  return [...total.keys()];
}

export interface AuditOptions {
  /** For tests: switch secondary suppression off to see what it protects against. */
  secondary?: boolean;
}

/**
 * Eliminations already worked out, by shown groups and support: many measures of a round
 * (items asked of the same people) share them. Use one per set of groups.
 */
export type EliminationMemo = Map<string, Elimination>;

export function newMemo(): EliminationMemo {
  return new Map();
}

/**
 * The groups (indices into `groups`) that may show the measure, starting from `candidates`
 * (those that pass the primary rule): as many as possible such that no set of 1 to MIN_GROUP − 1
 * respondents can be derived from their figures of this measure.
 */
export function audit(
  groups: readonly AtomGroup[],
  candidates: readonly number[],
  measure: Measure,
  atomCount: number,
  options: AuditOptions = {},
  memo: EliminationMemo = newMemo(),
): number[] {
  if (options.secondary === false) return [...candidates];
  const z = hashWeights(atomCount);
  const shown = new Set(candidates);
  const size = (g: number, weight: readonly number[]) =>
    (groups[g]?.atoms ?? []).reduce((sum, a) => sum + (weight[a] ?? 0), 0);
  for (const weight of measure.weights) {
    const support = new Set<number>();
    for (const [a, v] of weight.entries()) if (v > 0) support.add(a);
    if (!weight.some((v) => v > 0 && v < MIN_GROUP)) continue;
    const supportKey = [...support].join(',');
    for (;;) {
      const key = `${[...shown].join(',')}|${supportKey}`;
      let e = memo.get(key);
      if (e === undefined) {
        e = eliminate(groups, [...shown], support, z);
        memo.set(key, e);
      }
      const set = findDerivable(e, weight);
      if (set === undefined) break;
      const used = groupsUsed(e, set).filter((g) => shown.has(g));
      const preferred = used.filter((g) => groups[g]?.whole !== true);
      const pool = preferred.length > 0 ? preferred : used;
      if (pool.length === 0) break; // cannot happen: a derivable set uses some group
      const withheld = pool.reduce((a, b) => (size(b, weight) < size(a, weight) ? b : a));
      shown.delete(withheld);
    }
  }
  return candidates.filter((g) => shown.has(g));
}
