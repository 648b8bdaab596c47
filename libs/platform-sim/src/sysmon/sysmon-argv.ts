/**
 * Sysmon's command line as the sim understands it: switches start with - or /
 * and are case-insensitive; -i and -c take an optional file, -u an optional
 * "force", -d a driver name (install only).
 */
export type SysmonInvocation =
  | { action: 'install'; acceptEula: boolean; config: string | null; driverName: string | null }
  | { action: 'config'; acceptEula: boolean; config: string | null }
  | { action: 'uninstall'; acceptEula: boolean; force: boolean }
  | { action: 'schema'; acceptEula: boolean }
  | { action: 'usage'; acceptEula: boolean; error: string | null };

const isSwitch = (arg: string): boolean => /^[-/][A-Za-z?]/.test(arg);

export function parseSysmonArguments(args: readonly string[]): SysmonInvocation {
  let acceptEula = false;
  let action: 'install' | 'config' | 'uninstall' | 'schema' | null = null;
  let file: string | null = null;
  let force = false;
  let driverName: string | null = null;
  const usage = (error: string | null): SysmonInvocation => ({ action: 'usage', acceptEula, error });
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!isSwitch(arg)) return usage(`unexpected argument ${JSON.stringify(arg)}`);
    const name = arg.slice(1).toLowerCase();
    const value = i + 1 < args.length && !isSwitch(args[i + 1]) ? args[i + 1] : null;
    switch (name) {
      case 'accepteula':
        acceptEula = true;
        break;
      case 'nologo':
        break;
      case 'i':
      case 'c':
      case 'u':
      case 's': {
        const wanted = ({ i: 'install', c: 'config', u: 'uninstall', s: 'schema' } as const)[name];
        if (action !== null) return usage(`-${name} cannot be combined with another command`);
        action = wanted;
        if (value !== null) {
          if (name === 'u') {
            if (value.toLowerCase() !== 'force') return usage(`-u takes only "force", got ${JSON.stringify(value)}`);
            force = true;
          } else if (name !== 's') {
            file = value;
          }
          i++;
        }
        break;
      }
      case 'd':
        if (value === null) return usage('-d needs a driver name');
        driverName = value;
        i++;
        break;
      case '?':
      case 'h':
        return usage(null);
      default:
        return usage(`unknown option ${arg}`);
    }
  }
  if (driverName !== null && action !== 'install') return usage('-d is only valid with -i');
  switch (action) {
    case 'install':
      return { action, acceptEula, config: file, driverName };
    case 'config':
      return { action, acceptEula, config: file };
    case 'uninstall':
      return { action, acceptEula, force };
    case 'schema':
      return { action, acceptEula };
    case null:
      return usage(null);
  }
}
