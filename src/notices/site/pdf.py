"""A fixed copy of each version as a PDF (option ``pdf: true``), what regulators and archives ask for.

Each version gets ``/<id>/<version>/<id>-<version>.pdf``: the text of its latest
revision with its title, version, effective date and permanent address, made by
WeasyPrint (pure Python on Pango: no browser, no server) from a small
self-contained HTML document. Three rules:

- **Nothing is fetched.** WeasyPrint is handed a URL fetcher that refuses every
  URL but ``data:``, so a notice can never make the build (or a reader's
  archive) ask another host for anything.
- **The same text gives the same bytes.** The document's dates come from the
  history (first and last publication of the version), never from the clock,
  and WeasyPrint's PDF/A output has no random ids; a rebuild is byte-identical.
- **A PDF is rendered once.** Rendering costs far more than every page of a
  version (about half a second for a 15 KB notice, ten for a 300 KB one), so
  each PDF is kept in the build cache under a digest of its input document,
  the PDF variant and WeasyPrint's version: a new version of a notice renders
  one PDF, not one per version, and a warm build renders none.

The document holds nothing that changes after a version is published (no
"superseded" or "current" banner), so its PDF never needs rendering again.
"""

from __future__ import annotations

import hashlib
import importlib.util
import posixpath
import warnings
from html import escape
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from notices.base.errors import ConfigError, NoticesError
from notices.base.model import Notice, NoticeSet, Version
from notices.base.urls import notice_dir, pdf_file, version_dir
from notices.reuse.cache import Cache
from notices.site.api import absolute_links
from notices.sources.languages import attributes, language_of, words
from notices.text.headings import under_title
from notices.text.render import render

__all__ = [
    "INSTALL",
    "PDF_CSS",
    "Pdf",
    "PDF_VARIANT",
    "kept_pdf",
    "missing_library",
    "pdf_files",
    "pdf_source",
    "render_pdf",
    "use_cache",
    "version_pdf",
]

INSTALL = 'pip install "mkdocs-privacy-notices[pdf]"'
PDF_VARIANT = "pdf/a-2a"
"""PDF/A-2 (ISO 19005-2, for archiving) level A: tagged, so screen readers can read it."""
_FORMAT = 1
"""Bump when the way a document becomes a PDF changes (not its HTML: that is in the digest)."""

RENDERED: list[str] = []
"""The digests rendered in this process (not taken from the cache); tests count them."""

_CACHE: list[Cache] = []


def use_cache(cache: Cache | None) -> None:
    """Where PDFs are kept between builds (the producer's cache; None: render every time)."""
    _CACHE[:] = [cache] if cache is not None else []


def missing_library() -> str | None:
    """Why WeasyPrint cannot be used here, or None when it is installed.

    Only looked up, not imported: importing it (and Pango) takes a second or two, which a
    build whose PDFs all come from the cache never needs to pay. A missing Pango shows
    when the first PDF is rendered (``render_pdf``).
    """
    try:
        found = importlib.util.find_spec("weasyprint")
    except (ImportError, ValueError) as exc:
        return str(exc) or type(exc).__name__
    return None if found is not None else "no module named 'weasyprint'"


def require_library(path: str, line: int | None) -> None:
    """``pdf: true`` without WeasyPrint is a mistake in mkdocs.yml, named there with its fix."""
    problem = missing_library()
    if problem is None:
        return
    raise ConfigError(
        f"`pdf: true` needs WeasyPrint, which is not installed here ({problem})",
        path=path,
        line=line,
        hint=f"install the optional extra: {INSTALL} (WeasyPrint also needs Pango: see its install page), "
        "or remove `pdf: true`",
    )


PDF_CSS = """\
@page { size: A4; margin: 2cm 2cm 2.2cm;
  @bottom-left { content: string(notice); font-size: 8pt; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #555; } }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10pt; line-height: 1.45;
  color: #000; }
header { string-set: notice attr(data-running); border-bottom: 1px solid #999; margin-bottom: 1.2em; }
h1 { font-size: 18pt; margin: 0 0 .3em; }
h2 { font-size: 13pt; margin: 1.4em 0 .4em; break-after: avoid; }
h3, h4, h5, h6 { font-size: 11pt; margin: 1.2em 0 .3em; break-after: avoid; }
.notices-meta, .notices-permanent { margin: .2em 0; color: #333; }
.notices-permanent { margin-bottom: .8em; }
a { color: #000; text-decoration: underline; }
.notices-body a[href^="http"]::after { content: " (" attr(href) ")"; font-size: 8.5pt; color: #333;
  overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: .8em 0; }
th, td { border: 1px solid #999; padding: .25em .5em; vertical-align: top; text-align: left; }
tr, li, blockquote, pre { break-inside: avoid; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 9pt; }
pre { white-space: pre-wrap; border-left: 2px solid #999; padding-left: .6em; }
.admonition, details { border-left: 3px solid #777; padding: .1em .8em; margin: .8em 0; }
.admonition-title, summary { font-weight: bold; }
.headerlink { display: none; }
"""


def _w3c(moment: Any) -> str:
    """A history date as the W3C date-time WeasyPrint reads from ``dcterms.*`` metadata."""
    return str(moment.isoformat(timespec="seconds")).replace("+00:00", "Z")


