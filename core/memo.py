"""`{% memo %}`: a template fragment rendered once per process for each set of values it varies on (issue 8).

base.html's header (the brand link, the menu with its reversed URLs and current item, the logout form's action) and
its stylesheet and htmx tags are the same on every page for the same page name and user flags. Django's
`{% cache %}` kept them in the local-memory cache, which costs more than rendering some of them: an md5 of the key,
a key check character by character, a lock and an unpickling on every hit (≈ 0.07 ms per fragment, measured in
docs/performance.md). A memo keeps the rendered text in a dict on the compiled template's node, which the cached
template loader keeps for the life of the process.

    {% load memo %}
    {% memo request.resolver_match.view_name user.is_staff %}…{% endmemo %}

Only for text that is the same for everyone with the same values and never changes while the process runs (no
user's data, no CSRF token, no database rows): such text belongs outside the memo.
"""

from django import template

register = template.Library()

# A bound on the entries of one fragment: each set of values is a page name and a few flags, so a few hundred at
# most; past this the memo starts over rather than grow (a value that should not have been there).
MAX_ENTRIES = 1000


class MemoNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist, self.vary_on = nodelist, vary_on
        self.rendered: dict[tuple, str] = {}

    def render(self, context):
        key = tuple(value.resolve(context) for value in self.vary_on)
        try:
            return self.rendered[key]
        except KeyError:
            pass
        text = self.nodelist.render(context)
        if len(self.rendered) >= MAX_ENTRIES:
            self.rendered = {}
        self.rendered[key] = text  # two threads may both render it once: the same text
        return text


@register.tag
def memo(parser, token):
    """{% memo value … %}…{% endmemo %}: the enclosed text, rendered once per process for each tuple of values."""
    nodelist = parser.parse(("endmemo",))
    parser.delete_first_token()
    return MemoNode(nodelist, [parser.compile_filter(bit) for bit in token.split_contents()[1:]])
