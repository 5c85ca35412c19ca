/** Type checking happens once in `pretest` (tsc over src and test); jest only transpiles, which keeps the suite fast. */
const { existsSync } = require("node:fs");

module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test", ...(existsSync(`${__dirname}/policy-pack`) ? ["<rootDir>/policy-pack"] : [])],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.ts$": ["ts-jest", { diagnostics: false }],
  },
  testTimeout: 60000,
  reporters: ["default", "<rootDir>/test/support/summary-reporter.js"],
};
