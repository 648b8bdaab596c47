import { COMMANDS } from '../src/commands/registry';
import { evtxDumpCommand } from '../src/commands/evtx-dump';
import { replayCommand } from '../src/commands/replay';
import { SIM_COMMANDS } from '../src/commands/sim-commands';
import { startCommand } from '../src/commands/start';
import { statusCommand } from '../src/commands/status-command';

describe('command registry (commands are loaded when they run)', () => {
  it('lists every command with the path and summary its module gives', () => {
    const modules = [startCommand, statusCommand, evtxDumpCommand, replayCommand, ...SIM_COMMANDS];
    expect(COMMANDS.map((c) => [c.path, c.summary])).toEqual(modules.map((c) => [c.path, c.summary]));
  });
});
