"""A person's mistake in a notebook shown as one line, not a traceback: the teaching checks' and the explorer's.

Inside an IPython kernel, :func:`show_in_one_line` registers a handler for some exception types. Any
other error keeps its usual traceback, and a handler another module registered for other types keeps
working for them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any


def show_in_one_line(handles: tuple[type[BaseException], ...], line: Callable[[BaseException], str | None],
                     owner: str) -> None:
    """Show each exception of a type in ``handles`` as the one line ``line`` gives for it (``None``: as usual).

    ``owner`` is the registering module's name: registering again from it (``importlib.reload``) replaces
    what it registered before. Outside IPython nothing changes: the exception and its message, as usual.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # not installed: no kernel to register with
        return
    shell: Any = get_ipython()
    if shell is None:
        return
    others = tuple(t for t in shell.custom_exceptions if not issubclass(t, handles) and t.__module__ != owner)
    previous = shell.CustomTB if others else None

    def handler(shell: Any, etype: type[BaseException], value: BaseException, tb: Any,
                tb_offset: int | None = None) -> list[str] | None:
        if issubclass(etype, handles):
            text = line(value)
            if text is not None:
                return _show(shell, etype, value, text)
        elif previous is not None and issubclass(etype, others):
            result: list[str] | None = previous(etype, value, tb, tb_offset=tb_offset)
            return result
        lines: list[str] = shell.InteractiveTB.structured_traceback(etype, value, tb, tb_offset=tb_offset)
        shell._showtraceback(etype, value, lines)  # what IPython shows for an error nobody handles specially
        return lines

    shell.set_custom_exc(handles + others, handler)


def _show(shell: Any, etype: type[BaseException], value: BaseException, line: str) -> list[str]:
    """Show ``line`` as the cell's error output, without a traceback."""
    lines = [" ".join(line.split())]  # one line, whatever the message holds
    show = getattr(shell, "_showtraceback", None)  # what IPython's showtraceback does with a formatted traceback
    if show is None:
        print(lines[0], file=sys.stderr)
    else:
        show(etype, value, lines)
    return lines
