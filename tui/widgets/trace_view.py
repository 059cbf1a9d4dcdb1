"""What the network, the equation panel and the parameter table share: a trace and a cursor.

Each shows one `Trace` with events 0..cursor computed; `show` hands them a
new one and asks for a redraw. They read the trace and never recompute it.
"""

from __future__ import annotations

from textual.widget import Widget

from tinynn import Trace


class TraceView(Widget):
    """A widget that displays one trace up to a cursor (-1: nothing computed yet)."""

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 - Textual's name
        super().__init__(id=id)
        self._trace: Trace | None = None
        self._cursor = -1

    def show(self, trace: Trace, cursor: int) -> None:
        """Display `trace` with events 0..cursor computed."""
        self._trace, self._cursor = trace, cursor
        self.refresh()
