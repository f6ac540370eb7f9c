#!/usr/bin/env python3
"""Generate openapi.yaml (OpenAPI 3.1) for the MobileID Admin API as this project implements it.

What the code knows comes from the code: the ignored test `dump_contract_for_the_generator` of
crates/contract/tests/openapi.rs writes the endpoint table (method, path, operationId, summary), the
query and path parameters the client sends, each operation's success status, the Properties
schema (made from properties::PROPERTIES) and which fixture is the sample of which operation.
The JSON samples themselves are read from crates/contract/fixtures/. This script adds what only prose
can say (descriptions, parameter and model schemas, error responses) and writes the YAML.

The other tests of crates/contract/tests/openapi.rs check the committed YAML against the same code, so
`cargo test -p mobileid-admin-contract` fails when the two drift: then run this script again.

Usage (standard library only, except --validate):

    python3 scripts/gen-openapi.py              # dump the contract with cargo, write openapi.yaml
    python3 scripts/gen-openapi.py --check      # fail if openapi.yaml is not what it would write
    python3 scripts/gen-openapi.py --contract FILE   # use a dump instead of running cargo
    python3 scripts/gen-openapi.py --validate   # validate openapi.yaml: OpenAPI 3.1 structure
                                                # and every example against its schema (needs
                                                # openapi-spec-validator, jsonschema and PyYAML,
                                                # e.g. tools/venv from scripts/schemathesis.sh)
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUTPUT = os.path.join(ROOT, "openapi.yaml")
FIXTURES = os.path.join(ROOT, "crates", "contract", "fixtures")

SIGNICAT_SERVER = "https://api.signicat.com/mobileid/admin"
SANDBOX_SERVER = "http://127.0.0.1:8080/api"
AUTHORIZATION_URL = "https://api.signicat.com/auth/open/connect/authorize"
TOKEN_URL = "https://api.signicat.com/auth/open/connect/token"
SAMPLE_ACCOUNT = "a-sdge-abcdefghijk123456789"
TRACE_ID = "4bf239c088089f2bca77d3a413909f1c"
DEVICE_HASH_PATTERN = "^[A-Za-z0-9_-]+={0,2}$"


def ref(kind, name):
    return {"$ref": f"#/components/{kind}/{name}"}


def schema_ref(name, **extra):
    return {**ref("schemas", name), **extra}


# ---------------------------------------------------------------- the contract


def dump_contract():
    """Runs the dump test and returns what it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "contract.json")
        env = dict(os.environ, OPENAPI_CONTRACT_OUT=out)
        command = [
            "cargo", "test", "--quiet", "-p", "mobileid-admin-contract", "--test", "openapi",
            "--", "--ignored", "--exact", "dump_contract_for_the_generator",
        ]
        result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        if result.returncode != 0 or not os.path.exists(out):
            sys.stderr.write(result.stdout)
            sys.exit("gen-openapi: the contract dump failed (see above)")
        with open(out, encoding="utf-8") as f:
            return json.load(f)


