"""A site's configuration: ``mkdocs.yml`` read as MkDocs reads it, and the one schema of
the tool's options that the plugin and the CLI both validate with."""
