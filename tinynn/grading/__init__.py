"""`tinynn check`: a student's step run in a sandboxed child beside the engine's, and
hand-worked answers judged by the one rule of the quiz too.

A student's step function (`tinynn check FILE.py`, `tinynn.check(step)`):
    step_check  the entry points: check_file, check, check_one (the walkthrough's)
    cases       the cases a step is run on
    sandbox     the parent's side: a child process runs the file (child), calling it
                on each case (call) and reporting each as a JSON line
    channel     the child's lines as the parent takes them (nonce, order, shape)
    isolation   where the child runs (bubblewrap, or its own session) and its end
    clip        what a student's code prints, kept to its first and last few KB
    case_check  one case: the student's numbers, in the notes' shapes, beside the engine's
    tolerance   how close is the same number
    report      the outcome and its report: the first difference, the summary
    explain     what all of the student's numbers say: a known mistake, two that
                cancel, a mistake after an earlier slip, precision only
    template    the starter file
    notebook_code  a handed-in notebook's code cells, as the Python file to check
Hand-worked answers (`tinynn check --answers FILE`, `tinynn.check(answers=...)`):
    answers     the entry point and the report (the rule: tinynn/teach/marking.py)
    answer_file reading the file
    judge       right, wrong, or carried from a wrong earlier answer
    hints       what a wrong answer looks like, told from all of the student's numbers
A class (`tinynn grade DIR --out FOLDER`, `tinynn grade --gradescope`):
    classroom   the entry point: the folders to the gradebook
    submissions whose files, of which kind, against which worksheet (the roster's flags)
    grade       one file graded as `tinynn check` checks it; the class in parallel
    pool        the workers: bounded in number, memory and time
    points      what each phase of the step is worth, and what a student earned
    feedback    what a student sees when hints and correct values are withheld
    gradebook   grades.csv, results.json (Gradescope's format), reports
    summary     the class summary
    gradescope  one submission inside Gradescope's autograder container
"""
