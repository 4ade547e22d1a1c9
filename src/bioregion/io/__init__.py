"""File import (CSV, XLSX, JSON templates) and export (tables and networks)."""

from bioregion.io.export import TABLE_FORMATS, export_tables
from bioregion.io.importer import ImportReport, import_files, read_dataset
from bioregion.io.network_export import (
    NETWORK_FORMATS,
    export_network,
    network_graph,
    write_network,
    write_pajek,
)
from bioregion.io.templates import TEMPLATES, Template, template

__all__ = [
    "NETWORK_FORMATS",
    "TABLE_FORMATS",
    "TEMPLATES",
    "ImportReport",
    "Template",
    "export_network",
    "export_tables",
    "import_files",
    "network_graph",
    "read_dataset",
    "template",
    "write_network",
    "write_pajek",
]
