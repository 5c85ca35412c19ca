/** `hybrid-mailflow sources [ids...]`: the model's rules, the sources with links, and the documentation gaps. */
import { InputError } from "../../core/model/errors";
import { GAPS, MODEL_RULES, SOURCES } from "../../core/sources";

const DOC = "docs/attribution-model.md";

interface Entry {
  readonly kind: "rule" | "source" | "gap";
  readonly id: string;
  readonly line: string;
  readonly json: Record<string, unknown>;
}

function entries(): Entry[] {
  const list: Entry[] = [];
  for (const r of MODEL_RULES.values()) {
    const cites = [...r.sources, ...(r.gaps ?? [])].join(", ");
    list.push({ kind: "rule", id: r.id, line: `${r.id.padEnd(4)} ${r.title}${cites ? ` (${cites})` : ""}`, json: { kind: "rule", ...r, doc: `${DOC}#${r.id.toLowerCase()}` } });
  }
  for (const s of SOURCES.values()) {
    list.push({ kind: "source", id: s.id, line: `${s.id.padEnd(4)} [${s.grade}] ${s.title}${s.url ? ` <${s.url}>` : " (no public link; see the model document)"}`, json: { kind: "source", ...s, doc: `${DOC}#${s.id.toLowerCase()}` } });
  }
  for (const g of GAPS.values()) list.push({ kind: "gap", id: g.id, line: `${g.id.padEnd(4)} ${g.title}`, json: { kind: "gap", ...g, doc: `${DOC}#${g.id.toLowerCase()}` } });
  return list;
}

const HEADINGS: Record<Entry["kind"], string> = {
  rule: "Rules of the model (R#) and named steps that traces cite:",
  source: "Public sources (S#); grade D Microsoft docs, M other Microsoft, T third party, E empirical, I our inference:",
  gap: "Where public documentation is silent or contradictory (X#):",
};

export function sourcesListing(ids: readonly string[], json: boolean): string {
  const all = entries();
  let chosen = all;
  if (ids.length > 0) {
    const wanted = ids.map((id) => id.toUpperCase());
    const unknown = wanted.filter((id) => !all.some((e) => e.id === id));
    if (unknown.length > 0) {
      throw new InputError("sources", [{ path: "ids", message: `no rule, source or gap ${unknown.join(", ")}; run hybrid-mailflow sources to list them all` }]);
    }
    chosen = all.filter((e) => wanted.includes(e.id));
  }
  if (json) return `${JSON.stringify(chosen.map((e) => e.json), null, 2)}\n`;
  const lines: string[] = [];
  for (const kind of ["rule", "source", "gap"] as const) {
    const group = chosen.filter((e) => e.kind === kind);
    if (group.length === 0) continue;
    if (lines.length > 0) lines.push("");
    lines.push(HEADINGS[kind], ...group.map((e) => e.line));
  }
  lines.push("", `Each id is explained, with its evidence, in ${DOC} (shipped in the package).`);
  return `${lines.join("\n")}\n`;
}
