/**
 * What parsing one EventData value gives: a typed value, nothing (Sysmon wrote no
 * value: "" or "-"), or a reason why the text does not fit the type.
 */
export type ParseOutcome<T> =
  | { readonly kind: 'value'; readonly value: T }
  | { readonly kind: 'none' }
  | { readonly kind: 'invalid'; readonly reason: string };

export const NONE: ParseOutcome<never> = Object.freeze({ kind: 'none' });

export function value<T>(v: T): ParseOutcome<T> {
  return { kind: 'value', value: v };
}

export function invalid(reason: string): ParseOutcome<never> {
  return { kind: 'invalid', reason };
}

/** Sysmon writes "-" (and sometimes nothing) where a typed value is unknown. */
export function isNoValue(text: string): boolean {
  return text === '' || text === '-';
}
