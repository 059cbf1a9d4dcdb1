"""The subcommands of `tinynn`, one module each: `register(subparsers)` adds its parser, and
`run(args, out)` runs it and returns the exit status."""
