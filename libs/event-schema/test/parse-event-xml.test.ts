import { EventXmlError, parseEventXml } from '../src';

const NS = "xmlns='http://schemas.microsoft.com/win/2004/08/events/event'";

function sysmonXml(eventData: string, system: Partial<Record<'eventId' | 'recordId' | 'time', string>> = {}): string {
  return (
    `<Event ${NS}><System><Provider Name='Microsoft-Windows-Sysmon' Guid='{5770385f-c22a-43e0-bf4c-06f5698ffbd9}'/>` +
    `<EventID>${system.eventId ?? '1'}</EventID><Version>5</Version><Level>4</Level><Task>1</Task><Opcode>0</Opcode>` +
    `<Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='${system.time ?? '2017-12-26T13:10:29.136879200Z'}'/>` +
    `<EventRecordID>${system.recordId ?? '1742'}</EventRecordID><Correlation/><Execution ProcessID='2284' ThreadID='5252'/>` +
    `<Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>DESKTOP-2KGM189</Computer><Security UserID='S-1-5-18'/>` +
    `</System>${eventData}</Event>`
  );
}

describe('parseEventXml: EvtRender event XML -> the EventRecord the .evtx reader produces (BUG-12)', () => {
  it('reads every System field and the named EventData', () => {
    const record = parseEventXml(sysmonXml("<EventData><Data Name='RuleName'>-</Data><Data Name='Image'>C:\\Windows\\cmd.exe</Data></EventData>"));
    expect(record).toEqual({
      recordId: 1742,
      timeCreated: '2017-12-26T13:10:29.1368792Z',
      provider: { name: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', eventSourceName: null },
      channel: 'Microsoft-Windows-Sysmon/Operational',
      eventId: 1,
      qualifiers: null,
      version: 5,
      level: 4,
      task: 1,
      opcode: 0,
      keywords: '0x8000000000000000',
      computer: 'DESKTOP-2KGM189',
      processId: 2284,
      threadId: 5252,
      userSid: 'S-1-5-18',
      dataKind: 'EventData',
      eventData: { RuleName: '-', Image: 'C:\\Windows\\cmd.exe' },
      flags: { recovered: false, partial: false, errors: [] },
    });
  });

  it('decodes entities, character references (incl. astral), CDATA; keeps CR LF and whitespace exactly', () => {
    const record = parseEventXml(
      sysmonXml(
        '<EventData>' +
          "<Data Name='CommandLine'>&quot;C:\\x.exe&quot; --a &lt;b&gt; &amp; &apos;c&apos; &#233;&#xE9; &#x1F600;</Data>" +
          "<Data Name='Details'>line1\r\nline2\n</Data>" +
          "<Data Name='Description'> </Data>" +
          "<Data Name='Script'><![CDATA[if (a < b && c > d) { }]]> tail</Data>" +
          "<Data Name='Empty'></Data><Data Name='SelfClosed'/>" +
          '</EventData>',
      ),
    );
    expect(record.eventData).toEqual({
      CommandLine: '"C:\\x.exe" --a <b> & \'c\' éé 😀',
      Details: 'line1\r\nline2\n',
      Description: ' ',
      Script: 'if (a < b && c > d) { } tail',
      Empty: '',
      SelfClosed: '',
    });
  });

  it('unnamed Data become Data[0], Data[1]; Binary under its name; duplicates get [1]', () => {
    const record = parseEventXml(
      sysmonXml("<EventData><Data>first</Data><Data Name='X'>a</Data><Data>second</Data><Data Name='X'>b</Data><Binary>0A0B</Binary></EventData>", { eventId: '6008' }),
    );
    expect(record.eventData).toEqual({ 'Data[0]': 'first', X: 'a', 'Data[1]': 'second', 'X[1]': 'b', Binary: '0A0B' });
    expect(record.dataKind).toBe('EventData');
  });

  it('UserData leaves are keyed by their element path; attributes as path/@name', () => {
    const xml = sysmonXml(
      "<UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'>" +
        '<SubjectUserSid>S-1-5-21-1</SubjectUserSid><SubjectUserName>analyst</SubjectUserName>' +
        "<Inner Kind='k'><Leaf>v</Leaf><Leaf>w</Leaf></Inner></LogFileCleared></UserData>",
      { eventId: '104' },
    );
    const record = parseEventXml(xml);
    expect(record.dataKind).toBe('UserData');
    expect(record.eventData).toEqual({
      'LogFileCleared/SubjectUserSid': 'S-1-5-21-1',
      'LogFileCleared/SubjectUserName': 'analyst',
      'LogFileCleared/Inner/@Kind': 'k',
      'LogFileCleared/Inner/Leaf': 'v',
      'LogFileCleared/Inner/Leaf[1]': 'w',
    });
  });

  it('a record without payload has dataKind none; pretty-printed XML with a declaration and comments reads the same', () => {
    const pretty = `<?xml version="1.0" encoding="utf-16"?>\n<!-- rendered -->\n<Event ${NS}>\n  <System>\n    <Provider Name="Microsoft-Windows-Sysmon" Guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}" />\n    <EventID Qualifiers="0">4</EventID>\n    <TimeCreated SystemTime="2017-12-26T13:10:29.1368792Z" />\n    <EventRecordID>7</EventRecordID>\n    <Channel>Microsoft-Windows-Sysmon/Operational</Channel>\n    <Computer>H</Computer>\n  </System>\n</Event>\n`;
    const record = parseEventXml(pretty);
    expect(record).toMatchObject({ eventId: 4, qualifiers: 0, recordId: 7, dataKind: 'none', eventData: {}, version: 0, level: null, userSid: null, keywords: null });
    expect(record.flags).toEqual({ recovered: false, partial: false, errors: [] });
  });

  it('a field named __proto__ is kept as a field (no prototype change)', () => {
    const record = parseEventXml(sysmonXml("<EventData><Data Name='__proto__'>x</Data><Data Name='constructor'>y</Data></EventData>"));
    expect(Object.keys(record.eventData)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(record.eventData)).toBe(Object.prototype);
    expect(record.eventData.constructor).toBe('y');
  });

  it('a namespace prefix on elements is tolerated', () => {
    const xml = "<e:Event xmlns:e='http://schemas.microsoft.com/win/2004/08/events/event'><e:System><e:EventID>3</e:EventID><e:EventRecordID>9</e:EventRecordID></e:System><e:EventData><e:Data Name='Protocol'>tcp</e:Data></e:EventData></e:Event>";
    expect(parseEventXml(xml)).toMatchObject({ eventId: 3, recordId: 9, eventData: { Protocol: 'tcp' } });
  });

  it('bad optional System values become null and flag the record partial, naming the field', () => {
    const xml = sysmonXml('<EventData/>').replace('<Level>4</Level>', '<Level>high</Level>').replace("SystemTime='2017-12-26T13:10:29.136879200Z'", "SystemTime='not a time'");
    const record = parseEventXml(xml);
    expect(record.level).toBeNull();
    expect(record.timeCreated).toBeNull();
    expect(record.flags.partial).toBe(true);
    expect(record.flags.errors).toEqual([expect.stringContaining('System/TimeCreated/@SystemTime'), expect.stringContaining('System/Level')]);
  });

  it('R-REL-2: an oversize field is cut to the limit and flagged; the rest of the record is kept', () => {
    const long = 'A'.repeat(100);
    const record = parseEventXml(sysmonXml(`<EventData><Data Name='CommandLine'>${long}</Data><Data Name='Image'>x.exe</Data></EventData>`), { maxFieldChars: 10 });
    expect(record.eventData).toEqual({ CommandLine: 'A'.repeat(10), Image: 'x.exe' });
    expect(record.flags.partial).toBe(true);
    expect(record.flags.errors).toEqual([expect.stringMatching(/CommandLine: 100 characters, cut to the limit of 10/)]);
  });

  it('R-REL-2: an oversize document is refused with a clear error', () => {
    expect(() => parseEventXml(sysmonXml(''), { maxDocumentChars: 50 })).toThrow(/over the limit of 50/);
  });
});

describe('parseEventXml: malformed XML -> EventXmlError with position and reason, never a crash (R-REL-2)', () => {
  it.each<[string, string, RegExp, number?]>([
    ['empty input', '', /no root element/],
    ['not XML', 'hello', /text outside the root element/],
    ['unclosed element', `<Event ${NS}><System>`, /element <System> is not closed/],
    ['mismatched end tag', `<Event ${NS}><System></Event>`, /end tag <\/Event> does not match <System>/],
    ['unknown entity', sysmonXml("<EventData><Data Name='X'>&nbsp;</Data></EventData>"), /unknown entity &nbsp;/],
    ['bare ampersand', sysmonXml("<EventData><Data Name='X'>a & b</Data></EventData>"), /& must start an entity reference/],
    ['char reference to NUL', sysmonXml("<EventData><Data Name='X'>&#0;</Data></EventData>"), /not a valid character/],
    ['char reference out of range', sysmonXml("<EventData><Data Name='X'>&#x110000;</Data></EventData>"), /not a valid character|malformed/],
    ['DOCTYPE (entity expansion)', `<!DOCTYPE Event [<!ENTITY x "y">]><Event ${NS}/>`, /DOCTYPE is not allowed/],
    ['unquoted attribute', '<Event a=b/>', /must be quoted/],
    ['duplicate attribute', "<Event a='1' a='2'/>", /attribute a appears twice/],
    ['< in attribute', "<Event a='<'/>", /< is not allowed in attribute a/],
    ['unclosed comment', '<!-- x <Event/>', /comment is not closed/],
    ['unclosed CDATA', `<Event ${NS}><![CDATA[x</Event>`, /CDATA section is not closed/],
    ['two roots', '<Event/><Event/>', /second root element/],
    ['wrong root', '<Events/>', /root element is <Events>, expected <Event>/],
    ['no System', `<Event ${NS}/>`, /has no <System>/],
    ['no EventID', `<Event ${NS}><System><EventRecordID>1</EventRecordID></System></Event>`, /has no <EventID>/],
    ['bad EventID', sysmonXml('', { eventId: 'one' }), /EventID "one" is not a number/],
    ['EventID too large', sysmonXml('', { eventId: '65536' }), /EventID "65536"/],
    ['no EventRecordID', `<Event ${NS}><System><EventID>1</EventID></System></Event>`, /has no <EventRecordID>/],
    ['bad EventRecordID', sysmonXml('', { recordId: '-5' }), /EventRecordID "-5"/],
    ['truncated tag', `<Event ${NS}><System`, /not closed|expected/],
    ['attribute without whitespace', "<Event a='1'b='2'/>", /expected whitespace/],
  ])('%s', (_title, xml, reason) => {
    let caught: unknown;
    try {
      parseEventXml(xml);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(EventXmlError);
    const error = caught as EventXmlError;
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/^event XML, line \d+ column \d+ \(offset \d+\): /);
    expect(error.offset).toBeGreaterThanOrEqual(0);
    expect(error.offset).toBeLessThanOrEqual(xml.length);
  });

  it('reports line and column of the problem', () => {
    const xml = `<Event ${NS}>\n<System>\n  <EventID>1</EventID>\n  <Bad a=1/>\n</System></Event>`;
    expect(() => parseEventXml(xml)).toThrow(expect.objectContaining({ line: 4, column: 10, reason: 'attribute a value must be quoted' }));
  });

  it('refuses nesting deeper than the limit', () => {
    const deep = `<Event ${NS}><System><EventID>1</EventID><EventRecordID>1</EventRecordID></System><UserData>${'<a>'.repeat(40)}${'</a>'.repeat(40)}</UserData></Event>`;
    expect(() => parseEventXml(deep)).toThrow(/nested deeper than 32/);
  });

  it('a non-string input is an EventXmlError, not a crash', () => {
    expect(() => parseEventXml(undefined as unknown as string)).toThrow(EventXmlError);
  });
});
