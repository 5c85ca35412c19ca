/**
 * The pack's shared settings (on-premises facts, partners, suppressions) live in the config of one
 * policy, `hybrid-mailflow`, because Pulumi hands each policy only its own config. That policy runs
 * first in every AnalyzeStack and adopts them here for the rule policies that follow.
 */
import { parsePackSettings, type PackSettings } from "../core/stack/pack-settings";
import { SETTINGS_POLICY_NAME } from "./names";

export { SETTINGS_POLICY_NAME };

export type AdoptedSettings = { readonly ok: true; readonly settings: PackSettings } | { readonly ok: false; readonly error: string };

let current: AdoptedSettings = { ok: true, settings: parsePackSettings({}) };

export function adoptSettings(raw: unknown): AdoptedSettings {
  try {
    current = { ok: true, settings: parsePackSettings(raw ?? {}) };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    current = { ok: false, error: `The policy config of '${SETTINGS_POLICY_NAME}' is invalid, so no rule was checked.\n${detail}` };
  }
  return current;
}

export function currentSettings(): AdoptedSettings {
  return current;
}
