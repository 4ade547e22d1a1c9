"""The installed version of bioregion, readable without importing the package root."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bioregion")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
