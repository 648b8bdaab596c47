/**
 * The direct encoder (src/wire) must give exactly the bytes protobufjs gives, for every
 * event the normaliser can build, and must follow the proto: a field added to
 * events.proto and not to src/wire/event-wire-schema.ts fails here.
 */
import { readEvtxFile } from '@sysward/evtx';
import {
  CreateRemoteThread,
  DeliveryRecord,
  encodeNormalisedEvent,
  Event,
  FieldParseError,
  int64,
  type Long,
  NetworkConnect,
  normalise,
  ProcessAccess,
  ProcessCreate,
  ProcessTampering,
  RegistryDetails,
  RegistryValueSet,
  SysmonConfigurationChanged,
  SysmonError,
  SysmonServiceStateChanged,
  uint64,
} from '../src';
import { EVENT, type WireMessage } from '../src/wire/event-wire-schema';
import { describeWithCorpus, listEvtx } from '../../../tools/testing/corpus';
import { CONTEXT } from './helpers/records';

function protobufjsBytes(event: Event): Buffer {
  return Buffer.from(DeliveryRecord.encode({ event }).finish());
}

function expectSameBytes(event: Event): void {
  expect(Buffer.from(encodeNormalisedEvent(event)).toString('hex')).toBe(protobufjsBytes(event).toString('hex'));
}

function baseEvent(): Event {
  return Event.create({ agentId: 'agent', hostName: 'HOST', channel: 'c', eventId: 1, eventVersion: 5, recordId: uint64(1) });
}

describe('R-PERF-2: the wire layout follows the generated classes', () => {
  const classes: Record<string, { prototype: object }> = {
    Event,
    FieldParseError,
    ProcessCreate,
    NetworkConnect,
    SysmonServiceStateChanged,
    CreateRemoteThread,
    ProcessAccess,
    RegistryDetails,
    RegistryValueSet,
    SysmonConfigurationChanged,
    ProcessTampering,
    SysmonError,
  };
  const layouts = new Map<string, WireMessage>();
  const collect = (layout: WireMessage): void => {
    layouts.set(layout.name, layout);
    for (const field of layout.fields) if (field.message) collect(field.message);
  };
  collect(EVENT);

  it('covers every message inside Event', () => {
    expect([...layouts.keys()].sort()).toEqual(Object.keys(classes).sort());
  });
  it.each(Object.keys(classes))('%s: the same fields in the same order', (name) => {
    // The generated prototypes list every field in declaration order (plus toJSON).
    const fields = Object.keys(classes[name].prototype).filter((key) => key !== 'toJSON');
    expect(layouts.get(name)!.fields.map((f) => f.name)).toEqual(fields);
  });
});

