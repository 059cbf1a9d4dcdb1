"""Parameters on disk: an exact round trip, an atomic write, and a clear error for a bad file."""

from __future__ import annotations

import json
import math
import os
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tinynn import Params, ParamsError, init_params, load_params, save_params

WriteFile = Callable[[str, str], str]
SPECIAL = [0.1, 1e-300, -0.0, 5e-324, -1.7976931348623157e308, 2.0 / 3.0, 1e22, 123456789.125]


def bits(params: Params) -> list[bytes]:
    """Every parameter's 8 bytes: -0.0 and 0.0 differ, as they must after a round trip."""
    return [struct.pack("<d", v) for v in (params.get(k) for k in params.all_keys())]


def round_trip(params: Params) -> Params:
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "p.json")
        save_params(path, params)
        return load_params(path)


def test_special_floats_round_trip_exactly() -> None:
    params = Params([SPECIAL[:4], SPECIAL[4:]], [0.1, -0.0], [1e-300, 5e-324], -0.0)
    back = round_trip(params)
    assert bits(back) == bits(params)
    assert back == params


finite = st.floats(allow_nan=False, allow_infinity=False) | st.sampled_from(SPECIAL)


@st.composite
def any_params(draw: Callable) -> Params:
    n, h = draw(st.integers(1, 4)), draw(st.integers(1, 5))
    return Params(
        [[draw(finite) for _ in range(n)] for _ in range(h)],
        [draw(finite) for _ in range(h)],
        [draw(finite) for _ in range(h)],
        draw(finite),
    )


@settings(max_examples=60, deadline=None)
@given(any_params())
def test_random_floats_round_trip_exactly(params: Params) -> None:
    assert bits(round_trip(params)) == bits(params)


def test_saved_file_is_readable_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_params(str(path), init_params(2, 3, 0))
    obj = json.loads(path.read_text(encoding="utf-8"))
    assert obj["format"] == "tinynn-params"
    assert obj["W1"] == init_params(2, 3, 0).W1 and obj["b2"] == 0.0


def test_save_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save_params(str(path), init_params(2, 3, 0))
    save_params(str(path), init_params(2, 3, 1))  # overwrite
    assert sorted(os.listdir(tmp_path)) == ["p.json"]
    assert load_params(str(path)) == init_params(2, 3, 1)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
def test_failed_save_keeps_the_old_file(tmp_path: Path, bad: float) -> None:
    path = tmp_path / "p.json"
    save_params(str(path), init_params(2, 3, 0))
    old = path.read_bytes()
    with pytest.raises(ParamsError, match="not finite"):
        save_params(str(path), init_params(2, 3, 0).with_value(("W2", (1,)), bad))
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["p.json"]


def test_crash_during_save_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails, the old file is intact, the temporary file is gone, and the
    error is one line naming the file."""
    path = tmp_path / "p.json"
    save_params(str(path), init_params(2, 3, 0))
    old = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ParamsError, match=f"^cannot write {path}: disk full$"):
        save_params(str(path), init_params(2, 3, 1))
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert os.listdir(tmp_path) == ["p.json"]


GOOD = {"W1": [[0.5], [-1.0]], "b1": [0.0, 0.5], "W2": [1.0, -2.0], "b2": 0.5}


def with_(**changes: object) -> str:
    return json.dumps({**GOOD, **changes})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON"),
        ("", "not valid JSON"),
        ('{"W1": [[1]], "b1": [0], "W2": [1], "b2": 0,}', "not valid JSON"),
        ("[1, 2, 3]", "keys W1, b1, W2, b2"),
        (json.dumps({k: v for k, v in GOOD.items() if k != "b2"}), "keys W1, b1, W2, b2"),
        (with_(b1=[0.0]), "b1 must have 2 entries"),
        (with_(W2=[1.0, 2.0, 3.0]), "W2 must have 2 entries"),
        (with_(W1=[[0.5, 1.0], [-1.0]]), "W1 rows have different lengths"),
        (with_(W1=[]), "W1 must be a non-empty list"),
        (with_(W1=[[]]), "W1 must be a non-empty list"),
        (with_(W1=3), "W1 must be a non-empty list"),
        (with_(b1=5), "b1 must have 2 entries"),
        (with_(W2=["a", 1.0]), "W2[0] is not a number: 'a'"),
        (with_(b2=True), "b2 is not a number: True"),
        (with_(b1=[0.0, None]), "b1[1] is not a number: None"),
        (with_(W1=[[0.5], [[1.0]]]), "W1[1][0] is not a number"),
        (with_(b2="0.5"), "b2 is not a number"),
        (with_(W2=[1.0, 2.0]).replace("2.0", "NaN"), "NaN, which is not a finite number"),
        (with_(b2=1.0).replace('"b2": 1.0', '"b2": Infinity'), "Infinity"),
        (with_(b2=1.0).replace('"b2": 1.0', '"b2": -Infinity'), "-Infinity"),
        (with_(b2=1.0).replace('"b2": 1.0', '"b2": 1e999'), "b2 is not finite: inf"),
        (with_(b2=10**400), "b2 is too large to be a float"),  # an int: no OverflowError
        (with_(W1=[[0.5], [-(10**309)]]), "W1[1][0] is too large to be a float"),
    ],
)
def test_load_errors(write_file: WriteFile, text: str, message: str) -> None:
    path = write_file("p.json", text)
    with pytest.raises(ParamsError) as info:
        load_params(path)
    assert message in str(info.value)
    assert path in str(info.value)
    assert "\n" not in str(info.value)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ParamsError, match="no such file"):
        load_params(str(tmp_path / "none.json"))


def test_largest_integer_that_is_a_float_loads(write_file: WriteFile) -> None:
    params = load_params(write_file("p.json", with_(b2=int(1.7976931348623157e308))))
    assert params.b2 == 1.7976931348623157e308


def test_load_accepts_hand_written_integers_as_floats(write_file: WriteFile) -> None:
    params = load_params(
        write_file("p.json", '{"W1": [[1], [2]], "b1": [0, 0], "W2": [3, 4], "b2": 5}')
    )
    assert params == Params([[1.0], [2.0]], [0.0, 0.0], [3.0, 4.0], 5.0)
    assert all(type(v) is float for v in (params.get(k) for k in params.all_keys()))


def test_a_saved_file_gets_the_permissions_of_a_new_file_or_keeps_the_old_ones(
    tmp_path: Path,
) -> None:
    import stat

    params = init_params(1, 2)
    umask = os.umask(0o022)
    try:
        new = tmp_path / "new.json"
        save_params(str(new), params)
        assert stat.S_IMODE(new.stat().st_mode) == 0o644
        old = tmp_path / "old.json"
        old.write_text("{}", encoding="utf-8")
        old.chmod(0o640)
        save_params(str(old), params)
        assert stat.S_IMODE(old.stat().st_mode) == 0o640
        assert load_params(str(old)) == params
    finally:
        os.umask(umask)


def test_negative_zero_is_printed_as_zero() -> None:
    from tinynn.core.numbers import fmt

    assert fmt(-0.0) == "0" and fmt(0.0) == "0" and fmt(-1e-300) == "\u22121e\u2212300"
