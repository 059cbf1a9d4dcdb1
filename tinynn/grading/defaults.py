"""The defaults of `tinynn check` and `tinynn.check`, in a module of their own, so that the
command's parser is built without loading the grading modules (every command starts
as fast as if `check` were not there)."""

DEFAULT_CASES = 16  # random cases per task: every shape n, h in 1..4 once
DEFAULT_TOLERANCE = 1e-9  # relative
DEFAULT_TIMEOUT = 5.0  # seconds a case may take
DEFAULT_LESSON = "by-hand"  # whose step hand-worked answers are of
