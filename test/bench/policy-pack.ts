/**
 * The policy pack's cost on a large stack, measured the way the Pulumi CLI pays it: the pack runs as
 * its own process and AnalyzeStack goes over gRPC with every resource's properties, once per preview.
 * The request is serialised before the clock starts: the CLI marshals it in Go in a fraction of the
 * time our JavaScript client takes (about 1 s for 20,001 resources), which is not the pack's cost.
 */
import { join } from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { startPolicyPack, type AnalyzedResource } from "../../src/cli/preflight/analyzer-client";
import { analyzeStackRequest } from "../../src/cli/preflight/analyzer-messages";
import { analyzer, grpc, services } from "../../src/cli/preflight/analyzer-proto";
import { RECORD_PROPERTY, TOKENS, type HybridMailFlowRecord } from "../../src/core/stack/contract";

const STACK = "urn:pulumi:bench::mailflow";
const TENANT = "contoso.onmicrosoft.com";

/** A hybrid with `domains` mail domains, each an accepted domain plus TXT and MX record sets. */
export function generateStack(domains: number, revision: number): AnalyzedResource[] {
  const hybridUrn = `${STACK}::${TOKENS.hybridMailFlow}::contoso`;
  const record: HybridMailFlowRecord = {
    schemaVersion: 1,
    tenantId: TENANT,
    forest: "NAM",
    initialDomain: TENANT,
    onPremises: [
      {
        name: "Contoso on-premises",
        tenant: TENANT,
        servers: [{ name: "EX01", egressIps: ["131.107.21.231"] }, { name: "EX02", egressIps: ["131.107.21.232"] }],
        sendConnectors: [
          // CloudServicesMailEnabled as HCW sets it: without it the hybrid mail is Anonymous (HMF017).
          { name: "Outbound to Office 365", addressSpaces: ["contoso.mail.onmicrosoft.com"], sourceServers: ["EX01", "EX02"], certificate: { subject: "hybrid.domain0.example" }, cloudServicesMailEnabled: true },
          { name: "Internet", addressSpaces: ["*"], sourceServers: ["EX01", "EX02"], certificate: { subject: "hybrid.domain0.example" } },
        ],
        senderDomains: Array.from({ length: Math.min(domains, 50) }, (_, i) => `domain${i}.example`),
      },
    ],
  };
  const resources: AnalyzedResource[] = [{ urn: hybridUrn, type: TOKENS.hybridMailFlow, name: "contoso", props: { [RECORD_PROPERTY]: record } }];
  const child = (type: string, name: string, props: Record<string, unknown>) =>
    resources.push({ urn: `${STACK}::${TOKENS.hybridMailFlow}$${type}::${name}`, type, name, props, parentUrn: hybridUrn });
  child(TOKENS.inboundConnector, "in", { name: "Inbound from on-premises", connectorType: "OnPremises", tlsSenderCertificateName: "hybrid.domain0.example", cloudServicesMailEnabled: true });
  child(TOKENS.acceptedDomain, "hybrid", { domainName: "hybrid.domain0.example", domainType: "Authoritative" });
  for (let i = 0; i < domains; i++) {
    const domain = `domain${i}.example`;
    child(TOKENS.acceptedDomain, domain, { domainName: domain, domainType: "Authoritative", matchSubDomains: false });
    const set = (type: string, props: Record<string, unknown>) =>
      child(TOKENS.dnsRecordSet, `${domain}-${type}`, { resourceGroupName: "dns", zoneName: domain, relativeRecordSetName: "@", recordType: type, ttl: 3600 + revision, ...props });
    set("TXT", { txtRecords: [{ value: ["v=spf1 ip4:131.107.21.231 ip4:131.107.21.232 include:spf.protection.outlook.com -all"] }, { value: [`MS=ms${i}`] }] });
    set("MX", { mxRecords: [{ preference: 0, exchange: `domain${i}-example.mail.protection.outlook.com` }] });
  }
  return resources;
}

/**
 * The median of a few AnalyzeStack round trips per stack size, each on a changed stack so no cached
 * analysis is reused. `domains` 333 gives 1 + 2 + 3 × 333 = 1,002 resources; 6,666 gives 20,001.
 */
export async function measureAnalyzeStack(root: string, sizes: readonly number[], rounds = 5): Promise<Array<{ resources: number; seconds: number }>> {
  const reports = mkdtempSync(join(tmpdir(), "hmf-bench-reports-"));
  const pack = await startPolicyPack(join(root, "policy-pack"), { env: { HYBRID_MAILFLOW_REPORT_DIR: reports, GITHUB_STEP_SUMMARY: undefined } });
  const client = new services.AnalyzerClient(pack.address, grpc.credentials.createInsecure(), { "grpc.max_receive_message_length": 400 * 1024 * 1024, "grpc.max_send_message_length": 400 * 1024 * 1024 });
  try {
    await pack.configure({});
    const result = await pack.analyzeStack(generateStack(sizes[0]!, -1)); // warm-up for the JIT, and a check of the stack
    if (result.diagnostics.some((d) => d.enforcementLevel === "mandatory")) throw new Error("the benchmark stack should pass the pack");
    const results: Array<{ resources: number; seconds: number }> = [];
    let revision = 0;
    for (const domains of sizes) {
      const times: number[] = [];
      for (let round = 0; round < rounds; round++) {
        const request = preserialised(analyzeStackRequest(generateStack(domains, revision++)));
        const start = performance.now();
        const response = await analyzeStackOver(client, request);
        times.push((performance.now() - start) / 1000);
        if (response.getDiagnosticsList().some((d) => d.getEnforcementlevel() === analyzer.EnforcementLevel.MANDATORY)) throw new Error("the benchmark stack should pass the pack");
      }
      times.sort((a, b) => a - b);
      results.push({ resources: generateStack(domains, 0).length, seconds: Number(times[Math.floor(rounds / 2)]!.toFixed(3)) });
    }
    return results;
  } finally {
    client.close();
    await pack.close();
    rmSync(reports, { recursive: true, force: true });
  }
}

/** The generated client serialises at send time; this hands it the bytes made before the clock started. */
function preserialised(request: analyzer.AnalyzeStackRequest): analyzer.AnalyzeStackRequest {
  const bytes = request.serializeBinary();
  request.serializeBinary = () => bytes;
  return request;
}

function analyzeStackOver(client: services.AnalyzerClient, request: analyzer.AnalyzeStackRequest): Promise<analyzer.AnalyzeResponse> {
  return new Promise((resolve, reject) => client.analyzeStack(request, (error, response) => (error ? reject(error) : resolve(response))));
}

export async function measurePolicyPack(root: string): Promise<{ policyPackResources: number; policyPackSeconds: number; analyzeStackSeconds20001: number }> {
  const [small, large] = await measureAnalyzeStack(root, [333, 6666]);
  if (large!.resources !== 20_001) throw new Error(`the large benchmark stack has ${large!.resources} resources, not 20,001`);
  return { policyPackResources: small!.resources, policyPackSeconds: small!.seconds, analyzeStackSeconds20001: large!.seconds };
}