def pdf_source(notices: NoticeSet, notice: Notice, version: Version, site_url: str, site_name: str = "") -> str:
    """The document the PDF of ``version`` is made from: nothing in it changes once it is published."""
    latest = version.latest
    home = notice_dir(notice.id)
    rendered = under_title(render(latest.body, posixpath.dirname(notice.id), home), latest.meta.title)
    base = site_url.rstrip("/") + "/" if site_url else ""
    body = absolute_links(rendered.html, base + home) if base else rendered.html
    address = base + version_dir(notice.id, version.label) if base else "/" + version_dir(notice.id, version.label)
    lang = language_of(notices, notice)
    title = escape(latest.meta.title)
    label = escape(version.label)
    t = words(notices, notice)
    ui = attributes("en") if t.lang == "en" and not lang.lower().startswith("en") else ""  # no catalog: English
    meta = t.html("Version {label} · effective {date}", label=label, date=t.date_html(version.effective))
    if len(version.revisions) > 1:
        meta += " · " + t.html(
            "revision {number}, published {date}", number=str(latest.number), date=t.date_html(latest.published.date())
        )
    running = escape(t.text("{title} · version {label}", title=latest.meta.title, label=version.label))
    heads = [
        '<meta charset="utf-8">',
        f"<title>{escape(t.text('{title} (version {label})', title=latest.meta.title, label=version.label))}</title>",
        f'<meta name="dcterms.created" content="{_w3c(version.revisions[0].published)}">',
        f'<meta name="dcterms.modified" content="{_w3c(latest.published)}">',
    ]
    if site_name:
        heads.append(f'<meta name="author" content="{escape(site_name)}">')
    if latest.meta.summary:
        heads.append(f'<meta name="description" content="{escape(latest.meta.summary)}">')
    heads.append(f"<style>\n{PDF_CSS}</style>")
    return (
        f"<!doctype html>\n<html{attributes(lang, always_dir=True)}>\n<head>\n"
        + "\n".join(heads)
        + "\n</head>\n<body>\n"
        + f'<header data-running="{running}">\n<h1>{title}</h1>\n'
        + f'<p class="notices-meta"{ui}>{meta}</p>\n'
        + f'<p class="notices-permanent"{ui}>'
        + t.html("Permanent address: {address}", address=f'<a href="{escape(address)}">{escape(address)}</a>')
        + "</p>\n</header>\n"
        + f'<main class="notices-body">\n{body}</main>\n</body>\n</html>\n'
    )


def _key(html: str) -> str:
    try:
        library = version("weasyprint")
    except PackageNotFoundError:
        library = "?"
    h = hashlib.blake2b(digest_size=20)
    h.update(f"{_FORMAT}\0{PDF_VARIANT}\0{library}\0".encode())
    h.update(html.encode("utf-8"))
    return h.hexdigest()


def render_pdf(html: str) -> bytes:
    """``html`` as a PDF, with every URL but ``data:`` refused."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as exc:  # OSError: WeasyPrint is there, Pango is not
        raise NoticesError(
            f"`pdf: true`: WeasyPrint cannot be loaded ({exc})",
            hint=f"install it with {INSTALL} and Pango (Debian: apt-get install libpangoft2-1.0-0), "
            "or remove `pdf: true` from mkdocs.yml",
        ) from None

    class _Refuse(URLFetcher):  # type: ignore[misc]  # WeasyPrint ships no type hints
        """The only fetcher WeasyPrint gets: a notice's PDF asks no host for anything."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"notices: PDFs fetch nothing, not even {url}")

    document = weasyprint.HTML(string=html, url_fetcher=_Refuse())
    with warnings.catch_warnings():
        # WeasyPrint 70 opens its sRGB profile for PDF/A and leaves closing it to the garbage
        # collector, which warns; the file is closed all the same.
        warnings.simplefilter("ignore", ResourceWarning)
        return bytes(document.write_pdf(pdf_variant=PDF_VARIANT))


class Pdf(bytes):
    """A PDF's bytes and where the cache keeps them (``name``, ``key``), so a notice's own cache
    entry can name the PDF instead of holding a second copy (``parts.encode``)."""

    name: str
    key: str


def _kept(data: bytes, name: str, key: str) -> Pdf:
    pdf = Pdf(data)
    pdf.name, pdf.key = name, key
    return pdf


def kept_pdf(name: str, key: str) -> Pdf | None:
    """The PDF the cache holds under ``name`` and ``key``, if it still does."""
    cache = _CACHE[0] if _CACHE else None
    data = cache.get("pdf", name, key) if cache is not None else None
    return _kept(data, name, key) if data is not None and data.startswith(b"%PDF-") else None


def version_pdf(notices: NoticeSet, notice: Notice, version: Version, site_url: str, site_name: str = "") -> Pdf:
    """The PDF of ``version``: from the cache when its document is unchanged, else rendered."""
    html = pdf_source(notices, notice, version, site_url, site_name)
    key = _key(html)
    name = f"{notice.id}\0{version.label}"
    kept = kept_pdf(name, key)
    if kept is not None:
        return kept
    data = render_pdf(html)
    RENDERED.append(key)
    if _CACHE:
        _CACHE[0].put("pdf", name, key, data)
    return _kept(data, name, key)


def pdf_files(notices: NoticeSet, notice: Notice, site_url: str, site_name: str = "") -> list[tuple[str, Pdf]]:
    """Every version's PDF as (site path, bytes), oldest version first."""
    return [
        (pdf_file(notice.id, v.label), version_pdf(notices, notice, v, site_url, site_name)) for v in notice.versions
    ]
