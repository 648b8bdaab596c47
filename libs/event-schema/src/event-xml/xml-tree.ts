/** Builds a small element tree from XmlTokenizer tokens, checking well-formedness. */
import { EventXmlError } from './event-xml-error';
import { XmlAttribute, XmlTokenizer } from './xml-tokenizer';

export interface XmlElement {
  readonly name: string;
  /** The name without a namespace prefix. */
  readonly localName: string;
  readonly attributes: readonly XmlAttribute[];
  readonly children: XmlNode[];
  readonly offset: number;
}

export type XmlNode = XmlElement | string;

export function parseXmlDocument(xml: string, maxDepth: number): XmlElement {
  const tokenizer = new XmlTokenizer(xml);
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  for (let token = tokenizer.next(); token !== null; token = tokenizer.next()) {
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    switch (token.type) {
      case 'text':
        if (parent) parent.children.push(token.text);
        else if (!isWhitespace(token.text)) throw EventXmlError.at(xml, token.offset, 'text outside the root element');
        break;
      case 'start': {
        if (!parent && root) throw EventXmlError.at(xml, token.offset, `second root element <${token.name}>`);
        if (stack.length >= maxDepth) throw EventXmlError.at(xml, token.offset, `elements nested deeper than ${maxDepth}`);
        const colon = token.name.indexOf(':');
        const element: XmlElement = {
          name: token.name,
          localName: colon < 0 ? token.name : token.name.slice(colon + 1),
          attributes: token.attributes,
          children: [],
          offset: token.offset,
        };
        if (parent) parent.children.push(element);
        else root = element;
        if (!token.selfClosing) stack.push(element);
        break;
      }
      case 'end': {
        if (!parent) throw EventXmlError.at(xml, token.offset, `end tag </${token.name}> without a start tag`);
        if (parent.name !== token.name) {
          throw EventXmlError.at(xml, token.offset, `end tag </${token.name}> does not match <${parent.name}>`);
        }
        stack.pop();
        break;
      }
    }
  }
  if (stack.length > 0) {
    const open = stack[stack.length - 1];
    throw EventXmlError.at(xml, xml.length, `element <${open.name}> is not closed`);
  }
  if (!root) throw EventXmlError.at(xml, 0, 'no root element');
  return root;
}

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((c): c is XmlElement => typeof c !== 'string');
}

export function firstChild(element: XmlElement, localName: string): XmlElement | null {
  for (const c of element.children) if (typeof c !== 'string' && c.localName === localName) return c;
  return null;
}

export function attribute(element: XmlElement, name: string): string | null {
  for (const a of element.attributes) if (a.name === name) return a.value;
  return null;
}

/** The concatenated text of an element and its descendants. */
export function textContent(element: XmlElement): string {
  let out = '';
  for (const c of element.children) out += typeof c === 'string' ? c : textContent(c);
  return out;
}

export function isWhitespace(text: string): boolean {
  return /^[ \t\r\n]*$/.test(text);
}
