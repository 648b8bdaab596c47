/**
 * Start/stop bookkeeping shared by every component and server, so each of them
 * gets the same guarantees: start and stop are idempotent, stop before start is
 * a no-op, concurrent calls share one operation, and start-stop-start works.
 */
export type LifecyclePhase = 'stopped' | 'starting' | 'running' | 'stopping';

export interface LifecycleHooks {
  /** Acquire resources. If it throws, it must have released what it took. */
  onStart(): Promise<void>;
  /** Release everything onStart acquired. */
  onStop(): Promise<void>;
}

export class Lifecycle {
  private phase: LifecyclePhase = 'stopped';
  /** Set synchronously by start/stop, so two calls in the same tick agree. */
  private desired: 'running' | 'stopped' = 'stopped';
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly hooks: LifecycleHooks,
    private readonly onPhase: (phase: LifecyclePhase) => void = () => undefined,
  ) {}

  get current(): LifecyclePhase {
    return this.phase;
  }

  start(): Promise<void> {
    // Operations queue behind each other, so start after a pending stop waits for
    // it instead of racing it; a repeated start joins the one in progress.
    if (this.desired === 'running') return this.pending;
    this.desired = 'running';
    const operation: Promise<void> = this.pending
      .catch(() => undefined)
      .then(async () => {
        this.enter('starting');
        try {
          await this.hooks.onStart();
        } catch (error) {
          // Only the latest request decides the intent; a later start stays wanted.
          if (this.pending === operation) this.desired = 'stopped';
          this.enter('stopped');
          throw error;
        }
        this.enter('running');
      });
    this.pending = operation;
    return operation;
  }

  stop(): Promise<void> {
    if (this.desired === 'stopped') return this.pending.catch(() => undefined);
    this.desired = 'stopped';
    this.pending = this.pending
      .catch(() => undefined)
      .then(async () => {
        // The start we queued behind may have failed: then there is nothing to stop.
        if (this.phase !== 'running') return;
        this.enter('stopping');
        try {
          await this.hooks.onStop();
        } finally {
          this.enter('stopped');
        }
      });
    return this.pending;
  }

  private enter(phase: LifecyclePhase): void {
    this.phase = phase;
    this.onPhase(phase);
  }
}