def fixture(name):
    with open(os.path.join(FIXTURES, name), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- prose

INFO_DESCRIPTION = f"""\
The Signicat MobileID Admin API as implemented by this project: the admin console calls it and \
the sandbox (`mobileid-sandbox`) emulates it. Every request/response sample of Signicat's API \
reference is included as an example.

**The paths are this project's choice and are TO BE CHECKED.** The API reference this project \
works from gives each operation's name, parameters and samples, but no paths. The paths here are \
chosen in Signicat's REST style, relative to the API base `{SIGNICAT_SERVER}/`, and must be \
checked against Signicat's published OpenAPI specification. They all come from one table, \
`crates/contract/src/endpoints.rs`: one edit there corrects the console, the sandbox and the tests \
(`crates/contract/tests/openapi.rs` then fails until this file is regenerated with \
`python3 scripts/gen-openapi.py`).

**Which account.** Every operation acts on one Signicat account. By default it is the account \
the access token names (machine clients configured on an account, or a person's default \
account). The query parameter `signicat-accountid` or the header `Signicat-AccountId` chooses \
another account of the caller's organisation, but **never both**: a request naming an account \
in both ways is rejected with 400 `account_id_ambiguous`, even when the two are equal. No \
account at all is 400 `account_id_missing`; an account outside the caller's organisation is 404 \
`account_not_found`. Every operation but "Add MobileID account" needs the account to be \
onboarded for MobileID (404 `account_not_onboarded` otherwise). The console sends the header, \
never the query parameter.

**Numbers as strings.** Counts, limits and property values travel as JSON strings (`"100"`, \
`"false"`), as the real API sends them (`NumberString`); clients of this project also read a \
JSON number. The sandbox also takes a JSON number for a count or duration property and a JSON \
boolean for a flag property, and answers them as sent. Statistics counts are JSON numbers.

**Timestamps** are strings in several spellings (see `Timestamp`); values without a zone are UTC.

**Unknown fields.** Resources whose schema has `additionalProperties: true` may carry fields this \
version does not know; the console keeps them when it sends a resource back. Request bodies \
ignore unknown fields. Application-configuration properties this version does not know are \
accepted, stored and answered as sent (a newer server knows more properties).

**Property rules.** The `Properties` schema states only what Signicat's API reference \
documents: the JSON types, whole numbers for counts and durations, semantic versions (two-part \
ones such as `3.21` included), ISO 3166-1 alpha-2 country lists, Base64 for the Firebase \
service account, the read-only properties. Where the reference's lists and ranges are cut off, \
the console's own choices (known values, ranges, formats, relations between properties) are in \
each property's description: the console shows them as warnings and never refuses a value for \
them; the server decides. The reference's samples are examples, not defaults.

**Errors** are `application/problem+json` (RFC 7807) with a `traceId`; `invalidParams` names \
each rejected parameter, body field or property with the reason.

**The sandbox** (second server) serves this API under `/api/` and the OAuth 2.0 endpoints at \
`/oauth/authorize` and `/oauth/token` (authorization code with PKCE S256; public client \
`mobileid-console`, scope `mobileid-admin`). With its fault injection on it also answers 429 \
(with `Retry-After`) and 503, so clients can be tested against both.
"""

ACCOUNT_ID_RULE = (
    "A request names at most one account explicitly: the query parameter "
    "`signicat-accountid` or the header `Signicat-AccountId`, never both (400 "
    "`account_id_ambiguous`, even when equal). Without either, the account of the access "
    "token is used."
)

TAGS = [
    ("Accounts", "Onboarding and administration of the MobileID account."),
    ("APNs tokens", "Apple Push Notification service tokens of the organisation (production "
                    "and sandbox), used by every account of the organisation."),
    ("Application configuration", "The account's application configuration: its state, its "
                                  "APNs UUID and its properties."),
    ("Signing certificates", "Certificates whose keys sign the JWTs of MobileID signatures, "
                             "current and previously used."),
    ("E2E keys", "End-to-end encryption keys between the MobileID server and the SDK."),
    ("Risk indicators", "Risk indicator configuration of the account."),
    ("Devices", "Devices by device hash: listing and locking."),
    ("Statistics", "User and device statistics, and device hashes shared by several users. "
                   "Statistics are not live data."),
]

# Ids every fresh sandbox has (crates/sandbox/src/seed.rs: SEEDED_APNS_TOKENS, SEEDED_E2E_KEYS,
# store::NEW_ACCOUNT), used as examples so that Schemathesis reaches every operation with a 2xx
# (scripts/schemathesis-coverage.py): the first of each pair is read and updated, the second
# deleted; the account not yet onboarded is onboarded.
SEEDED_APNS_TOKENS = ("82a634bf-a485-457c-90c4-88ddd5631922", "c21d007a-d8ad-4856-a9ab-cee11a65de31")
SEEDED_E2E_KEYS = ("5d1c4e2a-7b3f-4a8e-9c60-e2e0000000a1", "5d1c4e2a-7b3f-4a8e-9c60-e2e0000000b2")
NOT_ONBOARDED_ACCOUNT = "a-sdge-NotOnboarded00000001"
# A throwaway EC P-256 key in PKCS#8 DER (what an Apple .p8 file holds), Base64: generated for
# this example only, never used anywhere.
TEST_ONLY_APNS_KEY = ("MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgMO1dd6kgqcjz1/I3NheGDyDsGQdy9T4"
                      "JxjcVQYGTCSOhRANCAAQ41CspbOzaZ90wacGJN8dK+vgmHpVMIdus9dhbmxaDVpyTgOdQCq2P2aC5qUBW"
                      "/uVuX+678MSyCy29tjvVQNxt")
SANDBOX_EXAMPLE = "A request the sandbox accepts (a seeded id, a valid test-only key)"

# Per operation: tag, description, the parameters beyond the account id, the request body
# schema, the success response (description, schema or None).
def operations(enums):
    bool_param = lambda name, default, description: {  # noqa: E731
        "name": name, "in": "query", "required": False, "description": description,
        "schema": {"type": "boolean", "default": default}, "example": default,
    }
    return {
        "getAccount": dict(
            tag="Accounts",
            description="Returns the MobileID account: its type and state, sandbox limits, "
                        "statistics and configurations.",
            params=[bool_param("statistics", True,
                               "Whether the account's statistics (`numberOfActiveDevices`, "
                               "`numberOfActiveUsers`) are included. Returned statistics are "
                               "not live data.")],
            ok=("The account.", schema_ref("Account")),
        ),
        "addAccount": dict(
            tag="Accounts",
            description="Onboards the account for MobileID: creates its MobileID account, its "
                        "default application configuration and its first E2E key. This is a "
                        "prerequisite of every other operation. An account already onboarded "
                        "is 409.",
            params=[{
                "name": "onboardingType", "in": "query", "required": False,
                "description": "What to onboard for. The reference names the parameter but not "
                               "its values; this project accepts `MOBILEID` (the default).",
                "schema": {"type": "string", "enum": ["MOBILEID"]},
            }],
            ok=("The account, onboarded.", schema_ref("Account")),
        ),
        "updateAccount": dict(
            tag="Accounts",
            description="Enables or disables the account.",
            body=schema_ref("AccountStateUpdate"),
            ok=("The account's new state.", schema_ref("AccountStateUpdated")),
        ),
        "listApnsTokens": dict(
            tag="APNs tokens",
            description="Lists the APNs tokens of the organisation the account belongs to, "
                        "production and sandbox ones. The real API lists at most 20.",
            ok=("The APNs tokens.", schema_ref("ApnsTokenList")),
        ),
        "addApnsToken": dict(
            tag="APNs tokens",
            description="Adds an APNs token. An APNs token can be used by every account of the "
                        "organisation. The private key is never returned.",
            body=schema_ref("NewApnsToken"),
            ok=("The APNs token added.", schema_ref("ApnsToken")),
        ),
        "getApnsToken": dict(
            tag="APNs tokens",
            description="Returns one APNs token of the organisation.",
            params=[ref("parameters", "ApnsTokenId")],
            ok=("The APNs token.", schema_ref("ApnsToken")),
        ),
        "deleteApnsToken": dict(
            tag="APNs tokens",
            description="Deletes an APNs token of the organisation.",
            params=[ref("parameters", "ApnsTokenId")],
            ok=("Deleted.", None),
        ),
        "getApplicationConfiguration": dict(
            tag="Application configuration",
            description="Returns the account's application configuration: its UUID, state and "
                        "properties. Write-only properties (secrets) are masked once set.",
            ok=("The application configuration.", schema_ref("ApplicationConfiguration")),
        ),
        "getConfigurationState": dict(
            tag="Application configuration",
            description="Returns the state of the application configuration.",
            ok=("The state.", schema_ref("ConfigurationState")),
        ),
        "updateConfigurationState": dict(
            tag="Application configuration",
            description="Enables or disables the application configuration.",
            body=schema_ref("ConfigurationState"),
            ok=("The new state.", schema_ref("ConfigurationState")),
        ),
        "getApnsUuid": dict(
            tag="Application configuration",
            description="Returns the APNs UUID of the application configuration: the APNs token "
                        "its push messages use.",
            ok=("The APNs UUID.", schema_ref("ApnsUuid")),
        ),
        "updateApnsUuid": dict(
            tag="Application configuration",
            description="Sets the APNs UUID of the application configuration.",
            body=schema_ref("ApnsUuid"),
            ok=("The new APNs UUID.", schema_ref("ApnsUuid")),
        ),
        "getProperties": dict(
            tag="Application configuration",
            description="Returns the properties of the application configuration. Write-only "
                        "properties (secrets) are masked once set and absent while unset.",
            ok=("The properties.", schema_ref("Properties")),
        ),
        "updateProperties": dict(
            tag="Application configuration",
            description="Changes the given properties and returns all of them. Each value is "
                        "checked against what the reference documents (its JSON type, whole "
                        "numbers, versions, country codes, Base64 for the Firebase service "
                        "account), then the documented relations over the stored values merged "
                        "with the changes, only when the update has one of their properties: "
                        "every method for activation must be an allowed method, and App Attest "
                        "needs its app ID. Nothing is stored unless all pass, and every problem "
                        "is an entry of `invalidParams`. Read-only names (`maximumSessionExpiry`, "
                        "`clientDebugDataEnabledOsTypes`: Signicat support changes them; "
                        "`hwKeyValidationStrategy`: not in the reference's update body) are "
                        "rejected; unknown names are stored as sent; `null` removes a property "
                        "(`enabledRiskData: null` is a value of its own). The sandbox has a few "
                        "limits of its own (e.g. `sessionExpiry` at most the stored "
                        "`maximumSessionExpiry`), which it reports the same way.",
            body=schema_ref("PropertiesUpdate"),
            ok=("All the properties, after the change.", schema_ref("Properties")),
        ),
        "listSigningCertificates": dict(
            tag="Signing certificates",
            description="Lists the signing certificates: the current ones and those whose keys "
                        "were used before.",
            params=[{
                "name": "state", "in": "query", "required": False,
                "description": "Only certificates in this state. Absent: all of them.",
                "schema": schema_ref("CertificateState"),
            }],
            ok=("The signing certificates.", schema_ref("SigningCertificateList")),
        ),
        "listE2eKeys": dict(
            tag="E2E keys",
            description="Lists the E2E keys of the organisation the account belongs to, "
                        "production and sandbox ones. The real API lists at most 20.",
            params=[{
                "name": "state", "in": "query", "required": False,
                "description": "Only keys in this state. Absent: all of them.",
                "schema": schema_ref("EnabledState"),
            }],
            ok=("The E2E keys.", schema_ref("E2eKeyList")),
        ),
        "createE2eKey": dict(
            tag="E2E keys",
            description="Creates an E2E key: the server generates the key pair and returns the "
                        "public key.",
            body=schema_ref("NewE2eKey"),
            ok=("The E2E key created.", schema_ref("E2eKey")),
        ),
        "getE2eKey": dict(
            tag="E2E keys",
            description="Returns one E2E key.",
            params=[ref("parameters", "E2eKeyId")],
            ok=("The E2E key.", schema_ref("E2eKey")),
        ),
        "updateE2eKeyState": dict(
            tag="E2E keys",
            description="Enables or disables an E2E key. A disabled key can no longer be used "
                        "for client requests.",
            params=[ref("parameters", "E2eKeyId")],
            body=schema_ref("E2eKeyState"),
            ok=("The key's new state.", schema_ref("E2eKeyState")),
        ),
        "deleteE2eKey": dict(
            tag="E2E keys",
            description="Deletes an E2E key.",
            params=[ref("parameters", "E2eKeyId")],
            ok=("Deleted.", None),
        ),
        "getRiskIndicators": dict(
            tag="Risk indicators",
            description="Returns the account's risk indicator configuration.",
            ok=("The risk indicator configuration.", schema_ref("RiskIndicators")),
        ),
        "updateRiskIndicators": dict(
            tag="Risk indicators",
            description="Updates the account's risk indicator configuration.",
            body=schema_ref("RiskIndicators"),
            ok=("The new risk indicator configuration.", schema_ref("RiskIndicators")),
        ),
        "lockDevices": dict(
            tag="Devices",
            description="Locks every device with the given device hash and returns their ids.",
            body=schema_ref("LockDevicesRequest"),
            ok=("The devices locked.", schema_ref("LockedDevices")),
        ),
        "getStatisticsByDays": dict(
            tag="Statistics",
            description="Active user and device statistics over the given number of days, "
                        "counting back from today.",
            params=[{
                "name": "nrOfDays", "in": "query", "required": False,
                "description": "The number of days to aggregate over, today included, counting "
                               "back from today (whole UTC days).",
                "schema": {"type": "integer", "format": "int32", "minimum": 1, "maximum": 3650,
                           "default": 30},
                "example": 150,
            }],
            ok=("The statistics.", schema_ref("UsageStatistics")),
        ),
        "getStatisticsByDateRange": dict(
            tag="Statistics",
            description="Active user and device statistics between two dates.",
            params=[
                {
                    "name": "fromDate", "in": "query", "required": False,
                    "description": "The first day aggregated, `YYYY-MM-DD` (UTC). Default: 29 "
                                   "days before `toDate`.",
                    "schema": {"type": "string", "format": "date"}, "example": "2024-04-04",
                },
                {
                    "name": "toDate", "in": "query", "required": False,
                    "description": "The last day aggregated, `YYYY-MM-DD` (UTC), included; not "
                                   "before `fromDate` (400). Default: today.",
                    "schema": {"type": "string", "format": "date"}, "example": "2026-06-06",
                },
            ],
            ok=("The statistics.", schema_ref("UsageStatistics")),
        ),
        "getDetailedDeviceStatistics": dict(
            tag="Statistics",
            description="Detailed device statistics: devices per platform and per SDK version.",
            params=[
                {
                    "name": "type", "in": "query", "required": True,
                    "description": "What to aggregate: `allbasic` (per platform and per SDK "
                                   "version), `platform` or `sdkversion`.",
                    "schema": schema_ref("DeviceStatisticsType"), "example": "allbasic",
                },
                {
                    "name": "platform", "in": "query", "required": False,
                    "description": "Only devices of this platform. Required with "
                                   "`type=sdkversion` (400 without it); optional otherwise.",
                    "schema": schema_ref("Platform"), "example": "Android",
                },
            ],
            ok=("The statistics.", schema_ref("DetailedDeviceStatistics")),
        ),
        "getSuspiciousDeviceHashes": dict(
            tag="Statistics",
            description="Device hashes shared by more users than allowed: every device hash "
                        "that belongs to two or more users, with their devices.",
            params=[
                {
                    "name": "allowedNrOfUsersWithSameDeviceHash", "in": "query",
                    "required": False,
                    "description": "How many users may have devices with the same hash before "
                                   "it is flagged as suspicious. Default: the account's risk "
                                   "indicators configuration.",
                    "schema": {"type": "integer", "format": "int64", "minimum": 1},
                    "example": 3,
                },
                bool_param("detailed", False,
                           "Whether the answer lists every device id and state of each user."),
            ],
            ok=("The suspicious device hashes.", schema_ref("SuspiciousDeviceHashes")),
        ),
        "getDevicesByDeviceHash": dict(
            tag="Devices",
            description="The devices with the given device hash, grouped by the user that "
                        "registered them.",
            params=[{
                "name": "deviceHash", "in": "query", "required": True,
                "description": "The device hash, URL-safe Base64 (`A–Z a–z 0–9 - _`, optional "
                               "`=` padding) that decodes.",
                "schema": schema_ref("DeviceHash"),
                "example": "wBHQ4HC3yLEUvEwnX5EBTBAbKkCia35WwO1dxqiFvYo=",
            }],
            ok=("The users and their devices.", schema_ref("DevicesByHash")),
        ),
    }


# ---------------------------------------------------------------- schemas


def obj(properties, required=(), extra=False, description=None):
    s = {"type": "object"}
    if description:
        s["description"] = description
    if required:
        s["required"] = list(required)
    s["properties"] = properties
    if extra:
        s["additionalProperties"] = True
    return s


STRING = {"type": "string"}
COUNT = {"type": "integer", "format": "int64", "minimum": 0}
KEEPS_UNKNOWN = "Unknown fields are allowed and kept."


PROPERTY_KEYS = ["type", "items", "pattern", "minimum", "contentEncoding", "example", "readOnly",
                 "x-secret", "description"]


def ordered(schema):
    """A property's schema (the dump's keys are sorted) with its keys in reading order."""
    unknown = set(schema) - set(PROPERTY_KEYS)
    if unknown:
        sys.exit(f"gen-openapi: place {sorted(unknown)} in PROPERTY_KEYS")
    out = {k: schema[k] for k in PROPERTY_KEYS if k in schema}
    if "items" in out:
        out["items"] = ordered(out["items"])
    return out


def schemas(dump):
    enums = dump["enums"]
    codes = ", ".join(f"{code} = {name}" for code, name in dump["deviceStateCodes"])
    properties = {"type": "object", "description": (
        "The properties of an application configuration, by API name. Values are strings "
        "(numbers and booleans included: `\"3\"`, `\"false\"`), except the list properties, "
        "which are arrays of strings; `enabledRiskData` may be `null` (only the "
        "always-collected risk data). Only what the API reference documents constrains a value; "
        "the console's own choices are in each description and are warnings, never refusals. "
        "Properties this version does not know are answered as the server holds them. "
        "Write-only properties (secrets) are answered masked once set, and absent while unset."
    ), "properties": {name: ordered(s) for name, s in dump["properties"]},
        "additionalProperties": True}
    properties_update = {"type": "object", "description": (
        "An update of the properties: only those sent change. Each property's schema is that "
        "of `Properties`, and `null` removes an updatable property (`enabledRiskData: null` is "
        "a value of its own). The read-only properties are rejected. Properties this version "
        "does not know are stored as sent."
    ), "properties": {name: ordered(s) for name, s in dump["propertiesUpdate"]},
        "additionalProperties": True}
    return {
        "NumberString": {
            "type": "string", "pattern": "^[0-9]+$",
            "description": "A whole number sent as a JSON string (`\"100\"`), as the API does. "
                           "Clients of this project also read a JSON number.",
        },
        "Timestamp": {
            "type": "string",
            "description": "A timestamp exactly as the API sends it. Spellings seen: "
                           "`2023-09-06T06:47:20.000Z`, `2026-04-10T10:32:42Z`, "
                           "`2026-03-31T08:08:48.607000` (no zone) and `2026-03-31 08:21:40.584` "
                           "(a space, no zone). Values without a zone are UTC. Not "
                           "`format: date-time`, which two of the spellings are not.",
        },
        "DeviceHash": {
            "type": "string", "pattern": DEVICE_HASH_PATTERN,
            "description": "A device hash: URL-safe Base64 (`A–Z a–z 0–9 - _`, optional `=` "
                           "padding) that decodes.",
        },
        "EnabledState": {"type": "string", "enum": enums["EnabledState"],
                         "description": "Whether an account, a configuration or an E2E key is "
                                        "in use."},
        "AccountType": {"type": "string", "enum": enums["AccountType"],
                        "description": "Sandbox accounts have a device limit; production "
                                       "accounts do not."},
        "CertificateState": {"type": "string", "enum": enums["CertificateState"]},
        "DeviceStatisticsType": {"type": "string", "enum": enums["DeviceStatisticsType"]},
        "Platform": {"type": "string", "enum": enums["Platform"]},
        "DeviceState": {
            "description": "A device state: a number in the suspicious device hashes, a name in "
                           "\"Get devices by device hash\". The reference shows the same devices "
                           "as 2/ACTIVE and 3/DELETED; the other codes are inferred and TO BE "
                           "CHECKED.",
            "oneOf": [
                {"type": "integer", "description": f"The state's code: {codes}."},
                {"type": "string", "description": "The state's name, e.g. ACTIVE or DELETED."},
            ],
        },
        "Account": obj({
            "created": schema_ref("Timestamp"),
            "modified": schema_ref("Timestamp", description="Absent on a new account."),
            "organisationId": STRING,
            "id": {"type": "string", "description": "The Signicat account id."},
            "name": STRING,
            "type": schema_ref("AccountType"),
            "state": schema_ref("EnabledState"),
            "sandboxProperties": schema_ref("SandboxProperties"),
            "statistics": schema_ref("AccountStatistics"),
            "configurations": {"type": "array", "items": schema_ref("AccountConfiguration")},
            "onboardedForMobileId": {"type": "boolean"},
            "onboardedForPasskeys": {"type": "boolean"},
        }, required=["id", "type", "state"], extra=True,
            description="A MobileID account. " + KEEPS_UNKNOWN),
        "SandboxProperties": obj({
            "sandboxDeviceLimit": schema_ref("NumberString"),
            "numberOfDevices": schema_ref("NumberString"),
        }, required=["sandboxDeviceLimit", "numberOfDevices"], extra=True,
            description="Limits of a sandbox account."),
        "AccountStatistics": obj({
            "numberOfActiveDevices": schema_ref("NumberString"),
            "numberOfActiveUsers": schema_ref("NumberString"),
        }, required=["numberOfActiveDevices", "numberOfActiveUsers"], extra=True,
            description="Present when `statistics=true`. Not live data."),
        "AccountConfiguration": obj({
            "description": STRING,
            "default": {"type": "boolean"},
            "accountId": STRING,
            "id": STRING,
            "properties": {"type": "object", "additionalProperties": True,
                           "description": "Free-form properties (`applicationId`, "
                                          "`inactiveDeviceDeleteRetentionTime`, …), as strings."},
            "additionalFeatures": {"type": "object", "additionalProperties": True,
                                   "description": "Feature flags, e.g. `passportScanEnabled`."},
        }, required=["id"], extra=True, description="A configuration of the account."),
        "AccountStateUpdate": obj({"state": schema_ref("EnabledState")}, required=["state"]),
        "AccountStateUpdated": obj({
            "id": STRING,
            "state": schema_ref("EnabledState"),
            "organisationId": STRING,
            "encapApiKey": {"type": "string", "description": "An API key: show it masked."},
            "sandboxDeviceLimit": schema_ref("NumberString",
                                             description="Sandbox accounts only."),
        }, required=["id", "state"], extra=True),
        "ApnsToken": obj({
            "id": STRING,
            "description": STRING,
            "name": STRING,
            "created": schema_ref("Timestamp"),
            "sha1Fingerprint": STRING,
            "sha256Fingerprint": STRING,
            "keyId": {"type": "string", "description": "Key ID of the APNs token."},
            "teamId": {"type": "string", "description": "Team ID of the Apple Developer "
                                                        "account."},
        }, required=["id"], extra=True, description="An APNs token. " + KEEPS_UNKNOWN),
        "ApnsTokenList": obj({"apnsTokens": {"type": "array", "items": schema_ref("ApnsToken")}}),
        "NewApnsToken": obj({
            "name": {"type": "string", "minLength": 1, "description": "The token's name."},
            "description": STRING,
            "privateKey": {"type": "string", "minLength": 1, "contentEncoding": "base64",
                           "description": "The Base64 of the token's private key (`.p8` file). "
                                          "Never returned."},
            "keyId": {"type": "string", "minLength": 1, "description": "Key ID of the APNs "
                                                                       "token."},
            "teamId": {"type": "string", "minLength": 1,
                       "description": "Team ID of the Apple Developer account."},
        }, required=["name", "privateKey", "keyId", "teamId"]),
        "ApplicationConfiguration": obj({
            "uuid": STRING,
            "appId": STRING,
            "state": schema_ref("EnabledState"),
            "properties": schema_ref("Properties"),
        }, required=["uuid", "state"], extra=True,
            description="An application configuration. " + KEEPS_UNKNOWN),
        "ConfigurationState": obj({"state": schema_ref("EnabledState")}, required=["state"]),
        "ApnsUuid": obj({
            "apnsUuid": {"type": "string", "format": "uuid",
                         "description": "A UUID in its hyphenated form (answered in lower "
                                        "case)."},
        }, required=["apnsUuid"]),
        "Properties": properties,
        "PropertiesUpdate": properties_update,
        "SigningCertificate": obj({
            "certificate": {"type": "string", "description": "The certificate, PEM."},
            "sha256Fingerprint": STRING,
            "state": schema_ref("CertificateState"),
            "activatedAt": schema_ref("Timestamp"),
            "deactivatedAt": schema_ref("Timestamp"),
        }, required=["certificate", "state"], extra=True),
        "SigningCertificateList": obj({
            "signingCertificates": {"type": "array", "items": schema_ref("SigningCertificate")},
        }),
        "E2eKey": obj({
            "id": STRING,
            "name": STRING,
            "description": STRING,
            "createdBy": STRING,
            "created": schema_ref("Timestamp"),
            "sha256Fingerprint": STRING,
            "publicKey": {"type": "string", "contentEncoding": "base64",
                          "description": "The Base64 of the public key."},
            "state": schema_ref("EnabledState"),
        }, required=["id", "state"], extra=True, description="An E2E key. " + KEEPS_UNKNOWN),
        "E2eKeyList": obj({"e2eKeys": {"type": "array", "items": schema_ref("E2eKey")}}),
        "NewE2eKey": obj({
            "name": {"type": "string", "minLength": 1, "description": "The key's name."},
            "description": STRING,
        }, required=["name"]),
        "E2eKeyState": obj({"state": schema_ref("EnabledState")}, required=["state"]),
        "RiskIndicators": obj({
            "riskIndicatorsConfiguration": schema_ref("RiskIndicatorsConfiguration"),
        }, required=["riskIndicatorsConfiguration"]),
        "RiskIndicatorsConfiguration": obj({
            "allowedNrOfUsersWithSameDeviceHash": {
                "description": "How many users may share a device hash before it is flagged: "
                               "a whole number from 1 to 2147483647, answered as a string. An "
                               "update must give it; it may send it as a JSON number too, and "
                               "`null` restores the default, 1.",
                "anyOf": [schema_ref("NumberString"), {"type": "integer", "minimum": 1},
                          {"type": "null"}],
            },
        }, extra=True, description="Unknown fields are kept when read; an update with other "
                                   "fields is refused."),
        "LockDevicesRequest": obj({"deviceHash": schema_ref("DeviceHash")},
                                  required=["deviceHash"]),
        "LockedDevices": obj({
            "lockedDevices": {"type": "array", "items": STRING,
                              "description": "The ids of the devices locked."},
        }),
        "UsageStatistics": obj({
            "fromDate": {"type": "string", "format": "date"},
            "toDate": {"type": "string", "format": "date"},
            "users": schema_ref("StateCounts"),
            "devices": schema_ref("StateCounts"),
        }, required=["fromDate", "toDate", "users", "devices"]),
        "StateCounts": obj({
            "total": COUNT,
            "withActivatedState": COUNT,
            "withLockedState": COUNT,
        }, required=["total", "withActivatedState", "withLockedState"]),
        "DetailedDeviceStatistics": obj({
            "accountId": STRING,
            "aggregatedAt": schema_ref("Timestamp"),
            "total": COUNT,
            "platforms": {"type": "array", "items": schema_ref("CountShare")},
            "sdkversions": {"type": "array", "items": schema_ref("CountShare")},
        }, required=["total"], extra=True),
        "CountShare": obj({
            "name": STRING,
            "count": COUNT,
            "percentage": {"type": "number", "minimum": 0, "maximum": 100},
        }, required=["name", "count", "percentage"]),
        "SuspiciousDeviceHashes": obj({
            "accountId": STRING,
            "aggregatedAt": schema_ref("Timestamp"),
            "count": schema_ref("SuspiciousCount"),
            "suspiciousDeviceHashes": {"type": "array",
                                       "items": schema_ref("SuspiciousDeviceHash")},
        }, required=["count"]),
        "SuspiciousCount": obj({
            "total": COUNT,
            "uniqueDeviceHashes": COUNT,
            "activeUsers": COUNT,
        }, required=["total", "uniqueDeviceHashes", "activeUsers"]),
        "SuspiciousDeviceHash": obj({
            "deviceHash": STRING,
            "users": {"type": "array", "items": schema_ref("UserDevices")},
        }, required=["deviceHash"], extra=True),
        "UserDevices": obj({
            "userId": STRING,
            "devices": {"type": "array", "items": schema_ref("Device")},
        }, required=["userId"], description="The devices of one user."),
        "Device": obj({
            "deviceId": STRING,
            "state": schema_ref("DeviceState"),
            "lastUsed": schema_ref("Timestamp"),
            "created": schema_ref("Timestamp"),
            "accountId": STRING,
        }, required=["deviceId"], extra=True),
        "DevicesByHash": {"type": "array", "items": schema_ref("UserDevices")},
        "Problem": obj({
            "type": {"type": "string", "description": "A URI reference naming the problem type."},
            "title": STRING,
            "code": {"type": "string", "description": "A machine-readable code, e.g. "
                                                      "`account_id_missing`."},
            "status": {"type": "integer", "description": "The HTTP status."},
            "traceId": {"type": "string", "description": "Quote it to Signicat support."},
            "detail": STRING,
            "invalidParams": {"type": "array", "items": schema_ref("InvalidParam")},
        }, description="An RFC 7807 problem, as the API answers every error."),
        "InvalidParam": obj({
            "name": {"type": "string", "description": "The API name of the parameter, body "
                                                      "field or property."},
            "reason": STRING,
        }, required=["name", "reason"]),
    }


# ---------------------------------------------------------------- responses


def problem(title, code, status, detail, **extra):
    p = {"title": title, "code": code, "status": status, "traceId": TRACE_ID, "detail": detail}
    p.update(extra)
    return p


def problem_response(description, examples, headers=None):
    r = {"description": description}
    if headers:
        r["headers"] = headers
    r["content"] = {"application/problem+json": {
        "schema": schema_ref("Problem"),
        "examples": examples,
    }}
    return r


def error_responses(account_id_missing):
    rule = account_id_missing["detail"]
    return {
        "BadRequest": problem_response(
            "The request is rejected: no account id could be resolved, or more than one was "
            "given, or a parameter or body field is invalid (each named in `invalidParams`).",
            {
                "accountIdMissing": {"summary": "Account ID missing (sample of the reference)",
                                     "value": account_id_missing},
                "accountIdAmbiguous": {"summary": "Account ID given as both query parameter and "
                                                  "header", "value": problem(
                    "Only one Account ID may be specified for this request",
                    "account_id_ambiguous", 400, rule)},
                "invalidRequest": {"summary": "A parameter or body field is invalid", "value":
                                   problem("Request validation failed", "invalid_request", 400,
                                           "state: Must be ENABLED or DISABLED, not \"ON\".",
                                           invalidParams=[{
                                               "name": "state",
                                               "reason": "Must be ENABLED or DISABLED, not "
                                                         "\"ON\"."}])},
            },
        ),
        "Unauthorized": problem_response(
            "No bearer access token, or one that is invalid or expired.",
            {"unauthorized": {"summary": "No access token", "value": problem(
                "Unauthorized", "unauthorized", 401, "A bearer access token is required.")}},
            headers={"WWW-Authenticate": {
                "description": "`Bearer error=\"invalid_token\"`.",
                "schema": {"type": "string"},
            }},
        ),
        "NotFound": problem_response(
            "The account is not in the caller's organisation or not onboarded for MobileID, or "
            "what the request names does not exist (the id in the path, or no device has the "
            "device hash).",
            {
                "accountNotOnboarded": {"summary": "The account is not onboarded", "value": problem(
                    "Account is not onboarded for MobileID", "account_not_onboarded", 404,
                    f"Account {SAMPLE_ACCOUNT} is not onboarded for MobileID. Use \"Add "
                    f"MobileID account\" first.")},
                "accountNotFound": {"summary": "No such account in the organisation",
                                    "value": problem("Account not found", "account_not_found",
                                                     404, "No account a-sdge-unknown in your "
                                                          "organisation.")},
                "notFound": {"summary": "No such resource", "value": problem(
                    "E2E key not found", "not_found", 404,
                    "No E2E key with id 82a634bf-a485-457c-90c4-88ddd56319ac.")},
            },
        ),
        "Conflict": problem_response(
            "The account is already onboarded for MobileID.",
            {"accountAlreadyOnboarded": {"summary": "Already onboarded", "value": problem(
                "Account is already onboarded", "account_already_onboarded", 409,
                f"Account {SAMPLE_ACCOUNT} is already onboarded for MobileID.")}},
        ),
        "TooManyRequests": problem_response(
            "Too many requests: wait `Retry-After` seconds. The sandbox answers this when its "
            "fault injection is on.",
            {"tooManyRequests": {"summary": "Rate limited", "value": {
                "title": "Too many requests", "status": 429, "traceId": TRACE_ID,
                "detail": "Retry after 1 second."}}},
            headers={"Retry-After": {
                "description": "How many seconds to wait before trying again.",
                "required": True,
                "schema": {"type": "integer", "minimum": 0},
                "example": 1,
            }},
        ),
        "ServiceUnavailable": problem_response(
            "The service is unavailable for a while. The sandbox answers this when its fault "
            "injection is on.",
            {"serviceUnavailable": {"summary": "Unavailable", "value": {
                "title": "Service unavailable", "status": 503, "traceId": TRACE_ID,
                "detail": "The service is temporarily unavailable."}}},
        ),
    }


ERROR_COMPONENT = {400: "BadRequest", 401: "Unauthorized", 404: "NotFound", 409: "Conflict",
                   429: "TooManyRequests", 503: "ServiceUnavailable"}

# ---------------------------------------------------------------- the document

REFERENCE_SAMPLE = "Sample of the API reference"


def parameter_components(account):
    id_description = (
        "The Signicat account to act on, e.g. `" + SAMPLE_ACCOUNT + "`. Optional: by default "
        "the account of the access token. " + ACCOUNT_ID_RULE
    )
    return {
        "AccountIdQuery": {
            "name": account["query"], "in": "query", "required": False,
            "description": id_description + " The sandbox also takes the spelling "
                                            "`signicat-accountId`.",
            "schema": {"type": "string"},
        },
        "AccountIdHeader": {
            "name": account["header"], "in": "header", "required": False,
            "description": id_description,
            "schema": {"type": "string"},
        },
        "ApnsTokenId": {
            "name": "apnsTokenId", "in": "path", "required": True,
            "description": "The id of the APNs token.",
            "schema": {"type": "string"},
            "example": SEEDED_APNS_TOKENS[0],
        },
        "E2eKeyId": {
            "name": "e2eKeyId", "in": "path", "required": True,
            "description": "The id of the E2E key.",
            "schema": {"type": "string"},
            "example": SEEDED_E2E_KEYS[0],
        },
    }


# Per operation, parameters whose example differs from the shared component's: the operation
# gets its own copy of the parameter (see SEEDED_APNS_TOKENS).
OPERATION_EXAMPLES = {
    "addAccount": ("AccountIdQuery", NOT_ONBOARDED_ACCOUNT),
    "deleteApnsToken": ("ApnsTokenId", SEEDED_APNS_TOKENS[1]),
    "deleteE2eKey": ("E2eKeyId", SEEDED_E2E_KEYS[1]),
}

# Per operation, a request body the sandbox accepts, next to the reference's samples.
SANDBOX_REQUESTS = {
    "addApnsToken": {
        "name": "Schemathesis APNs token",
        "description": "Added by the contract tests",
        "privateKey": TEST_ONLY_APNS_KEY,
        "keyId": "TESTKEY123",
        "teamId": "TESTTEAM45",
    },
}


# OpenAPI links from an operation's success answer to the operations that take what it
# returned (Schemathesis' stateful phase follows them): operationId -> {link name: (target
# operationId, parameters, request body)}.
LINKS = {
    "addApnsToken": {
        "GetApnsToken": ("getApnsToken", {"apnsTokenId": "$response.body#/id"}, None),
        "DeleteApnsToken": ("deleteApnsToken", {"apnsTokenId": "$response.body#/id"}, None),
    },
    "listApnsTokens": {
        "GetFirstApnsToken": ("getApnsToken",
                              {"apnsTokenId": "$response.body#/apnsTokens/0/id"}, None),
    },
    "createE2eKey": {
        "GetE2eKey": ("getE2eKey", {"e2eKeyId": "$response.body#/id"}, None),
        "UpdateE2eKeyState": ("updateE2eKeyState", {"e2eKeyId": "$response.body#/id"}, None),
        "DeleteE2eKey": ("deleteE2eKey", {"e2eKeyId": "$response.body#/id"}, None),
    },
    "listE2eKeys": {
        "GetFirstE2eKey": ("getE2eKey", {"e2eKeyId": "$response.body#/e2eKeys/0/id"}, None),
    },
    "getSuspiciousDeviceHashes": {
        "DevicesOfFirstHash": (
            "getDevicesByDeviceHash",
            {"deviceHash": "$response.body#/suspiciousDeviceHashes/0/deviceHash"}, None),
        "LockFirstHash": (
            "lockDevices", {},
            {"deviceHash": "$response.body#/suspiciousDeviceHashes/0/deviceHash"}),
    },
}


def links(op_id):
    out = {}
    for name, (target, parameters, body) in LINKS.get(op_id, {}).items():
        link = {"operationId": target}
        if parameters:
            link["parameters"] = parameters
        if body is not None:
            link["requestBody"] = body
        out[name] = link
    return out


def example_parameter(op_id, param, components):
    """`param` (a reference or a parameter), or the operation's own copy with its example."""
    name, example = OPERATION_EXAMPLES.get(op_id, (None, None))
    if name is None or param.get("$ref") != f"#/components/parameters/{name}":
        return param
    own = dict(components[name])
    own["example"] = example
    return own


def build(dump):
    ops = operations(dump["enums"])
    ids = [e["operationId"] for e in dump["endpoints"]]
    if set(ids) != set(ops):
        sys.exit(f"gen-openapi: operations described here {sorted(ops)} are not those of "
                 f"crates/contract/src/endpoints.rs {sorted(ids)}")

    requests, responses, error_examples = {}, {}, {}
    for e in dump["examples"]:
        value = fixture(e["fixture"])
        if e["in"] == "request":
            requests.setdefault(e["operationId"], []).append(value)
        elif int(e["in"]) >= 400:
            error_examples.setdefault(int(e["in"]), []).append(value)
        else:
            responses.setdefault((e["operationId"], int(e["in"])), []).append(value)

    account_id_missing = error_examples[400][0]
    if any(v != account_id_missing for v in error_examples.pop(400)) or error_examples:
        sys.exit("gen-openapi: every error sample is expected to be the reference's "
                 "account-id-missing problem; place the new one in error_responses()")

    def examples(values):
        out = {}
        for i, value in enumerate(values):
            out["reference" if i == 0 else f"reference{i + 1}"] = {
                "summary": REFERENCE_SAMPLE, "value": value}
        return out

    components = parameter_components(dump["accountId"])
    paths = {}
    for e in dump["endpoints"]:
        op_id = e["operationId"]
        spec = ops[op_id]
        params = [ref("parameters", "AccountIdQuery"), ref("parameters", "AccountIdHeader")]
        params += spec.get("params", [])
        params = [example_parameter(op_id, p, components) for p in params]
        names = sorted(p["name"] for p in spec.get("params", []) if p.get("in") == "query")
        if names != e["queryParameters"]:
            sys.exit(f"gen-openapi: {op_id}: query parameters {names} here, "
                     f"{e['queryParameters']} in the client")
        if ("body" in spec) != e["requestBody"]:
            sys.exit(f"gen-openapi: {op_id}: the client {'sends' if e['requestBody'] else 'sends no'} "
                     f"body")
        op = {
            "operationId": op_id,
            "summary": e["summary"],
            "description": spec["description"],
            "tags": [spec["tag"]],
            "parameters": params,
        }
        if "body" in spec:
            body = {"required": True, "content": {"application/json": {"schema": spec["body"]}}}
            if op_id in requests:
                body["content"]["application/json"]["examples"] = examples(requests[op_id])
            if op_id in SANDBOX_REQUESTS:
                body["content"]["application/json"].setdefault("examples", {})["sandbox"] = {
                    "summary": SANDBOX_EXAMPLE, "value": SANDBOX_REQUESTS[op_id]}
            op["requestBody"] = body
        status = e["successStatus"]
        description, schema = spec["ok"]
        ok = {"description": description}
        if schema is not None:
            media = {"schema": schema}
            if (op_id, status) in responses:
                media["examples"] = examples(responses.pop((op_id, status)))
            ok["content"] = {"application/json": media}
        if status == 201:
            ok["headers"] = {"Location": {
                "description": "Where the resource created is read (the sandbox sends it; "
                               "whether Signicat's API does is TO BE CHECKED).",
                "schema": {"type": "string"},
            }}
        if links(op_id):
            ok["links"] = links(op_id)
        op_responses = {str(status): ok}
        errors = [400, 401, 404] + ([409] if op_id == "addAccount" else []) + [429, 503]
        for code in errors:
            op_responses[str(code)] = ref("responses", ERROR_COMPONENT[code])
        op["responses"] = op_responses
        paths.setdefault(e["path"], {})[e["method"]] = op
    if responses:
        sys.exit(f"gen-openapi: samples of no success response: {sorted(responses)}")

    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Signicat MobileID Admin API (as implemented by this project)",
            "version": "0.1.0",
            "description": INFO_DESCRIPTION.strip(),
        },
        "servers": [
            {"url": SIGNICAT_SERVER, "description": "Signicat (the paths are TO BE CHECKED "
                                                    "against Signicat's published "
                                                    "specification)"},
            {"url": SANDBOX_SERVER, "description": "The local sandbox (`mobileid-sandbox`, "
                                                   "default port 8080)"},
        ],
        "security": [{"signicat": []}],
        "tags": [{"name": name, "description": d} for name, d in TAGS],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "signicat": {
                    "type": "oauth2",
                    "description": "A bearer access token from Signicat's OAuth 2.0 server: "
                                   "authorization code grant with PKCE (S256). The sandbox "
                                   "serves the same flow at `/oauth/authorize` and "
                                   "`/oauth/token` (public client `mobileid-console`, scope "
                                   "`mobileid-admin`).",
                    "flows": {"authorizationCode": {
                        "authorizationUrl": AUTHORIZATION_URL,
                        "tokenUrl": TOKEN_URL,
                        "scopes": {"mobileid-admin": "The sandbox's scope for this API (the "
                                                     "scope of Signicat's server is TO BE "
                                                     "CHECKED)."},
                    }},
                },
            },
            "parameters": components,
            "responses": error_responses(account_id_missing),
            "schemas": schemas(dump),
        },
    }


