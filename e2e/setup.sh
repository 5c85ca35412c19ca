#!/usr/bin/env bash
# Builds the real Pulumi CLI (cmd/pulumi of github.com/pulumi/pulumi/pkg/v3) from the Go module proxy,
# and this project's stand-in Node.js language host (see e2e/pulumi-cli/nodejs-language-host/main.go
# for why it is not Pulumi's own), into .pulumi-cli/bin. Then copies the dynamic-provider plugin script
# that the @pulumi/pulumi npm package ships. Nothing is rebuilt when the binaries of the wanted version
# are already there; Go's own caches make a rebuild after a change cheap.
set -euo pipefail
cd "$(dirname "$0")/.."

module_dir=e2e/pulumi-cli
bin=.pulumi-cli/bin
version=$(sed -n 's#^\s*github.com/pulumi/pulumi/pkg/v3 \(v[0-9.]*\).*#\1#p' "$module_dir/go.mod")
stamp="$version $(cat "$module_dir/go.sum" "$module_dir/nodejs-language-host/main.go" | sha256sum | cut -c1-16)"
mkdir -p "$bin"

# Non-interactive shells (CI) may not have read the profile that puts Go on the PATH.
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
if ! command -v go >/dev/null 2>&1; then
  echo "e2e:setup needs Go (1.26 or later) and the Go module proxy; install Go, or skip the end-to-end suite." >&2
  exit 1
fi

if [ -x "$bin/pulumi" ] && [ -x "$bin/pulumi-language-nodejs" ] && [ "$(cat "$bin/.stamp" 2>/dev/null)" = "$stamp" ]; then
  echo "Pulumi CLI $version and the Node.js language host are up to date in $bin"
else
  echo "Building the Pulumi CLI $version and the Node.js language host into $bin (a cold build takes several minutes)..."
  ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
  (cd "$module_dir" && go build -trimpath -ldflags "$ldflags" -o "../../$bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  (cd "$module_dir" && go build -trimpath -ldflags "$ldflags" -o "../../$bin/pulumi-language-nodejs" ./nodejs-language-host)
  echo "$stamp" > "$bin/.stamp"
fi

# The dynamic-provider plugin is a script inside @pulumi/pulumi; the CLI looks for it beside itself.
script=node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs
if [ ! -f "$script" ]; then
  echo "e2e:setup: $script is missing; run npm ci first." >&2
  exit 1
fi
install -m 0755 "$script" "$bin/pulumi-resource-pulumi-nodejs"
"$bin/pulumi" version
