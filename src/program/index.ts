/**
 * The config-driven program: `pulumi up` in a checkout of this package (Pulumi.yaml points here after
 * `npm run build`) deploys one `HybridMailFlow` described entirely by stack configuration. Its
 * exports become the stack's outputs.
 */
import * as pulumi from "@pulumi/pulumi";
import { HybridMailFlow } from "../components";
import { readProgramConfig } from "./config-schema";

const hybrid = new HybridMailFlow("hybrid", readProgramConfig(pulumi.runtime.allConfig()));

export const inboundConnectorName = hybrid.inboundConnectorName;
export const tlsSenderCertificateName = hybrid.tlsSenderCertificateName;
export const outboundConnectorName = hybrid.outboundConnectorName;
export const domainNames = hybrid.domainNames;
/** The records to publish with another DNS host when `dns` is not configured. */
export const records = hybrid.records;
