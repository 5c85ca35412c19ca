/** Short human renderings of a simulated hop: a summary block, and the trace as numbered prose. */
import { HopResult } from "../../core/result";
import { GAPS, SOURCES } from "../../core/sources";
import { Colours, plain } from "./colour";

/** `c` colours the outcome for a terminal (plain by default). */
export function summarizeHop(result: HopResult, c: Colours = plain): string[] {
  const lines: string[] = [];
  const a = result.attribution;
  const who = a.tenant ? `${a.direction} ${a.direction === "Incoming" ? "to" : "from"} ${a.tenant} by ${a.by}${a.connector ? ` via "${a.connector}"` : ""}` : "not attributed";
  const outcome = result.outcome.toUpperCase();
  let head = `${result.outcome === "rejected" ? c.bold(c.red(outcome)) : c.green(outcome)}  ${who}`;
  if (result.ndr) head += `  ${result.ndr.code}${result.ndr.tag ? ` ${result.ndr.tag}` : ""} ${result.ndr.text}`;
  lines.push(head);
  if (result.outcome === "relayed") {
    lines.push(`next hop: ${result.nextHop}${result.egressPool ? `, leaves from the ${result.egressPool} pool` : ""}${result.mailFromOut !== null && result.mailFromOut !== "" ? `, MAIL FROM ${result.mailFromOut}` : ""}`);
  }
  if (result.authAs) lines.push(`AuthAs: ${result.authAs}`);
  if (result.finalSpfDetail) {
    const s = result.finalSpfDetail;
    lines.push(`SPF at the final recipient: ${s.result} (${s.domain} from ${s.ip})`);
  }
  if (result.certainty === "uncertain") {
    lines.push(`certainty: ${c.yellow("UNCERTAIN")}, public documentation is silent or contradictory on: ${result.gaps.map((g) => `${g} ${GAPS.get(g)?.title ?? ""}`.trim()).join("; ")}`);
  } else {
    lines.push("certainty: documented");
  }
  return lines;
}

export function traceAsProse(result: HopResult): string[] {
  return result.trace.map((step, i) => {
    const sources = step.sources.filter((s) => SOURCES.has(s)).join(", ");
    const gap = step.gap ? ` [undocumented: ${step.gap}]` : "";
    return `${String(i + 1).padStart(2)}. ${step.text} (${step.rule}${sources ? `; ${sources}` : ""})${gap}`;
  });
}
