"""Rebase the relative URLs of an HTML page for a page in another folder.

Shells (pages the generator built) and rendered bodies are written for one
folder and reused in others; every relative ``href``/``src`` (and Material's
few script-held URLs) must then point from the new folder.
"""

from __future__ import annotations

import posixpath
import re

__all__ = ["rebase", "rebase_links"]

_URL_ATTR = re.compile(r'(\s(?:href|src|action|poster)=")([^"]*)(")')
_SCRIPT_URLS = re.compile(r'(new URL\("|"base":\s*"|"search":\s*")([^"]*)(")')
_ABSOLUTE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def rebase(url: str, prefix: str) -> str:
    """``url`` relative to a folder, made relative to the folder ``prefix`` leads from."""
    if not url or _ABSOLUTE.match(url) or prefix == ".":
        return url
    path, hashmark, fragment = url.partition("#")
    joined = posixpath.normpath(posixpath.join(prefix, path))
    if path.endswith("/") or path in {".", ".."} or path.endswith("/.."):
        joined += "/"
    return joined + hashmark + fragment


def rebase_links(html: str, prefix: str, scripts: bool = False) -> str:
    html = _URL_ATTR.sub(lambda m: m.group(1) + rebase(m.group(2), prefix) + m.group(3), html)
    if scripts:
        html = _SCRIPT_URLS.sub(lambda m: m.group(1) + rebase(m.group(2), prefix) + m.group(3), html)
    return html
