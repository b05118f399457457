"""Every hx-target names an element of the page that carries it (issue 10): a Hapus on Daftar SKP aimed at #panel,
which only Detail SKP has, did nothing with JavaScript on. Walks every GET page of the app as every role, then every
page those pages link to, and every fragment an hx-get loads into them."""

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from tests import test_fuzz
from tests.test_fuzz import url_patterns, urls

# The fuzz test's fixture: a Draft, an approved SKP with periods, a colleague's submitted SKP, the atasan's matrix.
world = test_fuzz.world

NAMESPACES = {"skp", "penilaian", "accounts", "cetak", "harian"}
ROLES = ["pegawai", "atasan", "pegawai_lain", "admin_instansi", "kepala_daerah"]
# htmx attributes whose value is a CSS selector of an element that must be on the page; only "#id" selectors are
# checked ("this", "closest tr", "next .x" are relative to the element and always resolve).
SELECTOR_ATTRS = ("hx-target", "hx-include", "hx-indicator", "hx-disabled-elt")
ID_SELECTOR = re.compile(r"^#([A-Za-z][\w\-:.]*)$")
LOGOUT = reverse("accounts:logout")
# A page links to pages that link to more pages (Bawahan by year and status...): far more than this means the walk
# is generating URLs, and it would rather fail than silently stop checking.
MAX_PAGES = 1500


@dataclass
class Page:
    """What a page says about htmx: the ids it has, the id selectors its hx-* attributes name, its links."""

    ids: set[str] = field(default_factory=set)
    refs: list[tuple[str, str, str]] = field(default_factory=list)  # (attribute, id, the element's start tag)
    links: list[str] = field(default_factory=list)
    hx_gets: list[str] = field(default_factory=list)


class HtmxParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = Page()

    def handle_starttag(self, tag, attrs):
        a = {k.removeprefix("data-"): v or "" for k, v in attrs}
        if a.get("id"):
            self.page.ids.add(a["id"])
        for attr in SELECTOR_ATTRS:
            if match := ID_SELECTOR.match(a.get(attr, "").strip()):
                self.page.refs.append((attr, match[1], self.get_starttag_text()[:160]))
        if tag == "a" and a.get("href"):
            self.page.links.append(a["href"])
        if a.get("hx-get"):
            self.page.hx_gets.append(a["hx-get"])


def parse(html: str) -> Page:
    parser = HtmxParser()
    parser.feed(html)
    parser.close()
    return parser.page


def missing_targets(page: Page, ids: set[str]) -> list[str]:
    return [f'{attr}="#{ident}" on {tag}' for attr, ident, tag in page.refs if ident not in ids]


def app_url(href: str) -> str | None:
    """The path and query of a link to a page of the app (not the admin, not Keluar, not a static file)."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path == LOGOUT:
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.namespace not in NAMESPACES:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def is_html_page(response) -> bool:
    return response.status_code == 200 and response["Content-Type"].startswith("text/html")


def walk(client: Client, start: list[str]):
    """Every page reachable from `start` by following links within the app: (url, html) of each 200 HTML page,
    requested as a plain GET (no HX-Request: the page a user opens, or a link opened in a new tab)."""
    queue = deque(dict.fromkeys(start))
    seen = set(queue)
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if not is_html_page(response):
            continue
        html = response.content.decode()
        yield url, html
        for href in parse(html).links:
            target = app_url(href)
            if target and target not in seen:
                seen.add(target)
                queue.append(target)
        assert len(seen) <= MAX_PAGES, f"the walk reached {len(seen)} URLs: is a page generating links?"


def start_urls(w) -> list[str]:
    return [url for _pattern, url in urls(w, [p for p in url_patterns() if p.namespace in NAMESPACES])]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_walk_covers_every_namespace_and_the_pages_only_links_reach(world):
    """The check below is only as good as its walk: it must open pages of every app, including the standalone
    form pages reached by links (Tambah Lampiran with its ?jenis=, Tambah RHK from a cell of the matrix)."""
    client = logged_in(world.users["pegawai"])
    visited = [url for url, _html in walk(client, start_urls(world))]
    assert {resolve(urlsplit(u).path).namespace for u in visited} == NAMESPACES
    assert any("/lampiran/tambah/?jenis=" in u for u in visited)
    atasan = [url for url, _html in walk(logged_in(world.users["atasan"]), start_urls(world))]
    assert any(resolve(urlsplit(u).path).url_name == "matriks_rhk" for u in atasan)


def test_the_check_finds_a_target_that_is_not_on_the_page():
    page = parse('<div id="panel"></div><form hx-post="/x/" hx-target="#panell"></form><a hx-target="closest tr">')
    assert missing_targets(page, page.ids) == ['hx-target="#panell" on <form hx-post="/x/" hx-target="#panell">']
    assert missing_targets(parse('<b id="panel"></b><i data-hx-target="#panel">'), {"panel"}) == []


@pytest.mark.parametrize("role", ROLES)
def test_every_hx_target_names_an_element_of_the_page_that_carries_it(world, role):
    """Every URL pattern of the app with the ids of real rows, then every page linked from those, opened without
    JavaScript's HX-Request header: an hx-target="#x" with no id="x" on the same page makes the button do nothing."""
    client = logged_in(world.users[role])
    failures = []
    pages = 0
    for url, html in walk(client, start_urls(world)):
        pages += 1
        page = parse(html)
        failures += [f"{url}: {problem}" for problem in missing_targets(page, page.ids)]
    assert pages > 10
    assert failures == [], f"{role}: {len(failures)} hx-* selectors name no element of their page:\n" + "\n".join(
        failures
    )


def test_every_fragment_an_hx_get_loads_targets_its_host_page(world):
    """A fragment loaded into a page (the forms that open in #panel on Detail SKP) is checked against the page it
    lands in, as every role: its own hx-* selectors must name an element of that page or of the fragment itself."""
    failures = []
    fragments = set()
    for role in ROLES:
        client = logged_in(world.users[role])
        for url, html in walk(client, start_urls(world)):
            host = parse(html)
            for hx_get in host.hx_gets:
                if (role, hx_get, url) in fragments or not app_url(hx_get):
                    continue
                fragments.add((role, hx_get, url))
                response = client.get(hx_get, headers={"HX-Request": "true"})
                if response.status_code != 200:
                    continue
                fragment = parse(response.content.decode())
                problems = missing_targets(fragment, host.ids | fragment.ids)
                failures += [f"{role} {hx_get} loaded into {url}: {problem}" for problem in problems]
    assert len(fragments) > 10  # the owner's Draft and the penilai's Edit Status open forms in a panel
    assert failures == [], "\n".join(failures)
