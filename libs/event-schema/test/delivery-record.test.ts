import {
  Collector,
  decodeDeliveryRecord,
  DeliveryRecordError,
  deliveryRecordFromJson,
  deliveryRecordToJson,
  deliveryRecordToJsonLine,
  encodeDeliveryRecord,
  gapIdempotencyKey,
  GapCause,
  idempotencyKey,
  longToBigInt,
  makeGap,
  normalise,
} from '../src';
import { CONTEXT, eventOf, sysmonRecord } from './helpers/records';

const networkEvent = eventOf(
  normalise(
    sysmonRecord(3, {
      RuleName: '',
      UtcTime: '2018-03-06 08:14:06.638',
      ProcessGuid: '{94f748d5-4dcb-5a9e-0000-0010b2051110}',
      ProcessId: '4280',
      Image: 'C:\\Windows\\installer.exe',
      Protocol: 'tcp',
      Initiated: 'True',
      SourceIsIpv6: 'False',
      SourceIp: '192.0.2.10',
      SourcePort: '59344',
      SourcePortName: '',
      DestinationIp: 'fe80:0:0:0:1c2b:3c4d:5e6f:7081%12',
      DestinationPort: '443',
      FutureField: 'kept',
    }),
    CONTEXT,
  ),
);

const wrapGap = makeGap({
  agentId: 'agent-7f3a',
  hostName: 'HOST-01',
  channel: 'Microsoft-Windows-Sysmon/Operational',
  logInstanceId: 'log-1',
  cause: GapCause.GAP_CAUSE_WRAP,
  firstRecordId: 5001,
  lastRecordId: 5999,
  lostCount: 999,
  detail: 'oldest available record is 6000',
  detectedAt: new Date('2024-05-01T10:00:00.000Z'),
  collector: Collector.COLLECTOR_MANAGED_SYSMON,
});

describe('R-MON-4: DeliveryRecord binary form (what the outbox stores)', () => {
  it('an event survives encode -> decode', () => {
    const decoded = decodeDeliveryRecord(encodeDeliveryRecord({ event: networkEvent }));
    expect(decoded.kind).toBe('event');
    expect(decoded.event!.networkConnect!.destinationIp).toBe('fe80::1c2b:3c4d:5e6f:7081%12');
    expect(deliveryRecordToJson(decoded)).toEqual(deliveryRecordToJson({ event: networkEvent }));
  });

  it('R-MON-2: a gap survives encode -> decode', () => {
    const decoded = decodeDeliveryRecord(encodeDeliveryRecord({ gap: wrapGap }));
    expect(decoded.kind).toBe('gap');
    expect(longToBigInt(decoded.gap!.firstRecordId!)).toBe(5001n);
    expect(longToBigInt(decoded.gap!.lastRecordId!)).toBe(5999n);
    expect(decoded.gap!.cause).toBe(GapCause.GAP_CAUSE_WRAP);
  });

  it.each<[string, object, RegExp]>([
    ['neither event nor gap', {}, /exactly one of event or gap \(has neither\)/],
    ['both event and gap', { event: networkEvent, gap: wrapGap }, /has both/],
    ['a field of the wrong type', { event: { eventId: 'one' } }, /cannot encode delivery record: .*eventId: integer expected/],
  ])('encode refuses %s with a clear error', (_title, rec, message) => {
    expect(() => encodeDeliveryRecord(rec)).toThrow(DeliveryRecordError);
    expect(() => encodeDeliveryRecord(rec)).toThrow(message);
  });

  it.each<[string, Uint8Array, RegExp]>([
    ['empty bytes', new Uint8Array(0), /has neither/],
    ['truncated bytes', encodeDeliveryRecord({ event: networkEvent }).slice(0, 20), /cannot decode delivery record \(20 bytes\)/],
    ['garbage', new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), /cannot decode delivery record \(7 bytes\)/],
  ])('decode refuses %s with a clear error', (_title, bytes, message) => {
    expect(() => decodeDeliveryRecord(bytes)).toThrow(DeliveryRecordError);
    expect(() => decodeDeliveryRecord(bytes)).toThrow(message);
  });
});

