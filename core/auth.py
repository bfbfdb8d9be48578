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
    """Who is asking. The access rule itself (what each kind of user may write and see) is these
    properties; core.access applies it where figures are written or listed."""

    mode: str                    # local (no sign-in configured) | signed_out | signed_in | command_line
    role: str | None = None      # viewer | editor | admin when signed in
    email: str = ""
    name: str = ""
    province: str | None = None  # pre-2025 province code the user is scoped to; None = national

    @classmethod
    def command_line(cls) -> User:
        """Whoever runs `python -m etl ...` on the server: an admin tool (it can write the files anyway)."""
        return cls(mode="command_line", role="admin", name="command line")

    @property
    def detail_provinces(self) -> frozenset[str] | None:
        """Old provinces whose district and commune figures the user sees; None = every province.
        Local mode (no sign-in configured, 127.0.0.1 only) reads everything; signed-out visitors see
        no detail; signed-in users see their province, or all without one (admins: all)."""
        if self.mode in ("local", "command_line"):
            return None
        if self.mode != "signed_in":
            return frozenset()
        return None if self.role == "admin" or self.province is None else frozenset({self.province})

    def sees_district_detail(self, province_code: str | None) -> bool:
        """District-level figures of a province (None: of every province)."""
        scope = self.detail_provinces
        return scope is None or (province_code is not None and province_code in scope)

    @property
    def sees_sensitive(self) -> bool:
        """Sensitive indicators (citizens' tips, offenders): hidden from signed-out visitors. Below
        province level they follow sees_district_detail like every district figure."""
        return self.mode != "signed_out"

    @property
    def can_write(self) -> bool:
        """Store figures (reviewed reports, uploads): signed-in editors and admins, and the server's
        command line. Local mode without sign-in is read-only, as its sidebar says."""
        return (self.mode == "signed_in" and self.role in ("editor", "admin")) or self.mode == "command_line"

    @property
    def can_import(self) -> bool:
        return self.can_write

    @property
    def write_provinces(self) -> frozenset[str] | None:
        """Old provinces whose units (the province, its districts and communes) the user may write
        figures for; None = every unit."""
        if not self.can_write:
            return frozenset()
        return None if self.role == "admin" or self.province is None else frozenset({self.province})

    def may_import_province(self, province_code: str | None) -> bool:
        scope = self.write_provinces
        return self.can_write and (scope is None or (province_code is not None and province_code in scope))


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
