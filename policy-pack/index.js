// The entry Pulumi starts (`node <run-policy-pack> <engine> <this directory>`, with this directory as the
// working directory, where the SDK reads the pack's version from package.json). The rules live in the
// hybrid-mailflow package: found by name wherever the pack is installed (inside node_modules/hybrid-mailflow,
// or on its own with its declared dependencies, as `pulumi policy publish` and Pulumi Cloud install it),
// and one directory up in a source checkout, where this directory is part of the package itself.
process.chdir(__dirname);
try {
  require.resolve("@pulumi/policy");
} catch {
  // @pulumi/policy is an optional peer dependency of hybrid-mailflow (users who only run `check` do not need it).
  process.stderr.write("hybrid-mailflow policy pack: @pulumi/policy is not installed. Run: npm install @pulumi/policy\n");
  process.exit(1);
}
function policyModule() {
  try {
    return require("hybrid-mailflow/policy");
  } catch (error) {
    if (error.code !== "MODULE_NOT_FOUND" || !String(error.message).includes("hybrid-mailflow/policy")) throw error;
    return require("../dist/src/policy/pack");
  }
}
policyModule().servePolicyPack();
