"""The public namespace is curated: adding or removing a name is a deliberate act."""

import bioregion


def isort_order(names: list[str]) -> list[str]:
    """Constants, then classes, then functions (the order ruff's RUF022 keeps)."""
    return sorted(names, key=lambda n: (0 if n.isupper() else 1 if n[0].isupper() else 2, n))


EXPECTED = [
    "Actor",
    "ActorKind",
    "ArgumentError",
    "Batch",
    "BatchReport",
    "BioregionError",
    "Confidence",
    "Dataset",
    "EndReason",
    "Event",
    "EventKind",
    "ExportError",
    "ImportRejectedError",
    "MissingExtraError",
    "MissingIndicatorError",
    "NoDataError",
    "NotFoundError",
    "PartialDate",
    "Participation",
    "PartitionError",
    "Problem",
    "Role",
    "Source",
    "Stage",
    "Store",
    "StoreCorruptError",
    "StoreError",
    "StoreLockedError",
    "StoreReadOnlyError",
    "Tie",
    "TieKind",
    "TieStatus",
    "UnknownRegionError",
    "ValidationError",
    "__version__",
]


def test_all_is_pinned():
    assert bioregion.__all__ == EXPECTED


def test_all_is_sorted_and_importable():
    assert bioregion.__all__ == isort_order(bioregion.__all__)
    for name in bioregion.__all__:
        assert hasattr(bioregion, name), name


def test_subpackage_namespaces_are_sorted():
    import bioregion.datasets
    import bioregion.io
    import bioregion.model
    import bioregion.network
    import bioregion.regions
    import bioregion.resolve
    import bioregion.sources
    import bioregion.store
    import bioregion.system

    modules = (
        bioregion.datasets,
        bioregion.io,
        bioregion.model,
        bioregion.network,
        bioregion.regions,
        bioregion.resolve,
        bioregion.sources,
        bioregion.store,
        bioregion.system,
    )
    for module in modules:
        assert module.__all__ == isort_order(module.__all__), module.__name__
        for name in module.__all__:
            assert hasattr(module, name), f"{module.__name__}.{name}"


def test_errors_share_one_base():
    for name in bioregion.__all__:
        obj = getattr(bioregion, name)
        if isinstance(obj, type) and issubclass(obj, Exception):
            assert issubclass(obj, bioregion.BioregionError), name
