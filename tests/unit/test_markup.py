"""Text from data is escaped for Markdown and HTML; the inline subset is the only markup (refsite/markup.py)."""

from __future__ import annotations

import html
import random

import markdown
from markupsafe import Markup
import pytest

from refsite.markup import html_escape, inline, md_escape, plain


def render(md: str) -> str:
    """Python-Markdown with the site's extensions (mkdocs.yml), without MkDocs."""
    return markdown.markdown(md, extensions=["attr_list", "md_in_html", "footnotes", "tables", "admonition"])


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "[click](javascript:alert(1))",
        "**not bold** _nor_ `code` # heading",
        "a | b \\ c {#id .cls} ![img](x.png)",
        "1. not a list",
        "&amp; stays as typed &lt;",
    ],
)
def test_escaped_text_renders_as_exactly_that_text(text):
    html = render(str(md_escape(text)))
    assert html == f"<p>{Markup.escape(text)}</p>"


def test_escaping_folds_whitespace_and_leaves_markup_alone():
    assert md_escape("  two\n lines \t here ") == "two lines here"
    already = Markup("**bold**")
    assert md_escape(already) is already


def test_attribute_values_cannot_open_markdown_links_or_split_tables():
    value = html_escape('https://x/[a](javascript:alert(1)) | "q" <b>')
    assert "[" not in value and "]" not in value and "|" not in value
    assert "&#34;q&#34;" in value and "&lt;b&gt;" in value


PUNCTUATION = "".join(chr(c) for c in range(0x21, 0x7F) if not chr(c).isalnum())


def test_every_ascii_punctuation_character_renders_as_itself():
    text = f"a {PUNCTUATION} b " + " ".join(PUNCTUATION)
    assert html.unescape(render(str(md_escape(text)))) == f"<p>{text}</p>"


def test_attribute_values_read_back_as_the_text_and_hold_no_markup_characters():
    text = f"  {PUNCTUATION}\n Вучић  «x»\t"
    value = str(html_escape(text))
    assert html.unescape(value) == " ".join(text.split())
    assert not set(value) & set("<>\"'[]`\\|{}")


def link(entry_id: str, label: str | None) -> Markup:
    return Markup(f"[{label or entry_id.upper()}]({entry_id}.md)")


def test_inline_subset_keeps_the_spaces_around_its_markup():
    text = "Named in [[ker-lindsay]] with *emphasis*, **strong** and [[serbia|a label]] here."
    out = inline(text, link)
    assert out == "Named in [KER-LINDSAY](ker-lindsay.md) with *emphasis*, **strong** and [a label](serbia.md) here\\."
    assert render(str(out)) == (
        '<p>Named in <a href="ker-lindsay.md">KER-LINDSAY</a> with <em>emphasis</em>, '
        '<strong>strong</strong> and <a href="serbia.md">a label</a> here.</p>'
    )


def test_inline_subset_escapes_everything_else():
    out = inline("<b>x</b> *<i>y</i>* [[a]]", link)
    assert "<b>" not in out and "<i>" not in out and render(str(out)).count("<em>") == 1


def test_plain_drops_the_inline_markup():
    assert plain("See [[serbia]] and [[russia|Moscow]]: *a* **b**") == "See serbia and Moscow: a b"
    assert plain("See [[serbia]]\n and  [x](y) 2 * 3") == "See serbia and [x](y) 2 * 3"
    assert plain(" No  markup:\t[x](y) <b>\n") == "No markup: [x](y) <b>"  # one line, nothing else changed


# Each character's escape, as the Markdown and HTML escapers define it (refsite/markup.py applies them with one
# str.replace per character present; these are the same mapping written out).
MD_ESCAPES = {
    **{ch: "\\" + ch for ch in "\\`*_{}[]()#+-.!|"},
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
HTML_ESCAPES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&#34;",
    "'": "&#39;",
    "[": "&#91;",
    "]": "&#93;",
    "`": "&#96;",
    "\\": "&#92;",
    "|": "&#124;",
    "{": "&#123;",
    "}": "&#125;",
}


def test_each_character_is_escaped_once_whatever_its_neighbours():
    """Escapes written by one step (a backslash, '&' of an entity) are never escaped again by a later one."""
    rng = random.Random(23)
    alphabet = "".join(MD_ESCAPES) + "".join(HTML_ESCAPES) + "aZ09 ;#&lt" + "čćšžđЖж€—“”¶"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))).strip() or "x"
        text = " ".join(text.split())
        assert md_escape(text) == "".join(MD_ESCAPES.get(c, c) for c in text), text
        assert html_escape(text) == "".join(HTML_ESCAPES.get(c, c) for c in text), text
    assert md_escape("\\&lt;") == "\\\\&amp;lt;"
    assert html_escape('&#91;"[') == "&amp;#91;&#34;&#91;"


def test_a_repeated_text_escapes_alike_and_a_link_still_depends_on_the_caller():
    """md_escape/html_escape/inline keep each text's result (refsite/markup.py): the kept result must be what a
    fresh escape gives, and a text with an entry link must still ask its own page for the link."""
    text = "a*b* <i>|[x]"
    assert md_escape(text) == md_escape(text) == Markup("a\\*b\\* &lt;i&gt;\\|\\[x\\]")
    assert html_escape(text) == html_escape(text) == Markup("a*b* &lt;i&gt;&#124;&#91;x&#93;")
    assert inline("*x* [[e1]]", lambda i, label: Markup(f"[{i}](one/{i}.md)")) == Markup("*x* [e1](one/e1.md)")
    assert inline("*x* [[e1]]", lambda i, label: Markup(f"[{i}](two/{i}.md)")) == Markup("*x* [e1](two/e1.md)")
    assert inline("*x* 1.", lambda i, label: Markup("unused")) == Markup("*x* 1\\.")
