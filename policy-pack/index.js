// The entry the Pulumi CLI starts (`node <run-policy-pack> <engine> <this directory>`). It stays a thin
// shim over the compiled package one directory up, so installing hybrid-mailflow installs the pack.
// The SDK reads the pack version from package.json in the working directory: make that this one.
process.chdir(__dirname);
require("../dist/src/policy/pack").servePolicyPack();
