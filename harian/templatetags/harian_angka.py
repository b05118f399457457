"""`{{ value|angka }}`: a quantity as the pages of progres harian write it, the Indonesian way and without trailing
zeros: 5,5 (not 5,50), 10 (not 10,00), 1.200 (a thousand two hundred)."""

from decimal import Decimal, InvalidOperation

from django import template

register = template.Library()


@register.filter
def angka(value) -> str:
    if value is None or value == "":
        return ""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    text = f"{number.normalize():,f}"
    whole, _, frac = text.partition(".")
    whole = whole.replace(",", ".")
    return f"{whole},{frac}" if frac else whole
