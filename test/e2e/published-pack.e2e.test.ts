/**
 * The policy pack as `pulumi policy publish` packs it (npm pack of the pack folder: index.js,
 * package.json, PulumiPolicy.yaml) and as Pulumi Cloud installs it (extracted on its own, then its
 * declared dependencies installed), run by the real CLI. Until hybrid-mailflow is on the npm registry,
 * its declared dependency is served from the package's own tarball; everything else is as declared.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describeWithPulumi, expectExit, run } from "./support/cli";
import { certificateNotAccepted } from "./support/policy-configs";
import { GOOD_HYBRID } from "./support/programs";
import { startSuite, type Suite } from "./support/suite";

describeWithPulumi("the policy pack published on its own and installed the way Pulumi Cloud installs it", () => {
  let suite: Suite;
  let installed: string;

  beforeAll(async () => {
    suite = await startSuite("published-pack");
    const shipped = join(suite.workspace, "node_modules", "hybrid-mailflow", "policy-pack");
    const packed = await run("npm", ["pack", "--silent", "--pack-destination", suite.root], { cwd: shipped, env: process.env });
    expectExit(packed, 0);
    installed = join(suite.root, "installed-pack");
    mkdirSync(installed);
    expectExit(await run("tar", ["-xzf", join(suite.root, packed.stdout.trim().split("\n").pop()!), "-C", installed, "--strip-components=1"], { cwd: suite.root, env: process.env }), 0);
  }, 600_000);
  afterAll(async () => suite?.close());

  it("uploads only the pack's own files, and declares what it needs", () => {
    expect(readdirSync(installed).sort()).toEqual(["PulumiPolicy.yaml", "index.js", "package.json"]);
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi/policy", "@pulumi/pulumi", "hybrid-mailflow"]);
  });

  it("runs from its own folder after its dependencies are installed, and blocks what the shipped pack blocks", async () => {
    const pkg = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    pkg.dependencies["hybrid-mailflow"] = `file:${suite.tarball}`;
    writeFileSync(join(installed, "package.json"), JSON.stringify(pkg, null, 2));
    expectExit(await run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel", "error"], { cwd: installed, env: process.env, timeoutMs: 600_000 }), 0);

    const good = await suite.stack({ name: "good-with-published-pack", program: GOOD_HYBRID });
    expectExit(await suite.pulumi(good, "preview", "--policy-pack", installed), 0);

    const broken = await suite.stack(certificateNotAccepted("broken-with-published-pack", suite.cloud.tenantId));
    const result = await suite.pulumi(broken, "preview", "--policy-pack", installed, "--policy-pack-config", "policy.json");
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/\[mandatory\].*HMF005/);
  }, 900_000);
});
