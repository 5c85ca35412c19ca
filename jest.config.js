/** Type checking happens once in `pretest` (tsc over src and test); jest only transpiles, which keeps the suite fast. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  // The end-to-end suite needs the real Pulumi CLI: `npm run test:e2e` (jest.e2e.config.js).
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  // The examples import the package by name, as users do; tests resolve that to the sources.
  moduleNameMapper: {
    "^hybrid-mailflow$": "<rootDir>/src/index.ts",
    "^hybrid-mailflow/testing$": "<rootDir>/src/testing/index.ts",
    "^hybrid-mailflow/policy$": "<rootDir>/src/policy/index.ts",
  },
  testTimeout: 60000,
  globalSetup: "<rootDir>/test/support/temp-setup.js",
  globalTeardown: "<rootDir>/test/support/temp-teardown.js",
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
