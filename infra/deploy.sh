#!/usr/bin/env bash
# Builds function.zip, deploys template.yaml with AWS SAM, then runs the schema migrations (db-migrate).
#
#   infra/deploy.sh              JVM build (java21 runtime + SnapStart)
#   NATIVE=1 infra/deploy.sh     GraalVM/Mandrel native build (provided.al2023). The native build runs in a
#                                container (-Dquarkus.native.container-build=true), so it needs a working Docker
#                                (or Podman) engine; with GraalVM/Mandrel installed locally you can drop that flag.
#   GUIDED=1 infra/deploy.sh     force "sam deploy --guided" (the first run is always guided; it writes samconfig.toml)
#
# Other knobs: SAM_CONFIG_ENV (samconfig environment, default "default"), STACK_NAME and AWS_REGION (default:
# read from samconfig.toml), SKIP_VALIDATE=1 (skip infra/validate-template.mjs).
#
# No secrets here: the database password and the PayPal client secret live in AWS Secrets Manager;
# template.yaml only names their ARNs and the functions read the values at start-up (PAGOS_SECRETS).
#
# Parameters: the guided run asks for every template parameter and stores the answers in samconfig.toml.
# Later runs pass Packaging=jvm|native on the command line so the stack always matches the artifact just built;
# sam then ignores samconfig's parameter_overrides for that run and every other parameter keeps the value the
# stack already has. To change another parameter, run with GUIDED=1.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

NATIVE="${NATIVE:-0}"
GUIDED="${GUIDED:-0}"
SAM_CONFIG_ENV="${SAM_CONFIG_ENV:-default}"
SAMCONFIG="$repo_root/samconfig.toml"

log() { printf '\n==> %s\n' "$*"; }
die() { printf 'deploy: %s\n' "$*" >&2; exit 1; }

for tool in sam aws node; do
  command -v "$tool" >/dev/null 2>&1 || die "'$tool' is required on PATH"
done

# --- 1. validate the template against the SAM schema and Routes.java ---------------------------------
if [[ "${SKIP_VALIDATE:-0}" != "1" ]]; then
  log "Validating template.yaml"
  (cd infra && npm ci --no-audit --no-fund --silent && node validate-template.mjs)
fi

# --- 2. build function.zip ---------------------------------------------------------------------------
if [[ "$NATIVE" == "1" ]]; then
  PACKAGING=native
  log "Building the native function.zip (container build: needs Docker/Podman)"
  ./mvnw -B package -Dlambda -Dnative -Dquarkus.native.container-build=true
else
  PACKAGING=jvm
  # -Dlambda: the deployable build, without quarkus-vertx-http and local mode (pom.xml, profile "lambda"); it
  # compiles no tests and runs none.
  log "Building the JVM function.zip"
  ./mvnw -B package -Dlambda
fi
[[ -f target/function.zip ]] || die "target/function.zip was not produced by the build"
zip_bytes=$(wc -c < target/function.zip)
if (( zip_bytes > 50 * 1024 * 1024 )); then
  echo "warning: target/function.zip is $zip_bytes bytes (> 50 MB direct-upload limit); sam deploys it through S3." >&2
fi

# --- 3. sam deploy -----------------------------------------------------------------------------------
# Reads "key = value" from the [<env>.deploy.parameters] table of samconfig.toml (or [<env>.global.parameters]).
samconfig_value() {
  local key="$1"
  [[ -f "$SAMCONFIG" ]] || return 0
  awk -v env="$SAM_CONFIG_ENV" -v key="$key" '
    /^\[/ { section = $0; next }
    section == "[" env ".deploy.parameters]" || section == "[" env ".global.parameters]" {
      split($0, kv, "=")
      k = kv[1]; gsub(/[ \t]/, "", k)
      if (k == key) { v = substr($0, index($0, "=") + 1); gsub(/^[ \t]*"|"[ \t]*$/, "", v); print v; exit }
    }' "$SAMCONFIG"
}

if [[ "$GUIDED" == "1" || ! -f "$SAMCONFIG" ]]; then
  log "sam deploy --guided (answers are saved to samconfig.toml, environment '$SAM_CONFIG_ENV')"
  echo "Answer Packaging=$PACKAGING. Secret parameters take ARNs of Secrets Manager secrets, never the secret values."
  sam deploy --guided --config-env "$SAM_CONFIG_ENV" --parameter-overrides "Packaging=$PACKAGING"
else
  log "sam deploy (samconfig.toml, environment '$SAM_CONFIG_ENV', Packaging=$PACKAGING)"
  sam deploy --config-env "$SAM_CONFIG_ENV" --parameter-overrides "Packaging=$PACKAGING" --no-fail-on-empty-changeset
fi

STACK_NAME="${STACK_NAME:-$(samconfig_value stack_name)}"
[[ -n "$STACK_NAME" ]] || die "stack name unknown: set STACK_NAME or keep stack_name in samconfig.toml"
REGION="${AWS_REGION:-$(samconfig_value region)}"
region_args=()
[[ -n "$REGION" ]] && region_args=(--region "$REGION")

stack_output() {
  aws cloudformation describe-stacks "${region_args[@]}" --stack-name "$STACK_NAME" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}

# --- 4. migrate the database -------------------------------------------------------------------------
MIGRATE_FUNCTION="$(stack_output DbMigrateFunctionName)"
[[ -n "$MIGRATE_FUNCTION" && "$MIGRATE_FUNCTION" != "None" ]] || die "stack $STACK_NAME has no DbMigrateFunctionName output"

log "Running database migrations ($MIGRATE_FUNCTION:live)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
printf '{}' > "$work/payload.json"
# fileb:// sends the payload as-is with both AWS CLI v1 and v2.
aws lambda invoke "${region_args[@]}" \
  --function-name "$MIGRATE_FUNCTION" --qualifier live \
  --payload "fileb://$work/payload.json" \
  --cli-read-timeout 330 \
  "$work/response.json" > "$work/invoke.json"

node - "$work/invoke.json" "$work/response.json" <<'NODE'
const fs = require('fs');
const [invokeFile, responseFile] = process.argv.slice(2);
const invoke = JSON.parse(fs.readFileSync(invokeFile, 'utf8'));
const raw = fs.readFileSync(responseFile, 'utf8');
console.log(`db-migrate response: ${raw}`);
if (invoke.FunctionError) {
  console.error(`db-migrate failed (${invoke.FunctionError})`);
  process.exit(1);
}
let body;
try { body = JSON.parse(raw); } catch (e) { console.error('db-migrate returned no JSON'); process.exit(1); }
if (!body || body.success !== true) {
  console.error('db-migrate reported success=false');
  process.exit(1);
}
console.log(`schema at version ${body.schemaVersion} (${body.migrationsExecuted} migrations applied now)`);
NODE

# --- 5. where things are -----------------------------------------------------------------------------
log "Deployed stack $STACK_NAME"
for key in HttpApiUrl WebSocketUrl PushEndpoint; do
  printf '%-14s %s\n' "$key" "$(stack_output "$key")"
done
echo "Register the PayPal webhook at \$HttpApiUrl/webhooks/paypal and keep its id in the PaypalWebhookId parameter."
