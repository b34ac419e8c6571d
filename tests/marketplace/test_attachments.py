"""Attachments are checked by content as well as by name, with size and count limits."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from marketplace import services
from marketplace.attachments import IMAGE_MAX_BYTES, PDF_MAX_BYTES
from marketplace.models import Attachment

from ..factories import SolutionFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 100
WINDOWS_EXE = b"MZ\x90\x00" + b"\0" * 100


def image_bytes(fmt="PNG"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture
def solution(company):
    return SolutionFactory(organization=company)


@pytest.mark.parametrize("name, content, kind", [
    ("brochure.pdf", PDF, "pdf"),
    ("photo.png", image_bytes("PNG"), "image"),
    ("photo.JPG", image_bytes("JPEG"), "image"),
    ("photo.webp", image_bytes("WEBP"), "image"),
])
def test_accepted_files(solution, company_member, name, content, kind):
    attachment = services.attachment_add(user=company_member, listing=solution,
                                         upload=SimpleUploadedFile(name, content))
    assert attachment.kind == kind and attachment.size == attachment.file.size
    if kind == "pdf":
        assert attachment.file.read() == content


def test_images_are_re_encoded_without_metadata_and_names_are_never_paths(solution, company_member):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {1: "N", 2: (37.0, 30.0, 0.0)}  # GPS
    Image.new("RGB", (8, 8), "red").save(buffer, format="JPEG", exif=exif)
    payload = buffer.getvalue() + b"<?php system($_GET['c']); ?>"
    attachment = services.attachment_add(user=company_member, listing=solution,
                                         upload=SimpleUploadedFile("../../etc/passwd.jpg", payload))
    stored = attachment.file.read()
    assert b"SecretCam" not in stored and b"<?php" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and not image.getexif()
    assert attachment.original_name == "passwd.jpg"
    assert ".." not in attachment.file.name and "passwd" not in attachment.file.name


@pytest.mark.parametrize("name, content", [
    ("brochure.pdf", ELF),                 # an executable renamed to .pdf
    ("photo.png", WINDOWS_EXE),            # renamed .exe
    ("setup.exe", PDF),                    # a PDF named as something else
    ("photo.png", image_bytes("JPEG")),    # content and name disagree
    ("anim.gif", image_bytes("GIF")),      # a format we do not take
    ("notes.txt", b"hello"),
    ("empty.pdf", b""),
])
def test_refused_files(solution, company_member, name, content):
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(user=company_member, listing=solution, upload=SimpleUploadedFile(name, content))
    assert "file" in exc.value.message_dict
    assert not Attachment.objects.exists()


def test_size_limits(solution, company_member):
    big_pdf = SimpleUploadedFile("big.pdf", PDF + b"0" * PDF_MAX_BYTES)
    with pytest.raises(ValidationError, match="10 ?MB"):
        services.attachment_add(user=company_member, listing=solution, upload=big_pdf)
    png = image_bytes("PNG")
    big_png = SimpleUploadedFile("big.png", png + b"\0" * IMAGE_MAX_BYTES)
    with pytest.raises(ValidationError, match="5 ?MB"):
        services.attachment_add(user=company_member, listing=solution, upload=big_png)


def test_at_most_ten_per_listing(solution, company_member):
    for n in range(10):
        services.attachment_add(user=company_member, listing=solution,
                                upload=SimpleUploadedFile(f"{n}.pdf", PDF))
    with pytest.raises(ValidationError, match="10"):
        services.attachment_add(user=company_member, listing=solution, upload=SimpleUploadedFile("11.pdf", PDF))
    assert Attachment.objects.count() == 10


def test_refusal_shown_on_the_page(client, solution, company_member):
    client.force_login(company_member)
    response = client.post(reverse("marketplace:solution_attach", args=[solution.pk]),
                           {"file": SimpleUploadedFile("brochure.pdf", ELF)}, follow=True)
    assert "PDF" in response.content.decode() and not Attachment.objects.exists()


def test_public_listing_attachment_served_with_safe_headers(client, solution, company_member):
    attachment = services.attachment_add(user=company_member, listing=solution,
                                         upload=SimpleUploadedFile("photo.png", image_bytes()))
    response = client.get(reverse("marketplace:attachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(company_member)
    client.post(reverse("marketplace:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.exists()


def test_oversized_request_is_refused_before_parsing(client, solution, company_member):
    client.force_login(company_member)
    # A small valid brochure, but a request body far larger than any allowed upload.
    padding = SimpleUploadedFile("padding.bin", b"0" * (PDF_MAX_BYTES + 1024 * 1024))
    response = client.post(reverse("marketplace:solution_attach", args=[solution.pk]),
                           {"file": SimpleUploadedFile("b.pdf", PDF), "padding": padding}, follow=True)
    assert response.status_code == 200 and not Attachment.objects.exists()
    assert "10" in response.content.decode()


def test_an_image_of_too_many_pixels_is_refused_from_its_header(solution, company_member):
    """A pixel flood: a small file that would take gigabytes to decode is refused before decoding."""
    buffer = io.BytesIO()
    Image.new("1", (7000, 6000)).save(buffer, format="PNG")  # 42 megapixels in a few kilobytes
    assert buffer.tell() < IMAGE_MAX_BYTES
    upload = SimpleUploadedFile("flood.png", buffer.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as caught:
        services.attachment_add(user=company_member, listing=solution, upload=upload)
    assert "40" in str(caught.value) and not Attachment.objects.exists()
