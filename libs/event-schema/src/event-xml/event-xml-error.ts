/** Malformed or unusable event XML: says what is wrong and where (R-REL-2). */
export class EventXmlError extends Error {
  override readonly name = 'EventXmlError';

  constructor(
    readonly reason: string,
    /** 0-based offset (UTF-16 code units) into the XML text. */
    readonly offset: number,
    /** 1-based line and column of the offset. */
    readonly line: number,
    readonly column: number,
  ) {
    super(`event XML, line ${line} column ${column} (offset ${offset}): ${reason}`);
  }

  static at(xml: string, offset: number, reason: string): EventXmlError {
    const clamped = Math.max(0, Math.min(offset, xml.length));
    let line = 1;
    let lineStart = 0;
    for (let i = xml.indexOf('\n'); i >= 0 && i < clamped; i = xml.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return new EventXmlError(reason, clamped, line, clamped - lineStart + 1);
  }
}
