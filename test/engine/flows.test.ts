/**
 * The flow matrix: which senders and which recipient classes a world's hybrid organization is
 * checked with, so that the rules judge every kind of mail the organization really sends.
 */
import { Flow, buildFlowMatrix, describeFlow, flowWeight } from "../../src/core/matrix/flows";
import { Engine } from "../../src/core/simulate";
import { SPF_MICROSOFT, certConnector, tenant, world } from "./support";

function hybrid(more: { internetDomains?: string[]; recipients?: string[]; org?: Record<string, unknown>; tenants?: object[] } = {}) {
  return world({
    tenants: [
      tenant("T1", "F1", ["contoso.com", "contoso.onmicrosoft.com", "contoso.mail.onmicrosoft.com"], {
        inboundConnectors: [certConnector("Inbound from on-premises", "*.contoso.com", { cloudServicesMailEnabled: true })],
        ...(more.recipients ? { recipients: more.recipients } : {}),
      }),
      tenant("T2", "F1", ["fabrikam.onmicrosoft.com", "fabrikam.com"]),
      tenant("T3", "F2", ["tailspin.com"]),
      ...(more.tenants ?? []),
    ],
    internetDomains: more.internetDomains ?? ["example.net", "fabrikam.com"],
    onPremises: [
      {
        name: "Org",
        tenant: "T1",
        servers: [
          { name: "EX01", egressIps: ["131.107.21.231", "131.107.21.232"] },
          { name: "EX02", egressIps: ["131.107.21.233"] },
        ],
        sendConnectors: [{ name: "All", addressSpaces: ["*"], sourceServers: ["EX01", "EX02"], certificate: { subject: "mail.contoso.com" } }],
        senderDomains: ["contoso.com", "legacy.net"],
        forwardedSenderDomains: ["gmail.example"],
        mailboxDomains: ["contoso.com"],
        ...more.org,
      },
    ],
    dns: { ...SPF_MICROSOFT },
  });
}

const byKind = (flows: Flow[], kind: Flow["senderKind"]) => flows.filter((f) => f.senderKind === kind);
const classes = (flows: Flow[]) => [...new Set(flows.map((f) => `${f.recipientClass} ${f.recipient}`))].sort();

describe("buildFlowMatrix", () => {
  const flows = buildFlowMatrix(new Engine(hybrid()));

  it("samples one recipient per class: own cloud, own on-premises, tenants of the same and of other forests, the internet", () => {
    expect(classes(byKind(flows, "cloud-mailbox").concat(byKind(flows, "internet")))).toEqual([
      "internet user@example.net",
      "other-forest-tenant user@tailspin.com",
      "own-cloud cloud-user@contoso.mail.onmicrosoft.com",
      "own-on-premises onprem-user@contoso.com",
      "same-forest-tenant user@fabrikam.com",
    ]);
  });

  it("a tenant is sampled at its first custom domain; an internet domain a tenant accepts is not an internet recipient", () => {
    expect(flows.some((f) => f.recipient === "user@fabrikam.onmicrosoft.com")).toBe(false);
    expect(flows.filter((f) => f.recipient === "user@fabrikam.com").every((f) => f.recipientClass === "same-forest-tenant")).toBe(true);
  });

  it("on-premises senders: every sender domain, the null sender, forwarded senders, from every server and egress IP, to every class but own on-premises", () => {
    const onPrem = flows.filter((f) => f.org && f.server !== null);
    expect(new Set(onPrem.map((f) => `${f.server}/${f.egressIp}`))).toEqual(new Set(["EX01/131.107.21.231", "EX01/131.107.21.232", "EX02/131.107.21.233"]));
    expect(new Set(onPrem.map((f) => `${f.senderKind} ${f.mailFrom}`))).toEqual(
      new Set(["on-premises onprem-user@contoso.com", "on-premises onprem-user@legacy.net", "null-sender ", "forwarded someone@gmail.example"]),
    );
    expect(onPrem.some((f) => f.recipientClass === "own-on-premises")).toBe(false);
    // 3 egress addresses x 4 senders x 4 recipient classes.
    expect(onPrem).toHaveLength(3 * 4 * 4);
  });

  it("cloud mailboxes send to every class but their own cloud, from a domain not hosted on-premises", () => {
    const cloud = byKind(flows, "cloud-mailbox");
    expect(cloud.map((f) => f.recipientClass).sort()).toEqual(["internet", "other-forest-tenant", "own-on-premises", "same-forest-tenant"]);
    expect(new Set(cloud.map((f) => f.mailFrom))).toEqual(new Set(["cloud-user@contoso.com"])); // no other custom domain: the first accepted one
    expect(cloud.every((f) => f.server === null && f.egressIp === null)).toBe(true);
  });

  it("internet senders reach the own recipients only", () => {
    const internet = byKind(flows, "internet");
    expect(internet.map((f) => f.recipientClass).sort()).toEqual(["own-cloud", "own-on-premises"]);
    expect(internet.every((f) => f.egressIp === "192.0.2.200" && f.mailFrom === "someone@internet-sender.example")).toBe(true);
  });

  it("numbers flows F1.. in order and describes them for people", () => {
    expect(flows.map((f) => f.id)).toEqual(flows.map((_, i) => `F${i + 1}`));
    const nullFlow = flows.find((f) => f.senderKind === "null-sender" && f.recipientClass === "internet")!;
    expect(describeFlow(nullFlow)).toBe(`${nullFlow.server} (${nullFlow.egressIp}) <> -> user@example.net`);
    expect(describeFlow(byKind(flows, "cloud-mailbox")[0]!)).toMatch(/^cloud mailbox of T1 cloud-user@contoso\.com -> /);
    expect(describeFlow(byKind(flows, "internet")[0]!)).toMatch(/^internet sender \(192\.0\.2\.200\) someone@internet-sender\.example -> /);
  });
});

