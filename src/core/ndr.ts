/** The responses the engine can produce, worded as attribution-model.md §2 quotes them. */
import { Ndr } from "./result";

export const NDR = {
  tenantAttribution: { code: "550 5.7.64", tag: null, text: "TenantAttribution; Relay Access Denied" },
  attr36: { code: "550 5.7.64", tag: "ATTR36", text: "Relay Access Denied ATTR36. For more information, see KB 3169958." },
  partnerRestriction: {
    code: "550 5.7.51",
    tag: null,
    text: "TenantInboundAttribution; There is a partner connector configured that matched the message's recipient domain. The connector had either the RestrictDomainsToIPAddresses or RestrictDomainsToCertificate set",
  },
  directSend: { code: "550 5.7.68", tag: null, text: "TenantInboundAttribution; Direct Send not allowed for this organization from unauthorized sources" },
  dbeb: { code: "550 5.4.1", tag: null, text: "Recipient address rejected: Access denied" },
  loop: { code: "554 5.4.14", tag: "ATTR34", text: "Hop count exceeded - possible mail loop ATTR34" },
  requireTls: { code: "451 5.7.3", tag: null, text: "STARTTLS is required to send mail" },
  tooManyRecipients: { code: "452 4.5.3", tag: null, text: "Too many recipients" },
  recipientNotFound: { code: "550 5.1.10", tag: null, text: "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup" },
} as const satisfies Record<string, Ndr>;

export function ndr(kind: keyof typeof NDR): Ndr {
  return { ...NDR[kind] };
}
