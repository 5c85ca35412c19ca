/** Input that cannot be simulated: each issue names the field (a dotted path) and how to fix it. */
export interface InputIssue {
  readonly path: string;
  readonly message: string;
}

export class InputError extends Error {
  constructor(
    readonly source: string,
    readonly issues: readonly InputIssue[],
  ) {
    super(`${source} is not valid:\n${issues.map((i) => `  - ${i.path || "(top level)"}: ${i.message}`).join("\n")}`);
    this.name = "InputError";
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    // Names with dots (DNS names under `dns`) are quoted so the path stays readable: dns["contoso.com"].txt
    else if (/^[A-Za-z_$][\w$]*$/.test(String(part))) out += out === "" ? String(part) : `.${String(part)}`;
    else out += `[${JSON.stringify(String(part))}]`;
  }
  return out;
}
