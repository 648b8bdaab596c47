/** Every `sysward sim` command, in help order. Loaded only when a sim command runs (it pulls in SQLite). */
import type { Command } from './command';
import { simClearLogCommand } from './sim-clear-log';
import { simClockAdvanceCommand } from './sim-clock-advance';
import { simCrashCommand } from './sim-crash';
import { simInitCommand } from './sim-init';
import { simInstallForeignSysmonCommand } from './sim-install-foreign-sysmon';
import { simRebootCommand } from './sim-reboot';
import { simReleaseCommand } from './sim-release';
import { simReplayCommand } from './sim-replay';
import { simRunCommand } from './sim-run';
import { simSetOsCommand } from './sim-set-os';
import { simShowCommand } from './sim-show';
import { simStopSysmonCommand } from './sim-stop-sysmon';
import { simTamperBinaryCommand } from './sim-tamper-binary';
import { simTamperConfigCommand } from './sim-tamper-config';
import { simTamperServiceCommand } from './sim-tamper-service';

export const SIM_COMMANDS: Command[] = [
  simInitCommand,
  simRunCommand,
  simShowCommand,
  simReplayCommand,
  simInstallForeignSysmonCommand,
  simTamperConfigCommand,
  simTamperBinaryCommand,
  simTamperServiceCommand,
  simStopSysmonCommand,
  simCrashCommand,
  simRebootCommand,
  simClearLogCommand,
  simReleaseCommand,
  simSetOsCommand,
  simClockAdvanceCommand,
];

export function simCommandFor(verb: readonly string[]): Command {
  const found = SIM_COMMANDS.find((c) => c.path.length === verb.length + 1 && verb.every((w, i) => c.path[i + 1] === w));
  if (!found) throw new Error(`no sim command ${verb.join(' ')}`);
  return found;
}
