/**
 * The `sysward sim` verbs, kept apart from the commands so the registry can
 * list them without loading SQLite; test/registry.test.ts checks both agree.
 */
export const SIM_VERBS: readonly (readonly string[])[] = [
  ['init'],
  ['run'],
  ['show'],
  ['replay'],
  ['install-foreign-sysmon'],
  ['tamper-config'],
  ['tamper-binary'],
  ['tamper-service'],
  ['stop-sysmon'],
  ['crash'],
  ['reboot'],
  ['clear-log'],
  ['release'],
  ['set-os'],
  ['clock', 'advance'],
];
