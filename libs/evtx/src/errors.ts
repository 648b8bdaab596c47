/**
 * Thrown when a file is not an .evtx recording at all: no "ElfFile\0" file
 * header and no "ElfChnk\0" chunk anywhere in it. Damaged or empty .evtx files
 * are not errors; they are read as far as possible and reported in the stats.
 */
export class NotEvtxError extends Error {
  override readonly name = 'NotEvtxError';
  constructor(
    readonly file: string,
    detail: string,
  ) {
    super(`${file}: not an .evtx file (${detail})`);
  }
}

/**
 * A structural problem inside one record's binary XML or one template. Always
 * names the chunk-relative offset so that the message says where it happened.
 */
export class BinXmlError extends Error {
  override readonly name = 'BinXmlError';
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} (chunk offset 0x${offset.toString(16)})`);
  }
}
