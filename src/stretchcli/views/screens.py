"""The screens a session shows itself on, as the session asks for them (session/devices.py's
`Screens`): the live screen on a terminal, plain lines for pipes, logs and screen readers, or
JSON lines for programs; and the summary at the end. The live screen is imported only when a
session is shown on it."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

from stretchcli import safety
from stretchcli.env import Environment
from stretchcli.session.coaching import SessionInfo
from stretchcli.session.devices import Mode
from stretchcli.session.runner import Listener, RunState
from stretchcli.session.wording import lead_in, sentence


class TerminalScreens:
    """The screens of `stretch run`."""

    def open(
        self, env: Environment, mode: Mode, info: SessionInfo, figures: bool
    ) -> tuple[Listener, AbstractContextManager[object]]:
        """The listener that shows the session, and the screen it takes over while the
        session runs (only the live one does)."""
        if mode == "json":
            from stretchcli.views.lines import JsonReporter

            env.stderr.write(f"{safety.SHORT} {safety.MORE}\n")
            return JsonReporter(env.stdout, info), nullcontext()
        if mode == "plain":
            from stretchcli.views.lines import KEYS_SAID, PlainReporter

            intro = info.intro
            header = [f"{info.title}. {lead_in(intro.needs)} {safety.MORE}"]
            header += [f"Careful: {caution}" for caution in intro.cautions]
            header += [sentence(change) for change in intro.changes]
            if env.stdin_isatty:  # keys are read: say which, once
                header.append(KEYS_SAID)
            return PlainReporter(env.stdout, info, header), nullcontext()
        from stretchcli.views.live import LiveReporter

        live = LiveReporter(env.console(), info, figures)
        return live, live

    def summary(
        self, env: Environment, state: RunState, info: SessionInfo, week: int | None, kept: bool
    ) -> bool:
        """The end of the session, wrapped to the terminal's width (not in a pipe)."""
        from stretchcli.views.lines import write_summary

        width = env.width if env.stdout_isatty else 0
        return write_summary(env.stdout, width, state, info, week, kept)
