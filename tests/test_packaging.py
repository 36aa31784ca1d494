"""The built-in routines are found in every install mode: wheel, sdist, editable, checkout;
and what is published carries its licence, links and classifiers.

Each install test runs the real command line in a subprocess, from a working directory outside
the checkout, and checks where the listed routines were read from. Nothing is downloaded: wheels
are built with the hatchling of this environment (--no-build-isolation) and installed with
--no-deps --no-index; a fresh venv borrows the dependencies through a .pth file. The wheel and
the sdist are each built once per module and shared by the tests that look at them.
"""

from __future__ import annotations

import email
import json
import os
import re
import site
import subprocess
import sys
import tarfile
import tomllib
import venv
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from email.message import Message
from importlib import metadata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ROUTINE_IDS = {"upper-back", "morning-in-bed", "mid-back", "low-back-seated"}
BUILD_TIMEOUT = 300
RUN_TIMEOUT = 120
# Caches that tools running alongside the build may create at the top of the repository.
TOOL_CACHES = {".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis", "__pycache__"}
REPOSITORY = "https://github.com/stretch-cli/stretch"
RAW = "https://raw.githubusercontent.com/stretch-cli/stretch/main/"
LICENSE_LINES = ("MIT License", "Copyright (c) 2026 the stretch developers")


@dataclass(frozen=True)
class FreshVenv:
    """A venv without stretchcli, whose site-packages can see this environment's packages."""

    root: Path
    python: Path
    site_packages: Path


def _run(
    argv: Sequence[str | Path], *, cwd: Path, env: Mapping[str, str] | None = None, timeout: int
) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output if it exits non-zero."""
    result = subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, (
        f"{' '.join(map(str, argv))} exited {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
    )
    return result


def _app_env(tmp: Path, pythonpath: Path | None = None) -> dict[str, str]:
    """An environment for running the app: private config/state, no STRETCH_PATH."""
    env = dict(os.environ)
    for name in ("STRETCH_PATH", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", "PYTHONSAFEPATH"):
        env.pop(name, None)
    env["STRETCH_CONFIG_DIR"] = str(tmp / "config")
    env["STRETCH_STATE_DIR"] = str(tmp / "state")
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # no __pycache__ written into the checkout
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


def _list_routines(argv: Sequence[str | Path], tmp: Path, env: Mapping[str, str]) -> list[Path]:
    """Run `<argv> list --json` from tmp; check the built-in ids; return each entry's path."""
    result = _run([*argv, "list", "--json"], cwd=tmp, env=env, timeout=RUN_TIMEOUT)
    entries = json.loads(result.stdout)
    assert isinstance(entries, list)
    ids = {entry["id"] for entry in entries}
    assert ids >= ROUTINE_IDS, f"missing routines: {sorted(ROUTINE_IDS - ids)}"
    listed = [entry for entry in entries if entry["id"] in ROUTINE_IDS]
    assert all(entry["source"] == "built-in" for entry in listed), listed
    return [Path(entry["path"]) for entry in listed]


def _assert_all_under(paths: Sequence[Path], folder: Path) -> None:
    resolved = folder.resolve()
    outside = [p for p in paths if not p.resolve().is_relative_to(resolved)]
    assert not outside, f"expected every routine under {resolved}, but got {outside}"


def _make_fresh_venv(root: Path) -> FreshVenv:
    """A venv without pip or stretchcli that imports the dependencies from this environment.

    The .pth file lists this environment's site-packages as plain folders. Python processes the
    .pth files of a venv's own site-packages only, so the editable install's .pth (which adds
    <repo>/src) stays inactive, and the venv's own site-packages comes first on sys.path.
    """
    venv.create(root, with_pip=False)
    python = root / "bin" / "python"
    purelib = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        cwd=root,
        timeout=RUN_TIMEOUT,
    ).stdout.strip()
    site_packages = Path(purelib)
    borrowed = [p for p in site.getsitepackages() if Path(p).is_dir()]
    (site_packages / "_stretch_test_deps.pth").write_text("\n".join(borrowed) + "\n")
    return FreshVenv(root, python, site_packages)


def _install_wheel(wheel: Path, root: Path) -> FreshVenv:
    fresh = _make_fresh_venv(root)
    _run(
        [
            sys.executable, "-m", "pip", "--python", fresh.python,
            "install", "--no-deps", "--no-index", "--disable-pip-version-check", wheel,
        ],
        cwd=root,
        timeout=BUILD_TIMEOUT,
    )  # fmt: skip
    return fresh


