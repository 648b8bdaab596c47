/**
 * Windows file paths compared the way NTFS does by default: case-insensitive,
 * either slash, no doubled separators.
 */
import { PlatformError } from './errors';

export function canonicalWindowsPath(path: string): string {
  if (typeof path !== 'string' || !/^[a-zA-Z]:[\\/]/.test(path)) {
    throw new PlatformError('INVALID_ARGUMENT', `expected an absolute Windows path like C:\\dir\\file, got ${JSON.stringify(path)}`);
  }
  const parts = path.slice(3).split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else out.push(part);
  }
  return `${path[0].toUpperCase()}:\\${out.join('\\')}`;
}

export function windowsPathKey(path: string): string {
  return canonicalWindowsPath(path).toLowerCase();
}

export function windowsBaseName(path: string): string {
  const canonical = canonicalWindowsPath(path);
  return canonical.slice(canonical.lastIndexOf('\\') + 1);
}
