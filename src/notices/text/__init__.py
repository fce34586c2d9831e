"""Notice Markdown as text: parsing (markdown-it-py with the site's extensions), blocks
for diffs, rendering to sanitized HTML, and the heading and link helpers every page uses."""
