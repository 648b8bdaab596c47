import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { RegistryPort, RegistryValue } from '../registry';
import { eventually, expectPlatformError, uniqueName } from './expect-platform-error';

export interface RegistrySubject {
  registry: RegistryPort;
  /** A key the suite may fill and delete, e.g. HKLM\SOFTWARE\SyswardContract. */
  scratchRoot: string;
  /** A second view of the same host (another connection or process). */
  reopen?(): RegistryPort;
  dispose?(): Promise<void> | void;
}

export function describeRegistryContract(name: string, factory: () => Promise<RegistrySubject> | RegistrySubject): void {
  describe(`${name} obeys the RegistryPort contract`, () => {
    let subject: RegistrySubject;
    let reg: RegistryPort;
    let root: string;

    beforeEach(async () => {
      subject = await factory();
      reg = subject.registry;
      root = `${subject.scratchRoot}\\${uniqueName('k')}`;
    });
    afterEach(async () => {
      await reg.deleteKey(root, { recursive: true }).catch(() => undefined);
      await subject.dispose?.();
    });

    const values: [string, RegistryValue][] = [
      ['REG_SZ', { type: 'REG_SZ', data: 'C:\\Windows\\Sysmon64.exe' }],
      ['REG_EXPAND_SZ', { type: 'REG_EXPAND_SZ', data: '%SystemRoot%\\SysmonDrv.sys' }],
      ['REG_MULTI_SZ', { type: 'REG_MULTI_SZ', data: ['one', 'two'] }],
      ['REG_DWORD', { type: 'REG_DWORD', data: 0xffffffff }],
      ['REG_QWORD', { type: 'REG_QWORD', data: 0xfedcba9876543210n }],
      ['REG_BINARY (Sysmon Rules)', { type: 'REG_BINARY', data: Uint8Array.from([0, 1, 2, 0xfe, 0xff, 0]) }],
      ['REG_BINARY empty', { type: 'REG_BINARY', data: new Uint8Array(0) }],
    ];
    it.each(values)('%s round-trips exactly', async (_label, value) => {
      await reg.setValue(root, 'V', value);
      const back = await reg.getValue(root, 'V');
      expect(back?.type).toBe(value.type);
      if (value.type === 'REG_BINARY') expect(Buffer.from((back as typeof value).data).equals(Buffer.from(value.data))).toBe(true);
      else expect(back?.data).toEqual(value.data);
    });

    it('a missing key or value reads as null; keys and value names compare case-insensitively', async () => {
      expect(await reg.getValue(`${root}\\nope`, 'x')).toBeNull();
      await reg.setValue(`${root}\\Parameters`, 'Rules', { type: 'REG_BINARY', data: Uint8Array.from([1]) });
      expect(await reg.getValue(`${root}\\Parameters`, 'missing')).toBeNull();
      expect((await reg.getValue(`${root.toUpperCase()}\\PARAMETERS`, 'rules'))?.type).toBe('REG_BINARY');
      expect(await reg.keyExists(`${root.toLowerCase()}\\parameters`)).toBe(true);
    });

    it('long hive names are the same keys as short ones', async () => {
      await reg.setValue(root, 'x', { type: 'REG_DWORD', data: 7 });
      const long = root.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\');
      expect(await reg.getValue(long, 'x')).toEqual({ type: 'REG_DWORD', data: 7 });
    });

    it('setValue creates missing keys; listSubkeys and listValues name them', async () => {
      await reg.setValue(`${root}\\A\\B`, 'one', { type: 'REG_SZ', data: '1' });
      await reg.setValue(`${root}\\A`, 'two', { type: 'REG_SZ', data: '2' });
      await reg.createKey(`${root}\\C`);
      expect((await reg.listSubkeys(root)).sort()).toEqual(['A', 'C']);
      expect(await reg.listSubkeys(`${root}\\A`)).toEqual(['B']);
      expect(await reg.listValues(`${root}\\A`)).toEqual(['two']);
      await expectPlatformError(reg.listSubkeys(`${root}\\missing`), 'NOT_FOUND');
    });

    it('deleteValue and deleteKey; a key with subkeys needs recursive', async () => {
      await reg.setValue(`${root}\\A\\B`, 'v', { type: 'REG_DWORD', data: 1 });
      await reg.deleteValue(`${root}\\A\\B`, 'v');
      expect(await reg.getValue(`${root}\\A\\B`, 'v')).toBeNull();
      await expectPlatformError(reg.deleteValue(`${root}\\A\\B`, 'v'), 'NOT_FOUND');
      await expectPlatformError(reg.deleteKey(`${root}\\A`), 'INVALID_STATE');
      await reg.deleteKey(`${root}\\A`, { recursive: true });
      expect(await reg.keyExists(`${root}\\A`)).toBe(false);
      await expectPlatformError(reg.deleteKey(`${root}\\A`), 'NOT_FOUND');
    });

    it('rejects paths without a hive and values Windows cannot hold (INVALID_ARGUMENT)', async () => {
      await expectPlatformError(reg.setValue('SYSTEM\\x', 'v', { type: 'REG_DWORD', data: 1 }), 'INVALID_ARGUMENT');
      await expectPlatformError(reg.setValue(root, 'v', { type: 'REG_DWORD', data: -1 }), 'INVALID_ARGUMENT');
      await expectPlatformError(reg.setValue(root, 'v', { type: 'REG_DWORD', data: 2 ** 32 }), 'INVALID_ARGUMENT');
    });

    it('watch reports a change made through another view, and subtree changes only when asked', async () => {
      await reg.createKey(`${root}\\Sub`);
      const writer = subject.reopen ? subject.reopen() : reg;
      let direct = 0;
      let tree = 0;
      const w1 = await reg.watch(root, { subtree: false }, () => direct++);
      const w2 = await reg.watch(root, { subtree: true }, () => tree++);
      try {
        await writer.setValue(`${root}\\Sub`, 'Rules', { type: 'REG_BINARY', data: Uint8Array.from([9]) });
        expect(await eventually(() => tree > 0)).toBe(true);
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(direct).toBe(0);
        await writer.setValue(root, 'Start', { type: 'REG_DWORD', data: 4 });
        expect(await eventually(() => direct > 0)).toBe(true);
      } finally {
        w1.close();
        w2.close();
      }
      const before = tree;
      await writer.setValue(root, 'Start', { type: 'REG_DWORD', data: 2 });
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(tree).toBe(before);
    });

    it('watching a missing key is NOT_FOUND', async () => {
      await expectPlatformError(reg.watch(`${root}\\missing`, {}, () => undefined), 'NOT_FOUND');
    });
  });
}
