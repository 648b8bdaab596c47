// pino-roll 4 ships no type declarations; this covers the options we use.
declare module 'pino-roll' {
  import type { DestinationStream } from 'pino';
  interface PinoRollOptions {
    file: string;
    size?: string | number;
    frequency?: string | number;
    extension?: string;
    mkdir?: boolean;
    sync?: boolean;
    limit?: { count?: number; removeOtherLogFiles?: boolean };
  }
  interface RollingDestination extends DestinationStream {
    flushSync(): void;
    end(): void;
    once(event: 'close' | 'finish' | 'ready', listener: () => void): this;
  }
  function pinoRoll(options: PinoRollOptions): Promise<RollingDestination>;
  export = pinoRoll;
}
