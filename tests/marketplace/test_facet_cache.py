"""Board facet counts are cached briefly per query and audience: a signed-in member's counts
(which include their drafts) are never served to the public."""

from django.test import override_settings

from ..factories import MembershipFactory, SolutionFactory


@override_settings(FACET_CACHE_SECONDS=30)
def test_counts_are_cached_per_audience(client, db):
    SolutionFactory()
    draft = SolutionFactory(status="draft")
    member = MembershipFactory(organization=draft.organization).user
    public = client.get("/api/v1/solutions/").json()["facets"]["status"]
    assert public == {"published": 1}
    SolutionFactory()
    assert client.get("/api/v1/solutions/").json()["facets"]["status"] == {"published": 1}  # cached
    assert client.get("/api/v1/solutions/?type=TRF-07").json()["facets"]["status"] == {"published": 2}
    client.force_login(member)
    assert client.get("/api/v1/solutions/").json()["facets"]["status"] == {"published": 2, "draft": 1}
    client.logout()
    assert "draft" not in client.get("/api/v1/solutions/").json()["facets"]["status"]
