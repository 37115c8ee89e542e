"""A manuscript saved by another program than python-docx: LibreOffice converts a flat
OpenDocument text (metadata, header, footer, byline, footnote, comment, tracked deletion)
to .docx, with its own part names, run splitting and properties."""

import shutil
import subprocess
from pathlib import Path

FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>
  <meta:initial-creator>张伟</meta:initial-creator><dc:creator>Li Na</dc:creator>
  <dc:title>张伟 投稿</dc:title>
  <meta:user-defined meta:name="Affiliation">河北大学图书馆</meta:user-defined>
 </office:meta>
 <office:master-styles><style:master-page style:name="Standard">
  <style:header><text:p>张伟 草稿</text:p></style:header>
  <style:footer><text:p>zhangwei@hbu.example.org</text:p></style:footer>
 </style:master-page></office:master-styles>
 <office:body><office:text>
  <text:tracked-changes><text:changed-region text:id="ct1"><text:deletion>
   <office:change-info><dc:creator>张伟</dc:creator><dc:date>2026-01-01T00:00:00</dc:date>
   </office:change-info><text:p>（作者李娜）</text:p></text:deletion></text:changed-region>
  </text:tracked-changes>
  <text:p>高校图书馆数据服务的实践与思考</text:p>
  <text:p>张伟<text:span>1</text:span>，李娜<text:span>2</text:span></text:p>
  <text:p>（1. 河北大学图书馆，河北 石家庄 050000；
   2. 河北大学管理学院，河北 石家庄 050000）</text:p>
  <text:p>摘要：本文以问卷调查分析高校图书馆数据服务的现状。</text:p>
  <text:p>高校图书馆数据服务的实践表明，用户需求驱动服务创新。<text:note text:note-class="footnote">
   <text:note-citation>1</text:note-citation><text:note-body><text:p>作者简介：张伟，馆员。</text:p>
   </text:note-body></text:note></text:p>
  <text:p>前人研究<text:change text:change-id="ct1"/>表明 Zhang Wei 的结论成立。<office:annotation>
   <dc:creator>李娜</dc:creator><text:p>请核对</text:p></office:annotation></text:p>
  <text:p>致谢：感谢同事。</text:p>
 </office:text></office:body>
</office:document>
"""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def libreoffice_docx(folder: Path) -> bytes:
    """The paper as LibreOffice writes it (a private profile, so runs never collide)."""
    source = folder / "paper.fodt"
    source.write_text(FODT, encoding="utf-8")
    subprocess.run([soffice(), f"-env:UserInstallation=file://{folder / 'profile'}",
                    "--headless", "--convert-to", "docx", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=180)
    return (folder / "paper.docx").read_bytes()
