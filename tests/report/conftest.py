"""A small store for report tests that need no Belgian data: NBFs of Flanders and
Wallonia, a university, pharma abroad, a few dated ties (2003-2012), and an actor whose
name is an HTML script."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bioregion.io import import_files
from bioregion.store import Store

EVIL = "<script>alert(1)</script>"

SOURCES = """id,url,title,publisher,published,accessed,licence,notes
src,https://example.org/deals,Deals,Example,2013,,,
"""

ACTORS = f"""id,name,kind,tags,founded,country,nuts,sources
alpha,Alpha Bio,biotech_firm,nbf;red_biotech,2001,BE,BE211,src
evil,"{EVIL}",biotech_firm,nbf;red_biotech,2002,BE,BE234,src
gamma,Gamma Therapeutics,biotech_firm,nbf;red_biotech,1999,BE,BE242,src
ugent,Ghent University,university,,1817,BE,BE234,src
walbio,Wal Bio,biotech_firm,nbf;red_biotech,2000,BE,BE331,src
uliege,University of Liege,university,,1817,BE,BE332,src
pharma,Big Pharma Inc,pharma,big_pharma,1900,US,,src
pharma2,Other Pharma AG,pharma,,1950,CH,,src
"""

TIES = """id,kind,source,target,start,sources
ugent-evil,spin_off,ugent,evil,2002,src
evil-pharma,licence,evil,pharma,2005,src
alpha-pharma,rd_collaboration,alpha,pharma,2006,src
alpha-pharma2,licence,alpha,pharma2,2008,src
evil-pharma2,rd_collaboration,evil,pharma2,2009,src
gamma-ugent,rd_collaboration,gamma,ugent,2007,src
pharma-alpha,acquisition,pharma,alpha,2011,src
walbio-pharma,licence,walbio,pharma,2007,src
uliege-walbio,spin_off,uliege,walbio,2000,src
walbio-uliege,rd_collaboration,walbio,uliege,2010,src
"""


def make_store(folder: Path, ties: str | None = TIES) -> Store:
    """An in-memory store of the small dataset (``ties=None``: actors only)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {"sources.csv": SOURCES, "actors.csv": ACTORS}
    if ties is not None:
        files["ties.csv"] = ties + "\n"
    paths = []
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        paths.append(folder / name)
    store = Store.open(":memory:", create=True)
    import_files(store, paths)
    return store


@pytest.fixture
def small_store(tmp_path: Path) -> Iterator[Callable[..., Store]]:
    """A factory of small stores, closed after the test."""
    opened: list[Store] = []

    def factory(ties: str | None = TIES) -> Store:
        store = make_store(tmp_path / f"data{len(opened)}", ties)
        opened.append(store)
        return store

    yield factory
    for store in opened:
        store.close()
