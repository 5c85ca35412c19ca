/** The policy pack shell: compose the rules into your own pack, or serve ours from `policy-pack/`. */
export { hybridMailflowPolicies, POLICY_PACK_NAME, servePolicyPack } from "./pack";
export { SETTINGS_POLICY_NAME } from "./names";
export { REPORT_FILE_JSON, REPORT_FILE_MARKDOWN } from "./names";
