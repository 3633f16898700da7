#!/usr/bin/env python3
# /// script
# requires-python = ">=3.10"
# dependencies = ["boto3"]
# ///
"""List EC2 instances without an owner tag, in one region or in every enabled region. Read-only.

Credentials come from the AWS SDK's standard chain: environment variables, a profile in
~/.aws/config (IAM Identity Center sign-in included), or the role of the container or instance
this runs on. Never from this file, never from its arguments.

    aws sso login --profile sandbox
    uv run untagged_instances.py --profile sandbox --region eu-central-1
    uv run untagged_instances.py --profile sandbox --region eu-central-1 --all-regions

`uv run` reads the dependency block above (PEP 723) and installs boto3 into a throwaway
environment; without uv, `python3 -m pip install boto3` in a virtual environment does the same.

Exit codes: 0 no untagged instance, 1 untagged instances found (so CI or cron can alert),
2 an AWS error such as missing credentials, a missing permission or no region.
"""

from __future__ import annotations

import argparse
import logging
import sys

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

log = logging.getLogger("untagged-instances")

# "standard" retry mode retries throttling and transient errors with exponential backoff.
RETRIES = Config(retries={"mode": "standard", "max_attempts": 5})
LIVE_STATES = ["pending", "running", "stopping", "stopped"]


def untagged_in_region(session: boto3.Session, region: str, tag: str) -> list[dict[str, str]]:
    ec2 = session.client("ec2", region_name=region, config=RETRIES)
    found = []
    # One call returns at most one page; the paginator follows NextToken for you.
    pages = ec2.get_paginator("describe_instances").paginate(
        Filters=[{"Name": "instance-state-name", "Values": LIVE_STATES}]
    )
    for page in pages:
        for reservation in page["Reservations"]:
            for instance in reservation["Instances"]:
                tags = {t["Key"]: t["Value"] for t in instance.get("Tags", [])}
                if tag not in tags:
                    found.append(
                        {
                            "region": region,
                            "id": instance["InstanceId"],
                            "type": instance["InstanceType"],
                            "state": instance["State"]["Name"],
                            "name": tags.get("Name", "-"),
                        }
                    )
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="List EC2 instances that lack a tag.")
    parser.add_argument("--profile", help="AWS profile to use (default: the standard credential chain)")
    parser.add_argument("--region", help="region to check (default: the profile's or AWS_REGION)")
    parser.add_argument("--all-regions", action="store_true", help="check every region enabled for the account")
    parser.add_argument("--tag", default="owner", help="tag key every instance must have (default: owner)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")

    try:
        session = boto3.Session(profile_name=args.profile, region_name=args.region)
        account = session.client("sts", config=RETRIES).get_caller_identity()["Account"]
        log.info("account %s", account)  # say where you are before you look around
        if args.all_regions:
            regions = [r["RegionName"] for r in session.client("ec2", config=RETRIES).describe_regions()["Regions"]]
        elif session.region_name:
            regions = [session.region_name]
        else:
            log.error("no region: pass --region or set one in your profile")
            return 2
        found = [item for region in regions for item in untagged_in_region(session, region, args.tag)]
    except (BotoCoreError, ClientError) as err:
        log.error("%s", err)
        return 2

    for item in found:
        print("{region}\t{id}\t{type}\t{state}\t{name}".format(**item))
    log.info("%d instance(s) without the tag %r in %d region(s)", len(found), args.tag, len(regions))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
