"""`tinynn check`: a student's step run in a sandboxed child beside the engine's, and
hand-worked answers judged to their digits."""
