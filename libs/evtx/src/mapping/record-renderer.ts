import { BinXmlError } from '../errors';
import type { EventRecord } from '../event-record';
import { RECORD_HEADER_SIZE } from '../format/layout-constants';
import { KIND_ELEMENT, KIND_PI, KIND_SUBST, KIND_TEXT, type ContentNode, type SubstPart, type TemplateDefinition, type ValuePart } from '../binxml/nodes';
import type { ChunkBinXml } from '../binxml/parser';
import {
  TOKEN_EOF,
  TOKEN_FRAGMENT_HEADER,
  TOKEN_MORE_FLAG,
  TOKEN_OPEN_START_ELEMENT,
  TOKEN_TEMPLATE_INSTANCE,
} from '../binxml/tokens';
import { renderArrayItems, renderScalar } from '../binxml/value-render';
import { ValueTable, ValueTablePool } from '../binxml/value-table';
import {
  VT_ARRAY_FLAG,
  VT_BINXML,
  VT_INT16,
  VT_INT32,
  VT_INT8,
  VT_NULL,
  VT_UINT16,
  VT_UINT32,
  VT_UINT64,
  VT_UINT8,
} from '../binxml/value-types';
import {
  CTX_USER_DATA,
  OP_CONTAINER,
  OP_DATA,
  OP_DATA_KIND,
  OP_LEAF,
  OP_SYSTEM,
  OP_USER_ELEMENT,
  ROOT_CONTEXT,
  SF_EVENT_ID,
  SF_LEVEL,
  SF_OPCODE,
  SF_PROCESS_ID,
  SF_QUALIFIERS,
  SF_RECORD_ID,
  SF_TASK,
  SF_THREAD_ID,
  SF_VERSION,
  SYSTEM_FIELD_COUNT,
  compilePlan,
  type MapContext,
  type Plan,
} from './plan';
import { REPEATED_VALUE_SEPARATOR, RecordBuilder } from './record-builder';

/** System fields that EventRecord holds as numbers: their values need not become text first. */
const INTEGER_SYSTEM_FIELDS = new Uint8Array(SYSTEM_FIELD_COUNT);
for (const field of [SF_EVENT_ID, SF_QUALIFIERS, SF_VERSION, SF_LEVEL, SF_TASK, SF_OPCODE, SF_RECORD_ID, SF_PROCESS_ID, SF_THREAD_ID]) {
  INTEGER_SYSTEM_FIELDS[field] = 1;
}

/** BinXML values nested inside BinXML values; real logs use one or two levels. */
const MAX_NESTING = 16;

const EMPTY_VALUES = new ValueTable();

