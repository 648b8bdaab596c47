import type { Command } from './command';
import { evtxDumpCommand } from './evtx-dump';
import { replayCommand } from './replay';
import { startCommand } from './start';
import { statusCommand } from './status-command';

/** Every `sysward` sub-command; the help lists them in this order. */
export const COMMANDS: Command[] = [startCommand, statusCommand, evtxDumpCommand, replayCommand];
