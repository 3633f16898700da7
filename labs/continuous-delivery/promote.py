#!/usr/bin/env python3
"""Move an image digest from one environment's overlay to the next, never a tag, never a rebuild.

    promote.py staging --digest sha256:<64 hex>   put the digest CI published into staging
    promote.py production                         copy the digest staging runs into production

Staging takes digests from CI. Production takes only the digest the staging overlay pins at that
moment: a tag, a malformed digest or a digest staging does not run is refused. With
--kube-context, the script also asks the cluster whether staging's Rollout is healthy and fully
on that digest, because Git says what staging should run, not whether it worked.

The script edits deploy/overlays/<environment>/kustomization.yaml and prints the git commands that
turn the change into a pull request; it never commits or pushes. Exit codes: 0 changed or nothing
to do, 1 refused, 2 wrong usage or an unreadable overlay. Python 3.11+, standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ENVIRONMENTS = ("staging", "production")
# Where each environment gets its digest from. Staging's comes from CI, so it has no source.
SOURCE = {"production": "staging"}
# The image name the base's Rollout uses; each overlay maps it to newName@digest.
IMAGE = "todo-api"
# The Rollout to ask about with --kube-context.
ROLLOUT = "todo-api"
DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
PLACEHOLDER = "sha256:" + "0" * 64


class Refused(Exception):
    """The promotion breaks a rule: the message says which."""


class Unusable(Exception):
    """The overlay or the environment cannot be read as expected."""


@dataclass
class Overlay:
    path: Path
    namespace: str
    new_name: str
    digest: str | None
    digest_line: int | None
    lines: list[str]


def short(digest: str) -> str:
    return digest[: len("sha256:") + 12]


def read_overlay(deploy_dir: Path, environment: str) -> Overlay:
    """Reads the namespace and the todo-api entry of `images:` from an overlay's kustomization.yaml.

    A line-based reader for the overlays of this lab, so the file keeps its comments when the
    digest line is rewritten; it is not a general YAML parser.
    """
    path = deploy_dir / "overlays" / environment / "kustomization.yaml"
    try:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    except OSError as error:
        raise Unusable(f"cannot read the {environment} overlay: {error}") from error
    namespace = None
    in_images = False
    entries: list[dict[str, tuple[str, int]]] = []
    for index, line in enumerate(lines):
        text = line.split("#", 1)[0].rstrip()
        if not text.strip():
            continue
        if not line[0].isspace():
            in_images = text == "images:"
            match = re.fullmatch(r"namespace:\s*(\S+)", text)
            if match:
                namespace = match.group(1)
            continue
        if in_images:
            match = re.fullmatch(r"\s*(-\s+)?([A-Za-z]+):\s*(.*)", text)
            if not match:
                raise Unusable(f"{path}:{index + 1}: cannot read this line of images:")
            if match.group(1) or not entries:
                entries.append({})
            entries[-1][match.group(2)] = (match.group(3).strip().strip("\"'"), index)
    entry = next((e for e in entries if e.get("name", ("",))[0] == IMAGE), None)
    if namespace is None:
        raise Unusable(f"{path}: no top-level namespace:")
    if entry is None or "newName" not in entry:
        raise Unusable(f"{path}: no images: entry with name: {IMAGE} and a newName:")
    digest, digest_line = entry.get("digest", (None, None))
    if digest is None and "newTag" in entry:
        raise Refused(f"the {environment} overlay pins the tag {entry['newTag'][0]!r}, not a digest: "
                      f"a tag can point at other bytes tomorrow; pin digest: sha256:... instead")
    return Overlay(path, namespace, entry["newName"][0], digest, digest_line, lines)


def check_digest(value: str, image_name: str) -> str:
    """Returns the sha256:... digest in `value`, or refuses it with the reason."""
    reference = value.strip()
    if "@" in reference:
        name, _, reference = reference.partition("@")
        if name != image_name:
            raise Refused(f"{value!r} names the image {name!r}, but the overlays run {image_name!r}")
    if not reference.startswith("sha256:"):
        raise Refused(f"{value!r} is a tag or a name, not a digest: a tag can be moved to other bytes "
                      f"after staging tested it. Promote the digest: sha256: and 64 hex characters")
    if not DIGEST.fullmatch(reference):
        raise Refused(f"{value!r} is not a well-formed digest: expected sha256: and 64 lowercase hex "
                      f"characters, got {len(reference) - len('sha256:')} characters after sha256:")
    if reference == PLACEHOLDER:
        raise Refused(f"{short(reference)}… is the lab's placeholder, not an image: "
                      f"set staging to a digest CI published first")
    return reference


def staging_history(overlay: Overlay, digest: str) -> list[str]:
    """Commits that added or removed `digest` in the overlay file, newest first, if it is in Git."""
    git = shutil.which("git")
    if git is None:
        return []
    result = subprocess.run(
        [git, "log", "--format=%h %cs", "-S", digest, "--", overlay.path.name],
        cwd=overlay.path.parent, capture_output=True, text=True, check=False,
    )
    return result.stdout.split("\n")[:-1] if result.returncode == 0 else []


def check_cluster(context: str, overlay: Overlay, digest: str) -> str:
    """Refuses unless the source environment's Rollout is healthy and fully on `digest`."""
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        raise Unusable("--kube-context needs kubectl on the PATH")
    result = subprocess.run(
        [kubectl, "--context", context, "--namespace", overlay.namespace, "get", "rollout", ROLLOUT, "--output", "json"],
        capture_output=True, text=True, check=False,
    )
    if result.returncode != 0:
        raise Unusable(f"kubectl could not read rollout/{ROLLOUT} in {overlay.namespace}: {result.stderr.strip()}")
    rollout = json.loads(result.stdout)
    status = rollout.get("status", {})
    images = [c.get("image", "") for c in rollout.get("spec", {}).get("template", {}).get("spec", {}).get("containers", [])]
    where = f"rollout/{ROLLOUT} in {overlay.namespace}"
    if not any(image.endswith(f"@{digest}") for image in images):
        raise Refused(f"{where} is not on {short(digest)}… yet (it runs {', '.join(images) or 'nothing'}): "
                      f"wait until Argo CD has synced the overlay")
    phase = status.get("phase", "Unknown")
    if status.get("abort") or phase != "Healthy":
        reason = status.get("message") or "no message"
        raise Refused(f"{where} is {phase} ({reason}): staging did not run {short(digest)}… successfully")
    if status.get("stableRS") != status.get("currentPodHash"):
        raise Refused(f"{where} is still rolling out {short(digest)}…: promote once its canary is complete")
    return f"{where} is Healthy and fully on {short(digest)}…"


