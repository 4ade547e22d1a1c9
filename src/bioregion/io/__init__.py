"""File import (CSV, XLSX, JSON templates) and export (tables and networks)."""

from bioregion.io._atomic import atomic_write
from bioregion.io.export import TABLE_FORMATS, export_tables
from bioregion.io.importer import ImportReport, import_files, read_dataset
from bioregion.io.network_export import (
    NETWORK_FORMATS,
    export_network,
    network_format,
    network_graph,
    write_network,
    write_pajek,
)
from bioregion.io.templates import TEMPLATES, Template, template
from bioregion.io.ucinet import write_dl
from bioregion.io.vosviewer import write_vosviewer

__all__ = [
    "NETWORK_FORMATS",
    "TABLE_FORMATS",
    "TEMPLATES",
    "ImportReport",
    "Template",
    "atomic_write",
    "export_network",
    "export_tables",
    "import_files",
    "network_format",
    "network_graph",
    "read_dataset",
    "template",
    "write_dl",
    "write_network",
    "write_pajek",
    "write_vosviewer",
]
