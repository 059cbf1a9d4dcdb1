"""The user's files at the edges: special files, symbolic links, killed saves, size limits,
argument types, and any bytes at all given to load_csv and load_params.

Every refusal is one line naming the file; nothing that should stay is replaced.
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tinynn import (
    DataError,
    Params,
    ParamsError,
    TinyNNError,
    init_params,
    load_csv,
    load_params,
    save_params,
)
from tinynn.io.files import (
    CSV_LIMIT,
    TEXT_LIMIT,
    TMP_SUFFIX,
    check_writable,
    read_lines,
    read_text,
    write_text,
)

PARAMS = init_params(2, 3, seed=1)
OTHER = init_params(2, 3, seed=2)


def one_line(e: pytest.ExceptionInfo[TinyNNError]) -> str:
    text = str(e.value)
    assert "\n" not in text and "\r" not in text
    return text


def saved(path: Path) -> Params:
    return load_params(str(path))


# --- saving: a symbolic link is written through


def test_save_through_a_symlink_replaces_its_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    save_params(str(target), PARAMS)
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    save_params(str(link), OTHER)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert saved(target) == OTHER
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target's permissions stay
    assert sorted(os.listdir(tmp_path)) == ["link.json", "real.json"]


def test_save_through_a_relative_symlink_in_another_folder(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "data" / "p.json"
    save_params(str(target), PARAMS)
    link = tmp_path / "links" / "p.json"
    link.symlink_to(Path("..") / "data" / "p.json")
    save_params(str(link), OTHER)
    assert link.is_symlink() and saved(target) == OTHER
    # The temporary file was next to the target (so os.replace is a rename), and is gone.
    assert os.listdir(tmp_path / "data") == ["p.json"]
    assert os.listdir(tmp_path / "links") == ["p.json"]


def test_save_through_a_dangling_symlink_makes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "new.json")
    save_params(str(link), PARAMS)
    assert link.is_symlink() and saved(tmp_path / "new.json") == PARAMS


def test_save_through_a_loop_of_symlinks_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    with pytest.raises(ParamsError) as e:
        save_params(str(tmp_path / "a"), PARAMS)
    assert one_line(e).startswith(f"cannot write {tmp_path / 'a'}: ")
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


# --- saving: folders, devices, named pipes and sockets are refused, even as root


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_socket(path: Path) -> Path:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(path))
    s.close()  # the socket file stays
    return path


def make_device(path: Path) -> Path:
    """A character device like /dev/null (1, 3), made here; only root may (else: skipped)."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("only root can make a device node")
    return path


def make_folder(path: Path) -> Path:
    path.mkdir()
    return path


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (make_fifo, "it is a named pipe (FIFO), not a regular file"),
    "socket": (make_socket, "it is a socket, not a regular file"),
    "device": (make_device, "it is a device, not a regular file"),
    "folder": (make_folder, "it is a folder"),
}


@pytest.mark.parametrize("kind", list(SPECIAL))
@pytest.mark.parametrize("via_link", [False, True])
def test_save_onto_a_special_file_is_refused_and_leaves_it(
    tmp_path: Path, kind: str, via_link: bool
) -> None:
    make, words = SPECIAL[kind]
    special = make(tmp_path / "s")
    mode = special.lstat().st_mode
    path = tmp_path / "link" if via_link else special
    if via_link:
        path.symlink_to(special)
    with pytest.raises(ParamsError) as e:
        save_params(str(path), PARAMS)
    assert one_line(e) == f"cannot write {path}: {words}"
    assert special.lstat().st_mode == mode  # still what it was, not a regular file
    assert not [n for n in os.listdir(tmp_path) if n.endswith(TMP_SUFFIX)]
    with pytest.raises(ParamsError):
        check_writable(str(path), ParamsError)  # the check before a long run says the same


