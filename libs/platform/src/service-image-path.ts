/**
 * The file behind a service's ImagePath. The installer must run the Sysmon that
 * is installed, found from ImagePath (BUG-20), and Windows spells ImagePath in
 * several ways: quoted with arguments, unquoted with arguments (svchost -k ...),
 * and for drivers relative to %SystemRoot% or under \SystemRoot\ or \??\.
 */
import type { ServiceKind } from './service-control';

const SYSTEM_ROOT = 'C:\\Windows';

export function serviceImageFile(imagePath: string, kind: ServiceKind, systemRoot: string = SYSTEM_ROOT): string {
  let text = imagePath.trim();
  if (text.startsWith('"')) {
    const end = text.indexOf('"', 1);
    text = end === -1 ? text.slice(1) : text.slice(1, end);
  } else {
    text = withoutArguments(text);
  }
  text = expandSystemRoot(text, systemRoot);
  if (text.startsWith('\\??\\')) text = text.slice(4);
  const isDriver = kind === 'kernel-driver' || kind === 'file-system-driver';
  if (isDriver && !/^[a-zA-Z]:\\/.test(text)) text = `${systemRoot}\\${text.replace(/^\\+/, '')}`;
  return text;
}

/** An unquoted path ends at the first space that follows the executable's extension. */
function withoutArguments(text: string): string {
  const match = /^(.*?\.(exe|sys|dll|com))(\s|$)/i.exec(text);
  return match ? match[1] : text;
}

function expandSystemRoot(text: string, systemRoot: string): string {
  return text
    .replace(/^%systemroot%/i, systemRoot)
    .replace(/^%windir%/i, systemRoot)
    .replace(/^\\systemroot/i, systemRoot);
}
