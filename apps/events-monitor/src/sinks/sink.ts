/**
 * Where delivered records go (R-MON-6). A sink confirms a batch only once it
 * is durable on its side; the monitor trims the outbox after that and never
 * before, which is what makes delivery at-least-once.
 */
export interface DeliveryBatchItem {
  seq: number;
  key: string;
  payload: Uint8Array;
}

export interface Sink {
  readonly name: string;
  /** Resolves when every item is durable at the destination; rejects to be retried later. */
  deliver(batch: DeliveryBatchItem[]): Promise<void>;
  close(): Promise<void>;
}
