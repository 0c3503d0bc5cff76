import pytest
from django.conf import settings

from tests.support.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def desk_user(db):
    user = UserFactory(username="night-editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password})


def test_failed_logins_lock_the_account_from_that_address_with_a_clear_message(client, desk_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = attempt(client, "night-editor", "wrong-password")
        assert response.status_code == 200  # the login form again, with its error
    response = attempt(client, "night-editor", "wrong-password")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in locked" in html
    assert "Too many failed sign-ins for <strong>night-editor</strong>" in html
    assert "0:15:00" in html
    assert "The Newsroom Gazette — newsroom" in html

    # Even the right password is refused while locked out.
    response = attempt(client, "night-editor", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_and_address_so_colleagues_can_still_sign_in(client, desk_user):
    colleague = UserFactory(username="day-editor")
    colleague.set_password(PASSWORD)
    colleague.save()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "night-editor", "wrong-password")
    assert attempt(client, "day-editor", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_count(client, desk_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "night-editor", "wrong-password")
    assert attempt(client, "night-editor", PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "night-editor", "wrong-password")
    assert attempt(client, "night-editor", PASSWORD).status_code == 302


def test_the_failure_limit_is_a_setting(client, desk_user, settings):
    settings.AXES_FAILURE_LIMIT = 2
    assert attempt(client, "night-editor", "wrong-password").status_code == 200
    assert attempt(client, "night-editor", "wrong-password").status_code == 429


def test_sessions_are_http_only_same_site_and_short_lived(client, desk_user):
    response = attempt(client, "night-editor", PASSWORD)
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    # Expires when the browser closes; the server forgets it after SESSION_COOKIE_AGE.
    assert not cookie["expires"] and not cookie["max-age"]
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 12 * 60 * 60
