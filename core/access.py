"""The one access rule, applied where figures are written or listed (never in a page only).

The rule is the User's properties (core.auth): ``can_write`` and ``write_provinces`` for writes,
``detail_provinces`` and ``sees_sensitive`` for reads. Here it meets the data:

- ``check_write(user, rows)``: every store of figures (reviewed reports, uploads) calls it with the
  rows it is about to write; refused unless the user may write and every row's unit (checked on the
  rows' own unit codes or names, not on a form field) is the user's province, one of its districts
  or one of its communes. Raises AccessDenied naming each row.
- ``check_detail(user, province)``, ``detail_params(user)``, ``keep_detail(user, df)`` and
  ``visible_codes(user, codes)``: every listing of district (or commune) figures and of sensitive
  indicators applies the same scope as the districts page.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache

import pandas as pd

from core.auth import User
from core.semantics import reform

REFORM = reform.REFORM
MAX_LISTED = 20


class AccessDenied(PermissionError):
    """The user may not do this; ``problems`` says why, one line each (rows named)."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


def why_not_write(user: User) -> str | None:
    """Why this user may not write figures at all (None: they may, within their scope)."""
    if user.can_write:
        return None
    if user.mode == "local":
        return ("read-only: sign-in is not configured (local mode), so nobody may write figures here; "
                "configure sign-in (.streamlit/secrets.toml) or use the command line on the server")
    if user.mode == "signed_out":
        return "signed out: sign in as an editor or an admin to write figures"
    return f"your role '{user.role}' may not write figures (editors and admins may)"


@lru_cache(maxsize=1)
def _unit_maps() -> tuple[dict[str, str], dict[str, str], frozenset[str], dict[str, frozenset[str]]]:
    """District → old province, commune → old province, the old provinces, new province → old members."""
    from core.units import load_register

    reg = load_register()
    district = reg[reg.level == "district"].set_index("code")["parent_code"].to_dict()
    communes = reg[reg.level == "commune"]
    commune = {c: district.get(d) for c, d in zip(communes.code, communes.parent_code, strict=True)}
    old = reg[(reg.level == "province") & (reg.vintage == "63")]
    new = reg[(reg.level == "province") & (reg.vintage == "34")]
    members = {code: frozenset(old.code[old.successor_code == code]) for code in new.code}
    return district, {c: p for c, p in commune.items() if p}, frozenset(old.code), members


def unit_provinces(code: str, on: date | None = None) -> frozenset[str]:
    """The old (63) provinces a unit lies in: a district's or commune's province; an old province
    itself; a new (34) province's former provinces (a code of both vintages is read by ``on``, the
    figure's period end, or as both when the date is unknown). Empty for an unknown code."""
    district, commune, old, members = _unit_maps()
    if code in district:
        return frozenset({district[code]})
    if code in commune:
        return frozenset({commune[code]})
    as_old = frozenset({code}) if code in old else frozenset()
    as_new = members.get(code, frozenset())
    if on is None:
        return as_old | as_new
    return as_new if on >= REFORM else as_old


def _day(value: object) -> date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    try:
        return pd.Timestamp(str(value)[:10]).date()
    except (ValueError, TypeError):
        return None


def _row_units(rows: pd.DataFrame) -> Iterable[tuple[object, str, str, str, date | None]]:
    """(row label, column, unit as given, unit code, period end) of each row; a unit given by its
    name (no code) resolves through the register."""
    from core.units import load_resolver

    labels = list(rows.index) if rows.index.name == "row" else range(1, len(rows) + 1)
    empty = pd.Series([None] * len(rows), index=rows.index)
    codes, names, ends = (rows.get(c, empty) for c in ("unit_code", "unit_name", "period_end"))
    for label, code, name, end in zip(labels, codes, names, ends, strict=True):
        code = "" if code is None or code is pd.NA or (isinstance(code, float) and pd.isna(code)) else str(code).strip()
        on = _day(end)
        if code or not (isinstance(name, str) and name.strip()):
            yield label, "unit_code", code, code, on
        else:
            yield label, "unit_name", name.strip(), load_resolver().resolve(name, on=on).code or "", on


def _outside(user: User, rows: pd.DataFrame) -> list[tuple[object, str, str]]:
    scope = user.write_provinces
    if scope is None:
        return []
    return [(label, column, given) for label, column, given, code, on in _row_units(rows)
            if not (provinces := unit_provinces(code, on)) or not provinces <= scope]


def rows_outside_scope(user: User, rows: pd.DataFrame) -> list[object]:
    """Labels of the rows whose unit the user may not write figures for (numbered from 1, or the
    index when it is named 'row')."""
    return [label for label, _, _ in _outside(user, rows)]


def check_write(user: User, rows: pd.DataFrame, file: str = "") -> None:
    """Refuse (AccessDenied) unless ``user`` may write every row of ``rows``: an editor for their
    province's units (the province, its districts and communes), an admin or a national editor
    for any unit. Rows are named as on the page (index named 'row') or counted from 1."""
    reason = why_not_write(user)
    if reason:
        raise AccessDenied([f"{file}: {reason}" if file else reason])
    outside = _outside(user, rows)
    if outside:
        where = f"{file}, " if file else ""
        scope = ", ".join(sorted(user.write_provinces or ()))
        problems = [f"{where}row {label}, column '{column}': unit '{given}' is outside your scope (province "
                    f"{scope}: the province, its districts and communes)"
                    for label, column, given in outside[:MAX_LISTED]]
        if len(outside) > MAX_LISTED:
            problems.append(f"... and {len(outside) - MAX_LISTED} more row(s) outside your scope")
        raise AccessDenied(problems)


def check_detail(user: User, province: str | None) -> None:
    """Refuse (AccessDenied) district detail of ``province`` (None: of every province)."""
    if not user.sees_district_detail(province):
        raise AccessDenied(["district figures are shown to signed-in users of the province (or national users)"])


def detail_params(user: User) -> dict:
    """Bound parameters of the listings' SQL: ``$all_detail`` and ``$detail_provinces``; a row below
    province level is listed when $all_detail or its old province is in $detail_provinces."""
    scope = user.detail_provinces
    return {"all_detail": scope is None, "detail_provinces": sorted(scope or ())}


def keep_detail(user: User, df: pd.DataFrame, code_column: str = "code") -> pd.DataFrame:
    """The rows of ``df`` the user may see: provinces always, districts and communes (codes of 3 or
    5 digits) only within the user's detail scope."""
    scope = user.detail_provinces
    if scope is None or df.empty:
        return df
    def visible(code: str) -> bool:
        provinces = unit_provinces(code)
        return len(code) <= 2 or (bool(provinces) and provinces <= scope)

    return df[df[code_column].astype(str).map(visible)]


def visible_codes(user: User, codes: Iterable[str]) -> list[str]:
    """Indicator codes the user may list: sensitive ones only for users who see them."""
    from core.catalogue import load_catalogue

    cat = load_catalogue()
    return [c for c in codes if user.sees_sensitive or c not in cat or not cat[c].sensitive]