function escapeXmlText(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

function escapeXmlAttribute(text: string): string {
  return text.replace(/[&<"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&quot;'));
}

/**
 * Turns one record's BinXML into an EventRecord: the record's template
 * instance is looked up (parsed once per chunk), its compiled plan runs over
 * this record's substitution values. Nested BinXML values are rendered in the
 * context where they appear. Throws BinXmlError when the record cannot be
 * rendered at all; field-level problems make the record partial instead.
 */
export class RecordRenderer {
  private readonly pool = new ValueTablePool();
  private readonly builder = new RecordBuilder();

  constructor(private readonly xml: ChunkBinXml) {}

  /** The System EventRecordID of the last rendered record (null when it had none). */
  lastSystemRecordId(): number | null {
    return this.builder.systemRecordId();
  }

  render(recordOffset: number, recordSize: number, headerRecordId: number, recovered: boolean): EventRecord {
    const builder = this.builder;
    builder.reset();
    const start = recordOffset + RECORD_HEADER_SIZE;
    const end = recordOffset + recordSize - 4;
    if (end <= start) throw new BinXmlError(`record of ${recordSize} bytes has no event data`, recordOffset);
    this.renderFragment(start, end, 0, ROOT_CONTEXT);
    return builder.build(headerRecordId, recovered);
  }

  private planFor(template: TemplateDefinition, ctx: MapContext): Plan {
    let plan = template.plans.get(ctx.key);
    if (plan === undefined) {
      plan = compilePlan(template.nodes, ctx);
      template.plans.set(ctx.key, plan);
    }
    return plan;
  }

  /** Renders a fragment (record data or a BinXML value) in `ctx`; returns the position after it. */
  private renderFragment(pos: number, end: number, depth: number, ctx: MapContext): number {
    const xml = this.xml;
    const buf = xml.buf;
    while (pos < end) {
      const token = buf[pos] & ~TOKEN_MORE_FLAG;
      if (token === TOKEN_EOF) return pos + 1;
      if (token === TOKEN_FRAGMENT_HEADER) {
        pos += 4;
      } else if (token === TOKEN_TEMPLATE_INSTANCE) {
        const head = xml.readInstanceHead(pos, end);
        const values = this.pool.at(depth);
        pos = xml.readValues(head.valuesAt, end, values, this.builder);
        this.runPlan(this.planFor(head.template, ctx), values, depth);
      } else {
        // A fragment without template: its elements carry literal values only.
        const nodes: ContentNode[] = [];
        const withDependencyId = token !== TOKEN_OPEN_START_ELEMENT || xml.elementHasDependencyId(pos, end);
        pos = xml.parseSequence(pos, end, nodes, withDependencyId);
        this.runPlan(compilePlan(nodes, ctx), EMPTY_VALUES, depth);
      }
    }
    return pos;
  }

  private renderNested(part: SubstPart, values: ValueTable, depth: number, ctx: MapContext): void {
    if (depth + 1 > MAX_NESTING) {
      this.builder.issue(`BinXML values nested more than ${MAX_NESTING} deep`);
      return;
    }
    const offset = values.offsets[part.index];
    this.renderFragment(offset, offset + values.sizes[part.index], depth + 1, ctx);
  }

  private runPlan(plan: Plan, values: ValueTable, depth: number): void {
    const builder = this.builder;
    for (let i = 0; i < plan.length; i++) {
      const action = plan[i];
      switch (action.op) {
        case OP_SYSTEM: {
          if (action.parts.length === 1 && INTEGER_SYSTEM_FIELDS[action.field] === 1) {
            const integer = this.plainInteger(action.parts[0], values);
            if (!Number.isNaN(integer)) {
              builder.setSystemInteger(action.field, integer);
              break;
            }
          }
          const value = this.renderParts(action.parts, values, depth);
          if (value !== null) builder.setSystem(action.field, value);
          break;
        }
        case OP_DATA: {
          if (action.name === null && action.nameParts === null && this.isArray(action.parts, values)) {
            // Windows repeats an unnamed <Data> once per array item.
            for (const item of this.arrayItems(action.parts[0] as SubstPart, values)) builder.putUnnamed(item);
            break;
          }
          const value = this.renderParts(action.parts, values, depth);
          if (value === null) break;
          const name = action.nameParts ? this.renderParts(action.nameParts, values, depth) : action.name;
          if (name) builder.put(name, value);
          else builder.putUnnamed(value);
          break;
        }
        case OP_LEAF: {
          const value = this.renderParts(action.parts, values, depth);
          if (value !== null) builder.put(action.key, value);
          break;
        }
        case OP_USER_ELEMENT: {
          if (this.hasBinXml(action.parts, values)) {
            const ctx: MapContext = { kind: CTX_USER_DATA, path: action.path, key: `${CTX_USER_DATA}:${action.path}` };
            for (const part of action.parts) {
              if (part.kind === KIND_SUBST && this.valueType(part, values) === VT_BINXML) this.renderNested(part, values, depth, ctx);
            }
            break;
          }
          const value = this.renderParts(action.parts, values, depth);
          if (value !== null) builder.put(action.path, value);
          break;
        }
        case OP_CONTAINER:
          for (const part of action.parts) {
            if (this.valueType(part, values) === VT_BINXML) this.renderNested(part, values, depth, action.context);
          }
          break;
        case OP_DATA_KIND:
          builder.dataKind = action.kind;
          break;
      }
    }
  }

  /**
   * The number a substitution of an integer type holds, when it renders as plain
   * decimal text with no issue (present, the documented size, below 2^53); NaN otherwise,
   * and the value is rendered as text instead.
   */
  private plainInteger(part: ValuePart, values: ValueTable): number {
    if (part.kind !== KIND_SUBST || part.index >= values.count) return Number.NaN;
    const i = part.index;
    const buf = this.xml.buf;
    const at = values.offsets[i];
    const size = values.sizes[i];
    switch (values.types[i]) {
      case VT_UINT8:
        return size === 1 ? buf[at] : Number.NaN;
      case VT_INT8:
        return size === 1 ? buf.readInt8(at) : Number.NaN;
      case VT_UINT16:
        return size === 2 ? buf.readUInt16LE(at) : Number.NaN;
      case VT_INT16:
        return size === 2 ? buf.readInt16LE(at) : Number.NaN;
      case VT_UINT32:
        return size === 4 ? buf.readUInt32LE(at) : Number.NaN;
      case VT_INT32:
        return size === 4 ? buf.readInt32LE(at) : Number.NaN;
      case VT_UINT64: {
        if (size !== 8) return Number.NaN;
        const high = buf.readUInt32LE(at + 4);
        return high < 0x200000 ? high * 4294967296 + buf.readUInt32LE(at) : Number.NaN;
      }
      default:
        return Number.NaN;
    }
  }

  /** The value's own type, or VT_NULL when the index is past the value array. */
  private valueType(part: SubstPart, values: ValueTable): number {
    return part.index < values.count ? values.types[part.index] : VT_NULL;
  }

  private hasBinXml(parts: ValuePart[], values: ValueTable): boolean {
    for (const part of parts) if (part.kind === KIND_SUBST && this.valueType(part, values) === VT_BINXML) return true;
    return false;
  }

  private isArray(parts: ValuePart[], values: ValueTable): boolean {
    if (parts.length !== 1 || parts[0].kind !== KIND_SUBST) return false;
    return (this.valueType(parts[0], values) & VT_ARRAY_FLAG) !== 0;
  }

  private arrayItems(part: SubstPart, values: ValueTable): string[] {
    const i = part.index;
    return renderArrayItems(this.xml.buf, values.offsets[i], values.sizes[i], values.types[i], this.builder);
  }

  /**
   * Text of an element's or attribute's value parts; null when an optional
   * substitution is NULL, which removes the element or attribute (as Windows does).
   */
  private renderParts(parts: ValuePart[], values: ValueTable, depth: number): string | null {
    if (parts.length === 1) return this.renderPart(parts[0], values, depth);
    let text = '';
    for (let i = 0; i < parts.length; i++) {
      const piece = this.renderPart(parts[i], values, depth);
      if (piece === null) return null;
      text += piece;
    }
    return text;
  }

  private renderPart(part: ValuePart, values: ValueTable, depth: number): string | null {
    if (part.kind === KIND_TEXT) return part.text;
    const i = part.index;
    if (i >= values.count) {
      // BUG-07: the template names a value the record does not have.
      this.builder.issue(`substitution index ${i} is past the ${values.count} values of the template instance`);
      return part.optional ? null : '';
    }
    const type = values.types[i];
    if (type === VT_NULL) return part.optional ? null : '';
    if (type === VT_BINXML) return this.nestedAsText(values.offsets[i], values.sizes[i], depth + 1);
    if (type & VT_ARRAY_FLAG) {
      return renderArrayItems(this.xml.buf, values.offsets[i], values.sizes[i], type, this.builder).join(REPEATED_VALUE_SEPARATOR);
    }
    return renderScalar(this.xml.buf, values.offsets[i], values.sizes[i], type, this.builder);
  }

  // ---- BinXML values in text positions --------------------------------

  /** A BinXML value where text is expected (e.g. inside <Data>) becomes its XML text. */
  private nestedAsText(start: number, size: number, depth: number): string {
    if (depth > MAX_NESTING) {
      this.builder.issue(`BinXML values nested more than ${MAX_NESTING} deep`);
      return '';
    }
    const xml = this.xml;
    const buf = xml.buf;
    const end = start + size;
    let pos = start;
    let text = '';
    while (pos < end) {
      const token = buf[pos] & ~TOKEN_MORE_FLAG;
      if (token === TOKEN_EOF) break;
      if (token === TOKEN_FRAGMENT_HEADER) {
        pos += 4;
      } else if (token === TOKEN_TEMPLATE_INSTANCE) {
        const head = xml.readInstanceHead(pos, end);
        const values = this.pool.at(depth);
        pos = xml.readValues(head.valuesAt, end, values, this.builder);
        text += this.nodesAsText(head.template.nodes, values, depth);
      } else {
        const nodes: ContentNode[] = [];
        const withDependencyId = token !== TOKEN_OPEN_START_ELEMENT || xml.elementHasDependencyId(pos, end);
        pos = xml.parseSequence(pos, end, nodes, withDependencyId);
        text += this.nodesAsText(nodes, EMPTY_VALUES, depth);
      }
    }
    return text;
  }

  private nodesAsText(nodes: ContentNode[], values: ValueTable, depth: number): string {
    let text = '';
    for (const node of nodes) {
      if (node.kind === KIND_ELEMENT) {
        const content = this.nodesAsText(node.children, values, depth);
        let attributes = '';
        for (const attribute of node.attributes) {
          const value = this.renderParts(attribute.parts, values, depth);
          if (value !== null) attributes += ` ${attribute.name}="${escapeXmlAttribute(value)}"`;
        }
        text += content === '' ? `<${node.name}${attributes}/>` : `<${node.name}${attributes}>${content}</${node.name}>`;
      } else if (node.kind === KIND_PI) {
        text += `<?${node.target}${node.data ? ` ${node.data}` : ''}?>`;
      } else {
        const value = this.renderPart(node, values, depth);
        if (value !== null) text += node.kind === KIND_SUBST && values.types[node.index] === VT_BINXML ? value : escapeXmlText(value);
      }
    }
    return text;
  }
}
