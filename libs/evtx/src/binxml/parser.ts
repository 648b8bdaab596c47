import { BinXmlError } from '../errors';
import { CHUNK_HEADER_SIZE } from '../format/layout-constants';
import {
  KIND_ELEMENT,
  KIND_PI,
  KIND_SUBST,
  KIND_TEXT,
  type AttributeNode,
  type ContentNode,
  type ElementNode,
  type TemplateDefinition,
  type ValuePart,
} from './nodes';
import {
  TOKEN_ATTRIBUTE,
  TOKEN_CDATA,
  TOKEN_CHAR_REF,
  TOKEN_CLOSE_EMPTY_ELEMENT,
  TOKEN_CLOSE_START_ELEMENT,
  TOKEN_END_ELEMENT,
  TOKEN_ENTITY_REF,
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_MORE_FLAG,
  TOKEN_NORMAL_SUBSTITUTION,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_OPTIONAL_SUBSTITUTION,
  TOKEN_PI_DATA,
  TOKEN_PI_TARGET,
  TOKEN_VALUE,
} from './tokens';
import { decodeUtf16 } from './utf16';
import type { NameRef, TemplateCache } from './template-cache';
import { guidText } from './value-render';
import type { IssueSink } from './value-render';
import { VT_NULL, VT_STRING } from './value-types';
import type { ValueTable } from './value-table';

/** Bytes of a template definition header before its BinXML body: next offset, GUID, data size. */
const TEMPLATE_HEADER_SIZE = 24;
/** Nesting limit for elements; real events nest a handful of levels. */
const MAX_ELEMENT_DEPTH = 64;

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** A name for an error message: names come from the file, so bounded and escaped. */
function showName(name: string): string {
  return `<${JSON.stringify(name.length > 40 ? `${name.slice(0, 40)}…` : name).slice(1, -1)}>`;
}

function base(token: number): number {
  return token & ~TOKEN_MORE_FLAG;
}

/**
 * Reads BinXML out of one chunk. Every offset is chunk-relative, because
 * names and template definitions are referenced by their chunk offset and may
 * live in an earlier record. Names and templates are cached for the chunk's
 * lifetime (a template defined by one record is reused by later ones).
 * Every read is bounds-checked against an explicit end, never past the chunk.
 */
export class ChunkBinXml {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TemplateDefinition | BinXmlError>();
  /** While a template definition is parsed for the cache: its name references, relative to nameRefsBase. */
  private nameRefs: NameRef[] | null = null;
  private nameRefsBase = 0;

  /** `templateCache`, shared by the chunks of one file, lets them reuse each other's parsed templates. */
  constructor(
    readonly buf: Buffer,
    private readonly templateCache: TemplateCache | null = null,
  ) {}

  private need(pos: number, bytes: number, end: number, what: string): void {
    if (pos < 0 || pos + bytes > end) throw new BinXmlError(`truncated ${what}: needs ${bytes} bytes`, pos);
  }

  // ---- names ------------------------------------------------------------

  /** The name stored at `offset` (u32 next, u16 hash, u16 length, UTF-16 text, NUL). */
  nameAt(offset: number): string {
    const cached = this.names.get(offset);
    if (cached !== undefined) return cached;
    const buf = this.buf;
    if (offset < CHUNK_HEADER_SIZE || offset + 8 > buf.length) throw new BinXmlError('name offset outside the chunk', offset);
    const length = buf.readUInt16LE(offset + 6);
    if (offset + 8 + length * 2 > buf.length) throw new BinXmlError(`name of ${length} characters runs past the chunk`, offset);
    const name = decodeUtf16(buf, offset + 8, offset + 8 + length * 2);
    this.names.set(offset, name);
    return name;
  }

  /**
   * Reads a name reference at `pos` and returns the position after it. When the
   * name is stored inline (its offset points right behind the reference) it is
   * skipped; otherwise it was stored earlier in the chunk.
   */
  private readNameRef(pos: number, end: number, out: { name: string }): number {
    this.need(pos, 4, end, 'name reference');
    const offset = this.buf.readUInt32LE(pos);
    pos += 4;
    out.name = this.nameAt(offset);
    if (this.nameRefs !== null) this.nameRefs.push({ at: pos - 4 - this.nameRefsBase, inline: offset === pos, name: out.name });
    if (offset === pos) {
      const length = this.buf.readUInt16LE(pos + 6);
      pos += 8 + length * 2 + 2;
      if (pos > end) throw new BinXmlError('inline name runs past its fragment', offset);
    }
    return pos;
  }

