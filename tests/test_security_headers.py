"""Security headers on every page: a Content Security Policy without inline scripts, no framing,
no MIME sniffing, a same-origin referrer; attachments keep their own sandboxing policy."""

import pytest
from django.urls import reverse


@pytest.mark.parametrize("url", ["/", "/solutions/", "/stats/", "/api/v1/taxonomy/", "/api/docs/"])
def test_pages_carry_the_security_headers(client, db, url):
    response = client.get(url)
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert policy["script-src"] == "'self'" and "unsafe-inline" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_attachments_keep_their_sandbox(client, db, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from marketplace import services

    from .factories import MembershipFactory, SolutionFactory

    settings.MEDIA_ROOT = tmp_path
    solution = SolutionFactory()
    member = MembershipFactory(organization=solution.organization).user
    pdf = SimpleUploadedFile("b.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf")
    attachment = services.attachment_add(user=member, listing=solution, upload=pdf)
    response = client.get(reverse("marketplace:attachment_download", args=[attachment.pk]))
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"].startswith("attachment")
