"""A corpus of PDF manuscripts, one per place an author's identity can hide.

The paper is rendered by weasyprint (real CJK text through an embedded font), then pikepdf
adds the hiding place: document Info, XMP, an embedded file, annotations, a form, scripts.
"""

import functools
import io

import pikepdf

BODY_PDF = "高校图书馆数据服务的实践表明用户需求驱动服务创新"
HTML = """<html><head><meta charset="utf-8"><style>
@page {{ size: A5; margin: 2cm }} body {{ font-family: "WenQuanYi Micro Hei", sans-serif }}
</style></head><body><h1>高校图书馆数据服务的实践与思考</h1>{extra}
<p>摘要：本文以问卷调查分析高校图书馆数据服务的现状。</p><p>{body}</p></body></html>"""


@functools.lru_cache(maxsize=4)
def rendered(extra: str = "") -> bytes:
    from weasyprint import HTML as Render

    return Render(string=HTML.format(extra=extra, body=BODY_PDF)).write_pdf()


def _edit(change, extra: str = "") -> bytes:
    with pikepdf.open(io.BytesIO(rendered(extra))) as pdf:
        change(pdf)
        out = io.BytesIO()
        pdf.save(out)
    return out.getvalue()


def info(pdf):
    pdf.trailer.Info = pdf.make_indirect(pikepdf.Dictionary(
        Author=pikepdf.String("张伟"), Title=pikepdf.String("Zhang Wei 的初稿"),
        Subject=pikepdf.String("河北大学图书馆"), Keywords=pikepdf.String("lina@hbu.example.org")))


def xmp(pdf):
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:creator"] = ["张伟", "Li Na"]
        meta["xmp:CreatorTool"] = "河北大学图书馆 排版"
    if "/Info" in pdf.trailer:
        del pdf.trailer["/Info"]  # the XMP alone carries the names here


def embedded_file(pdf):
    pdf.attachments["张伟-原始数据.txt"] = pikepdf.AttachedFileSpec(
        pdf, "调查员：李娜 lina@hbu.example.org".encode(), description="Zhang Wei data")


def annotation(pdf):
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[10, 10, 30, 30],
        T=pikepdf.String("张伟"), Contents=pikepdf.String("请李娜核对 河北大学图书馆 的数据"))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(note)]))


def attachment_annotation(pdf):
    spec = pikepdf.AttachedFileSpec(pdf, b"zhangwei@hbu.example.org", filename="notes.txt")
    annot = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                               Rect=[10, 10, 30, 30], FS=spec.obj,
                               Contents=pikepdf.String("Zhang Wei"))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))


def javascript(pdf):
    code = pikepdf.String("app.alert('张伟 zhangwei@hbu.example.org');")
    script = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=code))
    names = pdf.Root.get("/Names") or pdf.make_indirect(pikepdf.Dictionary())
    names.JavaScript = pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("greet"), script]))
    pdf.Root.Names = names
    pdf.Root.OpenAction = script
    pdf.pages[0].obj.AA = pikepdf.Dictionary(O=script)


def form(pdf):
    widget = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, FT=pikepdf.Name.Tx,
        T=pikepdf.String("reviewer"), V=pikepdf.String("Zhang Wei"), Rect=[10, 10, 200, 30],
        P=pdf.pages[0].obj))
    pdf.pages[0].obj.Annots = pdf.make_indirect(pikepdf.Array([widget]))
    pdf.Root.AcroForm = pdf.make_indirect(pikepdf.Dictionary(Fields=pikepdf.Array([widget])))


def jpeg_exif(pdf):
    from tests.review.corpus_docx_package import photo

    image = pikepdf.Stream(pdf, photo("jpeg"), Type=pikepdf.Name.XObject,
                           Subtype=pikepdf.Name.Image, Width=8, Height=8,
                           ColorSpace=pikepdf.Name.DeviceRGB, BitsPerComponent=8,
                           Filter=pikepdf.Name.DCTDecode)
    resources = pdf.pages[0].obj.Resources
    resources.XObject = pikepdf.Dictionary(Im9=image)
    pdf.pages[0].contents_add(b"q 10 0 0 10 20 20 cm /Im9 Do Q")


def bookmark(pdf):
    with pdf.open_outline() as outline:
        outline.root.append(pikepdf.OutlineItem("作者张伟简介", 0))
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.StructTreeRoot, K=pikepdf.Dictionary(
            S=pikepdf.Name.Figure, Alt=pikepdf.String("Photo: Li Na at 河北大学图书馆"))))


def page_text() -> bytes:
    """The name is in the text itself: the cleaner cannot take it out; the detector must say."""
    return rendered("<p>张伟¹，李娜²</p><p>（1. 河北大学图书馆，河北 石家庄 050000）</p>")


PDF_CASES = {
    "Info": lambda: _edit(info),
    "XMP": lambda: _edit(xmp),
    "embedded file": lambda: _edit(embedded_file),
    "annotation text": lambda: _edit(annotation),
    "file attachment annotation": lambda: _edit(attachment_annotation),
    "JavaScript and OpenAction": lambda: _edit(javascript),
    "form field value": lambda: _edit(form),
    "JPEG image EXIF": lambda: _edit(jpeg_exif),
    "bookmark title and alternative text": lambda: _edit(bookmark),
}
