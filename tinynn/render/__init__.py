"""Renderers: plain text, Markdown (also Jupyter's display), LaTeX and JSON of the engine's
records. Renderers format; they never compute the math."""
