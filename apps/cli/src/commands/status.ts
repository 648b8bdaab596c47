// `sysward status`: the agent's status from the supervisor (R-SUP-2, R-SUP-3),
// as a table for a person, JSON for a program, or followed live with --watch.
import {
  backoffDelay,
  describeError,
  type BackoffPolicy,
} from '@sysward/agent-runtime';
import {
  componentAddress,
  isUnavailable,
  SUPERVISOR_COMPONENT,
  SupervisorClient,
  type AgentStatusView,
  type ComponentStatusView,
} from '@sysward/ipc';

export interface StatusArgs {
  home: string;
  json: boolean;
  watch: boolean;
}

export interface StatusRunOptions {
  /** Ends --watch; without one, SIGINT/SIGTERM do. */
  signal?: AbortSignal;
  platform?: NodeJS.Platform;
}

/** Exit codes, after the LSB init-script convention for "status". */
export const STATUS_EXIT = {
  /** Reachable and every component serving. */
  HEALTHY: 0,
  /** Reachable, but something is not serving (degraded, erroring, restarting). */
  UNHEALTHY: 1,
  /** The supervisor is not running (nothing answers on its socket). */
  NOT_RUNNING: 3,
  /** Anything else: refused, timed out, malformed answer. */
  UNKNOWN: 4,
} as const;

const WATCH_RECONNECT: BackoffPolicy = { initialDelayMs: 250, maxDelayMs: 5_000, multiplier: 2, jitter: 0.3 };

export async function runStatus(args: StatusArgs, out: NodeJS.WritableStream, options: StatusRunOptions = {}): Promise<number> {
  const address = componentAddress(args.home, SUPERVISOR_COMPONENT, options.platform ?? process.platform);
  const client = new SupervisorClient(address);
  try {
    let first: AgentStatusView;
    try {
      first = await client.getStatus({ deadlineMs: 3_000 });
    } catch (error) {
      out.write(unreachableMessage(address.target, error) + '\n');
      return isUnavailable(error) ? STATUS_EXIT.NOT_RUNNING : STATUS_EXIT.UNKNOWN;
    }
    if (!args.watch) {
      out.write(args.json ? JSON.stringify(first, null, 2) + '\n' : renderStatusTable(first));
      return exitCodeFor(first);
    }
    return await follow(client, args, out, address.target, options.signal ?? stopSignal());
  } finally {
    client.close();
  }
}

export function exitCodeFor(status: AgentStatusView): number {
  return status.health === 'serving' ? STATUS_EXIT.HEALTHY : STATUS_EXIT.UNHEALTHY;
}

function unreachableMessage(target: string, error: unknown): string {
  if (isUnavailable(error)) {
    // gRPC's own wording ("No connection established. Last error: ... Resolution note:") adds nothing here.
    return `sysward status: the supervisor is not running: nothing answers on ${target}`;
  }
  return `sysward status: cannot get the status from ${target}: ${grpcDetails(error)}`;
}

function grpcDetails(error: unknown): string {
  const details = (error as { details?: unknown }).details;
  return typeof details === 'string' && details !== '' ? details : describeError(error);
}

/** Follows WatchStatus until the signal fires; reconnects when the supervisor goes away. */
function follow(client: SupervisorClient, args: StatusArgs, out: NodeJS.WritableStream, target: string, signal: AbortSignal): Promise<number> {
  return new Promise((resolve) => {
    let attempt = 0;
    let retryTimer: NodeJS.Timeout | undefined;
    let subscription: { cancel(): void } | undefined;
    let last: AgentStatusView | undefined;
    const isTty = (out as { isTTY?: boolean }).isTTY === true;

    const show = (status: AgentStatusView): void => {
      attempt = 0;
      last = status;
      if (args.json) out.write(JSON.stringify(status) + '\n');
      else if (isTty) out.write('\x1b[H\x1b[2J' + renderStatusTable(status));
      else out.write(`--- ${new Date(status.generatedAtMs).toISOString()}\n` + renderStatusTable(status));
    };
    const subscribe = (): void => {
      retryTimer = undefined;
      subscription = client.watchStatus(show, (error) => {
        subscription = undefined;
        if (signal.aborted) return;
        const delay = backoffDelay(WATCH_RECONNECT, Math.min(attempt++, 20), Math.random());
        const why = error ? grpcDetails(error) : 'stream ended';
        if (args.json) out.write(JSON.stringify({ unreachable: target, error: why, retryInMs: delay }) + '\n');
        else out.write(`sysward status: lost the supervisor at ${target} (${why}); retrying in ${formatDuration(delay)}\n`);
        retryTimer = setTimeout(subscribe, delay);
      });
    };
    const finish = (): void => {
      if (retryTimer) clearTimeout(retryTimer);
      subscription?.cancel();
      resolve(last === undefined ? STATUS_EXIT.UNKNOWN : exitCodeFor(last));
    };
    if (signal.aborted) return finish();
    signal.addEventListener('abort', finish, { once: true });
    subscribe();
  });
}

function stopSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (): void => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  controller.signal.addEventListener('abort', () => {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  });
  return controller.signal;
}

// ---- rendering for a person -------------------------------------------------

/** The whole status as text tables; pure (times are relative to status.generatedAtMs). */
export function renderStatusTable(status: AgentStatusView): string {
  const now = status.generatedAtMs;
  const lines: string[] = [];
  const s = status.supervisor;
  lines.push(`Sysward supervisor ${s.version}  pid ${s.pid}  up ${formatDuration(s.uptimeMs)}  health: ${healthWord(status.health)}`);
  lines.push(`Active collector: ${status.activeCollector.replace(/_/g, '-')} (${status.activeCollectorReason})`);
  lines.push(`Sysmon: ${status.sysmonState.replace(/_/g, ' ')}${status.sysmonStateReason ? ` (${status.sysmonStateReason})` : ''}`);
  lines.push('');
  lines.push(
    ...table(
      ['COMPONENT', 'VERSION', 'PID', 'STATE', 'HEALTH', 'UPTIME', 'RESTARTS', 'LAST ERROR'],
      status.components.map((c) => [
        c.name,
        c.version || '-',
        c.pid > 0 ? String(c.pid) : '-',
        stateText(c, now),
        healthWord(c.health),
        c.processState === 'running' ? formatDuration(c.uptimeMs) : '-',
        String(c.restarts),
        lastErrorText(c, now),
      ]),
    ),
  );
  const monitors = status.components.filter((c) => c.monitor !== undefined);
  if (monitors.length > 0) {
    lines.push('');
    lines.push(
      ...table(
        ['EVENTS', 'READ', 'DELIVERED', 'DROPPED', 'GAPS', 'NOT MANAGED', 'OUTBOX', 'CHECKPOINT', 'CHECKPOINT AGE', 'DELIVERY LAG'],
        monitors.map((c) => {
          const m = c.monitor!;
          return [
            c.name,
            String(m.eventsRead),
            String(m.eventsDelivered),
            String(m.eventsDropped),
            String(m.gaps),
            String(m.eventsOutsideManaged ?? 0),
            formatBytes(m.outboxBytes),
            shortPosition(m.checkpointPosition),
            m.checkpointUpdatedAtMs > 0 ? formatDuration(m.checkpointAgeMs) : 'never',
            formatDuration(m.deliveryLagMs),
          ];
        }),
      ),
    );
  }
  const installers = status.components.filter((c) => c.installer !== undefined);
  if (installers.length > 0) {
    lines.push('');
    lines.push(
      ...table(
        ['INSTALLER', 'SYSMON', 'VERSION', 'REPAIRS', 'LAST REPAIR'],
        installers.map((c) => {
          const i = c.installer!;
          const repair = i.lastRepairs[0];
          return [
            c.name,
            i.sysmonState.replace(/_/g, ' '),
            i.sysmonVersion || '-',
            String(i.repairsTotal),
            repair ? `${formatDuration(Math.max(0, now - repair.atMs))} ago: ${repair.action} (${repair.reason})` : '-',
          ];
        }),
      ),
    );
  }
  return lines.join('\n') + '\n';
}

/** A recording's identity is a 64-digit hash: its first 12 digits tell recordings apart in a table (--json has it whole). */
function shortPosition(position: string): string {
  return position === '' ? '-' : position.replace(/\b([0-9a-f]{12})[0-9a-f]{20,}\b/g, '$1…');
}

function stateText(c: ComponentStatusView, now: number): string {
  switch (c.processState) {
    case 'running':
      return c.reported ? c.state.replace(/_/g, ' ') : 'starting (no report yet)';
    case 'backoff':
      return `restarting in ${formatDuration(Math.max(0, c.nextRestartAtMs - now))}`;
    case 'degraded':
      return c.stateReason ? `DEGRADED: ${c.stateReason}` : 'DEGRADED';
    default:
      return c.processState;
  }
}

function lastErrorText(c: ComponentStatusView, now: number): string {
  if (!c.lastError) return '-';
  const text = c.lastError.length > 80 ? `${c.lastError.slice(0, 79)}…` : c.lastError;
  return `${formatDuration(Math.max(0, now - c.lastErrorAtMs))} ago: ${text}`;
}

function healthWord(health: AgentStatusView['health']): string {
  return health === 'serving' ? 'serving' : 'NOT SERVING';
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

/** 950 -> "950ms", 61_000 -> "1m 1s", 90_061_000 -> "1d 1h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '-';
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  const seconds = Math.floor(ms / 1_000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
