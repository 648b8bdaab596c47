import { UsageError } from '@sysward/command-line';
import { exclusive, simCommand, withHost } from './sim-kit';

const DEFAULT_BUGCHECK = 0x3b;

/** R-INS-6 input: an unclean end; the evidence appears in System at the next boot. */
export const simCrashCommand = simCommand({
  verb: ['crash'],
  summary: 'crash the host (bugcheck or power loss); it stays down until reboot',
  usage: '[--bugcheck CODE | --power-loss]',
  flags: {
    bugcheck: { kind: 'string', description: 'stop code, hex (0x3B) or decimal (default 0x3B)' },
    'power-loss': { kind: 'boolean', description: 'no bugcheck: 41 and 6008 but no 1001 at the next boot' },
  },
  run({ args, home, io }) {
    exclusive(args, ['bugcheck', 'power-loss']);
    const code = args.flags['power-loss'] ? 0 : parseBugcheck(args.flags.bugcheck as string | undefined);
    return withHost(home, (host) => {
      host.crash(code);
      io.stdout.write(`host crashed (${code === 0 ? 'power loss' : `bugcheck 0x${code.toString(16).toUpperCase()}`}); it is down until \`sysward sim reboot\`\n`);
      return 0;
    });
  },
});

function parseBugcheck(text: string | undefined): number {
  if (text === undefined) return DEFAULT_BUGCHECK;
  const n = /^0x[0-9a-f]{1,8}$/i.test(text) ? Number.parseInt(text.slice(2), 16) : /^[0-9]{1,10}$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 0xffffffff) throw new UsageError(`--bugcheck must be a stop code like 0x3B (1..0xFFFFFFFF), got ${JSON.stringify(text)}`);
  return n;
}