def test_save_into_a_missing_or_read_only_folder(tmp_path: Path) -> None:
    with pytest.raises(ParamsError) as e:
        save_params(str(tmp_path / "no" / "p.json"), PARAMS)
    assert (
        one_line(e)
        == f"cannot write {tmp_path / 'no' / 'p.json'}: folder {tmp_path / 'no'} does not exist"
    )
    with pytest.raises(ParamsError, match="no file name"):
        save_params("", PARAMS)


# --- saving: a killed save leaves at most one temporary file, which the next one reuses

KILLED_SAVE = """
import os, signal, sys
from tinynn import init_params, save_params
os.replace = lambda src, dst: os.kill(os.getpid(), signal.SIGKILL)  # killed before the rename
save_params(sys.argv[1], init_params(2, 3, seed=int(sys.argv[2])))
"""


def killed_save(repo: Path, path: Path, seed: int) -> None:
    env = {**os.environ, "PYTHONPATH": str(repo)}
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_SAVE, str(path), str(seed)], env=env, timeout=60
    )
    assert proc.returncode == -signal.SIGKILL


def test_killed_saves_leave_one_temporary_file_that_the_next_save_reuses(
    repo: Path, tmp_path: Path
) -> None:
    path = tmp_path / "p.json"
    save_params(str(path), PARAMS)
    path.chmod(0o604)
    old = path.read_bytes()
    for seed in (5, 6, 7):
        killed_save(repo, path, seed)
        assert path.read_bytes() == old  # the old file is intact
        assert sorted(os.listdir(tmp_path)) == [".p.json" + TMP_SUFFIX, "p.json"]
    # The leftover holds the last killed save's parameters, whole (it was fsynced)...
    assert load_params(str(tmp_path / (".p.json" + TMP_SUFFIX))) == init_params(2, 3, seed=7)
    save_params(str(path), OTHER)  # ...and the next save reuses it, then renames it
    assert os.listdir(tmp_path) == ["p.json"]
    assert saved(path) == OTHER
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_longer_leftover_is_emptied_before_reuse(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    leftover = tmp_path / (".p.json" + TMP_SUFFIX)
    leftover.write_text("x" * 100_000)
    leftover.chmod(0o600)
    save_params(str(path), PARAMS)
    assert json.loads(path.read_text())["b2"] == PARAMS.b2  # no tail of the old leftover
    assert os.listdir(tmp_path) == ["p.json"]


@pytest.mark.parametrize("kind", ["symlink", "fifo", "hard link"])
def test_a_temporary_name_that_is_not_our_own_file_is_not_written(
    tmp_path: Path, kind: str
) -> None:
    """In a folder others can write to, the fixed temporary name might be a trap."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    tmp = tmp_path / (".p.json" + TMP_SUFFIX)
    if kind == "symlink":
        tmp.symlink_to(victim)
    elif kind == "fifo":
        os.mkfifo(tmp)  # opening it to write would wait for a reader: it must not
    else:
        os.link(victim, tmp)
    with pytest.raises(ParamsError) as e:
        save_params(str(tmp_path / "p.json"), PARAMS)
    assert one_line(e).startswith(f"cannot write {tmp_path / 'p.json'}: ")
    assert victim.read_text() == "keep me"
    assert not (tmp_path / "p.json").exists()


def test_write_text_writes_exactly_the_text(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    write_text(str(path), "α\nβ\r\n")
    assert path.read_bytes() == "α\nβ\r\n".encode()  # no newline translation


# --- reading: what is refused, what is read, and where it stops

LOADERS: dict[str, Callable[[str], object]] = {"load_csv": load_csv, "load_params": load_params}


@pytest.mark.parametrize("loader", list(LOADERS))
@pytest.mark.parametrize("kind", ["socket", "device", "folder"])
def test_reading_a_special_file_is_refused(tmp_path: Path, loader: str, kind: str) -> None:
    make, words = SPECIAL[kind]
    path = make(tmp_path / "s")
    with pytest.raises(TinyNNError) as e:
        LOADERS[loader](str(path))
    assert one_line(e) == f"cannot read {path}: {words}"


@pytest.mark.parametrize("loader", list(LOADERS))
def test_dev_zero_is_refused_at_once(loader: str) -> None:
    start = time.process_time()
    with pytest.raises(TinyNNError) as e:
        LOADERS[loader]("/dev/zero")
    assert one_line(e) == "cannot read /dev/zero: it is a device, not a regular file"
    assert time.process_time() - start < 1.0  # not a timing test: reading it would take forever


def test_a_named_pipe_nobody_writes_to_reads_as_empty(tmp_path: Path) -> None:
    fifo = make_fifo(tmp_path / "pipe.csv")
    with pytest.raises(DataError) as e:
        load_csv(str(fifo))  # without O_NONBLOCK, open() would wait for a writer forever
    assert one_line(e) == f"{fifo} is empty"
    with pytest.raises(ParamsError, match="is not valid JSON"):
        load_params(str(fifo))


@pytest.fixture
def pipe() -> Iterator[Callable[[bytes], str]]:
    """pipe(data): a pipe holding `data` (then closed for writing), as a path: /dev/fd/N,
    what `--csv <(command)` gives."""
    fds: list[int] = []

    def make(data: bytes) -> str:
        r, w = os.pipe()
        fds.append(r)
        os.write(w, data)  # small enough for the pipe's buffer
        os.close(w)
        return f"/dev/fd/{r}"

    if not os.path.isdir("/dev/fd"):
        pytest.skip("no /dev/fd here")
    yield make
    for fd in fds:
        os.close(fd)


def test_a_pipe_is_read(pipe: Callable[[bytes], str]) -> None:
    data = load_csv(pipe(b"a,y\n1,0\n2,1\n"))
    assert (data.X, data.Y) == ([[1.0], [2.0]], [0.0, 1.0])
    assert load_params(pipe(json.dumps(PARAMS.to_dict()).encode())) == PARAMS


def test_a_pipe_is_read_up_to_the_limit_only(pipe: Callable[[bytes], str]) -> None:
    path = pipe(b"x" * 1000)
    with pytest.raises(ParamsError) as e:
        read_text(path, ParamsError, "a parameters file", limit=999)
    assert one_line(e) == (
        f"cannot read {path}: larger than 0 MiB, the most tinynn reads from a parameters file"
    )
    assert read_text(pipe(b"x" * 1000), limit=1000) == "x" * 1000
    path = pipe(b"a,y\n" + b"1,0\n" * 300)  # a pipe has no size to check first: counted
    with pytest.raises(DataError, match=r"larger than 0 MiB, the most tinynn reads from a CSV"):
        list(read_lines(path, DataError, "a CSV file", limit=1000))


def test_the_documented_limits() -> None:
    assert (TEXT_LIMIT, CSV_LIMIT) == (64 * 2**20, 256 * 2**20)


@pytest.mark.parametrize(
    ("loader", "limit", "what"),
    [
        ("load_csv", CSV_LIMIT, "a CSV file"),
        ("load_params", TEXT_LIMIT, "a parameters file"),
    ],
)
def test_a_file_over_the_limit_is_refused_before_reading(
    tmp_path: Path, loader: str, limit: int, what: str
) -> None:
    path = tmp_path / "big"
    with open(path, "wb") as f:
        f.truncate(limit + 1)  # sparse: no disk space, and never read
    with pytest.raises(TinyNNError) as e:
        LOADERS[loader](str(path))
    mib = limit // 2**20
    assert (
        one_line(e)
        == f"cannot read {path}: larger than {mib} MiB, the most tinynn reads from {what}"
    )


def test_a_file_at_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_bytes(b"\xef\xbb\xbfab\r\ncd\re")
    assert read_text(str(path), limit=11) == "ab\ncd\ne"  # BOM gone, line ends as "\n"
    with pytest.raises(TinyNNError, match="larger than"):
        read_text(str(path), limit=10)
    assert list(read_lines(str(path), limit=11)) == ["ab\r\n", "cd\r", "e"]  # as csv wants


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
@pytest.mark.parametrize("at", [5, 8191, 8192, 100_003])
def test_not_utf8_names_the_byte_and_its_offset_in_the_file(
    tmp_path: Path, bom: bytes, at: int
) -> None:
    """Far into a large file too: the offset counts from the file's first byte."""
    body = b"a,y\n" + b"1,0\n" * (at // 4)
    data = bom + (body + b"9" * at)[: at - len(bom)] + b"\xe9,1\n"
    assert data[at] == 0xE9
    path = tmp_path / "latin.csv"
    path.write_bytes(data)
    reason = f"not UTF-8 text (byte 0xe9 at offset {at}); save it as UTF-8"
    with pytest.raises(DataError) as e:
        load_csv(str(path))
    assert one_line(e) == f"cannot read {path}: {reason}"
    with pytest.raises(ParamsError) as e2:
        load_params(str(path))
    assert one_line(e2) == f"cannot read {path}: {reason}"


# --- the arguments' types, checked at the surface


ANY: dict[str, Callable[..., object]] = {  # typed loosely: the calls below are wrong on purpose
    "load_csv": load_csv,
    "load_params": load_params,
    "save_params": save_params,
}


@pytest.mark.parametrize(
    ("function", "args", "message"),
    [
        ("load_csv", (3,), "load_csv: path must be a file name (a str), got int 3"),
        ("load_csv", (b"a.csv",), "load_csv: path must be a file name (a str), got bytes b'a.csv'"),
        ("load_csv", (None,), "load_csv: path must be a file name (a str), got NoneType None"),
        (
            "load_csv",
            ("a.csv", 2),
            "load_csv: target must be a column name (a str) or None, got int",
        ),
        ("load_csv", ("x" * 100_000,), "cannot read xxxxx"),  # too long a name: the OS says so
        ("load_params", (3,), "load_params: path must be a file name (a str), got int 3"),
        (
            "load_params",
            ("p.json", "2"),
            "load_params: n_inputs must be an int >= 1 or None, got '2'",
        ),
        (
            "load_params",
            ("p.json", True),
            "load_params: n_inputs must be an int >= 1 or None, got True",
        ),
        ("load_params", ("p.json", 0), "load_params: n_inputs must be an int >= 1 or None, got 0"),
        ("save_params", (3, PARAMS), "save_params: path must be a file name (a str), got int 3"),
        ("save_params", ("p.json", {"W1": []}), "save_params: params must be a Params, got dict"),
    ],
)
def test_wrong_argument_types_name_the_argument(
    function: str,
    args: tuple[object, ...],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing may be read or written by accident
    with pytest.raises(TinyNNError) as e:
        ANY[function](*args)
    assert one_line(e).startswith(message)
    assert os.listdir(tmp_path) == []


def test_a_pathlike_is_a_file_name(tmp_path: Path) -> None:
    save_params(tmp_path / "p.json", PARAMS)  # type: ignore[arg-type]
    assert load_params(tmp_path / "p.json") == PARAMS  # type: ignore[arg-type]
    (tmp_path / "d.csv").write_text("a,y\n1,0\n")
    assert load_csv(tmp_path / "d.csv").name == "d.csv"  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["a\nb.csv", "a\x1b[31mred.csv", "a\rb.csv"])
def test_a_file_name_with_control_characters_is_shown_quoted(tmp_path: Path, name: str) -> None:
    path = str(tmp_path / name)
    with pytest.raises(DataError) as e:
        load_csv(path)
    assert one_line(e) == f"cannot read {path!r}: no such file"
    assert "\x1b" not in str(e.value)


def test_a_nul_in_a_file_name() -> None:
    with pytest.raises(DataError) as e:
        load_csv("a\0b.csv")
    assert one_line(e) == "cannot read 'a\\x00b.csv': a file name cannot hold a NUL character"
    with pytest.raises(ParamsError, match="NUL"):
        save_params("a\0b.json", PARAMS)


# --- JSON integers too long for Python's int(): our message, naming the entry

GOOD = {"W1": [[0.5], [-1.0]], "b1": [0.0, 0.5], "W2": [1.0, -2.0], "b2": 0.5}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('"b2": 0.5', "b2 is too large to be a float"),
        ('"b2": -0.5', "b2 is too large to be a float"),
    ],
)
@pytest.mark.parametrize("digits", [310, 4_300, 4_301, 100_000])
def test_a_very_long_json_integer(tmp_path: Path, text: str, message: str, digits: int) -> None:
    sign = "-" if "-" in text else ""
    doc = json.dumps(GOOD).replace('"b2": 0.5', f'"b2": {sign}{"7" * digits}')
    path = tmp_path / "p.json"
    path.write_text(doc)
    with pytest.raises(ParamsError) as e:
        load_params(str(path))
    assert one_line(e) == f"{path}: {message}"


