// The generated protobuf modules, in one place so the rest of the library
// imports names, not generated file paths.
import { grpc as healthRoot } from '../generated/health';
import { sysward } from '../generated/control';

export const control = sysward.control.v1;
export const health = healthRoot.health.v1;
// eslint-disable-next-line @typescript-eslint/no-namespace
export import pb = sysward.control.v1;
// eslint-disable-next-line @typescript-eslint/no-namespace
export import healthPb = healthRoot.health.v1;
