"""`python -m habeas.cli`: the same as the `habeas` command."""

from habeas.cli.main import main

main()
