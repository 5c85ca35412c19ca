/**
 * The DNS questions `partners` asks: each partner domain's MX, and the IPv4 addresses of the
 * Exchange Online endpoints involved. Failures are answers too (a code per name), so one bad
 * domain does not stop the others.
 */
import { promises as dnsPromises } from "node:dns";
import { isExchangeOnlineMx, type PartnerLookup } from "../core/adopt/partners";

export interface LookupOptions {
  /** Resolver addresses ("127.0.0.1:5353"); default: the system's. */
  readonly servers?: readonly string[];
  readonly timeoutMs?: number;
  readonly tries?: number;
}

export class PartnerResolver {
  private readonly resolver: dnsPromises.Resolver;

  constructor(options: LookupOptions = {}) {
    this.resolver = new dnsPromises.Resolver({ timeout: options.timeoutMs ?? 5000, tries: options.tries ?? 2 });
    if (options.servers && options.servers.length > 0) this.resolver.setServers([...options.servers]);
  }

  async mx(domain: string): Promise<{ exchange: string; priority: number }[] | { error: string }> {
    try {
      return await this.resolver.resolveMx(domain);
    } catch (err) {
      return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
    }
  }

  async addresses(host: string): Promise<string[] | { error: string }> {
    try {
      return await this.resolver.resolve4(host);
    } catch (err) {
      return { error: (err as NodeJS.ErrnoException).code ?? String(err) };
    }
  }

  async lookUp(domain: string): Promise<PartnerLookup> {
    const mx = await this.mx(domain);
    if ("error" in mx) return { domain, mx };
    const best = [...mx].sort((a, b) => a.priority - b.priority)[0];
    if (!best || !isExchangeOnlineMx(best.exchange)) return { domain, mx };
    return { domain, mx, addresses: await this.addresses(best.exchange) };
  }
}
