import { COMPONENT_STATES } from '@sysward/agent-runtime';
import { PROCESS_STATES } from '@sysward/ipc';
import { componentHealth, overallHealth } from '../src';

describe('R-SUP-2 health: components map onto grpc.health.v1', () => {
  const table = PROCESS_STATES.flatMap((processState) =>
    [true, false].flatMap((reported) =>
      COMPONENT_STATES.map((state) => [processState, reported, state, processState === 'running' && reported && state === 'ok'] as const),
    ),
  );
  it.each(table)('process %s, reported %s, state %s -> serving: %s', (processState, reported, state, serving) => {
    expect(componentHealth({ processState, reported, state })).toBe(serving ? 'serving' : 'not_serving');
  });

  it.each([
    [[], 'serving'],
    [['serving'], 'serving'],
    [['serving', 'serving'], 'serving'],
    [['serving', 'not_serving'], 'not_serving'],
    [['not_serving'], 'not_serving'],
  ] as const)('overall of %j is %s', (components, expected) => {
    expect(overallHealth(components)).toBe(expected);
  });
});
