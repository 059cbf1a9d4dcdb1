"""The page templates of `tinynn-tui --serve` (Jinja2, rendered by the server)."""

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent  # app_index.html: the walkthrough; notice.html
