/**
 * A small, strict XML tokenizer for event XML (the output of EvtRender): elements,
 * attributes, text, CDATA, character and the five predefined entity references.
 * Comments and processing instructions are skipped. DOCTYPE is refused, so no entity
 * can be defined (no entity expansion, no external resources).
 *
 * Two deliberate departures from XML 1.0, so the live (XML) path gives exactly the
 * strings the .evtx path gives (BUG-12): line ends are not normalised (CR LF stays
 * CR LF) and attribute values keep their whitespace as written.
 */
import { EventXmlError } from './event-xml-error';

export interface XmlAttribute {
  readonly name: string;
  readonly value: string;
}

export type XmlToken =
  | { readonly type: 'start'; readonly name: string; readonly attributes: readonly XmlAttribute[]; readonly selfClosing: boolean; readonly offset: number }
  | { readonly type: 'end'; readonly name: string; readonly offset: number }
  | { readonly type: 'text'; readonly text: string; readonly offset: number };

const NAME = /[A-Za-z_:\u00C0-\uFFFF][-A-Za-z0-9_:.\u00B7-\uFFFF]*/y;
const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export class XmlTokenizer {
  private pos = 0;

  constructor(private readonly xml: string) {}

  /** The next token, or null at the end of the input. */
  next(): XmlToken | null {
    const xml = this.xml;
    while (this.pos < xml.length) {
      const start = this.pos;
      if (xml.charCodeAt(start) !== 0x3c /* < */) {
        const lt = xml.indexOf('<', start);
        const end = lt < 0 ? xml.length : lt;
        this.pos = end;
        return { type: 'text', text: this.decodeText(start, end), offset: start };
      }
      if (xml.startsWith('<!--', start)) {
        this.pos = this.skipPast('-->', start + 4, 'comment is not closed (missing -->)', start);
        continue;
      }
      if (xml.startsWith('<![CDATA[', start)) {
        const close = xml.indexOf(']]>', start + 9);
        if (close < 0) throw this.error(start, 'CDATA section is not closed (missing ]]>)');
        this.pos = close + 3;
        return { type: 'text', text: xml.slice(start + 9, close), offset: start };
      }
      if (xml.startsWith('<?', start)) {
        this.pos = this.skipPast('?>', start + 2, 'processing instruction is not closed (missing ?>)', start);
        continue;
      }
      if (xml.startsWith('<!DOCTYPE', start)) throw this.error(start, 'DOCTYPE is not allowed in event XML');
      if (xml.startsWith('<!', start)) throw this.error(start, 'unexpected markup declaration');
      if (xml.charCodeAt(start + 1) === 0x2f /* / */) return this.endTag(start);
      return this.startTag(start);
    }
    return null;
  }

  private startTag(start: number): XmlToken {
    const name = this.name(start + 1, 'element name expected after <');
    const attributes: XmlAttribute[] = [];
    for (;;) {
      const hadSpace = this.skipSpace();
      const c = this.xml.charCodeAt(this.pos);
      if (c === 0x3e /* > */) {
        this.pos++;
        return { type: 'start', name, attributes, selfClosing: false, offset: start };
      }
      if (c === 0x2f /* / */) {
        if (this.xml.charCodeAt(this.pos + 1) !== 0x3e) throw this.error(this.pos, `expected /> to close <${name}`);
        this.pos += 2;
        return { type: 'start', name, attributes, selfClosing: true, offset: start };
      }
      if (Number.isNaN(c)) throw this.error(start, `tag <${name} is not closed`);
      if (!hadSpace) throw this.error(this.pos, `expected whitespace, > or /> in <${name}`);
      attributes.push(this.attribute(name, attributes));
    }
  }

  private attribute(element: string, seen: readonly XmlAttribute[]): XmlAttribute {
    const at = this.pos;
    const name = this.name(at, `attribute name expected in <${element}`);
    if (seen.some((a) => a.name === name)) throw this.error(at, `attribute ${name} appears twice in <${element}`);
    this.skipSpace();
    if (this.xml.charCodeAt(this.pos) !== 0x3d /* = */) throw this.error(this.pos, `expected = after attribute ${name}`);
    this.pos++;
    this.skipSpace();
    const quote = this.xml[this.pos];
    if (quote !== '"' && quote !== "'") throw this.error(this.pos, `attribute ${name} value must be quoted`);
    const close = this.xml.indexOf(quote, this.pos + 1);
    if (close < 0) throw this.error(this.pos, `attribute ${name} value is not closed`);
    const lt = this.xml.indexOf('<', this.pos + 1);
    if (lt >= 0 && lt < close) throw this.error(lt, `< is not allowed in attribute ${name} value`);
    const value = this.decodeText(this.pos + 1, close);
    this.pos = close + 1;
    return { name, value };
  }

  private endTag(start: number): XmlToken {
    const name = this.name(start + 2, 'element name expected after </');
    this.skipSpace();
    if (this.xml.charCodeAt(this.pos) !== 0x3e) throw this.error(this.pos, `expected > to close </${name}`);
    this.pos++;
    return { type: 'end', name, offset: start };
  }

  private name(at: number, reason: string): string {
    NAME.lastIndex = at;
    const m = NAME.exec(this.xml);
    if (!m) throw this.error(at, reason);
    this.pos = at + m[0].length;
    return m[0];
  }

  private skipSpace(): boolean {
    const from = this.pos;
    for (;;) {
      const c = this.xml.charCodeAt(this.pos);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return this.pos > from;
      this.pos++;
    }
  }

  private skipPast(terminator: string, from: number, reason: string, start: number): number {
    const at = this.xml.indexOf(terminator, from);
    if (at < 0) throw this.error(start, reason);
    return at + terminator.length;
  }

  /** Text between from and to with entity and character references decoded. */
  private decodeText(from: number, to: number): string {
    const xml = this.xml;
    let amp = xml.indexOf('&', from);
    if (amp < 0 || amp >= to) return xml.slice(from, to);
    let out = '';
    let copied = from;
    while (amp >= 0 && amp < to) {
      const semi = xml.indexOf(';', amp + 1);
      if (semi < 0 || semi >= to || semi - amp > 12) throw this.error(amp, '& must start an entity reference such as &amp;');
      out += xml.slice(copied, amp) + this.reference(amp, xml.slice(amp + 1, semi));
      copied = semi + 1;
      amp = xml.indexOf('&', copied);
    }
    return out + xml.slice(copied, to);
  }

  private reference(at: number, body: string): string {
    if (body.startsWith('#')) {
      const hex = body[1] === 'x';
      const digits = body.slice(hex ? 2 : 1);
      if (!(hex ? /^[0-9A-Fa-f]{1,6}$/ : /^[0-9]{1,7}$/).test(digits)) throw this.error(at, `malformed character reference &${body};`);
      const code = parseInt(digits, hex ? 16 : 10);
      if (code === 0 || code > 0x10ffff) throw this.error(at, `character reference &${body}; is not a valid character`);
      // A surrogate code point is kept as that single code unit: the normaliser
      // reports unpaired surrogates instead of this tokenizer rejecting the event.
      return code <= 0xffff ? String.fromCharCode(code) : String.fromCodePoint(code);
    }
    const entity = PREDEFINED_ENTITIES[body];
    if (entity === undefined) throw this.error(at, `unknown entity &${body};`);
    return entity;
  }

  private error(offset: number, reason: string): EventXmlError {
    return EventXmlError.at(this.xml, offset, reason);
  }
}
