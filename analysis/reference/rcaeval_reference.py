#!/usr/bin/env python3
"""The outside oracle of issue #15: RCAEval's own BARO and N-Sigma (the `RCAEval` package, 1.8.1) on cases exported in
RCAEval's layout, for analysis/reference/compare.ts to hold our TypeScript rankers against.

    python rcaeval_reference.py [--dataset NAME] [--methods baro,nsigma] CASE_DIR...
    python rcaeval_reference.py --check

Each CASE_DIR holds `data.csv` (a `time` column in unix seconds, then one column per `<service>_<metric>`, an empty cell
is a gap) and `inject_time.txt` (unix seconds). Prints one JSON object per line and method:
    {"case": CASE_DIR, "method": "baro", "ranks": ["cartservice_cpu", ...]}   (RCAEval's `ranks`, best first)
    {"case": CASE_DIR, "method": "baro", "error": "ValueError: ..."}           (the method raised)
`--check` only imports the package and prints the versions it runs with.

Python rather than TypeScript because the oracle *is* the Python package: nothing here ranks anything, it only loads a
case the way RCAEval's own scripts do and calls `baro(data, inject_time, dataset)` / `nsigma(data, inject_time,
dataset)` (RCAEval/e2e/baro.py and RCAEval/e2e/__init__.py).

Two choices, both stated because they shape what RCAEval sees:
  * `dataset` must not be None: RCAEval's `preprocess` does nothing at all without a dataset name, so the `time` column
    would be scored as a metric (and, growing past inject_time, rank near the top). Any name other than
    "causalrca-sock-shop" gives the same preprocessing (drop the `time` column, drop columns constant within the part,
    bytes -> MB for `*_mem`); the default is "online-boutique".
  * data.csv is read with float_precision="round_trip", so every value is the exact double our exporter printed (pandas'
    default fast parser can be one ulp off, which would make near-ties differ for a reason that is not the method's).
"""
import argparse
import importlib
import json
import os
import sys
import types
import warnings

warnings.filterwarnings("ignore")


def import_rcaeval():
    """RCAEval's baro and nsigma, and the names of the modules stubbed to get them (empty when none).

    RCAEval 1.8.1's `RCAEval/e2e/__init__.py` imports every method module on Python 3.10, 3.12 and 3.14 but skips those
    whose dependencies are missing; on any other version (3.11 is this project's) it imports `rcd`, `mmrcd` and `torai`
    unconditionally, which pulls matplotlib, networkx, causal-learn and torch. BARO and N-Sigma use none of them, so
    when that import fails the three modules are registered as empty stubs (their functions raise if called) and the
    import is retried: the code of baro and nsigma is RCAEval's, untouched.
    """
    try:
        e2e = importlib.import_module("RCAEval.e2e")
        baro_module = importlib.import_module("RCAEval.e2e.baro")
        return baro_module.baro, e2e.nsigma, []
    except ImportError:
        pass
    stubbed = []
    for name in ("rcd", "mmrcd", "torai"):
        full = f"RCAEval.e2e.{name}"
        stub = types.ModuleType(full)

        def unavailable(*_args, _name=name, **_kwargs):
            raise RuntimeError(f"RCAEval.e2e.{_name} is a stub in the reference venv (its dependencies are not installed)")

        setattr(stub, name, unavailable)
        sys.modules[full] = stub
        stubbed.append(full)
    e2e = importlib.import_module("RCAEval.e2e")
    baro_module = importlib.import_module("RCAEval.e2e.baro")
    return baro_module.baro, e2e.nsigma, stubbed


def read_inject_time(path):
    text = open(path, encoding="utf-8").read().strip()
    value = float(text)
    # RCAEval's own scripts read an int; keep an int when the file holds one so the comparison `time < inject_time` is
    # between integers, as there.
    return int(value) if value.is_integer() and "." not in text else value


def versions(stubbed):
    from importlib.metadata import version

    out = {"python": sys.version.split()[0], "stubbed": stubbed}
    for dist in ("RCAEval", "numpy", "pandas", "scikit-learn"):
        try:
            out[dist] = version(dist)
        except Exception:  # noqa: BLE001 - report, do not fail the check on a missing metadata entry
            out[dist] = None
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset", default="online-boutique", help="RCAEval dataset name (not None: see the file comment)")
    parser.add_argument("--methods", default="baro,nsigma")
    parser.add_argument("--check", action="store_true", help="import RCAEval and print the versions, nothing else")
    parser.add_argument("cases", nargs="*")
    args = parser.parse_args(argv)

    baro, nsigma, stubbed = import_rcaeval()
    if args.check:
        print(json.dumps(versions(stubbed)))
        return 0

    import pandas as pd

    methods = {"baro": baro, "nsigma": nsigma}
    wanted = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = [m for m in wanted if m not in methods]
    if unknown:
        parser.error(f"unknown method(s) {unknown}; known: {sorted(methods)}")

    for case in args.cases:
        try:
            data = pd.read_csv(os.path.join(case, "data.csv"), float_precision="round_trip")
            inject_time = read_inject_time(os.path.join(case, "inject_time.txt"))
        except Exception as e:  # noqa: BLE001 - one unreadable case must not stop the others
            for m in wanted:
                print(json.dumps({"case": case, "method": m, "error": f"{type(e).__name__}: {e}"}), flush=True)
            continue
        for m in wanted:
            try:
                out = methods[m](data=data.copy(), inject_time=inject_time, dataset=args.dataset)
                ranks = [str(r) for r in out["ranks"]]
                print(json.dumps({"case": case, "method": m, "ranks": ranks}), flush=True)
            except Exception as e:  # noqa: BLE001
                print(json.dumps({"case": case, "method": m, "error": f"{type(e).__name__}: {e}"}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
