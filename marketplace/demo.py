"""Demo organisations and people for ``manage.py seed_demo``. Idempotent: keyed by e-mail and
external id, so running it twice changes nothing."""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from openlab.accounts.models import User

from .models import Membership, Municipality, Organization
from .validators import _BRN_WEIGHTS

DEMO_PASSWORD = "openlab-demo-2026"


def business_number_with_check_digit(first_nine: str) -> str:
    """Complete nine digits with the official check digit (demo data only)."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _BRN_WEIGHTS)) + (digits[8] * 5) // 10
    return first_nine + str((10 - total % 10) % 10)


ORGANIZATIONS = [
    {"external_id": "demo-org-tongyeong", "kind": "municipality", "name": "경상남도 통영시",
     "name_en": "Tongyeong City", "municipality": "48220",
     "description": "전통시장과 섬 지역의 교통·돌봄 문제를 스마트 솔루션으로 풀고자 합니다.",
     "people": [("officer@tongyeong.demo.openlab.kr", "김민지", "admin", "ko")]},
    {"external_id": "demo-org-daegu", "kind": "municipality", "name": "대구광역시", "name_en": "Daegu",
     "municipality": "27", "description": "데이터허브 기반 스마트도시를 운영합니다.",
     "people": [("officer@daegu.demo.openlab.kr", "박서준", "admin", "ko")]},
    {"external_id": "demo-org-suwon", "kind": "municipality", "name": "경기도 수원시", "name_en": "Suwon City",
     "municipality": "41110", "description": "주차와 미세먼지 관리가 시급합니다.",
     "people": [("officer@suwon.demo.openlab.kr", "이하은", "admin", "ko")]},
    {"external_id": "demo-org-danang", "kind": "overseas", "name": "다낭시", "name_en": "Da Nang City",
     "country": "VN", "description": "K-City Network partner city looking for smart mobility solutions.",
     "people": [("partner@danang.demo.openlab.kr", "Nguyen Van An", "admin", "en")]},
    {"external_id": "demo-org-parkingmate", "kind": "company", "size": "startup", "name": "(주)파킹메이트",
     "name_en": "ParkingMate Inc.", "brn": "220871234", "hq_sido": "48",
     "description": "IoT 센서 기반 스마트 주차·주차공유 스타트업.",
     "people": [("founder@parkingmate.demo.openlab.kr", "최도윤", "admin", "ko"),
                ("dev@parkingmate.demo.openlab.kr", "정유나", "member", "ko")]},
    {"external_id": "demo-org-carebell", "kind": "company", "size": "startup", "name": "케어벨",
     "name_en": "CareBell", "brn": "314862057", "hq_sido": "27",
     "description": "독거노인 돌봄과 치매 조기 탐지 서비스.",
     "people": [("founder@carebell.demo.openlab.kr", "한지우", "admin", "ko")]},
    {"external_id": "demo-org-greensense", "kind": "company", "size": "sme", "name": "그린센스(주)",
     "name_en": "GreenSense Co., Ltd.", "brn": "138810555", "hq_sido": "41",
     "description": "미세먼지·환경 모니터링 센서와 관제 플랫폼을 만드는 중소기업.",
     "people": [("ceo@greensense.demo.openlab.kr", "윤성민", "admin", "ko")]},
    {"external_id": "demo-org-hanbit", "kind": "company", "size": "large", "name": "한빛모빌리티(주)",
     "name_en": "Hanbit Mobility Corp.", "brn": "104810001", "hq_sido": "11",
     "description": "종합 스마트도시 솔루션 기업으로 전환 중인 모빌리티 대기업. 중소기업 기술 파트너를 찾습니다.",
     "people": [("partnership@hanbit.demo.openlab.kr", "강태호", "admin", "ko")]},
    {"external_id": "demo-org-coordination", "kind": "coordinator", "name": "스마트도시 오픈랩 운영사무국",
     "name_en": "Open Lab Coordination Office",
     "description": "기관 인증과 매칭 검토, 소개를 담당합니다.",
     "people": [("coordinator@openlab.demo.openlab.kr", "오세영", "admin", "ko")]},
]


@transaction.atomic
def seed_demo() -> list[tuple[str, str, str]]:
    """Create the demo organisations and users; returns (e-mail, password, organisation) rows."""
    coordinators, _ = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
    coordinator_user = None
    rows = []
    for spec in ORGANIZATIONS:
        defaults = {
            "kind": spec["kind"], "name": spec["name"], "name_en": spec.get("name_en", ""),
            "size": spec.get("size", ""), "description": spec.get("description", ""),
            "country": spec.get("country", ""),
            "business_number": business_number_with_check_digit(spec["brn"]) if "brn" in spec else None,
            "municipality": Municipality.objects.get(code=spec["municipality"]) if "municipality" in spec else None,
            "hq_sido": Municipality.objects.get(code=spec["hq_sido"]) if "hq_sido" in spec else None,
            "status": Organization.Status.VERIFIED,
        }
        organization, _ = Organization.objects.update_or_create(external_id=spec["external_id"], defaults=defaults)
        organization.full_clean()
        for email, name, role, language in spec["people"]:
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(email=email, password=DEMO_PASSWORD, display_name=name,
                                                preferred_language=language)
            EmailAddress.objects.update_or_create(user=user, email=email,
                                                  defaults={"verified": True, "primary": True})
            Membership.objects.update_or_create(user=user, organization=organization, defaults={"role": role})
            if spec["kind"] == "coordinator":
                user.groups.add(coordinators)
                coordinator_user = coordinator_user or user
            rows.append((email, DEMO_PASSWORD, organization.name))
    Organization.objects.filter(external_id__startswith="demo-org-", status_changed_at__isnull=True).update(
        status_changed_at=timezone.now(), status_changed_by=coordinator_user)
    return rows
