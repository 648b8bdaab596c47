// Shared Jest settings for every project. Tests run against TypeScript sources
// (transpile-only, so a type error fails `tsc -b`, not a slow per-test check).
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

module.exports = function preset(projectDir) {
  return {
    displayName: path.relative(root, projectDir),
    rootDir: projectDir,
    testEnvironment: 'node',
    // Many suites start real processes and sockets; CI machines are busy. Slow is not wrong.
    testTimeout: 20000,
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }],
    },
    moduleNameMapper: {
      '^@sysward/(events-monitor|supervisor|sysmon-installer|ui-realtime|cli)$': path.join(root, 'apps/$1/src/index.ts'),
      '^@sysward/([a-z0-9-]+)$': path.join(root, 'libs/$1/src/index.ts'),
      '^@sysward/([a-z0-9-]+)/([a-z0-9-]+)$': path.join(root, 'libs/$1/src/$2.ts'),
    },
    moduleFileExtensions: ['ts', 'js', 'json'],
  };
};
