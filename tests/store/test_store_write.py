"""Writing datasets: counts, idempotence, all-or-nothing, validation against the store."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from bioregion import Dataset, ImportRejectedError, Problem, Source, Store, Tie
from bioregion.model.records import Record
from bioregion.store.schema import TABLES
from bioregion.store.writer import Writer
from tests.store._factory import (
    actors_only,
    big,
    changed,
    d,
    dataset,
    expected,
    held,
    snapshot,
    ties,
)


def _counts(created: int = 0, updated: int = 0, unchanged: int = 0) -> dict[str, int]:
    return {"created": created, "updated": updated, "unchanged": unchanged}


def _problems(info: pytest.ExceptionInfo) -> list[tuple[str, str]]:
    return [(p.column, p.value) for p in info.value.problems]


# -- counts and idempotence ----------------------------------------------------
def test_first_write_creates_everything(store: Store) -> None:
    report = store.write(dataset())
    assert report.counts == {
        "source": _counts(created=4),  # 3 given + 1 cited by URL only
        "actor": _counts(created=7),
        "event": _counts(created=1),
        "tie": _counts(created=7),
        "participation": _counts(created=3),
    }
    assert report.total("created") == 22
    assert store.counts() == {"source": 4, "actor": 7, "event": 1, "tie": 7, "participation": 3}
    assert held(store) == expected(dataset())
    assert store.changes() == []
    assert "ties: 7 new, 0 updated, 0 unchanged" in report.summary()


def test_rewriting_the_same_dataset_changes_nothing(store: Store) -> None:
    first = store.write(dataset())
    records, counts, _, log = snapshot(store)
    again = store.write(dataset())
    assert again.batch_id != first.batch_id
    assert again.counts == {
        "source": _counts(unchanged=3),  # the URL-only source is already there: not re-sent
        "actor": _counts(unchanged=7),
        "event": _counts(unchanged=1),
        "tie": _counts(unchanged=7),
        "participation": _counts(unchanged=3),
    }
    assert again.total("created") == again.total("updated") == 0
    assert held(store) == records
    assert store.counts() == counts
    assert store.changes() == log == []
    batches = store.batches()
    assert [b.id for b in batches] == [first.batch_id, again.batch_id]
    assert batches[1].counts == again.counts


def test_partly_new_partly_changed(store: Store) -> None:
    store.write(actors_only())
    data = dataset()
    data.actors = [replace(a, city="Gand") if a.id == "ugent" else a for a in data.actors]
    report = store.write(data)
    assert report.counts["actor"] == _counts(updated=1, unchanged=6)
    assert report.counts["tie"] == _counts(created=7)
    assert report.counts["source"] == _counts(created=1, unchanged=3)
    assert store.actor("ugent").city == "Gand"
    assert [c["record_key"] for c in store.changes()] == ["ugent"]


def test_exact_duplicates_are_written_once(store: Store) -> None:
    data = dataset()
    data.ties = [*data.ties, data.ties[0], replace(data.ties[3])]
    data.actors = [*data.actors, replace(data.actors[2])]
    report = store.write(data)
    assert report.counts["tie"] == _counts(created=7)
    assert report.counts["actor"] == _counts(created=7)
    assert store.counts()["tie"] == 7
    assert held(store) == expected(dataset())


def test_conflicting_duplicates_are_rejected(store: Store) -> None:
    data = dataset()
    first = data.ties[2]
    data.ties.append(replace(first, equity=1.0))
    data.actors.append(replace(data.actors[0], name="Universiteit Gent"))
    with pytest.raises(ImportRejectedError, match="nothing was imported") as info:
        store.write(data)
    rules = sorted(p.rule for p in info.value.problems)
    assert len(rules) == 2
    assert rules[0].startswith("duplicate actor key") and "differs in name" in rules[0]
    assert rules[1].startswith("duplicate tie key") and "differs in equity" in rules[1]
    assert ("id", "t-eq-gimv-ablynx") in _problems(info)
    assert store.counts()["tie"] == 0
    assert store.batches() == []


def test_progress_is_reported(store: Store) -> None:
    calls: list[tuple[str, int, int]] = []
    store.write(dataset(), progress=lambda kind, done, total: calls.append((kind, done, total)))
    assert ("tie", 7, 7) in calls
    assert ("actor", 7, 7) in calls
    n = calls[0][2]  # the records given, and the sources they cite by URL
    assert n >= len(dataset())
    assert calls[:2] == [("checking records", 0, n), ("checking records", n, n)]
    calls.clear()
    store.write(dataset(), progress=lambda kind, done, total: calls.append((kind, done, total)))
    assert [c for c in calls if c[0] != "checking records"] == []  # nothing to write


def test_checking_reports_progress_while_it_goes(store: Store, monkeypatch) -> None:
    """A long check moves the bar: counts every PROGRESS_EVERY records, not only 0 and all."""
    import bioregion.model.dataset as dataset_module

    monkeypatch.setattr(dataset_module, "PROGRESS_EVERY", 3)
    calls: list[tuple[str, int, int]] = []
    store.write(dataset(), progress=lambda kind, done, total: calls.append((kind, done, total)))
    checking = [done for kind, done, _ in calls if kind == "checking records"]
    n = calls[0][2]
    assert checking == [0, *range(3, n + 1, 3), n]


# -- all or nothing ------------------------------------------------------------
def test_one_invalid_tie_rejects_the_whole_dataset(store: Store) -> None:
    store.write(actors_only(), label="actors")
    before = snapshot(store)
    data = dataset()
    data.actors = [replace(a, city="Gand") if a.id == "ugent" else a for a in data.actors]
    bad = Tie(id="t-bad", kind="alliance", source="ablynx", target="sanofi", start=d("2010"))
    data.ties.insert(3, bad)
    with pytest.raises(ImportRejectedError, match="1 problem") as info:
        store.write(data)
    assert info.value.problems == [
        Problem(column="kind", value="alliance", rule=info.value.problems[0].rule)
    ]
    assert "unknown kind" in info.value.problems[0].rule
    assert snapshot(store) == before
    assert store.actor("ugent").city == "Gent"


def test_every_problem_is_listed(store: Store) -> None:
    data = dataset()
    data.ties += [
        Tie(
            id="t-bad1",
            kind="licence",
            source="ablynx",
            target="sanofi",
            start=d("2010"),
            upfront=-5.0,
            currency="EUR",
        ),
        Tie(id="t-bad2", kind="licence", source="ablynx", target="ablynx", start=d("2010")),
        Tie(
            id="t bad3",
            kind="licence",
            source="ablynx",
            target="sanofi",
            start=d("2010"),
            total=3.0,
        ),
    ]
    with pytest.raises(ImportRejectedError) as info:
        store.write(data)
    assert sorted(_problems(info)) == [
        ("currency", ""),
        ("id", "t bad3"),
        ("target", "ablynx"),
        ("upfront", "-5.0"),
    ]
    assert store.counts() == {"source": 0, "actor": 0, "event": 0, "tie": 0, "participation": 0}


def test_failure_while_writing_rolls_everything_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.write(actors_only(), label="actors")
    before = snapshot(store)
    data = dataset()
    data.sources = [replace(s, title=s.title + " (updated)") for s in data.sources]
    data.sources.append(Source(id="new-source", url="https://www.example.org/new"))
    data.actors = [replace(a, city="Gand") if a.id == "ugent" else a for a in data.actors]
    written: list[type[Record]] = []
    seen_inside: list[int] = []
    original = Writer._write_type

    def fail_after_first(self: Writer, rtype: type[Record], records: list) -> dict:
        if written:
            raise RuntimeError("disk full")
        written.append(rtype)
        result = original(self, rtype, records)
        count = select(func.count()).select_from(TABLES[Source])
        seen_inside.append(self.conn.execute(count).scalar_one())
        return result

    monkeypatch.setattr(Writer, "_write_type", fail_after_first)
    with pytest.raises(RuntimeError, match="disk full"):
        store.write(data)
    assert written == [Source]
    assert seen_inside == [5]  # the sources were written inside the transaction...
    assert snapshot(store) == before  # ...and rolled back with the batch row
    monkeypatch.undo()
    report = store.write(data)
    assert report.counts["source"] == _counts(created=2, updated=3)
    assert store.counts()["source"] == 5


# -- validation against the store ----------------------------------------------
def test_tie_to_actors_only_in_the_store_is_accepted(store: Store) -> None:
    store.write(actors_only())
    report = store.write(Dataset(ties=ties()))
    assert report.counts["tie"] == _counts(created=7)
    assert report.counts["actor"] == _counts()
    assert store.ties(actor="ablynx")[0].source == "vib"


def test_tie_to_unknown_actor_is_rejected(store: Store) -> None:
    store.write(actors_only())
    before = snapshot(store)
    tie = Tie(id="t-x", kind="licence", source="ablynx", target="ablynks", start=d("2010"))
    with pytest.raises(ImportRejectedError) as info:
        store.write(Dataset(ties=[*ties(), tie]))
    [problem] = info.value.problems
    assert (problem.column, problem.value) == ("target", "ablynks")
    assert "unknown actor" in problem.rule
    assert snapshot(store) == before


def test_participation_to_unknown_event_is_rejected(store: Store) -> None:
    data = dataset()
    data.events = []
    with pytest.raises(ImportRejectedError) as info:
        store.write(data)
    assert _problems(info) == [("event", "fp7-223077")] * 3


@pytest.mark.parametrize(
    ("start", "flags", "accepted"),
    [
        ("2006-09-19", (), False),  # a day before bone-therapeutics was founded (2006-09-20)
        ("2006-08", (), False),
        ("2006-09", (), True),  # the month of founding may hold the founding day
        ("2006", (), True),
        ("2006-09-20", (), True),
        ("2005", ("before_founding",), True),
        ("2005", ("estimated_date",), False),
    ],
)
def test_tie_before_a_stored_actors_founding(
    store: Store, start: str, flags: tuple[str, ...], accepted: bool
) -> None:
    store.write(actors_only())
    tie = Tie(
        id="t-early",
        kind="funding",
        source="gimv",
        target="bone-therapeutics",
        start=d(start),
        flags=flags,
    )
    if accepted:
        assert store.write(Dataset(ties=[tie])).counts["tie"] == _counts(created=1)
        assert store.ties(kind="funding") == [tie]
        return
    with pytest.raises(ImportRejectedError) as info:
        store.write(Dataset(ties=[tie]))
    [problem] = info.value.problems
    assert (problem.column, problem.value) == ("start", start)
    assert "bone-therapeutics was founded (2006-09-20)" in problem.rule
    assert "before_founding" in problem.rule
    assert store.counts()["tie"] == 0


def test_founding_checked_against_the_stored_precision(store: Store) -> None:
    """VIB was founded 1995-12 (month): a tie in 1995-11 predates it, 1995 may not."""
    store.write(actors_only())
    early = Tie(
        id="t-a", kind="rd_collaboration", source="ugent", target="vib", start=d("1995-11-30")
    )
    with pytest.raises(ImportRejectedError, match=r"vib was founded \(1995-12\)"):
        store.write(Dataset(ties=[early]))
    ok = replace(early, start=d("1995"))
    assert store.write(Dataset(ties=[ok])).counts["tie"] == _counts(created=1)


def test_unknown_source_id_is_rejected_but_a_stored_one_is_accepted(store: Store) -> None:
    store.write(actors_only())
    tie = Tie(
        id="t-s",
        kind="licence",
        source="ablynx",
        target="sanofi",
        start=d("2010"),
        sources=("press-ablynx-2009", "nowhere"),
    )
    with pytest.raises(ImportRejectedError) as info:
        store.write(Dataset(ties=[tie]))
    assert _problems(info) == [("sources", "nowhere")]
    store.write(Dataset(ties=[replace(tie, sources=("press-ablynx-2009",))]))
    assert store.ties()[0].sources == ("press-ablynx-2009",)


# -- scale (sanity, not timing) ------------------------------------------------
@pytest.mark.slow
def test_twenty_thousand_ties(store: Store) -> None:
    data = big()
    first = store.write(data)
    assert first.counts["tie"] == _counts(created=20_000)
    assert first.counts["actor"] == _counts(created=500)
    assert store.counts()["tie"] == 20_000
    second = store.write(big())
    assert second.counts["tie"] == _counts(unchanged=20_000)
    assert second.counts["actor"] == _counts(unchanged=500)
    assert second.total("created") == second.total("updated") == 0
    assert store.changes() == []
    stored = store.ties()
    assert [t.id for t in sorted(stored, key=lambda t: t.id)] == [t.id for t in data.ties]
    assert sorted(stored, key=lambda t: t.id) == data.ties
    mine = [t.id for t in data.ties if "a0042" in (t.source, t.target)]
    assert sorted(t.id for t in store.ties(actor="a0042")) == mine
    # one changed tie among 20,000 is found and logged
    third = store.write(changed(big(), "t012345", upfront=1.5, currency="USD"))
    assert third.counts["tie"] == _counts(updated=1, unchanged=19_999)
    assert [c["record_key"] for c in store.changes()] == ["t012345"]