describe('R-PERF-2: encodeNormalisedEvent gives the bytes of encodeDeliveryRecord', () => {
  it('every field of every message set, with values at the edges', () => {
    const event = baseEvent();
    Object.assign(event, {
      timeCreated: '2017-12-26T13:10:29.1368792Z',
      timeCreatedUnixNanos: int64(-5n),
      timeCreatedSuspect: true,
      processId: 0xffffffff,
      threadId: 0,
      userSid: '',
      collector: 4,
      logInstanceId: 'ü'.repeat(70),
      idempotencyKey: '😀'.repeat(40),
      providerName: '€'.repeat(63),
      providerGuid: 'a'.repeat(128),
      level: 0,
      task: 1,
      opcode: 2,
      keywords: 'k',
      recovered: false,
      partialRender: true,
      renderErrors: ['x', '', 'y'.repeat(1000)],
      extraFields: { a: 'b', '': '', ['k'.repeat(300)]: 'v'.repeat(20000) },
      parseErrors: [FieldParseError.create({ field: 'f', rawValue: 'r', reason: 'z' }), FieldParseError.create({})],
      fieldShiftSuspected: true,
    });
    event.processCreate = ProcessCreate.create({
      ruleName: '',
      utcTimeUnixNanos: int64(1514293829136879200n),
      logonId: uint64(0),
      hashes: { SHA1: 'ab', MD5: '' },
      sequenceNumber: uint64(18446744073709551615n),
      terminalSessionId: 0,
    });
    expectSameBytes(event);
  });

  it.each<[string, (e: Event) => void]>([
    ['NetworkConnect with address bytes and ports at the edges', (e) => {
      e.networkConnect = NetworkConnect.create({
        sourceIpBytes: new Uint8Array([1, 2, 3, 4]),
        destinationIpBytes: new Uint8Array(16),
        initiated: false,
        sourcePort: 0,
        destinationPort: 65535,
        sequenceNumber: 5 as unknown as Long,
      });
    }],
    ['RegistryValueSet with a qword', (e) => {
      e.registryValueSet = RegistryValueSet.create({ details: RegistryDetails.create({ qword: uint64(2n ** 40n) }), utcTimeUnixNanos: -1 as unknown as Long });
    }],
    ['RegistryDetails with every member', (e) => {
      e.registryValueSet = RegistryValueSet.create({ details: RegistryDetails.create({ binaryData: true, empty: true, dword: 7, text: 't' }) });
    }],
    ['CreateRemoteThread', (e) => {
      e.createRemoteThread = CreateRemoteThread.create({ startAddress: uint64(0x7ffe0000n), newThreadId: 9 });
    }],
    ['empty payloads', (e) => {
      e.processAccess = ProcessAccess.create({});
      e.processTampering = ProcessTampering.create({});
      e.sysmonServiceStateChanged = SysmonServiceStateChanged.create({});
      e.sysmonConfigurationChanged = SysmonConfigurationChanged.create({});
      e.sysmonError = SysmonError.create({});
    }],
    ['a negative enum and 64-bit values given as numbers', (e) => {
      Object.assign(e, { collector: -1, timeCreatedUnixNanos: 2 ** 60, recordId: -7 });
    }],
    ['an extra_fields map too big for a two-byte length', (e) => {
      e.extraFields = {};
      for (let i = 0; i < 3000; i++) e.extraFields[`f${i}`] = 'v'.repeat(i % 200);
    }],
    // Written by protobufjs itself (the direct path steps aside); same bytes by construction.
    ['a lone surrogate', (e) => {
      e.hostName = 'bad\ud800';
    }],
    ['a 64-bit value as a decimal string', (e) => {
      Object.assign(e, { recordId: '12345678901234567890' });
    }],
    ['bytes as base64', (e) => {
      e.networkConnect = NetworkConnect.create({ sourceIpBytes: 'AQID' as unknown as Uint8Array });
    }],
  ])('%s', (_name, change) => {
    const event = baseEvent();
    change(event);
    expectSameBytes(event);
  });

  it('strings of every length around the one- and two-byte length prefixes, in every UTF-8 width', () => {
    for (const unit of ['a', 'é', '€', '😀', 'a😀']) {
      for (let length = 0; length < 140; length++) {
        const event = baseEvent();
        event.keywords = unit.repeat(length);
        event.processCreate = ProcessCreate.create({ commandLine: unit.repeat(length * 3) });
        expectSameBytes(event);
      }
    }
  });

  it('earlier results stay intact while later events are encoded', () => {
    const events = Array.from({ length: 2000 }, (_, i) => {
      const event = baseEvent();
      event.recordId = uint64(i);
      event.keywords = 'k'.repeat(i % 300);
      return event;
    });
    const encoded = events.map((e) => encodeNormalisedEvent(e));
    events.forEach((e, i) => expect(Buffer.from(encoded[i]).equals(protobufjsBytes(e))).toBe(true));
  });
});

describeWithCorpus('R-PERF-2: the same bytes for every record of the corpus', (corpus) => {
  it.each(listEvtx(corpus).map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))('%s', (_name, file) => {
    const { records } = readEvtxFile(file);
    for (const record of records) {
      const result = normalise(record, { ...CONTEXT, forwardedEventIds: [1, 2, 3, 5, 6, 7, 8, 10, 11, 12, 13, 17, 18, 22, 23, 25] });
      if (result.kind !== 'skipped') expectSameBytes(result.event);
    }
  });
});