describe('R-MON-6: DeliveryRecord JSON (the protobuf JSON mapping the NDJSON sink writes, one per line)', () => {
  it('lowerCamelCase names, enums by name, 64-bit as strings, bytes as base64, unset fields left out', () => {
    const json = deliveryRecordToJson({ event: networkEvent }) as { event: Record<string, unknown> };
    const e = json.event;
    expect(e.recordId).toBe('1742');
    expect(e.timeCreatedUnixNanos).toBe('1514293829136879200');
    expect(e.collector).toBe('COLLECTOR_MANAGED_SYSMON');
    expect(e.extraFields).toEqual({ FutureField: 'kept' });
    expect(e).not.toHaveProperty('parseErrors');
    expect(e).not.toHaveProperty('timeCreatedSuspect');
    expect(e.networkConnect).toEqual({
      ruleName: '',
      utcTimeUnixNanos: '1520324046638000000',
      processGuid: '{94F748D5-4DCB-5A9E-0000-0010B2051110}',
      processId: 4280,
      image: 'C:\\Windows\\installer.exe',
      protocol: 'tcp',
      initiated: true,
      sourceIsIpv6: false,
      sourceIp: '192.0.2.10',
      sourceIpBytes: 'wAACCg==',
      sourcePort: 59344,
      sourcePortName: '',
      destinationIp: 'fe80::1c2b:3c4d:5e6f:7081%12',
      destinationIpBytes: Buffer.from([0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x1c, 0x2b, 0x3c, 0x4d, 0x5e, 0x6f, 0x70, 0x81]).toString('base64'),
      destinationPort: 443,
    });
  });

  it('a gap in JSON', () => {
    expect(deliveryRecordToJson({ gap: wrapGap })).toEqual({
      gap: {
        agentId: 'agent-7f3a',
        hostName: 'HOST-01',
        channel: 'Microsoft-Windows-Sysmon/Operational',
        logInstanceId: 'log-1',
        firstRecordId: '5001',
        lastRecordId: '5999',
        cause: 'GAP_CAUSE_WRAP',
        lostCount: '999',
        detail: 'oldest available record is 6000',
        idempotencyKey: 'gap1|agent-7f3a|microsoft-windows-sysmon%2Foperational|log-1|GAP_CAUSE_WRAP|5001|5999||',
        detectedTimeUnixNanos: '1714557600000000000',
        collector: 'COLLECTOR_MANAGED_SYSMON',
      },
    });
  });

  it('JSON lines read back into the same record', () => {
    for (const rec of [{ event: networkEvent }, { gap: wrapGap }]) {
      const line = deliveryRecordToJsonLine(rec);
      const back = deliveryRecordFromJson(JSON.parse(line));
      expect(Buffer.from(encodeDeliveryRecord(back)).equals(Buffer.from(encodeDeliveryRecord(rec)))).toBe(true);
    }
  });

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'x', /expected an object/],
    ['an array', [], /expected an object/],
    ['no kind', {}, /has neither/],
    ['a nested value of the wrong shape', { event: { processCreate: 'x' } }, /cannot read delivery record JSON: .*object expected/],
  ])('fromJson refuses %s', (_title, json, message) => {
    expect(() => deliveryRecordFromJson(json)).toThrow(message);
  });
});

describe('R-MON-5: idempotency keys', () => {
  const parts = { agentId: 'agent-7f3a', channel: 'Microsoft-Windows-Sysmon/Operational', logInstanceId: 'log-1', recordId: 196361 };

  it('has the documented, fixed format', () => {
    expect(idempotencyKey(parts)).toBe('ev1|agent-7f3a|microsoft-windows-sysmon%2Foperational|log-1|196361');
  });

  it('is the same for any channel spelling and for number or bigint record ids (BUG-14)', () => {
    expect(idempotencyKey({ ...parts, channel: 'MICROSOFT-WINDOWS-SYSMON/OPERATIONAL', recordId: 196361n })).toBe(idempotencyKey(parts));
  });

  it.each<[string, object]>([
    ['another agent', { agentId: 'agent-2' }],
    ['another log instance (the channel was cleared)', { logInstanceId: 'log-2' }],
    ['another record', { recordId: 196362 }],
    ['another channel', { channel: 'Security' }],
  ])('differs for %s', (_title, change) => {
    expect(idempotencyKey({ ...parts, ...change })).not.toBe(idempotencyKey(parts));
  });

  it('separators inside parts cannot make two different inputs collide', () => {
    const a = idempotencyKey({ ...parts, agentId: 'a|b', logInstanceId: 'c' });
    const b = idempotencyKey({ ...parts, agentId: 'a', logInstanceId: 'b|c' });
    expect(a).not.toBe(b);
    expect(a).toBe('ev1|a%7Cb|microsoft-windows-sysmon%2Foperational|c|196361');
  });

  it.each<[string, object, RegExp]>([
    ['empty agentId', { agentId: '' }, /agentId must be a non-empty string/],
    ['empty logInstanceId', { logInstanceId: '' }, /logInstanceId must be a non-empty string/],
    ['negative recordId', { recordId: -1 }, /recordId must be a non-negative integer/],
    ['unsafe recordId', { recordId: 2 ** 53 }, /recordId must be a non-negative integer/],
  ])('refuses %s', (_title, change, message) => {
    expect(() => idempotencyKey({ ...parts, ...change })).toThrow(message);
  });

  it('gap keys: the same loss detected again has the same key; detection time only when nothing else identifies it', () => {
    const base = { agentId: 'a', channel: 'C', logInstanceId: 'l', cause: GapCause.GAP_CAUSE_CLEAR, detectedTimeUnixNanos: 1n };
    expect(gapIdempotencyKey({ ...base, firstRecordId: 1, lastRecordId: 5 })).toBe(gapIdempotencyKey({ ...base, firstRecordId: 1, lastRecordId: 5, detectedTimeUnixNanos: 2n }));
    expect(gapIdempotencyKey(base)).toBe('gap1|a|c|l|GAP_CAUSE_CLEAR|||||1');
    expect(gapIdempotencyKey(base)).not.toBe(gapIdempotencyKey({ ...base, detectedTimeUnixNanos: 2n }));
    expect(gapIdempotencyKey({ ...base, startTimeUnixNanos: -5n, endTimeUnixNanos: 10n })).toBe('gap1|a|c|l|GAP_CAUSE_CLEAR|||-5|10');
    expect(() => gapIdempotencyKey({ ...base, cause: 42 as GapCause })).toThrow(/cause 42 is not a GapCause/);
  });
});

