"""The bioRegion report: one self-contained HTML page answering the questions of the
regional-innovation-system literature for a region and period, from a store.

>>> from bioregion.report import SECTION_IDS
>>> SECTION_IDS[0], SECTION_IDS[-1]
('summary', 'reproducibility')
"""

from bioregion.report.build import SECTION_IDS, build_report

__all__ = ["SECTION_IDS", "build_report"]
