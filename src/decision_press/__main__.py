"""``python -m decision_press`` runs the command line."""

from decision_press.cli import main

main()
