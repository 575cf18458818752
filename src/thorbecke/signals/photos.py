"""Photos sent with reports: checked for size and type, and re-encoded so that no metadata survives.

A photo from a phone carries EXIF: the exact place it was taken, the device, the time. Re-encoding
the pixels alone, after turning them the way EXIF says, is the one sure way to drop all of it.
"""

import io
from dataclasses import dataclass
from typing import BinaryIO

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2048
ACCEPTED = {"JPEG", "PNG", "WEBP"}


class PhotoError(ValueError):
    """The upload is not a photo we accept, with a reason a person can act on."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class CleanPhoto:
    content_type: str
    data: bytes
    width: int
    height: int


def clean_photo(upload: BinaryIO, size: int) -> CleanPhoto:
    if size > MAX_BYTES:
        raise PhotoError(_("The photo is larger than %(mb)d MB.") % {"mb": MAX_BYTES // (1024 * 1024)}, 413)
    try:
        with Image.open(upload) as image:
            if image.format not in ACCEPTED:
                raise PhotoError(_("Send a photo as JPEG, PNG or WebP."))
            if image.width * image.height > MAX_PIXELS:
                raise PhotoError(_("The photo has too many pixels."))
            image.load()
            upright = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise PhotoError(_("The file is not a readable photo.")) from exc
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    # A fresh JPEG from pixels only: Pillow writes no EXIF, XMP or ICC unless told to.
    upright.save(out, "JPEG", quality=85, optimize=True)
    return CleanPhoto("image/jpeg", out.getvalue(), upright.width, upright.height)
