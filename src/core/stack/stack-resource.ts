/**
 * A resource of a Pulumi stack as every shell sees it once Pulumi's own wrappers are peeled off:
 * the policy pack (from AnalyzeStack), `preflight` (from a program run under mocks) and tests.
 */
export interface StackResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  /** Plain data, no proxies or Outputs; values not known yet are Pulumi's unknown sentinels (see `unknown.ts`). */
  readonly props: Readonly<Record<string, unknown>>;
  readonly parentUrn?: string;
  /**
   * The inputs the program gave, when the shell has them. The engine hands stack policies outputs only,
   * and some providers keep part of a resource's identity in inputs alone (an Azure DNS record set's
   * zone, name and type); the pack learns inputs from its resource policy, which sees them first.
   */
  readonly inputs?: Readonly<Record<string, unknown>>;
}
