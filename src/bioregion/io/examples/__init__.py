"""Small example files of every template, with real public facts and their sources."""

from pathlib import Path

EXAMPLES = Path(__file__).parent
