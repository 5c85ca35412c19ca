/**
 * What the tenant's admin and Microsoft do while `pulumi up` runs against the emulated tenant: publish
 * the MS= verification record at the DNS host once Microsoft 365 hands it out (the programs leave
 * `dns` out), and count the calls that change something, which a run with nothing to do must not make.
 */
import type { EmulatedCloud } from "../../../src/testing";

export function publishVerificationRecords(cloud: EmulatedCloud, domains: readonly string[]): () => void {
  const published = new Set<string>();
  const timer = setInterval(() => {
    for (const domain of domains) {
      const text = published.has(domain) ? undefined : cloud.graph.verificationText(cloud.tenantId, domain);
      if (text) {
        cloud.graph.publishTxt(domain, text);
        published.add(domain);
      }
    }
  }, 100);
  return () => clearInterval(timer);
}

const EXCHANGE_WRITES = /^(New|Set|Remove|Enable|Disable)-/;

/** Calls that would change the tenant, in order: Exchange cmdlets that write, Graph requests other than GET. */
export function writeCalls(cloud: EmulatedCloud): string[] {
  return [
    ...cloud.exchange.requests.filter((r) => EXCHANGE_WRITES.test(r.operation)).map((r) => `exchange ${r.operation}`),
    ...cloud.graph.requests.filter((r) => r.method !== "GET").map((r) => `graph ${r.operation}`),
  ];
}

export function resetCallLogs(cloud: EmulatedCloud): void {
  cloud.exchange.resetLog();
  cloud.graph.resetLog();
}

/** The short polling of an impatient pipeline, so waits for the emulated tenant take seconds. */
export const FAST_POLLS = { HYBRID_MAILFLOW_POLL_INTERVAL_MS: "200", HYBRID_MAILFLOW_WAIT_TIMEOUT_SECONDS: "120", HYBRID_MAILFLOW_RETRY_BASE_DELAY_MS: "50" };
