"""Everything a build or a check needs, in one call: notices, notes, and how to classify their changes."""

from __future__ import annotations

import dataclasses
from functools import partial

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


def load_site(options: Options, reader: GitReader | None = None) -> NoticeSet:
    """Read and check the whole site; raises NoticesError with file, line and fix.

    What the versions changed is analysed when first asked for (``NoticeSet.changes_of``):
    a build's producer hands in what its cache and workers found, a check or the CLI
    analyses what it reads.
    """
    set_raw_html(options.raw_html)
    classifier = Classifier.from_option(options.elements)
    own = reader is None
    reader = reader or GitReader(options.docs_dir if options.docs_dir.exists() else options.versions_dir.parent)
    try:
        found = load_notices(options, reader)
        notices = dataclasses.replace(
            found,
            notes=read_notes(options.changelog_dir, reader.root, found),
            analyser=partial(analyse, classifier=classifier),
        )
        check_routes(notices, options.docs_dir, reader.root)
        check_revisions(notices, classifier, reader.root)
    except BaseException:
        if own:  # a refused build under `mkdocs serve` must not leave its `git cat-file` running
            reader.close()
        raise
    return notices