def test_a_long_integer_inside_w1_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(GOOD).replace("-1.0", "1" * 5000))
    with pytest.raises(ParamsError) as e:
        load_params(str(path))
    assert one_line(e) == f"{path}: W1[1][0] is too large to be a float"


def test_the_longest_integer_a_float_holds_still_loads(tmp_path: Path) -> None:
    big = int(sys.float_info.max)  # 309 digits
    path = tmp_path / "p.json"
    path.write_text(json.dumps({**GOOD, "b2": big}))
    assert load_params(str(path)).b2 == sys.float_info.max


# --- a corpus of odd CSV bytes: the message, or the data, for each

CSV_CORPUS: list[tuple[bytes, str | tuple[list[list[float]], list[float]]]] = [
    (b"", "is empty"),
    (b"\xef\xbb\xbf", "is empty"),
    (b",,\n , ,\n", "is empty"),
    (b"a,y\r\n1,0\r\n", ([[1.0]], [0.0])),
    (b"a,y\r1,0\r2,1", ([[1.0], [2.0]], [0.0, 1.0])),  # old Mac line ends, no final one
    (b"a,y\n1,0\n,\n2,1\n", ([[1.0], [2.0]], [0.0, 1.0])),  # a row of empty cells: skipped
    (b'"a","y"\n"1",0\n', ([[1.0]], [0.0])),
    (b'a,y\n"1\n",0\n', ([[1.0]], [0.0])),  # a quoted cell over two lines (float ignores "\n")
    (b'a,y\n1,0\n"2,1\n', "line 3: 1 cell, but the header has 2"),  # a quote never closed
    (b"a,y\n1\x00,0\n", "column 'a': not a number: '1\\x00'"),
    (b"a,y\n1_0,0\n", ([[10.0]], [0.0])),  # float() reads 1_0 as 10, as before
    (b"a,y\n1e308,1e308\n1e308,1e308\n", ([[1e308], [1e308]], [1e308, 1e308])),  # sum is inf
    (b"a,y\n1,-nan\n", "column 'y': not a finite number: -nan"),
    (b"a,y\n1,0\n2,infinity\n", "line 3, column 'y': not a finite number: infinity"),
    (b"a,y\n1,0\n2\n", "line 3: 1 cell, but the header has 2"),
    (b"a,y\n" + b"x" * 100 + b",1\n", "column 'a': not a number: 'xxxx"),
    (b"a,y\n" + b"x" * 200_000 + b",1\n", "field larger than field limit"),
    (b'a,y\n"' + b"x" * 200_000 + b'",1\n', "field larger than field limit"),
    (b"a,y\n1,0\n\xff\n", "not UTF-8 text (byte 0xff at offset 8)"),
]


