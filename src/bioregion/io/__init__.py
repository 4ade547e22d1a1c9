"""File import (CSV, XLSX, JSON templates) and export (tables and networks)."""

from bioregion.io.export import TABLE_FORMATS, export_tables
from bioregion.io.importer import ImportReport, import_files, read_dataset
from bioregion.io.templates import TEMPLATES, Template, template

__all__ = [
    "TABLE_FORMATS",
    "TEMPLATES",
    "ImportReport",
    "Template",
    "export_tables",
    "import_files",
    "read_dataset",
    "template",
]
