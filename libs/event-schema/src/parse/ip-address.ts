import { invalid, isNoValue, NONE, ParseOutcome, value } from './parse-outcome';

export interface IpAddress {
  /** 4 bytes for IPv4, 16 for IPv6 (IPv4-mapped addresses stay 16), network order. */
  readonly bytes: Uint8Array;
  /** Canonical text: dotted quad, or RFC 5952 IPv6 with `%zone` kept. */
  readonly text: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const HEX_GROUP = /^[0-9a-fA-F]{1,4}$/;
const ZONE = /^[^\s%]+$/;

/** Sysmon's SourceIp / DestinationIp: IPv4, IPv6, IPv6 with a zone id, IPv4-mapped IPv6. */
export function parseIpAddress(text: string): ParseOutcome<IpAddress> {
  if (isNoValue(text)) return NONE;
  if (!text.includes(':')) {
    const v4 = parseIpv4(text);
    return v4 ? value({ bytes: v4, text: formatIpv4(v4) }) : invalid('not an IPv4 or IPv6 address');
  }
  const percent = text.indexOf('%');
  const zone = percent >= 0 ? text.slice(percent + 1) : null;
  if (zone !== null && !ZONE.test(zone)) return invalid('IPv6 zone id is empty or malformed');
  const bytes = parseIpv6(percent >= 0 ? text.slice(0, percent) : text);
  if (!bytes) return invalid('not an IPv6 address');
  return value({ bytes, text: formatIpv6(bytes) + (zone === null ? '' : `%${zone}`) });
}

function parseIpv4(text: string): Uint8Array | null {
  const m = IPV4.exec(text);
  if (!m) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = m[i + 1];
    // A leading zero could mean octal to some tools: reject rather than guess.
    if (part.length > 1 && part.startsWith('0')) return null;
    const n = Number(part);
    if (n > 255) return null;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | null {
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0]);
  const tail = halves.length === 2 ? parseGroups(halves[1]) : [];
  if (!head || !tail) return null;
  const total = head.length + tail.length;
  if (halves.length === 2 ? total > 7 : total !== 8) return null;
  const groups = [...head, ...new Array<number>(8 - total).fill(0), ...tail];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    out[2 * i] = g >> 8;
    out[2 * i + 1] = g & 0xff;
  });
  return out;
}

/** Colon-separated hex groups; the last one may be an embedded dotted IPv4 (two groups). */
function parseGroups(text: string): number[] | null {
  if (text === '') return [];
  const parts = text.split(':');
  const groups: number[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return null;
      groups.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    } else if (HEX_GROUP.test(part)) {
      groups.push(parseInt(part, 16));
    } else {
      return null;
    }
  }
  return groups;
}

function formatIpv4(bytes: Uint8Array, offset = 0): string {
  return `${bytes[offset]}.${bytes[offset + 1]}.${bytes[offset + 2]}.${bytes[offset + 3]}`;
}

function formatIpv6(bytes: Uint8Array): string {
  const groups: number[] = [];
  for (let i = 0; i < 8; i++) groups.push((bytes[2 * i] << 8) | bytes[2 * i + 1]);
  // RFC 5952 section 5: IPv4-mapped addresses keep the dotted quad.
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return `::ffff:${formatIpv4(bytes, 12)}`;
  }
  // RFC 5952 section 4.2: shorten the longest run (the first one on a tie) of at
  // least two zero groups.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
