import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from openlab.accounts.models import User
from openlab.rows import statement

from .factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _link(message, pattern):
    match = re.search(pattern, message.body)
    assert match, message.body
    return match.group(0).split("testserver", 1)[-1]


def signup(client, django_capture_on_commit_callbacks, **extra):
    data = {"email": "officer@tongyeong.go.kr", "display_name": "김민지", "phone": "055-650-0000",
            "preferred_language": "ko", "password1": "Str0ng-pass-2026", "password2": "Str0ng-pass-2026"}
    data.update(extra)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("account_signup"), data)


def test_signup_sends_verification_email_then_confirm_then_login(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    user = User.objects.get(email="officer@tongyeong.go.kr")
    assert user.display_name == "김민지" and user.phone == "055-650-0000"
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    confirm_path = _link(mail.outbox[0], r"https?://\S+/accounts/confirm-email/[^/\s]+/")

    # Mandatory verification: logging in before confirming does not sign in.
    client.logout()
    client.post(reverse("account_login"), {"login": user.email, "password": "Str0ng-pass-2026"})
    assert "_auth_user_id" not in client.session

    assert client.get(confirm_path).status_code == 200
    client.post(confirm_path)
    assert EmailAddress.objects.get(user=user).verified

    client.logout()
    response = client.post(reverse("account_login"), {"login": user.email, "password": "Str0ng-pass-2026"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_verification_email_is_in_the_users_language(client, django_capture_on_commit_callbacks):
    signup(client, django_capture_on_commit_callbacks, email="partner@danang.vn", preferred_language="en")
    signup(client, django_capture_on_commit_callbacks, email="officer@suwon.go.kr", preferred_language="ko")
    english, korean = mail.outbox
    assert "Please Confirm Your Email Address" in english.subject
    assert "이메일" in korean.subject or "이메일" in korean.body


def test_signup_rejects_bad_phone_and_keeps_what_was_typed(client, django_capture_on_commit_callbacks):
    response = signup(client, django_capture_on_commit_callbacks, phone="call me")
    assert response.status_code == 200
    assert "010-1234-5678" in response.content.decode()  # the field message
    assert 'value="김민지"' in response.content.decode()
    assert not User.objects.filter(email="officer@tongyeong.go.kr").exists()


def test_signup_has_no_username_field(client):
    html = client.get(reverse("account_signup")).content.decode()
    assert 'name="email"' in html and 'name="username"' not in html


def test_password_reset(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="founder@startup.kr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "founder@startup.kr"})
    assert len(mail.outbox) == 1
    path = _link(mail.outbox[0], r"https?://\S+/accounts/password/reset/key/\S+/")
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(form_path, {"password1": "Brand-new-pass-77", "password2": "Brand-new-pass-77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Brand-new-pass-77")


def test_login_and_logout(client):
    user = UserFactory()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(user.pk)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


def test_change_password(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("account_change_password"), {
        "oldpassword": PASSWORD, "password1": "Another-pass-99", "password2": "Another-pass-99"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-99")


def _sign_in(client, email, password, address):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address)


def test_failed_logins_lock_out_the_account_from_that_address_only(client, settings):
    """Five wrong passwords for one account from one address refuse the sixth try from there, the
    right password included; the owner, from their own address, still signs in."""
    user = UserFactory()
    for _ in range(5):
        assert "_auth_user_id" not in _sign_in(client, user.email, "wrong", "203.0.113.66").wsgi_request.session
    refused = _sign_in(client, user.email, PASSWORD, "203.0.113.66")
    assert "_auth_user_id" not in client.session
    assert refused.status_code == 200 and refused.context["form"].errors["__all__"]  # too many attempts
    assert _sign_in(client, user.email, PASSWORD, "198.51.100.7").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def test_one_address_is_limited_over_all_accounts(client):
    """The other half: an address that tries many accounts is stopped too (10 a minute)."""
    users = UserFactory.create_batch(11)
    for user in users[:10]:
        _sign_in(client, user.email, "wrong", "203.0.113.9")
    refused = _sign_in(client, users[10].email, PASSWORD, "203.0.113.9")
    assert "_auth_user_id" not in client.session
    assert refused.status_code in (200, 429)
    assert _sign_in(client, users[10].email, PASSWORD, "198.51.100.8").status_code == 302


def test_profile_sets_preferred_language(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:profile"), {"display_name": "Kim", "phone": "", "preferred_language": "en"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.preferred_language == "en"
    assert "Your profile" in client.get(reverse("accounts:profile")).content.decode()


def test_site_follows_the_signed_in_users_language(client):
    client.force_login(UserFactory(preferred_language="en"))
    assert "Sign out" in client.get("/").content.decode()


def test_language_switcher_is_saved_as_the_preference(client):
    user = UserFactory(preferred_language="ko")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.preferred_language == "en"


def test_login_rate_limit_is_shared_through_redis(client, settings):
    """Production counts failed logins in the shared Redis cache, so every worker refuses the 6th."""
    import redis
    from django.core.cache import caches

    from .services import require_redis

    url = require_redis()
    settings.CACHES = {"default": {"BACKEND": "openlab.cache_backend.FailOpenRedisCache", "LOCATION": url}}
    caches["default"].clear()
    user = UserFactory()
    try:
        for _ in range(5):
            assert client.post(reverse("account_login"), {"login": user.email, "password": "wrong"}).status_code == 200
        counters = redis.Redis.from_url(url).keys("*rl*")
        assert counters, "the failed attempts are counted in Redis, where other workers read them"
        refused = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert "_auth_user_id" not in client.session
        assert refused.context["form"].errors["__all__"]  # "too many failed login attempts"
    finally:
        caches["default"].clear()


def test_a_signed_in_page_reads_its_session_user_role_and_memberships_in_one_query(client, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from .factories import CoordinatorFactory, MembershipFactory, OrganizationFactory

    member = MembershipFactory(organization=OrganizationFactory(name="하늘시청")).user
    for user, coordinates in ((member, False), (CoordinatorFactory(), True)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/solutions/")
        assert response.status_code == 200
        sql = [statement(q["sql"]) for q in ctx.captured_queries]
        (session,) = [q for q in sql if 'FROM "accounts_session"' in q]
        assert 'JOIN "accounts_user"' in session and 'JOIN "marketplace_membership"' in session
        assert [q for q in sql if '"accounts_user"' in q or '"marketplace_membership"' in q] == [session]
        assert not [q for q in sql if q.startswith('SELECT 1 AS "a" FROM "auth_group"')]  # no second look
        assert response.wsgi_request.user.is_coordinator is coordinates
    client.force_login(member)
    assert "하늘시청" in client.get("/solutions/").content.decode()  # the header's organisation


def test_a_request_that_may_write_reads_the_memberships_after_it_has(client, db, rf):
    from django.contrib.sessions.middleware import SessionMiddleware

    from marketplace.models import Membership
    from marketplace.selectors import memberships_of
    from openlab.accounts.middleware import AuthenticationMiddleware
    from openlab.accounts.signed_in import user_rows

    from .factories import MembershipFactory, OrganizationFactory

    user = MembershipFactory().user
    client.force_login(user)
    for method, read_with_session in (("get", True), ("post", False)):
        request = getattr(rf, method)("/", HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}")
        for middleware in (SessionMiddleware, AuthenticationMiddleware):
            middleware(lambda r: None).process_request(request)
        assert request.user == user
        assert ("memberships" in user_rows(request.user)) is read_with_session
        Membership.objects.create(user=user, organization=OrganizationFactory(), role=Membership.Role.MEMBER)
        assert len(memberships_of(request.user)) == (1 if read_with_session else 2) + (method == "post")


def test_a_session_names_its_user_and_goes_with_them(client, db):
    from openlab.accounts.models import Session

    from .factories import UserFactory

    user, other = UserFactory(), UserFactory()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    assert Session.objects.get(pk=key).user == user
    Session.objects.filter(pk=key).update(user=None)  # as a session from before the column was: still signed in
    assert 'action="/accounts/logout/"' in client.get("/").content.decode()
    Session.objects.filter(pk=key).update(user=other)  # the column never decides who is signed in
    page = client.get("/").content.decode()
    assert 'action="/accounts/logout/"' in page and client.get("/").wsgi_request.user == user
    Session.objects.filter(pk=key).update(user=user)
    user.delete()
    assert not Session.objects.filter(pk=key).exists()
    assert 'action="/accounts/logout/"' not in client.get("/").content.decode()


@pytest.mark.parametrize("language", ["ko", "en"])
def test_the_verification_email_names_the_site_and_its_link_stands_alone(client, django_capture_on_commit_callbacks,
                                                                        language, settings):
    signup(client, django_capture_on_commit_callbacks, preferred_language=language)
    body = mail.outbox[0].body
    assert settings.SITE_NAME in body and "example.com" not in body and "Hello from !" not in body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", body).group(0)
    assert link.endswith("/")  # nothing glued after it (the Korean text put 을 there)
    assert client.get(link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])).status_code == 200


def test_account_emails_come_as_plain_text_and_html_in_the_users_language(client, django_capture_on_commit_callbacks,
                                                                           settings):
    signup(client, django_capture_on_commit_callbacks, email="partner@danang.vn", preferred_language="en")
    signup(client, django_capture_on_commit_callbacks, email="officer@suwon.go.kr", preferred_language="ko")
    english, korean = mail.outbox
    for message, language, words in ((english, "en", "Confirm my e-mail address"), (korean, "ko", "이메일 주소 확인")):
        html = dict((kind, body) for body, kind in message.alternatives)["text/html"]
        link = re.search(r"https?://\S+/accounts/confirm-email/[^/\s\"]+/", message.body).group(0)
        assert f'href="{link}"' in html and words in html and f'<html lang="{language}">' in html
        assert settings.SITE_NAME in html and "example.com" not in html
    client.post(reverse("account_reset_password"), {"email": "officer@suwon.go.kr"})


def test_memberships_come_with_their_organisations_by_name_in_one_query(db, django_assert_num_queries):
    from marketplace.selectors import memberships_of

    from .factories import MembershipFactory, OrganizationFactory, UserFactory

    user = UserFactory()
    for name in ("하늘시", "가온기업", "Busan Lab"):
        MembershipFactory(user=user, organization=OrganizationFactory(name=name))
    MembershipFactory(organization=OrganizationFactory(name="다른 사람의 기업"))
    with django_assert_num_queries(1):
        found = memberships_of(user)
        names = [m.organization.name for m in found]
        assert all(m.user is user for m in found)
    assert names == ["Busan Lab", "가온기업", "하늘시"]
    with django_assert_num_queries(0):
        assert memberships_of(user) == found  # read once per request


def test_memberships_read_in_plain_sql_hold_what_the_orm_reads(db):
    from marketplace.models import Membership, Organization
    from marketplace.selectors import memberships_of

    from .factories import MembershipFactory, OrganizationFactory, UserFactory

    user = UserFactory()
    MembershipFactory(user=user, organization=OrganizationFactory(name="가온기업", status="verified"))
    MembershipFactory(user=user, organization=OrganizationFactory(name="하늘시", status="pending"))
    found = memberships_of(user)
    assert len(found) == 2
    for membership in found:
        orm = Membership.objects.select_related("organization").get(pk=membership.pk)
        for model, ours, theirs in ((Membership, membership, orm), (Organization, membership.organization,
                                                                    orm.organization)):
            for field in model._meta.concrete_fields:  # dates, flags and JSON converted as the ORM does
                assert getattr(ours, field.attname) == getattr(theirs, field.attname), field.name
        assert not membership._state.adding and membership.organization._state.db == "default"


def test_sessions_are_read_in_one_plain_query_and_expired_or_unknown_ones_not(db, django_assert_num_queries, settings):
    from datetime import timedelta

    from django.utils import timezone

    from openlab.accounts.models import Session
    from openlab.accounts.sessions import SessionStore

    assert settings.SESSION_ENGINE == "openlab.accounts.sessions"
    store = SessionStore()
    store["officer"] = "하늘시"
    store.create()
    key = store.session_key
    with django_assert_num_queries(1):
        assert SessionStore(key).load() == {"officer": "하늘시"}
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(key)
    assert expired.load() == {} and expired.session_key is None
    assert SessionStore("nosuchsessionkey0123456789abcdef").load() == {}


def test_a_signed_out_sessions_cookie_signs_nobody_in(client, db):
    from .factories import UserFactory

    client.force_login(UserFactory(email="officer@suwon.go.kr"))
    cookie = client.cookies["sessionid"].value
    assert 'action="/accounts/logout/"' in client.get("/").content.decode()
    client.post("/accounts/logout/")
    client.cookies["sessionid"] = cookie  # the old cookie, replayed
    assert 'action="/accounts/logout/"' not in client.get("/").content.decode()


def test_a_session_naming_no_valid_user_is_signed_out(client, db):
    from openlab.accounts.signed_in import user_with_role

    assert user_with_role("not a number") is None
    assert user_with_role(987654) is None
