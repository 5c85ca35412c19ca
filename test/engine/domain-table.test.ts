import { DomainTable } from "../../src/core/model/domain-table";

describe("DomainTable", () => {
  it("finds every domain it holds, as a whole or as the part of an address after a given index, after growing many times", () => {
    const table = new DomainTable<number>();
    const domains = Array.from({ length: 5000 }, (_, i) => `d${i}.example`);
    domains.forEach((d, i) => table.set(d, i));
    expect(table.size).toBe(5000);
    domains.forEach((d, i) => {
      expect(table.get(d)).toBe(i);
      const address = `user${i}@${d}`;
      expect(table.getSuffix(address, address.indexOf("@") + 1)).toBe(i);
    });
  });

  it("answers undefined for domains it does not hold, including prefixes, suffixes and the empty string", () => {
    const table = new DomainTable<string>();
    table.set("contoso.com", "T1");
    table.set("mail.contoso.com", "T2");
    for (const d of ["", "com", "ontoso.com", "contoso.co", "contoso.com.", "xmail.contoso.com", "fabrikam.com"]) expect(table.get(d)).toBeUndefined();
    expect(table.has("contoso.com")).toBe(true);
    expect(table.getSuffix("a@mail.contoso.com", 7)).toBe("T1");
    expect(table.getSuffix("a@mail.contoso.com", 2)).toBe("T2");
  });

  it("replaces the value of a domain set twice without counting it twice", () => {
    const table = new DomainTable<number>();
    for (let i = 0; i < 100; i++) table.set(`d${i}.example`, i);
    table.set("d7.example", 700);
    expect(table.size).toBe(100);
    expect(table.get("d7.example")).toBe(700);
    expect(table.get("d8.example")).toBe(8);
  });
});
