import type { FrameworkVersion } from '../framework/index.ts';
import type { RoundRow } from './repository.ts';

/** A round with its framework version: what every page and rule of a round works on. */
export interface RoundScope {
  round: RoundRow;
  version: FrameworkVersion;
}
