/**
 * Hostile and malformed inputs found by probing, kept as a corpus: each is a file body (or a CLI
 * argument list) and what the error must name. The fuzz test mutates the same valid world.
 */
export const VALID_WORLD = {
  tenants: [
    {
      id: "FIRMA",
      forest: "EUR",
      acceptedDomains: [{ domain: "firma.onmicrosoft.com", default: true }, { domain: "firma.example" }],
      inboundConnectors: [{ name: "From on-premises", connectorType: "OnPremises", tlsSenderCertificateName: "mail.firma.example" }],
      outboundConnectors: [{ name: "To on-premises", connectorType: "OnPremises", recipientDomains: ["firma.example"], smartHosts: ["mail.firma.example"] }],
    },
  ],
  internetDomains: ["gmail.example"],
  dns: { "firma.example": { txt: ["v=spf1 ip4:198.51.100.10 include:spf.protection.outlook.com -all"], mx: [{ preference: 10, exchange: "mail.firma.example" }] } },
  onPremises: [
    {
      name: "Firma",
      tenant: "FIRMA",
      servers: [{ name: "EX01", egressIps: ["198.51.100.10"] }],
      sendConnectors: [{ name: "Outbound to Office 365", addressSpaces: ["*"], smartHosts: ["firma-example.mail.protection.outlook.com"], sourceServers: ["EX01"], certificate: { subject: "mail.firma.example" } }],
      senderDomains: ["firma.example"],
    },
  ],
};

type World = typeof VALID_WORLD & Record<string, unknown>;
const clone = (): World => JSON.parse(JSON.stringify(VALID_WORLD)) as World;
const json = (edit: (w: World) => unknown) => {
  const w = clone();
  const out = edit(w);
  return JSON.stringify(out === undefined ? w : out);
};

export interface FileCase {
  readonly name: string;
  /** The file's name decides nothing; the contents do. */
  readonly file: string;
  readonly body: string | Buffer;
  /** Each must appear in the error. */
  readonly mentions: readonly (string | RegExp)[];
}

