"""What is worth finding out, in words: the unknown most worth learning, the decision under each scenario, where
Landers & Zhou's sample size would flip the verdict, and the national value of information rounded to its
Monte Carlo error."""

from __future__ import annotations

import math
from collections.abc import Mapping

from peerlib.analysis.scenarios import ScenarioAnalysis
from peerlib.analysis.voi import PAIR_JOIN, VOIResult, is_research
from peerlib.formatting import formatted, gbp_millions, gbp_text
from peerlib.inputs.population import Population


def gbp_to_error(amount: float, standard_error: float) -> str:
    """An amount rounded to what its Monte Carlo error supports: to the power of ten at or below twice the standard
    error, in millions from £1M ("£4.9M", not "£4,920,247"); to the pound when the error is unknown or below £1."""
    if not math.isfinite(standard_error) or standard_error <= 0:
        return gbp_text(amount)
    step = 10 ** math.floor(math.log10(2 * standard_error))
    rounded = round(amount / step) * step
    if abs(rounded) >= 1e6:
        decimals = max(0, 6 - int(math.log10(step)))
        return gbp_millions(rounded, decimals)
    return gbp_text(rounded)


def group_text(group: str) -> str:
    """A group of inputs as a reader says it: "staffing and effect: Landers & Zhou 2011" for a pair."""
    return group.replace(PAIR_JOIN, " and ")


def most_worth_knowing(value: VOIResult) -> list[str]:
    """Sentences naming the group most worth learning, and whether it is worth more than its parts (an interaction)."""
    if not value.decision_can_change:
        return ["No draw favours the other choice, so within the stated ranges no unknown would change this decision."]
    top = value.most_valuable
    worth = value.value_of(top)
    sentences = [f"Most worth knowing: {group_text(top)}, worth {gbp_text(worth)} of the "
                 f"{gbp_text(value.evpi_gbp)} per FTE-year that knowing everything would be worth."]
    parts = value.joint_groups.get(top, ())
    if len(parts) > 1:
        singles = ", and ".join(f"{p} {gbp_text(value.evppi_gbp[p])}" for p in parts)
        kind = "One piece of research would inform them together" if is_research(top) else "Learnt together"
        if value.interaction_gbp(top) > 0:
            sentences += [f"Its parts alone are worth less: {singles}.",
                          f"{kind}, they are worth {gbp_text(value.interaction_gbp(top))} more than the parts added "
                          "up. That is an interaction: what one means for the decision depends on the other."]
        else:
            sentences += [f"Each part alone is worth less: {singles}.",
                          "Together they are worth more than either, though less than the two added up, as each "
                          "tells part of what the other does."]
    return sentences


def scenario_sentences(structure: ScenarioAnalysis) -> list[str]:
    """The decision under every scenario, the value of learning which holds, and the EVPI over them all."""
    rows = structure.summary()
    sentences = [f"{r['label']}: {formatted(r['base'], 'ratio')} : 1 (mean {formatted(r['mean'], 'ratio')}), "
                 "P(ratio > 1) "
                 f"{formatted(r['probability_above_one'], 'share')}." for _, r in rows.iterrows()]
    structural = structure.structural_summary()
    top = structural["evppi_gbp_per_fte_year"].idxmax()
    best = structural.loc[top, "evppi_gbp_per_fte_year"]
    sentences.append(f"Learning which scenario holds is worth up to {gbp_text(best)}"
                     " per FTE-year (each option as likely as the other unless data/scenarios.csv says otherwise).")
    if structure.together is not None:
        t = structure.together
        sentences.append(f"Over all {t.combinations} combinations of the scenarios together, P(ratio > 1) is "
                         f"{formatted(t.probability_above_one, 'share')} and perfect information is worth "
                         f"{gbp_text(t.evpi_gbp)} per FTE-year.")
    return sentences


def flip_sentence(threshold: float, base: float, what: str, source: str, pool: str = "") -> str:
    """Where one input would flip the verdict: "The pooled ratio (ratio of totals) reaches 1 if ... fewer than 1,589
    people"; ``pool`` names the pooled ratio's weighting."""
    ratio = f"The pooled ratio ({pool})" if pool else "The pooled ratio"
    if not math.isfinite(threshold):
        return f"No value of {what} brings {ratio[0].lower() + ratio[1:]} to 1, the rest as they are."
    side = "fewer than" if threshold < base else "more than"
    return (f"{ratio} reaches 1 if {what} had {side} {threshold:,.0f} people, against the "
            f"{base:,.0f} assumed from {source}.")


def national_sentence(value: VOIResult, population: Population, labels: Mapping[str, str] | None = None) -> str:
    """The national value of perfect information, rounded to its Monte Carlo error, and whom it covers."""
    total = value.evpi_gbp * population.factor
    error = value.evpi_se_gbp * population.factor
    who = ("the workforce plan's target" if population.is_target else "the measured workforce")
    return (f"For {who} ({population.headcount:,.0f} peer workers at {population.fte_per_head:g} of an FTE each, "
            f"{population.peer_worker_fte:,.0f} FTE) over {population.horizon_years} years, perfect information is "
            f"worth about {gbp_to_error(total, error)} at {value.price_year} prices.")
