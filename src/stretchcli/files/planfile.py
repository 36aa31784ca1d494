"""A plan file: YAML in the user's config folder (`plan.yaml`), read, checked and adopted.

The file is read by the same guarded YAML reader as routines (`yamldoc`) and checked by the
same field checker (`checker.check`), so a plan gets the same FILE:LINE:COL problems, the same
refusal of YAML 1.1 traps and duplicate keys. Three keys need more than a field table can
say, and are checked here: `review` (a date), `levels` (exercise ids, each to a level) and
`ladders` (exercise ids, each to a list of levels). Then what the file names is checked
against the catalog: routines, exercises and variants that exist, levels on their ladders.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import yaml

from stretchcli.errors import InvalidFileError, Problem, StretchError
from stretchcli.files import checker, yamldoc
from stretchcli.files.catalog import Catalog
from stretchcli.files.checked import Checked, Mark
from stretchcli.files.field import Field
from stretchcli.files.node_words import describe as _describe
from stretchcli.files.node_words import not_a_key
from stretchcli.files.paths import config_dir
from stretchcli.files.plan_fields import (
    DAYS_FIELD,
    LEAVE_OUT_HELP,
    LEVEL_FIELDS,
    LEVELS_HELP,
    PLAN_FIELDS,
)
from stretchcli.files.plan_of import plan_of
from stretchcli.files.plan_references import catalog_problems, ladder_checks, review_warnings
from stretchcli.files.reach import in_the_way
from stretchcli.model import ID_RE
from stretchcli.plan.fitting import every_ball_left_out
from stretchcli.plan.model import (
    MAX_LEVELS,
    Plan,
)
from stretchcli.words import DateError, review_date

FILENAME = "plan.yaml"
PREVIOUS = "plan.previous.yaml"
AFTER_CHECK = "plan.after-check.yaml"  # `start`'s plan, waiting for a clinician's check
_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Keys checked here rather than by the field table (which still lists them, for hints and
# the JSON Schema).
_OWN_KEYS = ("review", "ladders")


def plan_path(environ: Mapping[str, str]) -> Path:
    """Where the current plan lives."""
    return config_dir(environ) / FILENAME


def load_plan(environ: Mapping[str, str], catalog: Catalog) -> Plan | None:
    """The current plan, or None when there is none; InvalidFileError when it is wrong."""
    path = plan_path(environ)
    if not os.path.lexists(path):
        why = in_the_way(path)  # its folder a link to a disk not mounted: not "no plan"
        if why:
            hint = "mount the disk it is on, point the link at a folder, or remove it"
            raise InvalidFileError([Problem(path, 1, 1, why, hint)])
        return None
    return every_ball_left_out(read_plan(path, catalog), catalog.exercises)


def read_plan(path: Path, catalog: Catalog) -> Plan:
    """The plan in the file at `path`, checked against the catalog; InvalidFileError with
    every problem (each FILE:LINE:COL) when it is wrong."""
    return check_plan(path, catalog)[0]


def check_plan(
    path: Path, catalog: Catalog, today: date | None = None
) -> tuple[Plan, list[Problem]]:
    """The plan in the file at `path` and what to check in it (warnings, each FILE:LINE:COL:
    an unusual dose on a ladder; with `today`, a review date already past), or
    InvalidFileError with every problem when it is wrong."""
    checker = _PlanChecker(path)
    checked = checker.check(yamldoc.load_node(path))
    climbs, warnings = ladder_checks(path, checked, catalog)
    problems = checked.problems + catalog_problems(path, checked, catalog) + climbs
    if problems:
        raise InvalidFileError(sorted(problems, key=lambda p: (p.line, p.column)))
    if today is not None:
        warnings += review_warnings(path, checked, today)
    plan = plan_of(path, checked)
    return replace(plan, fingerprint=fingerprint(plan)), sorted(
        warnings, key=lambda p: (p.line, p.column)
    )


def fingerprint(plan: Plan) -> str:
    """What decides the plan's levels, as a short digest: where each exercise starts, the
    doses of the plan's own ladders, the rules' values, and which exercises it does (those it
    leaves out, the movements it avoids: an avoided one's alternative is done in its place).
    A plan whose review date, notes, days, goal, sources, author or words of why something
    is left out change keeps its levels; one whose progression or exercises change starts
    again."""
    rules = plan.rules
    values = [t.value for t in (rules.sessions, rules.difficulty, rules.green)]
    values += [t.value for t in (rules.ceiling, rules.rise, rules.reds)]
    ladders = sorted(
        (name, [(repr(level.dose), level.variant) for level in ladder.levels])
        for name, ladder in plan.ladders.items()
    )
    doing = (sorted(plan.leave_out), sorted(plan.avoid))
    text = repr((sorted(plan.levels.items()), ladders, values, doing))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


# What only a plan file has at its top (no routine or exercise file has these): so a plan
# whose `days` is misspelt is still checked as a plan, and told so.
PLAN_ONLY_KEYS = frozenset(
    (
        "days",
        "rotation",
        "written_by",
        "review",
        "levels",
        "leave_out",
        "ladders",
        "rules",
        "weekly_goal",
    )
)
NAMES = (FILENAME, PREVIOUS)  # a plan by where it lives (the config folder's names)


class PlanFiles:
    """Plan files among files checked with `stretch validate`: told by their name or their
    keys, and checked as plans (a review date before `today` is said)."""

    def __init__(self, today: date | None = None, routines: Sequence[Path] = ()) -> None:
        self.today = today
        self.routines = routines  # the routines folders, where `show` and `run` find routines

    def is_plan(self, path: Path) -> bool:
        """A file named as the config folder's plans, or a mapping with a key only a plan has
        (`days`, `rotation`, `written_by`, `review`, ...) and no `steps` (a routine's). A
        plan.yaml with `steps` in a routines folder is the routine `show` and `run` use."""
        keys = _top_keys(path)
        if path.name in NAMES:
            return "steps" not in keys or not any(_same(path.parent, f) for f in self.routines)
        return bool(keys & PLAN_ONLY_KEYS) and "steps" not in keys

    def check(self, path: Path, catalog: Catalog) -> tuple[list[Problem], list[Problem]]:
        """Every problem of the plan file (none: it is a good plan), and, when it has none,
        what to check in it."""
        try:
            return [], check_plan(path, catalog, self.today)[1]
        except InvalidFileError as exc:
            return exc.problems, []


def _top_keys(path: Path) -> set[str]:
    """The keys at the top of a YAML mapping file (none when it is not one, or unreadable:
    the check says what is wrong with it)."""
    try:
        root = yamldoc.load_node(path)
    except StretchError:
        return set()
    if not isinstance(root, yaml.MappingNode):
        return set()
    return {k.value for k, _ in root.value if isinstance(k, yaml.ScalarNode)}


def _same(folder: Path, other: Path) -> bool:
    """Whether two paths are the same folder."""
    try:
        return os.path.samefile(folder, other)
    except OSError:
        return False


class _PlanChecker:
    """The field checker over a plan file, with the three keys it cannot check itself."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.values: dict[str, object] = {}
        self.marks: dict[str, Mark] = {}

    def problem(self, node: yaml.Node, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.path, mark.line + 1, mark.column + 1, message, hint))

    def check(self, root: yaml.Node) -> Checked:
        if not isinstance(root, yaml.MappingNode):
            self.problem(
                root,
                f"a plan file must be a mapping of keys (days: ..., levels: ...), not "
                f"{_describe(root)}",
                "see `stretch schema --plan` for the keys",
            )
            return Checked(problems=self.problems)
        kept: list[tuple[yaml.Node, yaml.Node]] = []
        own: dict[str, yaml.Node] = {}
        levels: list[str] = []
        left: list[str] = []
        listed: set[str] = set()
        for key, value in root.value:
            name = key.value if isinstance(key, yaml.ScalarNode) and key.tag == _STR else None
            if name in _OWN_KEYS:
                if name in own:
                    first = own[name].start_mark.line + 1
                    self.problem(key, f"duplicate key '{name}' (first on line {first})")
                else:
                    own[name] = key
                    self._own(name, key, value)
                continue
            if name == "levels":
                value, levels = self._level_ids(value, "levels")
            if name == "leave_out":
                if not isinstance(value, yaml.MappingNode):
                    self.problem(
                        value,
                        f"leave_out: expected a mapping of exercise ids, each to why it is "
                        f"left out, got {_describe(value)}",
                        "e.g. leave_out: {rhomboid-stretch: its alternative needs a ball}",
                    )
                    continue
                value, left = self._level_ids(value, "leave_out")
            if name == "days":
                listed = _listed_days(value)
            kept.append((key, value))
        own_fields = {
            "levels": Field(
                "levels",
                "fields",
                LEVELS_HELP,
                fields=tuple(
                    Field(i, "whole", f"the level {i} starts at", low=1, high=MAX_LEVELS)
                    for i in levels
                ),
                names="exercise",  # its keys
            ),
            "leave_out": Field(
                "leave_out",
                "fields",
                LEAVE_OUT_HELP,
                fields=tuple(
                    Field(i, "text", f"why {i} is left out", non_empty=True, longest=300)
                    for i in left
                ),
                names="exercise",
            ),
            # A day's routine is an id, or a list of ids for a day of more than one.
            "days": replace(
                DAYS_FIELD,
                fields=tuple(
                    replace(f, kind="list", item="id", non_empty=True) if f.name in listed else f
                    for f in DAYS_FIELD.fields
                ),
            ),
        }
        fields = tuple(own_fields.get(f.name, f) for f in PLAN_FIELDS)
        mapping = yaml.MappingNode(root.tag, kept, root.start_mark, root.end_mark)
        checked = checker.check(self.path, mapping, fields, "plan")
        checked.values.update(self.values)
        checked.marks.update(self.marks)
        checked.problems += self.problems + self._schedule_problems(root, checked)
        return checked

    def _level_ids(self, node: yaml.Node, label: str) -> tuple[yaml.Node, list[str]]:
        """The `levels` (or `leave_out`) mapping without its keys that are not ids (each a
        problem here), and the ids it gives."""
        if not isinstance(node, yaml.MappingNode):
            return node, []
        pairs = []
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode) or key.tag != _STR:
                pairs.append((key, value))  # the checker says what is wrong with it
            elif not ID_RE.fullmatch(key.value):
                self.problem(key, f"{label}: '{key.value[:60]}' is not an exercise id", _ID_HINT)
            else:
                pairs.append((key, value))
        ids = [k.value for k, _ in pairs if isinstance(k, yaml.ScalarNode) and k.tag == _STR]
        return yaml.MappingNode(node.tag, pairs, node.start_mark, node.end_mark), ids

    def _own(self, name: str, key: yaml.Node, value: yaml.Node) -> None:
        self.marks[name] = _mark(value)
        if name == "review":
            self._review(value)
        else:
            self._ladders(value)

    def _review(self, node: yaml.Node) -> None:
        text = node.value if isinstance(node, yaml.ScalarNode) else ""
        fits = isinstance(node, yaml.ScalarNode) and node.tag in (_STR, _TIMESTAMP)
        if fits and _DATE.fullmatch(text):
            try:
                when = review_date(text)  # `parse_date`'s, in the years a review can be
            except DateError as exc:
                self.problem(node, f"review: {exc}", "write the year, month and day: YYYY-MM-DD")
                return
        else:
            self.problem(
                node,
                f"review: expected a date like 2026-12-15, got {_describe(node)}",
                "write the year, month and day: YYYY-MM-DD",
            )
            return
        self.values["review"] = when.isoformat()

    def _ladders(self, node: yaml.Node) -> None:
        if not isinstance(node, yaml.MappingNode):
            self.problem(
                node,
                f"ladders: expected a mapping of exercise ids to lists of levels, got "
                f"{_describe(node)}",
                "see `stretch schema --plan`",
            )
            return
        ladders: dict[str, object] = {}
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) and key.tag == _STR else None
            if name is None:
                self.problem(key, *not_a_key(key, "ladders: ", "exercise"))
                continue
            if not ID_RE.fullmatch(name):
                self.problem(key, f"ladders: {_describe(key)} is not an exercise id", _ID_HINT)
                continue
            if name in seen:
                first = seen[name].start_mark.line + 1
                self.problem(key, f"ladders: duplicate key '{name}' (first on line {first})")
                continue
            seen[name] = key
            self.marks[f"ladders.{name}"] = _mark(key)
            levels = self._ladder(name, value)
            if levels is not None:
                ladders[name] = levels  # with a level that is wrong as {}: its place kept
        self.values["ladders"] = ladders

    def _ladder(self, name: str, node: yaml.Node) -> list[object] | None:
        label = f"ladders.{name}"
        if not isinstance(node, yaml.SequenceNode) or not node.value:
            self.problem(
                node,
                f"{label}: expected a list of levels, easiest first, got {_describe(node)}",
                "write one '- {hold: 10, reps: 3}' per line",
            )
            return None
        if len(node.value) > MAX_LEVELS:
            self.problem(node, f"{label}: more than {MAX_LEVELS} levels")
            return None
        levels: list[object] = []
        for number, item in enumerate(node.value, 1):
            where = f"{label}[{number}]"
            # Checked as the value of a key named after where it is, so that the checker's
            # messages and marks say so: "ladders.scapular-squeeze[2].hold: ...".
            key = yaml.ScalarNode(_STR, where, item.start_mark, item.start_mark)
            wrapped = yaml.MappingNode(_MAP, [(key, item)], item.start_mark, item.end_mark)
            spec = Field(where, "fields", "a level", fields=LEVEL_FIELDS)
            checked = checker.check(self.path, wrapped, (spec,), "plan")
            self.problems.extend(checked.problems)
            self.marks.update(checked.marks)
            level = None if checked.problems else checked.values.get(where)
            if isinstance(level, dict) and not level.keys() & {"hold", "reps", "sets", "variant"}:
                self.problem(
                    item, f"{where}: a level sets at least one of hold, reps, sets, variant"
                )
                level = None
            # A level with a problem is kept as {}, so that the others are still checked
            # against the catalog (a variant it lacks, a start past the top) at once.
            levels.append(level if isinstance(level, dict) else {})
        return levels

    def _schedule_problems(self, root: yaml.MappingNode, checked: Checked) -> list[Problem]:
        """A plan has its routines by weekday or in rotation: one of the two."""
        days, rotation = checked.marks.get("days"), checked.marks.get("rotation")
        if days is None and rotation is None:
            mark = root.start_mark
            message = (
                "missing its routines: days (a routine for each weekday) or rotation "
                "(routines in turn)"
            )
            hint = "e.g. days: {mon: upper-back, thu: upper-back}"
            return [Problem(self.path, mark.line + 1, mark.column + 1, message, hint)]
        if days is not None and rotation is not None:
            line, column = max(days, rotation)
            return [Problem(self.path, line, column, "give days or rotation, not both")]
        if days is not None and _empty(root, "days"):
            line, column = days
            message = "days: give a routine for at least one day"
            return [Problem(self.path, line, column, message, "e.g. mon: upper-back")]
        return []


def _empty(root: yaml.MappingNode, name: str) -> bool:
    """Whether the key `name` of `root` is an empty mapping (one whose keys are all wrong is
    not: each has its problem)."""
    return any(
        isinstance(key, yaml.ScalarNode) and key.value == name
        and isinstance(value, yaml.MappingNode) and not value.value
        for key, value in root.value
    )  # fmt: skip


def _listed_days(node: yaml.Node) -> set[str]:
    """The days of a `days` mapping given a list of routines."""
    if not isinstance(node, yaml.MappingNode):
        return set()
    return {
        key.value
        for key, value in node.value
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.SequenceNode)
    }


_ID_HINT = "ids are lowercase words joined by hyphens, like 'scapular-squeeze'"


def _mark(node: yaml.Node) -> Mark:
    return (node.start_mark.line + 1, node.start_mark.column + 1)
