"""Whether two names' legal forms name different kinds of legal person: an AG and a GmbH of one
group are two companies; an OAO is an OJSC; 有限公司 is a "Co., Ltd."."""

from __future__ import annotations

from rightscreen.names.chinese import has_han, latin_legal_forms

__all__ = ["form_key", "forms_differ"]

# Russian joint-stock and limited-liability forms and their English equivalents are one form
# each: an OAO is an OJSC, an OOO an LLC.
_FORM_FAMILIES = {"ao": "jsc", "oao": "jsc", "zao": "jsc", "pao": "jsc", "ojsc": "jsc",
                  "cjsc": "jsc", "pjsc": "jsc", "jsc": "jsc", "ooo": "llc", "llc": "llc"}


def forms_differ(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two names' legal forms name different kinds of legal person. Chinese forms against
    Latin ones differ only when a Latin form is none that renders them (有限公司 is "Co., Ltd."
    or "Corp", not "GmbH"): names_zh.yaml `legal_forms_latin`."""
    for chinese, latin in ((a, b), (b, a)):
        if all(has_han(f) for f in chinese) and not any(has_han(f) for f in latin):
            renderings = latin_legal_forms(chinese)
            return renderings is not None and not set(latin) <= renderings
    return form_key(a) != form_key(b)


def form_key(forms: tuple[str, ...]) -> str:
    # "coltd" from rigour and "co" + "ltd" from the trailing words are one legal form.
    families = {_FORM_FAMILIES[f] for f in forms if f in _FORM_FAMILIES}
    rest = "".join(f for f in forms if f not in _FORM_FAMILIES)
    return ",".join(sorted(families)) + ":" + "".join(sorted(rest))
