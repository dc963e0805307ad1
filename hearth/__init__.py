"""Hearth: case management for children's social care."""
