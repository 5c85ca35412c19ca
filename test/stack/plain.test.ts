import { SECRET_SIG, SIG_KEY, plain } from "../../src/core/stack/reading";

const secret = (value: unknown) => ({ [SIG_KEY]: SECRET_SIG, value });

describe("plain: Pulumi's secret wrappers removed", () => {
  it("unwraps secrets at any depth, in objects and arrays", () => {
    const props = { name: "Inbound", certificate: secret("mail.contoso.com"), ips: ["198.51.100.1", secret("198.51.100.2")], nested: { deep: [{ v: secret(secret(7)) }] } };
    expect(plain(props)).toEqual({ name: "Inbound", certificate: "mail.contoso.com", ips: ["198.51.100.1", "198.51.100.2"], nested: { deep: [{ v: 7 }] } });
  });

  it("never changes what it reads: wrapped values are copied on the way out", () => {
    const props = { a: { b: [secret("x"), "y"] }, untouched: { c: 1 } };
    const before = JSON.stringify(props);
    const out = plain(props) as typeof props;
    expect(JSON.stringify(props)).toBe(before);
    expect(out).not.toBe(props);
    // The parts without a wrapper are shared, not copied.
    expect(out.untouched).toBe(props.untouched);
  });

  it("returns a value without wrappers as it is, since a large stack is read many times", () => {
    const props = { name: "Inbound", ips: ["198.51.100.1"], nested: { deep: [{ v: 7 }] } };
    expect(plain(props)).toBe(props);
    expect(plain(null)).toBeNull();
    expect(plain("text")).toBe("text");
  });
});
