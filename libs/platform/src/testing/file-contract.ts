import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { FilePort, FileVersionInfo } from '../files';
import { expectPlatformError, uniqueName } from './expect-platform-error';

export interface FileSubject {
  files: FilePort;
  /** A folder the suite may fill, e.g. C:\SyswardContract. */
  scratchRoot: string;
  /** A binary with a version resource and what it says. */
  versioned?: { path: string; info: FileVersionInfo };
  /** A file that is the image of a running process (deleting it is a sharing violation). */
  inUse?: string;
  reopen?(): FilePort;
  dispose?(): Promise<void> | void;
}

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

export function describeFileContract(name: string, factory: () => Promise<FileSubject> | FileSubject): void {
  describe(`${name} obeys the FilePort contract`, () => {
    let subject: FileSubject;
    let files: FilePort;
    let dir: string;

    beforeEach(async () => {
      subject = await factory();
      files = subject.files;
      dir = `${subject.scratchRoot}\\${uniqueName('d')}`;
    });
    afterEach(async () => {
      await subject.dispose?.();
    });

    it('write, exists, stat, read and sha256 (lower-case hex)', async () => {
      const file = `${dir}\\sub\\abc.txt`;
      expect(await files.exists(file)).toBe(false);
      expect(await files.stat(file)).toBeNull();
      await files.write(file, Buffer.from('abc'));
      expect(await files.exists(file)).toBe(true);
      expect((await files.stat(file))?.size).toBe(3);
      expect(Buffer.from(await files.read(file)).toString()).toBe('abc');
      expect(await files.sha256(file)).toBe(ABC_SHA256);
    });

    it('paths compare case-insensitively and accept either slash', async () => {
      await files.write(`${dir}\\Mixed.TXT`, Buffer.from('abc'));
      expect(await files.exists(`${dir.toUpperCase()}/mixed.txt`)).toBe(true);
    });

    it('missing files: read, sha256, versionInfo and delete are NOT_FOUND', async () => {
      const file = `${dir}\\missing.exe`;
      await expectPlatformError(files.read(file), 'NOT_FOUND');
      await expectPlatformError(files.sha256(file), 'NOT_FOUND');
      await expectPlatformError(files.versionInfo(file), 'NOT_FOUND');
      await expectPlatformError(files.delete(file), 'NOT_FOUND');
    });

    it('a file without a version resource has versionInfo null', async () => {
      await files.write(`${dir}\\plain.bin`, Buffer.from('no resource here'));
      expect(await files.versionInfo(`${dir}\\plain.bin`)).toBeNull();
    });

    it('reads the version resource of a binary, and a copy keeps it and its hash', async () => {
      if (!subject.versioned) return;
      expect(await files.versionInfo(subject.versioned.path)).toEqual(subject.versioned.info);
      const copy = `${dir}\\copy.exe`;
      await files.copy(subject.versioned.path, copy);
      expect(await files.versionInfo(copy)).toEqual(subject.versioned.info);
      expect(await files.sha256(copy)).toBe(await files.sha256(subject.versioned.path));
    });

    it('copy refuses to overwrite unless asked (ALREADY_EXISTS); delete removes', async () => {
      await files.write(`${dir}\\a`, Buffer.from('a'));
      await files.write(`${dir}\\b`, Buffer.from('b'));
      await expectPlatformError(files.copy(`${dir}\\a`, `${dir}\\b`), 'ALREADY_EXISTS');
      await files.copy(`${dir}\\a`, `${dir}\\b`, { overwrite: true });
      expect(Buffer.from(await files.read(`${dir}\\b`)).toString()).toBe('a');
      await files.delete(`${dir}\\b`);
      expect(await files.exists(`${dir}\\b`)).toBe(false);
      await expectPlatformError(files.copy(`${dir}\\nope`, `${dir}\\c`), 'NOT_FOUND');
    });

    it('a relative path is INVALID_ARGUMENT', async () => {
      await expectPlatformError(files.exists('relative\\file.txt'), 'INVALID_ARGUMENT');
    });

    it('deleting the image of a running process is BUSY and keeps the file', async () => {
      if (!subject.inUse) return;
      await expectPlatformError(files.delete(subject.inUse), 'BUSY');
      expect(await files.exists(subject.inUse)).toBe(true);
    });

    it('a write is visible through a second view of the host', async () => {
      if (!subject.reopen) return;
      await files.write(`${dir}\\shared.txt`, Buffer.from('abc'));
      expect(await subject.reopen().sha256(`${dir}\\shared.txt`)).toBe(ABC_SHA256);
    });
  });
}
