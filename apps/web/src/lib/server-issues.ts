import type { FieldPath, FieldValues, UseFormSetError } from 'react-hook-form';
import { ApiError, describeError } from './api-client.ts';

/** The form field a server issue's path belongs to, or null when the form has none for it. */
export type FieldFor<F extends string> = readonly F[] | ((path: string) => F | null);

function resolve<F extends string>(fieldFor: FieldFor<F>, path: string): F | null {
  if (typeof fieldFor === 'function') return fieldFor(path);
  // `target.streams.0` belongs to the `target.streams` field.
  return fieldFor.find((field) => path === field || path.startsWith(`${field}.`)) ?? null;
}

export interface SplitIssues<F extends string> {
  /** The first message for each field that has one. */
  fields: Partial<Record<F, string>>;
  /** What no field shows, for the form's alert; null when the fields say it all. */
  rest: string | null;
}

/**
 * A failed submit split the one way every form shows it: each issue of the server's
 * `{ code, message, issues }` under its field, everything else in the form's alert.
 */
export function splitServerIssues<F extends string>(
  error: unknown,
  fieldFor: FieldFor<F>,
): SplitIssues<F> {
  const fields: Partial<Record<F, string>> = {};
  if (!(error instanceof ApiError)) {
    return { fields, rest: describeError(error) };
  }
  const unplaced: string[] = [];
  for (const issue of error.issues ?? []) {
    const field = resolve(fieldFor, issue.path);
    if (field && fields[field] === undefined) fields[field] = issue.message;
    else if (!field) unplaced.push(issue.message);
  }
  if (Object.keys(fields).length === 0) return { fields, rest: error.message };
  return { fields, rest: unplaced.length > 0 ? unplaced.join(' ') : null };
}

/** The form-level error `applyServerIssues` sets; show it with `FormAlert`. */
export const SERVER_ERROR = 'root.server' as const;

/**
 * Puts a failed submit on a react-hook-form form: `setError` per issue (focusing the first
 * field), the rest as its `root.server` error.
 */
export function applyServerIssues<T extends FieldValues>(
  form: { setError: UseFormSetError<T> },
  error: unknown,
  fieldFor: FieldFor<FieldPath<T>>,
): void {
  const { fields, rest } = splitServerIssues(error, fieldFor);
  let focus = true;
  for (const [field, message] of Object.entries(fields) as [FieldPath<T>, string][]) {
    form.setError(field, { type: 'server', message }, { shouldFocus: focus });
    focus = false;
  }
  if (rest) form.setError(SERVER_ERROR, { type: 'server', message: rest });
}
