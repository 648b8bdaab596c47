/**
 * The Details of a Sysmon registry event, typed from the way Sysmon renders values:
 * `DWORD (0x00000001)`, `QWORD (0x00000000-0x00000001)` (high-low), `Binary Data`
 * (Sysmon does not log the bytes), `(Empty)`, or the text of a string value.
 * Anything else is text, kept exactly, so no value can fail to parse.
 */
export type RegistryDetailsValue =
  | { readonly kind: 'dword'; readonly value: number }
  | { readonly kind: 'qword'; readonly value: bigint }
  | { readonly kind: 'binaryData' }
  | { readonly kind: 'empty' }
  | { readonly kind: 'text'; readonly value: string };

const DWORD = /^DWORD \(0x([0-9A-Fa-f]{8})\)$/;
const QWORD = /^QWORD \(0x([0-9A-Fa-f]{8})-0x([0-9A-Fa-f]{8})\)$/;

export function parseRegistryDetails(text: string): RegistryDetailsValue {
  const dword = DWORD.exec(text);
  if (dword) return { kind: 'dword', value: parseInt(dword[1], 16) };
  const qword = QWORD.exec(text);
  if (qword) return { kind: 'qword', value: (BigInt(`0x${qword[1]}`) << 32n) | BigInt(`0x${qword[2]}`) };
  if (text === 'Binary Data') return { kind: 'binaryData' };
  if (text === '(Empty)') return { kind: 'empty' };
  return { kind: 'text', value: text };
}
