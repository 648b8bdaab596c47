import {
  COMPONENT_STATES,
  InvalidTransitionError,
  isTransitionAllowed,
  nextComponentState,
  type ComponentState,
} from '../src';

// Every pair of states, with the expected answer: the whole state machine as one table.
const ALLOWED: Record<ComponentState, ComponentState[]> = {
  starting: ['starting', 'ok', 'recoverable_error', 'permanent_error', 'fatal', 'stopping'],
  ok: ['ok', 'recoverable_error', 'permanent_error', 'fatal', 'stopping'],
  recoverable_error: ['recoverable_error', 'ok', 'permanent_error', 'fatal', 'stopping'],
  permanent_error: ['permanent_error', 'fatal', 'stopping'],
  fatal: ['fatal'],
  stopping: ['stopping', 'stopped', 'fatal'],
  stopped: ['stopped', 'starting'],
};

const table = COMPONENT_STATES.flatMap((from) => COMPONENT_STATES.map((to) => [from, to, ALLOWED[from].includes(to)] as const));

describe('R-SUP-2 component status state machine', () => {
  it.each(table)('%s -> %s allowed: %s', (from, to, allowed) => {
    expect(isTransitionAllowed(from, to)).toBe(allowed);
    if (allowed) expect(nextComponentState(from, to)).toBe(to);
    else expect(() => nextComponentState(from, to)).toThrow(new InvalidTransitionError(from, to));
  });

  it('rejects a state that does not exist, naming it', () => {
    expect(() => nextComponentState('ok', 'running' as ComponentState)).toThrow('invalid component state transition: ok -> running');
  });
});
