/**
 * The policy pack's shared settings: what a stack cannot hold (on-premises facts not recorded by a
 * component, the partners we exchange mail with and whether they share our EOP forest, suppressions)
 * and where to write the report. Read strictly, so a misspelt key is an error, not a silent no-op.
 */
import { z } from "zod";
import { translateIssues } from "../model/issue-messages";
import { InputError } from "../model/errors";
import { domainName, emailAddress, strictSchemas } from "../model/schema";

const { onPremisesSchema, suppressionSchema, dnsRecordsSchema } = strictSchemas;

const partnerSchema = z.strictObject({
  domain: domainName,
  /** True for another tenant of our EOP forest: the companies tenant capture concerns. */
  sameForest: z.boolean({ error: "say whether the partner's tenant is in our EOP forest: sameForest: true or false" }),
  /** Groups several domains into one partner tenant. */
  tenantId: z.string().trim().min(1).optional(),
});

export const packSettingsSchema = z.strictObject({
  /** Our tenant, when the stack has no HybridMailFlow component (or to correct its forest). */
  tenant: z
    .strictObject({
      id: z.string().trim().min(1, "name the tenant (GUID or contoso.onmicrosoft.com)"),
      forest: z.string().trim().min(1, "name the EOP forest, e.g. EUR or NAM"),
      initialDomain: domainName.optional(),
    })
    .optional(),
  onPremises: z.array(onPremisesSchema).default([]),
  partners: z.array(partnerSchema).default([]),
  /**
   * The addresses in our tenant's directory, for DBEB: on-premises mailboxes missing here are rejected
   * with 550 5.4.1 in an Authoritative domain. Absent means every address exists (all synchronised).
   */
  recipients: z.array(emailAddress).optional(),
  internetDomains: z.array(domainName).default([]),
  dns: z.record(z.string().transform((s) => s.toLowerCase().replace(/\.$/, "")), dnsRecordsSchema).default({}),
  suppressions: z.array(suppressionSchema).default([]),
  /** Where the JSON and Markdown reports go; HYBRID_MAILFLOW_REPORT_DIR overrides it. */
  reportDirectory: z.string().trim().min(1).optional(),
});

export type PackSettings = z.output<typeof packSettingsSchema>;
export type PackSettingsInput = z.input<typeof packSettingsSchema>;

export const SETTINGS_SOURCE = "policy config hybrid-mailflow";

export function parsePackSettings(raw: unknown): PackSettings {
  const result = packSettingsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new InputError(
    SETTINGS_SOURCE,
    translateIssues(result.error.issues, raw ?? {}, "", [], "the settings in docs/policy-pack.md"),
  );
}

/**
 * The settings as a policy `configSchema`, so `pulumi preview --policy-pack-config` is validated by
 * the CLI before the pack runs. The input side of the schema, so fields with defaults stay optional.
 */
export function packSettingsJsonSchema(): { properties: Record<string, object>; required?: string[] } {
  const schema = z.toJSONSchema(packSettingsSchema, { io: "input", unrepresentable: "any" }) as {
    properties: Record<string, object>;
    required?: string[];
  };
  return { properties: schema.properties, ...(schema.required && schema.required.length > 0 ? { required: schema.required } : {}) };
}
