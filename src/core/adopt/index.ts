/** Adopting an existing hybrid: cmdlet and DNS answers in, world sections and an adoption plan out. */
export { decodeExportText } from "./decode";
export { readOnPremExport, certificatesNamed, ONPREM_EXPORT_FORMAT, type OnPremExport, type ExportedSendConnector, type ExportedCertificate } from "./onprem-export";
export { onPremisesFromExport, sendingServers, type OnPremWorldOptions, type OnPremWorldResult } from "./onprem-world";
export { tenantFromListing, initialDomainOf, type TenantListing, type TenantWorldOptions, type TenantWorldResult } from "./tenant-world";
export { planAdoption, type PlannedResource } from "./program-plan";
export { inferPartners, isExchangeOnlineMx, partnerTenantId, type PartnerLookup, type PartnerVerdict, type PartnerWorld } from "./partners";
