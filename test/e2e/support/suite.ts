/**
 * What every end-to-end file shares: a scratch folder, a Pulumi home and file backend of its own, the
 * packed package installed once, the emulated tenant, and helpers to make a stack of a program.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { startEmulatedCloud, type EmulatedCloud, type EmulatedCloudOptions } from "../../../src/testing";
import { expectExit, pulumi, pulumiEnv, type PulumiHome, type RunResult } from "./cli";
import { createProject, installedWorkspace, packTarball, scratchDir, type ProjectFiles } from "./workspace";

export interface Suite {
  readonly root: string;
  readonly home: PulumiHome;
  readonly workspace: string;
  readonly cloud: EmulatedCloud;
  readonly tarball: string;
  env(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** A project folder with a stack `dev` (config `tenantId` set to the emulated tenant). */
  stack(project: ProjectFiles, config?: Record<string, string>): Promise<string>;
  pulumi(cwd: string, ...args: string[]): Promise<RunResult>;
  close(): Promise<void>;
}

export interface SuiteOptions {
  /** Environment every Pulumi run of the suite gets, e.g. shorter polling. */
  readonly env?: Record<string, string>;
  readonly cloud?: EmulatedCloudOptions;
}

export async function startSuite(name: string, options: SuiteOptions = {}): Promise<Suite> {
  const root = scratchDir(name);
  const home: PulumiHome = { home: join(root, "pulumi-home"), state: join(root, "state") };
  mkdirSync(home.home, { recursive: true });
  mkdirSync(home.state, { recursive: true });
  const tarball = await packTarball(root);
  const workspace = await installedWorkspace(tarball);
  const cloud = await startEmulatedCloud(options.cloud);
  const env = (extra: Record<string, string> = {}) => pulumiEnv(home, { ...cloud.env(), ...options.env, ...extra });
  const run = (cwd: string, ...args: string[]) => pulumi(args, { cwd, env: env() });
  return {
    root,
    home,
    workspace,
    cloud,
    tarball,
    env,
    pulumi: run,
    async stack(project, config = {}) {
      const dir = createProject(join(root, "projects"), workspace, project);
      expectExit(await run(dir, "stack", "init", "dev"), 0);
      for (const [key, value] of Object.entries({ tenantId: cloud.tenantId, ...config })) expectExit(await run(dir, "config", "set", key, value), 0);
      return dir;
    },
    async close() {
      await cloud.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
