// The entry the Pulumi CLI starts (`node <run-policy-pack> <engine> <this directory>`). It stays a thin
// shim over the compiled package one directory up, so installing hybrid-mailflow installs the pack.
// The SDK reads the pack version from package.json in the working directory: make that this one.
process.chdir(__dirname);
try {
  require.resolve("@pulumi/policy");
} catch {
  // @pulumi/policy is an optional peer dependency of hybrid-mailflow (check users do not need it).
  process.stderr.write("hybrid-mailflow policy pack: @pulumi/policy is not installed. Run: npm install @pulumi/policy\n");
  process.exit(1);
}
require("../dist/src/policy/pack").servePolicyPack();
