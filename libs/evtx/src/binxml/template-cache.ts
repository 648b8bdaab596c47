import type { TemplateDefinition } from './nodes';

/**
 * Template definitions already parsed in earlier chunks of the same file. Every chunk
 * defines its templates again (chunks are self-contained), nearly always the same
 * bytes apart from chunk-relative name offsets; parsing and compiling them once per
 * chunk was about an eighth of reading a Sysmon log.
 *
 * A parsed definition is reused only when the new one is byte for byte the same
 * except at its name references, and each of those names the same thing: an inline
 * name at the same place (whose bytes are compared too), or a name stored elsewhere in
 * the chunk with the same text. Such a definition parses to the same nodes, so its
 * compiled plans are the same too. Anything else is parsed as usual.
 */

/** A name reference met while parsing a definition. */
export interface NameRef {
  /** Position of the 4-byte reference, relative to the definition body. */
  readonly at: number;
  /** The name was stored right behind the reference. */
  readonly inline: boolean;
  readonly name: string;
}

interface Entry {
  readonly template: TemplateDefinition;
  /** The body as parsed: a copy, because chunk buffers are reused. */
  readonly body: Buffer;
  readonly refs: readonly NameRef[];
}

/** Distinct definitions kept per file; a file with more (crafted) just parses more. */
const MAX_ENTRIES = 512;

export class TemplateCache {
  private readonly entries = new Map<string, Entry>();
  private scratch = Buffer.alloc(0);

  /**
   * The template parsed earlier from a definition equivalent to buf[start, end),
   * or null. `nameAt` resolves a chunk offset to a name (it may throw: then no match).
   */
  find(key: string, buf: Buffer, start: number, end: number, nameAt: (offset: number) => string): TemplateDefinition | null {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.body.length !== end - start) return null;
    const length = end - start;
    if (this.scratch.length < length) this.scratch = Buffer.alloc(Math.max(length, 2 * this.scratch.length));
    const scratch = this.scratch;
    buf.copy(scratch, 0, start, end);
    // Put the parsed definition's bytes where only chunk-relative offsets may differ,
    // once they are known to mean the same; then the bodies must be equal.
    for (const ref of entry.refs) {
      const offset = buf.readUInt32LE(start + ref.at);
      const inlineHere = offset === start + ref.at + 4;
      if (inlineHere !== ref.inline) return null;
      if (!ref.inline) {
        try {
          if (nameAt(offset) !== ref.name) return null;
        } catch {
          return null;
        }
      }
      // The reference, and for an inline name its "next name" link (a few bytes: no native copy call).
      const body = entry.body;
      for (let i = ref.at, stop = ref.at + (ref.inline ? 8 : 4); i < stop; i++) scratch[i] = body[i];
    }
    return scratch.compare(entry.body, 0, length, 0, length) === 0 ? entry.template : null;
  }

  remember(key: string, template: TemplateDefinition, buf: Buffer, start: number, end: number, refs: readonly NameRef[]): void {
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { template, body: Buffer.from(buf.subarray(start, end)), refs });
  }
}
