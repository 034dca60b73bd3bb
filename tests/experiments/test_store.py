import json
import math

import pytest

from gamegroup.experiments.store import ResultStore, assemble_frame, fingerprint

PARTS = {
    "model": "m",
    "points": [{"x": 0.5}, {"x": 1.5}],
    "replicates": 2,
    "seed": {"entropy": 7, "spawn_key": []},
}


def test_records_round_trip_exactly(tmp_path):
    store = ResultStore(tmp_path / "s")
    store.open(PARTS)
    value = 0.1 + 0.2  # not representable in a short decimal
    store.write(
        1, 0, {"outputs": {"y": value, "flag": True, "nan": math.nan}, "series": {"s": [1.0, 2.5]}}
    )
    record = store.records()[(1, 0)]
    assert record["outputs"]["y"] == value
    assert record["outputs"]["flag"] is True
    assert math.isnan(record["outputs"]["nan"])
    assert store.series("s")["value"].tolist() == [1.0, 2.5]


def test_reopening_with_the_same_parts_keeps_the_records(tmp_path):
    store = ResultStore(tmp_path)
    store.open(PARTS)
    store.write(0, 0, {"outputs": {"y": 1.0}})
    ResultStore(tmp_path).open(dict(PARTS))
    assert list(ResultStore(tmp_path).records()) == [(0, 0)]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        ({"model": "other"}, "model"),
        ({"points": [{"x": 0.5}]}, "points"),
        ({"seed": {"entropy": 8, "spawn_key": []}}, "seed"),
        ({"replicates": 3}, "replicates"),
    ],
)
def test_a_store_of_another_sweep_is_refused_and_left_untouched(tmp_path, change, named):
    store = ResultStore(tmp_path)
    store.open(PARTS)
    store.write(0, 0, {"outputs": {"y": 1.0}})
    before = (tmp_path / "store.json").read_text()
    with pytest.raises(ValueError, match=rf"`store` .* differs in: {named}\); refusing to mix"):
        store.open({**PARTS, **change})
    assert (tmp_path / "store.json").read_text() == before
    assert list(store.records()) == [(0, 0)]


def test_unreadable_records_and_stray_files_are_ignored(tmp_path):
    store = ResultStore(tmp_path)
    store.open(PARTS)
    store.write(0, 1, {"outputs": {"y": 1.0}})
    (tmp_path / "tasks" / "p1-r0.json").write_text('{"outputs": {"y": 1.')  # torn
    (tmp_path / "tasks" / ".p1-r1.json.abc.tmp").write_text("{}")  # temporary of a killed write
    (tmp_path / "tasks" / "notes.txt").write_text("hello")
    assert list(store.records()) == [(0, 1)]


def test_no_temporary_files_are_left_behind(tmp_path):
    store = ResultStore(tmp_path)
    store.open(PARTS)
    for r in range(2):
        store.write(0, r, {"outputs": {"y": float(r)}})
    assert sorted(p.name for p in (tmp_path / "tasks").iterdir()) == ["p0-r0.json", "p0-r1.json"]


def test_frame_is_rebuilt_from_the_manifest(tmp_path):
    store = ResultStore(tmp_path)
    store.open(PARTS)
    store.write(1, 1, {"outputs": {"y": 3.0}})
    store.write(0, 0, {"outputs": {"y": 2.0}})
    frame = store.frame()
    assert frame.columns.tolist() == ["point", "x", "replicate", "y", "seed"]
    assert frame[["point", "x", "replicate", "y"]].values.tolist() == [
        [0, 0.5, 0, 2.0],
        [1, 1.5, 1, 3.0],
    ]
    assert frame["seed"].tolist() == [7, 7]


def test_large_entropy_is_kept_exactly():
    entropy = 2**100 + 1
    frame = assemble_frame([{"x": 1}], {(0, 0): {"outputs": {"y": 1}}}, entropy)
    assert frame["seed"].iloc[0] == entropy


def test_fingerprint_ignores_key_order():
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})


def test_errors_name_the_store(tmp_path):
    with pytest.raises(TypeError, match=r"`store`"):
        ResultStore(3)
    with pytest.raises(FileNotFoundError, match=r"`store` .* not a result store"):
        ResultStore(tmp_path).manifest()
    with pytest.raises(FileNotFoundError, match=r"`store` .* must be opened"):
        ResultStore(tmp_path).write(0, 0, {"outputs": {}})
    (tmp_path / "store.json").write_text("{not json")
    with pytest.raises(ValueError, match=r"`store` .* unreadable"):
        ResultStore(tmp_path).manifest()
    (tmp_path / "store.json").write_text(json.dumps([1]))
    with pytest.raises(ValueError, match=r"`store` .* malformed"):
        ResultStore(tmp_path).manifest()
    store = ResultStore(tmp_path / "fresh")
    store.open(PARTS)
    with pytest.raises(ValueError, match=r"`name` 'nope'"):
        store.series("nope")
