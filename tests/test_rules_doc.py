"""docs/rules.md stays true: every section the code cites exists, every "Enforced in" name is real code, and no
comment sends a maintainer to a document that is not in the repository."""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
SOURCES = [
    path
    for folder in (
        "accounts",
        "skp",
        "penilaian",
        "harian",
        "laporan",
        "api",
        "core",
        "ekinerja",
        "templates",
        "tests",
        "benchmarks",
    )
    for path in sorted((ROOT / folder).rglob("*"))
    if path.suffix in (".py", ".html") and path.name != Path(__file__).name
]
SECTIONS = set(re.findall(r"^## (§\d+)\b", RULES, re.M)) | set(re.findall(r"^\*\*(§\d+\.\d+)\b", RULES, re.M))
CITATION = re.compile(r"docs/rules\.md ((?:§\d+(?:\.\d+)?(?:[–-]§\d+(?:\.\d+)?)?(?:, | to | and )?)+)")


def cited_sections(text: str) -> set[str]:
    return {s for match in CITATION.finditer(text) for s in re.findall(r"§\d+(?:\.\d+)?", match.group(1))}


def resolve(dotted: str):
    """The object a dotted path names (module, then attributes), or None."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for attribute in parts[split:]:
            obj = getattr(obj, attribute, None)
            if obj is None:
                return None
        return obj
    return None


def test_the_code_cites_rules_docs_sections_that_exist():
    missing = {
        f"{path.relative_to(ROOT)}: {section}"
        for path in SOURCES
        for section in cited_sections(path.read_text(encoding="utf-8"))
        if section not in SECTIONS
    }
    assert not missing, sorted(missing)


def test_the_code_cites_rules_docs_at_all():
    assert sum(bool(cited_sections(path.read_text(encoding="utf-8"))) for path in SOURCES) > 30


@pytest.mark.parametrize(
    ("text", "sections"),
    [
        ("(docs/rules.md §7.3)", {"§7.3"}),
        ("docs/rules.md §8.2–§8.6", {"§8.2", "§8.6"}),
        ("docs/rules.md §10.1, §10.3–§10.4", {"§10.1", "§10.3", "§10.4"}),
        ("Rules: docs/rules.md §5 to §9", {"§5", "§9"}),
        ("no citation here §4.1", set()),
    ],
)
def test_citations_are_read_with_their_ranges_and_lists(text, sections):
    assert cited_sections(text) == sections


@pytest.mark.django_db
def test_every_enforced_in_name_is_real_code():
    names = set(re.findall(r"`((?:accounts|skp|penilaian|harian|laporan|api|core|ekinerja)(?:\.[A-Za-z_]+)+)`", RULES))
    assert len(names) > 50
    assert sorted(name for name in names if resolve(name) is None) == []


def test_no_comment_points_to_a_document_outside_the_repository():
    old_tags = re.compile(r"\bDOMAIN(?:\.md)? ?§|\[(?:MAN22|BLL24|FAQ|DES)\b|\bMAN22\b|\bBLL24\b")
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in SOURCES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if old_tags.search(line)
    ]
    assert found == []
