"""Safe unpacking of real zip archives and walking of folders into batch items."""

from __future__ import annotations

import os
import zipfile

import pytest

from ingest.archives import ArchiveUnpacker, entry_name, looks_like_archive
from ingest.sources import SourceCollector
from protocols.settings import Settings
from tests.bulk_zips import cp866_entry, cp1251_entry, nested_zip, write_zip, zip_bytes

DOC = b"%PDF-1.4 not really, but bytes to carry"


@pytest.fixture
def settings(tmp_path):
    return Settings(data_dir=tmp_path / "var", zip_max_total_bytes=8 * 1024 * 1024, zip_max_depth=2)


def unpack(settings, archive, tmp_path):
    unpacker = ArchiveUnpacker(settings, tmp_path / "staging")
    return list(unpacker.unpack(archive, archive.name))


def by_path(entries):
    return {entry.display_path: entry for entry in entries}


@pytest.mark.parametrize(
    ("raw_name", "expected"),
    [
        (cp866_entry("Протокол №3 педсовет.docx"), "Протокол №3 педсовет.docx"),
        (cp866_entry("Школа 32/Приказ ёлки.pdf"), "Школа 32/Приказ ёлки.pdf"),
        (cp1251_entry("Протокол заседания.docx"), "Протокол заседания.docx"),
        (zipfile.ZipInfo("plain-ascii.docx"), "plain-ascii.docx"),
        ("Протокол в UTF-8.docx", "Протокол в UTF-8.docx"),
    ],
)
def test_entry_names_decoded_as_their_archiver_wrote_them(tmp_path, raw_name, expected):
    archive = write_zip(tmp_path / "names.zip", [(raw_name, DOC)])
    with zipfile.ZipFile(archive) as zf:
        (info,) = zf.infolist()
    assert entry_name(info) == expected


def test_unicode_path_extra_field_wins_over_raw_bytes(tmp_path):
    import struct
    import zlib

    raw = b"________.docx"  # the legacy name some archivers write next to the field
    info = zipfile.ZipInfo(raw.decode("cp437"))
    utf8 = "протокол.docx".encode("utf-8")
    payload = bytes([1]) + struct.pack("<I", zlib.crc32(raw)) + utf8
    info.extra = struct.pack("<HH", 0x7075, len(payload)) + payload
    archive = write_zip(tmp_path / "extra.zip", [(info, DOC)])
    with zipfile.ZipFile(archive) as zf:
        assert entry_name(zf.infolist()[0]) == "протокол.docx"


def test_good_entries_unpacked_and_bad_ones_refused_one_by_one(settings, tmp_path):
    archive = write_zip(
        tmp_path / "mixed.zip",
        [
            ("ok/first.docx", b"first"),
            (cp866_entry("Протокол №7.pdf"), b"second"),
            ("../escape.docx", b"evil"),
            ("/etc/absolute.docx", b"evil"),
            ("C:\\Windows\\drive.docx", b"evil"),
            ("bomb.docx", b"\0" * (6 * 1024 * 1024)),
            ("__MACOSX/ok/._first.docx", b"resource fork"),
            ("ok/.DS_Store", b"finder"),
            ("ok/Thumbs.db", b"thumbs"),
            ("ok/~$first.docx", b"lock"),
            ("folder/", b""),
        ],
    )
    entries = by_path(unpack(settings, archive, tmp_path))
    assert set(entries) == {
        "mixed.zip/ok/first.docx",
        "mixed.zip/Протокол №7.pdf",
        "mixed.zip/../escape.docx",
        "mixed.zip//etc/absolute.docx",
        "mixed.zip/C:\\Windows\\drive.docx",
        "mixed.zip/bomb.docx",
        "mixed.zip/ok/.DS_Store",
        "mixed.zip/ok/Thumbs.db",
        "mixed.zip/ok/~$first.docx",
    }
    assert entries["mixed.zip/ok/first.docx"].path.read_bytes() == b"first"
    assert entries["mixed.zip/Протокол №7.pdf"].path.read_bytes() == b"second"
    assert entries["mixed.zip/Протокол №7.pdf"].path.suffix == ".pdf"
    for name in ("../escape.docx", "/etc/absolute.docx", "C:\\Windows\\drive.docx"):
        assert entries[f"mixed.zip/{name}"].error.code == "unsafe_path"
    assert entries["mixed.zip/bomb.docx"].error.code == "zip_bomb"
    for name in (".DS_Store", "Thumbs.db", "~$first.docx"):
        assert entries[f"mixed.zip/ok/{name}"].skipped
    unpacked = {p.resolve() for p in (tmp_path / "staging").rglob("*") if p.is_file()}
    assert unpacked == {entries["mixed.zip/ok/first.docx"].path.resolve(), entries["mixed.zip/Протокол №7.pdf"].path.resolve()}
    assert not (tmp_path / "escape.docx").exists()


def test_archive_over_total_limit_refused_whole(settings, tmp_path):
    # stored, not deflated: ratio 1, so only the total limit can catch it
    archive = tmp_path / "big.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as zf:
        for n in range(3):
            zf.writestr(f"part{n}.pdf", os.urandom(3 * 1024 * 1024))
    (entry,) = unpack(settings, archive, tmp_path)
    assert entry.display_path == "big.zip"
    assert entry.error.code == "zip_bomb"
    assert not list((tmp_path / "staging").rglob("*.pdf"))


