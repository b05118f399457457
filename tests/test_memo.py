"""core.memo (`{% memo %}`): base.html's header is rendered once per process for each page name and menu flags, and
never carries one user's data to another (issue 8)."""

import re

import pytest
from django.template import Context, Engine

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENGINE = Engine(libraries={"memo": "core.memo"})


def test_rendered_once_for_each_set_of_values():
    template = ENGINE.from_string("{% load memo %}{% memo page %}{{ page }}:{{ calls }}{% endmemo %}")
    calls = iter(range(100))
    context = lambda page: Context({"page": page, "calls": lambda: next(calls)})  # noqa: E731
    assert template.render(context("a")) == "a:0"
    assert template.render(context("a")) == "a:0"  # from the memo: not rendered again
    assert template.render(context("b")) == "b:1"
    assert template.render(context("a")) == "a:0"


def test_the_header_shows_each_user_their_own_name_and_token_and_the_current_page(client):
    """Two users with the same menu flags get the same memoised header, with their own name and CSRF token beside
    it; the current menu item follows the page."""
    first, second = UserFactory(nama="Pertama Satu"), UserFactory(nama="Kedua Dua")
    pages = {}
    for user in (first, second, first):
        client.force_login(user)
        for url in ("/", "/skp/"):
            page = client.get(url).content.decode()
            header = page[page.index('<header class="site-header">') : page.index("</header>")]
            assert f'<span class="who">{user.nama}</span>' in header
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', header).group(1)
            assert token in page[: page.index("<header")]  # the same token in hx-headers
            current = re.search(r'<a href="([^"]+)" aria-current="page">', header).group(1)
            assert current == url
            pages.setdefault(url, set()).add(header.split('<input type="hidden" name="csrfmiddlewaretoken"')[0])
        client.logout()
    assert all(len(headers) == 1 for headers in pages.values())  # the memoised part is the same for everyone
