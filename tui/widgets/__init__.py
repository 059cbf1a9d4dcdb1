"""Widgets of the walkthrough, one per module."""
