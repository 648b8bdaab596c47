/**
 * Windows bookmark XML (EvtRender of an EVT_HANDLE bookmark). Kept as Windows
 * writes it so a checkpoint saved against the sim can be handed to the real
 * EvtCreateBookmark and the other way round.
 */
import { PlatformError } from './errors';

export interface BookmarkPosition {
  channel: string;
  recordId: number;
}

export function formatBookmark(position: BookmarkPosition): string {
  return `<BookmarkList>\r\n  <Bookmark Channel='${escapeAttribute(position.channel)}' RecordId='${position.recordId}' IsCurrent='true'/>\r\n</BookmarkList>`;
}

/** INVALID_ARGUMENT for anything that is not a bookmark of exactly one channel (R-REL-2: corrupt bookmark). */
export function parseBookmark(xml: string): BookmarkPosition {
  if (typeof xml !== 'string' || !/^\s*<BookmarkList\b[^>]*>[\s\S]*<\/BookmarkList>\s*$/.test(xml)) {
    throw new PlatformError('INVALID_ARGUMENT', 'corrupt bookmark: not a <BookmarkList> document');
  }
  const bookmarks = [...xml.matchAll(/<Bookmark\s+([^>]*?)\/?>/g)];
  const current = bookmarks.filter((m) => /IsCurrent\s*=\s*(['"])true\1/i.test(m[1]));
  const chosen = current.length > 0 ? current : bookmarks;
  if (chosen.length !== 1) throw new PlatformError('INVALID_ARGUMENT', `corrupt bookmark: expected one <Bookmark>, found ${chosen.length}`);
  const attrs = chosen[0][1];
  const channel = /Channel\s*=\s*(['"])(.*?)\1/.exec(attrs)?.[2];
  const recordText = /RecordId\s*=\s*(['"])(.*?)\1/.exec(attrs)?.[2];
  if (channel === undefined || channel === '') throw new PlatformError('INVALID_ARGUMENT', 'corrupt bookmark: no Channel attribute');
  if (recordText === undefined || !/^[0-9]{1,16}$/.test(recordText) || !Number.isSafeInteger(Number(recordText))) {
    throw new PlatformError('INVALID_ARGUMENT', `corrupt bookmark: RecordId ${JSON.stringify(recordText ?? null)} is not a record id`);
  }
  return { channel: unescapeAttribute(channel), recordId: Number(recordText) };
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function unescapeAttribute(text: string): string {
  return text.replace(/&(amp|lt|gt|apos|quot);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', apos: "'", quot: '"' })[name] ?? '');
}
