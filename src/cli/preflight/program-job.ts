/** What `runProgram` and its child process (`program-host.ts`) exchange: the job in, the result file out. */
import type { FakeCloudMode } from "../../testing/fake-cloud";
import type { MockRegistration } from "../../testing/mock-registrations";

export const JOB_ENV = "HYBRID_MAILFLOW_PREFLIGHT_JOB";

/** The type of the root resource the language host registers around a program. */
export const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

export interface ProgramJob {
  /** The file or directory to `require`. */
  readonly main: string;
  readonly programDir: string;
  readonly project: string;
  readonly stack: string;
  readonly mode: FakeCloudMode;
  readonly typescript: boolean;
  /** The hybrid-mailflow package root, for imports the program cannot resolve itself. */
  readonly packageRoot: string;
  readonly resultFile: string;
}

/** A registration without its deserialised inputs (runtime objects; the state carries them on the wire). */
export type HostedRegistration = Omit<MockRegistration, "inputs">;

export interface ProgramResult {
  /** The program and everything it started finished, rather than the process being ended early. */
  readonly completed: boolean;
  readonly failure?: { readonly message: string; readonly stack?: string };
  readonly exitCode: number;
  readonly registrations: HostedRegistration[];
}