def test_nested_archives_unpacked_down_to_the_depth_limit(settings, tmp_path):
    ok = tmp_path / "two.zip"
    ok.write_bytes(nested_zip(2, "inner.docx", b"inner"))
    (entry,) = unpack(settings, ok, tmp_path)
    assert entry.display_path == "two.zip/level2.zip/inner.docx"
    assert entry.path.read_bytes() == b"inner"

    deep = tmp_path / "three.zip"
    deep.write_bytes(nested_zip(3, "inner.docx", b"inner"))
    (entry,) = unpack(settings, deep, tmp_path)
    assert entry.display_path == "three.zip/level2.zip/level3.zip"
    assert entry.error.code == "archive_too_deep"


def test_nested_bomb_counts_against_the_outer_budget(settings, tmp_path):
    layer = zip_bytes({f"zeros{n}.txt": b"\0" * (1024 * 1024) for n in range(5)})  # 5 MiB, each entry under the ratio floor
    archive = write_zip(tmp_path / "outer.zip", {"a.zip": layer, "b.zip": layer})
    entries = unpack(settings, archive, tmp_path)
    assert [e.path.name for e in entries if e.path]  # the first layer fits the 8 MiB budget
    assert any(e.error and e.error.code == "zip_bomb" and e.display_path == "outer.zip/b.zip" for e in entries)


def test_encrypted_and_corrupt_entries_fail_alone(settings, tmp_path):
    archive = write_zip(tmp_path / "enc.zip", {"good.pdf": b"good", "secret.pdf": b"x" * 1000})
    data = bytearray(archive.read_bytes())
    # set the "encrypted" flag of the second entry in both its local and central headers
    with zipfile.ZipFile(archive) as zf:
        second = zf.getinfo("secret.pdf")
    local = second.header_offset
    data[local + 6] |= 1
    data[central_header(data, "secret.pdf") + 8] |= 1
    archive.write_bytes(bytes(data))
    entries = by_path(unpack(settings, archive, tmp_path))
    assert entries["enc.zip/good.pdf"].path.read_bytes() == b"good"
    assert entries["enc.zip/secret.pdf"].error.code == "encrypted"

    broken = write_zip(tmp_path / "crc.zip", {"good.pdf": b"good", "broken.pdf": b"y" * 5000})
    with zipfile.ZipFile(broken) as zf:
        info = zf.getinfo("broken.pdf")
    raw = bytearray(broken.read_bytes())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    raw[start + 3] ^= 0xFF  # damage the deflated data
    broken.write_bytes(bytes(raw))
    entries = by_path(unpack(settings, broken, tmp_path))
    assert entries["crc.zip/good.pdf"].path.read_bytes() == b"good"
    assert entries["crc.zip/broken.pdf"].error.code == "corrupt_archive"


def central_header(data: bytes, name: str) -> int:
    """Offset of the central directory header of entry `name`."""
    offset = data.index(b"PK\x01\x02")
    while True:
        name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            return offset
        offset = data.index(b"PK\x01\x02", offset + 4)


def test_too_many_entries_refused(tmp_path):
    settings = Settings(data_dir=tmp_path / "var", zip_max_entries=3)
    archive = write_zip(tmp_path / "many.zip", {f"{n}.pdf": b"x" for n in range(4)})
    (entry,) = unpack(settings, archive, tmp_path)
    assert entry.error.code == "zip_bomb"


def test_docx_is_a_document_not_an_archive(tmp_path):
    docx = write_zip(tmp_path / "looks.zip", {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})
    assert not looks_like_archive(docx)
    assert looks_like_archive(write_zip(tmp_path / "named.docx", {"a.pdf": b"x"}))
    (tmp_path / "text.zip").write_bytes(b"just text")
    assert not looks_like_archive(tmp_path / "text.zip")


def test_folders_walked_recursively_without_following_symlinks(settings, tmp_path):
    root = tmp_path / "archive"
    (root / "2021" / "школа 32").mkdir(parents=True)
    (root / "2021" / "школа 32" / "протокол.docx").write_bytes(b"doc")
    (root / "b.pdf").write_bytes(b"pdf")
    (root / "Thumbs.db").write_bytes(b"junk")
    write_zip(root / "2021" / "пакет.zip", {"вложенный.pdf": b"zipped"})
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.pdf").write_bytes(b"secret")
    (root / "link").symlink_to(outside, target_is_directory=True)
    (root / "file-link.pdf").symlink_to(outside / "secret.pdf")

    collector = SourceCollector(settings, tmp_path / "staging")
    items = {item.display_path: item for item in collector.from_paths([root])}
    prefix = str(root)
    assert set(items) == {
        f"{prefix}/b.pdf",
        f"{prefix}/file-link.pdf",
        f"{prefix}/link",
        f"{prefix}/Thumbs.db",
        f"{prefix}/2021/пакет.zip/вложенный.pdf",
        f"{prefix}/2021/школа 32/протокол.docx",
    }
    assert items[f"{prefix}/b.pdf"].path == root / "b.pdf" and not items[f"{prefix}/b.pdf"].staged
    assert items[f"{prefix}/2021/пакет.zip/вложенный.pdf"].staged
    assert items[f"{prefix}/2021/пакет.zip/вложенный.pdf"].path.read_bytes() == b"zipped"
    assert items[f"{prefix}/file-link.pdf"].skipped and items[f"{prefix}/link"].skipped
    assert items[f"{prefix}/Thumbs.db"].skipped
    assert (root / "2021" / "пакет.zip").exists()  # the user's own archive is left alone
