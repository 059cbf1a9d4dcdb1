"""The math of the notes, one equation per line: parameters, forward, loss, backward, update,
their composition into one step, and the names and checks every other layer uses."""
