import { simCommand, withHost } from './sim-kit';

export const simRebootCommand = simCommand({
  verb: ['reboot'],
  summary: 'reboot the host (clean shutdown first when it is running)',
  usage: '',
  flags: {},
  run({ home, io }) {
    return withHost(home, async (host) => {
      const wasDown = host.parts.store.power() === 'off';
      host.reboot();
      const boot = await host.ports.boots.currentBoot();
      const evidence = boot?.evidence.map((e) => e.eventId).join(', ');
      io.stdout.write(
        `${wasDown ? 'booted after a crash' : 'rebooted'}: boot at ${new Date(boot?.startedMs ?? 0).toISOString()}, previous shutdown ${boot?.previousShutdown ?? 'unknown'}${evidence ? ` (System ${evidence})` : ''}\n`,
      );
      return 0;
    });
  },
});