# ---------------------------------------------------------------- YAML

# Strings written without quotes: no character YAML could read otherwise, and none of the words
# YAML 1.1 reads as a boolean or null. Everything else is written as a JSON string.
PLAIN_KEY = re.compile(r"[A-Za-z_$/][A-Za-z0-9_.$/+{}-]*")
PLAIN_VALUE = re.compile(r"[A-Za-z][A-Za-z0-9_./+-]*( [A-Za-z0-9_./+()-]+)*")
RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "~"}


def plain(s, pattern):
    return pattern.fullmatch(s) is not None and s.lower() not in RESERVED


def key(k):
    return k if plain(k, PLAIN_KEY) else json.dumps(k, ensure_ascii=False)


def scalar(v):
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return v if plain(v, PLAIN_VALUE) else json.dumps(v, ensure_ascii=False)


def block_string(s, indent):
    """A multi-line string as a literal block, when it can be one exactly."""
    lines = s.split("\n")
    if s.endswith("\n") or any(l != l.rstrip() or l.startswith(" ") for l in lines):
        return None
    pad = " " * indent
    return "|-\n" + "\n".join(pad + l if l else "" for l in lines)


def emit(value, indent, out, example=False):
    """Appends the entries of a mapping, or the items of a list, at `indent`."""
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            emit_entry(pad + key(k) + ":", v, indent, out, example or k == "value")
    else:
        for item in value:
            if isinstance(item, dict) and item and not example:
                sub = []
                emit(item, indent + 2, sub)
                sub[0] = pad + "- " + sub[0][indent + 2:]
                out.extend(sub)
            else:
                emit_entry(pad + "-", item, indent, out, example)


