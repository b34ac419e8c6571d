"""Proof: a solution's deployments count more in the need's province and in cities of a similar size
(the matching reads the deployments' municipalities in one query)."""

from marketplace.models import Deployment, Municipality
from matching.services import pairs_for_need
from openlab import search
from tests.search_fixtures import index_everything

from ..factories import NeedFactory, SolutionFactory


def test_proof_reads_the_province_and_population_of_each_deployment(city, company):
    Municipality.objects.filter(code="48220").update(population=125_000)  # 통영시, the need's city
    city.municipality.refresh_from_db()
    peer, far = Municipality.objects.filter(code__startswith="48").exclude(code="48220").order_by("code")[:2]
    Municipality.objects.filter(pk=peer.pk).update(population=130_000)  # same province, similar size
    Municipality.objects.filter(pk=far.pk).update(population=1_000_000)  # same province, ten times larger
    need = NeedFactory(organization=city, title="전통시장 주차 정보", problem="시장 주변 주차 공간이 부족합니다")
    need.types.set(["TRF-07"])
    alike = SolutionFactory(organization=company, title="빈자리 주차 안내", summary="주차면 안내")
    larger = SolutionFactory(organization=company, title="주차 공간 안내", summary="주차면 안내")
    none = SolutionFactory(organization=company, title="주차장 빈자리 알림", summary="주차면 안내")
    Deployment.objects.create(solution=alike, municipality=peer, year=2024)
    Deployment.objects.create(solution=larger, municipality=far, year=2024)
    index_everything(search.backend())

    proof = {p.target_id: p.score.features["fit"]["proof"] for p in pairs_for_need(need)}
    assert proof[alike.pk] == 0.75  # a deployment, in the province, in a city of a similar size
    assert proof[larger.pk] == 0.5  # a deployment in the province
    assert proof[none.pk] == 0.0
