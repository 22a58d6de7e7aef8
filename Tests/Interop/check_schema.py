"""Validates Feeds/regions.yaml, Feeds/systems.yaml and Feeds/notices/*.yaml against the JSON Schemas in Feeds/,
as an editor with yaml-language-server does while an administrator types; and checks that the
schemas catch the mistakes outagecal validate catches (a typo'd key, a bad kind, no offset).

Usage: check_schema.py FEEDS_DIR
"""
import copy
import json
import pathlib
import sys

import jsonschema
import referencing
import yaml


class NoTimestampLoader(yaml.SafeLoader):
    """YAML 1.2 as editors read it: 2024-12-24 stays a string, as in the schema."""


NoTimestampLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main() -> int:
    feeds = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "Feeds")
    notice_schema = json.loads((feeds / "notice.schema.json").read_text(encoding="utf-8"))
    regions_schema = json.loads((feeds / "regions.schema.json").read_text(encoding="utf-8"))
    registry = referencing.Registry().with_resources([
        ("notice.schema.json", referencing.Resource.from_contents(notice_schema)),
        ("https://outagecal.example/notice.schema.json", referencing.Resource.from_contents(notice_schema)),
    ])
    notice_validator = jsonschema.Draft202012Validator(notice_schema, registry=registry)
    regions_validator = jsonschema.Draft202012Validator(regions_schema, registry=registry)
    systems_validator = jsonschema.Draft202012Validator(
        json.loads((feeds / "systems.schema.json").read_text(encoding="utf-8")), registry=registry)
    site_validator = jsonschema.Draft202012Validator(
        json.loads((feeds / "site.schema.json").read_text(encoding="utf-8")), registry=registry)
    passed = failed = 0

    def check(name: str, validator, document, expect_valid: bool) -> None:
        nonlocal passed, failed
        errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
        ok = (not errors) == expect_valid
        if ok:
            passed += 1
        else:
            failed += 1
            detail = "; ".join(f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors[:3]) or "no error found"
            print(f"FAIL {name}: expected {'valid' if expect_valid else 'invalid'}: {detail}")

    def load(path: pathlib.Path):
        return yaml.load(path.read_text(encoding="utf-8"), Loader=NoTimestampLoader)

    check("regions.yaml", regions_validator, load(feeds / "regions.yaml"), True)
    check("systems.yaml", systems_validator, load(feeds / "systems.yaml"), True)
    if (feeds / "site.yaml").exists():
        check("site.yaml", site_validator, load(feeds / "site.yaml"), True)
    notices = sorted((feeds / "notices").glob("*.yaml"))
    for path in notices:
        check(path.name, notice_validator, load(path), True)

    # The schema must catch what an administrator gets wrong.
    if notices:
        seed = load(feeds / "notices" / "2024-12-network-renewal.yaml") if (feeds / "notices" / "2024-12-network-renewal.yaml").exists() else load(notices[0])
        mistakes = {
            "typo'd key": lambda n: n["windows"][0].update({"tentatve": True}),
            "unknown kind": lambda n: n["windows"][0].update({"kind": "blackout"}),
            "time without offset": lambda n: n["windows"][0].update({"end": "2024-12-31T05:20:00"}),
            "missing start": lambda n: n["windows"][0].pop("start"),
            "revision zero": lambda n: n.update({"revision": 0}),
            "dates and start together": lambda n: n["windows"][0].update({"dates": ["2025-05-05"]}),
            "open_end and end together": lambda n: n["windows"][0].update({"open_end": True}),
            "partial without affects": lambda n: n["windows"][0].update({"kind": "partial"}),
            "old system key": lambda n: n.update({"system": "オンライン資格確認等システム"}),
            "no systems": lambda n: n.pop("systems"),
        }
        for name, mistake in mistakes.items():
            broken = copy.deepcopy(seed)
            mistake(broken)
            check(f"seed notice with {name}", notice_validator, broken, False)

    # And what an editor of systems.yaml gets wrong: every system says when its sources were read.
    systems = load(feeds / "systems.yaml")
    system_mistakes = {
        "a system without checked": lambda d: d["systems"][0].pop("checked"),
        "checked not a date": lambda d: d["systems"][0].update({"checked": "7 Dec 2026"}),
        "until not a date": lambda d: d["systems"][0]["guidance"]["outage"].update({"until": "令和8年3月末"}),
    }
    for name, mistake in system_mistakes.items():
        broken = copy.deepcopy(systems)
        mistake(broken)
        check(f"systems.yaml with {name}", systems_validator, broken, False)
    dated = copy.deepcopy(systems)
    dated["systems"][0]["guidance"]["outage"]["until"] = "2026-03-31"
    check("systems.yaml with until on a text", systems_validator, dated, True)
    if notices:
        broken = copy.deepcopy(seed)
        broken["guidance"]["outage"]["until"] = "2026-03-31"
        check("seed notice with until (systems.yaml only)", notice_validator, broken, False)

    # sources.yaml, what `outagecal watch` reads: the bundled one, and what an editor gets wrong.
    if (feeds / "sources.yaml").exists():
        sources_validator = jsonschema.Draft202012Validator(
            json.loads((feeds / "sources.schema.json").read_text(encoding="utf-8")), registry=registry)
        sources = load(feeds / "sources.yaml")
        check("sources.yaml", sources_validator, sources, True)
        source_mistakes = {
            "neither url nor mail": lambda d: d["sources"][0].pop("url"),
            "url and mail": lambda d: d["sources"][0].update({"mail": "/m"}),
            "unknown shape": lambda d: d["sources"][0].update({"shape": "rss"}),
            "typo'd key": lambda d: d["sources"][0].update({"systms": ["onshi"]}),
            "no systems": lambda d: d["sources"][0].pop("systems"),
            "ftp address": lambda d: d["sources"][0].update({"url": "ftp://example.jp/"}),
        }
        for name, mistake in source_mistakes.items():
            broken = copy.deepcopy(sources)
            mistake(broken)
            check(f"sources.yaml with {name}", sources_validator, broken, False)

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
