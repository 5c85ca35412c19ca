/**
 * `hybrid-mailflow export --pulumi` on a tenant the Hybrid Configuration Wizard set up, and the program
 * it writes run by the real CLI: `up` takes every object over without a single write to the tenant, and
 * the preview after it shows no change. (A new stack has no state, so its first preview lists the
 * objects as creates; dynamic resources cannot be imported, so adoption happens in that first `up`.)
 */
import { symlinkSync } from "node:fs";
import { join } from "node:path";
import { seedHybridConfigurationWizard } from "../adopt/hcw-tenant";
import { describeWithPulumi, expectExit, pulumi, run } from "./support/cli";
import { startSuite, type Suite } from "./support/suite";
import { resetCallLogs, writeCalls } from "./support/tenant-admin";

describeWithPulumi("the program export --pulumi writes, under the real CLI", () => {
  let suite: Suite;
  beforeAll(async () => {
    suite = await startSuite("export", { cloud: { initialDomain: "firma.onmicrosoft.com" } });
    await seedHybridConfigurationWizard(suite.cloud);
  });
  afterAll(async () => suite?.close());

  it("adopts the hybrid with no write, and then previews with no change", async () => {
    const cli = join(suite.workspace, "node_modules", "hybrid-mailflow", "dist", "src", "cli", "main.js");
    const program = join(suite.root, "firma-mailflow");
    const exported = await run("node", [cli, "export", "--world", join(suite.root, "world.yaml"), "--pulumi", program, "--project", "firma-mailflow"], { cwd: suite.root, env: suite.env() });
    expectExit(exported, 0);
    symlinkSync(join(suite.workspace, "node_modules"), join(program, "node_modules"), "dir");
    const pulumiIn = (...args: string[]) => pulumi(args, { cwd: program, env: suite.env() });
    expectExit(await pulumiIn("stack", "init", "dev"), 0);

    resetCallLogs(suite.cloud);
    const up = await pulumiIn("up", "--yes");
    expectExit(up, 0);
    expect(writeCalls(suite.cloud)).toEqual([]);
    expectExit(await pulumiIn("preview", "--expect-no-changes"), 0);
  });
});
