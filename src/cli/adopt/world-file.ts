/**
 * Reads and updates a world file in place with the YAML document model, so what a person wrote
 * there (other tenants, suppressions, comments) survives each adoption command. The result is
 * validated before it is written: an adoption command never leaves an invalid world behind.
 */
import { existsSync, writeFileSync } from "node:fs";
import { Document, isMap, isSeq, parseDocument, YAMLMap, YAMLSeq, type Node } from "yaml";
import { parseWorld } from "../../core/model/load";
import type { WorldInput } from "../../core/model/schema";
import { InputError } from "../../core/model/errors";
import { decodeText, readInputBytes } from "../read-document";

type TenantInput = WorldInput["tenants"][number];
type OnPremisesInput = NonNullable<WorldInput["onPremises"]>[number];

export class WorldFile {
  private constructor(
    readonly path: string,
    private readonly doc: Document,
    readonly existed: boolean,
  ) {}

  static open(path: string): WorldFile {
    if (!existsSync(path)) return new WorldFile(path, new Document({}), false);
    const doc = parseDocument(decodeText(readInputBytes(path)), { prettyErrors: true, uniqueKeys: true });
    if (doc.errors.length > 0) {
      throw new InputError(path, doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : "", message: e.message.split("\n")[0]! })));
    }
    if (doc.contents !== null && !isMap(doc.contents)) throw new InputError(path, [{ path: "", message: "is not a world (a YAML mapping with tenants, onPremises, dns ...)" }]);
    if (doc.contents === null) doc.contents = doc.createNode({}) as never;
    return new WorldFile(path, doc, true);
  }

  /** The file's data as plain values. */
  data(): Partial<WorldInput> {
    return (this.doc.toJS() ?? {}) as Partial<WorldInput>;
  }

  tenants(): TenantInput[] {
    return (this.data().tenants ?? []) as TenantInput[];
  }

  /** Replaces the tenant with the same id, or adds it (first when `first`). */
  putTenant(tenant: TenantInput, comment?: string, first = false): void {
    this.putById("tenants", "id", tenant.id, tenant, comment, first);
  }

  putOnPremises(org: OnPremisesInput, comment?: string): void {
    this.putById("onPremises", "name", org.name, org, comment, false);
  }

  addInternetDomains(domains: readonly string[], commentFor: (domain: string) => string | undefined): void {
    const seq = this.seq("internetDomains");
    for (const d of domains) {
      if (seq.items.some((n) => String((n as { value?: unknown }).value ?? n) === d)) continue;
      const node = this.doc.createNode(d) as Node;
      const comment = commentFor(d);
      if (comment) node.commentBefore = comment;
      seq.items.push(node);
    }
  }

  /** Sets the MX records of names in the world's `dns`, keeping their other records. */
  putMx(records: Record<string, { mx: { preference: number; exchange: string }[] }>): void {
    const root = this.doc.contents as YAMLMap;
    if (!root.has("dns")) root.set("dns", this.doc.createNode({}));
    const dns = root.get("dns") as YAMLMap;
    for (const [name, { mx }] of Object.entries(records)) {
      const entry = dns.get(name);
      if (isMap(entry)) entry.set("mx", this.doc.createNode(mx, { flow: true }));
      else dns.set(name, this.doc.createNode({ mx }, { flow: false }));
    }
  }

  /** Validates the world (when it has tenants) and writes it. */
  save(header?: string): void {
    const data = this.data();
    if ((data.tenants ?? []).length > 0) parseWorld(data, { source: this.path, strict: true });
    if (header && !this.doc.commentBefore) this.doc.commentBefore = header;
    writeFileSync(this.path, this.doc.toString({ lineWidth: 0 }));
  }

  private seq(key: string): YAMLSeq {
    const root = this.doc.contents as YAMLMap;
    if (!isSeq(root.get(key))) root.set(key, new YAMLSeq());
    return root.get(key) as YAMLSeq;
  }

  private putById(key: string, idField: string, id: string, value: unknown, comment: string | undefined, first: boolean): void {
    const seq = this.seq(key);
    const node = this.doc.createNode(value) as Node;
    if (comment) node.commentBefore = comment;
    const index = seq.items.findIndex((n) => isMap(n) && String(n.get(idField)) === id);
    if (index >= 0) seq.items[index] = node;
    else if (first) seq.items.unshift(node);
    else seq.items.push(node);
  }
}

/** Comment text for the yaml library: each line gets its own `#`. */
export function commentLines(lines: readonly string[]): string {
  return lines.map((l) => ` ${l}`).join("\n");
}
