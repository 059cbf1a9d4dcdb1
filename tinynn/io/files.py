"""The user's files: read with a size limit, written atomically, special files refused.

Reading (`read_text`, `read_lines`) stops at a documented size, so that a huge
file or an endless one (`/dev/zero`, a pipe that never ends) gives one line
instead of running out of memory:

    TEXT_LIMIT   64 MiB    parameters files and lessons
    CSV_LIMIT   256 MiB    CSV files (a 1,000,000-row, two-input CSV is about 27 MB)

What can be read: regular files and pipes (so `--csv <(zcat data.csv.gz)` works; a
named pipe that no program writes to reads as empty instead of waiting). What is
refused, before it is opened: folders, devices (`/dev/zero`, a terminal) and sockets.

Writing (`write_text`) goes to a temporary file next to the target, then renames
it over the target: a crash leaves the old file or the new one, never half of
one. The temporary file has a fixed name per target (`.NAME.tinynn-tmp`), so a
save that is killed leaves at most one, which the next save reuses. A symbolic
link is written through (its target is replaced, the link stays); folders,
devices, named pipes and sockets are refused, even for root (`--save /dev/null`
must not replace /dev/null). The new file keeps the old one's permissions, or
gets a new file's under the umask.

Every error is the caller's `TinyNNError` subclass with a one-line message that
names the file; a name with control characters in it is shown quoted (repr).
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
from collections.abc import Iterator

from tinynn.core.errors import TinyNNError
from tinynn.core.validate import got

MiB = 1024 * 1024
TEXT_LIMIT = 64 * MiB
CSV_LIMIT = 256 * MiB
TMP_SUFFIX = ".tinynn-tmp"


def printable(text: str, keep: str = "") -> str:
    """`text` with every character that is not printable (an escape sequence's ESC, a bell, a
    carriage return...) written as its escape, e.g. "\\x1b"; characters in `keep` stay.

    Text read from a file (a CSV header, a lesson's title) passes through here once, where it
    is read, so that no display of it can send a control sequence to the terminal.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() or c in keep else repr(c)[1:-1] for c in text)


def show(path: str) -> str:
    """`path` as a message shows it: as it is, or quoted if it could upset a terminal."""
    return path if path and path.isprintable() else repr(path)


def no_such_file(path: str) -> str:
    """The one message for a file that is not there, wherever it is read: "cannot read PATH:
    no such file" (as "cannot read PATH: it is a folder" and every other reading error)."""
    return f"cannot read {show(path)}: no such file"


def check_path(
    path: object, error: type[TinyNNError] = TinyNNError, name: str = "path", where: str = ""
) -> str:
    """`path` as a str, or `error` naming the argument: a str or an os.PathLike of str.

    Args:
        path: what the caller was given.
        error: the error class to raise.
        name: the argument's name, for the message.
        where: the function's name, for the message (e.g. "load_csv").
    """
    if isinstance(path, os.PathLike):
        path = os.fspath(path)
    if isinstance(path, str):
        return path
    prefix = f"{where}: " if where else ""
    shown = got(path)  # repr, but a 5000-digit int by its length (repr would raise)
    shown = shown if len(shown) <= 40 else shown[:40] + "..."
    raise error(f"{prefix}{name} must be a file name (a str), got {type(path).__name__} {shown}")


def not_utf8(e: UnicodeDecodeError, offset: int = 0) -> str:
    """A one-line reason for a file that is not UTF-8 text (`offset`: where e.object starts)."""
    return (
        f"not UTF-8 text (byte 0x{e.object[e.start]:02x} at offset {offset + e.start}); "
        "save it as UTF-8"
    )


