"""Read one YAML file into a node tree, safely: size, encoding, depth and alias limits.

Nodes keep their line and column, so every later check can point at the exact spot. Nothing is
ever constructed from tags; the tree is composed here from parser events, without recursion.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import cast

import yaml

from stretchcli.errors import InvalidFileError, Problem

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_resolver = yaml.resolver.Resolver()


def _resolve(kind: type[yaml.Node], value: str | None, implicit: object) -> str:
    """The implicit tag YAML gives an untagged node (str, int, bool, ...)."""
    return cast(str, _resolver.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


def read_text(path: Path) -> str:
    """The file's text, or InvalidFileError for unreadable, huge, binary or non-UTF-8 files."""
    try:
        # O_NONBLOCK so that a FIFO in a routines folder cannot hang us on open().
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _fail(path, 1, 1, f"cannot read the file: {exc.strerror}") from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _fail(path, 1, 1, "not a regular file")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(path, 1, 1, f"cannot read the file: {exc.strerror}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise _fail(
            path, 1, 1, f"file is larger than {MAX_BYTES // 1024} KiB", "is it a routine file?"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise _fail(
            path,
            data.count(b"\n", 0, exc.start) + 1,
            column,
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} cannot be decoded",
            "save the file as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


def load_node(path: Path) -> yaml.Node:
    """The root node of the file's single YAML document."""
    text = read_text(path)
    if not text.strip():
        raise _fail(path, 1, 1, "file is empty", "see `stretch show upper-back` for an example")
    try:
        root = _compose(path, text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = (exc.problem or exc.context or "syntax error").strip()
        hint = ""
        if exc.problem and exc.context and exc.context_mark:
            where = f"{exc.context_mark.line + 1}:{exc.context_mark.column + 1}"
            hint = f"{exc.context.strip()} that starts at {where}"
        raise _fail(path, line, column, f"invalid YAML: {problem}", hint) from None
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        char = exc.character
        code = char if isinstance(char, int) else ord(char)
        raise _fail(
            path, line, column, f"invalid YAML: control character U+{code:04X} is not allowed"
        ) from None
    except yaml.YAMLError as exc:  # any other parser complaint, without a mark
        raise _fail(path, 1, 1, f"invalid YAML: {exc}".splitlines()[0]) from None
    if root is None:
        raise _fail(path, 1, 1, "file has no content", "see `stretch show upper-back`")
    return root


def _compose(path: Path, text: str) -> yaml.Node | None:
    """Build the node tree from events, iteratively: no recursion, no aliases, bounded depth."""
    root: yaml.Node | None = None
    stack: list[yaml.CollectionNode] = []
    pending_keys: list[yaml.Node | None] = []
    documents = 0

    def attach(node: yaml.Node) -> None:
        nonlocal root
        if not stack:
            root = node
        elif isinstance(stack[-1], yaml.SequenceNode):
            stack[-1].value.append(node)
        elif pending_keys[-1] is None:
            pending_keys[-1] = node
        else:
            stack[-1].value.append((pending_keys[-1], node))
            pending_keys[-1] = None

    for event in yaml.parse(text, Loader=_Loader):
        mark = cast(yaml.Mark, event.start_mark)  # the parser always sets marks
        end = cast(yaml.Mark, event.end_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _fail(path, mark.line + 1, 1, "only one YAML document per file (found ---)")
        elif isinstance(event, yaml.AliasEvent):
            raise _fail(
                path,
                mark.line + 1,
                mark.column + 1,
                f"aliases (*{event.anchor}) are not supported",
                "write the value out in full",
            )
        elif isinstance(event, yaml.ScalarEvent):
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
            attach(yaml.ScalarNode(tag, event.value, mark, end, event.style))
        elif isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise _fail(
                    path, mark.line + 1, mark.column + 1, f"nested deeper than {MAX_DEPTH} levels"
                )
            kind = (
                yaml.SequenceNode
                if isinstance(event, yaml.SequenceStartEvent)
                else yaml.MappingNode
            )
            tag = event.tag
            if tag is None or tag == "!":
                tag = _resolve(kind, None, event.implicit)
            node = kind(tag, [], mark, end, event.flow_style)
            attach(node)
            stack.append(node)
            pending_keys.append(None)
        elif isinstance(event, yaml.CollectionEndEvent):
            stack.pop().end_mark = end
            pending_keys.pop()
    return root


def _fail(path: Path, line: int, column: int, message: str, hint: str = "") -> InvalidFileError:
    return InvalidFileError([Problem(path, line, column, message, hint)])
