"""Our own messages, not the browser's (issue 10): a form that the browser would check by itself (a `required`
field) carries `novalidate`, so the user sees the server's Indonesian message beside the field instead of the
browser's bubble in the browser's language, and the typed text comes back with it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "templates"
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.S)


def forms_with_checks():
    for path in sorted(ROOT.rglob("*.html")):
        if "admin" in path.parts or "pdf" in path.parts:
            continue
        for match in FORM.finditer(path.read_text(encoding="utf-8")):
            body = match.group(0)
            if "required" in body or "_form_fields.html" in body or "{{ field }}" in body:
                yield path.relative_to(ROOT), body


def test_the_walk_finds_forms_with_checks():
    assert len(list(forms_with_checks())) >= 10


def test_every_form_the_browser_would_check_leaves_the_checking_to_the_server():
    missing = [f"{path}: {body[:80]}" for path, body in forms_with_checks() if "novalidate" not in body.split(">")[0]]
    assert not missing, missing
