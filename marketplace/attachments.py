"""Attachment checks: brochures are PDFs up to 10 MB, images PNG/JPEG/WebP up to 5 MB, at most ten per
listing. The content decides the type; the file name must agree with it."""

import io
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

MAX_PER_LISTING = 10
PDF_MAX_BYTES = 10 * 1024 * 1024
IMAGE_MAX_BYTES = 5 * 1024 * 1024
IMAGE_MAX_PIXELS = 40_000_000  # 40 megapixels: checked from the header, before anything is decoded
IMAGE_FORMATS = {"PNG": ("image/png", {".png"}), "JPEG": ("image/jpeg", {".jpg", ".jpeg"}),
                 "WEBP": ("image/webp", {".webp"})}


def _refuse():
    return ValidationError(
        _("Only PDF brochures (up to 10 MB) and PNG, JPEG or WebP images (up to 5 MB) can be attached."),
        code="file_type")


def inspect_upload(upload) -> tuple[str, str]:
    """Return (kind, mime type) of an uploaded file, or raise ``ValidationError`` saying why not."""
    suffix = PurePath(upload.name or "").suffix.lower()
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        if suffix != ".pdf":
            raise _refuse()
        if upload.size > PDF_MAX_BYTES:
            raise ValidationError(_("The PDF is too large: at most 10 MB."), code="too_large")
        return "pdf", "application/pdf"
    try:
        with Image.open(upload) as image:  # reads the header only
            image_format, (width, height) = image.format, image.size
            if width * height > IMAGE_MAX_PIXELS:
                raise ValidationError(_("The image is too large: at most 40 megapixels (%(w)d × %(h)d given).")
                                      % {"w": width, "h": height}, code="too_many_pixels")
            image.verify()
    except ValidationError:
        raise
    except Exception as exc:
        raise _refuse() from exc
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS or suffix not in IMAGE_FORMATS[image_format][1]:
        raise _refuse()
    if upload.size > IMAGE_MAX_BYTES:
        raise ValidationError(_("The image is too large: at most 5 MB."), code="too_large")
    return "image", IMAGE_FORMATS[image_format][0]


def stored_file(upload, kind: str):
    """What is stored: images re-encoded by Pillow (which drops EXIF, GPS and any other metadata,
    and anything appended after the image), under a generated name; the uploaded name is kept only
    as text (``original_name``) and never used as a path."""
    if kind == "pdf":
        upload.seek(0)
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf")
    upload.seek(0)
    with Image.open(upload) as image:
        image_format = image.format
        image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant, then drop EXIF
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, format=image_format, **({"quality": 90} if image_format in ("JPEG", "WEBP") else {}))
    upload.seek(0)
    extension = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}[image_format]
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.{extension}")
