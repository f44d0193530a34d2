"""Subcommands of the wt-reader command line (see app/cli.py)."""
