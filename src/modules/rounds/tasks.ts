import type { RoundCounts } from './repository.ts';

// The task list on a round's page: what has been done in the round and what comes next.
//
// "Agree actions" (the plan against the round): Completed when every focus area of the round
// has an action that is not dropped; In progress when the round has a focus area or an
// action; Not yet started when its answers are released (the round is analysing or
// reported) but nothing exists yet; Cannot start yet before that. How far it has got is
// passed in by the caller (the action plan counts it), so rounds does not read the plan.

/** How far a round's "Agree actions" has got, as the action plan counts it. */
export interface AgreeActionsProgress {
  focusAreas: number;
  actions: number;
  /** Every focus area of the round has an action that is not dropped (and it has one). */
  done: boolean;
}

const NOTHING_YET: AgreeActionsProgress = { focusAreas: 0, actions: 0, done: false };
const RELEASED: readonly string[] = ['analysing', 'reported'];

type TaskStatus = { text: string; classes?: string } | { tag: { text: string; classes: string } };

export interface Task {
  title: { text: string };
  href?: string;
  hint?: { text: string };
  status: TaskStatus;
}

const COMPLETED: TaskStatus = { text: 'Completed' };
const NOT_STARTED: TaskStatus = { tag: { text: 'Not yet started', classes: 'govuk-tag--blue' } };
const IN_PROGRESS: TaskStatus = { tag: { text: 'In progress', classes: 'govuk-tag--light-blue' } };
const CANNOT_START: TaskStatus = {
  text: 'Cannot start yet',
  classes: 'govuk-task-list__status--cannot-start-yet',
};

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function agreeActions(base: string, status: string, progress: AgreeActionsProgress): Task {
  const title = { text: 'Agree actions' };
  const started = progress.focusAreas + progress.actions > 0;
  if (!started && !RELEASED.includes(status)) return { title, status: CANNOT_START };
  return {
    title,
    href: `${base}/actions`,
    hint: {
      text: `${plural(progress.focusAreas, 'focus area', 'focus areas')}, ${plural(progress.actions, 'action', 'actions')}`,
    },
    status: progress.done ? COMPLETED : started ? IN_PROGRESS : NOT_STARTED,
  };
}

export function roundTasks(
  base: string,
  status: string,
  counts: RoundCounts,
  actions: AgreeActionsProgress = NOTHING_YET,
): Task[] {
  const responses: TaskStatus =
    status === 'planning' ? NOT_STARTED : status === 'collecting' ? IN_PROGRESS : COMPLETED;
  const workshops: TaskStatus =
    counts.analysisWorkshops > 0 ? COMPLETED : counts.workshops > 0 ? IN_PROGRESS : NOT_STARTED;
  return [
    {
      title: { text: 'Plan the tests' },
      href: `${base}/plan`,
      hint: { text: plural(counts.planTests, 'test in the plan', 'tests in the plan') },
      status: counts.planTests > 0 ? COMPLETED : NOT_STARTED,
    },
    {
      title: { text: 'Set up questionnaires' },
      href: `${base}/questionnaires`,
      hint: { text: plural(counts.questionnaires, 'questionnaire', 'questionnaires') },
      status: counts.questionnaires > 0 ? COMPLETED : NOT_STARTED,
    },
    {
      title: { text: 'Collect responses' },
      href: `${base}/responses`,
      hint: { text: plural(counts.responses, 'response', 'responses') },
      status: responses,
    },
    {
      title: { text: 'Record focus groups and workshops' },
      href: `${base}/workshops`,
      hint: {
        text: `${plural(counts.focusGroups, 'focus group', 'focus groups')}, ${plural(counts.analysisWorkshops, 'analysis workshop', 'analysis workshops')}`,
      },
      status: workshops,
    },
    counts.responses === 0 && counts.analysisWorkshops === 0
      ? { title: { text: 'Review the position' }, status: CANNOT_START }
      : {
          title: { text: 'Review the position' },
          href: `${base}/analysis`,
          hint: { text: 'Scores, spider diagrams and where views differ' },
          status: status === 'reported' ? COMPLETED : IN_PROGRESS,
        },
    agreeActions(base, status, actions),
    { title: { text: 'Publish the summary report' }, status: CANNOT_START },
  ];
}
