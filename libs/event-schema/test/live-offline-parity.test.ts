/**
 * BUG-12 and the issue's rule that the normaliser takes the same record
 * whether it comes from the .evtx reader or from EvtRender event XML: for
 * real Sysmon records of the corpus, the record read from the .evtx file and
 * the same record written as Windows event XML (built from the reference
 * parsers' values in .expected.json) normalise to byte-identical protobuf.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openEvtxFile, type EventRecord } from '@sysward/evtx';
import { Collector, encodeDeliveryRecord, normalise, parseEventXml } from '../src';
import { describeWithCorpus } from '../../../tools/testing/corpus';

interface Sample {
  System: Record<string, string | number | null>;
  Provider: { Name: string; Guid: string | null };
  EventData: Record<string, string | null>;
  evtxexport_renders_differently?: Record<string, string>;
}

const FILES = [
  'omerbenamram-evtx__sysmon.evtx',
  'python-evtx__issue_43.evtx',
  'evtx-to-mitre__ID1-LSASS_dump_with_LSASSY_SYSMON.evtx',
  'evtx-to-mitre__ID12-13-SIP_provider_registration.evtx',
  'evtx-attack-samples__DE_sysmon-3-rdp-tun.evtx',
  'evtx-attack-samples__de_unmanagedpowershell_psinject_sysmon_7_8_10.evtx',
  'sigma__proc_access_win_werfaultsecure_msmpeng_access.evtx',
];

const escape = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;');

/** The event XML Windows' EvtRender would write for a sample (values as Windows renders them). */
function windowsXml(sample: Sample): string {
  const s = sample.System;
  const differently = sample.evtxexport_renders_differently ?? {};
  const time = differently['System.TimeCreated_SystemTime'] ?? String(s.TimeCreated_SystemTime);
  const data = Object.entries(sample.EventData)
    .map(([name, value]) => {
      const windowsValue = differently[`EventData.${name}`] ?? value;
      return windowsValue === null || windowsValue === '' ? `<Data Name='${name}'/>` : `<Data Name='${name}'>${escape(windowsValue)}</Data>`;
    })
    .join('');
  const user = s.Security_UserID ? `<Security UserID='${s.Security_UserID}'/>` : '<Security/>';
  return (
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>` +
    `<Provider Name='${sample.Provider.Name}' Guid='${String(sample.Provider.Guid).toUpperCase()}'/>` +
    `<EventID>${s.EventID}</EventID><Version>${s.Version}</Version><Level>${s.Level}</Level><Task>${s.Task}</Task>` +
    `<Opcode>${s.Opcode}</Opcode><Keywords>${s.Keywords}</Keywords><TimeCreated SystemTime='${time}'/>` +
    `<EventRecordID>${s.EventRecordID}</EventRecordID><Correlation/>` +
    `<Execution ProcessID='${s.Execution_ProcessID}' ThreadID='${s.Execution_ThreadID}'/>` +
    `<Channel>${s.Channel}</Channel><Computer>${escape(String(s.Computer))}</Computer>${user}</System>` +
    `<EventData>${data}</EventData></Event>`
  );
}

const CTX = { agentId: 'agent-1', collector: Collector.COLLECTOR_MANAGED_SYSMON, logInstanceId: 'log-1', forwardedEventIds: [1, 3, 8, 10, 13, 25] };

function normalisedBytes(record: EventRecord): Buffer | null {
  const result = normalise(record, CTX);
  return result.kind === 'event' ? Buffer.from(encodeDeliveryRecord({ event: result.event })) : null;
}

describeWithCorpus('live (event XML) and offline (.evtx) records normalise identically (BUG-12, R-EV-3)', (corpus) => {
  const cases: Array<[string, Sample]> = [];
  for (const file of FILES) {
    const expected = JSON.parse(fs.readFileSync(path.join(corpus, 'evtx', file.replace(/\.evtx$/, '.expected.json')), 'utf8'));
    for (const [eventId, samples] of Object.entries(expected.samples ?? {}) as Array<[string, Sample[]]>) {
      if (!['1', '3', '8', '10', '13', '25'].includes(eventId)) continue;
      for (const sample of samples) cases.push([file, sample]);
    }
  }

  it('has real samples of several event ids to compare', () => {
    expect(new Set(cases.map(([, s]) => s.System.EventID)).size).toBeGreaterThanOrEqual(5);
  });

  it.each(cases.map(([file, sample]) => [file, Number(sample.System.EventRecordID), sample.System.EventID, sample] as const))(
    '%s record %d (event %d)',
    (file, recordId, _eventId, sample) => {
      const reader = openEvtxFile(path.join(corpus, 'evtx', file));
      let offline: EventRecord | undefined;
      try {
        for (const record of reader.records()) {
          if (record.recordId === recordId) {
            offline = record;
            break;
          }
        }
      } finally {
        reader.close();
      }
      expect(offline).toBeDefined();
      // The reference parsers turned CR LF into LF while parsing XML; such values cannot be compared byte for byte.
      const hasCr = Object.values(offline!.eventData).some((v) => v.includes('\r'));
      const live = parseEventXml(windowsXml(sample));
      if (hasCr) return;
      const liveBytes = normalisedBytes(live);
      expect(liveBytes).not.toBeNull();
      expect(liveBytes).toEqual(normalisedBytes(offline!));
    },
  );
});
