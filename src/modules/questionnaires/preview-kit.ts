import { InvariantError } from '../../kernel/errors.ts';
import type { FrameworkVersion, Language } from '../framework/index.ts';
import type { OwnTranslation } from '../translations/index.ts';
import type { QuestionPage } from './content.ts';

// The parts of the respondent's journey the preview draws its pages with (their view models,
// strings and steps). The answering module builds on this module (question pages, sealing), so
// it hands them over when it loads (answering/index.ts) rather than this module importing it,
// which would make the two modules depend on each other. The types here are the few fields the
// preview itself reads; the functions are the answering module's own.

export interface PreviewUi {
  language: Language;
  plain: boolean;
  t: (key: string, vars?: Record<string, string | number>) => string;
  date: (iso: string) => string;
}

/** The flow of a preview: shaped as the answering module's Flow (see preview.ts). */
export interface PreviewFlow {
  base: string;
  plain: boolean;
  languages: Language[];
  /** The trust's own translations of the version, by language. */
  own?: ReadonlyMap<string, OwnTranslation>;
}

export type PreviewStep =
  | { kind: 'about'; number: number; to: string }
  | { kind: 'page'; number: number; to: string; index: number; page: QuestionPage };

/** A respondent's progress: in a preview, always new and never stored. */
export interface PreviewProgress {
  state: object;
  code?: string;
  expiresOn?: string;
}

export interface PreviewOutcome {
  status: number;
  template: string;
  data: Record<string, unknown>;
}

/** The question pages and wording of a version, for one audience and language. */
export interface PreviewLocalised {
  version: FrameworkVersion;
  pages: QuestionPage[];
}

interface AskedOf {
  askSector: boolean;
  askRoleLevel: boolean;
  askLocality: boolean;
  sectors: unknown[];
  localities: unknown[];
}

// Methods (not function-valued properties), so that the answering module's functions, which
// take its fuller types, can be handed over as they are.
export interface PreviewKit {
  layoutContext(ui: PreviewUi): Record<string, unknown>;
  loadUiCatalogue(): {
    uiFor(code: string, plain: boolean, own?: ReadonlyMap<string, OwnTranslation>): PreviewUi;
    offered(codes: readonly string[], own?: ReadonlyMap<string, OwnTranslation>): Language[];
  };
  /** The respondent's localiser: the version in a language, in the audience's own words. */
  createLocaliser(translate: (version: FrameworkVersion, language: string) => FrameworkVersion): {
    localised(flow: PreviewFlow, language: string): PreviewLocalised;
  };
  startView(
    flow: PreviewFlow,
    ui: PreviewUi,
    localised: PreviewLocalised,
    started: boolean,
  ): PreviewOutcome;
  stepView(
    flow: PreviewFlow,
    ui: PreviewUi,
    version: FrameworkVersion,
    steps: PreviewStep[],
    step: PreviewStep,
    progress: PreviewProgress,
    options: { returnToCheck: boolean; prompt?: boolean },
  ): PreviewOutcome;
  checkView(
    flow: PreviewFlow,
    ui: PreviewUi,
    version: FrameworkVersion,
    steps: PreviewStep[],
    progress: PreviewProgress,
  ): PreviewOutcome;
  savedView(
    flow: PreviewFlow,
    ui: PreviewUi,
    progress: PreviewProgress,
    baseUrl: string,
  ): PreviewOutcome;
  doneView(flow: PreviewFlow, ui: PreviewUi): PreviewOutcome;
  resumeView(flow: PreviewFlow, ui: PreviewUi, value: string, error: string | null): PreviewOutcome;
  stepsFor(flow: PreviewFlow, pages: QuestionPage[]): PreviewStep[];
  whatToAsk(
    q: AskedOf,
    audience: string,
    fixedSector: string | null,
  ): { sector: boolean; role: boolean; locality: boolean };
  newState(questionnaireId: string, origin: string, language: string): object;
}

let kit: PreviewKit | undefined;

export function providePreviewKit(given: PreviewKit): void {
  kit = given;
}

export function previewKit(): PreviewKit {
  if (kit === undefined) throw new InvariantError('the answering module has not loaded');
  return kit;
}
