"""The indicator catalogue: the whole file validates, and malformed entries are refused."""

import copy

import pytest
import yaml

from core import config
from core.catalogue import CatalogueError, load_catalogue, parse_catalogue


def _doc():
    return yaml.safe_load(config.CATALOGUE_PATH.read_text(encoding="utf-8"))


def test_whole_file_validates():
    cat = load_catalogue()
    codes = [i.code for i in cat]
    assert len(codes) == len(set(codes)) == len(_doc()["indicators"])
    for ind in cat:
        assert ind.min <= ind.max
        assert ind.name_vi and ind.name_en and ind.description_vi and ind.description_en
        if ind.kind == "percent":
            assert (ind.min, ind.max) == (0, 100) and not ind.additive


@pytest.mark.parametrize("needed", [
    "campaign_launches", "campaign_participants", "models_new", "models_replicated", "model_types",
    "places_with_models", "mass_security_orgs", "self_mgmt_steering_boards", "self_mgmt_boards",
    "self_mgmt_groups", "self_mgmt_board_members", "households_in_groups_pct", "forums", "forum_participants",
    "community_meetings", "community_meeting_participants", "documents_published", "citizen_tips",
    "offenders_reeducated", "offenders_progressed", "mediations", "mediations_successful",
    "cases_referred_police", "safe_units_pct", "awards_collective", "awards_individual",
    "opinions_contributed",
])
def test_covers_every_kind_of_reported_figure(needed):
    assert needed in load_catalogue()


def test_awards_are_broken_down_by_awarding_body():
    cat = load_catalogue()
    assert {"bo_cong_an", "ubnd_tinh", "ub_mttq_tinh", "cong_an_tinh"} <= set(cat["awards_collective"].breakdowns)


@pytest.mark.parametrize("mutate, message", [
    (lambda d: d["indicators"].append(copy.deepcopy(d["indicators"][0])), "duplicate code"),
    (lambda d: d["indicators"][0].pop("name_en"), "missing name_en"),
    (lambda d: d["indicators"][0].update(kind="weird"), "kind must be"),
    (lambda d: d["indicators"][0].update(min=10, max=1), "is above max"),
    (lambda d: d["indicators"][0].update(aggregation="avg"), "aggregation must be"),
    (lambda d: d["indicators"][0].update(group="nope"), "unknown group"),
    (lambda d: d["indicators"][0].update(code="Bad Code"), "snake_case"),
    (lambda d: d["indicators"][0].update(extra=1), "unknown field"),
    (lambda d: next(i for i in d["indicators"] if i["kind"] == "percent").update(max=120), "0-100"),
    (lambda d: next(i for i in d["indicators"] if i["kind"] == "percent").update(aggregation="sum"),
     "not additive"),
    (lambda d: d["indicators"][0].update(min=-1), "below 0"),
])
def test_malformed_catalogue_is_refused(mutate, message):
    doc = _doc()
    mutate(doc)
    with pytest.raises(CatalogueError, match=message):
        parse_catalogue(doc)
