import type { HealthState, ProcessState } from '@sysward/ipc';
import type { ComponentState } from '@sysward/agent-runtime';

export interface HealthInputs {
  processState: ProcessState;
  reported: boolean;
  state: ComponentState;
}

/**
 * A component serves when its process runs and it says it is ok. Errors of any
 * kind, a process in backoff, degraded or not yet reporting, all count as not
 * serving: health answers "is it doing its job now", and status says why not.
 */
export function componentHealth(inputs: HealthInputs): HealthState {
  return inputs.processState === 'running' && inputs.reported && inputs.state === 'ok' ? 'serving' : 'not_serving';
}

/** The agent as a whole (the "" health service) serves when every component does. */
export function overallHealth(components: readonly HealthState[]): HealthState {
  return components.every((h) => h === 'serving') ? 'serving' : 'not_serving';
}
