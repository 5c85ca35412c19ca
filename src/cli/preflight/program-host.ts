/**
 * The child process `runProgram` starts: it runs one Pulumi program under the fake cloud's mocks, the
 * way the Node.js language host runs it under the engine (inside the root `pulumi:pulumi:Stack`), and
 * writes every registration to a result file when the process ends. A separate process because a
 * program may leave global state behind, hold the event loop or call `process.exit`.
 */
import { writeFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { runInPulumiStack } from "@pulumi/pulumi/runtime/stack";
import { fakeCloudMocks } from "../../testing/fake-cloud";
import { recordMockRegistrations, type MockRegistration } from "../../testing/mock-registrations";
import { resolveFromPackageAsFallback } from "./package-fallback";
import { JOB_ENV, type ProgramJob, type ProgramResult } from "./program-job";
import { registerTypeScript } from "./typescript-hook";

function describe(error: unknown): { message: string; stack?: string } {
  return error instanceof Error ? { message: error.message, stack: error.stack } : { message: String(error) };
}

async function host(job: ProgramJob): Promise<void> {
  const registrations: MockRegistration[] = [];
  let completed = false;
  let failure: ProgramResult["failure"];
  const fail = (error: unknown) => {
    failure ??= describe(error);
    process.exitCode = 1;
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  // Written on exit so that nothing the program starts late (resources created inside an apply) is missed.
  process.on("exit", (code) => {
    const result: ProgramResult = { completed, failure, exitCode: code, registrations: registrations.map(({ inputs: _, ...rest }) => rest) };
    writeFileSync(job.resultFile, JSON.stringify(result));
  });
  process.on("beforeExit", () => {
    completed = failure === undefined;
  });

  resolveFromPackageAsFallback(job.packageRoot);
  if (job.typescript) registerTypeScript(job.programDir);
  await pulumi.runtime.setMocks(fakeCloudMocks(job.mode), job.project, job.stack, job.mode === "preview");
  recordMockRegistrations({ into: registrations });
  try {
    // As the language host does: a module that exports a function is a program that returns its outputs.
    await runInPulumiStack(async () => {
      const exported: unknown = require(job.main);
      return exported instanceof Function ? await exported() : exported;
    });
  } catch (error) {
    fail(error);
  }
}

const job = JSON.parse(process.env[JOB_ENV] ?? "null") as ProgramJob | null;
if (job) void host(job);
else {
  process.stderr.write(`program-host: ${JOB_ENV} is not set; this script is started by hybrid-mailflow preflight\n`);
  process.exitCode = 2;
}
