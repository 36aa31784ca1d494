"""Read one YAML file into a node tree, safely: size, encoding, depth and alias limits.

Nodes keep their line and column, so every later check can point at the exact spot. Nothing is
ever constructed from tags; the tree is composed here from parser events, without recursion.
Anchors, aliases and tags are refused: a routine file is plain data.
"""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import yaml

from stretchcli.errors import InvalidFileError, Problem
from stretchcli.files import guarded
from stretchcli.files.reach import why_missing

MAX_BYTES = 256 * 1024
MAX_DEPTH = 32

_resolver = yaml.resolver.Resolver()

_TAG = "tag:yaml.org,2002:"
_NULL = _TAG + "null"
# The line breaks YAML counts, so that line numbers agree with the parser's marks.
_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
_BLOCK_HEADER = re.compile(r"[|>]([0-9+-]*)")
_BLANK = " \t\r\n\x85\u2028\u2029"

_TOKEN_WORDS = {
    "'<stream end>'": "the end of the file",
    "'<document start>'": "'---'",
    "'<document end>'": "'...'",
}

# (line, column) 0-based as in marks, message, hint
Found = tuple[int, int, str, str]


# Always the pure-Python parser, never libyaml's CSafeLoader even where it is installed: the two
# disagree on a few hundred inputs (tabs, flow edge cases, error wording), and a file must get
# the same verdict and the same message on every machine. It takes about 2 ms for a typical
# file instead of 0.1 ms, paid once per changed file where the parse cache is used.
class _Parser(yaml.SafeLoader):
    """PyYAML's pure-Python parser, noting the comments it would let through without a space
    before their #."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.tight_comments: list[yaml.Mark] = []

    def scan_to_next_token(self) -> None:
        if self.peek() == "#" and self.pointer and self.buffer[self.pointer - 1] not in _BLANK:
            self.tight_comments.append(self.get_mark())
        super().scan_to_next_token()


def _resolve(kind: type[yaml.Node], value: str | None, implicit: object) -> str:
    """The implicit tag YAML gives an untagged node (str, int, bool, ...)."""
    return cast(str, _resolver.resolve(kind, value, implicit))  # type: ignore[no-untyped-call]


def read_text(path: Path) -> str:
    """The file's text, or InvalidFileError for unreadable, huge, binary or non-UTF-8 files."""
    try:
        data = guarded.read_bytes(path, MAX_BYTES)
    except guarded.TooLarge:
        raise _fail(
            path, 1, 1, f"file is larger than {MAX_BYTES // 1024} KiB", "is it a routine file?"
        ) from None
    except guarded.NotReadable:
        raise _fail(path, 1, 1, "not a regular file") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.ENOENT and path.is_symlink()):
            hint = "point the link at a file, or remove it"
            raise _fail(path, 1, 1, why_missing(path), hint) from None
        raise _fail(path, 1, 1, f"cannot read the file: {exc.strerror}") from None
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
        problem = _plain_tokens((exc.problem or exc.context or "syntax error").strip())
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
    """Build the node tree from events, iteratively: no recursion, no aliases, bounded depth.

    Every anchor, alias and tag is reported (all in one pass), and so are the few invalid
    documents the parser lets through (see _Layout).
    """
    root: yaml.Node | None = None
    stack: list[yaml.CollectionNode] = []
    pending_keys: list[yaml.Node | None] = []
    documents = 0
    found: list[Found] = []
    layout = _Layout(text)

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

    parser = _Parser(text)
    for event in _events(parser):
        mark = cast(yaml.Mark, event.start_mark)  # the parser always sets marks
        end = cast(yaml.Mark, event.end_mark)
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                found.append((mark.line, 0, "only one YAML document per file (found ---)", ""))
                break
        elif isinstance(event, yaml.AliasEvent):
            message = f"aliases (*{event.anchor}) are not supported"
            found.append((mark.line, mark.column, message, "write the value out in full"))
            attach(yaml.ScalarNode(_NULL, "", mark, end))  # a stand-in: nothing is expanded
        elif isinstance(event, yaml.CollectionEndEvent):
            collection = stack.pop()
            pending_keys.pop()
            collection.end_mark = end
            if collection.flow_style:
                found.extend(layout.continued(collection, stack, brackets=True))
        elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            if event.anchor is not None:
                message = f"anchors (&{event.anchor}) are not supported"
                found.append((mark.line, mark.column, message, "write the value out in full"))
            if event.tag is not None:  # the pure-Python parser leaves untagged nodes at None
                message = f"tags ({_show_tag(event.tag)}) are not supported"
                found.append((mark.line, mark.column, message, _tag_hint(event.tag)))
            if isinstance(event, yaml.ScalarEvent):
                resolved = _resolve(yaml.ScalarNode, event.value, event.implicit)
                scalar = yaml.ScalarNode(resolved, event.value, mark, end, event.style)
                found.extend(layout.scalar(scalar, stack))
                attach(scalar)
                continue
            if len(stack) >= MAX_DEPTH:
                found.append((mark.line, mark.column, f"nested deeper than {MAX_DEPTH} levels", ""))
                break
            kind = (
                yaml.SequenceNode
                if isinstance(event, yaml.SequenceStartEvent)
                else yaml.MappingNode
            )
            collection = kind(_resolve(kind, None, True), [], mark, end, event.flow_style)
            attach(collection)
            stack.append(collection)
            pending_keys.append(None)
    for mark in parser.tight_comments:
        message = "invalid YAML: a comment needs a space before its #"
        found.append((mark.line, mark.column, message, "write ' #'"))
    if found:
        found.sort()  # the parser's and the layout's findings, in file order
        raise InvalidFileError(
            [
                Problem(path, line + 1, column + 1, message, hint)
                for line, column, message, hint in found
            ]
        )
    return root


