// Scores are shown to one decimal place, halves away from zero (SPEC §6), and the stage is
// that of the score as shown. Means such as 23 / 20 are a hair under 1.15 in floating point,
// so a tiny allowance is added before rounding: 1.15 shows as 1.2, as a person would expect.

const ALLOWANCE = 1e-9;

/** The value rounded to `places` decimals, halves away from zero. */
export function roundHalfAway(value: number, places = 1): number {
  const factor = 10 ** places;
  const scaled = Math.abs(value) * factor + ALLOWANCE;
  const rounded = Math.floor(scaled + 0.5) / factor;
  return value < 0 ? -rounded : rounded;
}

/** A score as shown on pages and in documents: one decimal place. */
export function shownScore(score: number): number {
  return roundHalfAway(score, 1);
}
