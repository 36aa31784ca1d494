"""Which stretch kept a cache (`files/stamps.build`): a new install, or an edited module of a
checkout, never serves another build's kept list or parse."""

from __future__ import annotations

import os
from pathlib import Path

from stretchcli import __version__
from stretchcli.files.stamps import build, identity


def _package(root: Path) -> Path:
    package = root / "stretchcli"
    (package / "files").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "files" / "catalog.py").write_text("A = 1\n")
    return package


def _record(root: Path, text: str) -> Path:
    record = root / f"stretch_cli-{__version__}.dist-info" / "RECORD"
    record.parent.mkdir(exist_ok=True)
    record.write_text(text)
    return record


def test_a_checkout_changes_its_build_with_any_module(tmp_path: Path) -> None:
    package = _package(tmp_path)
    before = identity(package, __version__)
    assert identity(package, __version__) == before
    module = package / "files" / "catalog.py"
    module.write_text("A = 2\n")  # same size: the modification time tells
    os.utime(module, ns=(1, 1))
    assert identity(package, __version__) != before
    (package / "files" / "new.py").write_text("")
    assert len({before, identity(package, __version__)}) == 2


def test_an_installed_copy_is_known_by_its_record(tmp_path: Path) -> None:
    package = _package(tmp_path)
    _record(tmp_path, "stretchcli/__init__.py,sha256=a,0\n")
    first = identity(package, __version__)
    (package / "files" / "catalog.py").write_text("A = 22\n")  # not how an install changes
    assert identity(package, __version__) == first
    # A new install writes a new record (a new file, even with the same text).
    (tmp_path / f"stretch_cli-{__version__}.dist-info" / "RECORD").unlink()
    _record(tmp_path, "stretchcli/__init__.py,sha256=a,0\n")
    assert identity(package, __version__) != first


def test_another_version_s_record_is_not_this_install_s(tmp_path: Path) -> None:
    package = _package(tmp_path)
    record = tmp_path / "stretch_cli-0.0.1.dist-info" / "RECORD"
    record.parent.mkdir()
    record.write_text("")
    before = identity(package, __version__)
    (package / "files" / "catalog.py").write_text("A = 333\n")
    assert identity(package, __version__) != before  # the modules are stamped, not the record
    assert identity(package, __version__).startswith(f"{__version__}+")


def test_this_build_is_made_once_and_names_the_version() -> None:
    assert build() == build()
    assert build().startswith(f"{__version__}+")
