"""Teaching material: the notes' known mistakes, lessons and their TOML, the quiz, the bug hunt
and per-student worksheets."""
