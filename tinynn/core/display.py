"""Jupyter's display hook: a record shown in a notebook is shown as Markdown.

A notebook shows an object's `_repr_markdown_` when it has one. `Params`,
`Step`, `Trace`, `GradCheck`, `Comparison` and `TrainResult` each define it as
`markdown(self)`, and `markdown` loads the Markdown renderer (tinynn.render.markdown)
only then: the one import upwards across the layers, named in pyproject.toml's
import contracts, so that the records stay where their math is and `import tinynn`
loads no renderer. A plain `repr` in a terminal is unchanged.
"""

from __future__ import annotations


def markdown(obj: object) -> str:
    """`obj` as the Markdown a notebook shows (`tinynn.render.markdown.markdown`)."""
    from tinynn.render.markdown import markdown as render  # the one upward import

    return render(obj)
