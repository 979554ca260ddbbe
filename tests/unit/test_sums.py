"""Shown sums (peerlib.present.sums) redo on a calculator: each figure gets the digits its result needs."""

from __future__ import annotations

from peerlib.core.model import Model
from peerlib.formatting import formatted, gbp_text
from peerlib.present.study_text import calculation_steps
from peerlib.present.sums import Figure, shown_sum, sum_sentence
from tests.conftest import FROZEN_DATA


def one(value: float) -> str:
    return formatted(value, "one")


def test_a_factor_gets_the_digits_its_product_needs() -> None:
    # 632.6 bed-days over 218 patients is 2.9018 a patient: shown as 2.9, 2.9 x 218 = 632.2, not 632.6;
    # 2.90 x 218 = 632.2 too; 2.902 x 218 = 632.636, which shows as 632.6.
    per_patient = 632.6 / 218
    text = sum_sentence("{} x {}", [Figure(per_patient, "bed-days", 1), Figure(218, "patients", exact=True)],
                        lambda a, b: a * b, 632.6, lambda v: f"{one(v)} bed-days")
    assert text == "2.902 bed-days x 218 patients = 632.6 bed-days"


def test_money_gets_pence_only_where_the_result_needs_them() -> None:
    # 331.1 bed-days x £334 = £110,587.4: "331.1 x £334 = £110,587" needs no more digits ...
    assert shown_sum("{} x {}", [Figure(331.1, "bed-days", 1), Figure(334, money=True)], lambda a, b: a * b,
                     331.1 * 334, gbp_text) == ("331.1 bed-days x £334", "£110,587")
    # ... £709.8775 a bed-day, shown £710: 662.3 x £710 = £470,233, not the £470,149 of 662.2953 x £709.8775.
    # 662.295 x £709.878 = £470,149.3 does it.
    expression, result = shown_sum("{} x {}", [Figure(662.2953, "bed-days"), Figure(709.8775, money=True)],
                                   lambda a, b: a * b, 662.2953 * 709.8775, gbp_text)
    assert result == "£470,149" and "£710" not in expression
    number, price = expression.split(" bed-days x £")
    assert round(float(number) * float(price)) == 470_149


def test_where_no_digits_will_do_the_result_is_the_one_the_shown_figures_give() -> None:
    # 1.25 shown to one decimal, and never more (exact): "1.2"; 1.2 x 2 = 2.4, not 2.5. The sum still holds.
    assert shown_sum("{} x {}", [Figure(1.25, decimals=1, exact=True), Figure(2, exact=True)], lambda a, b: a * b,
                     2.5, one) == ("1.2 x 2", "2.4")


def test_a_negative_figure_has_the_minus_sign() -> None:
    assert Figure(-6.58, decimals=2).text() == "−6.58" and Figure(-1096390, money=True).text() == "−£1,096,390"


def test_core_s_steps_redo_on_a_calculator() -> None:
    model = Model.from_data(FROZEN_DATA, study_ids=["core2018"])
    steps = calculation_steps(model.base_case().study("core2018"), model.study("core2018"),
                              model.staffing.fte_hours_per_year)
    # 83/216 - 64/218 of the arms readmitted, x 32 days x 0.5 inpatient = 1.451 bed-days a patient (1.4509);
    # x 218 = 316.3 (1.451 x 218 = 316.318).
    assert steps.loc["bed-days saved, whole peer arm", ["calculation", "value"]].tolist() == [
        "1.451 bed-days x 218 patients", "316.3"]
    # 218 x 5.933 sessions x 2.5 hours / 1,693 hours = 1.90998, shown 1.91 (the FTE-year is 1,692.75 hours).
    assert steps.loc["peer work", ["calculation", "value"]].tolist() == [
        "218 patients x 5.933 sessions x 2.5 hours / 1,693 hours in an FTE-year", "1.91"]
    # 316.3 / 1.91 = 165.60; 165.574 x £334 = £55,301.7, shown £55,302 (165.6 x £334 would give £55,310).
    assert steps.loc["bed-days saved", "calculation"] == "316.3 bed-days / 1.91 FTE-years"
    assert steps.loc["value of bed-days saved", ["calculation", "value"]].tolist() == [
        "165.574 bed-days x £334", "£55,302"]
    # £55,302 / £20,774 = 2.662, shown 2.66.
    assert steps.loc["benefit : cost ratio", ["calculation", "value"]].tolist() == ["£55,302 / £20,774", "2.66"]
