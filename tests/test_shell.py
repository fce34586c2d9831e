"""The theme's part of the pages the tool writes: compacted, and its long navigation lists cut."""

from __future__ import annotations

from notices.site.shell import compact, trim_nav


def _leaf(name: str) -> str:
    return f'<li class="md-nav__item">\n  <a href="../{name}/" class="md-nav__link">{name}</a>\n</li>\n'


def _page(leaves: int, section_leaves: int) -> str:
    toc = '<ul class="md-nav__list" data-md-component="toc">' + "".join(_leaf(f"h{n}") for n in range(40)) + "</ul>"
    active = (
        f'<li class="md-nav__item md-nav__item--active"><a class="md-nav__link--active">me</a>'
        f'<nav class="md-nav md-nav--secondary">{toc}</nav></li>'
    )
    section = (
        '<li class="md-nav__item md-nav__item--nested"><nav class="md-nav"><ul class="md-nav__list">'
        + "".join(_leaf(f"s{n}") for n in range(section_leaves))
        + "</ul></nav></li>"
    )
    items = "".join(_leaf(f"p{n}") for n in range(leaves))
    return (
        f'<html><body><nav class="md-nav md-nav--primary"><ul class="md-nav__list">{items}{active}'
        f"{section}</ul></nav><nav class='md-tabs'><ul>{_leaf('tab')}</ul></nav><pre>  kept\n    as is</pre>"
        "</body></html>"
    )


def test_a_long_list_is_cut_to_the_active_entry_and_its_sections() -> None:
    html = _page(leaves=30, section_leaves=3)
    trimmed = trim_nav(html, most=24)
    assert "p0" not in trimmed and "p29" not in trimmed
    assert "md-nav__item--active" in trimmed and "md-nav__item--nested" in trimmed
    assert all(f"s{n}" in trimmed for n in range(3))  # a short list in a section stays whole
    assert all(f"h{n}/" in trimmed for n in range(40))  # the table of contents is never cut
    assert "tab" in trimmed  # only the primary navigation is read
    # a long list inside a section is cut too; short lists and broken markup stay as they are
    assert "s29" not in trim_nav(_page(leaves=2, section_leaves=30), most=24)
    assert trim_nav(_page(leaves=24, section_leaves=24), most=24) == _page(leaves=24, section_leaves=24)
    broken = html.replace("</ul></nav><nav class='md-tabs'>", "</nav><nav class='md-tabs'>")
    assert trim_nav(broken, most=24) == broken


def test_compacting_keeps_preformatted_text_and_one_break_for_each_run() -> None:
    html = _page(leaves=2, section_leaves=1)
    out = compact(html)
    assert "<pre>  kept\n    as is</pre>" in out
    assert '<li class="md-nav__item">\n<a href="../p0/"' in out
    assert (
        compact("<p>a</p>  \n\n    <script>\n  let s = `x\n  y`</script>")
        == "<p>a</p>\n<script>\n  let s = `x\n  y`</script>"
    )
