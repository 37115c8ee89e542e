"""Metadata inside images: EXIF (Artist, XPAuthor, camera owner), XMP, IPTC and comments.

A photo or a screenshot in a manuscript may carry its maker's name. JPEG segments and PNG
chunks that hold such text are dropped byte for byte, without decoding the image (so nothing
is lost or recompressed); the colour profile and what a decoder needs stay. Other formats are
left as they are; the detector still searches their bytes.
"""

import re
import struct

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
# APP0 (JFIF), APP2 (ICC profile) and APP14 (Adobe colour transform) are needed to show the
# image as it was; APP1 (EXIF, XMP), APP13 (IPTC), the other APPn and COM are metadata.
JPEG_KEPT_APP = {0xE0, 0xE2, 0xEE}
OTHER_SEARCHED = 4 * 1024 * 1024
IMAGE_NAME = re.compile(r"\.(jpe?g|png)$", re.I)


def _jpeg_segments(data: bytes):
    """(marker, start, end) of each segment before the scan; None when not a plain JPEG."""
    if not data.startswith(b"\xff\xd8"):
        return None
    position, segments = 2, []
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the compressed image follows, copied as it is
            break
        (length,) = struct.unpack(">H", data[position + 2:position + 4])
        segments.append((marker, position, position + 2 + length))
        position += 2 + length
    return segments


def _png_chunks(data: bytes):
    if not data.startswith(PNG_SIGNATURE):
        return None
    position, chunks = len(PNG_SIGNATURE), []
    while position + 8 <= len(data):
        (length,) = struct.unpack(">I", data[position:position + 4])
        kind = data[position + 4:position + 8]
        chunks.append((kind, position, position + 12 + length))
        position += 12 + length
    return chunks


def _dropped(data: bytes) -> list[tuple[int, int]]:
    """The byte ranges that are metadata."""
    segments = _jpeg_segments(data)
    if segments is not None:
        return [(start, end) for marker, start, end in segments
                if marker == 0xFE or (0xE0 <= marker <= 0xEF and marker not in JPEG_KEPT_APP)]
    chunks = _png_chunks(data)
    if chunks is not None:
        return [(start, end) for kind, start, end in chunks if kind in PNG_DROPPED]
    return []


def strip_image_metadata(data: bytes) -> bytes:
    """The image without its metadata segments (unchanged when it has none or is not a
    JPEG or PNG)."""
    ranges = _dropped(data)
    if not ranges:
        return data
    out, position = [], 0
    for start, end in ranges:
        out.append(data[position:start])
        position = end
    out.append(data[position:])
    return b"".join(out)


def image_metadata_text(data: bytes) -> str:
    """The text an image's metadata may say (ASCII/UTF-8 and the UTF-16 of XPAuthor); for
    other formats, the UTF-8 text of the file (not UTF-16: random bytes would read as Han)."""
    if not (data.startswith(b"\xff\xd8") or data.startswith(PNG_SIGNATURE)):
        return data[:OTHER_SEARCHED].decode("utf-8", "ignore")
    pieces = []
    for start, end in _dropped(data):
        raw = data[start:end]
        pieces += [raw.decode("utf-8", "ignore"), raw.decode("utf-16-le", "ignore")]
    return "\n".join(re.sub(r"[\x00-\x08\x0b-\x1f]+", " ", p) for p in pieces)
