#!/usr/bin/env python3
"""Writes the Schemathesis settings (TOML) that let every operation reach a 2xx.

Usage: schemathesis-config.py openapi.yaml CACHE_DIR > schemathesis.toml

Known values are drawn often (Schemathesis dictionaries bound to parameters, in the fuzzing and
stateful phases), so that every operation also gets requests a fresh sandbox can accept:

* each path parameter's example in openapi.yaml, per operation: ids every fresh sandbox seeds
  (crates/sandbox/src/seed.rs), one to read and update, another to delete;
* the account id (query parameter and header, both optional; both at once is refused): the
  empty value (the token's own account), or the operation's example where it has one
  (addAccount: an account not yet onboarded);
* the fields of the request body example named `sandbox` (addApnsToken: a valid test-only
  key, which generated data never is).

The rest stays generated (see PROBABILITY), so invalid and unknown values are still sent; the
examples and coverage phases do not use these values.
"""
import json
import sys

import yaml

ACCOUNT_ID = "signicat-accountid"
# How often a known value is drawn, by where it goes: the account id (query and header, both
# needed for an accepted request) and the fields of a body the sandbox accepts most often.
PROBABILITY = {"path": 0.5, "query": 0.75, "header": 0.75, "body": 0.8}


def main():
    spec, cache = sys.argv[1:3]
    with open(spec) as f:
        doc = yaml.safe_load(f)

    def resolve(node):
        while "$ref" in node:
            target = doc
            for part in node["$ref"][2:].split("/"):
                target = target[part]
            node = target
        return node

    dictionaries, operations = [], []
    for item in doc["paths"].values():
        for op in item.values():
            bindings = {}
            for param in map(resolve, op.get("parameters", [])):
                where, name = param["in"], param["name"]
                if where == "path" and "example" in param:
                    values = [param["example"]]
                elif where in ("query", "header") and name.lower() == ACCOUNT_ID:
                    values = [param.get("example", "")]
                else:
                    continue
                bindings[f"{where}.{name}"] = values
            sandbox = (op.get("requestBody", {}).get("content", {}).get("application/json", {})
                       .get("examples", {}).get("sandbox"))
            for field, value in (resolve(sandbox)["value"] if sandbox else {}).items():
                bindings[f"body.{field}"] = [value]
            if not bindings:
                continue
            op_id = op["operationId"]
            lines = ["[[operations]]", f"include-operation-id = {json.dumps(op_id)}",
                     "[operations.parameters]"]
            for key, values in bindings.items():
                dictionary = f"{op_id}.{key}".replace(".", "-")
                dictionaries.append(f"[dictionaries.{json.dumps(dictionary)}]\n"
                                    f"values = {json.dumps(values)}")
                lines.append(f"{json.dumps(key)} = {{ dictionary = {json.dumps(dictionary)}, "
                             f"probability = {PROBABILITY[key.split('.')[0]]} }}")
            operations.append("\n".join(lines))
    print(f"[cache]\ndirectory = {json.dumps(cache)}\n")
    print("\n\n".join(dictionaries + operations))


if __name__ == "__main__":
    main()
