"""PDF rendering: one render_pdf(template, context) with WeasyPrint; it can read our static files and nothing else."""

import gc
import mimetypes
from pathlib import PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in print templates ({% static %} gives "/static/...") resolve against this base. The .invalid
# top-level domain never resolves, so even a bug in the fetcher could not turn this into a network request.
BASE_URL = "https://pdf.ekinerja.invalid/"


class StaticFilesFetcher(URLFetcher):
    """Serves files found by the staticfiles finders under STATIC_URL and refuses every other URL.

    A template (or text typed by a user and rendered into one) that names http://…, file:///… or data the
    server can reach otherwise gets nothing: WeasyPrint logs the refusal and leaves the resource out.
    """

    def fetch(self, url, headers=None):
        prefix = urljoin(BASE_URL, settings.STATIC_URL)
        if not url.startswith(prefix):
            raise ValueError(f"Only static files can be used in a PDF, not {url[:100]}")
        relative = unquote(urlsplit(url).path[len(urlsplit(prefix).path) :])
        parts = PurePosixPath(relative).parts
        if not relative or relative.startswith("/") or ".." in parts or "\\" in relative:
            raise ValueError(f"Not a static file path: {relative[:100]}")
        found = finders.find(relative)
        if not found:
            raise ValueError(f"Static file not found: {relative[:100]}")
        content_type = mimetypes.guess_type(found)[0] or "application/octet-stream"
        with open(found, "rb") as fh:
            body = fh.read()
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def render_pdf(template_name: str, context: dict, *, request=None) -> bytes:
    """Render a print template (templates/<app>/pdf/*.html) to PDF bytes.

    A4 is WeasyPrint's default page size; templates still say `@page { size: A4 }` and set their margins."""
    html = render_to_string(template_name, context, request=request)
    # WeasyPrint allocates hundreds of thousands of objects, which sets off several full garbage collections
    # per render; paused, the render of a 6-page SKP takes ~0.35 s instead of ~0.45 s with spikes to 0.6 s
    # (benchmarks/cetak_skp.py) and peak memory is unchanged. A render that finds it already paused by another
    # thread leaves resuming it to that one.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher()).write_pdf()
    finally:
        if was_enabled:
            gc.enable()
