"""Where the suite reports each item of the CHEERS 2022 checklist, or why an item does not apply or was not done.

CHEERS 2022 (Consolidated Health Economic Evaluation Reporting Standards; Husereau D, Drummond M,
Augustovski F, et al., 2022, published in BMJ, Value in Health and other journals) has 28 items.
Each entry here names the item, paraphrases what it asks, and says where the reports answer it:
a page and one of its headings (``scripts/build_index.py`` turns them into links to the heading's
anchor, and a test checks that every target exists), or why it does not apply, is not reported or was not done.

Pages are named by report: ``six_studies``, ``todays_costs``, ``business_case``, ``sensitivity``,
``leeds_crisis_house``, ``study`` (every study report has the heading: the link goes to the first
pooled study's), and the pages ``build_index.py`` writes itself: ``index`` and ``results_guide``.
A heading of ``""`` links to the top of the page. In a note, ``{price_year}`` stands for the price
year of the pooled report and ``{latest_year}`` for that of the today's-prices report.
"""

from __future__ import annotations

from dataclasses import dataclass

REPORTED = "reported"
NOT_APPLICABLE = "not applicable"
NOT_REPORTED = "not reported"
NOT_DONE = "not done"  # the item applies, and the suite did not do it: the note says why
STATUSES = (REPORTED, NOT_APPLICABLE, NOT_REPORTED, NOT_DONE)


@dataclass(frozen=True)
class Where:
    """A place in the reports: a page and a heading on it ("" for the top of the page)."""

    page: str
    heading: str = ""


@dataclass(frozen=True)
class Item:
    number: int
    section: str
    topic: str
    asks: str  # what the item asks for, in our words
    status: str  # REPORTED, NOT_APPLICABLE, NOT_REPORTED or NOT_DONE
    note: str  # how the suite answers it, or why it does not apply or was not done
    where: tuple[Where, ...] = ()


STUDY_STEPS = Where("study", "From published figures to a ratio, step by step")
STUDY_UNKNOWNS = Where("study", "What we do not know")
STUDY_FIGURES = Where("study", "Its figures, and which of them are assumptions")
WHICH_STUDIES = Where("six_studies", "Which studies?")