@pytest.mark.parametrize(
    ("data", "expected"), CSV_CORPUS, ids=[str(k) for k in range(len(CSV_CORPUS))]
)
def test_csv_corpus(
    tmp_path: Path, data: bytes, expected: str | tuple[list[list[float]], list[float]]
) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(data)
    if isinstance(expected, str):
        with pytest.raises(DataError) as e:
            load_csv(str(path))
        assert expected in one_line(e) and str(path) in str(e.value)
    else:
        got = load_csv(str(path))
        assert expected == (got.X, got.Y)
        assert all(type(v) is float for row in got.X for v in row)


def reference_load(text: str) -> tuple[list[list[float]], list[float]] | None:
    """The plain way (csv module, one float() per cell, every cell checked): the data, or
    None where load_csv must raise."""
    rows = [r for r in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in r)]
    if len(rows) < 2:
        return None
    width = len(rows[0])
    X, Y = [], []
    for row in rows[1:]:
        if len(row) != width:
            return None
        try:
            values = [float(c) for c in row]
        except ValueError:
            return None
        if not all(math.isfinite(v) for v in values):
            return None
        X.append(values[:-1])
        Y.append(values[-1])
    return X, Y


numeric_cell = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-5, 5).map(str),
    st.sampled_from(["", " ", " 1 ", "1e308", "-1e308", "nan", "x", "1.5e", '"2"']),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.lists(numeric_cell, min_size=1, max_size=4), min_size=0, max_size=6),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
