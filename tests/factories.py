import factory
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group

from marketplace.demo import business_number_with_check_digit
from marketplace.models import Membership, Municipality, Organization
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
