import { InvariantError } from '../../kernel/errors.ts';
import type { FrameworkVersion, Language } from '../framework/index.ts';
import type { QuestionPage } from './content.ts';

// The parts of the respondent's journey the preview draws its pages with (their view models,
// strings and steps). The answering module builds on this module (question pages, sealing), so
// it hands them over when it loads (answering/index.ts) rather than this module importing it,
// which would make the two modules depend on each other. The types here are the few fields the
// preview itself reads; the functions are the answering module's own.

export interface PreviewUi {
  language: Language;
  t: (key: string, vars?: Record<string, string | number>) => string;
  date: (iso: string) => string;
}

/** The flow of a preview: shaped as the answering module's Flow (see preview.ts). */
export interface PreviewFlow {
  base: string;
  plain: boolean;
  languages: Language[];
}

export interface PreviewStep {
  to: string;
}

export interface PreviewOutcome {
  template: string;
  data: Record<string, unknown>;
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
  loadUiCatalogue(): { uiFor(code: string, plain: boolean): PreviewUi };
  checkView(
    flow: PreviewFlow,
    ui: PreviewUi,
    version: FrameworkVersion,
    steps: PreviewStep[],
    state: object,
    sealed: string,
  ): PreviewOutcome;
  stepView(
    flow: PreviewFlow,
    ui: PreviewUi,
    version: FrameworkVersion,
    steps: PreviewStep[],
    step: PreviewStep,
    state: object,
    sealed: string,
    options: { returnToCheck: boolean },
  ): PreviewOutcome;
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
