"""Full text from the final docx: structure kept, nothing executable or external let through."""

import io
import zipfile

import pytest

from publishing.demo import docx_bytes
from publishing.fulltext import DocxError, clean_fulltext, convert_docx

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _patch_docx(data: bytes, body_xml: str, rels: str = "", footnotes: str = "") -> bytes:
    """Replace the body of a python-docx document (and add relationships/footnotes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "word/document.xml":
                text = content.decode()
                start = text.index("<w:body>") + len("<w:body>")
                end = text.index("<w:sectPr")
                content = (text[:start] + body_xml + text[end:]).encode()
            elif item.filename == "word/_rels/document.xml.rels" and rels:
                content = content.decode().replace("</Relationships>", rels + "</Relationships>").encode()
            elif item.filename == "[Content_Types].xml" and footnotes:
                content = content.decode().replace("</Types>", '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>').encode()
            dst.writestr(item, content)
        if footnotes:
            dst.writestr("word/footnotes.xml", footnotes)
    return out.getvalue()


def run(text: str) -> str:
    return f"<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>"


def test_structure_is_kept():
    html = convert_docx(docx_bytes([("1 引言", ["正文", ["list", ["甲", "乙"]],
                                               ["table", [["表头", "值"], ["行", "1"]]]])])).html
    assert html.startswith("<h2>1 引言</h2><p>正文</p><ol><li>甲</li><li>乙</li></ol><table>")
    assert "<td><p>表头</p></td>" in html


def test_scripts_links_and_external_images_are_dropped():
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = (
        f"<w:p>{run('&lt;script&gt;alert(1)&lt;/script&gt;&lt;iframe src=x&gt;')}</w:p>"
        f'<w:p><w:hyperlink r:id="rJs">{run("点我")}</w:hyperlink></w:p>'
        f'<w:p><w:hyperlink r:id="rOk">{run("正常链接")}</w:hyperlink></w:p>'
        '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="x" descr="外部图片"/>'
        '<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData><pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:blipFill><a:blip r:link="rImg"/>'
        "</pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
        f'<w:p>{run("正文")}<w:r><w:footnoteReference w:id="1"/></w:r></w:p>'
    )
    rels = (f'<Relationship Id="rJs" Type="{REL}/hyperlink" Target="javascript:alert(1)" TargetMode="External"/>'
            f'<Relationship Id="rOk" Type="{REL}/hyperlink" Target="https://example.org/" TargetMode="External"/>'
            f'<Relationship Id="rImg" Type="{REL}/image" Target="http://evil.example/track.png" TargetMode="External"/>'
            f'<Relationship Id="rFn" Type="{REL}/footnotes" Target="footnotes.xml"/>')
    footnotes = (f'<w:footnotes {W}><w:footnote w:id="1"><w:p>{run("脚注内容")}</w:p></w:footnote></w:footnotes>')
    data = _patch_docx(docx_bytes([("标题", ["x"])]), body, rels, footnotes)
    html = convert_docx(data).html
    assert "<script" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, never run
    assert "javascript:" not in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">正常链接</a>' in html
    assert "evil.example" not in html and "<img" not in html
    assert "脚注内容" in html and 'id="fn-footnote-1"' in html and 'href="#fn-footnote-1"' in html


@pytest.mark.parametrize("dirty, clean", [
    ('<p onclick="x()">a</p>', "<p>a</p>"),
    ("<script>alert(1)</script><p>b</p>", "<p>b</p>"),
    ('<iframe src="https://evil"></iframe><p>c</p>', "<p>c</p>"),
    ('<img src="https://evil/x.png" onerror="x()">', ""),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=">', ""),
    ('<img src="data:image/png;base64,iVBORw0K" alt="图">', '<img src="data:image/png;base64,iVBORw0K" alt="图">'),
    ('<a href="javascript:alert(1)">d</a>', '<a rel="noopener noreferrer">d</a>'),
    ('<a href="data:text/html,x">e</a>', '<a rel="noopener noreferrer">e</a>'),
    ('<p style="background:url(x)">f</p><style>p{}</style>', "<p>f</p>"),
    ("<object data=x></object><embed src=y><svg><script>1</script></svg>g", "g"),
    ("<form action=x><input name=p></form>h", "h"),
])
def test_odd_html_is_sanitised(dirty, clean):
    assert clean_fulltext(dirty) == clean


def test_a_broken_docx_is_refused():
    with pytest.raises(DocxError):
        convert_docx(b"PK\x03\x04 not really")
    with pytest.raises(DocxError):
        convert_docx(b"plain text")


def test_the_full_text_starts_after_the_front_matter():
    from submission.samples import SENTENCE, sample_docx

    html = convert_docx(sample_docx()).html
    assert html.startswith(f"<p>{SENTENCE}")  # the body is the first block
    for front in ("高校图书馆数据服务研究", "张伟（河北大学图书馆", "摘要", "关键词", "中图分类号",
                  "Data Services in University Libraries", "Abstract:", "Key words:"):
        assert front not in html
    assert "参考文献" in html and "[1] 张伟, 李娜." in html


def test_a_docx_without_front_matter_keeps_every_block():
    html = convert_docx(docx_bytes([("1 引言", ["正文第一段。"])])).html
    assert html.startswith("<h2>1 引言</h2>") and "正文第一段。" in html
