// A pack of the same policies that calls every rule policy on every AnalyzeStack: the settings policy
// is built without the hook that withdraws quiet rules (src/policy/skip-quiet-rules.ts). The tests
// compare its answers with the shipped pack's.
process.chdir(__dirname);
const { PolicyPack } = require("@pulumi/policy");
const dist = "../../../dist/src/policy";
const { settingsPolicy } = require(`${dist}/settings-policy`);
const { inputsPolicy } = require(`${dist}/resource-inputs`);
const { rulePolicy } = require(`${dist}/rule-policy`);
const { captureStackSecrets } = require(`${dist}/secret-capture`);
const { installDeserializeOnce } = require(`${dist}/deserialize-once`);
const { ALL_RULES } = require("../../../dist/src/core/rules");

// Each call is logged on stderr, so the tests can see that this pack did call every rule.
const logged = (policy) => {
  const validate = policy.validateStack;
  return { ...policy, validateStack: (args, report) => { process.stderr.write(`called ${policy.name}\n`); return validate(args, report); } };
};
captureStackSecrets();
installDeserializeOnce();
new PolicyPack("hybrid-mailflow", { policies: [settingsPolicy(), inputsPolicy(), ...ALL_RULES.map(rulePolicy).map(logged)] });
