/**
 * The end-to-end suite under the real Pulumi CLI (`npm run test:e2e`, after `npm run e2e:setup`).
 * Projects install the packed package, so the build must be current; one file at a time, because
 * each drives whole Pulumi runs on a 2-core machine.
 */
const base = require("./jest.config");

module.exports = {
  ...base,
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.e2e.test.ts"],
  testPathIgnorePatterns: ["/node_modules/"],
  testTimeout: 15 * 60 * 1000,
  maxWorkers: 1,
};
