"""The Word corpus, part two: hiding places outside the text (properties, customXml,
people, settings, relationships, pictures), and the registry of every Word case."""

import io
import re

from tests.review.corpus_docx import (
    PKG_RELS,
    RELS,
    R,
    acknowledgement,
    add_relationship,
    biography,
    body_sentence,
    comment,
    edit,
    email_address,
    english_byline,
    footer,
    funding,
    header,
    in_body,
    paper,
    paragraph,
    pinyin_orders,
    run,
    save,
    split_runs,
    table_cell,
    tracked_deletion,
    tracked_insertion,
    with_note,
)

CORE_FIELDS = ("author", "last_modified_by", "title", "subject", "keywords", "category",
               "identifier", "version", "comments", "content_status")


def core_property(field: str) -> bytes:
    document = paper()
    setattr(document.core_properties, field, "张伟 Zhang Wei")
    return save(document)


def app_properties(field: str) -> bytes:
    def change(xml):
        if f"<{field}>" in xml:
            return re.sub(f"<{field}>.*?</{field}>", f"<{field}>张伟</{field}>", xml)
        return xml.replace("</Properties>", f"<{field}>河北大学图书馆 张伟</{field}></Properties>")

    return edit(save(paper()), {"docProps/app.xml": change})


def custom_properties() -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://'
           'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
           'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid='
           '"{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Reviewer note"><vt:lpwstr>'
           "作者 张伟</vt:lpwstr></property></Properties>")
    content_type = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
    return edit(save(paper()), {
        "docProps/custom.xml": xml,
        "_rels/.rels": lambda x: add_relationship(x, "rIdCustom", "custom-properties",
                                                  "docProps/custom.xml"),
    }, [f'<Override PartName="/docProps/custom.xml" ContentType="{content_type}"/>'])


def custom_xml() -> bytes:
    props = ('<?xml version="1.0" encoding="UTF-8" standalone="no"?><ds:datastoreItem '
             'ds:itemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}" xmlns:ds="http://schemas.'
             'openxmlformats.org/officeDocument/2006/customXml"><ds:schemaRefs/></ds:datastoreItem>')
    rels = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{PKG_RELS}"><Relationship Id="rId1" Type="{RELS}/customXmlProps" '
            f'Target="itemProps9.xml"/></Relationships>')
    return edit(save(paper()), {
        "customXml/item9.xml": "<authors><author>张伟</author><mail>zhangwei@hbu.example.org"
                               "</mail></authors>",
        "customXml/itemProps9.xml": props,
        "customXml/_rels/item9.xml.rels": rels,
        "word/_rels/document.xml.rels": lambda x: add_relationship(
            x, "rIdCx", "customXml", "../customXml/item9.xml"),
    }, ['<Override PartName="/customXml/itemProps9.xml" ContentType="application/vnd.'
        'openxmlformats-officedocument.customXmlProperties+xml"/>'])


def people() -> bytes:
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:people xmlns:w15='
           '"http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author='
           '"Li Na"><w15:presenceInfo w15:providerId="None" w15:userId="lina@hbu.example.org"/>'
           "</w15:person></w15:people>")
    return edit(save(paper()), {
        "word/people.xml": xml,
        "word/_rels/document.xml.rels": lambda x: add_relationship(
            x, "rIdPeople", "people", "people.xml").replace(
            f"{RELS}/people", "http://schemas.microsoft.com/office/2011/relationships/people"),
    }, ['<Override PartName="/word/people.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.people+xml"/>'])


def _in_settings(fragment: str):
    def change(xml: str) -> str:
        opening = re.search(r"<w:settings[^>]*>", xml).group(0)
        declared = opening if "xmlns:r=" in opening else opening[:-1] + f" {R}>"
        return xml.replace(opening, declared + fragment, 1)

    return change


def _settings_relationship(rid: str, kind: str, target: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            f'xmlns="{PKG_RELS}"><Relationship Id="{rid}" Type="{RELS}/{kind}" '
            f'Target="{target}" TargetMode="External"/></Relationships>')


def attached_template() -> bytes:
    return edit(save(paper()), {
        "word/settings.xml": _in_settings('<w:attachedTemplate r:id="rIdTpl"/>'),
        "word/_rels/settings.xml.rels": _settings_relationship(
            "rIdTpl", "attachedTemplate",
            "file:///C:/Users/ZhangWei/Templates/%E5%BC%A0%E4%BC%9F.dotx"),
    })


