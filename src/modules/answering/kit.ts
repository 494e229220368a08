import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { FrameworkVersions } from '../framework/index.ts';
import { createEntries } from './entry.ts';
import {
  createLocaliser,
  firstIncomplete,
  stateFits,
  stepsFor,
  type Flow,
  type Step,
} from './flow.ts';
import { loadUiCatalogue, type Ui } from './i18n.ts';
import { invitationDrafts } from './invitation-drafts.ts';
import { openState, sealState, type AnsweringState } from './state.ts';
import { checkView, stepView, unavailableView, type Outcome } from './views.ts';

// What every step of the answering flow shares: the entry to the questionnaire, its text in
// the respondent's language, the state the forms carry, and the way to the next step.

export type Body = Record<string, unknown>;

export interface AnsweringDeps {
  db: Database;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  versions: FrameworkVersions;
}

export function createFlowKit(deps: AnsweringDeps) {
  const { db, config, versions } = deps;
  const catalogue = loadUiCatalogue();
  const uiFor = catalogue.uiFor;
  const localised = createLocaliser(versions.translate);
  const { withFlow, uiOf } = createEntries({ db, versions, catalogue, localised });
  const seal = (state: AnsweringState) => sealState(state, config.sessionSecret);

  /** A state (from a form or a saved draft) if it fits the questionnaire as it is now. */
  function fitting(flow: Flow, state: AnsweringState | undefined): AnsweringState | undefined {
    if (state === undefined || !flow.languages.some((l) => l.code === state.l)) return undefined;
    return stateFits(state, flow, localised(flow, state.l).pages) ? state : undefined;
  }

  /** The state from the form, checked against the questionnaire; undefined means restart. */
  function stateFrom(flow: Flow, body: Body): AnsweringState | undefined {
    return fitting(flow, openState(body.state, config.sessionSecret));
  }

  function problem(flow: Flow, ui: Ui): Outcome {
    return unavailableView('problem', ui, {
      startUrl: `${flow.base}?lang=${encodeURIComponent(ui.language.code)}`,
    });
  }

  /** Shows a step (or the check page), with the state it carries. */
  function show(
    flow: Flow,
    state: AnsweringState,
    target: Step | 'check',
    returnToCheck = false,
  ): Outcome {
    const ui = uiFor(state.l, flow.plain);
    const { version, pages } = localised(flow, state.l);
    const steps = stepsFor(flow, pages);
    const sealed = seal(state);
    if (target === 'check') {
      const missing = firstIncomplete(steps, state, flow);
      if (missing === undefined) return checkView(flow, ui, version, steps, state, sealed);
      target = missing;
    }
    return stepView(flow, ui, version, steps, target, state, sealed, { returnToCheck });
  }

  /** After a step is done: on to the next step, or back to the check page. */
  function next(flow: Flow, state: AnsweringState, step: Step, returnToCheck: boolean): Outcome {
    const steps = stepsFor(flow, localised(flow, state.l).pages);
    const following = steps[step.number];
    if (returnToCheck || following === undefined) return show(flow, state, 'check');
    return show(flow, state, following);
  }

  const drafts = invitationDrafts({ db, withFlow, uiOf, fitting });

  return {
    config,
    uiFor,
    uiOf,
    withFlow,
    localised,
    seal,
    fitting,
    stateFrom,
    problem,
    show,
    next,
    drafts,
  };
}

export type FlowKit = ReturnType<typeof createFlowKit>;
