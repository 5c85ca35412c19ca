/**
 * Jest global setup and teardown: every test, worker and child process gets one private temporary folder
 * (TMPDIR, TMP and TEMP point into it), removed when the run ends, so no `hmf-*` folders are left in
 * the system's temporary directory even when a test fails before its own clean-up.
 */
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");

const KEY = "HYBRID_MAILFLOW_TEST_TMP";

module.exports.setup = function setup() {
  const root = mkdtempSync(join(tmpdir(), "hybrid-mailflow-tests-"));
  process.env[KEY] = root;
  process.env.TMPDIR = root;
  process.env.TMP = root;
  process.env.TEMP = root;
  // Jest hands its workers FORCE_COLOR when run at a colour terminal; the CLI's output is asserted as
  // plain text, so NO_COLOR (which wins over FORCE_COLOR) keeps it plain. The colour tests set their own env.
  process.env.NO_COLOR = "1";
};

module.exports.teardown = function teardown() {
  const root = process.env[KEY];
  if (root) rmSync(root, { recursive: true, force: true });
};
