#!/usr/bin/env python3
"""Run the training pipeline on this machine with KFP's local runner: no cluster, no Docker.

    python run_local.py                                  # one run, default parameters
    python run_local.py --param min_f1=0.99              # the gate rejects the model
    python run_local.py --param n_estimators=50 --cache  # reuse unchanged steps of earlier runs

kfp.local runs each step of pipeline.py as a subprocess of this Python interpreter, after
installing the step's packages_to_install, and writes every artifact under --output
(local_outputs/ by default). Pipelines with dsl.If / dsl.Else need KFP SDK 2.16 or later;
--cache needs 2.17 or later. requirements.txt pins a version that has both.

What a local run leaves out, by design: the UI, lineage, schedules, the step's base_image (the
code runs on your Python, not in python:3.13.16-slim-trixie) and resource requests and limits.
It is the fast check before a run on the cluster, not a replacement for it.
"""

from __future__ import annotations

import argparse
import sys

from kfp import local

from pipeline import training_pipeline
from submit import parse_params


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                        help="pipeline parameter, repeatable")
    parser.add_argument("--output", default="local_outputs", help="where artifacts go (default local_outputs)")
    parser.add_argument("--cache", action="store_true",
                        help="reuse outputs of earlier local runs whose step and inputs are unchanged")
    args = parser.parse_args()

    arguments = parse_params(parser, args.param)

    # SubprocessRunner runs the lightweight components without containers. use_venv=False installs
    # their packages into this virtual environment once, instead of building a fresh environment
    # for every step of every run; the lab's .venv is already isolated from the rest of your system.
    local.init(
        runner=local.SubprocessRunner(use_venv=False),
        pipeline_root=args.output,
        enable_caching=args.cache,
    )
    try:
        training_pipeline(**arguments)
    except RuntimeError as error:  # raised when a step fails; KFP has already printed its log
        print(f"local run failed: {error}", file=sys.stderr)
        return 1
    print(f"local run finished; artifacts are under {args.output}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