def read_text(
    path: str,
    error: type[TinyNNError] = TinyNNError,
    what: str = "a file",
    limit: int = TEXT_LIMIT,
) -> str:
    """The whole text of a UTF-8 file, with a byte-order mark removed and line ends as "\\n".

    Args:
        path: the file (a str or os.PathLike; anything else raises `error`).
        error: the TinyNNError subclass to raise (DataError, ParamsError, LessonError...).
        what: what the file is, for the size message: "a lesson" gives
            "cannot read x.toml: larger than 64 MiB, the most tinynn reads from a lesson".
        limit: the most bytes to read.

    Raises:
        error: the file is missing, a folder, a device or a socket, unreadable,
            larger than `limit`, or not UTF-8. One line, naming the file.
    """
    path = check_path(path, error)
    with _open(path, error, what, limit) as f:
        data = _read_all(f, path, error)
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as e:
        raise error(f"cannot read {show(path)}: {not_utf8(e, bom)}") from None
    # As open() does by default (universal newlines): JSON and TOML see "\n" only.
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def read_lines(
    path: str,
    error: type[TinyNNError] = TinyNNError,
    what: str = "a file",
    limit: int = CSV_LIMIT,
) -> Iterator[str]:
    """The lines of a UTF-8 file one at a time, as open(path, newline="") gives them.

    Line ends are kept ("\\r\\n", "\\r" or "\\n", as the csv module wants them) and a
    byte-order mark is removed. The file is opened (and missing files, folders...
    raise `error`) when this is called, not at the first line; it is read in
    chunks, so memory stays small whatever the file's size, and a file larger
    than `limit` raises `error` when the reading gets there.

    Args and errors: as for `read_text`.
    """
    path = check_path(path, error)
    f = _open(path, error, what, limit)
    return _lines(f, path, error, what, limit)


def _lines(
    f: io.BufferedReader, path: str, error: type[TinyNNError], what: str, limit: int
) -> Iterator[str]:
    with io.TextIOWrapper(f, encoding="utf-8-sig", newline="") as text:
        try:
            yield from text
        except UnicodeDecodeError as e:
            # The decoder works chunk by chunk, so e.start is not the offset in the file:
            # read the file again (an error path; the limit still holds) to name the byte.
            try:
                read_text(path, error, what, limit)
            except TinyNNError as again:
                raise again from None
            raise error(f"cannot read {show(path)}: {not_utf8(e)}") from None
        except OSError as e:
            raise error(f"cannot read {show(path)}: {e.strerror or e}") from None


def _read_all(f: io.BufferedReader, path: str, error: type[TinyNNError]) -> bytes:
    try:
        return f.read()
    except OSError as e:
        raise error(f"cannot read {show(path)}: {e.strerror or e}") from None


def _kind(mode: int) -> str | None:
    """None for a regular file, else what the file is, for a message."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device, not a regular file"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO), not a regular file"
    if stat.S_ISSOCK(mode):
        return "a socket, not a regular file"
    return "not a regular file"


def _stat(path: str, error: type[TinyNNError], verb: str) -> os.stat_result | None:
    """os.stat(path), None if there is no such file, or `error` for any other failure."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        return None
    except ValueError:  # os.stat("a\0b"): a NUL cannot be in a file name
        raise error(
            f"cannot {verb} {show(path)}: a file name cannot hold a NUL character"
        ) from None
    except OSError as e:
        raise error(f"cannot {verb} {show(path)}: {e.strerror or e}") from None


class _Limited(io.RawIOBase):
    """A file descriptor's bytes, raising a TinyNNError once more than `limit` are read."""

    def __init__(self, fd: int, limit: int, too_large: TinyNNError) -> None:
        super().__init__()
        self._file = io.FileIO(fd, "rb", closefd=True)
        self._left = limit
        self._too_large = too_large

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        n = self._file.readinto(buffer)
        if n is None:  # cannot happen: the descriptor is blocking
            return 0
        self._left -= n
        if self._left < 0:
            raise self._too_large
        return n

    def close(self) -> None:
        self._file.close()
        super().close()


def _open(path: str, error: type[TinyNNError], what: str, limit: int) -> io.BufferedReader:
    """The file opened for reading with a limit, or `error` (see the module's docstring)."""
    where = show(path)
    too_large = error(
        f"cannot read {where}: larger than {limit // MiB} MiB, the most tinynn reads from {what}"
    )
    # stat first: opening a device may have effects of its own (a tape rewinds, a watchdog
    # starts), and open(folder) succeeds on Linux.
    st = _stat(path, error, "read")
    if st is None:
        raise error(no_such_file(path))
    if not stat.S_ISFIFO(st.st_mode) and _kind(st.st_mode) is not None:
        raise error(f"cannot read {where}: it is {_kind(st.st_mode)}")
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise too_large  # at once; reading still counts (a file may grow, /proc says size 0)
    # O_NONBLOCK: opening a named pipe that no program writes to would wait for one.
    nonblock = getattr(os, "O_NONBLOCK", 0)
    flags = os.O_RDONLY | nonblock | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(no_such_file(path)) from None
    except OSError as e:
        raise error(f"cannot read {where}: {e.strerror or e}") from None
    try:
        mode = os.fstat(fd).st_mode  # again: the name may now be another file
        if not stat.S_ISFIFO(mode) and _kind(mode) is not None:
            raise error(f"cannot read {where}: it is {_kind(mode)}")
        if nonblock:
            os.set_blocking(fd, True)  # a pipe without a writer then reads as empty
        return io.BufferedReader(_Limited(fd, limit, too_large), buffer_size=MiB)
    except BaseException:
        os.close(fd)
        raise


