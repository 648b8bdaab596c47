import { InvalidTransitionError } from './errors';

/**
 * A component's own view of its health, after the OpenTelemetry collector's
 * component status model: errors are either recoverable (the component keeps
 * trying), permanent (needs an operator) or fatal (the process is about to exit).
 */
export const COMPONENT_STATES = [
  'starting',
  'ok',
  'recoverable_error',
  'permanent_error',
  'fatal',
  'stopping',
  'stopped',
] as const;

export type ComponentState = (typeof COMPONENT_STATES)[number];

const ALLOWED_NEXT: Readonly<Record<ComponentState, readonly ComponentState[]>> = {
  starting: ['ok', 'recoverable_error', 'permanent_error', 'fatal', 'stopping'],
  ok: ['recoverable_error', 'permanent_error', 'fatal', 'stopping'],
  recoverable_error: ['ok', 'permanent_error', 'fatal', 'stopping'],
  // A permanent error waits for an operator; the only ways out are a stop or a crash.
  permanent_error: ['fatal', 'stopping'],
  // Fatal is terminal for this process: the supervisor starts a new one.
  fatal: [],
  stopping: ['stopped', 'fatal'],
  // A stopped component may be started again in the same process.
  stopped: ['starting'],
};

export function isComponentState(value: unknown): value is ComponentState {
  return typeof value === 'string' && (COMPONENT_STATES as readonly string[]).includes(value);
}

/**
 * Whether `from -> to` is allowed. Staying in the same state is always allowed:
 * a new error message while already in recoverable_error is a normal update.
 */
export function isTransitionAllowed(from: ComponentState, to: ComponentState): boolean {
  if (from === to) return true;
  return ALLOWED_NEXT[from].includes(to);
}

/** The next state, or an InvalidTransitionError naming both states. */
export function nextComponentState(from: ComponentState, to: ComponentState): ComponentState {
  if (!isComponentState(to)) throw new InvalidTransitionError(from, String(to));
  if (!isTransitionAllowed(from, to)) throw new InvalidTransitionError(from, to);
  return to;
}
