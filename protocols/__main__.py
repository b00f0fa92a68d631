"""`python -m protocols` runs the `protocols` command."""

from protocols.cli import main

main()