@example(rows=[[""], ["0.0", "0.0"]], end="\n")  # a blank first row: the header is 2 wide
def test_load_csv_agrees_with_the_plain_way(
    tmp_path: Path, rows: list[list[str]], end: str
) -> None:
    """The fast conversion (a row at a time, the finite check on the row's sum) gives the same
    data as one float() and one check per cell, and raises exactly where that one fails."""
    width = len(rows[0]) if rows else 1
    text = "h0,h1,h2,h3"[: 3 * max(width, 2) - 1] + end
    text += "".join(",".join(r) + end for r in rows)
    path = tmp_path / "r.csv"
    path.write_text(text, encoding="utf-8", newline="")
    expected = reference_load(text)
    if expected is None:
        with pytest.raises(DataError):
            load_csv(str(path))
    else:
        got = load_csv(str(path))
        assert expected == (got.X, got.Y)


# --- any text or bytes at all: a Dataset or Params, or a TinyNNError, never anything else

csv_like = st.text(
    alphabet=st.sampled_from(list('ay,;"\n\r 0123456789.-+eEinfa\t\ufeff\x00é')), max_size=80
)
json_like = st.text(
    alphabet=st.sampled_from(list('{}[]",:-.0123456789eE WbNIna\n\ufefftrul')), max_size=80
)
anything = st.one_of(
    st.binary(max_size=80),
    st.text(max_size=80).map(lambda s: s.encode("utf-8", "surrogatepass")),
    csv_like.map(str.encode),
    json_like.map(str.encode),
    st.just(json.dumps(GOOD).encode()),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(anything)
def test_any_bytes_give_data_or_a_tinynn_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any"
    path.write_bytes(data)
    for loader in (load_csv, load_params):
        try:
            loader(str(path))
        except TinyNNError as e:
            assert "\n" not in str(e) and str(path) in str(e)


def test_escape_sequences_in_a_csv_header_or_a_lesson_are_shown_escaped(tmp_path: Path) -> None:
    """A header or title that would recolour or clear the terminal reaches no display raw."""
    from tinynn.teach.lesson import load_lesson

    csv = tmp_path / "c.csv"
    csv.write_text("a\x1b[2J,b\x07,label\x1b]0;x\x07\n1,2,0\n3,4,1\n", encoding="utf-8")
    data = load_csv(str(csv))
    assert data.feature_names == ["a\\x1b[2J", "b\\x07"]
    assert data.target_name == "label\\x1b]0;x\\x07"
    lesson = tmp_path / "l.toml"
    lesson.write_text(
        'title = "Hi \\u001b[31mred"\ntext = "one\\ntwo\\u009b1m"\n'
        '[data]\nx = [[1.0]]\ny = [1.0]\nfeatures = ["f\\u001b"]\n',
        encoding="utf-8",
    )
    got = load_lesson(str(lesson))
    assert got.title == "Hi \\x1b[31mred"
    assert got.text == "one\ntwo\\x9b1m"  # the line break stays, the CSI does not
    assert got.setup().data.feature_names == ["f\\x1b"]
    assert all("\x1b" not in s for s in (got.intro(), *data.feature_names))
