"""Writes the published files from the model: pages, redirects (later: API, feeds)."""
