"""Everything a build or a check needs, in one call: notices, notes, classified changes."""

from __future__ import annotations

from notices.base.model import NoticeSet
from notices.base.options import Options
from notices.build.routes import check_routes
from notices.changes.assess import analyse, check_revisions
from notices.changes.classify import Classifier
from notices.sources.gitrepo import GitReader
from notices.sources.history import load_notices
from notices.sources.notes import read_notes
from notices.text.markdown import set_raw_html

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