  private readonly nameOut = { name: '' };

  // ---- templates --------------------------------------------------------

  /** The template definition at `offset`, parsed on first use and cached for the chunk. */
  templateAt(offset: number): TemplateDefinition {
    const cached = this.templates.get(offset);
    if (cached !== undefined) {
      if (cached instanceof BinXmlError) throw cached;
      return cached;
    }
    try {
      const template = this.parseTemplateDefinition(offset);
      this.templates.set(offset, template);
      return template;
    } catch (error) {
      const failure =
        error instanceof BinXmlError ? error : new BinXmlError(`template definition unreadable: ${String(error)}`, offset);
      this.templates.set(offset, failure);
      throw failure;
    }
  }

  /** Byte length of the template definition at `offset` (header + body). */
  templateDefinitionLength(offset: number): number {
    this.need(offset, TEMPLATE_HEADER_SIZE, this.buf.length, 'template definition header');
    return TEMPLATE_HEADER_SIZE + this.buf.readUInt32LE(offset + 20);
  }

  private parseTemplateDefinition(offset: number): TemplateDefinition {
    const buf = this.buf;
    if (offset < CHUNK_HEADER_SIZE) throw new BinXmlError('template definition offset inside the chunk header', offset);
    this.need(offset, TEMPLATE_HEADER_SIZE, buf.length, 'template definition header');
    const dataSize = buf.readUInt32LE(offset + 20);
    const start = offset + TEMPLATE_HEADER_SIZE;
    const end = start + dataSize;
    if (end > buf.length) throw new BinXmlError(`template definition of ${dataSize} bytes runs past the chunk`, offset);
    const guid = guidText(buf, offset + 4);
    const cache = this.templateCache;
    if (cache === null) return this.parseTemplateBody(offset, guid, start, end);
    const key = `${guid}/${dataSize}`;
    const known = cache.find(key, buf, start, end, (at) => this.nameAt(at));
    if (known !== null) return known;
    this.nameRefs = [];
    this.nameRefsBase = start;
    try {
      const template = this.parseTemplateBody(offset, guid, start, end);
      cache.remember(key, template, buf, start, end, this.nameRefs);
      return template;
    } finally {
      this.nameRefs = null;
    }
  }

  private parseTemplateBody(offset: number, guid: string, start: number, end: number): TemplateDefinition {
    const nodes: ContentNode[] = [];
    this.parseSequence(start, end, nodes, true);
    return { offset, guid, nodes, plans: new Map() };
  }

  /**
   * Reads the head of a template instance token at `pos`: returns the template
   * and the position of its value array (after an inline definition, if any).
   */
  readInstanceHead(pos: number, end: number): { template: TemplateDefinition; valuesAt: number } {
    this.need(pos, 10, end, 'template instance');
    const defOffset = this.buf.readUInt32LE(pos + 6);
    let next = pos + 10;
    if (defOffset === next) {
      // Defined inline, by the first record that uses it.
      next += this.templateDefinitionLength(defOffset);
      if (next > end) throw new BinXmlError('inline template definition runs past its record', defOffset);
    }
    return { template: this.templateAt(defOffset), valuesAt: next };
  }

  /**
   * Fills `table` from the value array at `pos` (u32 count, count x
   * {u16 size, u8 type, u8 pad}, then the data). Values that run past `end`
   * are kept as NULL and reported, so that the rest of the record still renders.
   */
  readValues(pos: number, end: number, table: ValueTable, sink: IssueSink): number {
    const buf = this.buf;
    this.need(pos, 4, end, 'substitution value count');
    const count = buf.readUInt32LE(pos);
    pos += 4;
    if (count * 4 > end - pos) throw new BinXmlError(`${count} substitution value descriptors run past the record`, pos);
    let data = pos + count * 4;
    let overrun = false;
    for (let i = 0; i < count; i++) {
      const size = buf.readUInt16LE(pos + i * 4);
      const type = buf[pos + i * 4 + 2];
      if (data + size > end) {
        if (!overrun) sink.issue(`substitution value ${i} (${size} bytes) runs past the record end (chunk offset 0x${data.toString(16)})`);
        overrun = true;
        table.push(data, 0, VT_NULL);
        continue;
      }
      table.push(data, size, type);
      data += size;
    }
    return overrun ? end : data;
  }

