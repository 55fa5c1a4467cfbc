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

The stderr section may be omitted (then stderr is not compared). Lines starting with `#` are
comments (say what the case shows and check a few numbers by hand: `# hand check: …`). An
optional `cwd: <dir>` line runs the case in that folder; by default every case runs in the
repository root, wherever the runner was started from, so paths in cases are relative to it.
The binary runs with LC_ALL=C.UTF-8 and CARBONLEDGER_DATA set to the repository's data/ as a
path relative to the case's folder, so output does not depend on where the checkout lives. A case also fails when its output shows a crash
(sanitizer report, `terminate called`, an assertion), whatever the expected text says.

`--update` rewrites the expected sections from the actual output, to be reviewed as a diff.
The run fails if a sub-command or option listed by `--help` has no case that uses it, by its long
or short name (the meta-check of ledger's CheckBaselineTests.py). The last line printed is always
"N passed, M failed".
"""
import argparse
import difflib
import os
import pathlib
import re
import shlex
import subprocess
import sys


def parse_case(path):
    text = path.read_text(encoding="utf-8")
    header, _, rest = text.partition("--- stdout\n")
    args = re.search(r"^args:[ \t]*(.*)$", header, re.M)
    code = re.search(r"^exit:[ \t]*(\d+)$", header, re.M)
    cwd = re.search(r"^cwd:[ \t]*(.*?)[ \t]*$", header, re.M)
    if not args or not code:
        raise ValueError(f"{path}: needs 'args:' and 'exit:' lines")
    stdout, sep, stderr = rest.partition("--- stderr\n")
    return {
        "header": header,
        "args": shlex.split(args.group(1)),
        "exit": int(code.group(1)),
        "cwd": cwd.group(1) if cwd else None,
        "stdout": stdout,
        "stderr": stderr if sep else None,
    }


REPO = pathlib.Path(__file__).resolve().parents[2]
CRASH_MARKERS = ("Sanitizer", "terminate called", "Assertion", "stack trace", "Stack trace",
                 "Segmentation fault", "core dumped", "runtime error:")


def run(binary, args, cwd=REPO):
    # The factor data as a path relative to the case's folder ("data" from the repository root).
    data = os.path.relpath(REPO / "data", cwd)
    env = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8", CARBONLEDGER_DATA=data)
    env.pop("LANGUAGE", None)
    try:
        proc = subprocess.run([binary] + args, capture_output=True, env=env, timeout=120, cwd=cwd)
    except subprocess.TimeoutExpired:
        return -1, "", "TIMEOUT after 120 s\n"
    decode = lambda data: data.decode("utf-8", errors="replace")
    return proc.returncode, decode(proc.stdout), decode(proc.stderr)


def help_surface(binary, path=(), valued=None):
    """Every sub-command path and its options, read from CLI11's --help.

    CLI11 2.1 prints `Options:` lines such as `  -o,--output TEXT  write to …` or
    `  --keep-draws  …`, then `Subcommands:` lines such as `  compute  totals by …`. Returns
    {path: {long option: {long, short…}}}; --help and the positionals are left out. Names of
    options that take a value (a TYPE such as TEXT or UINT follows them) go into `valued`.
    """
    _, out, _ = run(binary, list(path) + ["--help"])
    options = {}
    section = None
    subcommands = []
    for line in out.splitlines():
        if re.match(r"^[A-Z][A-Za-z ]*:\s*$", line):
            section = line.strip().rstrip(":")
            continue
        if section == "Options":
            match = re.match(r"^\s+((?:-[A-Za-z0-9],)*)(--[a-z][a-z0-9-]*)( [A-Z]+)?", line)
            if match and match.group(2) != "--help":
                names = {match.group(2)}
                names |= {name for name in match.group(1).split(",") if name}
                options[match.group(2)] = names
                if match.group(3) and valued is not None:
                    valued |= names
        elif section == "Subcommands":
            match = re.match(r"^\s{2}([a-z][a-z0-9-]*)(\s|$)", line)
            if match:
                subcommands.append(match.group(1))
    surface = {path: options}
    for name in subcommands:
        surface.update(help_surface(binary, path + (name,), valued))
    return surface


def words_and_flags(args, valued):
    """The sub-command words and positionals of a case, and the option names it uses."""
    words, flags = [], set()
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg.startswith("-") and len(arg) > 1:
            name = arg.split("=")[0]
            flags.add(name)
            skip = "=" not in arg and name in valued
        else:
            words.append(arg)
    return tuple(words), frozenset(flags)


def crash_marker(text):
    return next((marker for marker in CRASH_MARKERS if marker in text), None)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", required=True)
    parser.add_argument("--cases", required=True)
    parser.add_argument("--update", action="store_true")
    opts = parser.parse_args()
    binary = str(pathlib.Path(opts.bin).resolve())
    cases = sorted(pathlib.Path(opts.cases).resolve().rglob("*.test"))
    failed = 0
    used = set()
    valued = set()
    surface = help_surface(binary, (), valued)
    for path in cases:
        try:
            case = parse_case(path)
        except ValueError as error:
            failed += 1
            print(f"FAIL {error}")
            continue
        cwd = REPO / case["cwd"] if case["cwd"] else REPO
        code, out, err = run(binary, case["args"], cwd)
        used.add(words_and_flags(case["args"], valued))
        marker = crash_marker(out + err)
        if marker or code not in (0, 1, 2):  # a signal, 70 (unexpected exception), sanitizer exit
            failed += 1
            print(f"FAIL {path}: crashed or internal error (exit {code}, {marker or 'no marker'})")
            print("stderr was:\n" + err[-4000:])
            continue
        if opts.update:
            header = re.sub(r"^exit:[ \t]*\d+$", f"exit: {code}", case["header"], flags=re.M)
            body = header + "--- stdout\n" + out
            if case["stderr"] is not None:
                body += "--- stderr\n" + err
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
                sys.stdout.writelines(difflib.unified_diff(
                    case["stdout"].splitlines(True), out.splitlines(True), "expected", "actual", n=2))
            if case["stderr"] is not None and err != case["stderr"]:
                print("stderr was:\n" + err)
    # Meta-check: every sub-command and option appears in some case.
    missing = []
    if len(surface) < 2:
        missing.append("(could not read the sub-commands from --help)")
    for path, options in surface.items():
        if not path:
            continue
        runs = [flags for words, flags in used if tuple(words[: len(path)]) == path]
        if not runs:
            missing.append(" ".join(path))
            continue
        for option, names in sorted(options.items()):
            if not any(names & flags for flags in runs):
                missing.append(" ".join(path) + " " + option)
    top_flags = set().union(*[flags for _, flags in used]) if used else set()
    for option, names in sorted(surface.get((), {}).items()):
        if not names & top_flags:
            missing.append(option)
    for item in missing:
        print(f"MISSING golden case for: {item}")
    total = len(cases)
    passed = total - failed
    print(f"{passed} passed, {failed + len(missing)} failed")
    return 0 if failed == 0 and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
