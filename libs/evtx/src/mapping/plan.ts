import {
  KIND_ELEMENT,
  KIND_PI,
  KIND_SUBST,
  KIND_TEXT,
  type ContentNode,
  type ElementNode,
  type SubstPart,
  type ValuePart,
} from '../binxml/nodes';

/**
 * A template's meaning for EventRecord, worked out once per template (and per
 * context it is used in) instead of once per record: which substitution feeds
 * which System field or EventData key. Per record only the plan's actions run,
 * and only the values they name are decoded. No XML text is ever built.
 */

// ---- System fields --------------------------------------------------------

export const SF_PROVIDER_NAME = 0;
export const SF_PROVIDER_GUID = 1;
export const SF_EVENT_SOURCE_NAME = 2;
export const SF_EVENT_ID = 3;
export const SF_QUALIFIERS = 4;
export const SF_VERSION = 5;
export const SF_LEVEL = 6;
export const SF_TASK = 7;
export const SF_OPCODE = 8;
export const SF_KEYWORDS = 9;
export const SF_TIME_CREATED = 10;
export const SF_RECORD_ID = 11;
export const SF_PROCESS_ID = 12;
export const SF_THREAD_ID = 13;
export const SF_CHANNEL = 14;
export const SF_COMPUTER = 15;
export const SF_USER_ID = 16;
export const SYSTEM_FIELD_COUNT = 17;

/** System child elements whose text is a field. */
const SYSTEM_TEXT_FIELDS: Record<string, number> = {
  EventID: SF_EVENT_ID,
  Version: SF_VERSION,
  Level: SF_LEVEL,
  Task: SF_TASK,
  Opcode: SF_OPCODE,
  Keywords: SF_KEYWORDS,
  EventRecordID: SF_RECORD_ID,
  Channel: SF_CHANNEL,
  Computer: SF_COMPUTER,
};

/** System child elements whose attributes are fields: element -> attribute -> field. */
const SYSTEM_ATTRIBUTE_FIELDS: Record<string, Record<string, number>> = {
  Provider: { Name: SF_PROVIDER_NAME, Guid: SF_PROVIDER_GUID, EventSourceName: SF_EVENT_SOURCE_NAME },
  EventID: { Qualifiers: SF_QUALIFIERS },
  TimeCreated: { SystemTime: SF_TIME_CREATED },
  Execution: { ProcessID: SF_PROCESS_ID, ThreadID: SF_THREAD_ID },
  Security: { UserID: SF_USER_ID },
};

// ---- contexts -------------------------------------------------------------

export const CTX_ROOT = 0;
export const CTX_EVENT = 1;
export const CTX_SYSTEM = 2;
export const CTX_EVENT_DATA = 3;
export const CTX_USER_DATA = 4;
export const CTX_IGNORED = 5;

/** Where in the event a piece of BinXML sits; nested BinXML values inherit it. */
export interface MapContext {
  kind: number;
  /** Element path below UserData (or below EventData for non-Data children). */
  path: string;
  /** Cache key of plans compiled for this context. */
  key: string;
}

function context(kind: number, path = ''): MapContext {
  return { kind, path, key: `${kind}:${path}` };
}

export const ROOT_CONTEXT = context(CTX_ROOT);
const EVENT_CONTEXT = context(CTX_EVENT);
const SYSTEM_CONTEXT = context(CTX_SYSTEM);
const EVENT_DATA_CONTEXT = context(CTX_EVENT_DATA);
const USER_DATA_CONTEXT = context(CTX_USER_DATA);
const IGNORED_CONTEXT = context(CTX_IGNORED);

// ---- actions --------------------------------------------------------------

export const OP_SYSTEM = 0;
export const OP_DATA = 1;
export const OP_LEAF = 2;
export const OP_USER_ELEMENT = 3;
export const OP_CONTAINER = 4;
export const OP_DATA_KIND = 5;

/** Sets a System field from an element's text or an attribute. */
export interface SystemAction {
  op: typeof OP_SYSTEM;
  field: number;
  parts: ValuePart[];
}

/** One <Data> of EventData: named (constant or substituted name) or unnamed. */
export interface DataAction {
  op: typeof OP_DATA;
  name: string | null;
  nameParts: ValuePart[] | null;
  parts: ValuePart[];
}

/** A fixed key of eventData (EventData <Binary>, UserData attributes). */
export interface LeafAction {
  op: typeof OP_LEAF;
  key: string;
  parts: ValuePart[];
}

/** A UserData element without child elements: a leaf, unless a BinXML value brings elements in. */
export interface UserElementAction {
  op: typeof OP_USER_ELEMENT;
  path: string;
  parts: ValuePart[];
}

/** Substitutions where elements are expected: BinXML values among them are rendered in `context`. */
export interface ContainerAction {
  op: typeof OP_CONTAINER;
  context: MapContext;
  parts: SubstPart[];
}

export interface DataKindAction {
  op: typeof OP_DATA_KIND;
  kind: 'EventData' | 'UserData';
}

export type Action = SystemAction | DataAction | LeafAction | UserElementAction | ContainerAction | DataKindAction;
export type Plan = Action[];

