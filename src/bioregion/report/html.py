"""HTML building blocks of the report: escaping, tables, figures and the page.

Everything is inline: the CSS (screen and print), the figures (base64 PNG ``data:`` URIs),
so that ``report.html`` reads offline and prints. Every text that comes from data goes
through :func:`esc`.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pandas as pd


def esc(value: object) -> str:
    """HTML-escape any value (``None`` and NaN as the empty string)."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return html.escape(str(value), quote=True)


def _cell(value: object) -> str:
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
) -> str:
    """An escaped HTML table of a DataFrame (the first ``max_rows`` rows, with a note)."""
    data = frame.reset_index() if index else frame
    shown = data if max_rows is None else data.head(max_rows)
    numeric = (
        set(numeric)
        if numeric is not None
        else set(data.select_dtypes("number").columns.astype(str))
    )
    head = "".join(
        f"<th{' class=num' if str(c) in numeric else ''}>{esc(c)}</th>" for c in shown.columns
    )
    rows = []
    for values in shown.itertuples(index=False, name=None):
        cells = "".join(
            f"<td{' class=num' if str(c) in numeric else ''}>{esc(_cell(v))}</td>"
            for c, v in zip(shown.columns, values, strict=True)
        )
        rows.append(f"<tr>{cells}</tr>")
    note = ""
    if len(shown) < len(data):
        note = f" (first {len(shown)} of {len(data)} rows)"
    cap = f"<caption>{esc(caption)}{esc(note)}</caption>" if caption or note else ""
    if not rows:
        return f'<p class="empty">{esc(caption)}: no rows.</p>' if caption else ""
    return (
        f'<div class="tablewrap"><table>{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure(uri: str, alt: str, caption: str = "") -> str:
    """A figure with an embedded image (``uri`` must be a ``data:`` URI)."""
    if not uri.startswith("data:"):
        raise ValueError("report figures must be embedded data: URIs")
    cap = f"<figcaption>{esc(caption)}</figcaption>" if caption else ""
    return f'<figure><img src="{uri}" alt="{esc(alt)}">{cap}</figure>'


def para(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def bullets(items: Sequence[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(i)}</li>" for i in items) + "</ul>"


@dataclass
class Fragment:
    """What a section renders: its HTML body, the figures in it and plain-text findings."""

    body: str
    findings: list[str] = field(default_factory=list)
    figures: int = 0


CSS = """
:root { --ink:#1d2430; --muted:#5b6472; --line:#d8dde5; --accent:#1f6f8b; --bg:#fbfcfd; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--ink); background: var(--bg); margin: 0; }
header.top { background: var(--accent); color: #fff; padding: 1.2rem 2rem 1rem; }
header.top h1 { margin: 0 0 .2rem; font-size: 1.7rem; }
header.top p { margin: 0; opacity: .9; }
nav.toc { padding: .5rem 2rem; border-bottom: 1px solid var(--line); background: #fff;
          font-size: .9rem; display: flex; flex-wrap: wrap; gap: .2rem 1.1rem; }
nav.toc a { color: var(--accent); text-decoration: none; white-space: nowrap; }
main { max-width: 1180px; margin: 0 auto; padding: 0 2rem 2rem; }
section { padding: 1rem 0 1.2rem; border-bottom: 1px solid var(--line); }
h2 { color: var(--accent); margin: .6rem 0 .5rem; font-size: 1.35rem; }
h3 { margin: 1rem 0 .4rem; font-size: 1.05rem; }
ul.findings li { margin: .25rem 0; }
figure { margin: .8rem 0; text-align: center; }
figure img { max-width: 100%; height: auto; border: 1px solid var(--line); background: #fff; }
figcaption { color: var(--muted); font-size: .85rem; margin-top: .3rem; }
.tablewrap { overflow-x: auto; margin: .6rem 0; }
table { border-collapse: collapse; font-size: .84rem; background: #fff; }
caption { text-align: left; color: var(--muted); padding: .2rem 0; font-size: .85rem; }
th, td { border: 1px solid var(--line); padding: .2rem .45rem; vertical-align: top; }
th { background: #eef2f6; text-align: left; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.missing { color: #8a4b00; background: #fff6e6; border-left: 4px solid #e0a040;
           padding: .4rem .8rem; }
.empty { color: var(--muted); }
.methods dt { font-weight: 600; margin-top: .6rem; }
.methods dd { margin: .2rem 0 .6rem 1rem; white-space: pre-wrap; font-size: .88rem; }
.provenance ol { font-size: .8rem; columns: 2; column-gap: 2rem; }
.provenance a { color: var(--accent); word-break: break-all; }
footer { max-width: 1180px; margin: 0 auto; padding: 1rem 2rem 2rem; color: var(--muted);
         font-size: .82rem; }
footer code { word-break: break-all; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  header.top { background: #fff; color: #000; border-bottom: 2px solid #000; padding: 0 0 .5rem; }
  nav.toc { display: none; }
  main, footer { max-width: none; padding: 0; }
  section { break-inside: auto; border: 0; }
  h2 { break-after: avoid; color: #000; }
  figure, table, tr { break-inside: avoid; }
  figure img { max-height: 22cm; border: 0; }
  .tablewrap { overflow: visible; }
  .provenance ol { columns: 1; }
  a { color: #000; text-decoration: none; }
}
"""


def page(title: str, subtitle: str, sections: list[tuple[str, str, str]], footer: str) -> str:
    """The whole document: ``sections`` are ``(id, heading, body html)``."""
    toc = "".join(f'<a href="#{esc(i)}">{esc(h)}</a>' for i, h, _ in sections)
    body = "\n".join(
        f'<section id="{esc(i)}">\n<h2>{esc(h)}</h2>\n{b}\n</section>' for i, h, b in sections
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n"
        f'<header class="top"><h1>{esc(title)}</h1><p>{esc(subtitle)}</p></header>\n'
        f'<nav class="toc">{toc}</nav>\n<main>\n{body}\n</main>\n'
        '<footer><section id="reproducibility">\n<h2>Reproducibility</h2>\n'
        f"{footer}\n</section></footer>\n</body>\n</html>\n"
    )
