"""The one vocabulary: every named figure of the project (a column of results.csv or of a table, a parameter, a
study input, a figure of the Leeds comparison) with its label, its unit, how it is formatted and what it means.

Tables, charts, the command line, the results guide (``reports/results_guide.html``) and ``docs/parameters.md``
all read their words from here, so a figure is named and measured the same way wherever a reader meets it.

A term's ``format`` says how a value is shown (``peerlib.present.labels.formatted`` does it):

* ``ratio``: two decimals (a benefit : cost ratio, an odds ratio, an average FTE);
* ``gbp``: whole pounds with separators; an amount that is not 0 but rounds to £0 reads "under £1";
* ``count``: a whole number with separators (people, visits, draws, studies);
* ``share``: a percentage (a fraction or probability of 0-1);
* ``value``: as data gives it: whole numbers whole, others to four significant figures;
* ``one``: one decimal (a caseload, bed-days per FTE-year);
* ``times``: "x 2.5";
* ``text``: as it is.

A term's ``help`` is said where a user sets the value: the comment of a notebook parameter begins with it (a test
checks), and the command line's options and the explorer's sliders show it.

A term's ``unit`` is the unit of the value as stored (in ``data/`` and ``results.csv``): a share is stored as a
fraction, so its unit says "fraction of ..." and a table's heading shows it as "% of ...".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from peerlib.config import DRAWS_MAXIMUM, DRAWS_MINIMUM

FORMATS = ("ratio", "gbp", "count", "share", "value", "one", "times", "text")


@dataclass(frozen=True)
class Term:
    label: str  # short, lower case, for a heading or a sentence: "bed-day cost"
    unit: str = ""  # of the value as stored: "£ per bed-day", "fraction of draws"; "" for none
    format: str = "value"  # one of FORMATS
    meaning: str = ""  # a sentence for the results guide and the docs
    # For a value a user sets: what to set, in the words every place that takes it shows (a notebook parameter's
    # comment, begun with it; a command-line option's help; an explorer slider's tooltip).
    help: str = ""

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise ValueError(f"term {self.label!r}: format {self.format!r} is not one of {', '.join(FORMATS)}")

    @property
    def shown_unit(self) -> str:
        """The unit as a table shows it: a share as a percentage ("fraction of visits" -> "% of visits")."""
        if self.format == "share":
            return self.unit.replace("fraction", "%", 1) if self.unit.startswith("fraction") else self.unit
        return self.unit

    @property
    def heading(self) -> str:
        """The label with the unit as a table shows it (:attr:`shown_unit`), in brackets, unless the unit says
        nothing the label does not: "bed-day cost (£ per bed-day)", "mean bed-days, peer arm (per patient)" (the
        unit's noun already in the label), "hours per session" (the whole unit in it), "price year" (text, and a
        factor shown "x 1.3", have none)."""
        return self._with_unit(self.shown_unit)

    @property
    def stored_heading(self) -> str:
        """As :attr:`heading`, with the unit of the value as stored ("fraction of salary", not "% of salary"): for
        a value shown as data and results.csv hold it."""
        return self._with_unit(self.unit)

    def _with_unit(self, unit: str) -> str:
        if not unit or self.format in ("text", "times") or unit in self.label:
            return self.label
        noun, _, rest = unit.partition(" ")
        if rest and noun in re.findall(r"[\w'-]+", self.label):
            if rest in self.label:
                return self.label
            unit = rest
        return f"{self.label} ({unit})"


def term(name: str) -> Term:
    """The term for ``name``; a name not in the vocabulary is shown as its words, formatted as data gives it."""
    return TERMS.get(name) or Term(name.replace("_", " "))


T = Term  # the table below is long: one letter keeps each entry on a line or two

TERMS: dict[str, Term] = {
    # --- Columns of results.csv (their order is peerlib.present.report.RESULT_COLUMNS) -------------------------
    # Every row
    "id": T("id", "", "text",
            "The row's identifier: a study's study_id; pooled_<weighting> for a pooled ratio; psa_<outcome> for the "
            "probabilistic analysis of a ratio; evpi_<outcome> and evppi_<outcome>_<group> for the value of "
            "information (a group is staffing, unit_costs, design or effect_<study_id>, or structure_<scenario "
            "group>); scenario_<scenario> for a structural scenario; pooled_delta_fixed and pooled_delta_random for "
            "the bed-day difference pooled first; leeds_crisis_house. A variant of the default analysis adds the "
            "same suffix to every id: _<price year> at another price year, then _<study_id> for each study pooled "
            "on request"),
    "kind": T("kind of row", "", "text",
              "What the row is: study, pooled, sensitivity, scenario, value_of_information, crisis_house, recosting "
              "or business_case"),
    "label": T("study", "", "text", "What the row is, in words"),
    "benefit_cost_ratio": T("benefit : cost ratio", "ratio", "ratio",
                            "£ of inpatient bed-days saved per £1 of peer-worker cost (for the crisis house: £ of "
                            "inpatient care avoided per £1 spent on visits; for a probabilistic row: the base case)"),
    "sample_size": T("patients, both arms", "people", "count",
                     "Patients in both arms of a study, the report's weight; for a pooled ratio, over the studies it "
                     "pools"),
    "price_year": T("price year", "financial year", "text", "Financial year of every £ figure in the row",
                    help="financial year of all sums, one of data/price_index.csv"),
    "headline": T("result", "", "text", "The row's result in one line, as the index shows it"),
    "report": T("report", "file name", "text", "The HTML report the row comes from, in the same folder"),
    # Studies
    "included": T("pooled", "yes/no", "text",
                  "yes if the study is one of the pooled studies (included in data/studies.csv); no for a separate "
                  "scenario, pooled only on request"),
    "evidence_grade": T("evidence", "", "text",
                        "How strong the study's evidence on bed use is (randomised_spread, controlled_no_spread, "
                        "no_comparison_group, secondary_source, borrowed_or_assumed): it sets the range of the "
                        "study's effect where the study publishes no spread (data/uncertainty.csv, grade rows)"),
    "effect_significant": T("effect significant", "", "text",
                            "Whether the study found its effect on bed use significant: yes, no or not_reported"),
    "effect_status": T("bed-use figures", "", "text",
                       "published if the study's bed-use figures are its own published ones; secondary if one comes "
                       "from a secondary source (a press report); imputed if any is assumed or borrowed from another "
                       "study"),
    "effect_borrowed_from": T("bed-use figures borrowed from", "", "text",
                              "The studies (study_id, separated by ;) whose figures an imputed bed-use figure is "
                              "computed from; empty if none"),
    "outcome_form": T("how the study reports bed use", "", "text",
                      "How the study reports bed use, which decides the inputs it needs (data/README.md)"),
    "staffing_basis": T("staffing from", "", "text",
                        "Where the study's peer work comes from: caseload (the shared assumption), intensity (its "
                        "published sessions and hours), published_fte or entry (it enters per FTE-year)"),
    "n_peer": T("patients, peer arm", "people", "count", "Patients in the peer-support arm"),
    "n_control": T("patients, comparison arm", "people", "count",
                   "Patients in the comparison arm (0 when there is none)"),
    "followup_months": T("follow-up", "months", "value", "Period over which bed use was counted"),
    "support_months": T("months of support", "months", "value", "How long each peer-arm patient was supported",
                        help="months each person is supported"),
    "caseload": T("caseload", "patients per FTE at a time", "value",
                  "The staffing assumption the row used: patients one FTE peer worker supports at a time, for the "
                  "study's way of delivering support, one-to-one or in groups (empty where a study's staffing is its "
                  "own, and for a pooled row, whose studies each use their own)",
                  help="patients one FTE peer worker supports at a time"),
    "caseload_group": T("caseload in groups", "patients per FTE at a time", "value",
                        "Patients one FTE peer worker supports at a time in groups (data/studies.csv, delivery)",
                        help="patients one FTE peer worker supports at a time in groups"),
    "fte_years": T("peer work", "FTE-years", "ratio", "Peer work behind the peer arm"),
    "peer_fte": T("peer FTE over follow-up", "FTE", "ratio",
                  "Average peer FTE over the follow-up: FTE-years / follow-up in years"),
    "delta_bed_days_per_patient": T("bed-days saved over follow-up", "bed-days per patient", "ratio",
                                    "Bed-days saved per peer-arm patient over the follow-up (negative: more bed use)"),
    "bed_days_saved_per_fte_year": T("bed-days saved", "bed-days per FTE-year", "one",
                                     "Bed-days saved per FTE-year of peer work"),
    "bed_day_cost_gbp": T("bed-day cost", "£ per bed-day", "gbp", "Cost of one psychiatric inpatient bed-day",
                          help="£ per mental health inpatient bed-day"),
    "peer_worker_cost_gbp": T("cost of a peer worker", "£ per FTE-year", "gbp",
                              "Annual cost of employing one FTE peer worker: salary, employer on-costs, overheads"),
    "benefit_per_fte_year_gbp": T("value of bed-days saved", "£ per FTE-year", "gbp",
                                  "Value of the bed-days one FTE-year of peer work saves"),
    "net_benefit_per_fte_year_gbp": T("net benefit", "£ per FTE-year", "gbp",
                                      "Value of bed-days saved minus the worker's cost"),
    "break_even_bed_days_per_fte_year": T("bed-days to break even", "bed-days per FTE-year", "one",
                                          "Bed-days one FTE-year must save to pay for the worker"),
    "break_even_caseload": T("break-even caseload", "patients per FTE at a time", "one",
                             "Caseload at which the ratio is exactly 1; it needs no caseload assumption but depends on "
                             "the months of support assumed, in proportion (empty where a study's staffing is its "
                             "own; inf where no bed-days were saved)"),
    "assumptions": T("assumed figures", "", "text",
                     "The study's inputs that are assumptions, not published figures (input names of "
                     "data/study_inputs.csv, separated by ;)"),
    # Pooled ratios
    "weighting": T("weighting", "", "text",
                   "How the pooled ratio weights the studies: sample_size (the report's method), equal, fte_years "
                   "(the ratio of totals) or evidence_only (sample-size weights over the studies with their own "
                   "published bed-use figures)"),
    "studies": T("studies pooled", "", "text", "The studies a pooled row pools (study_id, separated by ;)"),
    "scheme": T("weighting", "", "text",
                help="weights of the pooled ratio: 'sample_size', 'equal' or 'fte_years' (the ratio of totals)"),
    "weights": T("weights", "people or FTE-years, by weighting", "text",
                 "Each pooled study's weight, study_id=weight separated by ;"),
    "n_above_one": T("studies with a ratio above 1", "studies", "count", "Pooled studies with a ratio above 1"),
    "n_positive_below_one": T("studies with a ratio above 0 and at most 1", "studies", "count",
                              "Pooled studies with a ratio above 0 and at most 1"),
    "n_zero": T("studies with a ratio of 0", "studies", "count",
                "Pooled studies with a ratio of exactly 0 (an assumed 'no difference')"),
    "n_below_zero": T("studies with a ratio below 0", "studies", "count",
                      "Pooled studies with a ratio below 0 (more bed use with peer support)"),
    "published_benefit_cost_ratio": T("the report's ratio", "ratio", "ratio",
                                      "The report's own pooled ratio (data/published.csv), beside ours; on the "
                                      "sample-size row only"),
    # Probabilistic analysis
    "mean": T("mean ratio", "ratio", "ratio", "Mean ratio over the probabilistic draws"),
    "median": T("median ratio", "ratio", "ratio", "Median ratio over the draws"),
    "interval_low": T("ratio, 2.5th percentile", "ratio", "ratio", "2.5th percentile of the ratio over the draws"),
    "interval_high": T("ratio, 97.5th percentile", "ratio", "ratio", "97.5th percentile of the ratio over the draws"),
    "probability_above_one": T("P(ratio > 1)", "fraction of draws", "share",
                               "Share of draws in which the ratio exceeds 1"),
    "probability_above_one_se": T("P(ratio > 1), Monte Carlo error", "fraction of draws", "share",
                                  "Monte Carlo standard error of probability_above_one: sqrt(p (1 - p) / draws)"),
    "base_percentile": T("base case's percentile", "fraction of draws", "share",
                         "Share of draws below the base-case ratio (0.5: the base case is the median)"),
    "n_draws": T("draws", "draws", "count", "Probabilistic draws",
                 help=f"probabilistic draws (whole number, {DRAWS_MINIMUM:,} to {DRAWS_MAXIMUM:,})"),
    "seed": T("seed", "whole number", "text",
              "Seed of the random number generator (the same seed gives the same draws)",
              help="seed of the random draws: the same seed gives the same draws"),
    # Value of information
    "value_gbp_per_fte_year": T("value of knowing", "£ per FTE-year", "gbp",
                                "Expected value of perfect information (evpi rows, and scenario rows under each "
                                "scenario) or of knowing one group of inputs or which option of a structural group "
                                "is true (evppi rows), for the decision to employ peer workers"),
    "value_gbp_population": T("value of knowing, nationally", "£ over the horizon", "gbp",
                              "value_gbp_per_fte_year for every FTE peer worker a national decision covers, over the "
                              "horizon, discounted (data/population.csv): value x FTE x discounted years"),
    "value_se_gbp_per_fte_year": T("value of knowing, Monte Carlo error", "£ per FTE-year", "gbp",
                                   "Monte Carlo standard error of an EVPI (value_gbp_per_fte_year): the standard "
                                   "deviation of the chosen option's loss over the draws / sqrt(draws)"),
    "population": T("population", "", "text",
                    "Who value_gbp_population covers: the measured workforce (a headcount x FTE a head), or the "
                    "workforce plan's target, a scenario (data/population.csv)"),
    "scenario_group": T("structural question", "", "text",
                        "The structural question a scenario row answers (data/scenarios.csv); its other option is the "
                        "base case"),
    "decision": T("decision judged on", "", "text",
                  "The ratio the decision is judged on (a study_id or pooled_<weighting>)"),
    "unit": T("unit", "", "text", "Unit of value_gbp_per_fte_year"),
    "inputs": T("inputs", "", "text", "The inputs of the group (parameter names, separated by ;)"),
    # The bed-day difference pooled first (written when at least two studies publish standard deviations)
    "delta_per_patient_year": T("bed-days saved, pooled", "bed-days per patient-year", "value",
                                "Bed-days saved per patient-year of support, pooled by inverse-variance "
                                "meta-analysis"),
    "delta_se": T("standard error", "bed-days per patient-year", "value",
                  "Standard error of the pooled bed-day difference"),
    "tau_squared": T("between-study variance τ²", "squared bed-days per patient-year", "value",
                     "Between-study variance of the bed-day difference (DerSimonian-Laird)"),
    "i_squared": T("variation beyond chance (I²)", "fraction", "share",
                   "Share of the variation between studies beyond chance (I²)"),
    "q": T("Cochran's Q", "", "value", "Cochran's Q statistic of heterogeneity"),
    # The Leeds crisis house
    "crisis_cost_per_visit_gbp": T("crisis-house cost of a visit", "£ per visit", "gbp",
                                   "Crisis-house cost of a visit, as claimed ('per day per person')",
                                   help="£ per crisis-house visit"),
    "inpatient_cost_per_day_gbp": T("inpatient cost of a day", "£ per inpatient day", "gbp",
                                    "Inpatient cost of a day, as claimed", help="£ per inpatient day"),
    "claimed_annual_saving_gbp": T("claimed saving", "£ a year", "gbp", "The claimed annual saving"),
    "visits_per_year": T("crisis-house visits", "visits a year", "count", "Crisis-house visits a year",
                         help="crisis-house visits a year"),
    "diversion_share": T("visits that replace inpatient care", "fraction of visits", "share",
                         "Share of visits that replace inpatient care",
                         help="fraction of crisis-house visits that replace inpatient care, 0 to 1"),
    "inpatient_days_per_visit": T("inpatient days one diverted visit replaces", "days", "value",
                                  "Inpatient days one diverted visit replaces",
                                  help="inpatient days one diverted visit replaces"),
    "saving_per_diverted_day_gbp": T("saving when a visit replaces an inpatient day", "£ per diverted day", "gbp",
                                     "Inpatient cost minus crisis-house cost, for a visit that replaces a day"),
    "implied_diverted_days": T("diverted days the claim implies", "days a year", "value",
                               "Diverted days the claim needs if each saves the difference in cost (the naive "
                               "reading)"),
    "break_even_diversion_share": T("break-even diversion share", "fraction of visits", "share",
                                    "Share of visits that must replace inpatient care for the service to save money"),
    "annual_saving_gbp": T("saving at the diversion share set", "£ a year", "gbp",
                           "Annual saving at the diversion share set (a loss when negative)"),
    "implied_diversion_share": T("diversion share the claim implies", "fraction of visits", "share",
                                 "Share of visits that must replace inpatient care for the claimed saving"),
    # Today's costs: each ratio re-costed (ids recost_components_<outcome> and recost_current_<outcome>)
    "recosting": T("re-costed by", "", "text",
                   "How the row's costs were brought up to date: components (each side by its own component of the "
                   "NHS cost inflation index, over the years that index covers, and by the HCHS index before them: "
                   "see price_index.csv and cost_indices.csv) or current (from today's pay point, on-costs and "
                   "bed-day cost)"),
    "base_benefit_cost_ratio": T("ratio at the base price year", "ratio", "ratio",
                                 "The same ratio at the base price year, before re-costing"),
    "base_price_year": T("base price year", "financial year", "text", "Price year of base_benefit_cost_ratio"),
    "bed_day_factor": T("bed-day cost factor", "times", "times",
                        "Re-costed bed-day cost over the base-year bed-day cost"),
    "worker_cost_factor": T("worker cost factor", "times", "times",
                            "Re-costed cost of a peer worker over the base-year cost"),
    "ratio_factor": T("ratio factor", "times", "times",
                      "bed_day_factor / worker_cost_factor: what re-costing does to every ratio"),
    # The business case (its parameters are also the command line's options: peerlib.analysis.business_case)
    "evidence": T("evidence", "a study id, a pooled id, or 'own'", "text",
                  "The study (study_id) or pooled ratio whose bed-days saved per person the business case uses",
                  help="evidence for the effect: a study id (e.g. sledge2011), a pooled id (e.g. "
                       "pooled_sample_size) or 'own' for your own figure"),
    "n_fte": T("peer workers", "FTE", "value", "Peer support workers employed",
               help="full-time-equivalent peer support workers employed"),
    "salary_gbp": T("salary", "£ a year", "gbp", "Salary of one FTE peer support worker",
                    help="£ a year for one FTE, instead of a band and point"),
    "cost_per_fte_gbp": T("cost of one worker", "£ a year", "gbp",
                          "Cost of one FTE worker with employer national insurance, pension and overheads"),
    "annual_cost_gbp": T("cost of the workers", "£ a year", "gbp", "Cost of all the workers"),
    "caveat": T("caveat", "", "text",
                "The evidence's own caveat, as data/studies.csv states it (column caveat), with the study's label"),
    "sessions_per_person": T("sessions per person", "sessions per person", "value",
                             "Sessions per person supported, where the evidence publishes its intensity (the staffing "
                             "basis intensity)"),
    "hours_per_session": T("hours per session", "hours per session", "value",
                           "A peer worker's hours per session with its preparation, where the evidence publishes its "
                           "intensity"),
    "people_per_fte_year": T("people one FTE supports", "people per FTE-year", "count",
                             "People one FTE supports in a year: caseload x 12 / support months, or, by the "
                             "evidence's published intensity, hours in an FTE-year / (sessions x hours per session)"),
    "people_supported_per_year": T("people supported", "people a year", "count",
                                   "People the workers support in a year: FTE x people_per_fte_year"),
    "bed_days_saved_per_person": T("bed-days saved per person", "bed-days per person", "value",
                                   "Inpatient bed-days avoided per person supported, from the evidence"),
    "bed_days_saved_per_year": T("bed-days saved", "bed-days a year", "count", "Inpatient bed-days avoided in a year"),
    "value_of_bed_days_gbp": T("value of bed-days saved", "£ a year", "gbp",
                               "Value of the bed-days avoided at the bed-day cost"),
    "net_benefit_gbp": T("net benefit", "£ a year", "gbp", "Value of bed-days avoided minus the cost of the workers"),
    "net_benefit_interval_low_gbp": T("net benefit, 2.5th percentile", "£ a year", "gbp",
                                      "2.5th percentile of the net benefit over the draws"),
    "net_benefit_interval_high_gbp": T("net benefit, 97.5th percentile", "£ a year", "gbp",
                                       "97.5th percentile of the net benefit over the draws"),
    "break_even_hours_per_person": T("break-even hours per person", "hours per person", "value",
                                     "Peer hours per person supported at which the ratio is exactly 1, where the "
                                     "staffing is the evidence's published intensity"),
    "break_even_bed_days_per_person": T("break-even bed-days per person", "bed-days per person", "value",
                                        "Bed-days avoided per person at which the ratio is exactly 1"),
    "break_even_bed_day_cost_gbp": T("break-even bed-day cost", "£ per bed-day", "gbp",
                                     "Bed-day cost at which the ratio is exactly 1"),
    "cash_releasing_share": T("bed-days saved that release cash", "fraction of bed-days saved", "share",
                              "Share of bed-days avoided that release cash (a ward or beds closed, not re-used)",
                              help="fraction of bed-days saved that release cash (paid placements avoided), 0 "
                                   "to 1; the rest frees capacity"),
    "cash_released_gbp": T("cash released", "£ a year", "gbp",
                           "Cash released: value of bed-days avoided x cash_releasing_share"),
    "net_cash_gbp": T("net cash", "£ a year", "gbp", "Cash released minus the cost of the workers"),
    "capacity_bed_days": T("bed-days freed for other patients", "bed-days a year", "count",
                           "Bed-days freed for other patients (those that do not release cash)"),
    "beds_freed": T("beds freed", "beds occupied all year", "one",
                    "capacity_bed_days as beds occupied all year (/ 365.25 days)"),
    # --- The business case's other parameters (options of the command line) ------------------------------------
    "pay_band": T("pay band", "Agenda for Change band, 3 or 4", "text",
                  help="Agenda for Change band of the posts, 3 or 4"),
    "pay_point": T("pay point", "'entry' or 'top'", "text",
                   help="point in the band: 'entry' (its first) or 'top'"),
    "pension_basis": T("pension basis", "'economic' or 'trust'", "text",
                       help="employer pension: 'economic' (the whole contribution) or 'trust' (the share a trust's "
                            "budget pays)"),
    "own_bed_days_saved_per_patient": T("your bed-days saved per person", "bed-days per person supported", "value",
                                        help="your own figure for the bed-days each person supported avoids"),
    "own_low": T("your figure, low end", "bed-days per person supported", "value",
                 help="low end of a 95 % range for your own figure, bed-days per person supported"),
    "own_high": T("your figure, high end", "bed-days per person supported", "value",
                  help="high end of a 95 % range for your own figure, bed-days per person supported"),
    # --- Other parameters of the notebooks -------------------------------------------------------------------
    "study_id": T("study", "", "text", help="a study_id of data/studies.csv"),
    "extra_studies": T("studies pooled on request", "", "text",
                       help="study ids to pool with the report's, comma-separated (e.g. 'core2018')"),
    "bed_day_item": T("today's bed-day cost from", "", "text",
                      help="the row of data/current_costs.csv giving today's bed-day cost"),
    "results_csv": T("file of results", "", "text", help="file to write the report's rows of results to"),
    # --- Shared parameters of the model (data/unit_costs.csv, data/staffing.csv) -------------------------------
    "fte_hours_per_year": T("working hours of one FTE", "hours a year", "count"),
    "effect_scale": T("effect, as a multiple of the reported figure", "times", "times"),
    "peer_worker_salary_gbp": T("peer worker's salary", "£ a year", "gbp",
                                help="£ a year for one FTE peer worker"),
    "employer_ni_rate": T("employer national insurance rate", "fraction of earnings above the threshold", "share",
                          help="employer national insurance, fraction of earnings above the threshold (0.15 for 15 %)"),
    "employer_ni_threshold_gbp": T("national insurance threshold", "£ a year", "gbp",
                                   help="£ a year above which employer national insurance is due"),
    "employer_pension_rate": T("employer pension rate", "fraction of salary", "share",
                               help="employer pension, fraction of salary (0.14 for 14 %)"),
    "employer_ni_rebate_rate": T("contracted-out national insurance rebate", "fraction of band earnings", "share"),
    "employer_ni_rebate_lower_gbp": T("rebate band: lower earnings limit", "£ a year", "gbp"),
    "employer_ni_rebate_upper_gbp": T("rebate band: upper accrual point", "£ a year", "gbp"),
    "overhead_rate": T("overheads", "fraction of salary and on-costs", "share",
                       help="overheads (management, premises, training), fraction of salary and on-costs (0.3 for "
                            "30 %)"),
    "employer_ni_gbp": T("employer national insurance", "£ a year", "gbp"),
    "employer_pension_gbp": T("employer pension", "£ a year", "gbp"),
    "overheads_gbp": T("overheads", "£ a year", "gbp"),
    # --- Study inputs (data/study_inputs.csv) ------------------------------------------------------------------
    "bed_days_peer": T("mean bed-days, peer arm", "bed-days per patient"),
    "bed_days_control": T("mean bed-days, comparison arm", "bed-days per patient"),
    "sd_bed_days_peer": T("SD of bed-days, peer arm", "bed-days per patient"),
    "sd_bed_days_control": T("SD of bed-days, comparison arm", "bed-days per patient"),
    "bed_days_saved_per_patient": T("bed-days saved", "bed-days per patient"),
    "bed_days_saved_total": T("bed-days saved, whole peer arm", "bed-days"),
    "admissions_peer": T("admissions, peer arm", "admissions per patient"),
    "admissions_control": T("admissions, comparison arm", "admissions per patient"),
    "length_of_stay_days": T("length of stay", "bed-days per admission"),
    "proportion_admitted_peer": T("admitted, peer arm", "fraction of patients", "share"),
    "proportion_admitted_control": T("admitted, comparison arm", "fraction of patients", "share"),
    "bed_days_per_admitted_patient": T("bed-days per admitted patient", "bed-days per admitted patient"),
    "odds_ratio": T("odds ratio of admission, peer vs comparison", "odds ratio", "ratio"),
    "admitted_peer": T("people admitted, peer arm", "people", "count"),
    "admitted_control": T("people admitted, comparison arm", "people", "count"),
    "sessions_per_patient": T("sessions per patient", "sessions per patient"),
    # Parts of a study's derived figure (data/study_inputs.csv, part_ rows), named for a reader
    "part_length_of_stay": T("length of an inpatient stay", "bed-days per admission"),
    "part_inpatient_share_of_readmissions": T("share of readmissions that were inpatient admissions", "proportion"),
    "part_share_three_or_more": T("share attending three sessions or more", "proportion"),
    "part_share_all_sessions": T("share attending every session", "proportion"),
    "part_sessions_offered": T("sessions offered", "sessions"),
    "part_sessions_if_fewer_than_three": T("sessions of those attending fewer than three", "sessions"),
    "part_sessions_if_three_to_nine": T("sessions of those attending three to nine", "sessions"),
    # --- The Leeds crisis house's other figures (data/crisis_house.csv) -----------------------------------------
    "visits_per_month_low": T("visits a month, fewest", "visits", "count"),
    "visits_per_month_high": T("visits a month, most", "visits", "count"),
    "nights_open_per_week": T("nights open a week", "nights"),
    "hours_open_per_night": T("hours open a night", "hours"),
    # --- Columns of the reports' own tables --------------------------------------------------------------------
    "weight_share": T("share of the weight", "fraction", "share"),
    "base": T("base-case ratio", "ratio", "ratio"),
    "change": T("change in the ratio from the full pool", "ratio", "ratio"),
    "threshold": T("value at which the ratio is 1", "", "text"),
    "parts_gbp": T("its single groups added up", "£ per FTE-year", "gbp",
                   "For a research group or a pair: the EVPPIs of the single groups it joins, added up (more than "
                   "the group's own value: the parts overlap; less: an interaction)"),
    "evppi_gbp_per_fte_year": T("value of knowing", "£ per FTE-year", "gbp"),
    "evppi_gbp_population": T("value of knowing, nationally", "£ over the horizon", "gbp"),
    "evpi_gbp_per_fte_year": T("value of perfect information", "£ per FTE-year", "gbp"),
    "evpi_gbp_population": T("value of perfect information, nationally", "£ over the horizon", "gbp"),
    "value": T("value"),
    "low": T("low"),
    "high": T("high"),
    "status": T("status", "", "text"),
    "distribution": T("distribution", "", "text"),
    "gbp_per_year": T("cost", "£ a year", "gbp"),
    "times_base": T("times the base value", "times", "times"),
    "ratio_low": T("ratio with the input low", "ratio", "ratio"),
    "ratio_high": T("ratio with the input high", "ratio", "ratio"),
    "parameters": T("what it covers", "", "text"),
    "country": T("country", "", "text"),
    "design": T("design", "", "text"),
    "what": T("figure", "", "text"),
}
del T
