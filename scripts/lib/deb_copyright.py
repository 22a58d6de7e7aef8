#!/usr/bin/env python3
"""Writes the Debian copyright file (DEP-5) of the outagecal package to standard output.

    deb_copyright.py TEMPLATE YEAR CHECKOUTS_DIR PACKAGE_RESOLVED SWIFT_LICENSE

TEMPLATE is packaging/copyright.in (its @YEAR@ replaced). Then one paragraph for the Swift
runtime and standard library (SWIFT_LICENSE: the toolchain's usr/share/swift/LICENSE.txt, for
its Runtime Library Exception) and one for each Swift package in PACKAGE_RESOLVED, read from its
checkout in CHECKOUTS_DIR: the licence (Apache-2.0 or Expat, anything else stops the build so
that a person looks at it), copyright lines from LICENSE/NOTICE, and the NOTICE text, which
Apache-2.0 section 4(d) asks to be passed on. Standard-library only, so it runs anywhere.
"""
import json
import os
import re
import sys


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def first_file(directory, names):
    for entry in sorted(os.listdir(directory)):
        if entry.lower().split(".")[0] in names and os.path.isfile(os.path.join(directory, entry)):
            return os.path.join(directory, entry)
    return None


def field_text(text):
    """A multi-line field value: each line indented by one space, empty lines as ' .'."""
    lines = [line.rstrip() for line in text.strip("\n").splitlines()]
    lines = [line for i, line in enumerate(lines) if line.strip() or (i > 0 and lines[i - 1].strip())]
    return "\n".join(" " + line if line.strip() else " ." for line in lines)


def main():
    template, year, checkouts, resolved, swift_license = sys.argv[1:6]
    out = [read(template).replace("@YEAR@", year).rstrip("\n")]

    exception = read(swift_license)
    marker = exception.find("## Runtime Library Exception")
    if marker < 0:
        sys.exit(f"deb_copyright: no Runtime Library Exception in {swift_license}")
    out.append(
        "Files: " + os.path.dirname(os.path.dirname(os.path.dirname(swift_license))) + "/lib/swift_static/*\n"
        "Copyright: Apple Inc. and the Swift project authors\n"
        "License: Apache-2.0 with Swift-exception\n"
        "Comment: The Swift runtime, standard library, Foundation (with the ICU data of\n"
        " swift-foundation-icu, under the Unicode licence) and Dispatch, linked\n"
        " statically (swift build --static-swift-stdlib).\n"
        " .\n" + field_text(exception[marker:])
    )

    licences = set()
    pins = json.loads(read(resolved))["pins"]
    for pin in sorted(pins, key=lambda p: p["identity"]):
        directory = next(
            (os.path.join(checkouts, d) for d in os.listdir(checkouts) if d.lower() == pin["identity"].lower()),
            None,
        )
        if directory is None:
            sys.exit(f"deb_copyright: no checkout of {pin['identity']} in {checkouts}")
        licence_file = first_file(directory, {"license", "licence", "copying"})
        if licence_file is None:
            sys.exit(f"deb_copyright: {pin['identity']} has no licence file")
        licence_text = read(licence_file)
        notice_file = first_file(directory, {"notice"})
        notice = read(notice_file) if notice_file else ""
        if "Apache License" in licence_text and "Version 2.0" in licence_text:
            licence = "Apache-2.0"
        elif "Permission is hereby granted, free of charge" in licence_text:
            licence = "Expat"
            expat_text = licence_text[licence_text.find("Permission is hereby granted"):]
        else:
            sys.exit(f"deb_copyright: unknown licence in {licence_file}; add it to scripts/lib/deb_copyright.py")
        licences.add(licence)
        holders = []
        for line in (licence_text + "\n" + notice).splitlines():
            match = re.match(r"\s*Copyright\s+(?:\(c\)\s*|©\s*)?(\d{4}.*)$", line, re.IGNORECASE)
            if match and match.group(1).strip() not in holders:
                holders.append(match.group(1).strip())
        if not holders:
            holders = [f"The {pin['identity']} authors"]
        version = pin["state"].get("version") or pin["state"].get("revision", "")[:12]
        paragraph = (
            f"Files: {os.path.normpath(checkouts)}/{os.path.basename(directory)}/*\n"
            f"Copyright: {holders[0]}\n" + "".join(f" {h}\n" for h in holders[1:]) +
            f"License: {licence}\n"
            f"Comment: {pin['location']} {version}"
        )
        if notice.strip():
            paragraph += "\n .\n NOTICE:\n .\n" + field_text(notice)
        out.append(paragraph)

    out.append(
        "License: Apache-2.0\n"
        " On Debian systems the full text of the Apache License, Version 2.0 is in\n"
        " /usr/share/common-licenses/Apache-2.0."
    )
    out.append(
        "License: Apache-2.0 with Swift-exception\n"
        " The Apache License, Version 2.0 (/usr/share/common-licenses/Apache-2.0) with\n"
        " the Runtime Library Exception quoted above."
    )
    if "Expat" in licences:
        out.append("License: Expat\n" + field_text(expat_text))
    print("\n\n".join(out))


if __name__ == "__main__":
    main()
