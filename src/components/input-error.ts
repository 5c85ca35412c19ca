/**
 * Invalid component arguments. The components validate everything they can before creating a single
 * resource, so a mistake stops the program with the field and the fix instead of half a deployment.
 */
export interface ComponentInputIssue {
  /** The argument path, e.g. `domains[1].spf.includes[0]`. */
  readonly field: string;
  readonly problem: string;
  readonly fix?: string;
}

export class ComponentInputError extends Error {
  readonly issues: readonly ComponentInputIssue[];

  constructor(field: string, problem: string, fix?: string);
  constructor(issues: readonly ComponentInputIssue[], component?: string);
  constructor(fieldOrIssues: string | readonly ComponentInputIssue[], problemOrComponent?: string, fix?: string) {
    const issues: readonly ComponentInputIssue[] =
      typeof fieldOrIssues === "string" ? [{ field: fieldOrIssues, problem: problemOrComponent ?? "is not valid", fix }] : fieldOrIssues;
    const component = typeof fieldOrIssues === "string" ? undefined : problemOrComponent;
    const lines = issues.map((i) => `  - ${i.field}: ${i.problem}${i.fix ? `. Fix: ${i.fix}` : ""}`);
    super(`${component ? `${component}: ` : ""}invalid arguments:\n${lines.join("\n")}`);
    this.name = "ComponentInputError";
    this.issues = issues;
  }

  /** The same issues with every field prefixed, for errors raised by a nested component or helper. */
  withPrefix(prefix: string, component?: string): ComponentInputError {
    return new ComponentInputError(
      this.issues.map((i) => ({ ...i, field: i.field ? `${prefix}.${i.field}` : prefix })),
      component,
    );
  }
}
