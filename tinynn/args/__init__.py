"""The command-line options shared by both front ends (`tinynn` and `tinynn-tui`): the
argparse groups, the one-line errors and the guard around a command."""
