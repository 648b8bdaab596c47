/**
 * Where tests find the shared corpus of real recordings. It is not part of the
 * repository (most of it may not be redistributed): tests read it from
 * ../shared/corpus beside the checkout, or from SYSWARD_CORPUS.
 * When it is missing, the suites that need it say so and skip.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export const repoRoot = path.resolve(__dirname, '..', '..');

export function corpusDir(): string | null {
  const dir = process.env.SYSWARD_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
  return fs.existsSync(path.join(dir, 'evtx')) ? dir : null;
}

/** describe() when the corpus exists; otherwise a skipped describe with a clear message. */
export function describeWithCorpus(name: string, body: (corpus: string) => void): void {
  const dir = corpusDir();
  if (dir) {
    describe(name, () => body(dir));
    return;
  }
  const where = process.env.SYSWARD_CORPUS ?? path.resolve(repoRoot, '..', 'shared', 'corpus');
  describe.skip(`${name} (SKIPPED: corpus not found at ${where}; set SYSWARD_CORPUS)`, () => {
    it('needs the corpus', () => undefined);
  });
  // eslint-disable-next-line no-console
  console.warn(`[corpus] ${name}: skipped, no corpus at ${where}`);
}

/** The .evtx files of a corpus folder, sorted by name. */
export function listEvtx(corpus: string, sub = 'evtx'): string[] {
  return fs
    .readdirSync(path.join(corpus, sub))
    .filter((f) => f.endsWith('.evtx'))
    .sort()
    .map((f) => path.join(corpus, sub, f));
}
