/**
 * A small strict XML reader for Sysmon configuration files, keeping the line and
 * column of every element and attribute so that each validation error can point at
 * the place to fix (BUG-18). Comments, the XML declaration and processing
 * instructions are skipped; DOCTYPE is refused, so no entity can be defined or fetched.
 *
 * libs/event-schema has a tokenizer for event XML; it keeps offsets, not positions,
 * and is internal to that library. Folding both into one exported reader is a
 * follow-up for whoever owns it next.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ConfigAttribute extends Position {
  readonly name: string;
  readonly value: string;
}

export interface ConfigElement extends Position {
  readonly name: string;
  readonly attributes: readonly ConfigAttribute[];
  readonly children: ConfigElement[];
  /** The element's own text (not its descendants'), entities decoded. */
  text: string;
}

export class ConfigXmlError extends Error {
  override readonly name = 'ConfigXmlError';

  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`line ${line}, column ${column}: ${message}`);
  }
}

export const MAX_CONFIG_CHARS = 8 * 1024 * 1024;
const MAX_DEPTH = 64;
const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

class Reader {
  private pos = 0;
  private readonly lineStarts: number[] = [0];

  constructor(private readonly xml: string) {
    for (let i = 0; i < xml.length; i++) if (xml.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  positionOf(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo] + 1 };
  }

  fail(offset: number, message: string): never {
    const p = this.positionOf(offset);
    throw new ConfigXmlError(message, p.line, p.column);
  }

  parse(): ConfigElement {
    const stack: ConfigElement[] = [];
    let root: ConfigElement | null = null;
    const xml = this.xml;
    while (this.pos < xml.length) {
      const start = this.pos;
      if (xml.charCodeAt(start) !== 0x3c) {
        const lt = xml.indexOf('<', start);
        const end = lt < 0 ? xml.length : lt;
        const text = this.decode(start, end);
        if (stack.length > 0) stack[stack.length - 1].text += text;
        else if (!/^[ \t\r\n]*$/.test(text)) this.fail(start, 'text outside the root element');
        this.pos = end;
      } else if (xml.startsWith('<!--', start)) {
        this.pos = this.past('-->', start, 'comment is not closed (missing -->)');
      } else if (xml.startsWith('<?', start)) {
        this.pos = this.past('?>', start, 'processing instruction is not closed (missing ?>)');
      } else if (xml.startsWith('<![CDATA[', start)) {
        const end = this.past(']]>', start, 'CDATA section is not closed (missing ]]>)');
        if (stack.length === 0) this.fail(start, 'CDATA outside the root element');
        stack[stack.length - 1].text += xml.slice(start + 9, end - 3);
        this.pos = end;
      } else if (xml.startsWith('<!', start)) {
        this.fail(start, 'DOCTYPE and other declarations are not allowed in a Sysmon configuration');
      } else if (xml.charCodeAt(start + 1) === 0x2f) {
        const name = this.name(start + 2, 'element name expected after </');
        this.space();
        if (xml.charCodeAt(this.pos) !== 0x3e) this.fail(this.pos, `> expected to close </${name}`);
        this.pos++;
        const open = stack.pop();
        if (!open) this.fail(start, `</${name}> without a start tag`);
        if (open.name !== name) this.fail(start, `</${name}> does not close <${open.name}> (line ${open.line})`);
      } else {
        const { element, selfClosing } = this.startTag(start);
        if (stack.length > 0) stack[stack.length - 1].children.push(element);
        else if (root) this.fail(start, `a second root element <${element.name}>`);
        else root = element;
        if (!selfClosing) {
          if (stack.length >= MAX_DEPTH) this.fail(start, `elements nested deeper than ${MAX_DEPTH}`);
          stack.push(element);
        }
      }
    }
    if (stack.length > 0) {
      const open = stack[stack.length - 1];
      throw new ConfigXmlError(`<${open.name}> is never closed`, open.line, open.column);
    }
    if (!root) this.fail(0, 'no root element');
    return root;
  }

  private startTag(start: number): { element: ConfigElement; selfClosing: boolean } {
    const name = this.name(start + 1, 'element name expected after <');
    const attributes: ConfigAttribute[] = [];
    for (;;) {
      const before = this.pos;
      this.space();
      const c = this.xml.charCodeAt(this.pos);
      if (c === 0x3e || (c === 0x2f && this.xml.charCodeAt(this.pos + 1) === 0x3e)) {
        this.pos += c === 0x3e ? 1 : 2;
        const element: ConfigElement = { name, attributes, children: [], text: '', ...this.positionOf(start) };
        return { element, selfClosing: c === 0x2f };
      }
      if (Number.isNaN(c)) this.fail(start, `<${name} is never closed`);
      if (this.pos === before) this.fail(this.pos, `whitespace, > or /> expected in <${name}`);
      const attrStart = this.pos;
      const attrName = this.name(this.pos, `attribute name expected in <${name}`);
      this.space();
      if (this.xml.charCodeAt(this.pos) !== 0x3d) this.fail(this.pos, `= expected after attribute ${attrName}`);
      this.pos++;
      this.space();
      const quote = this.xml[this.pos];
      if (quote !== '"' && quote !== "'") this.fail(this.pos, `quoted value expected for attribute ${attrName}`);
      const end = this.xml.indexOf(quote, this.pos + 1);
      if (end < 0) this.fail(this.pos, `value of attribute ${attrName} is never closed`);
      if (attributes.some((a) => a.name === attrName)) this.fail(attrStart, `attribute ${attrName} appears twice`);
      attributes.push({ name: attrName, value: this.decode(this.pos + 1, end), ...this.positionOf(attrStart) });
      this.pos = end + 1;
    }
  }

  private name(at: number, message: string): string {
    NAME.lastIndex = at;
    const m = NAME.exec(this.xml);
    if (!m) this.fail(at, message);
    this.pos = at + m[0].length;
    return m[0];
  }

  private space(): void {
    SPACE.lastIndex = this.pos;
    SPACE.exec(this.xml);
    this.pos = SPACE.lastIndex;
  }

  private past(terminator: string, start: number, message: string): number {
    const end = this.xml.indexOf(terminator, start + 2);
    if (end < 0) this.fail(start, message);
    return end + terminator.length;
  }

  private decode(start: number, end: number): string {
    const raw = this.xml.slice(start, end);
    if (raw.includes('<')) this.fail(start + raw.indexOf('<'), '< is not allowed in a value');
    return raw.replace(/&([^;&\s]{1,10});|&/g, (match: string, entity: string | undefined, offset: number) => {
      if (entity === undefined) this.fail(start + offset, 'a bare & (write &amp;)');
      if (entity.startsWith('#')) {
        const code = entity[1] === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        if (!Number.isFinite(code) || code > 0x10ffff) this.fail(start + offset, `invalid character reference ${match}`);
        return String.fromCodePoint(code);
      }
      const value = ENTITIES[entity];
      if (value === undefined) this.fail(start + offset, `unknown entity ${match}`);
      return value;
    });
  }
}

export function parseConfigXml(xml: string): ConfigElement {
  if (xml.length > MAX_CONFIG_CHARS) throw new ConfigXmlError(`larger than ${MAX_CONFIG_CHARS} characters`, 1, 1);
  return new Reader(xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml).parse();
}
