"""Who may see and do what: roles viewer / editor / admin and a province scope per user.

Sign-in is optional (Streamlit's OIDC, configured in .streamlit/secrets.toml; see
.streamlit/secrets.toml.example). Without it the app runs in local read-only mode. Pure logic:
the pages pass in st.secrets and st.user as plain mappings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from core.catalogue import Catalogue

ROLES = ("viewer", "editor", "admin")


@dataclass(frozen=True)
class User:
    mode: str                    # local (no sign-in configured) | signed_out | signed_in
    role: str | None = None      # viewer | editor | admin when signed in
    email: str = ""
    name: str = ""
    province: str | None = None  # pre-2025 province code the user is scoped to; None = national

    @property
    def can_import(self) -> bool:
        return self.mode == "signed_in" and self.role in ("editor", "admin")

    def sees_district_detail(self, province_code: str | None) -> bool:
        """District-level figures of a province: everyone in local mode, national users, users of
        that province; nobody signed out when sign-in is configured."""
        if self.mode == "local":
            return True
        if self.mode == "signed_out":
            return False
        return self.role == "admin" or self.province is None or self.province == province_code

    @property
    def sees_sensitive(self) -> bool:
        """Sensitive indicators (citizens' tips, offenders): hidden from signed-out visitors. Below
        province level they follow sees_district_detail like every district figure."""
        return self.mode != "signed_out"

    def may_import_province(self, province_code: str | None) -> bool:
        return self.can_import and (self.role == "admin" or self.province is None or self.province == province_code)


def visible_catalogue(catalogue: Catalogue, user: User) -> Catalogue:
    """The catalogue as this user may browse it: signed-out visitors (sign-in configured) do not
    see sensitive indicators at all."""
    if user.sees_sensitive:
        return catalogue
    kept = {code: ind for code, ind in catalogue.indicators.items() if not ind.sensitive}
    return replace(catalogue, indicators=kept)


class AccessConfigError(ValueError):
    """.streamlit/secrets.toml [access] is malformed."""


def auth_configured(secrets: Mapping) -> bool:
    auth = secrets.get("auth") if hasattr(secrets, "get") else None
    return bool(auth) and bool(auth.get("client_id") or any(isinstance(v, Mapping) for v in auth.values()))


def resolve_user(secrets: Mapping, user_info: Mapping) -> User:
    """The current user from st.secrets and st.user (both as mappings)."""
    if not auth_configured(secrets):
        return User(mode="local")
    if not user_info.get("is_logged_in"):
        return User(mode="signed_out")
    access = secrets.get("access") or {}
    default_role = access.get("default_role", "viewer")
    users = {str(k).lower(): v for k, v in (access.get("users") or {}).items()}
    email = str(user_info.get("email") or "").lower()
    entry = users.get(email, {})
    role = entry.get("role", default_role)
    if role not in ROLES:
        raise AccessConfigError(f".streamlit/secrets.toml [access.users.\"{email}\"]: role '{role}' is not one of "
                                f"{', '.join(ROLES)}")
    province = entry.get("province")
    if province is not None and not (isinstance(province, str) and province.isdigit() and len(province) == 2):
        raise AccessConfigError(f".streamlit/secrets.toml [access.users.\"{email}\"]: province must be a 2-digit "
                                "code in quotes, e.g. \"40\"")
    return User(mode="signed_in", role=role, email=email, name=str(user_info.get("name") or email),
                province=province)