def write_overlay(overlay: Overlay, digest: str) -> None:
    assert overlay.digest_line is not None
    line = overlay.lines[overlay.digest_line]
    overlay.lines[overlay.digest_line] = re.sub(r"(digest:\s*)[\"']?[^\s\"'#]+[\"']?", lambda m: m.group(1) + digest, line, count=1)
    overlay.path.write_text("".join(overlay.lines), encoding="utf-8")


def display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:
        return str(path)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="promote.py",
        description="Copy an image digest into an environment's overlay: from CI into staging, "
                    "or from staging into production. Refuses tags, malformed digests and digests "
                    "staging does not run. Prints the git commands for the pull request.",
        epilog="examples:\n"
               "  promote.py staging --digest sha256:3f5c...   (the digest from the CI run's summary)\n"
               "  promote.py production\n"
               "  promote.py production --kube-context kind-handbook-cd",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("environment", choices=ENVIRONMENTS, help="the environment whose overlay changes")
    parser.add_argument("--digest", help="sha256:<64 hex> (or IMAGE@sha256:...). Required for staging; "
                                         "for production it must be the digest staging runs")
    parser.add_argument("--deploy-dir", type=Path, default=Path(__file__).resolve().parent / "deploy",
                        help="the folder with overlays/ (default: deploy/ next to this script)")
    parser.add_argument("--kube-context", metavar="CONTEXT",
                        help="also check with kubectl that staging's Rollout is Healthy on the digest")
    parser.add_argument("--dry-run", action="store_true", help="check and report, change nothing")
    parser.add_argument("--github-output", type=Path, metavar="FILE",
                        help="append changed, branch, title, file, digest and previous as key=value "
                             "lines (pass $GITHUB_OUTPUT in a workflow)")
    args = parser.parse_args(argv)
    if args.environment == "staging" and not args.digest:
        parser.error("staging takes its digest from CI: pass --digest sha256:...")
    if args.environment == "staging" and args.kube_context:
        parser.error("--kube-context checks the environment a digest comes from; staging's comes from CI")
    return args


def promote(args: argparse.Namespace) -> int:
    target = read_overlay(args.deploy_dir, args.environment)
    source_env = SOURCE.get(args.environment)
    if source_env is None:
        digest = check_digest(args.digest, target.new_name)
        print(f"promote: CI published {target.new_name}@{digest}")
    else:
        source = read_overlay(args.deploy_dir, source_env)
        if source.digest is None:
            raise Refused(f"the {source_env} overlay pins no digest")
        if source.new_name != target.new_name:
            raise Refused(f"{source_env} runs {source.new_name} but {args.environment} runs {target.new_name}: "
                          f"a promotion moves one image, it does not switch images")
        running = check_digest(source.digest, source.new_name)
        digest = running
        if args.digest:
            wanted = check_digest(args.digest, target.new_name)
            if wanted != running:
                history = staging_history(source, wanted)
                if history:
                    raise Refused(f"{source_env} ran {short(wanted)}… before (commits {', '.join(history)}) "
                                  f"but runs {short(running)}… now: promote what {source_env} runs today")
                raise Refused(f"{source_env} has never run {short(wanted)}…: "
                              f"promote it to {source_env} first, and let its canary pass there")
        print(f"promote: {source_env} runs {source.new_name}@{digest}")
        if args.kube_context:
            print(f"promote: {check_cluster(args.kube_context, source, digest)}")

    if target.digest_line is None:
        raise Unusable(f"{target.path}: the {IMAGE} entry has no digest: line to update")
    previous = target.digest or "none"
    changed = previous != digest
    branch = f"promote/{args.environment}-{digest[len('sha256:'):][:12]}"
    title = f"Promote {IMAGE} {short(digest)} to {args.environment}"
    file = display(target.path)
    if not changed:
        print(f"promote: {args.environment} already runs {short(digest)}…: nothing to do")
    elif args.dry_run:
        print(f"promote: {args.environment}: {short(previous)}… -> {short(digest)}… (dry run, nothing written)")
    else:
        write_overlay(target, digest)
        print(f"promote: {args.environment}: {short(previous)}… -> {short(digest)}…")
        print(f"promote: updated {file}")
        print()
        print("Commit it on a branch and open a pull request:")
        print(f"  git switch -c {branch}")
        print(f"  git commit -m \"{title}\" -- {file}")
        print(f"  git push -u origin {branch}")
        print("  gh pr create --base main --fill")
    if args.github_output:
        with args.github_output.open("a", encoding="utf-8") as out:
            out.write(f"changed={'true' if changed and not args.dry_run else 'false'}\n")
            out.write(f"branch={branch}\ntitle={title}\nfile={file}\ndigest={digest}\nprevious={previous}\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return promote(args)
    except Refused as error:
        print(f"promote: refused: {error}", file=sys.stderr)
        return 1
    except Unusable as error:
        print(f"promote: error: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