  // ---- content ----------------------------------------------------------

  /**
   * Parses a token sequence of a template body or a template-less fragment up
   * to EOF (or `end`) into `out`. Template instances are not allowed here
   * (they are handled by the record renderer, which owns value tables).
   */
  parseSequence(pos: number, end: number, out: ContentNode[], withDependencyId: boolean): number {
    const buf = this.buf;
    while (pos < end) {
      const token = buf[pos];
      switch (base(token)) {
        case TOKEN_EOF:
          return pos + 1;
        case TOKEN_FRAGMENT_HEADER:
          pos += 4;
          break;
        case TOKEN_OPEN_START_ELEMENT: {
          const element = this.newElement();
          pos = this.parseElement(pos, end, element, withDependencyId, 0);
          out.push(element);
          break;
        }
        case TOKEN_PI_TARGET:
          pos = this.parsePI(pos, end, out);
          break;
        case TOKEN_VALUE:
        case TOKEN_NORMAL_SUBSTITUTION:
        case TOKEN_OPTIONAL_SUBSTITUTION:
        case TOKEN_CHAR_REF:
        case TOKEN_ENTITY_REF:
        case TOKEN_CDATA:
          pos = this.parseValuePart(pos, end, out as ValuePart[]);
          break;
        default:
          throw new BinXmlError(`unexpected BinXML token 0x${token.toString(16)}`, pos);
      }
    }
    return pos;
  }

  private newElement(): ElementNode {
    return { kind: KIND_ELEMENT, name: '', attributes: [], children: [] };
  }

  /**
   * Nested BinXML values (type 0x21) may start directly with an element whose
   * start tag has no dependency identifier (libyal format notes). Decide by
   * checking which reading gives a plausible name reference.
   */
  elementHasDependencyId(pos: number, end: number): boolean {
    return this.plausibleNameRef(pos + 7, end) || !this.plausibleNameRef(pos + 5, end);
  }

  private plausibleNameRef(at: number, end: number): boolean {
    if (at + 4 > end) return false;
    const offset = this.buf.readUInt32LE(at);
    if (offset === at + 4) return offset + 8 <= end;
    return offset >= CHUNK_HEADER_SIZE && offset < at && offset + 8 <= this.buf.length;
  }

  private parseElement(pos: number, end: number, element: ElementNode, withDependencyId: boolean, depth: number): number {
    const buf = this.buf;
    if (depth > MAX_ELEMENT_DEPTH) throw new BinXmlError('elements nested too deeply', pos);
    const start = pos;
    const hasAttributes = (buf[pos] & TOKEN_MORE_FLAG) !== 0;
    pos += 1;
    if (withDependencyId) pos += 2;
    this.need(pos, 4, end, 'element start');
    pos += 4; // data size: the structure itself tells where the element ends
    pos = this.readNameRef(pos, end, this.nameOut);
    element.name = this.nameOut.name;
    if (hasAttributes) {
      this.need(pos, 4, end, 'attribute list');
      pos += 4;
      while (pos < end && base(buf[pos]) === TOKEN_ATTRIBUTE) {
        pos = this.readNameRef(pos + 1, end, this.nameOut);
        const attribute: AttributeNode = { name: this.nameOut.name, parts: [] };
        pos = this.parseValueParts(pos, end, attribute.parts);
        element.attributes.push(attribute);
      }
    }
    this.need(pos, 1, end, 'element start close');
    const close = buf[pos];
    if (close === TOKEN_CLOSE_EMPTY_ELEMENT) return pos + 1;
    if (close !== TOKEN_CLOSE_START_ELEMENT) {
      throw new BinXmlError(`element ${showName(element.name)} start tag ends with token 0x${close.toString(16)}`, pos);
    }
    pos += 1;
    for (;;) {
      if (pos >= end) throw new BinXmlError(`element ${showName(element.name)} is not closed`, start);
      const token = buf[pos];
      switch (base(token)) {
        case TOKEN_END_ELEMENT:
          return pos + 1;
        case TOKEN_OPEN_START_ELEMENT: {
          const child = this.newElement();
          pos = this.parseElement(pos, end, child, withDependencyId, depth + 1);
          element.children.push(child);
          break;
        }
        case TOKEN_PI_TARGET:
          pos = this.parsePI(pos, end, element.children);
          break;
        case TOKEN_VALUE:
        case TOKEN_NORMAL_SUBSTITUTION:
        case TOKEN_OPTIONAL_SUBSTITUTION:
        case TOKEN_CHAR_REF:
        case TOKEN_ENTITY_REF:
        case TOKEN_CDATA:
          pos = this.parseValuePart(pos, end, element.children as ValuePart[]);
          break;
        default:
          throw new BinXmlError(`unexpected token 0x${token.toString(16)} in element ${showName(element.name)}`, pos);
      }
    }
  }