def mail_merge() -> bytes:
    merge = ('<w:mailMerge><w:mainDocumentType w:val="formLetters"/><w:dataType w:val="native"/>'
             '<w:connectString w:val="Data Source=C:\\Users\\ZhangWei\\联系人.xlsx"/>'
             '<w:query w:val="SELECT * FROM `李娜$`"/><w:dataSource r:id="rIdMerge"/>'
             "</w:mailMerge>")
    return edit(save(paper()), {
        "word/settings.xml": _in_settings(merge),
        "word/_rels/settings.xml.rels": _settings_relationship(
            "rIdMerge", "mailMergeSource", "file:///C:/Users/ZhangWei/contacts.xlsx"),
    })


def script_link(scheme: str) -> bytes:
    target = {"javascript": "javascript:alert('Zhang Wei')",
              "vbscript": "vbscript:MsgBox('lina@hbu.example.org')",
              "data": "data:text/html,%E5%BC%A0%E4%BC%9F zhangwei@hbu.example.org"}[scheme]
    link = paragraph(f'<w:hyperlink r:id="rIdLink">{run("点击查看附录")}</w:hyperlink>')
    return edit(save(paper()), {
        "word/_rels/document.xml.rels": lambda x: add_relationship(
            x, "rIdLink", "hyperlink", target, external=True),
        "word/document.xml": lambda x: in_body(x, link),
    })


def external_image() -> bytes:
    drawing = (
        '<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/'
        'wordprocessingDrawing"><wp:extent cx="100" cy="100"/><wp:docPr id="5" name="p" '
        'descr="张伟拍摄"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
        'main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<pic:nvPicPr><pic:cNvPr id="5" name="p"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill>'
        '<a:blip r:link="rIdImg"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr>'
        '<a:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></a:xfrm><a:prstGeom prst="rect">'
        "<a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>"
        "</w:drawing></w:r>")
    return edit(save(paper()), {
        "word/_rels/document.xml.rels": lambda x: add_relationship(
            x, "rIdImg", "image", "https://tracker.example.org/zhangwei.png", external=True),
        "word/document.xml": lambda x: in_body(x, paragraph(run("图1") + drawing)),
    })


def photo(kind: str) -> bytes:
    """A small picture whose metadata names the author (EXIF Artist and XPAuthor, a JPEG
    comment; PNG text chunks)."""
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    image, out = Image.new("RGB", (8, 8), "white"), io.BytesIO()
    if kind == "jpeg":
        exif = Image.Exif()
        exif[0x013B] = "Zhang Wei"  # Artist
        exif[0x9C9D] = "李娜".encode("utf-16-le") + b"\0\0"  # XPAuthor
        image.save(out, "JPEG", exif=exif.tobytes(), comment="张伟 摄")
    else:
        info = PngInfo()
        info.add_itxt("Author", "张伟")
        info.add_text("Comment", "lina@hbu.example.org")
        image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def picture(kind: str) -> bytes:
    document = paper()
    document.add_picture(io.BytesIO(photo(kind)))
    return save(document)


DOCX_CASES = {
    "byline block": lambda: save(paper(byline=True)),
    "English byline and affiliation": english_byline,
    "body sentence": body_sentence,
    "name split over runs": split_runs,
    "table cell": table_cell,
    "footnote": lambda: with_note("footnotes", "作者简介：张伟，河北大学图书馆馆员。"),
    "endnote": lambda: with_note("endnotes", "参见 Zhang Wei 未发表的数据。"),
    "header": header,
    "footer": footer,
    "acknowledgement": acknowledgement,
    "funding line": funding,
    "biography": biography,
    "tracked insertion": tracked_insertion,
    "tracked deletion": tracked_deletion,
    "comment": comment,
    "pinyin both orders": pinyin_orders,
    "e-mail address": email_address,
    **{f"core property {f}": (lambda f=f: core_property(f)) for f in CORE_FIELDS},
    **{f"app.xml {f}": (lambda f=f: app_properties(f)) for f in ("Template", "Company",
                                                                 "Manager")},
    "custom properties": custom_properties,
    "customXml item": custom_xml,
    "people.xml": people,
    "settings attachedTemplate": attached_template,
    "javascript: hyperlink": lambda: script_link("javascript"),
    "data: hyperlink": lambda: script_link("data"),
    "vbscript: hyperlink": lambda: script_link("vbscript"),
    "settings mail merge data source": mail_merge,
    "external image": external_image,
    "JPEG picture EXIF and comment": lambda: picture("jpeg"),
    "PNG picture text chunks": lambda: picture("png"),
}
