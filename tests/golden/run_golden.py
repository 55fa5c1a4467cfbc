#!/usr/bin/env python3
"""Golden tests for the carbonledger CLI (after ledger's test/baseline).

Each case is a file golden/cli/<subcommand>/<case>.test:

    # what this case shows
    args: inventory compute data/demo/fastener-2024.yaml --format csv
    exit: 0
    --- stdout
    <expected standard output>
    --- stderr
    <expected standard error>

The stderr section may be omitted (then stderr is not compared). Paths are relative to the
repository root. `--update` rewrites the expected sections from the actual output, to be
reviewed as a diff. The run fails if a sub-command or option listed by `--help` has no case that
uses it (the meta-check of ledger's CheckBaselineTests.py).
"""
import argparse
import os
import pathlib
import re
import shlex
import subprocess
import sys


def parse_case(path):
    text = path.read_text(encoding="utf-8")
    header, _, rest = text.partition("--- stdout\n")
    args = re.search(r"^args:\s*(.*)$", header, re.M)
    code = re.search(r"^exit:\s*(\d+)$", header, re.M)
    if not args or not code:
        raise SystemExit(f"{path}: needs 'args:' and 'exit:' lines")
    stdout, sep, stderr = rest.partition("--- stderr\n")
    return {
        "header": header,
        "args": shlex.split(args.group(1)),
        "exit": int(code.group(1)),
        "stdout": stdout,
        "stderr": stderr if sep else None,
    }


def run(binary, args):
    env = dict(os.environ, LC_ALL="C.UTF-8")
    proc = subprocess.run([binary] + args, capture_output=True, text=True, env=env, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def help_surface(binary, path=()):
    """Every sub-command path and its long options, read from --help."""
    _, out, _ = run(binary, list(path) + ["--help"])
    surface = {}
    options = set(re.findall(r"^\s+(?:-\w,)?(--[a-z][a-z0-9-]*)", out, re.M))
    options -= {"--help"}
    surface[path] = options
    sub = out.split("Subcommands:", 1)
    if len(sub) == 2:
        for name in re.findall(r"^\s{2}([a-z][a-z0-9-]*)\s", sub[1], re.M):
            surface.update(help_surface(binary, path + (name,)))
    return surface


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--update", action="store_true")
    opts = parser.parse_args()
    cases = sorted(pathlib.Path(opts.cases).rglob("*.test"))
    failed = 0
    used = set()
    for path in cases:
        case = parse_case(path)
        code, out, err = run(opts.bin, case["args"])
        words = [a for a in case["args"] if not a.startswith("-")]
        flags = {a.split("=")[0] for a in case["args"] if a.startswith("--")}
        used.add((tuple(words), frozenset(flags)))
        if opts.update:
            body = case["header"] + "--- stdout\n" + out
            if case["stderr"] is not None:
                body += "--- stderr\n" + err
            body = re.sub(r"^exit:\s*\d+$", f"exit: {code}", body, flags=re.M)
            path.write_text(body, encoding="utf-8")
            continue
        problems = []
        if code != case["exit"]:
            problems.append(f"exit {code}, expected {case['exit']}")
        if out != case["stdout"]:
            problems.append("stdout differs")
        if case["stderr"] is not None and err != case["stderr"]:
            problems.append("stderr differs")
        if problems:
            failed += 1
            print(f"FAIL {path}: {', '.join(problems)}")
            if out != case["stdout"]:
                import difflib
                sys.stdout.writelines(difflib.unified_diff(
                    case["stdout"].splitlines(True), out.splitlines(True), "expected", "actual", n=2))
            if case["stderr"] is not None and err != case["stderr"]:
                print("stderr was:\n" + err)
    # Meta-check: every sub-command and option appears in some case.
    missing = []
    for path, options in help_surface(opts.bin).items():
        if not path:
            continue
        runs = [flags for words, flags in used if tuple(words[: len(path)]) == path]
        if not runs:
            missing.append(" ".join(path))
            continue
        for option in sorted(options):
            if option in ("--version", "--data") and len(path) > 0:
                pass
            if not any(option in flags for flags in runs):
                missing.append(" ".join(path) + " " + option)
    top_flags = set().union(*[flags for _, flags in used]) if used else set()
    for option in ("--version", "--data"):
        if option not in top_flags:
            missing.append(option)
    for item in missing:
        print(f"MISSING golden case for: {item}")
    total = len(cases)
    passed = total - failed
    print(f"{passed} passed, {failed + len(missing)} failed")
    return 0 if failed == 0 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
