"""How a CSV file is written: its text encoding and the character between its values.

Case systems export CSV in whatever their platform favours: UTF-8 (with or without a byte-order
mark), Windows "ANSI" (Windows-1252, or Latin-1 from older tools), UTF-16 from some Excel and SQL
Server exports, and `;` or tab between values where a comma is the decimal mark. Each is detected
from the bytes and the header (never guessed from the data), read as what it is, and named in a
note; a file that cannot be decoded without changing its characters is refused, not mangled."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

# Bytes read from the start of a file to find its encoding and header.
HEAD_BYTES = 64 << 10
# Bytes read per step when a whole file has to be scanned (only for files that are not UTF-8).
SCAN_BLOCK = 16 << 20
# The characters tried between values, comma first: a tie keeps the comma.
DELIMITERS = (",", ";", "\t")
DELIMITER_NAMES = {",": "commas", ";": "semicolons (;)", "\t": "tabs"}
# UTF-16 without a byte-order mark: in text that is mostly ASCII, every other byte is NUL. A share
# this high of NULs on one side and almost none on the other is not something UTF-8 text has.
UTF16_NUL_SHARE = 0.3
UTF16_PROBE = 4096

# Bytes Windows-1252 leaves undefined: a file holding one is not Windows-1252; Latin-1 reads it.
_CP1252_UNDEFINED = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")
# 0x80-0x9F: printable in Windows-1252 (curly quotes, en dash, euro sign), control codes in Latin-1.
_C1 = re.compile(rb"[\x80-\x9f]")
# A well-formed multi-byte UTF-8 sequence: text that is partly UTF-8 has these.
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)


class NotText(Exception):
    """The file's bytes cannot be read as text without changing characters."""


@dataclass
class CsvFormat:
    # A Python codec name (also what Arrow's CSV reader is given).
    encoding: str
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)

    @property
    def arrow_encoding(self) -> str:
        # Arrow reads UTF-8 itself (and skips a UTF-8 byte-order mark); any other name makes it
        # transcode the file as a stream, block by block.
        return "utf8" if self.encoding in ("utf-8", "utf-8-sig") else self.encoding


def head_bytes(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(HEAD_BYTES)


def encoding_of(head: bytes) -> CsvFormat:
    """The encoding the first bytes show: a byte-order mark, UTF-16's NULs, or UTF-8 (tentatively:
    a later byte may still prove it wrong, see `legacy_encoding`)."""
    if head.startswith(codecs.BOM_UTF8):
        return CsvFormat("utf-8-sig")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        order = "little" if head.startswith(codecs.BOM_UTF16_LE) else "big"
        note = f"read as UTF-16 ({order}-endian, with a byte-order mark)"
        return CsvFormat("utf-16", notes=[note])
    bare = _utf16_order(head[:UTF16_PROBE])
    if bare:
        name = "utf-16-le" if bare == "little" else "utf-16-be"
        note = f"read as UTF-16 ({bare}-endian, no byte-order mark: every other byte is 0)"
        return CsvFormat(name, notes=[note])
    return CsvFormat("utf-8")


def _utf16_order(probe: bytes) -> str | None:
    pairs = len(probe) // 2
    if pairs < 2:
        return None
    even = probe[0 : pairs * 2 : 2].count(0) / pairs
    odd = probe[1 : pairs * 2 : 2].count(0) / pairs
    if odd >= UTF16_NUL_SHARE and even < UTF16_NUL_SHARE / 10:
        return "little"
    if even >= UTF16_NUL_SHARE and odd < UTF16_NUL_SHARE / 10:
        return "big"
    return None


def is_utf8(head: bytes) -> bool:
    """Whether the first bytes are UTF-8 (a sequence cut off at the end of the block is fine)."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def legacy_encoding(path: Path) -> CsvFormat:
    """A file that is not UTF-8: Windows-1252 or Latin-1, with the first byte that showed it.

    One streaming pass over the file: where the first non-UTF-8 byte is, which bytes appear in
    0x80-0x9F (they decide between the two), and whether parts of the file are UTF-8 after all."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    first: tuple[int, int] | None = None  # the first byte that is not UTF-8, and its line
    lines = 1
    c1 = undefined = multibyte = False
    newline = b"\n"
    with path.open("rb") as handle:
        while block := handle.read(SCAN_BLOCK):
            if lines == 1 and b"\n" not in block and b"\r" in block:
                newline = b"\r"  # an old Mac or Excel export: lines end in CR alone
            if first is None:
                try:
                    decoder.decode(block, final=False)
                except UnicodeDecodeError as exc:
                    first = (block[exc.start], lines + block.count(newline, 0, exc.start))
            c1 = c1 or _C1.search(block) is not None
            undefined = undefined or _CP1252_UNDEFINED.search(block) is not None
            multibyte = multibyte or _UTF8_MULTIBYTE.search(block) is not None
            lines += block.count(newline)
    if first is None:
        return CsvFormat("utf-8")
    byte, line = first
    where = f"byte 0x{byte:02X} on line {line}"
    if multibyte:
        raise NotText(
            f"partly UTF-8 and partly not ({where} is not UTF-8, other lines are): "
            "it cannot be read without changing characters; save the file as CSV UTF-8"
        )
    if c1 and not undefined:
        return CsvFormat(
            "cp1252",
            notes=[
                f"not UTF-8 ({where}); read as Windows-1252 (Windows 'ANSI'): "
                "it has bytes such as curly quotes or dashes that only Windows-1252 defines"
            ],
        )
    why = (
        "it has bytes Windows-1252 does not define"
        if undefined
        else "Windows-1252 reads this file the same"
    )
    return CsvFormat("latin-1", notes=[f"not UTF-8 ({where}); read as Latin-1 ({why})"])


def delimiter_of(
    text: str, known: Collection[str], mark: str | None, search_rows: int
) -> tuple[str, str | None]:
    """The character between values, from the header: the one that splits it into the most known
    column names (or, with `mark`, the one that gives a cell reading it). A comma unless another
    does better. Returns the delimiter and a note when it is not a comma."""
    wanted = {mark} if mark is not None else set(known)
    best, best_score = ",", 0
    for delimiter in DELIMITERS:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        score = 0
        for _, row in zip(range(search_rows), reader, strict=False):
            names = {cell.replace("\ufeff", "").strip().lower() for cell in row}
            score = max(score, len(names & wanted))
        if score > best_score:
            best, best_score = delimiter, score
    if best == ",":
        return best, None
    return best, f"values separated by {DELIMITER_NAMES[best]}, as the header shows"
