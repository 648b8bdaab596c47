import * as fs from 'node:fs';
import * as path from 'node:path';

const FORWARDED = ['1', '3', '8', '10', '13', '25'];

/**
 * The record ids of Sysmon events 1, 3, 8, 10, 13, 25 in a recording, from the
 * corpus's .expected.json (made by two reference parsers, independent of our
 * reader). Without the corpus the test cannot know the truth independently, so
 * it says so and fails rather than compare our reader with itself.
 */
export function expectedForwardedIds(file: string, corpus: string | null): number[] {
  if (!corpus) throw new Error(`no corpus (../shared/corpus or SYSWARD_CORPUS): cannot know the expected events of ${file}`);
  const expectedFile = path.join(corpus, 'evtx', path.basename(file).replace(/\.evtx$/, '.expected.json'));
  const expected = JSON.parse(fs.readFileSync(expectedFile, 'utf8')) as { sysmon?: { focus_record_ids?: Record<string, number[]> } };
  const byId = expected.sysmon?.focus_record_ids ?? {};
  return FORWARDED.flatMap((id) => byId[id] ?? []).sort((a, b) => a - b);
}
