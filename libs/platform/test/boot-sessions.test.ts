import { deriveBootSessions, type SystemEventSummary } from '../src';

let nextId = 1;
const PROVIDERS: Record<number, string> = {
  12: 'Microsoft-Windows-Kernel-General',
  13: 'Microsoft-Windows-Kernel-General',
  41: 'Microsoft-Windows-Kernel-Power',
  1001: 'Microsoft-Windows-WER-SystemErrorReporting',
  1074: 'User32',
  6005: 'EventLog',
  6006: 'EventLog',
  6008: 'EventLog',
  7036: 'Service Control Manager',
};
function log(...spec: (number | [number, Record<string, string>])[]): SystemEventSummary[] {
  nextId = 100;
  return spec.map((s) => {
    const [eventId, data] = Array.isArray(s) ? s : [s, {}];
    const id = nextId++;
    return { recordId: id, eventId, provider: PROVIDERS[eventId], timeMs: id * 1000, data };
  });
}

describe('R-INS-6: boot sessions and unclean-shutdown evidence from System records', () => {
  it.each([
    ['first boot in the log: previous end unknown', log(12, 6005, 7036), [['unknown', []]]],
    ['clean reboot (1074, 6006, 13)', log(12, 6005, 1074, 6006, 13, 12, 6005), [['unknown', []], ['clean', []]]],
    ['older logs without 12: 6005 starts a session', log(6005, 6006, 6005), [['unknown', []], ['clean', []]]],
    ['bugcheck: 41 before 6005 belongs to the new session', log(12, 6005, 12, [41, { BugcheckCode: '59' }], 6005, 6008, [1001, { param1: '0x0000003b (0x1, 0x2)' }]), [['unknown', []], ['unclean', [[41, 59], [6008, null], [1001, 59]]]]],
    ['power loss: 41 with code 0 and 6008, no 1001', log(12, 6005, 12, [41, { BugcheckCode: '0' }], 6005, 6008), [['unknown', []], ['unclean', [[41, 0], [6008, null]]]]],
    ['no shutdown record and no evidence still counts as unclean', log(12, 6005, 12, 6005), [['unknown', []], ['unclean', []]]],
    ['evidence before any boot record (log wrapped) is ignored', log(6008, 12, 6005), [['unknown', []]]],
  ])('%s', (_label, records, expected) => {
    const sessions = deriveBootSessions(records);
    expect(sessions.map((s) => [s.previousShutdown, s.evidence.map((e) => [e.eventId, e.bugcheckCode])])).toEqual(expected);
  });

  it('a 41 from another provider is not evidence', () => {
    const records = log(12, 6005, 12, 6005);
    records.splice(3, 0, { recordId: 102.5, eventId: 41, provider: 'Some-App', timeMs: 0, data: {} });
    expect(deriveBootSessions(records)[1].evidence).toEqual([]);
  });

  it('orders by record id, whatever order the records come in', () => {
    const records = log(12, 6005, 1074, 6006, 13, 12, 6005).reverse();
    expect(deriveBootSessions(records).map((s) => s.startRecordId)).toEqual([100, 105]);
  });
});
