"""``python -m twinstack`` is the ``twinstack`` command."""

from twinstack.cli import main

main()