describe('R-MON-2: makeGap', () => {
  const base = {
    agentId: 'agent-7f3a',
    hostName: 'HOST-01',
    channel: 'Microsoft-Windows-Sysmon/Operational',
    logInstanceId: 'log-1',
    cause: GapCause.GAP_CAUSE_AGENT_DOWN,
    detectedAt: 1714557600000000000n,
  };

  it.each([
    GapCause.GAP_CAUSE_WRAP,
    GapCause.GAP_CAUSE_CLEAR,
    GapCause.GAP_CAUSE_EVENT_LOG_SERVICE_DOWN,
    GapCause.GAP_CAUSE_AGENT_DOWN,
    GapCause.GAP_CAUSE_OUTBOX_EVICTION,
    GapCause.GAP_CAUSE_FALLBACK_LOSS,
  ])('cause %s: open range, time window, encodes', (cause) => {
    const gap = makeGap({ ...base, cause, firstRecordId: 10n, startTime: new Date('2024-05-01T09:00:00Z'), endTime: new Date('2024-05-01T09:30:00Z') });
    expect(gap.cause).toBe(cause);
    expect(longToBigInt(gap.firstRecordId!)).toBe(10n);
    expect(gap.lastRecordId ?? undefined).toBeUndefined();
    expect(longToBigInt(gap.endTimeUnixNanos!) - longToBigInt(gap.startTimeUnixNanos!)).toBe(30n * 60n * 1_000_000_000n);
    expect(decodeDeliveryRecord(encodeDeliveryRecord({ gap })).gap!.idempotencyKey).toBe(gap.idempotencyKey);
  });

  it.each<[string, object, RegExp]>([
    ['empty agentId', { agentId: '' }, /makeGap: agentId must be a non-empty string/],
    ['empty channel', { channel: '' }, /makeGap: channel must be a non-empty string/],
    ['unspecified cause', { cause: GapCause.GAP_CAUSE_UNSPECIFIED }, /cause must be a GapCause other than GAP_CAUSE_UNSPECIFIED/],
    ['first after last', { firstRecordId: 10, lastRecordId: 9 }, /firstRecordId 10 is after lastRecordId 9/],
    ['negative count', { lostCount: -1 }, /lostCount must be a non-negative integer/],
    ['start after end', { startTime: 10n, endTime: 5n }, /startTime is after endTime/],
    ['invalid date', { detectedAt: new Date('nope') }, /detectedAt must be a valid Date/],
    ['unknown collector', { collector: 17 }, /collector 17 is not a Collector value/],
  ])('refuses %s', (_title, change, message) => {
    expect(() => makeGap({ ...base, ...change } as Parameters<typeof makeGap>[0])).toThrow(message);
  });

  it('is an Event-free delivery record: the outbox stores it like an event', () => {
    const gap = makeGap(base);
    const rec = decodeDeliveryRecord(encodeDeliveryRecord({ gap }));
    expect(rec.event ?? undefined).toBeUndefined();
    expect(rec.gap!.idempotencyKey).toBe(gap.idempotencyKey);
  });
});
