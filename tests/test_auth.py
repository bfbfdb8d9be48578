"""Roles and province scope."""

import pytest

from core.auth import AccessConfigError, User, resolve_user, visible_catalogue
from core.catalogue import load_catalogue

SECRETS = {
    "auth": {"client_id": "x", "client_secret": "y", "server_metadata_url": "https://idp/.well-known"},
    "access": {"default_role": "viewer", "users": {
        "na@ca.gov.vn": {"role": "editor", "province": "40"},
        "boss@bca.gov.vn": {"role": "admin"},
        "national@bca.gov.vn": {"role": "viewer"},
    }},
}


def signed_in(email):
    return resolve_user(SECRETS, {"is_logged_in": True, "email": email})


def test_without_sign_in_configured_the_app_is_local_and_read_only():
    user = resolve_user({}, {})
    assert user.mode == "local" and not user.can_import and user.sees_district_detail("62")


def test_signed_out_users_see_only_provincial_aggregates():
    user = resolve_user(SECRETS, {"is_logged_in": False})
    assert user.mode == "signed_out" and not user.can_import
    assert not user.sees_district_detail("40")
    assert not user.sees_sensitive
    cat = visible_catalogue(load_catalogue(), user)
    assert "citizen_tips" not in cat and "campaign_launches" in cat


def test_province_user_sees_district_detail_only_for_its_province():
    user = signed_in("NA@ca.gov.vn")
    assert user.role == "editor" and user.province == "40" and user.can_import
    assert user.sees_district_detail("40") and not user.sees_district_detail("62")
    assert user.sees_sensitive and "citizen_tips" in visible_catalogue(load_catalogue(), user)
    assert not user.sees_district_detail("62")
    assert user.may_import_province("40") and not user.may_import_province("62")


def test_national_viewer_and_admin():
    viewer = signed_in("national@bca.gov.vn")
    assert viewer.sees_district_detail("62") and not viewer.can_import
    admin = signed_in("boss@bca.gov.vn")
    assert admin.can_import and admin.may_import_province("11")


def test_unlisted_user_gets_the_default_role():
    assert signed_in("someone@x.vn") == User(mode="signed_in", role="viewer", email="someone@x.vn",
                                               name="someone@x.vn", province=None)


@pytest.mark.parametrize("entry, message", [({"role": "god"}, "role 'god'"), ({"province": 40}, "2-digit code")])
def test_malformed_access_config_is_explained(entry, message):
    secrets = dict(SECRETS, access={"users": {"a@b.vn": entry}})
    with pytest.raises(AccessConfigError, match=message):
        resolve_user(secrets, {"is_logged_in": True, "email": "a@b.vn"})


def test_sensitive_indicators_are_declared_in_the_catalogue():
    assert {i.code for i in load_catalogue() if i.sensitive} >= {"citizen_tips", "offenders_reeducated"}
