import { PlatformError } from '@sysward/agent-runtime';
import type { ComponentSpec } from './config';
import type { ComponentRunner, RunningComponent } from './component-runner';

/**
 * In production on Windows each component is its own service: start and stop
 * go through the Service Control Manager (StartServiceW / ControlService), the
 * pid comes from QueryServiceStatusEx and an exit from polling the service
 * state. That needs the platform-windows adapter, which does not exist yet.
 */
export class WindowsServiceRunner implements ComponentRunner {
  start(spec: ComponentSpec): RunningComponent {
    throw new PlatformError('NOT_SUPPORTED', `running ${spec.name} as a Windows service needs the platform-windows adapter, which is not built yet`);
  }
}
