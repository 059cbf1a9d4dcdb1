"""How many rows a panel may take and still leave the panels below it their minimum height.

A panel of `height: auto` (the parameter table, the network graph) is served before the
`1fr` panels under it (the plots, the equation panel), but never so far that those get
less than their `min-height` (app.tcss): the equation panel keeps the rows its chain rule
needs, the plots their axes.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.widget import Widget


def rows_left(widget: Widget, container: Size, viewport: Size) -> int:
    """The rows of `container` that `widget` may take: all but the minimum heights of the
    displayed panels after it in its parent."""
    siblings = list(widget.parent.children) if widget.parent is not None else []
    below = 0
    for other in siblings[siblings.index(widget) + 1 :] if widget in siblings else []:
        low = other.styles.min_height
        if other.display and low is not None:
            below += int(low.resolve(container, viewport))
    return container.height - below