ITEMS: tuple[Item, ...] = (
    Item(1, "Title and abstract", "Title",
         "Identify the study as an economic evaluation and name the interventions compared.", REPORTED,
         "The index and the pooled report are titled by the question they answer, whether peer support workers in "
         "mental health care are good value for money; each study report names what its study compared.",
         (Where("index"), Where("six_studies"))),
    Item(2, "Title and abstract", "Abstract",
         "A structured summary of the context, the key methods, the results and the alternative analyses.", REPORTED,
         "Each report opens with a summary: its headline figure, what it rests on and its main caveat. The index "
         "gathers the headlines.", (Where("index", "headline"), Where("six_studies"))),
    Item(3, "Introduction", "Background and objectives",
         "The context, the question and why it matters to decisions in policy or practice.", REPORTED,
         "The pooled report's introduction: the 2013 report, what is recomputed from published figures and why.",
         (Where("six_studies"),)),
    Item(4, "Methods", "Health economic analysis plan",
         "Whether an analysis plan was developed, and where it is available.", NOT_REPORTED,
         "No separate analysis plan was registered: the analysis re-runs the method of the 2013 report, set out step "
         "by step in every study report.", (STUDY_STEPS,)),
    Item(5, "Methods", "Study population",
         "The characteristics of the population studied.", REPORTED,
         "Each study report says whom its study enrolled; the pooled report sets the studies side by side.",
         (Where("study", "The study"), WHICH_STUDIES)),
    Item(6, "Methods", "Setting and location",
         "Context that may influence the findings.", REPORTED,
         "Each study's country, design and setting, and how the set fits what the report says of its studies.",
         (WHICH_STUDIES, Where("study", "The study"))),
    Item(7, "Methods", "Comparators",
         "The interventions or strategies compared, and why they were chosen.", REPORTED,
         "Peer workers added to a service (or in place of staff), against the same service without them, as each "
         "study compared them; why each study is among the pooled ones.", (Where("study", "The study"), WHICH_STUDIES)),
    Item(8, "Methods", "Perspective",
         "The perspective adopted, and why.", REPORTED,
         "That of the NHS as payer for inpatient beds and for the peer worker, as in the 2013 report: only bed-days "
         "and the cost of employing the worker count. The business case sets a commissioner's budget beside it: "
         "which bed-days saved release cash and which only free capacity.",
         (STUDY_UNKNOWNS, Where("business_case", "What a bed-day saved is worth to the budget"))),
    Item(9, "Methods", "Time horizon",
         "The time horizon, and why it is appropriate.", REPORTED,
         "Bed use over each study's follow-up, scaled to one FTE-year of peer work: every ratio is for one year of a "
         "worker's time. How reading one study's follow-up over a year moves the pooled figure is shown.",
         (STUDY_FIGURES, Where("six_studies", "The study that decides the pooled figure"))),
    Item(10, "Methods", "Discount rate",
         "The discount rates, and why they were chosen.", REPORTED,
         "The ratios need none: costs and bed-days saved are per FTE-year, so nothing falls in a later year. The "
         "national value of information sums a horizon of years, discounted at the rate in data/population.csv "
         "with its source.",
         (Where("sensitivity", "Value of information: which unknown is most worth finding out?"),)),
    Item(11, "Methods", "Selection of outcomes",
         "The outcomes used to measure benefits and harms.", REPORTED,
         "Psychiatric inpatient bed-days saved (or added), valued in £. Health outcomes such as symptoms or quality "
         "of life are not counted; the wider evidence on them is set beside the ratios.",
         (STUDY_UNKNOWNS, Where("six_studies", "The wider evidence"))),
    Item(12, "Methods", "Measurement of outcomes",
         "How the outcomes were measured.", REPORTED,
         "From each study's bed-use figures, in whatever form it reports them (mean bed-days per arm, a total "
         "saved, admissions, people admitted), each converted by one named function; each figure is marked "
         "published, imputed or from a secondary source.",
         (STUDY_STEPS, Where("results_guide", "data-study_inputs.csv"))),
    Item(13, "Methods", "Valuation of outcomes",
         "The population and methods used to value the outcomes.", REPORTED,
         "Bed-days are valued at the NHS Reference Costs mental health bed-day; health outcomes are not valued (no "
         "utilities or QALYs: the ratio counts bed use only).",
         (STUDY_STEPS, Where("results_guide", "data-unit_costs.csv"))),
    Item(14, "Methods", "Measurement and valuation of resources and costs",
         "How costs were valued.", REPORTED,
         "The cost of a peer worker from an Agenda for Change pay point, employer national insurance, pension and "
         "overheads; peer work from one shared caseload assumption, or a study's own sessions and hours (each marked "
         "published or assumed).",
         (STUDY_STEPS, Where("results_guide", "data-unit_costs.csv"), Where("results_guide", "data-staffing.csv"))),
    Item(15, "Methods", "Currency, price date, and conversion",
         "The dates of resource quantities and unit costs, the currency and the year of any conversion.", REPORTED,
         "Pounds sterling at England {price_year} prices; another year by a chained price index (rebasing, which "
         "changes no ratio); every ratio re-costed at today's costs, each side by its own index and from current "
         "unit costs, up to {latest_year}; the Leeds figures at their own assumed year.",
         (Where("todays_costs", "Rebasing: why no ratio moves"), Where("leeds_crisis_house", "Price years"),
                           Where("results_guide", "data-price_index.csv"))),
    Item(16, "Methods", "Rationale and description of model",
         "If a model is used, describe it and why; say whether it is publicly available.", REPORTED,
         "No decision model: the arithmetic of the 2013 report (bed-days saved per FTE-year, valued, over the cost "
         "of a worker), one vectorised function in the open peerlib package, used by every analysis.",
         (STUDY_STEPS,)),
    Item(17, "Methods", "Analytics and assumptions",
         "Methods for analysing or transforming data, extrapolation and validation.", REPORTED,
         "Every assumption with its reason, the conversions of each study's figures, and the weighting of the "
         "pooled ratio and its alternatives.",
         (Where("six_studies", "Every assumption behind these figures"), STUDY_FIGURES,
          Where("six_studies", "Does the choice of pool matter?"))),
    Item(18, "Methods", "Characterizing heterogeneity",
         "Methods for how results vary between subgroups.", REPORTED,
         "Each study's ratio separately, other weightings, leaving each study out, and a meta-analysis of the "
         "bed-day difference where studies publish its spread. No subgroups of patients: the studies report none.",
         (Where("six_studies", "Leave one out"), Where("six_studies", "Does the choice of pool matter?"),
          Where("sensitivity", "Pooling the bed-day difference first"))),
    Item(19, "Methods", "Characterizing distributional effects",
         "How impacts are distributed between people, or adjustments for priority populations.", NOT_DONE,
         "Not done. The item applies (who gains from peer support, and who bears its cost, matters to a "
         "commissioner), but the suite does not characterise it: the ratio counts bed costs only, the published "
         "figures it rests on give no results by group of patients, and no equity weights are applied."),
    Item(20, "Methods", "Characterizing uncertainty",
         "Methods to characterise the sources of uncertainty.", REPORTED,
         "Stated ranges and distributions for every input; one-way, threshold and two-way analysis; a probabilistic "
         "analysis; the value of information.",
         (Where("sensitivity", "The ranges, and where the base case sits"),
          Where("sensitivity", "One-way analysis: which inputs matter?"),
          Where("sensitivity", "Thresholds: where would each ratio cross 1?"),
          Where("sensitivity", "Two-way: caseload against the bed-day cost"))),
    Item(21, "Methods", "Approach to engagement with patients and others affected by the study",
         "How patients, the public or others affected were engaged in the design.", NOT_DONE,
         "Not done. The item applies to a re-analysis too, but no patients, peer workers, carers or commissioners "
         "were engaged in choosing the studies, the outcome (bed use only) or the assumptions (caseload, months "
         "of support); the suite rests on published figures alone."),
    Item(22, "Results", "Study parameters",
         "Every analytic input: values, ranges, references and distributions.", REPORTED,
         "Each study's inputs with their sources or reasons; the ranges and distributions of the probabilistic "
         "analysis; every data file described.",
         (STUDY_FIGURES, Where("sensitivity", "The ranges, and where the base case sits"),
          Where("results_guide", "data"))),
    Item(23, "Results", "Summary of main results",
         "Mean values of the main categories of costs and outcomes, summarised in the most appropriate measure.",
         REPORTED,
         "Each study's break-even caseload and benefit:cost ratio, the pooled ratios, and every figure in "
         "results.csv, each column described.",
         (Where("index", "headline"), Where("six_studies", "The ratios"), Where("results_guide", "columns"))),
    Item(24, "Results", "Effect of uncertainty",
         "How uncertainty about inputs and methodological assumptions affects the findings.", REPORTED,
         "The probability that each ratio exceeds 1, its acceptability against the caseload and the bed-day cost, "
         "and which unknown is most worth finding out.",
         (Where("sensitivity", "Probabilistic analysis"),
          Where("sensitivity", "Acceptability: the probability of paying for itself, against the unknowns"),
          Where("sensitivity", "Value of information: which unknown is most worth finding out?"))),
    Item(25, "Results", "Effect of engagement with patients and others affected by the study",
         "Any difference that engagement made to the approach or the findings.", NOT_DONE,
         "Not done: no engagement was done (item 21), so there is no effect of it to report."),
    Item(26, "Discussion", "Study findings, limitations, generalizability, and current knowledge",
         "The key findings, limitations, ethical or equity considerations, and how they could affect patients, "
         "policy or practice.", REPORTED,
         "Why ours differs from the report's figure, what each study leaves unknown, the Leeds claim read against "
         "its model, and the wider evidence.",
         (Where("six_studies", "Why ours differs from the report's figure"), STUDY_UNKNOWNS,
          Where("leeds_crisis_house", "A day, or an evening visit?"), Where("six_studies", "The wider evidence"))),
    Item(27, "Other relevant information", "Source of funding",
         "How the study was funded and the role of the funder.", NOT_REPORTED,
         "The project records no source of funding."),
    Item(28, "Other relevant information", "Conflicts of interest",
         "Conflicts of interest of the authors, as journal policy requires.", NOT_REPORTED,
         "The project records no declarations of interest."),
)
