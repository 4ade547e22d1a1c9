"""HTML building blocks of the report: tables, figures, paragraphs and the page.

The HTML comes from the Jinja2 templates in ``bioregion/report/templates`` (package data)
with autoescaping on: every value from the data is escaped by the template engine, and
only the :class:`~markupsafe.Markup` that the macros return is inserted as HTML.
Everything is inline: the CSS (screen and print), the figures (base64 PNG ``data:``
URIs), so that ``report.html`` reads offline and prints.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bioregion.errors import ArgumentError


@cache
def environment() -> Environment:
    """The Jinja2 environment of the report's templates (autoescaping on)."""
    return Environment(
        loader=PackageLoader("bioregion.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def _macro(name: str) -> Any:
    return getattr(environment().get_template("macros.html.j2").module, name)


def join(parts: Iterable[Markup | str], separator: str = "\n") -> Markup:
    """Join fragments; plain strings among them are escaped, Markup is kept."""
    return Markup(separator).join(parts)


def cell_text(value: object) -> str:
    """The text of a table cell: numbers to 3 significant digits, lists joined by ``;``."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        if value.is_integer() and abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, list | tuple | set | frozenset):
        return "; ".join(map(str, value))
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def table(
    frame: pd.DataFrame,
    *,
    max_rows: int | None = 25,
    caption: str = "",
    index: bool = False,
    numeric: Iterable[str] | None = None,
) -> Markup:
    """An HTML table of a DataFrame (the first ``max_rows`` rows, with a note)."""
    data = frame.reset_index() if index else frame
    shown = data if max_rows is None else data.head(max_rows)
    numeric = (
        set(numeric)
        if numeric is not None
        else set(data.select_dtypes("number").columns.astype(str))
    )
    flags = [str(c) in numeric for c in shown.columns]
    rows = [
        [(cell_text(v), flag) for v, flag in zip(values, flags, strict=True)]
        for values in shown.itertuples(index=False, name=None)
    ]
    note = f" (first {len(shown)} of {len(data)} rows)" if len(shown) < len(data) else ""
    columns = [(str(c), flag) for c, flag in zip(shown.columns, flags, strict=True)]
    return _macro("table")(columns, rows, caption, note)


def figure(uri: str, alt: str, caption: str = "") -> Markup:
    """A figure with an embedded image (``uri`` must be a ``data:`` URI)."""
    if not uri.startswith("data:"):
        raise ArgumentError("report figures must be embedded data: URIs")
    return _macro("figure")(uri, alt, caption)


def para(text: str, class_: str = "") -> Markup:
    """A paragraph of plain text."""
    return _macro("paragraph")(text, class_)


def heading(text: str) -> Markup:
    """A sub-heading (``h3``) inside a section."""
    return _macro("heading")(text)


def bullets(items: Sequence[str], class_: str = "") -> Markup:
    """A bulleted list of plain-text items."""
    return _macro("bullets")(list(items), class_)


def methods_list(entries: Sequence[tuple[str, str, str]]) -> Markup:
    """The methods as a definition list of ``(prefix, code name, text)``."""
    return _macro("methods")(list(entries))


def sources_list(items: Sequence[dict[str, object]]) -> Markup:
    """The numbered list of sources (``url``, ``label``, ``meta``, ``facts``, ``id``)."""
    return _macro("sources")(list(items))


def facts_list(rows: Sequence[tuple[str, str]]) -> Markup:
    """A definition list of ``(term, value)``, the values as code (the footer)."""
    return _macro("facts")(list(rows))


@dataclass
class Fragment:
    """What a section renders: its HTML body, the figures in it and plain-text findings."""

    body: Markup
    findings: list[str] = field(default_factory=list)
    figures: int = 0


@dataclass(frozen=True)
class Section:
    """A rendered section of the page."""

    id: str
    heading: str
    body: Markup


def page(title: str, subtitle: str, sections: Sequence[Section], footer: Markup) -> str:
    """The whole document from the page template."""
    template = environment().get_template("page.html.j2")
    return template.render(title=title, subtitle=subtitle, sections=sections, footer=footer)
