"""The terminal walkthrough: one SGD update of tinynn's network, scalar by scalar."""

from . import textual_fixes as _textual_fixes  # noqa: F401  (applied once, on import)
