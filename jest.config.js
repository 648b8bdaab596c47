// The whole suite: every project's jest.config.js under libs/ and apps/.
module.exports = {
  projects: ['<rootDir>/libs/*/jest.config.js', '<rootDir>/apps/*/jest.config.js'],
  reporters: ['default', '<rootDir>/tools/jest/summary-reporter.js'],
};
