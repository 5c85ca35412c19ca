/**
 * `exports` in package.json decides what `require("hybrid-mailflow/...")` may reach. Besides the two
 * entry points it must keep resolving the provider module paths that dynamic resources store in
 * stack state (src/resources/provider-shell.ts), or existing stacks could no longer be updated.
 * Runs plain Node against the build (`npm test` builds first), as an installed package would.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { moduleSpecifier } from "../../src/resources/provider-shell";

const ROOT = join(__dirname, "../..");
const built = existsSync(join(ROOT, "dist/src/index.js"));

(built ? it : it.skip)("resolves the entry points and the provider paths kept in state", () => {
  const stored = moduleSpecifier(join(ROOT, "node_modules/hybrid-mailflow/dist/src/resources/connector-operations.js"));
  expect(stored).toBe("hybrid-mailflow/dist/src/resources/connector-operations");
  const script = `
    const main = require("hybrid-mailflow");
    const testing = require("hybrid-mailflow/testing");
    const ops = require(${JSON.stringify(stored)});
    const legacy = require("hybrid-mailflow/dist/src/resources");
    console.log(JSON.stringify({
      components: [typeof main.HybridMailFlow, typeof main.MailDomain],
      resources: [typeof main.InboundConnector, typeof main.TenantDomainVerification],
      core: [typeof main.parseWorld, typeof main.runCheck, typeof main.Engine, main.RECORD_PROPERTY],
      testing: typeof testing.startEmulatedCloud,
      ops: typeof ops.create,
      legacy: typeof legacy.AcceptedDomain,
      version: require("hybrid-mailflow/package.json").version,
    }));`;
  const result = JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" }));
  expect(result).toEqual({
    components: ["function", "function"],
    resources: ["function", "function"],
    core: ["function", "function", "function", "hybridMailflow"],
    testing: "function",
    ops: "function",
    legacy: "function",
    version: expect.any(String),
  });
});

it("stores a path relative to the program folder when the package runs from a source checkout", () => {
  expect(moduleSpecifier("/agent/work/hybrid-mailflow/dist/src/resources/connector-operations.js", "/agent/work/hybrid-mailflow")).toBe("./dist/src/resources/connector-operations");
  expect(moduleSpecifier("/agent/work/hybrid-mailflow/dist/src/resources/connector-operations.js", "/agent/work/hybrid-mailflow/examples/x")).toBe("../../dist/src/resources/connector-operations");
});
