"""Fixtures of the io tests: ``loaded``, a store holding the example files."""

from tests.io._rejections import loaded  # noqa: F401 (a fixture, registered by import)
