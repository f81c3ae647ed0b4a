"""CSV files as councils' systems really write them: ANSI and UTF-16 text, `;` and tab between
values, CR-only line endings. Each is read as what it is, with a note naming what was found."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from qaf.config import Settings
from qaf.warehouse import load_folder, open_source
from qaf.warehouse.read import RawTable, Unreadable, read_file
from qaf.warehouse.validate import check_folder
from tests.warehouse.folders import valid_rows, write

HEADER = "form_id,received_date,comment"


def read(tmp_path: Path, data: bytes, name: str = "qaf_feedback.csv") -> RawTable:
    path = tmp_path / name
    path.write_bytes(data)
    return read_file(path)


def values(raw: RawTable, column: str) -> list[str]:
    return raw.columns[column].to_pylist()


def test_windows_1252_with_pound_and_curly_quotes(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nF1,2016-09-02,plain\r\nF2,2016-09-03,\u201cKind\u201d \u2013 \u00a35 it\u2019s\r\n"
    raw = read(tmp_path, text.encode("cp1252"))
    assert values(raw, "comment") == ["plain", "\u201cKind\u201d \u2013 \u00a35 it\u2019s"]
    assert raw.notes == [
        "not UTF-8 (byte 0x93 on line 3); read as Windows-1252 (Windows 'ANSI'): "
        "it has bytes such as curly quotes or dashes that only Windows-1252 defines"
    ]


def test_latin_1_with_e_acute(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\nF1,2016-09-02,Caf\u00e9 visit\n".encode("latin-1"))
    assert values(raw, "comment") == ["Caf\u00e9 visit"]
    assert raw.notes == [
        "not UTF-8 (byte 0xE9 on line 2); read as Latin-1 (Windows-1252 reads this file the same)"
    ]


def test_a_byte_far_down_a_utf8_looking_file(tmp_path: Path) -> None:
    # The first 64 KB are plain ASCII; the pound sign in Windows-1252 comes 5,000 lines later.
    lines = [HEADER] + [f"F{i},2016-09-02,fine" for i in range(5000)]
    lines.append("F-last,2016-09-02,\u00a310 \u2018voucher\u2019")
    raw = read(tmp_path, "\n".join(lines).encode("cp1252") + b"\n")
    assert raw.rows == 5001
    assert values(raw, "comment")[-1] == "\u00a310 \u2018voucher\u2019"
    assert "byte 0xA3 on line 5002" in raw.notes[0] and "Windows-1252" in raw.notes[0]


def test_utf16_little_endian_with_bom(tmp_path: Path) -> None:
    text = f"{HEADER}\r\nF1,2016-09-02,\u00a35 \u201cok\u201d\r\n"
    raw = read(tmp_path, codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert list(raw.columns) == ["form_id", "received_date", "comment"]
    assert values(raw, "comment") == ["\u00a35 \u201cok\u201d"]
    assert raw.notes == ["read as UTF-16 (little-endian, with a byte-order mark)"]


def test_utf16_big_endian_without_bom(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\nF1,2016-09-02,Caf\u00e9\n".encode("utf-16-be"))
    assert values(raw, "form_id") == ["F1"]
    assert values(raw, "comment") == ["Caf\u00e9"]
    assert raw.notes == ["read as UTF-16 (big-endian, no byte-order mark: every other byte is 0)"]


def test_utf8_bom_is_accepted_without_a_note(tmp_path: Path) -> None:
    raw = read(tmp_path, codecs.BOM_UTF8 + f"{HEADER}\nF1,2016-09-02,\u00a35\n".encode())
    assert list(raw.columns) == ["form_id", "received_date", "comment"]
    assert values(raw, "comment") == ["\u00a35"]
    assert raw.notes == []


def test_semicolons_found_from_the_header(tmp_path: Path) -> None:
    raw = read(tmp_path, b"Form_ID;received_date;comment\nF1;02/09/2016;late, but kind\n")
    assert values(raw, "comment") == ["late, but kind"]
    assert values(raw, "form_id") == ["F1"]
    assert raw.notes == ["values separated by semicolons (;), as the header shows"]


def test_tabs_found_from_the_header(tmp_path: Path) -> None:
    raw = read(tmp_path, b"form_id\treceived_date\tcomment\r\nF1\t2016-09-02\tyes; thanks, all\r\n")
    assert values(raw, "comment") == ["yes; thanks, all"]
    assert raw.notes == ["values separated by tabs, as the header shows"]


def test_commas_stay_the_default_when_the_header_says_nothing(tmp_path: Path) -> None:
    # Unknown column names: no guessing from the data, which is full of semicolons.
    raw = read(tmp_path, b"alpha,beta\na;b;c,d\n")
    assert values(raw, "alpha") == ["a;b;c"]
    assert raw.notes == []


def test_cr_only_line_endings(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\rF1,2016-09-02,one\rF2,2016-09-03,two\r".encode())
    assert values(raw, "form_id") == ["F1", "F2"]
    assert values(raw, "comment") == ["one", "two"]


def test_cr_only_header_alone_is_an_empty_table(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\r\r".encode())
    assert raw.rows == 0
    assert list(raw.columns) == ["form_id", "received_date", "comment"]


def test_cr_only_windows_1252_counts_lines_by_cr(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\rF1,2016-09-02,ok\rF2,2016-09-03,\u2019\r".encode("cp1252"))
    assert values(raw, "comment") == ["ok", "\u2019"]
    assert "byte 0x92 on line 3" in raw.notes[0]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_quoted_value_with_line_breaks(tmp_path: Path, newline: str) -> None:
    text = newline.join(
        [HEADER, 'F1;2016-09-02;"first line', 'second; line"', "F2;2016-09-03;after", ""]
    ).replace(",", ";")
    raw = read(tmp_path, text.encode("cp1252"))
    assert values(raw, "comment") == [f"first line{newline}second; line", "after"]
    assert values(raw, "form_id") == ["F1", "F2"]


def test_partly_utf8_is_refused_not_mangled(tmp_path: Path) -> None:
    data = f"{HEADER}\nF1,2016-09-02,\u00a35\n".encode() + b"F2,2016-09-02,\xa35\n"
    with pytest.raises(Unreadable, match=r"partly UTF-8.*byte 0xA3 on line 3.*CSV UTF-8"):
        read(tmp_path, data)


def test_the_load_report_names_encoding_and_delimiter(tmp_path: Path) -> None:
    folder = write(tmp_path, valid_rows())
    feedback = "form_id;received_date;comment\r\nF1;2016-09-02;\u00a35 \u2013 \u201cgood\u201d\r\n"
    (folder / "qaf_feedback.csv").write_bytes(feedback.encode("cp1252"))
    tables, report = check_folder(folder, Settings())
    assert not report.rejected, report.message
    assert tables["qaf_feedback"].column("comment").to_pylist() == [
        "\u00a35 \u2013 \u201cgood\u201d"
    ]
    notes = [n for n in report.notes if n.startswith("qaf_feedback.csv: ")]
    assert any("read as Windows-1252" in n for n in notes)
    assert any("semicolons" in n for n in notes)


def test_utf16_semicolon_file_stored_unchanged(tmp_path: Path, store_url: str) -> None:
    folder = write(tmp_path / "in", valid_rows())
    text = "form_id;received_date;comment\r\nF1;2016-09-02;\u00a35 \u2018ok\u2019 caf\u00e9\r\n"
    (folder / "qaf_feedback.csv").write_bytes(text.encode("utf-16"))
    report = load_folder(folder, store_url, Settings(), progress=False)
    assert report.status == "loaded", report.message
    source = open_source(store_url)
    try:
        stored = source.tables["qaf_feedback"].execute()
    finally:
        source.backend.disconnect()
    assert list(stored["comment"]) == ["\u00a35 \u2018ok\u2019 caf\u00e9"]


def test_semicolons_found_below_title_lines_by_the_header_mark(tmp_path: Path) -> None:
    # Ofsted's sheet saved as CSV by a tool that writes `;`: title lines above the header.
    text = "Providers at 31 March 2023;;\r\n;;\r\nURN;Name;Provision type\r\nSC1;Home, North;Ch\r\n"
    path = tmp_path / "ofsted_providers.csv"
    path.write_bytes(text.encode("cp1252"))
    raw = read_file(path, "urn")
    assert raw.header_row == 3
    assert raw.columns["name"].to_pylist() == ["Home, North"]
    assert "values separated by semicolons (;), as the header shows" in raw.notes


def test_utf16_header_alone_is_an_empty_table(tmp_path: Path) -> None:
    raw = read(tmp_path, f"{HEADER}\r\n".encode("utf-16"))
    assert raw.rows == 0
    assert list(raw.columns) == ["form_id", "received_date", "comment"]


def test_utf8_bom_then_windows_1252_bytes_is_refused_with_the_place(tmp_path: Path) -> None:
    lines = [HEADER] + [f"F{i},2016-09-02,fine" for i in range(5000)] + ["F-x,2016-09-02,it\x92s"]
    data = codecs.BOM_UTF8 + "\n".join(lines).encode("latin-1") + b"\n"
    with pytest.raises(Unreadable, match=r"partly UTF-8.*byte 0x92 on line 5002"):
        read(tmp_path, data)
