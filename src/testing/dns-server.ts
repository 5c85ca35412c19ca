/**
 * A real authoritative DNS server on loopback, serving a world-style `dns` map, so tests (ours and
 * users') can exercise the live-DNS shell end to end without the internet. UDP and TCP listen on
 * the same ephemeral port, as resolvers retry truncated UDP answers over TCP on that port.
 */
import * as net from "node:net";
import dns2 from "dns2";
import ipaddr from "ipaddr.js";

const { Packet } = dns2;
type DnsPacket = InstanceType<typeof Packet>;

/** RFC 1035 §4.1.1 response codes; dns2's typings do not declare them. */
const RCODE = { NOERROR: 0, FORMERR: 1, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/** RFC 1035 §3.3: a character-string holds at most 255 octets. */
const MAX_CHARACTER_STRING = 255;

export interface DnsZoneRecords {
  readonly txt?: readonly string[];
  /** `{ preference, exchange }`, or a bare host name meaning preference 10 (as in world files). */
  readonly mx?: readonly ({ readonly preference: number; readonly exchange: string } | string)[];
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
}

/** A world-style map: names (any case, trailing dot optional) to their records. */
export type DnsZone = Readonly<Record<string, DnsZoneRecords>>;

/** How the server misbehaves for a name, to test error handling: answer SERVFAIL/REFUSED, or never answer. */
export type DnsFailureMode = "servfail" | "refused" | "timeout";

export interface DnsServerOptions {
  /** Loopback address to bind; default 127.0.0.1. */
  readonly host?: string;
  readonly ttl?: number;
  /** Names (any record type) for which the server fails instead of answering. */
  readonly failures?: Readonly<Record<string, DnsFailureMode>>;
}

export interface DnsQueryLogEntry {
  readonly name: string;
  /** Record type mnemonic (TXT, A, AAAA, MX, ...) or the number when unknown. */
  readonly type: string;
  readonly transport: "udp" | "tcp";
}

export interface RunningDnsServer {
  /** `host:port`, the form `Resolver.setServers` takes, e.g. "127.0.0.1:53535". */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** Every question received, in order; lets tests see, for example, a TCP retry. */
  readonly queries: readonly DnsQueryLogEntry[];
  close(): Promise<void>;
}

const TYPE_NAMES = new Map<number, string>(Object.entries(Packet.TYPE).map(([name, value]) => [value as number, name]));

function key(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

interface NormalizedRecords {
  readonly txt: readonly Buffer[][];
  readonly mx: readonly { preference: number; exchange: string }[];
  readonly a: readonly string[];
  readonly aaaa: readonly string[];
}

/** Splits a TXT value into ≤255-octet character-strings, on octet boundaries as DNS counts them. */
function characterStrings(text: string): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length === 0) return [bytes];
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += MAX_CHARACTER_STRING) {
    chunks.push(bytes.subarray(offset, offset + MAX_CHARACTER_STRING));
  }
  return chunks;
}

function normalizeZone(zone: DnsZone): Map<string, NormalizedRecords> {
  const out = new Map<string, NormalizedRecords>();
  for (const [name, records] of Object.entries(zone)) {
    out.set(key(name), {
      txt: (records.txt ?? []).map(characterStrings),
      mx: (records.mx ?? []).map((mx) =>
        typeof mx === "string" ? { preference: 10, exchange: key(mx) } : { preference: mx.preference, exchange: key(mx.exchange) },
      ),
      a: (records.a ?? []).map((a) => ipaddr.IPv4.parse(a).toString()),
      // dns2's AAAA encoder wants all eight groups written out.
      aaaa: (records.aaaa ?? []).map((a) => ipaddr.IPv6.parse(a).toNormalizedString()),
    });
  }
  return out;
}

