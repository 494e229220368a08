import type { ActionStatus, Rag } from './rag.ts';
import type { TargetDate } from './target-date.ts';
import type { IsoDate } from './calendar.ts';

// The shapes the action plan's parts hand each other: what a form, an API body or an import
// row becomes once read (before the service checks it against the trust), and the sources a
// focus area can have.

/** A lead as given: a user of the trust (by id), or a named person or team without an account. */
export type LeadInput = { userId: string } | { name: string };

/** An action's values, as the service stores them (checked by it against the trust). */
export interface ActionValues {
  /** As written: "1", "3.2" (parseActionNumber tidies it). */
  number: string;
  title: string;
  description: string;
  /** The framework version the colours and dimensions belong to; null when it has none. */
  frameworkVersion: string | null;
  areas: string[];
  dimensions: string[];
  focusAreaId: string | null;
  roundId: string | null;
  leads: LeadInput[];
  partners: string;
  /** null when no target date has been set. */
  target: TargetDate | null;
  /** A revised target date needs a reason; the original stays in `target`. */
  revisedTarget: TargetDate | null;
  revisedReason: string;
  successMeasure: string;
  status: ActionStatus;
}

/** A progress update as given. */
export interface UpdateInput {
  updatedOn: IsoDate;
  text: string;
  /** The status the action moves to with this update (unchanged if the same). */
  status: ActionStatus;
}

/** A RAG a person sets over the suggestion, with the reason; null rag clears it. */
export interface RagOverrideInput {
  rag: Rag | null;
  reason: string;
}

/** One action of an import, read and understood (every problem of the row already resolved). */
export interface ImportedAction extends ActionValues {
  /** The original line of the row in the file, for messages. */
  line: number;
  /** Progress updates read from the row (usually one: the Progress cell, dated as stated). */
  updates: (UpdateInput & { authorName: string })[];
  /** A RAG given in the file, kept as an override of the suggestion when it differs. */
  rag: Rag | null;
}

export type FocusAreaSource = 'own' | 'weakest' | 'divergent' | 'agreed-gap' | 'drill-down';

/** A focus area's values, as the service stores them. */
export interface FocusAreaValues {
  title: string;
  description: string;
  roundId: string | null;
  source: FocusAreaSource;
  frameworkVersion: string | null;
  areas: string[];
  dimensions: string[];
}
