import { PlatformError, PLATFORM_ERROR_CODES, isPlatformError, isRecoverableByDefault } from '../src';

describe('PlatformError: callers branch on code and recoverable, never on text', () => {
  it.each(PLATFORM_ERROR_CODES.map((code) => [code, ['BUSY', 'STALE_HANDLE', 'UNAVAILABLE', 'TIMEOUT'].includes(code)]))('%s is recoverable by default: %s', (code, recoverable) => {
    expect(isRecoverableByDefault(code)).toBe(recoverable);
    expect(new PlatformError(code, 'x').recoverable).toBe(recoverable);
  });

  it('carries the code in the message, the errno and the cause; recoverable can be overridden', () => {
    const cause = new Error('inner');
    const error = new PlatformError('ACCESS_DENIED', 'stop Sysmon64', { errno: 5, cause, recoverable: true });
    expect(error.message).toBe('ACCESS_DENIED: stop Sysmon64');
    expect(error).toMatchObject({ name: 'PlatformError', code: 'ACCESS_DENIED', errno: 5, recoverable: true, cause });
    expect(isPlatformError(error)).toBe(true);
    expect(isPlatformError(error, 'ACCESS_DENIED')).toBe(true);
    expect(isPlatformError(error, 'NOT_FOUND')).toBe(false);
    expect(isPlatformError(new Error('x'))).toBe(false);
  });

  it('is the same class agent-runtime exports (moved here, re-exported there)', async () => {
    const runtime = await import('@sysward/agent-runtime');
    expect(runtime.PlatformError).toBe(PlatformError);
  });
});