def _pip_wheel(source: Path, out: Path, cwd: Path) -> Path:
    """Build a wheel from a source tree or an sdist, without build isolation or downloads."""
    _run(
        [
            sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
            "--no-index", "--disable-pip-version-check", "-w", out, source,
        ],
        cwd=cwd,
        timeout=BUILD_TIMEOUT,
    )  # fmt: skip
    wheels = list(out.glob("stretch_cli-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.fixture(scope="module")
def repo_untouched() -> Iterator[None]:
    """Building must leave nothing new at the top of the repository (no dist/, no build/)."""
    before = {p.name for p in REPO.iterdir()}
    yield
    added = {p.name for p in REPO.iterdir()} - before - TOOL_CACHES
    assert not added, f"building left {sorted(added)} in {REPO}"


@pytest.fixture(scope="module")
def built_wheel(tmp_path_factory: pytest.TempPathFactory, repo_untouched: None) -> Path:
    """The wheel built from the checkout (once per module)."""
    build = tmp_path_factory.mktemp("wheel-build")
    return _pip_wheel(REPO, build / "dist", cwd=build)


@pytest.fixture(scope="module")
def wheel_venv(tmp_path_factory: pytest.TempPathFactory, built_wheel: Path) -> FreshVenv:
    """The wheel built from the checkout, installed in a fresh venv."""
    return _install_wheel(built_wheel, tmp_path_factory.mktemp("wheel-venv"))


@pytest.fixture(scope="module")
def built_sdist(tmp_path_factory: pytest.TempPathFactory, repo_untouched: None) -> Path:
    """The sdist built from the checkout (once per module)."""
    build = tmp_path_factory.mktemp("sdist-build")
    _run(
        [sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d", build / "dist"],
        cwd=REPO,
        timeout=BUILD_TIMEOUT,
    )
    sdists = list((build / "dist").glob("stretch_cli-*.tar.gz"))
    assert len(sdists) == 1, sdists
    return sdists[0]


@pytest.mark.slow
def test_wheel_install_lists_builtin_routines(wheel_venv: FreshVenv, tmp_path: Path) -> None:
    paths = _list_routines([wheel_venv.root / "bin" / "stretch"], tmp_path, _app_env(tmp_path))
    _assert_all_under(paths, wheel_venv.site_packages / "stretchcli" / "routines")


@pytest.mark.slow
def test_wheel_install_shows_builtin_exercise(wheel_venv: FreshVenv, tmp_path: Path) -> None:
    stretch = wheel_venv.root / "bin" / "stretch"
    env = _app_env(tmp_path)
    shown = _run([stretch, "show", "thoracic-rotation"], cwd=tmp_path, env=env, timeout=RUN_TIMEOUT)
    assert "thoracic-rotation" in shown.stdout
    as_json = _run(
        [stretch, "show", "thoracic-rotation", "--json"], cwd=tmp_path, env=env, timeout=RUN_TIMEOUT
    )
    exercise_path = Path(json.loads(as_json.stdout)["path"])
    _assert_all_under([exercise_path], wheel_venv.site_packages / "stretchcli" / "routines")


@pytest.mark.slow
def test_sdist_install_lists_builtin_routines(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, built_sdist: Path
) -> None:
    with tarfile.open(built_sdist) as archive:
        names = archive.getnames()
    carried = {Path(name).stem for name in names if Path(name).parent.name == "routines"}
    assert carried >= ROUTINE_IDS, f"the sdist lacks routines/: {sorted(ROUTINE_IDS - carried)}"

    build = tmp_path_factory.mktemp("sdist-wheel")
    wheel = _pip_wheel(built_sdist, build / "wheel", cwd=build)
    fresh = _install_wheel(wheel, tmp_path_factory.mktemp("sdist-venv"))
    paths = _list_routines([fresh.root / "bin" / "stretch"], tmp_path, _app_env(tmp_path))
    _assert_all_under(paths, fresh.site_packages / "stretchcli" / "routines")


def _import_origin(python: str | Path, tmp: Path, env: Mapping[str, str]) -> str:
    """Where `import stretchcli` finds its __init__.py ("None" for no regular package)."""
    code = (
        "import importlib.util as u; s = u.find_spec('stretchcli');"
        " print(s.origin if s and s.has_location else None)"
    )
    return _run([python, "-c", code], cwd=tmp, env=env, timeout=RUN_TIMEOUT).stdout.strip()


def _is_editable_install_of_repo() -> bool:
    """Whether this environment has stretch-cli installed editable from this checkout."""
    try:
        text = metadata.distribution("stretch-cli").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return False
    direct_url = json.loads(text or "{}")
    editable = bool(direct_url.get("dir_info", {}).get("editable"))
    return editable and direct_url.get("url") == REPO.as_uri()


def test_editable_install_lists_checkout_routines(tmp_path: Path) -> None:
    if not _is_editable_install_of_repo():
        pytest.skip(f"this environment is not an editable install of {REPO}")
    env = _app_env(tmp_path)
    origin = _import_origin(sys.executable, tmp_path, env)
    assert Path(origin) == REPO / "src" / "stretchcli" / "__init__.py"
    paths = _list_routines([sys.executable, "-m", "stretchcli"], tmp_path, env)
    _assert_all_under(paths, REPO / "routines")


def test_checkout_lists_checkout_routines(tmp_path: Path) -> None:
    # A venv with the dependencies but no install of stretchcli: only PYTHONPATH can find it.
    fresh = _make_fresh_venv(tmp_path / "venv")
    work = tmp_path / "work"
    work.mkdir()
    assert _import_origin(fresh.python, work, _app_env(work)) == "None"
    env = _app_env(work, pythonpath=REPO / "src")
    origin = _import_origin(fresh.python, work, env)
    assert Path(origin) == REPO / "src" / "stretchcli" / "__init__.py"
    paths = _list_routines([fresh.python, "-m", "stretchcli"], work, env)
    _assert_all_under(paths, REPO / "routines")


def _assert_published_metadata(meta: Message) -> None:
    """The licence (PEP 639), links, classifiers and keywords that PyPI shows."""
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("License-File") == ["LICENSE"]
    urls = dict(url.split(", ", 1) for url in meta.get_all("Project-URL", []))
    assert urls == {
        "Homepage": REPOSITORY,
        "Source": REPOSITORY,
        "Issues": f"{REPOSITORY}/issues",
    }
    classifiers = meta.get_all("Classifier", [])
    for expected in (
        "Environment :: Console",
        "Programming Language :: Python :: 3.11",
        "Programming Language :: Python :: 3 :: Only",
        "Typing :: Typed",
    ):
        assert expected in classifiers
    assert not [c for c in classifiers if c.startswith("License ::")]  # the expression says it
    assert "stretching" in meta["Keywords"].split(",")
    assert set(meta.get_all("Provides-Extra", [])) == {"test", "dev"}


def _assert_license_text(text: str) -> None:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert lines[:2] == list(LICENSE_LINES)


@pytest.mark.slow
def test_wheel_carries_the_license_and_metadata(built_wheel: Path) -> None:
    with zipfile.ZipFile(built_wheel) as archive:
        names = archive.namelist()
        info = next(n.split("/")[0] for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.message_from_bytes(archive.read(f"{info}/METADATA"))
        _assert_license_text(archive.read(f"{info}/licenses/LICENSE").decode())
    _assert_published_metadata(meta)


@pytest.mark.slow
def test_sdist_carries_the_license_docs_and_metadata(built_sdist: Path) -> None:
    with tarfile.open(built_sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        names = {name.removeprefix(f"{top}/") for name in archive.getnames()}
        license_file = archive.extractfile(f"{top}/LICENSE")
        pkg_info = archive.extractfile(f"{top}/PKG-INFO")
        assert license_file is not None and pkg_info is not None
        _assert_license_text(license_file.read().decode())
        meta = email.message_from_bytes(pkg_info.read())
    _assert_published_metadata(meta)
    # The README's pictures travel with the source (and are linked absolutely, below).
    assert {f"docs/{path}" for path in _readme_images()} <= names


def _readme_images() -> list[str]:
    """The paths under docs/ of the README's images, which must be absolute raw URLs."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"!\[[^\]]*\]\(([^)\s]+)", readme)
    links += re.findall(r"<img\b[^>]*\bsrc=[\"']([^\"']+)", readme)
    assert links, "the README shows no image"
    relative = [link for link in links if not link.startswith(f"{RAW}docs/")]
    assert not relative, f"README images that render only inside the repository: {relative}"
    return [link.removeprefix(f"{RAW}docs/") for link in links]


def test_readme_images_link_to_files_of_the_repository() -> None:
    """PyPI shows the README without the repository: images need absolute URLs, to files
    that exist (on the main branch, once pushed)."""
    for path in _readme_images():
        assert (REPO / "docs" / path).is_file(), path


def test_dev_tools_are_an_extra_the_readme_test_command_installs() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    names = {
        extra: {re.split(r"[<>=!~;\[ ]", req, maxsplit=1)[0].lower() for req in reqs}
        for extra, reqs in extras.items()
    }
    assert {"ruff", "mypy", "types-pyyaml", "hatchling"} <= names["dev"]
    assert {"pytest", "pexpect", "hypothesis"} <= names["test"]
    assert not {"ruff", "mypy"} & names["test"]
    # .ci/run runs the README's test command and then ruff and mypy from the same venv.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    test_command = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)[1]
    assert "pip install -e '.[test,dev]'" in test_command
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/ruff" in ci and ".venv/bin/mypy" in ci