  /** Value parts of an attribute: as many value-like tokens as follow. */
  private parseValueParts(pos: number, end: number, parts: ValuePart[]): number {
    while (pos < end) {
      switch (base(this.buf[pos])) {
        case TOKEN_VALUE:
        case TOKEN_NORMAL_SUBSTITUTION:
        case TOKEN_OPTIONAL_SUBSTITUTION:
        case TOKEN_CHAR_REF:
        case TOKEN_ENTITY_REF:
        case TOKEN_CDATA:
          pos = this.parseValuePart(pos, end, parts);
          break;
        default:
          return pos;
      }
    }
    return pos;
  }

  /** One value-like token; adjacent literal text is merged into one part. */
  private parseValuePart(pos: number, end: number, parts: ValuePart[]): number {
    const buf = this.buf;
    const token = buf[pos];
    let text: string;
    switch (base(token)) {
      case TOKEN_VALUE: {
        this.need(pos, 4, end, 'value text');
        const type = buf[pos + 1];
        if (type !== VT_STRING) throw new BinXmlError(`value text of type 0x${type.toString(16)} (expected string)`, pos);
        const length = buf.readUInt16LE(pos + 2);
        this.need(pos + 4, length * 2, end, 'value text');
        text = decodeUtf16(buf, pos + 4, pos + 4 + length * 2);
        pos += 4 + length * 2;
        break;
      }
      case TOKEN_CDATA: {
        this.need(pos, 3, end, 'CDATA section');
        const length = buf.readUInt16LE(pos + 1);
        this.need(pos + 3, length * 2, end, 'CDATA section');
        text = decodeUtf16(buf, pos + 3, pos + 3 + length * 2);
        pos += 3 + length * 2;
        break;
      }
      case TOKEN_CHAR_REF:
        this.need(pos, 3, end, 'character reference');
        text = String.fromCharCode(buf.readUInt16LE(pos + 1));
        pos += 3;
        break;
      case TOKEN_ENTITY_REF: {
        pos = this.readNameRef(pos + 1, end, this.nameOut);
        const name = this.nameOut.name;
        text = XML_ENTITIES[name] ?? `&${name};`;
        break;
      }
      case TOKEN_NORMAL_SUBSTITUTION:
      case TOKEN_OPTIONAL_SUBSTITUTION:
        this.need(pos, 4, end, 'substitution');
        parts.push({
          kind: KIND_SUBST,
          index: buf.readUInt16LE(pos + 1),
          type: buf[pos + 3],
          optional: base(token) === TOKEN_OPTIONAL_SUBSTITUTION,
        });
        return pos + 4;
      default:
        throw new BinXmlError(`token 0x${token.toString(16)} is not a value`, pos);
    }
    const last = parts[parts.length - 1];
    if (last !== undefined && last.kind === KIND_TEXT) last.text += text;
    else parts.push({ kind: KIND_TEXT, text });
    return pos;
  }

  private parsePI(pos: number, end: number, out: ContentNode[]): number {
    pos = this.readNameRef(pos + 1, end, this.nameOut);
    const target = this.nameOut.name;
    let data = '';
    if (pos < end && this.buf[pos] === TOKEN_PI_DATA) {
      this.need(pos, 3, end, 'PI data');
      const length = this.buf.readUInt16LE(pos + 1);
      this.need(pos + 3, length * 2, end, 'PI data');
      data = decodeUtf16(this.buf, pos + 3, pos + 3 + length * 2);
      pos += 3 + length * 2;
    }
    out.push({ kind: KIND_PI, target, data });
    return pos;
  }
}