const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
for (const [prev, next] of [["a", "b"], ["b", "c"], ["c", "d"], ["d", "e"], ["e", "f"], ["f", "g"], ["g", "h"]]) bomb.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(",")}]`);

export const FILE_CASES: readonly FileCase[] = [
  { name: "missing connectorType", file: "w.json", body: json((w) => void delete (w.tenants[0]!.inboundConnectors[0] as Record<string, unknown>).connectorType), mentions: ["tenants[0].inboundConnectors[0].connectorType: is required", "OnPremises, Partner"] },
  { name: "misspelt connectorType", file: "w.json", body: json((w) => void ((w.tenants[0]!.inboundConnectors[0] as Record<string, unknown>).connectorType = "Onprem")), mentions: ['"Onprem"', "use one of OnPremises, Partner"] },
  { name: "YAML alias bomb", file: "bomb.yaml", body: `${bomb.join("\n")}\n`, mentions: ["bomb.yaml", "aliases", "100"] },
  { name: "deep JSON nesting", file: "deep.json", body: `${"[".repeat(20_000)}${"]".repeat(20_000)}`, mentions: ["deep.json", "nests more than 64"] },
  { name: "deep YAML flow nesting", file: "deep.yaml", body: `tenants: ${"[".repeat(5000)}${"]".repeat(5000)}\n`, mentions: ["deep.yaml", /nests more than/] },
  { name: "deep YAML block nesting", file: "deep-block.yaml", body: Array.from({ length: 2000 }, (_, i) => `${" ".repeat(i)}a:`).join("\n"), mentions: ["deep-block.yaml", /nests more than/] },
  { name: "YAML complex keys, nested", file: "keys.yaml", body: `tenants:\n  ${"? ".repeat(300)}x\n`, mentions: ["keys.yaml", "line 2", "uses a list or mapping as a key"] },
  { name: "NaN and infinity", file: "nan.yaml", body: "tenants:\n  - id: T\n    forest: EUR\n    acceptedDomains: [{domain: t.onmicrosoft.com}]\n    inboundConnectors: [{name: c, connectorType: OnPremises, enabled: .inf}]\ndns: {t.example: {mx: [{preference: .nan, exchange: m.example}]}}\n", mentions: ["enabled: must be true or false, not infinity", 'dns["t.example"].mx[0].preference: must be a number, not NaN'] },
  { name: "boolean as text", file: "w.json", body: json((w) => void ((w.tenants[0]!.inboundConnectors[0] as Record<string, unknown>).enabled = "yes")), mentions: ["enabled: must be true or false", "without quotes"] },
  { name: "number as text", file: "w.json", body: json((w) => void (w.dns["firma.example"]!.mx[0]!.preference = "10" as unknown as number)), mentions: ["preference: must be a number", "without quotes"] },
  { name: "fractional preference", file: "w.json", body: json((w) => void (w.dns["firma.example"]!.mx[0]!.preference = 1.5)), mentions: ["preference: must be a whole number"] },
  { name: "MX entry of the wrong form", file: "w.json", body: json((w) => void ((w.dns["firma.example"] as Record<string, unknown>).mx = [5])), mentions: ['dns["firma.example"].mx[0]: must be text or a mapping of fields'] },
  { name: "list where a mapping belongs", file: "w.json", body: json((w) => void ((w as Record<string, unknown>).dns = ["x"])), mentions: ["dns: must be a mapping"] },
  { name: "null list", file: "w.json", body: json((w) => void ((w as Record<string, unknown>).onPremises = null)), mentions: ["onPremises: must be a list, not null", "leave the field out"] },
  { name: "empty server name", file: "w.json", body: json((w) => void (w.onPremises[0]!.servers[0]!.name = "")), mentions: ["onPremises[0].servers[0].name: must not be empty"] },
  { name: "a list as the world", file: "w.json", body: "[1, 2, 3]", mentions: ["(top level): must be a mapping of fields, not a list"] },
  { name: "an empty file", file: "empty.yaml", body: "", mentions: ["(top level): must be a mapping of fields"] },
  { name: "binary garbage", file: "garbage.yaml", body: Buffer.from([0x00, 0xff, 0xfe, 0x7b, 0x5b, 0x3a, 0x2d, 0x0a, 0x09, 0x22]), mentions: ["garbage.yaml"] },
  { name: "duplicate JSON key", file: "dup.json", body: '{"tenants": [], "tenants": []}', mentions: ['the key "tenants" appears twice', "line 1"] },
  { name: "prototype key", file: "proto.json", body: json((w) => void Object.defineProperty(w, "__proto__", { value: { polluted: true }, enumerable: true })), mentions: ['unknown field(s) "__proto__"'] },
  { name: "unknown field", file: "w.json", body: json((w) => void ((w.tenants[0] as Record<string, unknown>).forrest = "EUR")), mentions: ['tenants[0]: unknown field(s) "forrest"'] },
  { name: "malformed JSON", file: "bad.json", body: '{"tenants": [}', mentions: ["bad.json", /line 1/] },
  { name: "unknown tenant of an on-premises organization", file: "w.json", body: json((w) => void (w.onPremises[0]!.tenant = "NOPE")), mentions: ['onPremises[0].tenant: no tenant with id "NOPE"'] },
];

export interface ArgCase {
  readonly name: string;
  /** WORLD stands for a valid world file. */
  readonly args: readonly string[];
  readonly mentions: readonly (string | RegExp)[];
}

export const ARG_CASES: readonly ArgCase[] = [
  { name: "explain: unknown --mailbox tenant", args: ["explain", "WORLD", "--mailbox", "NOPE", "--from", "a@firma.example", "--to", "b@gmail.example"], mentions: ['--mailbox: no tenant "NOPE"', "use one of: FIRMA"] },
  { name: "route: unknown --mailbox tenant", args: ["route", "WORLD", "--mailbox", "NOPE", "--from", "a@firma.example", "--to", "b@gmail.example"], mentions: ['--mailbox: no tenant "NOPE"', "use one of: FIRMA"] },
  { name: "check: --dns-server with an empty port", args: ["check", "WORLD", "--live-dns", "--dns-server", "127.0.0.1:"], mentions: ['--dns-server: "127.0.0.1:" is not a resolver address', "127.0.0.1:5353"] },
  { name: "check: --dns-server without --live-dns", args: ["check", "WORLD", "--dns-server", "127.0.0.1"], mentions: ["--dns-server: only applies with --live-dns"] },
  { name: "explain: a bad --ip", args: ["explain", "WORLD", "--from", "a@firma.example", "--to", "b@gmail.example", "--ip", "300.1.1.1"], mentions: ["--ip: must be an IPv4 address"] },
  { name: "explain: neither --ip nor --mailbox", args: ["explain", "WORLD", "--from", "a@firma.example", "--to", "b@gmail.example"], mentions: ["--ip: give --ip", "--mailbox"] },
  { name: "check: a directory", args: ["check", "DIR"], mentions: ["is a directory"] },
  { name: "check: a missing file", args: ["check", "MISSING"], mentions: ["file not found"] },
];

/** zod's own wording, which names no fix. */
export const ZOD_DEFAULT_TEXT = /Invalid (input|option|string|element|key)|Too (small|big):|expected .* received|Maximum call stack/;