def emit_entry(head, v, indent, out, example):
    """Appends `head` (`key:` or `-`) and its value."""
    if example and isinstance(v, (dict, list)) and v:
        # A sample, as the JSON of its fixture (a JSON document is YAML too).
        text = json.dumps(v, indent=2, ensure_ascii=False)
        out.append(head + " " + text.replace("\n", "\n" + " " * (indent + 2)))
    elif isinstance(v, (dict, list)) and v:
        out.append(head)
        emit(v, indent + 2, out, example)
    elif isinstance(v, dict):
        out.append(head + " {}")
    elif isinstance(v, list):
        out.append(head + " []")
    elif isinstance(v, str) and "\n" in v and block_string(v, indent + 2):
        out.append(head + " " + block_string(v, indent + 2))
    else:
        out.append(head + " " + scalar(v))


HEADER = """\
# GENERATED by scripts/gen-openapi.py from the contract crate (crates/contract/) and its fixtures:
# do not edit by hand. Regenerate with `python3 scripts/gen-openapi.py`;
# `cargo test -p mobileid-admin-contract --test openapi` checks this file against the code.
"""


def to_yaml(doc):
    out = []
    emit(doc, 0, out)
    return HEADER + "\n".join(out) + "\n"


# ---------------------------------------------------------------- validation


