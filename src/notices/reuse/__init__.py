"""Everything a build keeps so that the next one (or the next page) does less work.

There are five kinds of kept state, and only these:

- **Memo tables** (``memos``): process-wide dicts registered with ``memo()`` in the
  module that fills them (parses, interned words, redlines, rendered bodies). They are
  keyed by content or by object identity, so ``forget_all()`` drops them together: a
  worker calls it after each notice, which bounds its memory to one notice's worth.
- **The disk cache** (``cache.Cache``): content-addressed records under ``.cache/notices``,
  every key salted with ``tool_digest()`` (the package's own code and the versions of
  the libraries that shape output), so a cache never serves what an older tool wrote.
- **The text cache** (``textcache.TextCache``): what the history read from each blob
  (front matter and text, compressed), so a rebuild does not parse unchanged files.
- **The output store** (``outputs.OutputStore``) and **stage** (``stage.Stage``): a
  notice's written pages, kept between builds and linked into the site, so ``serve``
  rewrites only notices whose inputs changed.
- **The plugin's own globals** (``mkdocs_plugin``): which notices ``serve`` must rebuild
  (``_DIRTY``) and which it kept (``_KEPT``); they live in the adapter because only a
  long-running MkDocs process has them.

Nothing else is kept between builds; nothing here decides what a page says.
"""
