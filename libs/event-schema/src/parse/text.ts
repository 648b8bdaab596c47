/**
 * Protobuf strings must be valid UTF-8, so a JavaScript string with an unpaired
 * surrogate (invalid UTF-16 that Sysmon itself has written, see the corpus README)
 * cannot be stored as is. It is stored with U+FFFD in place of each unpaired
 * surrogate, and the original is reported with the surrogates escaped as \uXXXX.
 */
const UNPAIRED = '[\\uD800-\\uDBFF](?![\\uDC00-\\uDFFF])|(?<![\\uD800-\\uDBFF])[\\uDC00-\\uDFFF]';
const HAS_UNPAIRED_SURROGATE = new RegExp(UNPAIRED);
const UNPAIRED_SURROGATE = new RegExp(UNPAIRED, 'g');
// Most text has no surrogate at all; this simple class is much cheaper than the
// look-around above, so it runs first.
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

export function hasUnpairedSurrogate(text: string): boolean {
  return ANY_SURROGATE.test(text) && HAS_UNPAIRED_SURROGATE.test(text);
}

interface WellFormedCheck {
  isWellFormed(): boolean;
}

const nativeIsWellFormed = typeof (String.prototype as Partial<WellFormedCheck>).isWellFormed === 'function';

/** !hasUnpairedSurrogate(text), with the engine's own check where there is one (Node 20+): every value goes through here. */
export function isWellFormedText(text: string): boolean {
  return nativeIsWellFormed ? (text as unknown as WellFormedCheck).isWellFormed() : !hasUnpairedSurrogate(text);
}

export function toWellFormed(text: string): string {
  return text.replace(UNPAIRED_SURROGATE, '\uFFFD');
}

export function escapeUnpairedSurrogates(text: string): string {
  return text.replace(UNPAIRED_SURROGATE, (s) => `\\u${s.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`);
}
