#!/usr/bin/env python3
"""Writes outagecal(1), in man(7) roff, to standard output, from the binary's own help.

    deb_manpage.py BINARY VERSION DATE

The command list comes from `BINARY --experimental-dump-help` (swift-argument-parser's JSON);
each subcommand's section is its `--help` text, verbatim. swift-argument-parser's own
generate-manual tool is not used: it drops every non-ASCII character (String+Escaping.swift,
`where character.isASCII`), and the help texts hold Japanese (福岡県, 【中止】…).
"""
import json
import os
import subprocess
import sys


def roff_text(text):
    """Text for no-fill mode: backslashes escaped, control characters at line start defused."""
    lines = []
    for line in text.rstrip("\n").splitlines():
        line = line.replace("\\", "\\e")
        if line.startswith((".", "'")):
            line = "\\&" + line
        lines.append(line)
    return "\n".join(lines)


def quote(text):
    return '"' + text.replace("\\", "\\e").replace('"', '\\(dq') + '"'


def help_text(binary, *args):
    env = dict(os.environ, COLUMNS="78")
    return subprocess.run([binary, *args, "--help"], check=True, capture_output=True, text=True, env=env).stdout


def main():
    binary, version, date = sys.argv[1:4]
    dump = json.loads(subprocess.run([binary, "--experimental-dump-help"], check=True, capture_output=True, text=True).stdout)
    command = dump["command"]
    name = command["commandName"]
    out = [
        f'.TH {name.upper()} 1 {quote(date)} {quote(name + " " + version)} "User Commands"',
        ".SH NAME",
        f"{name} \\- {command['abstract'].rstrip('.')}",
        ".SH SYNOPSIS",
        f".B {name}",
        ".I subcommand",
        ".RI [ options ]",
        ".br",
        f".B {name}",
        ".RB [ \\-\\-version | \\-\\-help ]",
        ".SH DESCRIPTION",
        ".nf",
        roff_text(help_text(binary)),
        ".fi",
        ".SH COMMANDS",
    ]
    for sub in command.get("subcommands", []):
        if sub["commandName"] == "help" or not sub.get("shouldDisplay", True):
            continue
        title = " ".join([name, sub["commandName"]] + [f"({alias})" for alias in sub.get("aliases") or []])
        out += [f".SS {quote(title)}", ".nf", roff_text(help_text(binary, sub["commandName"])), ".fi"]
    out += [
        ".SH SEE ALSO",
        "/usr/share/doc/outagecal/README.staff.md.gz (for reception staff and the person who sets up the PC),",
        ".UR https://github.com/outagecal/outagecal#readme",
        "the README",
        ".UE .",
    ]
    print("\n".join(out))


if __name__ == "__main__":
    main()