function respond(
  zone: Map<string, NormalizedRecords>,
  failures: ReadonlyMap<string, DnsFailureMode>,
  ttl: number,
  request: DnsPacket,
  log: (entry: DnsQueryLogEntry) => void,
  transport: "udp" | "tcp",
): DnsPacket | undefined {
  const response = Packet.createResponseFromRequest(request);
  response.header.aa = 1;
  const question = request.questions[0];
  if (question === undefined) {
    response.header.rcode = RCODE.FORMERR;
    return response;
  }
  const name = key(question.name);
  log({ name, type: TYPE_NAMES.get(question.type) ?? String(question.type), transport });
  const failure = failures.get(name);
  if (failure === "timeout") return undefined;
  if (failure !== undefined) {
    response.header.rcode = failure === "servfail" ? RCODE.SERVFAIL : RCODE.REFUSED;
    return response;
  }
  const records = zone.get(name);
  if (records === undefined) {
    // A name with names below it exists (an empty non-terminal): NOERROR with no data, not NXDOMAIN.
    const suffix = `.${name}`;
    let exists = false;
    for (const other of zone.keys()) {
      if (other.endsWith(suffix)) {
        exists = true;
        break;
      }
    }
    response.header.rcode = exists ? RCODE.NOERROR : RCODE.NXDOMAIN;
    return response;
  }
  const answer = (record: Partial<DnsPacket["answers"][number]>): void => {
    response.answers.push(Packet.createResourceFromQuestion(question, { class: Packet.CLASS.IN, ttl, ...record }));
  };
  const wants = (type: number): boolean => question.type === type || question.type === Packet.TYPE.ANY;
  if (wants(Packet.TYPE.TXT)) {
    // dns2 writes Buffer character-strings byte for byte; its typings only mention strings.
    for (const chunks of records.txt) answer({ type: Packet.TYPE.TXT, data: chunks as unknown as string[] });
  }
  if (wants(Packet.TYPE.A)) {
    for (const address of records.a) answer({ type: Packet.TYPE.A, address });
  }
  if (wants(Packet.TYPE.AAAA)) {
    for (const address of records.aaaa) answer({ type: Packet.TYPE.AAAA, address });
  }
  if (wants(Packet.TYPE.MX)) {
    for (const mx of records.mx) answer({ type: Packet.TYPE.MX, priority: mx.preference, exchange: mx.exchange });
  }
  return response;
}

function listenTcp(server: net.Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => reject(error);
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

/**
 * Starts the server on an ephemeral port of `host`. The zone is copied: later changes to the
 * object do not reach the server.
 */
export async function startDnsServer(zone: DnsZone, options: DnsServerOptions = {}): Promise<RunningDnsServer> {
  const host = options.host ?? "127.0.0.1";
  const ttl = options.ttl ?? 300;
  const records = normalizeZone(zone);
  const failures = new Map(Object.entries(options.failures ?? {}).map(([name, mode]) => [key(name), mode]));
  const queries: DnsQueryLogEntry[] = [];
  const log = (entry: DnsQueryLogEntry): void => {
    queries.push(entry);
  };
  const family = net.isIPv6(host) ? "udp6" : "udp4";

  // The UDP port is chosen by the OS; TCP then has to get the same number, which another process
  // may hold, so a few fresh attempts are made.
  for (let attempt = 0; ; attempt++) {
    const udp = dns2.createUDPServer({ type: family });
    udp.on("request", (request, send) => {
      const response = respond(records, failures, ttl, request, log, "udp");
      if (response !== undefined) void send(response).catch(() => undefined);
    });
    udp.on("requestError", () => undefined);
    await udp.listen(0, host);
    const port = udp.address().port;
    const tcp = dns2.createTCPServer();
    const sockets = new Set<net.Socket>();
    tcp.on("connection", (socket: net.Socket) => {
      sockets.add(socket);
      socket.on("close", () => sockets.delete(socket));
    });
    tcp.on("request", (request, send) => {
      const response = respond(records, failures, ttl, request, log, "tcp");
      if (response !== undefined) void Promise.resolve(send(response)).catch(() => undefined);
    });
    tcp.on("requestError", () => undefined);
    try {
      await listenTcp(tcp, port, host);
    } catch (error) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      if (attempt < 5 && (error as NodeJS.ErrnoException).code === "EADDRINUSE") continue;
      throw error;
    }
    let closed: Promise<void> | undefined;
    return {
      address: net.isIPv6(host) ? `[${host}]:${port}` : `${host}:${port}`,
      host,
      port,
      queries,
      close: () => {
        closed ??= Promise.all([
          new Promise<void>((resolve) => udp.close(() => resolve())),
          new Promise<void>((resolve) => {
            tcp.close(() => resolve());
            // Resolvers keep TCP connections open; end them so close() does not wait for idle timeouts.
            for (const socket of sockets) socket.destroy();
          }),
        ]).then(() => undefined);
        return closed;
      },
    };
  }
}
