"""User text is rendered through the sanitiser: no payload survives in any free-text field."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from marketplace import services
from marketplace.markup import render_markdown

from ..factories import NeedFactory, PartnershipFactory, SolutionFactory

PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    "<style>body{display:none}</style>",
    "[click](javascript:alert(1))",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    "<div onclick=\"alert(1)\">x</div>",
    '"><script>alert(1)</script>',
    "<object data=x></object><embed src=x>",
    "<body onload=alert(1)>",
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "![x](javascript:alert(1))",
]
FORBIDDEN_TAGS = {"script", "style", "iframe", "object", "embed", "svg", "math", "body"}


class _Inspector(HTMLParser):
    """Collects what a browser would act on: elements, event handlers and link targets."""

    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(tag)
        for name, value in attrs:
            target = (value or "").strip().lower().replace("\t", "").replace("\n", "")
            if name.startswith("on") or name == "style" or (
                    name in ("href", "src", "xlink:href", "action") and target.startswith(("javascript:", "data:"))):
                self.problems.append(f"{tag} {name}={value}")


def _clean(html: str) -> bool:
    inspector = _Inspector()
    inspector.feed(html)
    return not inspector.problems


@pytest.mark.parametrize("payload", PAYLOADS)
def test_sanitiser_removes_payload(payload):
    assert _clean(str(render_markdown(payload)))


def test_markdown_formatting_survives():
    html = str(render_markdown("**굵게** [링크](https://example.kr)"))
    assert "<strong>굵게</strong>" in html and 'href="https://example.kr"' in html and "nofollow" in html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_survives_on_any_page(client, company, company_member, city, city_member, payload):
    solution = SolutionFactory(organization=company, title=payload, summary=payload, description=payload,
                               keywords=[payload], certifications=[payload], license=payload)
    need = NeedFactory(organization=city, title=payload, problem=payload, desired_outcome=payload,
                       contact_name=payload, contact_email="a@example.kr", contact_phone=payload[:30])
    partnership = PartnershipFactory(title=payload, description=payload)
    services.interest_propose(user=company_member, need=need, solution=solution, message=payload)
    client.force_login(city_member)
    interest = need.interests.get()
    services.interest_decline(user=city_member, interest=interest, reason="other", note=payload)
    pages = [reverse("marketplace:solution_detail", args=[solution.pk]), reverse("marketplace:need_detail", args=[need.pk]),
             reverse("marketplace:partnership_detail", args=[partnership.pk]), reverse("marketplace:solution_list"),
             reverse("marketplace:need_list"), reverse("marketplace:partnership_list"), reverse("marketplace:interest_detail", args=[interest.pk]),
             reverse("marketplace:workspace"), reverse("marketplace:organization_detail", args=[company.pk])]
    for url in pages:
        body = client.get(url).content.decode()
        # The page's own markup has none of these; anything found would be the payload.
        main = body[body.index('<main'):body.index('</main>')]
        assert _clean(main), (url, payload)
    api = client.get(f"/api/v1/solutions/{solution.pk}/").json()
    assert _clean(api["description_html"])


@pytest.mark.parametrize("payload", [p for p in PAYLOADS if p.startswith(("<", '"'))])
def test_the_inspector_would_catch_unsanitised_payloads(payload):
    assert not _clean(payload)


def test_search_indexes_and_shows_the_words_of_markdown_not_its_marks(db):
    from marketplace.markup import markdown_text
    from marketplace.search_documents import fields_and_facets

    from ..factories import SolutionFactory

    assert markdown_text("**주차** 면 <b>안내</b>\n\n- 주말 & 평일\n- [지도](https://example.kr)") == \
        "주차 면 <b>안내</b>\n주말 & 평일\n지도"
    solution = SolutionFactory(summary="요약", description="## 기능\n\n**실시간** 빈자리 _안내_")
    _texts, _title, body, _facets = fields_and_facets(solution)
    assert "**" not in body and "##" not in body and "실시간 빈자리 안내" in body
