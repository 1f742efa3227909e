"""Runs data-to-insight's CIN census validator (csc-validator-be-cin) on a CIN census XML file and prints
a JSON summary: every rule run, and the issues found per rule, split into errors and queries.

Usage: python3 scripts/validate-cin.py --validator DIR --ruleset cin2025_26 FILE.xml
DIR is a checkout of csc-validator-be-cin (it is not an npm or Debian package, so the project cannot install
it; see the README). Needs Debian's python3-pandas and python3-click.
"""
import argparse
import importlib
import json
import sys
import xml.etree.ElementTree as ET

parser = argparse.ArgumentParser()
parser.add_argument("--validator", required=True)
parser.add_argument("--ruleset", default="cin2025_26")
parser.add_argument("file")
args = parser.parse_args()
sys.path.insert(0, args.validator)

from cin_validator import cin_validator  # noqa: E402

root = ET.parse(args.file).getroot()
data = cin_validator.process_data(cin_validator.convert_data(root))
registry = getattr(importlib.import_module(f"cin_validator.rules.{args.ruleset}"), "registry")
validator = cin_validator.CinValidator(data, registry)
kinds = {str(rule.code): rule.rule_type.name for _, rule in registry.items()}
messages = {str(rule.code): str(rule.message) for _, rule in registry.items()}

issues = {}
for frame in (validator.full_issue_df, getattr(validator, "multichild_issues", None)):
    if frame is None or len(frame) == 0:
        continue
    for code, group in frame.groupby("rule_code"):
        children = set(group["child_id"]) if "child_id" in group else set()
        entry = issues.setdefault(str(code), {"type": kinds.get(str(code), "?"), "message": messages.get(str(code), ""), "locations": 0, "children": set()})
        entry["locations"] += len(group)
        entry["children"] |= {str(c) for c in children}

summary = {
    "ruleset": args.ruleset,
    "rules_run": len(kinds),
    "error_rules": sum(1 for k in kinds.values() if k == "ERROR"),
    "query_rules": sum(1 for k in kinds.values() if k == "QUERY"),
    "children": len(data["ChildIdentifiers"]),
    "errors": sum(e["locations"] for e in issues.values() if e["type"] == "ERROR"),
    "queries": sum(e["locations"] for e in issues.values() if e["type"] != "ERROR"),
    "issues": {code: {**e, "children": len(e["children"]), "examples": sorted(e["children"])[:5]} for code, e in sorted(issues.items())},
}
print(json.dumps(summary, indent=2))
