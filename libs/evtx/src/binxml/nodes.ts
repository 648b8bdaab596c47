import type { Plan } from '../mapping/plan';
import type { ValueTable } from './value-table';

/**
 * The parsed form of BinXML: what a template definition (or a fragment
 * without template) contains. Substitutions stay symbolic; their values come
 * from a ValueTable per record.
 */
export const KIND_TEXT = 0;
export const KIND_SUBST = 1;
export const KIND_ELEMENT = 2;
export const KIND_PI = 3;

/** Literal text: value text, CDATA, character and entity references, all resolved to characters. */
export interface TextPart {
  kind: typeof KIND_TEXT;
  text: string;
}

export interface SubstPart {
  kind: typeof KIND_SUBST;
  index: number;
  /** The type the template expects; the value's own descriptor type wins when rendering. */
  type: number;
  /** Optional substitution (0x0E): a NULL value removes the enclosing attribute or element. */
  optional: boolean;
}

export type ValuePart = TextPart | SubstPart;

export interface AttributeNode {
  name: string;
  parts: ValuePart[];
}

export interface ElementNode {
  kind: typeof KIND_ELEMENT;
  name: string;
  attributes: AttributeNode[];
  children: ContentNode[];
}

export interface PINode {
  kind: typeof KIND_PI;
  target: string;
  data: string;
}

export type ContentNode = ElementNode | ValuePart | PINode;

/**
 * A template definition, parsed once per chunk, or once per file when later chunks
 * define it again identically (see TemplateCache; `offset` is then where it was first
 * parsed). `plans` caches its compiled mappings by context.
 */
export interface TemplateDefinition {
  offset: number;
  guid: string;
  nodes: ContentNode[];
  plans: Map<string, Plan>;
}

/** A template instance met while rendering: its definition and this record's values. */
export interface TemplateInstance {
  template: TemplateDefinition;
  values: ValueTable;
}
