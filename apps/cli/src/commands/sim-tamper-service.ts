import { UsageError } from '@sysward/command-line';
import { exclusive, oneOf, simCommand, withHost } from './sim-kit';

const START_TYPES = ['boot', 'system', 'auto', 'demand', 'disabled'] as const;

/** R-INS-4 input: the Sysmon service or driver configured differently, or gone. */
export const simTamperServiceCommand = simCommand({
  verb: ['tamper-service'],
  summary: "change or delete Sysmon's service (or driver) regardless of protection",
  usage: '(--start-type T | --image-path P | --delete) [--driver] [--service NAME]',
  flags: {
    'start-type': { kind: 'string', description: START_TYPES.join(', ') },
    'image-path': { kind: 'string', description: 'new ImagePath' },
    delete: { kind: 'boolean', description: 'terminate and delete the service' },
    driver: { kind: 'boolean', description: 'act on the driver service' },
    service: { kind: 'string', description: 'which Sysmon, when several are installed' },
  },
  run({ args, home, io }) {
    exclusive(args, ['delete', 'start-type']);
    exclusive(args, ['delete', 'image-path']);
    const startType = oneOf('start-type', args.flags['start-type'], START_TYPES);
    const imagePath = args.flags['image-path'] as string | undefined;
    if (!startType && imagePath === undefined && !args.flags.delete) throw new UsageError('say what to change: --start-type, --image-path or --delete');
    if (imagePath === '') throw new UsageError('--image-path must not be empty');
    return withHost(home, (host) => {
      const done = host.tamper.tamperService({
        service: args.flags.service as string | undefined,
        driver: args.flags.driver === true,
        startType,
        imagePath,
        delete: args.flags.delete === true,
      });
      io.stdout.write(`${done}\n`);
      return 0;
    });
  },
});
