"""Clustering refuses to chain two people whose birth years conflict through an undated record."""

from bicentennial.resolve import clusters


def test_undated_record_does_not_chain_conflicting_birth_years() -> None:
    edges = [("a", "x", 0.99), ("b", "x", 0.95)]
    dates = {"a": "1973-07-12", "b": "1990-01-02"}
    groups = clusters.cluster(["a", "b", "x"], edges, birth_dates=dates)
    assert sorted(groups.values()) == [["a", "x"], ["b"]]
    # without dates the chain joins all three
    assert list(clusters.cluster(["a", "b", "x"], edges).values()) == [["a", "b", "x"]]


def test_close_birth_years_and_judgements_still_join() -> None:
    dates = {"a": "1973-07-12", "b": "1974-07-12", "c": "1950-01-01"}
    groups = clusters.cluster(["a", "b", "c"], [("a", "b", 0.95)], same=[("a", "c")], birth_dates=dates)
    assert list(groups.values()) == [["a", "b", "c"]]
