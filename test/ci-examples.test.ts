/**
 * examples/ci: both pipelines parse as YAML, sign in with federated credentials, run check, preflight
 * and `pulumi preview --policy-pack`, publish the reports, and use only hybrid-mailflow flags that exist.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseDocument } from "yaml";
import { buildProgram } from "../src/cli/main";

const dir = join(__dirname, "..", "examples", "ci");

function load(name: string): { doc: any; text: string } {
  const text = readFileSync(join(dir, name), "utf8");
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  expect(parsed.errors.map((e) => e.message)).toEqual([]);
  expect(parsed.warnings.map((e) => e.message)).toEqual([]);
  return { doc: parsed.toJS(), text };
}

/** Every `hybrid-mailflow <command> ...` line, with the flags it passes. */
function invocations(text: string): Array<{ command: string; flags: string[] }> {
  return [...text.matchAll(/hybrid-mailflow (check|preflight|route|explain|simulate|sources)\b([^\n]*)/g)].map((m) => ({
    command: m[1]!,
    flags: [...m[2]!.matchAll(/(?:^|\s)(--[a-z-]+)/g)].map((f) => f[1]!),
  }));
}

function expectKnownFlags(text: string): void {
  const program = buildProgram();
  const calls = invocations(text);
  expect(calls.map((c) => c.command)).toEqual(expect.arrayContaining(["check", "preflight"]));
  for (const call of calls) {
    const command = program.commands.find((c) => c.name() === call.command)!;
    const known = command.options.map((o) => o.long);
    for (const flag of call.flags) expect(known).toContain(flag);
  }
}

describe("GitHub Actions", () => {
  const { doc, text } = load("github-actions.yml");
  const steps: any[] = doc.jobs.mailflow.steps;

  test("uses OIDC: id-token permission and azure/login with client-id and tenant-id, no secret", () => {
    expect(doc.permissions).toMatchObject({ "id-token": "write", "security-events": "write" });
    const login = steps.find((s) => String(s.uses).startsWith("azure/login@"));
    expect(Object.keys(login.with)).toEqual(expect.arrayContaining(["client-id", "tenant-id"]));
    expect(login.with["client-secret"]).toBeUndefined();
    expect(text).not.toMatch(/AZURE_CLIENT_SECRET|creds:/);
  });

  test("runs check, preflight and a preview with the policy pack, and uploads SARIF", () => {
    const runs = steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toMatch(/hybrid-mailflow check .*--report .*\.sarif/);
    expect(runs).toContain("hybrid-mailflow preflight");
    const preview = steps.find((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(preview.with).toMatchObject({ command: "preview", policyPacks: "node_modules/hybrid-mailflow/policy-pack" });
    const upload = steps.find((s) => String(s.uses).startsWith("github/codeql-action/upload-sarif@"));
    expect(upload.with.sarif_file).toMatch(/\.sarif$/);
    expect(upload.if).toContain("always()");
    expectKnownFlags(text);
  });
});

describe("Azure DevOps", () => {
  const { doc, text } = load("azure-pipelines.yml");
  const steps: any[] = doc.steps;

  test("previews inside AzureCLI@2 on a workload identity service connection with the pack", () => {
    const cli = steps.find((s) => s.task === "AzureCLI@2");
    expect(cli.inputs.azureSubscription).toBeTruthy();
    expect(cli.inputs.addSpnToEnvironment).toBe(true);
    expect(cli.inputs.inlineScript).toMatch(/pulumi preview .*--policy-pack node_modules\/hybrid-mailflow\/policy-pack/);
    expect(cli.env.SYSTEM_ACCESSTOKEN).toBe("$(System.AccessToken)");
    expect(text).not.toMatch(/AZURE_CLIENT_SECRET/);
  });

  test("runs check and preflight and publishes JUnit, SARIF and the reports", () => {
    const scripts = steps.map((s) => s.script ?? "").join("\n");
    expect(scripts).toMatch(/hybrid-mailflow check .*--format junit/);
    expect(scripts).toContain("hybrid-mailflow preflight");
    expect(steps.find((s) => s.task === "PublishTestResults@2").inputs.testResultsFormat).toBe("JUnit");
    expect(steps.find((s) => s.task === "PublishBuildArtifacts@1").inputs.ArtifactName).toBe("CodeAnalysisLogs");
    expect(steps.some((s) => s.task === "PublishPipelineArtifact@1")).toBe(true);
    expectKnownFlags(text);
  });
});
