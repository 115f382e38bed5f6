"""The MkDocs plugin that turns `content/` into pages (`plugins: [rendicion]`)."""
