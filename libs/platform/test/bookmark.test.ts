import { formatBookmark, parseBookmark } from '../src';

describe('Windows bookmark XML (R-MON-1 checkpoints)', () => {
  it('round-trips, escaping the channel name', () => {
    const position = { channel: "Microsoft-Windows-Sysmon/Operational&<'x'>", recordId: 9_007_199_254_740_991 };
    expect(parseBookmark(formatBookmark(position))).toEqual(position);
  });
  it('reads what Windows writes, including several bookmarks with one current', () => {
    const windows = "<BookmarkList>\r\n  <Bookmark Channel='System' RecordId='12' />\r\n  <Bookmark Channel='Microsoft-Windows-Sysmon/Operational' RecordId='9001' IsCurrent='true'/>\r\n</BookmarkList>";
    expect(parseBookmark(windows)).toEqual({ channel: 'Microsoft-Windows-Sysmon/Operational', recordId: 9001 });
  });
  it.each([
    ['not XML', 'garbage'],
    ['truncated', "<BookmarkList><Bookmark Channel='x' RecordId='1'"],
    ['no bookmark', '<BookmarkList></BookmarkList>'],
    ['two, none current', "<BookmarkList><Bookmark Channel='a' RecordId='1'/><Bookmark Channel='b' RecordId='2'/></BookmarkList>"],
    ['no channel', "<BookmarkList><Bookmark RecordId='1'/></BookmarkList>"],
    ['negative id', "<BookmarkList><Bookmark Channel='a' RecordId='-1'/></BookmarkList>"],
    ['huge id', "<BookmarkList><Bookmark Channel='a' RecordId='99999999999999999'/></BookmarkList>"],
  ])('R-REL-2: a corrupt bookmark (%s) is INVALID_ARGUMENT', (_label, xml) => expect(() => parseBookmark(xml)).toThrow(/INVALID_ARGUMENT: corrupt bookmark/));
});
