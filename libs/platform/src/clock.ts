/** Wall-clock time as a port, so soak periods (R-INS-7) and timestamps can be driven by the sim's clock. */
export interface ClockPort {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: ClockPort = { now: () => Date.now() };
