"""Reading a file whose path a user typed: checked before a byte is read.

A device (`/dev/zero`), a directory, a fifo, a file larger than the limit or a path longer
than any sane name gets a clear error here, never a hang or all the memory further on.
"""

import os
import stat
from pathlib import Path

from .limits import MAX_PATH_CHARS


class FileRefused(ValueError):
    """The path cannot be read as the file it should be; the message says why."""


def check_path(path, *, what: str = "file") -> Path:
    text = os.fspath(path)
    if len(text) > MAX_PATH_CHARS:
        raise FileRefused(f"the {what} path is {len(text)} characters long; at most "
                          f"{MAX_PATH_CHARS} are accepted")
    if "\x00" in text:
        raise FileRefused(f"the {what} path contains a NUL character")
    return Path(text)


def regular_file_size(path, *, what: str = "file") -> int:
    """The size of `path` if it is a regular file we may read; FileRefused otherwise."""
    path = check_path(path, what=what)
    try:
        info = os.stat(path)
    except OSError as error:
        raise FileRefused(f"cannot read the {what}: {error.strerror or error}") from None
    if stat.S_ISDIR(info.st_mode):
        raise FileRefused(f"{path} is a directory, not a {what}")
    if not stat.S_ISREG(info.st_mode):
        raise FileRefused(f"{path} is not a regular file (a device, fifo or socket); "
                          f"expected a {what}")
    return info.st_size


def read_text(path, *, limit: int, what: str = "file") -> str:
    """The UTF-8 text of a regular file of at most `limit` bytes."""
    size = regular_file_size(path, what=what)
    if size > limit:
        raise FileRefused(f"{path} is {size:,} bytes; a {what} may be at most {limit:,} bytes")
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as error:
        raise FileRefused(f"cannot read the {what}: {error.strerror or error}") from None
    if len(data) > limit:
        raise FileRefused(f"{path} is larger than {limit:,} bytes; a {what} may be at most "
                          f"{limit:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileRefused(f"{path} is not a UTF-8 text file (byte {data[error.start]:#04x} at "
                          f"offset {error.start}, line {line})") from None
