"""Run MkDocs programmatically: ``decision-press build`` → ``mkdocs build`` into a given folder.

Kept beside the plugin so that only this adapter package imports MkDocs. The build's
:class:`BuildContext` (its date, and that the project's lock is held) is handed to the
plugin instance that MkDocs loaded, as a value.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from decision_press.errors import DecisionPressError
from decision_press.mkdocs_plugin.plugin import DecisionPressPlugin
from decision_press.pipeline import BuildContext


class MkDocsFailed(DecisionPressError):
    """MkDocs stopped; the message says why."""


PLUGIN_LOGGER = "mkdocs.plugins.decision-press"


class _Progress(logging.Handler):
    """Shows the plugin's progress ('PDF 37/412') and its summary on the terminal.

    On a terminal the progress line is rewritten in place; in a log file (CI) only every
    tenth of the way is written, so long builds stay readable.
    """

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.stream = sys.stderr
        self.tty = self.stream.isatty()
        self.last_step = -1

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if message.startswith("PDF ") and "/" in message:
            done, total = (int(x) for x in message[4:].split("/"))
            if self.tty:
                self.stream.write(f"\r{message}" + ("\n" if done == total else ""))
            elif (step := done * 10 // max(total, 1)) != self.last_step:
                self.last_step = step
                self.stream.write(message + "\n")
        elif record.levelno >= logging.INFO:
            self.stream.write(message + "\n")
        self.stream.flush()


class _Errors(logging.Handler):
    """Keeps what MkDocs logs as errors, to say it once as the reason the build failed.

    MkDocs logs a plugin's error and then raises only "Aborted with a BuildError!".
    """

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs_build(config_file: Path, site_dir: Path, context: BuildContext, *, strict: bool = False) -> None:
    """Build the site described by ``config_file`` into ``site_dir`` (which must not be the live site)."""
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    plugin_log = logging.getLogger(PLUGIN_LOGGER)
    handler = _Progress()
    plugin_log.setLevel(logging.DEBUG)
    plugin_log.addHandler(handler)
    errors = _Errors()
    logging.getLogger("mkdocs").addHandler(errors)
    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
        plugins = [plugin for plugin in config.plugins.values() if isinstance(plugin, DecisionPressPlugin)]
        try:
            for plugin in plugins:
                plugin.hand_over(context, Path(config.config_file_path))
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        finally:
            # MkDocs may reuse a plugin object for a later build in this process: it must not
            # inherit this build's date, nor believe that the lock is held.
            for plugin in plugins:
                plugin.take_back()
    except MkDocsException as err:
        raise MkDocsFailed("\n".join(m.removeprefix("decision-press: ") for m in errors.messages) or str(err)) from err
    finally:
        logging.getLogger("mkdocs").removeHandler(errors)
        plugin_log.removeHandler(handler)
        plugin_log.setLevel(logging.NOTSET)
