"""The defaults of `tinynn check`, `tinynn.check` and `tinynn grade`, in a module of their own,
so that the commands' parsers are built without loading the grading modules (every command
starts as fast as if `check` were not there). Their bounds are tinynn/core/validate.py's."""

DEFAULT_CASES = 16  # random cases per task: every shape n, h in 1..4 once
DEFAULT_TOLERANCE = 1e-9  # relative
DEFAULT_TIMEOUT = 5.0  # seconds a case may take
DEFAULT_LESSON = "by-hand"  # whose step hand-worked answers are of
DEFAULT_POINTS = 100.0  # points of a file `tinynn grade` grades
DEFAULT_TIME_LIMIT = 120.0  # seconds one submission may take in all
DEFAULT_MEMORY = 1024  # MiB of address space for a submission's grading process
