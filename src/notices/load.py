"""Everything a build or a check needs, in one call: notices, notes, classified changes."""

from __future__ import annotations

from .changes import analyse, check_revisions
from .classify import Classifier
from .gitrepo import GitReader
from .history import load_notices
from .markdown import set_raw_html
from .model import NoticeSet
from .notes import read_notes
from .options import Options
from .routes import check_routes

__all__ = ["load_site"]


def load_site(options: Options, reader: GitReader | None = None, analyse_changes: bool = True) -> NoticeSet:
    """Read and check the whole site; raises NoticesError with file, line and fix.

    Builds pass ``analyse_changes=False``: their producer analyses each notice with its
    pages, in parallel and cached, instead of all of them up front.
    """
    set_raw_html(options.raw_html)
    classifier = Classifier.from_option(options.elements)
    own = reader is None
    reader = reader or GitReader(options.docs_dir if options.docs_dir.exists() else options.versions_dir.parent)
    try:
        notices = load_notices(options, reader)
        notices.lang = options.lang
        notices.pdf = options.pdf
        notices.messages = options.messages
        notices.commit = reader.head
        notices.notes = read_notes(options.changelog_dir, reader.root, notices)
        check_routes(notices, options.docs_dir, reader.root)
        check_revisions(notices, classifier, reader.root)
    except BaseException:
        if own:  # a refused build under `mkdocs serve` must not leave its `git cat-file` running
            reader.close()
        raise
    if analyse_changes:
        notices.changes = {notice.id: analyse(notice, classifier) for notice in notices}
    return notices
