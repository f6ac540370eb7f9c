#!/usr/bin/env bash
# Property-based tests of a running sandbox against openapi.yaml, with Schemathesis.
#
# Usage:
#   SANDBOX_API_BASE=http://127.0.0.1:8080/api/ SANDBOX_TOKEN=<access token> \
#     scripts/schemathesis.sh [extra schemathesis run options…]
#   scripts/schemathesis.sh --validate-only   # only check openapi.yaml (no sandbox needed)
#
# SANDBOX_API_BASE  the API base of the running sandbox (its `/api/`), e.g. http://127.0.0.1:8080/api/
# SANDBOX_TOKEN     a bearer access token of the sandbox (from its /oauth/token), sent with
#                   every request as `Authorization: Bearer …`
# SCHEMATHESIS_MAX_EXAMPLES  test cases per operation and phase (default 20)
#
# Installs Schemathesis (pinned) and openapi-spec-validator into scripts/venv, only when missing.
# First validates openapi.yaml's OpenAPI 3.1 structure (openapi-spec-validator; its examples are
# checked against their schemas by `cargo test -p mobileid-admin-contract --features openapi`),
# then runs every check but one:
#
#   positive_data_acceptance is left out: it expects every request valid by the schema to be
#   accepted, which a stateful API with rules a schema cannot say does not do. Valid requests
#   are rightly refused when the generated account id is not one of the caller's (404), when
#   both the query parameter and the header name an account ("never both": 400, a rule JSON
#   Schema cannot express for two parameters), when the id in the path does not exist (404),
#   when the account is already onboarded (409), for the property rules a schema cannot say
#   (a two-letter country code that is not ISO 3166-1, the methods for activation that must be
#   allowed methods, App Attest needing its app id, the sandbox's own limits such as
#   sessionExpiry <= maximumSessionExpiry), a device hash that matches the pattern but does
#   not decode, or fromDate after toDate. The Properties schema states only what the
#   reference documents, and the sandbox takes any value the reference does not forbid, so
#   negative_data_rejection holds it to exactly that.
#
# Everything else stays on, including negative_data_rejection (schema-invalid requests must be
# 4xx), response_schema_conformance, status_code_conformance, ignored_auth (no token must give
# 401), use_after_free and ensure_resource_availability (the stateful phase).
#
# Run it against a sandbox with its fault injection OFF: injected 503s fail not_a_server_error,
# and injected 429s are only documented, not expected.
#
# Then checks the run's HAR report (scripts/schemathesis-coverage.py): every operation must
# have been answered with a 2xx at least once; the exceptions are named there, with reasons.
#
# Exits non-zero when a check fails (Schemathesis' own exit status) or an operation never got
# a 2xx.
set -euo pipefail
cd "$(dirname "$0")/.."

SCHEMATHESIS_VERSION=4.32.5
SPEC_VALIDATOR_VERSION=0.9.0
VENV=scripts/venv
PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}

say() { printf '[schemathesis] %s\n' "$*"; }

if [ ! -x "$VENV/bin/python" ]; then
  say "creating $VENV"
  "$PYTHON" -m venv "$VENV"
fi
if ! "$VENV/bin/schemathesis" --version 2>/dev/null | grep -q "$SCHEMATHESIS_VERSION"; then
  say "installing schemathesis $SCHEMATHESIS_VERSION"
  "$VENV/bin/pip" install --quiet "schemathesis==$SCHEMATHESIS_VERSION"
fi
if ! "$VENV/bin/python" -c 'import openapi_spec_validator' 2>/dev/null; then
  say "installing openapi-spec-validator $SPEC_VALIDATOR_VERSION"
  "$VENV/bin/pip" install --quiet "openapi-spec-validator==$SPEC_VALIDATOR_VERSION"
fi

"$VENV/bin/python" - <<'EOF'
import yaml
from openapi_spec_validator import validate
with open("openapi.yaml", encoding="utf-8") as f:
    doc = yaml.safe_load(f)
validate(doc)
print(f"openapi.yaml: valid OpenAPI {doc['openapi']}")
EOF
"$VENV/bin/python" - <<'EOF'
import schemathesis
from schemathesis.core.result import Err
operations = list(schemathesis.openapi.from_path("openapi.yaml").get_all_operations())
failed = [str(o.err()) for o in operations if isinstance(o, Err)]
if failed:
    raise SystemExit("schemathesis cannot load some operations:\n" + "\n".join(failed))
print(f"openapi.yaml: schemathesis loads all {len(operations)} operations")
EOF

if [ "${1:-}" = "--validate-only" ]; then
  exit 0
fi

: "${SANDBOX_API_BASE:?set SANDBOX_API_BASE to the running sandbox API base, e.g. http://127.0.0.1:8080/api/}"
: "${SANDBOX_TOKEN:?set SANDBOX_TOKEN to a bearer access token of that sandbox}"

# Reports and Schemathesis' cache (crashes it saw) go under target/, not into the work tree.
OUT=target/schemathesis
mkdir -p "$OUT"
# Known ids, account ids and body fields, drawn often: scripts/schemathesis-config.py.
"$VENV/bin/python" scripts/schemathesis-config.py openapi.yaml "$(pwd)/$OUT/cache" \
  > "$OUT/schemathesis.toml"

say "testing ${SANDBOX_API_BASE} with schemathesis $SCHEMATHESIS_VERSION"
HAR="$OUT/run.har"
rm -f "$HAR"
status=0
"$VENV/bin/schemathesis" --config-file "$OUT/schemathesis.toml" run openapi.yaml \
  --url "${SANDBOX_API_BASE%/}" \
  --header "Authorization: Bearer ${SANDBOX_TOKEN}" \
  --checks all \
  --exclude-checks positive_data_acceptance \
  --max-examples "${SCHEMATHESIS_MAX_EXAMPLES:-20}" \
  --request-timeout 10 \
  --report junit,har \
  --report-dir "$OUT" \
  --report-har-path "$HAR" \
  "$@" || status=$?

# Every operation must have been answered 2xx at least once in the run (the HAR of every
# request sent): an operation only ever refused was not really tested.
if [ -f "$HAR" ]; then
  "$VENV/bin/python" scripts/schemathesis-coverage.py openapi.yaml "$HAR" "${SANDBOX_API_BASE%/}" \
    || status=$((status == 0 ? 1 : status))
else
  say "no HAR report at $HAR: cannot check that every operation got a 2xx"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
