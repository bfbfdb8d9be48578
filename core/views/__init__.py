"""What the dashboard pages show, computed without streamlit: figures of chosen provinces (as
reported on the 63 old provinces, or summed into the 34 new ones), normalisation, period
honesty (which figures may share an axis), peers, headline figures and district gaps.

Figures are never invented: missing stays missing ("chưa có số liệu"), a figure that cannot be
converted is shown separately with the reason, a sum names the units it covers.

Parts: ``places`` (provinces, districts, names, peers), ``loading`` (figures from the warehouse),
``aggregation`` (sums up the unit hierarchy, core.semantics.aggregation), ``normalisation``
(what may share an axis; per year, per 1.000 inhabitants), ``labels`` (how figures print) and
``tables`` (the indicators & sources page).
"""

from core.views.aggregation import (
    aggregate_to_34,
    district_gaps,
    mark_partial_district_sums,
    sum_districts,
)
from core.views.labels import (
    agreement_text,
    breakdown_names,
    conflict_text,
    label,
    period_text,
    short_period,
)
from core.views.loading import (
    ALL_YEARS,
    FIGURE_KEY,
    FIGURE_LIMIT,
    attach_alternatives,
    dedupe_sources,
    filter_indicators,
    load_conflicts,
    load_district_figures,
    load_population,
    load_province_figures,
    load_source_titles,
    source_list,
    years,
)
from core.views.normalisation import (
    NORM_DENOMINATOR,
    Group,
    group_label,
    group_of,
    latest_per_unit,
    normalise,
    primary_group,
    unit_label,
)
from core.views.places import (
    allowed,
    districts,
    districts_expected,
    load_regions,
    members_of,
    provinces,
    region_of,
    search_provinces,
    suggest_peers,
    unit_name,
)
from core.views.tables import (
    conflicts_table,
    load_catalogue_table,
    load_figures_sources,
)

__all__ = [
    "ALL_YEARS",
    "FIGURE_KEY",
    "FIGURE_LIMIT",
    "Group",
    "NORM_DENOMINATOR",
    "aggregate_to_34",
    "agreement_text",
    "allowed",
    "attach_alternatives",
    "breakdown_names",
    "conflict_text",
    "conflicts_table",
    "dedupe_sources",
    "district_gaps",
    "districts",
    "districts_expected",
    "filter_indicators",
    "group_label",
    "group_of",
    "label",
    "latest_per_unit",
    "load_catalogue_table",
    "load_conflicts",
    "load_district_figures",
    "load_figures_sources",
    "load_population",
    "load_province_figures",
    "load_source_titles",
    "load_regions",
    "mark_partial_district_sums",
    "members_of",
    "normalise",
    "period_text",
    "primary_group",
    "provinces",
    "region_of",
    "search_provinces",
    "short_period",
    "source_list",
    "suggest_peers",
    "sum_districts",
    "unit_label",
    "unit_name",
    "years",
]
