// The entry Pulumi starts (`node <run-policy-pack> <engine> <this directory>`, with this directory as the
// working directory, where the SDK reads the pack's version from package.json). The rules live in the
// hybrid-mailflow package: found by name wherever the pack is installed (inside node_modules/hybrid-mailflow,
// or on its own with its declared dependencies, as `pulumi policy publish` and Pulumi Cloud install it),
// and one directory up in a source checkout, where this directory is part of the package itself.
process.chdir(__dirname);
function policyModule() {
  try {
    return require("hybrid-mailflow/policy");
  } catch (error) {
    if (error.code !== "MODULE_NOT_FOUND" || !String(error.message).includes("hybrid-mailflow/policy")) throw error;
    return require("../dist/src/policy/pack");
  }
}
policyModule().servePolicyPack();
