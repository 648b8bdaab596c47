/**
 * The part of Sysmon's configuration handling that the installer's behaviour
 * depends on: a config is accepted or refused as a whole (BUG-17 schema newer
 * than the binary, BUG-18 an unknown condition, a truncated file), and an
 * accepted one becomes the Rules bytes in the registry. Comments and layout do
 * not reach the Rules bytes, so the same rules always give the same bytes and
 * R-INS-5 can compare them.
 */
import { compareVersions } from '@sysward/platform';
import { sysmonMaxSchema } from './sysmon-versions';

export type ConfigVerdict =
  | { ok: true; schemaVersion: string; hashAlgorithms: string; canonical: string }
  | { ok: false; message: string };

const CONDITIONS = new Set([
  'is', 'is not', 'is any', 'contains', 'contains any', 'contains all', 'excludes', 'excludes any', 'excludes all',
  'begin with', 'not begin with', 'end with', 'not end with', 'less than', 'more than', 'image',
]);

export function checkSysmonConfig(text: string, binaryVersion: string): ConfigVerdict {
  const body = text.replace(/^\uFEFF/, '').replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  const root = /^\s*<Sysmon\b([^>]*)>/.exec(body);
  if (!root) return { ok: false, message: 'Error: Failed to parse configuration: the root element is not <Sysmon>' };
  const schema = /schemaversion\s*=\s*["']([0-9]+\.[0-9]+)["']/i.exec(root[1])?.[1];
  if (!schema) return { ok: false, message: 'Error: Failed to parse configuration: <Sysmon> has no schemaversion' };
  const max = sysmonMaxSchema(binaryVersion);
  if (compareVersions(schema, max) > 0) {
    return { ok: false, message: `Error: Incorrect or unsupported schema version: ${schema}. This Sysmon (v${binaryVersion}) supports schema version ${max} and earlier.` };
  }
  const nesting = checkNesting(body);
  if (nesting) return { ok: false, message: `Error: Failed to parse configuration: ${nesting}` };
  for (const match of body.matchAll(/condition\s*=\s*["']([^"']*)["']/gi)) {
    if (!CONDITIONS.has(match[1])) {
      return { ok: false, message: `Error: Incorrect condition: "${match[1]}". Valid conditions: ${[...CONDITIONS].join(', ')}` };
    }
  }
  const hashAlgorithms = /<HashAlgorithms>([^<]*)<\/HashAlgorithms>/i.exec(body)?.[1].trim() || 'SHA1';
  const canonical = body
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('')
    .replace(/>\s+</g, '><');
  return { ok: true, schemaVersion: schema, hashAlgorithms, canonical };
}

/** A tag stack over the document; returns what is wrong, or null. */
function checkNesting(body: string): string | null {
  const stack: string[] = [];
  for (const match of body.matchAll(/<(\/?)([A-Za-z_][\w.-]*)([^>]*?)(\/?)>/g)) {
    const [, closing, name, , selfClosing] = match;
    if (selfClosing) continue;
    if (!closing) stack.push(name);
    else if (stack.pop() !== name) return `</${name}> does not close the element that is open`;
  }
  if (stack.length > 0) return `<${stack[stack.length - 1]}> is never closed (truncated file?)`;
  if (/<(?![!?/A-Za-z_])/.test(body)) return 'a stray "<"';
  return null;
}

const RULES_MAGIC = Buffer.from('SYSMON-SIM-RULES', 'latin1');

/** The Rules REG_BINARY value: a header with the schema, then the rules. */
export function encodeRules(schemaVersion: string, canonical: string): Buffer {
  const schema = Buffer.from(schemaVersion, 'latin1');
  return Buffer.concat([RULES_MAGIC, Buffer.from([schema.length]), schema, Buffer.from(canonical, 'utf8')]);
}

/** The rules text back from a Rules value; null when the bytes are not rules this sim wrote (tampered). */
export function decodeRules(bytes: Uint8Array): { schemaVersion: string; canonical: string } | null {
  const buffer = Buffer.from(bytes);
  if (buffer.length < RULES_MAGIC.length + 1 || !buffer.subarray(0, RULES_MAGIC.length).equals(RULES_MAGIC)) return null;
  const length = buffer[RULES_MAGIC.length];
  const start = RULES_MAGIC.length + 1;
  if (start + length > buffer.length) return null;
  return { schemaVersion: buffer.subarray(start, start + length).toString('latin1'), canonical: buffer.subarray(start + length).toString('utf8') };
}

/** Sysmon's HashingAlgorithm value: a bit per algorithm named in <HashAlgorithms>. */
export function hashingAlgorithmMask(names: string): number {
  const bits: Record<string, number> = { md5: 1, sha1: 2, sha256: 4, imphash: 8, '*': 15 };
  return names
    .split(',')
    .map((n) => n.trim().toLowerCase())
    .reduce((mask, n) => mask | (bits[n] ?? 0), 0);
}