def check_writable(path: str, error: type[TinyNNError] = TinyNNError) -> str:
    """Raise `error` unless `write_text(path, ...)` can be expected to work; the real target.

    Checked: the folder exists and is writable, and the file (after following
    symbolic links) is missing or a regular file. Returns the path that will be
    replaced: `path` itself, or the file a symbolic link points to.
    """
    path = check_path(path, error)
    where = show(path)
    if path == "":
        raise error("cannot write '': no file name")
    st = _stat(path, error, "write")  # first: it names a NUL in the name, realpath would not
    target = os.path.realpath(path)
    if st is not None and _kind(st.st_mode) is not None:
        raise error(f"cannot write {where}: it is {_kind(st.st_mode)}")
    # A symbolic link to a missing file is fine (the file is made, as `echo > link` would),
    # unless the links go round in a loop.
    if st is None and os.path.islink(path) and os.path.islink(target):
        raise error(f"cannot write {where}: a loop of symbolic links")
    folder = os.path.dirname(target)
    if not os.path.isdir(folder):
        raise error(f"cannot write {where}: folder {show(folder)} does not exist")
    if not os.access(folder, os.W_OK):
        raise error(f"cannot write {where}: folder {show(folder)} is not writable")
    return target


def write_text(path: str, text: str, error: type[TinyNNError] = TinyNNError) -> None:
    """Replace the file at `path` with `text` (UTF-8), atomically (see the module's docstring).

    Raises:
        error: the path is a folder, device, named pipe or socket, its folder is
            missing or not writable, or writing fails (a full disk...); the old
            file is then unchanged.
    """
    target = check_writable(path, error)
    where = show(path)
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".{name}{TMP_SUFFIX}")
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        umask = os.umask(0)  # the only way to read the umask is to set it
        os.umask(umask)
        mode = 0o666 & ~umask
    try:
        fd = _open_tmp(tmp, mode, error, where)
        try:
            if hasattr(os, "fchmod"):  # a reused temporary file may have other permissions
                os.fchmod(fd, mode)
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as e:
        raise error(f"cannot write {where}: {e.strerror or e}") from None
    _sync_folder(folder)


def _open_tmp(tmp: str, mode: int, error: type[TinyNNError], where: str) -> int:
    """Open (make, or reuse after a killed save) the temporary file, empty, for writing.

    The name is predictable, so in a folder others can write to (/tmp) it might be
    theirs: it must not be followed if a symbolic link (O_NOFOLLOW), nor waited on if
    a named pipe (O_NONBLOCK), and it is emptied only once it is known to be our own
    regular file with no other name (a hard link would empty that other file too).
    """
    flags = os.O_WRONLY | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    fd = os.open(tmp, flags, mode)
    try:
        st = os.fstat(fd)
        mine = not hasattr(os, "geteuid") or st.st_uid == os.geteuid()
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1 or not mine:
            raise error(f"cannot write {where}: {show(tmp)} is in the way (remove it)")
        if hasattr(os, "O_NONBLOCK"):
            os.set_blocking(fd, True)
        os.ftruncate(fd, 0)
        return fd
    except BaseException:
        os.close(fd)
        raise


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); where a folder cannot be opened, skip it."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def path_below(folder: str, name: str) -> str | None:
    """`name` joined to `folder` if it names a file in that folder or below it, else None:
    not an absolute path, and not one that `..` or a symbolic link leads out of (both
    resolved, then compared). What a lesson may read: the files it travels with."""
    if os.path.isabs(name):
        return None
    path = os.path.join(folder, name)
    try:
        root, real = os.path.realpath(folder), os.path.realpath(path)
        below = os.path.commonpath([root, real]) == root
    except ValueError:  # a NUL byte in the name: the reader names that problem
        return path
    return path if below else None
