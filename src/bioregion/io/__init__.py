"""File import (CSV, XLSX, JSON templates) and export (tables and networks).

The names below are imported from their modules on first use (PEP 562), so that
``import bioregion.io`` (and the command line, which imports it) stays cheap: the
importer's numerical libraries load only when something is imported or exported.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bioregion.io._atomic import atomic_write
    from bioregion.io.export import TABLE_FORMATS, export_tables
    from bioregion.io.importer import ImportReport, import_files, read_dataset
    from bioregion.io.network_export import (
        NETWORK_FORMATS,
        NetworkTable,
        export_network,
        network_format,
        network_graph,
        network_paths,
        network_table,
        write_network,
        write_pajek,
    )
    from bioregion.io.templates import TEMPLATES, Template, template
    from bioregion.io.ucinet import write_dl
    from bioregion.io.vosviewer import write_vosviewer

#: Public name -> the module of this package that defines it.
_MODULES = {
    "NETWORK_FORMATS": "network_export",
    "TABLE_FORMATS": "export",
    "TEMPLATES": "templates",
    "ImportReport": "importer",
    "NetworkTable": "network_export",
    "Template": "templates",
    "atomic_write": "_atomic",
    "export_network": "network_export",
    "export_tables": "export",
    "import_files": "importer",
    "network_format": "network_export",
    "network_graph": "network_export",
    "network_paths": "network_export",
    "network_table": "network_export",
    "read_dataset": "importer",
    "template": "templates",
    "write_dl": "ucinet",
    "write_network": "network_export",
    "write_pajek": "network_export",
    "write_vosviewer": "vosviewer",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use."""
    if name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "NETWORK_FORMATS",
    "TABLE_FORMATS",
    "TEMPLATES",
    "ImportReport",
    "NetworkTable",
    "Template",
    "atomic_write",
    "export_network",
    "export_tables",
    "import_files",
    "network_format",
    "network_graph",
    "network_paths",
    "network_table",
    "read_dataset",
    "template",
    "write_dl",
    "write_network",
    "write_pajek",
    "write_vosviewer",
]