def validate(path):
    """OpenAPI 3.1 structure, and every example against its schema."""
    import yaml
    from jsonschema import Draft202012Validator
    from openapi_spec_validator import validate as validate_spec

    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    validate_spec(doc)

    def deref(node):
        while isinstance(node, dict) and "$ref" in node:
            target = doc
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part]
            node = target
        return node

    def check(schema, value, where):
        s = dict(schema)
        s["components"] = doc["components"]
        s["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        errors = sorted(Draft202012Validator(s, format_checker=Draft202012Validator.FORMAT_CHECKER)
                        .iter_errors(value), key=str)
        for e in errors:
            print(f"{where}: {e.message} at {list(e.absolute_path)}", file=sys.stderr)
        return not errors

    ok = True
    count = 0
    for path_, item in doc["paths"].items():
        for method, op in item.items():
            where = f"{method.upper()} {path_}"
            contents = []
            if "requestBody" in op:
                contents.append(("request", deref(op["requestBody"])["content"]))
            for status, response in op["responses"].items():
                response = deref(response)
                if "content" in response:
                    contents.append((status, response["content"]))
            for param in op.get("parameters", []):
                param = deref(param)
                if "example" in param:
                    count += 1
                    ok &= check(param["schema"], param["example"], f"{where} {param['name']}")
            for place, content in contents:
                for media in content.values():
                    for name, example in media.get("examples", {}).items():
                        count += 1
                        ok &= check(media["schema"], example["value"],
                                    f"{where} {place} example {name}")
    # The examples of the properties are values too.
    for name, s in doc["components"]["schemas"]["Properties"]["properties"].items():
        if "example" in s:
            count += 1
            ok &= check(s, s["example"], f"Properties.{name} example")
    # What the property patterns take and refuse, written out.
    props = doc["components"]["schemas"]["Properties"]["properties"]
    expectations = [
        ("pinCodeLength", ["0", "6", "99999999999", 8], ["-1", "6 ", "six", "", -1, 1.5, True]),
        ("nativePushEnabled", ["true", "false", "maybe", True], [1, None, ["true"]]),
        ("lockScope", ["DEVICE", "USER"], [1, None]),
        ("minimumRequiredEncapApiVersionAndroid", ["3.7.0", "3.21", "", "1.0.0-rc.1"],
         ["3.x", "3", "v3.7.0", "3.7.0.1", 3.7]),
        ("encapApiBlacklistIos", ["3.5.3, 3.6.8", "3.21,3.5.3", ""], ["3.5.3,", "3.5.3, x"]),
        ("geofencingActivationAllowedCountries", ["SE, XK", "NO,SE", "ZZ", ""],
         ["SE,", "SWE", "SE; NO"]),
        ("attestationIosAppAttestAppId", ["some app id", "ABCDE12345.com.example.app"], [1]),
        ("allowedAuthMethods", [["DEVICE", "DEVICE:PASSKEY"], []], ["DEVICE", None, [3]]),
        ("enabledRiskData", [None, ["ALL"]], ["ALL", [None]]),
        ("firebaseServiceAccount", ["QUJD"], [None]),
    ]
    for name, good, bad in expectations:
        for value in good:
            count += 1
            ok &= check(props[name], value, f"Properties.{name} takes {value!r}")
        for value in bad:
            s = dict(props[name])
            s["components"] = doc["components"]
            if Draft202012Validator(s).is_valid(value):
                print(f"Properties.{name} should refuse {value!r}", file=sys.stderr)
                ok = False
    update = doc["components"]["schemas"]["PropertiesUpdate"]
    ok &= check(update, {"futureSetting": {"level": 2}, "lockScope": None,
                         "amountFailuresAllowed": 5}, "PropertiesUpdate")
    if not ok:
        sys.exit("gen-openapi: some examples do not match their schemas")
    print(f"openapi.yaml: valid OpenAPI {doc['openapi']}; {count} examples and property values "
          f"match their schemas")


# ---------------------------------------------------------------- main


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="fail if openapi.yaml differs from what would be written")
    parser.add_argument("--contract", help="a dump of the contract instead of running cargo")
    parser.add_argument("--validate", action="store_true",
                        help="only validate openapi.yaml (structure and examples)")
    args = parser.parse_args()

    if args.validate:
        validate(OUTPUT)
        return
    if args.contract:
        with open(args.contract, encoding="utf-8") as f:
            dump = json.load(f)
    else:
        dump = dump_contract()
    text = to_yaml(build(dump))
    try:
        import yaml  # optional: checks that the YAML reads back as the document
        assert yaml.safe_load(text) == json.loads(json.dumps(build(dump))), "YAML round trip"
    except ImportError:
        pass
    if args.check:
        with open(OUTPUT, encoding="utf-8") as f:
            if f.read() != text:
                sys.exit("gen-openapi: openapi.yaml is not what scripts/gen-openapi.py writes: "
                         "run it")
        print("openapi.yaml is up to date")
        return
    with open(OUTPUT, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(OUTPUT)}")


if __name__ == "__main__":
    main()
