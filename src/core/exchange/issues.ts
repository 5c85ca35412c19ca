/**
 * A broken rule in connector or accepted-domain settings, found before anything is sent to
 * Exchange Online. `field` is the camelCase setting (the cmdlet parameter in camelCase) so the
 * Pulumi check, the CLI and the lint rules can all point at the same place.
 */
export interface SettingIssue {
  readonly field: string;
  readonly message: string;
  readonly fix: string;
  /**
   * "warning" for settings Microsoft's docs only call not applicable, which the service is not
   * known to refuse: reported, never blocking. Absent means an error.
   */
  readonly severity?: "warning";
}

export function isWarning(issue: SettingIssue): boolean {
  return issue.severity === "warning";
}

export function formatIssues(issues: readonly SettingIssue[]): string {
  return issues.map((i) => `${i.field}: ${i.message} Fix: ${i.fix}`).join("\n");
}

/**
 * Collects issues while skipping rules about fields whose values are not known yet (a Pulumi
 * preview passes unresolved outputs); a rule that cannot be judged must not fail.
 */
export class IssueCollector {
  readonly issues: SettingIssue[] = [];

  constructor(private readonly unknown: ReadonlySet<string> = new Set()) {}

  /** True when every named field has a known value. */
  known(...fields: string[]): boolean {
    return fields.every((f) => !this.unknown.has(f));
  }

  add(field: string, message: string, fix: string): void {
    this.issues.push({ field, message, fix });
  }

  warn(field: string, message: string, fix: string): void {
    this.issues.push({ field, message, fix, severity: "warning" });
  }
}
