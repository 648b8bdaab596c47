import type { ServiceChange, ServiceControlPort, ServiceFilter, ServiceInfo, ServiceSpec } from '@sysward/platform';
import type { SimStore } from '../db/sim-store';
import type { Scm } from './scm';

/** ServiceControlPort over the sim's SCM: an administrator's view (launch protection applies). */
export class SimServiceControl implements ServiceControlPort {
  constructor(
    private readonly store: SimStore,
    private readonly scm: Scm,
  ) {}

  async query(name: string): Promise<ServiceInfo | null> {
    return this.store.read(() => {
      this.store.requirePower();
      return this.scm.query(name);
    });
  }

  async list(filter: ServiceFilter = {}): Promise<ServiceInfo[]> {
    const all = this.store.read(() => {
      this.store.requirePower();
      return this.scm.list();
    });
    return filter.kinds ? all.filter((s) => filter.kinds!.includes(s.kind)) : all;
  }

  async create(spec: ServiceSpec): Promise<void> {
    this.mutate('service.create', () => this.scm.create(spec));
  }

  async change(name: string, change: ServiceChange): Promise<void> {
    this.mutate('service.change', () => this.scm.change(name, change));
  }

  async delete(name: string): Promise<void> {
    this.mutate('service.delete', () => this.scm.delete(name));
  }

  async start(name: string): Promise<void> {
    this.mutate('service.start', () => void this.scm.start(name));
  }

  async stop(name: string): Promise<void> {
    this.mutate('service.stop', () => this.scm.stop(name));
  }

  private mutate(op: string, fn: () => void): void {
    this.store.takeFault(op);
    this.store.write(() => {
      this.store.requirePower();
      fn();
    });
  }
}
