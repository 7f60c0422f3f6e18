"""A tiny site for the load test (scripts/load.py): Opora's production settings and URLs plus
one minimal signed-in page. Never part of the production URLs."""
