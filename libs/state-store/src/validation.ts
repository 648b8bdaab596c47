import type { Checkpoint, OutboxItem } from './contracts';
import { StateStoreError } from './errors';

/*
 * Both store implementations validate through these functions before touching
 * any state, so a bad batch is refused whole with a message naming the field,
 * and the in-memory double refuses exactly what the SQLite store refuses.
 */

function invalid(where: string, problem: string): StateStoreError {
  return new StateStoreError('INVALID_ARGUMENT', `${where}: ${problem}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  return typeof value;
}

export function requireNonNegativeInteger(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalid(where, `must be a non-negative safe integer, got ${describe(value)}`);
  }
  return value;
}

export function requireNonEmptyString(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw invalid(where, `must be a non-empty string, got ${describe(value)}`);
  }
  return value;
}

export function validateCheckpoint(checkpoint: unknown, where = 'checkpoint'): Checkpoint {
  if (typeof checkpoint !== 'object' || checkpoint === null) throw invalid(where, `must be an object, got ${describe(checkpoint)}`);
  const c = checkpoint as Record<string, unknown>;
  requireNonEmptyString(c['source'], `${where}.source`);
  if ((c['source'] as string).trim().length === 0) throw invalid(`${where}.source`, 'must not be blank');
  if (typeof c['logInstanceId'] !== 'string') {
    throw invalid(`${where}.logInstanceId`, `must be a string, got ${describe(c['logInstanceId'])}`);
  }
  requireNonNegativeInteger(c['recordId'], `${where}.recordId`);
  if (c['bookmark'] !== null && typeof c['bookmark'] !== 'string') {
    throw invalid(`${where}.bookmark`, `must be a string or null, got ${describe(c['bookmark'])}`);
  }
  requireNonNegativeInteger(c['updatedAtMs'], `${where}.updatedAtMs`);
  return checkpoint as Checkpoint;
}

export function validateOutboxItems(items: unknown, where = 'items'): OutboxItem[] {
  if (!Array.isArray(items)) throw invalid(where, `must be an array, got ${describe(items)}`);
  // Every item of every batch passes here: the common, valid case takes no string building.
  for (let index = 0; index < items.length; index++) {
    const item: unknown = items[index];
    if (typeof item !== 'object' || item === null) throw invalid(`${where}[${index}]`, `must be an object, got ${describe(item)}`);
    const i = item as Record<string, unknown>;
    const key = i['key'];
    if (typeof key !== 'string' || key.length === 0) requireNonEmptyString(key, `${where}[${index}].key`);
    const payload = i['payload'];
    // By tag rather than instanceof, so Buffers from another realm (vm contexts, Jest) are accepted; the tag is
    // what Object.prototype.toString would read, without building its string.
    if (payload == null || (payload as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] !== 'Uint8Array') {
      throw invalid(`${where}[${index}].payload`, `must be a Uint8Array, got ${describe(payload)}`);
    }
  }
  return items as OutboxItem[];
}

export function validateMetaKey(key: unknown): string {
  return requireNonEmptyString(key, 'meta key');
}

export function validateMetaValue(key: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(`meta value for ${JSON.stringify(key)}`, `must be a string, got ${describe(value)}`);
  return value;
}
