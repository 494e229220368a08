import type { RoundCounts } from './repository.ts';

// The task list on a round's page: what has been done in the round and what comes next.

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

export function roundTasks(base: string, status: string, counts: RoundCounts): Task[] {
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
    { title: { text: 'Agree actions' }, status: CANNOT_START },
    { title: { text: 'Publish the summary report' }, status: CANNOT_START },
  ];
}
