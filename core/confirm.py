"""Ask first before a delete (issue 10: nothing happens by accident). With JavaScript the button's htmx
`hx-confirm` has already asked; a plain form POST without `yakin=1` gets a confirmation page whose button posts
the same form again with it."""

from django.shortcuts import render


def confirmed(request) -> bool:
    return bool(getattr(request, "htmx", False)) or request.POST.get("yakin") == "1"


def confirm_page(request, *, title: str, pertanyaan: str, tombol: str, kembali: str):
    """The confirmation page: `pertanyaan` says what goes and what stays; its form posts to this same URL the
    fields of the request (a version, for instance) with `yakin=1`."""
    fields = [(k, v) for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "yakin")]
    context = {"title": title, "pertanyaan": pertanyaan, "tombol": tombol, "kembali": kembali, "fields": fields}
    return render(request, "konfirmasi.html", context)
