from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.demo import business_number_with_check_digit
from marketplace.models import (
    Membership,
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Solution,
    SolutionType,
)
from openlab.accounts.models import User

PASSWORD = "correct-horse-battery-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.kr")
    display_name = factory.Sequence(lambda n: f"사용자 {n}")
    preferred_language = "ko"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        self.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class CoordinatorFactory(UserFactory):
    @factory.post_generation
    def coordinator_group(self, create, extracted, **kwargs):
        if create:
            group, _ = Group.objects.get_or_create(name=settings.COORDINATORS_GROUP)
            self.groups.add(group)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    kind = Organization.Kind.COMPANY
    size = Organization.Size.STARTUP
    name = factory.Sequence(lambda n: f"테스트기업 {n}")
    business_number = factory.Sequence(lambda n: business_number_with_check_digit(f"{100000000 + n * 7919:09d}"))
    hq_sido = factory.LazyFunction(lambda: Municipality.objects.get(code="11"))
    status = Organization.Status.VERIFIED


class MunicipalityOrganizationFactory(OrganizationFactory):
    kind = Organization.Kind.MUNICIPALITY
    size = ""
    business_number = None
    hq_sido = None
    name = "경상남도 통영시"
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="48220"))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


class SolutionFactory(factory.django.DjangoModelFactory):
    """A published solution of a verified company, typed TRF-07 (스마트 주차) unless told otherwise."""

    class Meta:
        model = Solution
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"스마트 주차 솔루션 {n}")
    summary = "IoT 센서로 빈 주차면을 안내합니다."
    description = "**주차** 안내"
    primary_type = factory.LazyFunction(lambda: SolutionType.objects.get(code="TRF-07"))
    status = Solution.Status.PUBLISHED
    nationwide = True
    languages = factory.LazyFunction(lambda: ["ko"])
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def types(self, create, extracted, **kwargs):
        if create:
            self.types.set(extracted or [self.primary_type])


def _another_municipality_organization():
    """A verified municipality other than 통영시 (which tests use by name) that has no organisation yet."""
    municipality = (Municipality.objects.filter(level=Municipality.Level.SIGUNGU, organization__isnull=True)
                    .exclude(code="48220").order_by("code").first())
    return MunicipalityOrganizationFactory(municipality=municipality, name=municipality.full_name_ko)


class NeedFactory(factory.django.DjangoModelFactory):
    """An open need of a verified municipality, due in thirty days."""

    class Meta:
        model = Need
        skip_postgeneration_save = True

    organization = factory.LazyFunction(_another_municipality_organization)
    title = factory.Sequence(lambda n: f"전통시장 주차 문제 {n}")
    problem = "전통시장 주변 주차 공간이 부족합니다."
    status = Need.Status.OPEN
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    contact_name = "김민지"
    published_at = factory.LazyFunction(timezone.now)


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnershipRequest

    organization = factory.SubFactory(OrganizationFactory, size=Organization.Size.LARGE)
    direction = PartnershipRequest.Direction.SEEKING
    title = factory.Sequence(lambda n: f"중소기업 기술 파트너 모집 {n}")
    description = "공동 입찰을 함께할 중소기업을 찾습니다."
    collaboration = PartnershipRequest.Collaboration.JOINT_BID
    target_sizes = "startup,sme"
    status = PartnershipRequest.Status.OPEN
    published_at = factory.LazyFunction(timezone.now)