def _events(parser: _Parser) -> Iterator[yaml.Event]:
    try:
        while parser.check_event():
            yield parser.get_event()  # type: ignore[no-untyped-call]
    finally:
        parser.dispose()


class _Layout:
    """Checks of layout that the parser skips, so that what it accepts is valid YAML:
    continued values indented past their block, block text indentation, no lone '-'."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._lines: list[str] | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:  # split only for the few documents that need it
            self._lines = _BREAK.split(self.text)
        return self._lines

    def scalar(self, node: yaml.ScalarNode, stack: list[yaml.CollectionNode]) -> list[Found]:
        start = node.start_mark
        if node.style is None and node.value == "-":
            return [(start.line, start.column, "invalid YAML: '-' alone is not a value here",
                     "write it in quotes: '-'")]  # fmt: skip
        if node.style in ("'", '"'):
            return self.continued(node, stack, brackets=False)
        if node.style in ("|", ">"):
            return self._leading_blank_lines(node, stack)
        return []

    def continued(
        self, node: yaml.Node, stack: list[yaml.CollectionNode], brackets: bool
    ) -> list[Found]:
        """A value over several lines must be indented more than the block it is in."""
        start, end = node.start_mark, node.end_mark
        # Inside brackets, the outermost brackets' own check covers every line.
        if start.line == end.line or not stack or stack[-1].flow_style:
            return []
        least = stack[-1].start_mark.column + 1
        for number in range(start.line + 1, end.line + 1):
            line = self.lines[number]
            content = line.lstrip(" ")
            # In brackets, comment lines may start anywhere; and a closing bracket as far out
            # as the key is let through, as editors do (eemeli/yaml): invalid, but common.
            if not content.strip() or (brackets and content.startswith(("#", "]", "}"))):
                continue
            if len(line) - len(content) < least:
                spaces = "1 space" if least == 1 else f"{least} spaces"
                return [(number, len(line) - len(content),
                         f"invalid YAML: this line continues a value and must be indented by "
                         f"at least {spaces}",
                         f"the value starts at {start.line + 1}:{start.column + 1}")]  # fmt: skip
        return []

    def _leading_blank_lines(
        self, node: yaml.ScalarNode, stack: list[yaml.CollectionNode]
    ) -> list[Found]:
        """Blank lines before a block text's first line must not have more spaces than it."""
        start = node.start_mark
        header = _BLOCK_HEADER.match(self.lines[start.line], start.column)
        if header is None or any(c.isdigit() for c in header.group(1)):
            return []  # an explicit indentation: nothing is guessed from the lines
        least = stack[-1].start_mark.column + 1 if stack else 0
        most, widest = 0, 0  # the most spaces on a blank line, and that line
        for number in range(start.line + 1, len(self.lines)):
            line = self.lines[number]
            content = line.lstrip(" ")
            indent = len(line) - len(content)
            if content:
                if indent >= least and most > indent:
                    return [(widest, 0,
                             f"invalid YAML: a blank line at the start of a block text has more "
                             f"spaces ({most}) than its first line ({indent})",
                             "remove the spaces from the blank lines")]  # fmt: skip
                return []
            if indent > most:
                most, widest = indent, number
        return []


def _plain_tokens(message: str) -> str:
    """The parser's names for the file's edges, in words."""
    for token, words in _TOKEN_WORDS.items():
        message = message.replace(token, words)
    return message


def _show_tag(tag: str) -> str:
    if tag.startswith(_TAG):
        return "!!" + tag.removeprefix(_TAG)
    return tag if tag.startswith("!") else f"!<{tag}>"


def _tag_hint(tag: str) -> str:
    if tag == _TAG + "str":
        return "remove the tag; quotes make a value text"
    return "remove the tag"


def _fail(path: Path, line: int, column: int, message: str, hint: str = "") -> InvalidFileError:
    return InvalidFileError([Problem(path, line, column, message, hint)])
