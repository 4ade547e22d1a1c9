"""The installed version of bioregion, readable without importing the package root.

``__version__`` is looked up on first use (reading the installed package's metadata takes
about 0.15 s, which every command would otherwise pay at start-up).
"""

from __future__ import annotations

from functools import cache


@cache
def installed_version() -> str:
    """The version of the installed ``bioregion`` distribution."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bioregion")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0.0.0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__", "installed_version"]  # noqa: F822 - __version__ comes from __getattr__
