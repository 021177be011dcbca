"""Strings stored end to end in one UTF-8 buffer, as the index cache keeps them.

A start used to parse every document column and the vocabulary from JSON: a Python
object a string, made whether or not a question ever reads it (at 1M paragraphs some
77,000 documents' six columns and 400,000 terms, 0.1 s). Packed, a column loads as
arrays (memory-mapped, nothing decoded) and a value is decoded when read; a list every
load needs whole (the sorted terms, the file records' paths) is one decode and one split
in C. The passages' texts are such a column too, read as a question reads them.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar, overload

import numpy as np

T = TypeVar("T", bound="str | None")

# What joins the strings of a list packed as lines: terms are words and record paths
# are file names without control characters (corpus._name_problem), so none holds it.
LINE_BREAK = "\n"


class TextColumn(Sequence[T]):
    """Value ``i`` is the UTF-8 text at ``blob[offsets[i]:offsets[i + 1]]``, or None
    where ``missing[i]``; decoded when read. A value altered past the cache's checksums
    shows U+FFFD, never fails the question reading it. ``TextColumn[str]``: a column
    with no value missing (the passages' texts).

    Read as its readers read it. Of the passages a question reads a few hundred of a
    million: each offset is looked up in the array, and a memory-mapped text is read
    with pread, since touching a mapped page maps its neighbours too (the kernel's
    fault-around) and a hundred questions would keep most of the text resident. A
    ``dense`` column (a document column: telling duplicates reads every value one by
    one) keeps its offsets as a Python list, made at the first read, since indexing an
    array costs a few hundred nanoseconds a number, and slices the map."""

    @overload
    def __init__(self: TextColumn[str], blob: np.ndarray, offsets: np.ndarray, missing: None = None, dense: bool = False) -> None: ...

    @overload
    def __init__(self: TextColumn[str | None], blob: np.ndarray, offsets: np.ndarray, missing: np.ndarray | None, dense: bool = False) -> None: ...

    def __init__(self, blob: np.ndarray, offsets: np.ndarray, missing: np.ndarray | None = None, dense: bool = False) -> None:
        self.blob = blob  # uint8
        self.offsets = offsets  # int64, one more than there are values
        self.missing = missing  # bool per value; None: no value is missing
        self.dense = dense
        self._bytes = np.asarray(blob).data  # a memoryview slices in a fraction of an array's time
        # The offsets as a plain array: a memory map's own indexing is a Python call a number.
        self._offsets = np.asarray(offsets)
        # How many values: a question reads a hundred-odd of its values one by one (texts,
        # headlines, their terms), each checked against it without a call to __len__.
        self._count = len(offsets) - 1
        self._fd: int | None = None
        self._start = 0
        if not dense and isinstance(blob, np.memmap) and blob.filename:
            self._fd, self._start = os.open(blob.filename, os.O_RDONLY), int(blob.offset)
            weakref.finalize(self, os.close, self._fd)
        self._bounds: list[int] | None = None  # dense: the offsets and the missing values as lists
        self._gaps: list[bool] | None = None

    @classmethod
    def pack(cls, texts: Iterable[str]) -> TextColumn[str]:
        """``texts`` packed as one column."""
        blob, offsets, _ = pack_texts([list(texts)])
        return TextColumn(blob, offsets[0])

    @classmethod
    def joined(cls, parts: Sequence[TextColumn[str]]) -> TextColumn[str]:
        """The texts of several parts end to end (the chunks of a build, in order)."""
        offsets = np.zeros(sum(len(p) for p in parts) + 1, dtype=np.int64)
        at, base = 1, 0
        for part in parts:
            offsets[at : at + len(part)] = part.offsets[1:] + (base - int(part.offsets[0]))
            at += len(part)
            base += int(part.offsets[-1] - part.offsets[0])
        blob = np.concatenate([np.asarray(p.blob)[p.offsets[0] : p.offsets[-1]] for p in parts]) if parts else np.empty(0, np.uint8)
        return TextColumn(blob.astype(np.uint8, copy=False), offsets)

    def kept(self: TextColumn[str], keep: np.ndarray) -> TextColumn[str]:
        """The texts ``keep`` (a boolean per text) marks, in order."""
        sizes = np.diff(self.offsets)
        offsets = np.zeros(int(keep.sum()) + 1, dtype=np.int64)
        np.cumsum(sizes[keep], out=offsets[1:])
        start = int(self.offsets[0])
        return TextColumn(np.asarray(self.blob)[start : int(self.offsets[-1])][np.repeat(keep, sizes)], offsets)

    def __reduce__(self) -> tuple[type[TextColumn[T]], tuple[np.ndarray, np.ndarray, np.ndarray | None, bool]]:
        # A worker process sends its texts as the arrays (a memoryview does not pickle).
        return TextColumn, (np.asarray(self.blob), np.asarray(self.offsets), self.missing, self.dense)

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> Any:  # the overloads say which: a str, or None where missing
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        count = self._count
        if i < 0:
            i += count
        if not 0 <= i < count:
            raise IndexError(i)
        if not self.dense:
            if self.missing is not None and self.missing[i]:
                return None
            start, end = int(self._offsets[i]), int(self._offsets[i + 1])
            if self._fd is not None:
                return str(os.pread(self._fd, end - start, self._start + start), "utf-8", "replace")
            return str(self._bytes[start:end], "utf-8", "replace")
        if self._bounds is None:  # the gaps first: another thread takes the bounds as the sign of both
            self._gaps = self.missing.tolist() if self.missing is not None else None
            self._bounds = self.offsets.tolist()
        if self._gaps is not None and self._gaps[i]:
            return None
        return str(self._bytes[self._bounds[i] : self._bounds[i + 1]], "utf-8", "replace")

    def __iter__(self) -> Iterator[T]:
        if self._fd is not None:  # value by value, so a walk leaves no page mapped
            return (self[i] for i in range(len(self)))
        # All at once (telling duplicates walks every document): offsets as ints, one slice each.
        data, bounds = self._bytes, self.offsets.tolist()
        values: list[str | None] = [str(data[a:b], "utf-8", "replace") for a, b in zip(bounds, bounds[1:])]
        if self.missing is not None and self.missing.any():
            for i in np.flatnonzero(self.missing).tolist():
                values[i] = None
        return iter(values)  # type: ignore[arg-type]  # None only where a value is missing

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sequence) and not isinstance(other, str) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]


def pack_texts(columns: Sequence[Sequence[str | None]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Columns of equal length as one UTF-8 blob (column after column), each value's
    start in it (int64, (columns, values + 1): a row ends where the next begins) and
    where a value is None (bool, (columns, values))."""
    count = len(columns[0]) if columns else 0
    encoded = [(value or "").encode("utf-8") for column in columns for value in column]
    if len(encoded) != count * len(columns):
        raise ValueError("the columns differ in length")
    lengths = np.fromiter(map(len, encoded), dtype=np.int64, count=len(encoded)).reshape(len(columns), count)
    ends = np.cumsum(lengths.ravel()).reshape(len(columns), count)
    offsets = np.zeros((len(columns), count + 1), dtype=np.int64)
    offsets[:, 1:] = ends
    offsets[1:, 0] = ends[:-1, -1] if count else 0
    missing = np.array([[value is None for value in column] for column in columns], dtype=bool).reshape(len(columns), count)
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets, missing


def text_columns(blob: np.ndarray, offsets: np.ndarray, missing: np.ndarray) -> list[TextColumn[str | None]]:
    """The columns ``pack_texts`` packed; ValueError when the arrays cannot be them (an
    offset outside the blob or going backwards), checked vectorised."""
    if blob.dtype != np.uint8 or blob.ndim != 1:
        raise ValueError("the column text is not a flat byte array")
    if offsets.dtype != np.int64 or offsets.ndim != 2 or offsets.shape[1] < 1:
        raise ValueError("the column offsets have the wrong type or shape")
    if missing.dtype != np.bool_ or missing.shape != (offsets.shape[0], offsets.shape[1] - 1):
        raise ValueError("the missing values do not fit the columns")
    if len(offsets):
        starts, ends = offsets[:, 0], offsets[:, -1]
        if starts[0] != 0 or ends[-1] != len(blob) or (starts[1:] != ends[:-1]).any():
            raise ValueError("the column offsets do not span the column text")
        if (np.diff(offsets, axis=1) < 0).any():  # with both ends right: every offset in the blob
            raise ValueError("the column offsets go backwards")
    elif len(blob):
        raise ValueError("the column offsets do not span the column text")
    return [TextColumn(blob, row, flags if flags.any() else None, dense=True) for row, flags in zip(offsets, missing)]


def pack_lines(values: Sequence[str]) -> np.ndarray:
    """``values`` as one UTF-8 blob, joined by LINE_BREAK; ValueError when one holds it."""
    text = LINE_BREAK.join(values)
    if text.count(LINE_BREAK) != max(0, len(values) - 1):
        raise ValueError("a value to pack as a line holds a line break")
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def unpack_lines(blob: np.ndarray, count: int) -> list[str]:
    """The ``count`` strings ``pack_lines`` packed; ValueError when the blob is not
    UTF-8 or does not hold that many."""
    if blob.dtype != np.uint8 or blob.ndim != 1:
        raise ValueError("the packed lines are not a flat byte array")
    text = str(np.asarray(blob).data, "utf-8")
    values = text.split(LINE_BREAK) if count else []
    if len(values) != count or (not count and text):
        raise ValueError(f"{len(values)} packed lines where {count} were expected")
    return values