describe("recipient sampling variants", () => {
  it("a listed cloud recipient outside the on-premises domains stands for the own cloud", () => {
    const flows = buildFlowMatrix(new Engine(hybrid({ recipients: ["ann@contoso.com", "ann@contoso.onmicrosoft.com"] })));
    expect(flows.find((f) => f.recipientClass === "own-cloud")!.recipient).toBe("ann@contoso.onmicrosoft.com");
  });

  it("without internet domains a placeholder internet recipient is used", () => {
    const flows = buildFlowMatrix(new Engine(hybrid({ internetDomains: [] })));
    expect(flows.filter((f) => f.recipientClass === "internet").map((f) => f.recipient)).toContain("user@internet-recipient.example");
  });

  it("no null-sender flows when on-premises sends none, and no own-on-premises class without mailbox domains", () => {
    const flows = buildFlowMatrix(new Engine(hybrid({ org: { sendsNullSender: false, mailboxDomains: [] } })));
    expect(flows.some((f) => f.senderKind === "null-sender")).toBe(false);
    expect(flows.some((f) => f.recipientClass === "own-on-premises")).toBe(false);
  });

  it("tenants that receive alike are simulated once, the flow standing for the others", () => {
    const flows = buildFlowMatrix(new Engine(hybrid({ tenants: [tenant("T4", "F1", ["wingtip.com"]), tenant("T5", "F2", ["litware.com"])] })));
    const cloud = byKind(flows, "cloud-mailbox");
    expect(classes(cloud)).toEqual(expect.arrayContaining(["same-forest-tenant user@fabrikam.com", "other-forest-tenant user@tailspin.com"]));
    expect(cloud.some((f) => f.recipient === "user@wingtip.com" || f.recipient === "user@litware.com")).toBe(false);
    const toFabrikam = cloud.find((f) => f.recipient === "user@fabrikam.com")!;
    const toTailspin = cloud.find((f) => f.recipient === "user@tailspin.com")!;
    expect(toFabrikam.alsoFor).toEqual(["user@wingtip.com"]);
    expect(toTailspin.alsoFor).toEqual(["user@litware.com"]);
    expect(flowWeight(toFabrikam)).toBe(2);
    expect(describeFlow(toFabrikam)).toBe("cloud mailbox of T1 cloud-user@contoso.com -> user@fabrikam.com (and 1 other tenant(s) that receive alike)");
  });

  it("a tenant that receives differently (its own connectors or organization settings) gets a flow of its own", () => {
    const partner = { name: "From partner", connectorType: "Partner", tlsSenderCertificateName: "mail.partner.example", restrictDomainsToCertificate: true };
    const flows = buildFlowMatrix(new Engine(hybrid({ tenants: [tenant("T4", "F1", ["wingtip.com"], { inboundConnectors: [partner] }), tenant("T5", "F1", ["litware.com"], { organization: { rejectDirectSend: true } })] })));
    expect(classes(byKind(flows, "cloud-mailbox"))).toEqual(
      expect.arrayContaining(["same-forest-tenant user@wingtip.com", "same-forest-tenant user@litware.com", "same-forest-tenant user@fabrikam.com", "other-forest-tenant user@tailspin.com"]),
    );
    for (const f of flows) expect(f.alsoFor).toEqual([]);
  });

  it("a world without on-premises organizations has no flows", () => {
    expect(buildFlowMatrix(new Engine(world({ tenants: [tenant("T1", "F1", ["contoso.com"])] })))).toEqual([]);
  });
});

describe("the flows are simulated routes", () => {
  const flows = buildFlowMatrix(new Engine(hybrid()));

  it("on-premises mail to the same-forest tenant is captured by the wildcard connector; to the other forest it is not", () => {
    const same = flows.find((f) => f.senderKind === "on-premises" && f.recipientClass === "same-forest-tenant")!;
    const other = flows.find((f) => f.senderKind === "on-premises" && f.recipientClass === "other-forest-tenant")!;
    expect(same.route.capturedBy).toBe("T1");
    expect(other.route.capturedBy).toBeNull();
    expect(other.route.endsAt).toBe("tenant:T3");
  });
});