// ---- compiler -------------------------------------------------------------

function valueParts(nodes: ContentNode[]): ValuePart[] {
  const parts: ValuePart[] = [];
  for (const node of nodes) if (node.kind === KIND_TEXT || node.kind === KIND_SUBST) parts.push(node);
  return parts;
}

function hasElementChild(element: ElementNode): boolean {
  for (const node of element.children) if (node.kind === KIND_ELEMENT) return true;
  return false;
}

function isNamespaceAttribute(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/** Compiles nodes found in `ctx` into actions. */
export function compilePlan(nodes: ContentNode[], ctx: MapContext): Plan {
  const plan: Plan = [];
  compileNodes(nodes, ctx, plan);
  return plan;
}

function compileNodes(nodes: ContentNode[], ctx: MapContext, plan: Plan): void {
  if (ctx.kind === CTX_IGNORED) return;
  let substitutions: SubstPart[] | null = null;
  for (const node of nodes) {
    if (node.kind === KIND_ELEMENT) compileElement(node, ctx, plan);
    else if (node.kind === KIND_SUBST) (substitutions ??= []).push(node);
    // Literal text between elements is layout whitespace; PIs carry no event data.
    else if (node.kind === KIND_PI || node.kind === KIND_TEXT) continue;
  }
  if (substitutions) plan.push({ op: OP_CONTAINER, context: ctx, parts: substitutions });
}

function compileElement(element: ElementNode, ctx: MapContext, plan: Plan): void {
  switch (ctx.kind) {
    case CTX_ROOT:
      compileNodes(element.children, EVENT_CONTEXT, plan);
      return;
    case CTX_EVENT:
      compileEventChild(element, plan);
      return;
    case CTX_SYSTEM:
      compileSystemChild(element, plan);
      return;
    case CTX_EVENT_DATA:
      compileEventDataChild(element, plan);
      return;
    case CTX_USER_DATA:
      compileUserDataElement(element, ctx.path, plan);
      return;
    default:
      return;
  }
}

function compileEventChild(element: ElementNode, plan: Plan): void {
  switch (element.name) {
    case 'System':
      compileNodes(element.children, SYSTEM_CONTEXT, plan);
      return;
    case 'EventData':
      plan.push({ op: OP_DATA_KIND, kind: 'EventData' });
      compileNodes(element.children, EVENT_DATA_CONTEXT, plan);
      return;
    case 'UserData':
      plan.push({ op: OP_DATA_KIND, kind: 'UserData' });
      compileNodes(element.children, USER_DATA_CONTEXT, plan);
      return;
    case 'ProcessingErrorData':
      // Written instead of EventData when Windows could not format the payload; keep it, under its own path.
      compileUserDataElement(element, '', plan);
      return;
    default:
      // RenderingInfo (message strings) and unknown sections carry nothing EventRecord holds.
      compileNodes(element.children, IGNORED_CONTEXT, plan);
      return;
  }
}

function compileSystemChild(element: ElementNode, plan: Plan): void {
  const attributeFields = SYSTEM_ATTRIBUTE_FIELDS[element.name];
  if (attributeFields) {
    for (const attribute of element.attributes) {
      const field = attributeFields[attribute.name];
      if (field !== undefined) plan.push({ op: OP_SYSTEM, field, parts: attribute.parts });
    }
  }
  const textField = SYSTEM_TEXT_FIELDS[element.name];
  if (textField !== undefined) plan.push({ op: OP_SYSTEM, field: textField, parts: valueParts(element.children) });
}

function compileEventDataChild(element: ElementNode, plan: Plan): void {
  if (element.name === 'Data') {
    let name: string | null = null;
    let nameParts: ValuePart[] | null = null;
    for (const attribute of element.attributes) {
      if (attribute.name !== 'Name') continue;
      if (attribute.parts.every((part) => part.kind === KIND_TEXT)) {
        name = attribute.parts.map((part) => (part.kind === KIND_TEXT ? part.text : '')).join('');
      } else {
        nameParts = attribute.parts;
      }
    }
    plan.push({ op: OP_DATA, name: name === '' ? null : name, nameParts, parts: valueParts(element.children) });
    return;
  }
  if (element.name === 'Binary') {
    plan.push({ op: OP_LEAF, key: 'Binary', parts: valueParts(element.children) });
    return;
  }
  compileUserDataElement(element, '', plan);
}

function compileUserDataElement(element: ElementNode, parentPath: string, plan: Plan): void {
  const path = parentPath === '' ? element.name : `${parentPath}/${element.name}`;
  for (const attribute of element.attributes) {
    if (!isNamespaceAttribute(attribute.name)) plan.push({ op: OP_LEAF, key: `${path}/@${attribute.name}`, parts: attribute.parts });
  }
  if (hasElementChild(element)) {
    compileNodes(element.children, context(CTX_USER_DATA, path), plan);
    return;
  }
  const parts = valueParts(element.children);
  // <X a="1"/> says everything in its attributes; an empty <X/> is kept as a present, empty leaf.
  if (parts.length > 0 || element.attributes.length === 0) plan.push({ op: OP_USER_ELEMENT, path, parts });
}
