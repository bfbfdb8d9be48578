"""The rules that decide what a number means, each defined once, for Python and for SQL.

=========================  ==========================================  ===============================
rule                       Python                                      DuckDB macro (macros.py)
=========================  ==========================================  ===============================
qualifier algebra          qualifiers.combine, qualifiers.of_sum,      qualifier_rank, qualifier_of_rank,
                           qualifiers.of_difference                    qualifier_combine (aggregate),
                                                                       qualifier_of_sum,
                                                                       qualifier_of_difference
period length, one year    periods.period_years, periods.length,       period_years, period_length,
                           periods.within_one_year,                    within_one_year,
                           periods.in_one_calendar_year,               in_one_calendar_year,
                           periods.in_year_groups,                     in_year_groups,
                           periods.whole_calendar_years                whole_calendar_years
reform date, validity      reform.REFORM (from config.REFORM_DATE),    reform_date, after_reform,
                           reform.after_reform, reform.valid_on        valid_on
child -> parent sums       aggregation.sum_children,                   children_day, children_expected,
                           aggregation.children_day,                   child_sum_expected and
                           aggregation.children_expected               child_sum_qualifier (of a group)
labels                     labels.figure, labels.short_period,         -
                           labels.period_label, labels.period_column,
                           labels.source_title(s), labels.sample_column
=========================  ==========================================  ===============================

The build creates the macros in the warehouse (``macros.install``); the warehouse's readers use
them there (a warehouse built by other code is refused: core.warehouse). A connection without a
warehouse creates them as TEMP macros (``macros.install(con, temp=True)``).
"""
